"""helpers' layers: each part imports only what the package docstring allows, and no module grows too big.

The rules are stated once, in helpers/__init__.py; this test reads them from there and walks the
imports of every module (``import`` and ``from ... import`` statements, at any depth) with ``ast``.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

import helpers

PACKAGE = Path(helpers.__file__).parent
MAX_LINES = 400
RULE = re.compile(r"^    (\w+)\s+->\s+(.+?)\s{2,}", re.MULTILINE)


def allowed_imports() -> dict[str, set[str]]:
    """{part: the parts it may import}, from the table in helpers/__init__.py."""
    rules = {}
    for part, targets in RULE.findall(helpers.__doc__):
        rules[part] = ({p.strip() for p in targets.split(",")} if "above" not in targets
                       else set(rules) | {"*"})
    return rules


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, with relative imports resolved."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = path.relative_to(PACKAGE.parent).with_suffix("").parts[: -node.level]
                found.add(".".join([*base, *([node.module] if node.module else [])]))
            elif node.module:
                found.add(node.module)
    return found


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_the_docstring_states_a_rule_for_every_subpackage():
    parts = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert parts <= set(allowed_imports()), f"no rule for {parts - set(allowed_imports())}"
    assert allowed_imports()["jobs"] == {"(nothing else in helpers)"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_a_module_imports_only_the_layers_its_part_may_use(path):
    relative = path.relative_to(PACKAGE)
    if len(relative.parts) == 1:  # helpers/__init__.py imports nothing at all
        assert imported_modules(path) == set()
        return
    part = relative.parts[0]
    rules = allowed_imports()[part]
    for module in imported_modules(path):
        if module == "helpers" or module.startswith("helpers."):
            used = module.split(".")[1] if "." in module else "helpers"
            assert used == part or used in rules or "*" in rules, f"{relative} imports {module}"


@pytest.mark.parametrize("path", sorted((PACKAGE / "jobs").glob("*.py")), ids=lambda p: p.name)
def test_the_jobs_need_only_the_standard_library_pyspark_py4j_and_numpy(path):
    allowed = set(sys.stdlib_module_names) | {"__future__", "pyspark", "py4j", "numpy", "helpers"}
    for module in imported_modules(path):
        assert module.split(".")[0] in allowed, f"{path.name} imports {module}"


def test_notebooks_00_to_05_never_import_the_cloud_layer():
    for notebook in sorted((PACKAGE.parent / "notebooks").rglob("0[0-5]_*.ipynb")):
        assert "helpers.cloud" not in notebook.read_text(), notebook.name


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_is_over_400_lines(path):
    assert len(path.read_text().splitlines()) <= MAX_LINES
