"""The gate in front of real AWS: an environment variable and a typed cost, or nothing starts."""

from __future__ import annotations

from datetime import date

import pytest

from helpers.cloud.cost import CostEstimate
from helpers.cloud.errors import RealAwsRefused
from helpers.cloud.optin import guard, require_opt_in, require_real_aws
from helpers.cloud.session import AwsTarget

ESTIMATE = CostEstimate("3 x m5.xlarge in us-east-1", (("instances", 0.576), ("volumes", 0.0123)), 3.0,
                        date(2026, 11, 27))


def never_asked(prompt: str) -> str:
    raise AssertionError("the learner must not be asked before opting in")


def test_without_the_environment_variable_nothing_is_asked_and_nothing_starts():
    with pytest.raises(RealAwsRefused) as caught:
        require_real_aws("launch cluster mls", ESTIMATE, "flintrock destroy mls", environ={}, ask=never_asked)
    assert "export MLS_REAL_AWS=1" in caught.value.fix


def test_staging_needs_the_environment_variable_only():
    with pytest.raises(RealAwsRefused, match="would use real AWS"):
        require_opt_in("stage the job", environ={"MLS_REAL_AWS": "yes"})
    require_opt_in("stage the job", environ={"MLS_REAL_AWS": "1"})


@pytest.mark.parametrize("answer", ["yes", "y", "0.5", "$0.60", ""])
def test_an_answer_other_than_the_cost_is_a_no(answer: str):
    with pytest.raises(RealAwsRefused, match=r"does not confirm the estimated \$0\.59/hour"):
        require_real_aws("launch", ESTIMATE, "stop", environ={"MLS_REAL_AWS": "1"}, ask=lambda prompt: answer)


def test_no_terminal_is_a_no():
    def closed(prompt: str) -> str:
        raise EOFError

    with pytest.raises(RealAwsRefused):
        require_real_aws("launch", ESTIMATE, "stop", environ={"MLS_REAL_AWS": "1"}, ask=closed)


@pytest.mark.parametrize("answer", ["0.59", "$0.59", " 0.59 "])
def test_the_typed_cost_opens_the_gate_after_showing_the_cost_and_the_stop_command(answer: str):
    prompts = []
    require_real_aws("launch cluster mls", ESTIMATE, "flintrock destroy mls", environ={"MLS_REAL_AWS": "1"},
                     ask=lambda prompt: prompts.append(prompt) or answer)
    assert "$0.59/hour" in prompts[0] and "flintrock destroy mls" in prompts[0]
    assert prompts[0].endswith("Type the hourly cost (0.59) to go ahead: ")


def test_the_local_emulator_needs_no_opt_in():
    local = AwsTarget("us-east-1", "http://127.0.0.1:5000")
    guard(local, "start", ESTIMATE, "stop", environ={}, ask=never_asked)
    with pytest.raises(RealAwsRefused):
        guard(AwsTarget("us-east-1"), "start", ESTIMATE, "stop", environ={}, ask=never_asked)
    with pytest.raises(RealAwsRefused):  # an endpoint that is not this machine is real AWS for the gate
        guard(AwsTarget("us-east-1", "https://s3.example.com"), "start", ESTIMATE, "stop", environ={},
              ask=never_asked)
