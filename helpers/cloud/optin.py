"""The gate in front of real AWS: nothing that costs money starts without two explicit yeses.

1. the environment variable ``MLS_REAL_AWS=1`` (set on purpose, in the learner's own shell), and
2. a typed confirmation of the estimated hourly cost, shown next to the command that stops it.

Rehearsals against the local emulator pass the gate without either: they cost nothing. Tests never
set the variable. Example (an answer that does not name the cost is a no)::

    >>> from datetime import date
    >>> from helpers.cloud.cost import CostEstimate
    >>> estimate = CostEstimate("3 x m5.xlarge", (("instances", 0.576),), 3.0, date(2026, 11, 27))
    >>> require_real_aws("launch", estimate, "flintrock destroy mls", environ={"MLS_REAL_AWS": "1"},
    ...                  ask=lambda prompt: "yes")
    Traceback (most recent call last):
    ...
    helpers.cloud.errors.RealAwsRefused: the answer 'yes' does not confirm the estimated $0.58/hour
      What to do: type the hourly cost as shown (0.58) to go ahead, anything else to stop
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping

from helpers.cloud.cost import CostEstimate
from helpers.cloud.errors import RealAwsRefused
from helpers.cloud.session import AwsTarget

OPT_IN_VARIABLE = "MLS_REAL_AWS"


def require_opt_in(action: str, environ: Mapping[str, str] = os.environ) -> None:
    """Return only if ``MLS_REAL_AWS=1``: enough for steps that create nothing billed by the hour
    (staging a few files in S3); steps that start instances also need :func:`require_real_aws`."""
    if environ.get(OPT_IN_VARIABLE) != "1":
        raise RealAwsRefused(
            f"'{action}' would use real AWS, and real AWS is not switched on",
            f"rehearse against the local emulator first; when you mean it, run `export {OPT_IN_VARIABLE}=1` "
            "in your own shell and try again")


def require_real_aws(action: str, estimate: CostEstimate, stop_command: str, *,
                     environ: Mapping[str, str] = os.environ,
                     ask: Callable[[str], str] = input) -> None:
    """Return only if the learner opted in and typed the estimated hourly cost; else raise.

    ``action`` names what would start ("launch the flintrock cluster"); the prompt shows the cost
    summary and ``stop_command``.
    """
    require_opt_in(action, environ)
    cost = f"{estimate.per_hour:.2f}"
    prompt = (f"{estimate.summary(stop_command)}\n"
              f"About to {action} on real AWS. Type the hourly cost ({cost}) to go ahead: ")
    try:
        answer = ask(prompt).strip()
    except EOFError:
        answer = ""
    if answer.lstrip("$") != cost:
        raise RealAwsRefused(f"the answer {answer!r} does not confirm the estimated ${cost}/hour",
                             f"type the hourly cost as shown ({cost}) to go ahead, anything else to stop")


def guard(aws: AwsTarget, action: str, estimate: CostEstimate, stop_command: str, *,
          environ: Mapping[str, str] = os.environ, ask: Callable[[str], str] = input) -> None:
    """:func:`require_real_aws` unless ``aws`` is the local emulator (a rehearsal costs nothing)."""
    if not aws.is_local:
        require_real_aws(action, estimate, stop_command, environ=environ, ask=ask)
