"""flintrock 2.1.0's own source: the pinned wheel, the course's patch, and the commands it runs.

The course reads flintrock's real source instead of trusting notes about it: the wheel from PyPI,
verified by its SHA-256, unpacked where needed. :func:`remote_commands` lists every command
flintrock sends to a node (over SSH, in its helper scripts, in the shell templates the nodes
source), so ``helpers.cloud.flintrock_trace`` can hold the course's boot script and patch against
them. :func:`apply_patch` applies ``flintrock-2.1.0-al2023.patch`` idempotently; ``make flintrock``
uses it on ``.venv-flintrock`` only. Example::

    >>> wheel = fetch_wheel()                                  # doctest: +SKIP
    >>> source = extract(wheel, Path("/tmp/flintrock-src"))    # doctest: +SKIP
    >>> apply_patch(source.root)                               # doctest: +SKIP
    True
"""

from __future__ import annotations

import ast
import hashlib
import re
import subprocess
import sys
import textwrap
import zipfile
from dataclasses import dataclass
from pathlib import Path

from helpers.cloud.errors import FlintrockSourceError
from helpers.cloud.flintrock import FLINTROCK_VERSION, PATCH

WHEEL = f"Flintrock-{FLINTROCK_VERSION}-py3-none-any.whl"
WHEEL_SHA256 = "0e559e4ecc5b823068cf857ca7442374f8f310fe4f2b83f5e58140fbc6128903"  # as published on PyPI
CACHE = Path(__file__).resolve().parents[2] / ".cache" / "flintrock"
# The Python files whose SSH commands run on the nodes, the helper scripts flintrock uploads and
# runs there, and the shell templates the nodes source (the other templates are XML and host lists).
SSH_MODULES = ("flintrock/core.py", "flintrock/services.py")
NODE_SCRIPTS = ("flintrock/scripts/setup-ephemeral-storage.py", "flintrock/scripts/download-package.py")
SHELL_TEMPLATES = ("flintrock/templates/spark/conf/spark-env.sh",
                   "flintrock/templates/hadoop/conf/hadoop-env.sh")
RUN_COMMAND = "<the command given to flintrock run-command>"
_SUBPROCESS_CALLS = {"check_output", "check_call", "call", "run", "Popen"}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fetch_wheel(cache: Path = CACHE) -> Path:
    """The verified flintrock wheel in ``cache``, downloaded with pip from PyPI if not there yet."""
    wheel = cache / WHEEL
    if not wheel.exists():
        cache.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary", ":all:",
             "--dest", str(cache), f"flintrock=={FLINTROCK_VERSION}"],
            capture_output=True, text=True, check=False)
        if result.returncode or not wheel.exists():
            raise FlintrockSourceError(f"pip could not download flintrock {FLINTROCK_VERSION}: "
                                       f"{result.stderr.strip()[-500:]}",
                                       "check the connection to PyPI, then run `make flintrock-source` again")
    if _sha256(wheel) != WHEEL_SHA256:
        raise FlintrockSourceError(f"{wheel} is not the flintrock {FLINTROCK_VERSION} wheel published on "
                                   "PyPI (its SHA-256 differs)",
                                   f"delete {wheel} and run `make flintrock-source`")
    return wheel


@dataclass(frozen=True)
class FlintrockSource:
    """A folder that holds the ``flintrock`` package (an unpacked wheel, or site-packages)."""

    root: Path

    def read(self, relative: str) -> str:
        """The text of one file, e.g. ``read("flintrock/core.py")``."""
        return (self.root / relative).read_text()


def extract(wheel: Path, destination: Path) -> FlintrockSource:
    """Unpack the wheel's ``flintrock`` package into ``destination`` (no install, nothing run)."""
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(destination, [n for n in archive.namelist() if n.startswith("flintrock/")])
    return FlintrockSource(destination)


def installed_source(venv: Path) -> FlintrockSource:
    """The flintrock installed in ``venv`` (where ``make flintrock`` put it)."""
    found = sorted(venv.glob("lib/python3*/site-packages/flintrock/__init__.py"))
    if not found:
        raise FlintrockSourceError(f"no flintrock installed in {venv}", "run `make flintrock`")
    return FlintrockSource(found[0].parents[1])


def _hunks(patch: str) -> list[tuple[str, str, str]]:
    """(file, text before, text after) for each hunk of a unified diff (``b/`` paths, no fuzz)."""
    hunks: list[tuple[str, str, str]] = []
    lines, path, index = patch.splitlines(keepends=True), "", 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if line.startswith("+++ "):
            path = line[4:].split("\t")[0].strip().split("/", 1)[1]
        elif line.startswith("@@ "):
            counts = re.match(r"@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@", line)
            if not counts:
                raise FlintrockSourceError(f"cannot read the hunk header {line.strip()!r}",
                                           "regenerate the patch with diff -u")
            old_left, new_left = (int(n) if n is not None else 1 for n in counts.groups())
            before, after = [], []
            while old_left or new_left:
                body = lines[index]
                index += 1
                kind, text = body[:1], body[1:]
                if kind in (" ", "\n"):
                    before.append(text or "\n")
                    after.append(text or "\n")
                    old_left, new_left = old_left - 1, new_left - 1
                elif kind == "-":
                    before.append(text)
                    old_left -= 1
                elif kind == "+":
                    after.append(text)
                    new_left -= 1
            hunks.append((path, "".join(before), "".join(after)))
    return hunks


def apply_patch(root: Path, patch: Path = PATCH) -> bool:
    """Apply the course's patch under ``root`` (a folder holding ``flintrock/``) unless already applied.

    Returns True if it was applied now, False if it already was; raises
    :class:`FlintrockSourceError` if it applies neither way (another flintrock version). Pure Python,
    exact context only (no fuzz): the same on Linux and macOS, no ``patch`` program needed.
    """
    hunks = _hunks(patch.read_text())
    texts = {path: (root / path).read_text() for path, _, _ in hunks}
    if all(texts[path].count(after) == 1 and before not in texts[path] for path, before, after in hunks):
        return False
    for path, before, after in hunks:
        if texts[path].count(before) != 1:
            raise FlintrockSourceError(f"{patch.name} does not apply to {root / path}",
                                       f"install flintrock=={FLINTROCK_VERSION} exactly (`make flintrock`)")
        texts[path] = texts[path].replace(before, after)
    for path, text in texts.items():
        (root / path).write_text(text)
    return True


@dataclass(frozen=True)
class RemoteCommand:
    """One command flintrock runs on a node: where it is in the source, and its text."""

    where: str
    text: str

    @property
    def digest(self) -> str:
        """A short hash of the text with indentation and blank lines ignored."""
        lines = [line.strip() for line in textwrap.dedent(self.text).splitlines() if line.strip()]
        return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:12]


def _template(node: ast.expr) -> str | None:
    """The text of a string literal, or of the literal a ``"...".format(...)`` call fills in."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _template(node.func.value)
    return None


def _functions(tree: ast.Module) -> list[tuple[str, ast.AST]]:
    """Module functions and class methods with their qualified names, and the script's main block."""
    found: list[tuple[str, ast.AST]] = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            found.append((node.name, node))
        elif isinstance(node, ast.ClassDef):
            found += [(f"{node.name}.{f.name}", f) for f in node.body if isinstance(f, ast.FunctionDef)]
        elif isinstance(node, ast.If) and "__main__" in ast.unparse(node.test):
            found.append(("__main__", node))
    return found


def _resolve(name: str, function: ast.AST) -> list[str]:
    """The strings a variable passed as ``command`` can hold: a loop over a list of literals, or
    (for run-command) whatever the learner typed."""
    for node in ast.walk(function):
        if isinstance(node, ast.For) and isinstance(node.target, ast.Name) and node.target.id == name:
            for assign in ast.walk(function):
                if (isinstance(assign, ast.Assign) and isinstance(assign.value, ast.List)
                        and any(isinstance(t, ast.Name) and t.id == getattr(node.iter, "id", None)
                                for t in assign.targets)):
                    return [t for t in map(_template, assign.value.elts) if t is not None]
    return [RUN_COMMAND]


def _ssh_commands(relative: str, tree: ast.Module) -> list[RemoteCommand]:
    commands = []
    for qualname, function in _functions(tree):
        for call in ast.walk(function):
            if not (isinstance(call, ast.Call) and getattr(call.func, "id", None) == "ssh_check_output"):
                continue
            argument = next((k.value for k in call.keywords if k.arg == "command"), None)
            argument = argument if argument is not None else call.args[1]
            text = _template(argument)
            texts = [text] if text is not None else _resolve(getattr(argument, "id", ""), function)
            commands += [RemoteCommand(f"{relative}:{qualname}", t) for t in texts]
    return commands


def _script_commands(relative: str, tree: ast.Module) -> list[RemoteCommand]:
    commands = []
    for qualname, function in _functions(tree):
        for call in ast.walk(function):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                    and getattr(call.func.value, "id", None) == "subprocess"
                    and call.func.attr in _SUBPROCESS_CALLS and call.args):
                continue
            argument = call.args[0]
            if isinstance(argument, ast.List):
                text = " ".join(t if (t := _template(e)) is not None else "{}" for e in argument.elts)
            else:
                text = _template(argument) or "{}"
            commands.append(RemoteCommand(f"{relative}:{qualname}", text))
    return commands


def remote_commands(source: FlintrockSource) -> list[RemoteCommand]:
    """Every command flintrock runs on the nodes, in source order, read from ``source``."""
    commands = []
    for relative in SSH_MODULES:
        commands += _ssh_commands(relative, ast.parse(source.read(relative)))
    for relative in NODE_SCRIPTS:
        commands += _script_commands(relative, ast.parse(source.read(relative)))
    commands += [RemoteCommand(relative, source.read(relative)) for relative in SHELL_TEMPLATES]
    return commands
