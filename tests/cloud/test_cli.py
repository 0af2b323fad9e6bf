"""python -m helpers.cloud: the learner's commands, end to end against the local emulator."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from helpers.cloud.cli import build_parser, main, plan_from, say
from helpers.cloud.commands import plan_arguments
from helpers.cloud.moto import MotoServer
from helpers.cloud.plan import ClusterPlan
from helpers.cloud.session import AwsTarget


@pytest.fixture
def job_files(tmp_path: Path) -> list[str]:
    """A small job as the CLI stages it: main file, --py-files zip, data."""
    main_file = tmp_path / "classify_letters.py"
    main_file.write_text("print('PERCENTAGE CORRECTLY CLASSIFIED: 0.94')\n")
    with zipfile.ZipFile(tmp_path / "jobs.zip", "w") as archive:
        archive.writestr("helpers/__init__.py", "")
    data = tmp_path / "letter-recognition.data"
    data.write_text("T,2,8,3,5,1,8,13,0,6,6,10,8,0,8,0,8\n" * 100)
    return ["--job-main", str(main_file), "--py-files", str(tmp_path / "jobs.zip"), "--data", str(data)]


def test_the_plan_options_round_trip(plan: ClusterPlan):
    args = build_parser().parse_args([*plan_arguments(plan), "check"])
    assert plan_from(args) == plan


def test_a_command_without_the_cluster_options_says_which_are_missing(capsys):
    assert main(["--name", "mls", "cost"]) == 1
    assert "needs the cluster options --region, --instance-type, --workers" in capsys.readouterr().out


def test_cost_shows_the_destroy_command(plan: ClusterPlan, capsys):
    assert main([*plan_arguments(plan), "cost", "--hours", "2"]) == 0
    out = capsys.readouterr().out
    assert "$0.59/hour, $1.18 for 2 h" in out
    assert ("It costs money until you run: .venv-flintrock/bin/flintrock --config "
            "output/cloud/mls/flintrock.yaml destroy mls") in out


def test_rehearse_runs_every_local_step_against_its_own_emulator(plan, job_files, tmp_path, monkeypatch,
                                                                 capsys):
    monkeypatch.chdir(tmp_path)  # the emulator's log goes to ./logs
    out_dir = tmp_path / "cloud"
    assert main([*plan_arguments(plan), "rehearse", "--out", str(out_dir), *job_files]) == 0
    out = capsys.readouterr().out
    assert "nothing here reaches AWS" in out
    for line in ("ok    credentials", "ok    key pair", "ok    identity file", "ok    AMI (AL2023)"):
        assert line in out
    assert "spark-submit --deploy-mode cluster" in out
    assert "EMR step: NOT COMPLETED (moto never runs steps" in out
    assert "17. destroy:" in out
    assert sorted(p.name for p in out_dir.iterdir()) == ["boot.yaml", "bootstrap-python.sh", "flintrock.yaml",
                                                         "on_master.py"]
    assert list((tmp_path / "logs").glob("moto-server-*.log"))


def test_launch_refuses_the_emulator_and_real_aws_without_the_opt_in(plan, job_files, monkeypatch, capsys):
    assert main([*plan_arguments(plan), "--endpoint-url", "http://127.0.0.1:9", "launch"]) == 1
    assert "cannot launch against the local emulator" in capsys.readouterr().out
    monkeypatch.delenv("AWS_ENDPOINT_URL")
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")  # belt and braces: no call could leave anyway
    for command in (["launch"], ["stage", *job_files], ["emr", *job_files]):
        assert main([*plan_arguments(plan), *command]) == 1
        out = capsys.readouterr().out
        assert "real AWS is not switched on" in out and "export MLS_REAL_AWS=1" in out, command


def test_no_credential_reaches_any_output_file_or_log(plan, job_files, moto_server: MotoServer, tmp_path,
                                                     capsys, fake_credentials):
    """With a recognisable fake secret in the environment, run every command that talks to the emulator."""
    key_id, secret = fake_credentials
    moto_server.reset()
    AwsTarget("us-east-1", moto_server.endpoint_url).client("ec2").create_key_pair(KeyName="mls")
    out_dir = tmp_path / "cloud"
    common = [*plan_arguments(plan), "--endpoint-url", moto_server.endpoint_url]
    options = ["--out", str(out_dir), "--bucket", "mls-secret-test", *job_files]
    assert main([*common, "check"]) == 0
    assert main([*common, "cost"]) == 0
    assert main([*common, "config", *options]) == 0
    assert main([*common, "stage", *options, "--create-bucket"]) == 0
    assert main([*common, "emr", *options, "--timeout", "1"]) == 1  # moto: the step never completes
    assert main([*common, "commands", *options]) == 0
    captured = capsys.readouterr()
    texts = [captured.out, captured.err, moto_server.log_path.read_text()]
    texts += [p.read_text() for p in out_dir.rglob("*") if p.is_file()]
    assert "Terminating j-" in captured.out and "staged s3://mls-secret-test/" in captured.out
    for text in texts:
        assert secret not in text and key_id not in text


def test_say_masks_a_credential_that_would_otherwise_be_printed(capsys, fake_credentials):
    key_id, secret = fake_credentials
    say(f"the secret is {secret}, the key {key_id}")
    assert capsys.readouterr().out == "the secret is ***, the key ***\n"
