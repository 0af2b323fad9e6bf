"""The deck's text that comes from the course itself: agenda, notebook pointers, code, commands, facts.

Each function returns Markdown for one ``<!-- mls:... -->`` directive of ``slides/deck.md``
(:mod:`helpers.course.slides` expands them), so the slides say what the course does today:

* :func:`agenda` and :func:`open_notebook` read the manifest;
* :func:`helpers_code` takes a function's source from ``helpers/`` (docstring left out), and
  :func:`notebook_code` the code cell of a notebook that holds a given line;
* :func:`cluster_commands` renders steps of :func:`helpers.cloud.commands.procedure` for an example
  plan, with the long repeated parts abbreviated as ``$PLAN`` and ``$FLINTROCK``;
* :func:`timings` tabulates :mod:`helpers.course.schedule`; :func:`facts` collects the versions and
  numbers that ``{{name}}`` placeholders stand for.

Example:
    >>> print(open_notebook(1).splitlines()[0])
    ## Hands-on · open notebook 01
"""

from __future__ import annotations

import ast
import importlib.metadata
import json
import re
import shlex
from functools import cache
from pathlib import Path

import numpy as np
from pyspark.mllib.clustering import KMeans

from helpers.cloud import commands as cloud_commands
from helpers.cloud import cost, emr, plan
from helpers.cloud.cli import JOB_DEFAULTS, build_parser
from helpers.cloud.flintrock import FLINTROCK_VERSION, ClusterFiles
from helpers.course.manifest import CHAPTERS, chapter
from helpers.course.schedule import DAY_HANDS_ON, FORMATS, PARTS, WORKSHOP_HANDS_ON, schedule
from helpers.jobs.letters import FEATURE_NAMES
from helpers.lessons.data import sample_data_path, to_arrays
from helpers.lessons.regression import parse_lpsa_row, sgd_trace
from helpers.runtime.paths import REPO_ROOT

EXAMPLE_PLAN = {"name": "mls", "region": "us-east-1", "instance_type": "m5.xlarge", "workers": 2,
                "key_name": "mls", "identity_file": "~/.ssh/mls.pem"}


class DeckSourceError(ValueError):
    """The deck's source asks for something the course does not have; the message says what to fix."""


def agenda() -> str:
    """The course's notebooks as a table, from the manifest (``<!-- mls:agenda -->``)."""
    rows = ["| # | Notebook | Minutes | What you do |", "|---|---|---:|---|"]
    for c in CHAPTERS:
        title = c.title if c.ready else f"{c.title} *(being written)*"
        rows.append(f"| {c.number:02d} | {title} | {c.minutes} | {c.summary} |")
    return "\n".join(rows)


def open_notebook(number: int) -> str:
    """The hands-on slide of notebook ``number``: which file to open, what it is about, how long.

    Raises:
        DeckSourceError: the manifest has no such notebook.
    """
    try:
        c = chapter(number)
    except KeyError as error:
        raise DeckSourceError(f"<!-- mls:open {number} -->: {error.args[0]}") from None
    lines = [f"## Hands-on · open notebook {c.number:02d}", "",
             f"### `notebooks/{c.file}`", "", f"**{c.label}** — {c.summary}.", ""]
    if c.ready:
        lines.append(f"About **{DAY_HANDS_ON.get(number, 0)} min** in the full day; "
                     f"**{WORKSHOP_HANDS_ON.get(number, 0)} min** in the 3-hour workshop; {c.minutes} min "
                     "for a learner alone. Exercises check themselves; worked solutions are in "
                     "`notebooks/solutions/`.")
    else:
        lines.append(f"This notebook is **being written**: until it is in `notebooks/`, the instructor "
                     f"presents its slides and the room moves on ({c.minutes} min planned).")
    return "\n".join(lines)


def helpers_code(spec: str) -> str:
    """The source of a top-level function or class, ``"helpers/jobs/forest.py:train_mllib"``, as a
    fenced block, without its docstring.

    >>> print(helpers_code("helpers/course/schedule.py:_clock"))
    ```python
    def _clock(minutes: int) -> str:
        return f"{minutes // 60:02d}:{minutes % 60:02d}"
    ```
    """
    file, _, name = spec.partition(":")
    path = REPO_ROOT / file
    if not path.is_file() or not name:
        raise DeckSourceError(f"<!-- mls:code {spec} -->: give an existing file and a name, "
                              "e.g. helpers/jobs/forest.py:train_mllib")
    source = path.read_text()
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and node.name == name:
            lines = source.splitlines()[node.lineno - 1 - len(node.decorator_list): node.end_lineno]
            doc = node.body[0]
            if isinstance(doc, ast.Expr) and isinstance(doc.value, ast.Constant) and isinstance(
                    doc.value.value, str):
                drop = range(doc.lineno - node.lineno, doc.end_lineno - node.lineno + 1)
                lines = [line for i, line in enumerate(lines) if i not in drop]
            return "```python\n" + "\n".join(lines) + "\n```"
    raise DeckSourceError(f"<!-- mls:code {spec} -->: {file} has no top-level function or class {name!r}")


def notebook_code(number: int, contains: str) -> str:
    """The first code cell of notebook ``number`` that has a line containing ``contains``, fenced.

    Raises:
        DeckSourceError: no cell holds that text (the notebook changed: update the deck's directive).
    """
    c = chapter(number)
    path = REPO_ROOT / "notebooks" / c.file
    if not path.is_file():
        raise DeckSourceError(f"<!-- mls:cell {number:02d} ... -->: notebooks/{c.file} does not exist yet")
    for cell in json.loads(path.read_text())["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and contains in source:
            return "```python\n" + source.rstrip() + "\n```"
    raise DeckSourceError(f"<!-- mls:cell {number:02d} {contains} -->: no code cell of notebooks/{c.file} "
                          "holds that text any more; point the directive at the cell's new text")


@cache
def _example() -> tuple[plan.ClusterPlan, plan.JobFiles, str, ClusterFiles]:
    """The example cluster the slides show: :data:`EXAMPLE_PLAN`, the CLI's default job and bucket."""
    example = plan.ClusterPlan(**EXAMPLE_PLAN)
    job = plan.JobFiles(main=JOB_DEFAULTS["job_main"], py_files=JOB_DEFAULTS["py_files"],
                        data=JOB_DEFAULTS["data"])
    bucket = build_parser().parse_args(["commands"]).bucket
    return example, job, bucket, ClusterFiles(Path("output") / "cloud" / example.name)


@cache
def _procedure() -> tuple[dict[str, cloud_commands.Step], dict[str, str]]:
    """The cloud procedure for the example cluster, by step name, and its abbreviations."""
    example, job, bucket, files = _example()
    steps = {s.name: s for s in cloud_commands.procedure(example, job, bucket, files)}
    abbreviations = {
        "$PLAN": shlex.join(cloud_commands.plan_arguments(example)),
        "$FLINTROCK": files.flintrock(),
        "~/": str(Path.home()) + "/",
    }
    return steps, abbreviations


def abbreviate(command: str) -> str:
    """``command`` with the example plan's options as ``$PLAN``, flintrock's call as ``$FLINTROCK``."""
    _, abbreviations = _procedure()
    for short, long in abbreviations.items():
        command = command.replace(long, short)
    return command


def expand_abbreviations(command: str) -> str:
    """The inverse of :func:`abbreviate` (what the shell does once ``PLAN`` and ``FLINTROCK`` are set)."""
    _, abbreviations = _procedure()
    for short, long in reversed(list(abbreviations.items())):
        command = command.replace(short, long)
    return command


def cluster_commands(names: list[str]) -> str:
    """The commands of the procedure's steps ``names``, as a shell block (``<!-- mls:commands ... -->``).

    Raises:
        DeckSourceError: a step name the procedure does not have.
    """
    steps, _ = _procedure()
    unknown = [n for n in names if n not in steps]
    if unknown:
        raise DeckSourceError(f"<!-- mls:commands {' '.join(names)} -->: no step {unknown}; "
                              f"the procedure's steps are {list(steps)}")
    lines = []
    for name in names:
        lines.append(f"# {name}")
        lines += [abbreviate(line) for line in steps[name].command.splitlines()]
    return "```bash\n" + "\n".join(lines) + "\n```"


def abbreviations_block() -> str:
    """The shell lines that define ``PLAN`` and ``FLINTROCK``, for the slide that introduces them."""
    _, abbreviations = _procedure()
    home = abbreviations["~/"]
    return ("```bash\n" + f"PLAN={shlex.quote(abbreviations['$PLAN'].replace(home, '~/'))}\n"
            + f"FLINTROCK={shlex.quote(abbreviations['$FLINTROCK'])}\n```")


def timings() -> str:
    """Both formats side by side, block by block, with clock times (``<!-- mls:timings -->``)."""
    plans = {fmt: schedule(fmt) for fmt in FORMATS}
    rows = [f"| | {' | '.join(FORMATS.values())} |", "|---|---|---|"]
    for part in PARTS:
        keys: list[tuple[str, str]] = []
        for fmt in FORMATS:
            keys += [(b.kind, b.label) for b in plans[fmt].of_part(part.key) if (b.kind, b.label) not in keys]
        for kind, label in keys:
            cells = []
            for fmt in FORMATS:
                match = [b for b in plans[fmt].of_part(part.key) if (b.kind, b.label) == (kind, label)]
                cells.append(f"{match[0].clock} ({match[0].minutes})" if match else "—")
            rows.append(f"| {label if kind != 'break' else f'*{label}*'} | {' | '.join(cells)} |")
    rows.append(f"| **total** | {' | '.join(f'**{p.total} min**, ends {p.end}' for p in plans.values())} |")
    return "\n".join(rows)


@cache
def facts() -> dict[str, str]:
    """Versions and numbers the deck's ``{{name}}`` placeholders stand for, read from the course's code."""
    example = plan.ClusterPlan(**EXAMPLE_PLAN)
    estimate = cost.cost_estimate(example, hours=cost.WORKSHOP_HOURS)
    return {
        "spark_version": importlib.metadata.version("pyspark"),
        "java_versions": " or ".join(str(v) for v in plan.JAVA_VERSIONS),
        "node_pythons": ", ".join(plan.AL2023_PYTHONS),
        "driver_python": plan.DRIVER_PYTHON,
        "hadoop_version": plan.HADOOP_VERSION,
        "flintrock_version": FLINTROCK_VERSION,
        "emr_release": emr.EMR_RELEASE,
        "emr_spark_version": emr.EMR_SPARK_VERSION,
        "example_cluster": f"{example.nodes} × {example.instance_type} in {example.region}",
        "cost_per_hour": f"${estimate.per_hour:.2f}",
        "cost_workshop": f"${estimate.total:.2f} for {estimate.hours:g} hours",
        "prices_recorded": str(estimate.recorded),
        "course_minutes": str(sum(c.minutes for c in CHAPTERS)),
        "features": ", ".join(FEATURE_NAMES),
        **lesson_facts(),
    }


def lesson_facts() -> dict[str, str]:
    """What the talk's MLlib calls do today, computed as notebooks 03 and 04 compute it (no JVM).

    The regression numbers come from :func:`helpers.lessons.regression.sgd_trace`, the numpy replica
    of Spark's SGD that notebook 03 checks against Spark; the k-means error from calling
    ``KMeans.train`` with the talk's ``runs`` argument, which fails before any data is touched.
    """
    points = [parse_lpsa_row(line) for line in
              sample_data_path("mllib/ridge-data/lpsa.data").read_text().splitlines() if line.strip()]
    features, labels = to_arrays(points)
    talk = sgd_trace(features, labels, step=1e-8, iterations=100)
    fixed = sgd_trace(features, labels, step=1.0, iterations=100, intercept=True)
    try:
        KMeans.train(None, 2, maxIterations=10, runs=10, initializationMode="random")
        runs_error = "(no error: runs is accepted again)"
    except TypeError as error:
        runs_error = f"TypeError: {error}"
    return {
        "talk_sgd_iterations": str(talk.iterations),
        "talk_sgd_mse": f"{talk.final_mse:.2f}",
        "mean_mse": f"{np.var(labels):.2f}",
        "fixed_sgd_mse": f"{fixed.final_mse:.2f}",
        "runs_error": runs_error,
    }


def emr_step() -> str:
    """The Spark step the course submits to EMR, as the command line EMR runs (``<!-- mls:emr -->``)."""
    example, job, bucket, _ = _example()
    request = emr.job_flow_request(example, bucket, job, run_id="RUN-ID")
    args, lines, i = emr.step_args(request), [], 0
    while i < len(args):  # an option and its value on one line
        pair = args[i].startswith("--") and i + 1 < len(args) and not args[i + 1].startswith("--")
        lines.append(shlex.join(args[i:i + 1 + pair]))
        i += 1 + pair
    return "```bash\n" + " \\\n    ".join(lines) + "\n```"


def fill_facts(text: str, known: dict[str, str]) -> str:
    """Replace each ``{{name}}`` in ``text`` by ``known[name]``.

    >>> fill_facts("Spark {{v}}", {"v": "4.3.0"})
    'Spark 4.3.0'

    Raises:
        DeckSourceError: a placeholder with no fact behind it.
    """
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in known:
            raise DeckSourceError(f"{{{{{name}}}}} in the deck has no value; known: {sorted(known)}")
        return known[name]

    return re.sub(r"\{\{\s*(\w+)\s*\}\}", value, text)


def note(text: str) -> str:
    r"""A speaker note: an HTML comment over several lines (Marp shows comments as presenter notes).

    >>> note("Say hello.")
    '<!--\nSay hello.\n-->'
    """
    return f"<!--\n{text}\n-->"
