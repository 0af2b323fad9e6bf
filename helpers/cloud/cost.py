"""What a cluster costs, from the pinned, dated price table in ``prices.yaml``, shown before launch.

The estimate covers the instances (one master and the workers, on-demand) and, for flintrock, each
node's 30 GB gp2 root volume; EMR adds its per-instance charge. It is shown with the command that
stops the spending next to it. Example::

    >>> from helpers.cloud.plan import ClusterPlan
    >>> plan = ClusterPlan(name="mls", region="us-east-1", instance_type="m5.xlarge", workers=2,
    ...                    key_name="mls", identity_file="mls.pem", python="3.11")
    >>> estimate = cost_estimate(plan, hours=3)
    >>> f"{estimate.per_hour:.2f} {estimate.total:.2f}"
    '0.59 1.76'
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from helpers.cloud.errors import PriceUnknown
from helpers.cloud.plan import ClusterPlan

PRICES = Path(__file__).with_name("prices.yaml")
ROOT_VOLUME_GB = 30  # flintrock's default --ec2-min-root-ebs-size-gb (gp2)
HOURS_PER_MONTH = 730  # AWS's convention for turning monthly storage prices into hourly ones
WORKSHOP_HOURS = 3.0


@dataclass(frozen=True)
class InstancePrice:
    """One instance type in one region: size and hourly prices (``emr`` is None when not recorded)."""

    vcpus: int
    memory_gib: int
    ec2: float
    emr: float | None = None


@dataclass(frozen=True)
class CostEstimate:
    """An hourly and a total cost, with the line items and the date of the prices behind them."""

    description: str
    lines: tuple[tuple[str, float], ...]  # (what, USD per hour)
    hours: float
    recorded: date

    @property
    def per_hour(self) -> float:
        """USD per hour for the whole cluster."""
        return sum(rate for _, rate in self.lines)

    @property
    def total(self) -> float:
        """USD for ``hours`` hours (EC2 and EMR bill per second, with a one-minute minimum)."""
        return self.per_hour * max(self.hours, 1 / 60)

    def summary(self, stop_command: str) -> str:
        """The text shown before launch: line items, hourly and total cost, and how to stop paying."""
        rows = [f"Estimated cost of {self.description} (on-demand prices recorded {self.recorded}):"]
        rows += [f"  {what:<52} ${rate:.4f}/hour" for what, rate in self.lines]
        rows.append(f"  {'total':<52} ${self.per_hour:.2f}/hour, ${self.total:.2f} for {self.hours:g} h")
        rows.append(f"It costs money until you run: {stop_command}")
        return "\n".join(rows)


@cache
def _table(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text())


def recorded(path: Path = PRICES) -> date:
    """The date the price table was recorded."""
    return _table(path)["recorded"]


def instance_price(region: str, instance_type: str, path: Path = PRICES) -> InstancePrice:
    """The recorded price of ``instance_type`` in ``region``; :class:`PriceUnknown` if there is none.

    >>> instance_price("us-east-1", "m5.large").ec2
    0.096
    """
    table = _table(path)
    prices = table["regions"].get(region, {}).get("instances", {})
    if instance_type not in prices:
        priced = sorted(table["regions"].get(region, {}).get("instances", {}))
        raise PriceUnknown(
            f"the price table (recorded {table['recorded']}) has no price for {instance_type} in {region}",
            f"pick one of {', '.join(priced) or 'the listed types'} in {region}, or one of the regions "
            f"{', '.join(table['regions'])}; or add the price from "
            f"https://aws.amazon.com/ec2/pricing/on-demand/ to {path.name}")
    return InstancePrice(**prices[instance_type])


def cost_estimate(plan: ClusterPlan, hours: float = WORKSHOP_HOURS, path: Path = PRICES) -> CostEstimate:
    """The flintrock cluster's cost: on-demand instances plus their gp2 root volumes."""
    price = instance_price(plan.region, plan.instance_type, path)
    gb_month = _table(path)["regions"][plan.region]["ebs_gp2_gb_month"]
    storage = plan.nodes * ROOT_VOLUME_GB * gb_month / HOURS_PER_MONTH
    return CostEstimate(
        description=f"{plan.nodes} x {plan.instance_type} in {plan.region}",
        lines=((f"{plan.nodes} x {plan.instance_type} at ${price.ec2}/hour", plan.nodes * price.ec2),
               (f"{plan.nodes} x {ROOT_VOLUME_GB} GB gp2 at ${gb_month}/GB-month", storage)),
        hours=hours, recorded=recorded(path))


def emr_cost_estimate(plan: ClusterPlan, hours: float = 1.0, path: Path = PRICES) -> CostEstimate:
    """An EMR cluster of the same shape: EC2 plus EMR's per-instance charge (EBS not included)."""
    price = instance_price(plan.region, plan.instance_type, path)
    if price.emr is None:
        raise PriceUnknown(f"the price table has no EMR charge for {plan.instance_type} in {plan.region}",
                           "use us-east-1 or us-west-2, or add the rate from https://aws.amazon.com/emr/pricing/")
    return CostEstimate(
        description=f"EMR with {plan.nodes} x {plan.instance_type} in {plan.region}",
        lines=((f"{plan.nodes} x {plan.instance_type} EC2 at ${price.ec2}/hour", plan.nodes * price.ec2),
               (f"{plan.nodes} x EMR charge at ${price.emr}/hour", plan.nodes * price.emr)),
        hours=hours, recorded=recorded(path))
