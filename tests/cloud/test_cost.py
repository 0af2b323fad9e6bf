"""Cost estimates from the pinned, dated price table."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from helpers.cloud.cost import PRICES, cost_estimate, emr_cost_estimate, instance_price, recorded
from helpers.cloud.errors import PriceUnknown
from helpers.cloud.plan import ClusterPlan
from helpers.cloud.session import AwsTarget


def test_a_three_node_m5_xlarge_cluster_for_a_workshop(plan: ClusterPlan):
    estimate = cost_estimate(plan, hours=3)
    assert estimate.lines[0] == ("3 x m5.xlarge at $0.192/hour", pytest.approx(0.576))
    assert estimate.lines[1][1] == pytest.approx(3 * 30 * 0.10 / 730)  # gp2 root volumes
    assert estimate.per_hour == pytest.approx(0.5883, abs=1e-4)
    assert estimate.total == pytest.approx(3 * estimate.per_hour)


def test_the_summary_shows_the_date_the_total_and_the_command_that_stops_the_cost(plan: ClusterPlan):
    summary = cost_estimate(plan, hours=3).summary("flintrock destroy mls")
    assert "on-demand prices recorded 2026-11-27" in summary
    assert "$0.59/hour, $1.76 for 3 h" in summary
    assert summary.endswith("It costs money until you run: flintrock destroy mls")


def test_emr_adds_its_charge_per_instance(plan: ClusterPlan):
    estimate = emr_cost_estimate(plan, hours=1)
    assert estimate.per_hour == pytest.approx(3 * (0.192 + 0.048))


def test_a_type_or_region_without_a_price_says_which_ones_have_one(identity_file):
    with pytest.raises(PriceUnknown) as caught:
        instance_price("eu-west-1", "m7i.large")
    assert "m6i.large" in caught.value.fix and "us-east-1" in caught.value.fix
    plan = ClusterPlan("mls", "eu-west-1", "m5.large", 1, "mls", identity_file, python="3.11")
    assert cost_estimate(plan).per_hour > 0
    with pytest.raises(PriceUnknown, match="no EMR charge"):
        emr_cost_estimate(plan)


def test_the_table_is_dated_and_its_sizes_agree_with_ec2s_own_description(aws: AwsTarget):
    table = yaml.safe_load(PRICES.read_text())
    assert recorded() == table["recorded"] == date(2026, 11, 27)
    ec2 = aws.client("ec2")
    for region, prices in table["regions"].items():
        assert prices["ebs_gp2_gb_month"] > 0
        described = {t["InstanceType"]: t for t in ec2.describe_instance_types(
            InstanceTypes=list(prices["instances"]))["InstanceTypes"]}
        for name, price in prices["instances"].items():
            assert described[name]["VCpuInfo"]["DefaultVCpus"] == price["vcpus"], (region, name)
            assert described[name]["MemoryInfo"]["SizeInMiB"] == price["memory_gib"] * 1024, (region, name)
            assert 0.05 < price["ec2"] < 1.0 and (price.get("emr") is None or price["emr"] < price["ec2"])
