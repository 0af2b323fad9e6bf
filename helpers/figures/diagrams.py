"""Diagrams of what Spark did to an RDD, drawn from the RDD itself (no more drawing by hand).

Each function reads the real partitions of the RDDs it is given (with ``glom()``, which returns one
list per partition) and returns a matplotlib :class:`~matplotlib.figure.Figure` in the course style
(:mod:`helpers.figures.style`: partition *i* is always drawn in ``partition_color(i)``):

* :func:`partition_diagram` — a collection (above) split into partitions (below);
* :func:`transformation_diagram` — an RDD before and after ``map`` or ``filter``, partition by partition;
* :func:`reduce_diagram` — ``reduce``: one partial result per partition, then the combine step;
* :func:`chain_diagram` — a whole chain, e.g. ``filter(even).map(double).reduce(add)``, stage by stage.

Instead of an RDD, every function also accepts its partitions as a list of lists (what
``rdd.glom().collect()`` returns), so diagrams can be drawn without Spark.

Every box is a patch whose ``gid`` names it (``"source"``, ``"stage0/2"`` for partition 2 of the
first stage, ``"partial/2"``, ``"result"``); its text carries the same ``gid`` plus ``":label"``.
Slides save the figures with ``fig.savefig(...)``.

Example:
    >>> numbers = sc.parallelize([1, 2, 3, 4, 5], 3)  # doctest: +SKIP
    >>> fig = partition_diagram(numbers)  # doctest: +SKIP
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch
from pyspark import RDD

from helpers.figures.style import COLORS, ROLE_COLORS, new_figure, partition_color

Partitions = list[list[Any]]
RDDLike = RDD | Sequence[Sequence[Any]]

BOX_HEIGHT = 0.6  # the drawing's units are about an inch, so text sizes and box sizes agree
ROW_HEIGHT = 1.0
COLUMN_GAP = 1.0  # room for the arrows between two columns
CHAR_WIDTH = 0.12  # width of one character at FONT_SIZE, in inches (a little generous)
FONT_SIZE = 13
MAX_ITEMS = 6  # longer partitions are shortened to their first items and a count
NOTHING = "nothing"  # the partial result of an empty partition: reduce has no zero value
COMBINE = "combine\non the driver"


def partitions_of(data: RDDLike) -> Partitions:
    """The partitions of ``data``: ``rdd.glom().collect()`` for an RDD (this runs a Spark job).

    >>> partitions_of([[1], [2, 3], (4, 5)])
    [[1], [2, 3], [4, 5]]
    """
    if isinstance(data, RDD):
        return data.glom().collect()
    return [list(partition) for partition in data]


def format_items(items: Sequence[Any], max_items: int = MAX_ITEMS) -> str:
    """A box label: the items as a Python list, shortened when there are more than ``max_items``.

    >>> format_items([1, 2])
    '[1, 2]'
    >>> format_items(range(1, 11))
    '[1, 2, 3, 4, 5, …] (10 items)'
    """
    items = list(items)
    if len(items) <= max_items:
        return repr(items)
    shown = ", ".join(repr(item) for item in items[: max_items - 1])
    return f"[{shown}, …] ({len(items)} items)"


def partition_diagram(data: RDDLike, source: Sequence[Any] | None = None, *, title: str = "") -> Figure:
    """The collection ``source`` (above) and the partitions Spark split it into (below).

    Args:
        data: the RDD, or its partitions as a list of lists.
        source: the collection the RDD was made from; default: its partitions, concatenated.
        title: default "Spark splits N elements into K partitions".

    Example:
        >>> fig = partition_diagram([[1], [2, 3], [4, 5]])
        >>> fig.axes[0].get_title()
        'Spark splits 5 elements into 3 partitions'
    """
    parts = partitions_of(data)
    source = list(source) if source is not None else [item for part in parts for item in part]
    labels = [format_items(part) for part in parts]
    width = max(_text_width(label) for label in [*labels, "partition 0"])
    row_width = len(parts) * width + (len(parts) - 1) * COLUMN_GAP / 2
    source_width = _text_width(format_items(source, max_items=2 * MAX_ITEMS))
    total_width = max(row_width, source_width)
    fig, ax = _canvas(title or f"Spark splits {len(source)} elements into {len(parts)} partitions",
                      total_width, 2.5)

    source_box = _box(ax, total_width / 2, 2.0, source_width, format_items(source, 2 * MAX_ITEMS),
                      COLORS["grey"], "source")
    left = (total_width - row_width) / 2
    for i, label in enumerate(labels):
        x = left + width / 2 + i * (width + COLUMN_GAP / 2)
        box = _box(ax, x, 0.7, width, label, partition_color(i), f"partition/{i}")
        _arrow(ax, source_box, box, vertical=True)
        ax.text(x, 0.7 - BOX_HEIGHT / 2 - 0.1, f"partition {i}", ha="center", va="top",
                fontsize=FONT_SIZE - 1, color=partition_color(i))
    return fig


def transformation_diagram(before: RDDLike, after: RDDLike, operation: str, *, title: str = "") -> Figure:
    """An RDD before (left) and after (right) a transformation such as ``map`` or ``filter``.

    Args:
        before, after: the two RDDs (or their partitions); ``after`` must have as many partitions.
        operation: what was done, shown above the right column, e.g. ``"map(double)"``.
        title: default "<operation> works on each partition on its own".

    Example:
        >>> fig = transformation_diagram([[1], [2, 3]], [[2], [4, 6]], "map(double)")
        >>> fig.axes[0].get_title()
        'map(double) works on each partition on its own'
    """
    return chain_diagram([("before", before), (operation, after)],
                         title=title or f"{operation} works on each partition on its own")


def reduce_diagram(data: RDDLike, func: Callable[[Any, Any], Any], operation: str = "reduce", *,
                   title: str = "") -> Figure:
    """``data.reduce(func)``: a partial result in each partition, then those combined into one value.

    Args:
        data: the RDD (or its partitions).
        func: the function given to ``reduce``.
        operation: its name in the diagram, e.g. ``"reduce(add)"``.
        title: default "<operation>: one partial result per partition, then one value".

    Example:
        >>> fig = reduce_diagram([[1], [2, 3], [4, 5]], lambda a, b: a + b, "reduce(add)")
        >>> fig.axes[0].get_title()
        'reduce(add): one partial result per partition, then one value'
    """
    return chain_diagram([("the RDD", data)], reduce=(operation, func),
                         title=title or f"{operation}: one partial result per partition, then one value")


def chain_diagram(
    stages: Sequence[tuple[str, RDDLike]],
    reduce: tuple[str, Callable[[Any, Any], Any]] | None = None,
    *,
    title: str = "",
) -> Figure:
    """A chain of transformations, one column per RDD, optionally ending with a ``reduce``.

    The reduce is computed the way PySpark's ``RDD.reduce`` does it: each non-empty partition is
    reduced to a partial result, then the partial results are combined in partition order on the
    driver; an empty partition gives no partial result at all.

    Args:
        stages: ``(label, rdd)`` pairs from first to last, e.g. ``[("1 to 5", numbers),
            ("filter(even)", evens), ("map(double)", doubled)]``; every RDD must have as many
            partitions as the first (``map`` and ``filter`` keep the partitioning).
        reduce: ``(label, func)`` to end with ``reduce(func)``, e.g. ``("reduce(add)", add)``.
        title: default: the labels joined by arrows, and the result.

    Raises:
        ValueError: no stages, or the stages do not all have the same number of partitions.

    Example:
        >>> fig = chain_diagram([("1 to 5", [[1, 2], [3], [4, 5]]),
        ...                      ("filter(even)", [[2], [], [4]])],
        ...                     reduce=("reduce(add)", lambda a, b: a + b))
        >>> fig.axes[0].get_title()
        '1 to 5 → filter(even) → reduce(add) = 6'
    """
    if not stages:
        raise ValueError("chain_diagram needs at least one (label, rdd) stage")
    columns = [(label, partitions_of(data)) for label, data in stages]
    counts = [len(parts) for _, parts in columns]
    if len(set(counts)) != 1:
        raise ValueError(
            f"every stage must have the same number of partitions, but they have {counts}: "
            "draw only narrow transformations (map, filter, flatMap), not repartition or a shuffle"
        )
    cells = [[format_items(part) for part in parts] for _, parts in columns]
    headers = [label for label, _ in columns]
    result = None
    if reduce is not None:
        name, func = reduce
        partials = [functools.reduce(func, part) if part else None for part in columns[-1][1]]
        values = [value for value in partials if value is not None]
        if not values:
            raise ValueError(f"{name} of an RDD with no elements has no result (Spark raises an error)")
        result = functools.reduce(func, values)
        cells.append([NOTHING if value is None else repr(value) for value in partials])
        headers.append(f"{name}\nin each partition")
    default_title = " → ".join(label for label, _ in stages)
    if reduce is not None:
        default_title += f" → {reduce[0]} = {result!r}"
    return _draw_columns(headers, cells, result, title or default_title)


def _draw_columns(headers: list[str], cells: list[list[str]], result: Any, title: str) -> Figure:
    """One row of boxes per step (one column per partition), arrows down each column, and the result.

    The steps run from top to bottom, each labelled on the left, so that partition *i* stays in its
    column and its colour from the first step to the last, and the figure stays narrow enough to read
    at a notebook's width however many steps the chain has.
    """
    n_partitions = len(cells[0])
    labels = [*headers, COMBINE] if result is not None else list(headers)
    label_width = max(_text_width(line) for label in labels for line in label.splitlines())
    width = max(_text_width(text) for column in cells for text in [*column, "partition 0"])
    gap = COLUMN_GAP / 2
    row_width = n_partitions * width + (n_partitions - 1) * gap
    result_width = _text_width(repr(result)) if result is not None else 0.0
    total_width = label_width + max(row_width, result_width)
    n_rows = len(cells) + (result is not None)
    total_height = n_rows * ROW_HEIGHT + 0.5
    fig, ax = _canvas(title, total_width, total_height)

    def row_y(row: int) -> float:
        return (n_rows - row - 0.5) * ROW_HEIGHT

    def label(row: int, text: str) -> None:
        ax.text(label_width - 0.2, row_y(row), text, ha="right", va="center", fontsize=FONT_SIZE - 1,
                fontweight="bold")

    columns_x = [label_width + width / 2 + i * (width + gap) for i in range(n_partitions)]
    for i, x in enumerate(columns_x):
        ax.text(x, n_rows * ROW_HEIGHT + 0.05, f"partition {i}", ha="center", va="bottom",
                fontsize=FONT_SIZE - 1, color=partition_color(i))
    previous: list[FancyBboxPatch | None] = []
    for row, (header, column) in enumerate(zip(headers, cells, strict=True)):
        label(row, header)
        is_partial = result is not None and row == len(cells) - 1
        boxes: list[FancyBboxPatch | None] = []
        for i, text in enumerate(column):
            gid = f"partial/{i}" if is_partial else f"stage{row}/{i}"
            empty = text == NOTHING
            box = _box(ax, columns_x[i], row_y(row), width, text,
                       COLORS["grey"] if empty else partition_color(i), gid, dashed=empty)
            if previous and previous[i] is not None:
                _arrow(ax, previous[i], box, vertical=True)
            boxes.append(None if empty else box)
        previous = boxes
    if result is not None:
        label(len(cells), COMBINE)
        centre = label_width + row_width / 2
        result_box = _box(ax, centre, row_y(len(cells)), max(result_width, width), repr(result),
                          COLORS["black"], "result")
        for box in previous:
            if box is not None:
                _arrow(ax, box, result_box, vertical=True)
    return fig


def _canvas(title: str, width: float, height: float) -> tuple[Figure, Axes]:
    """A figure whose data units are about an inch (plus margins), axes hidden, with a bold title."""
    fig, ax = new_figure(title, figsize=(width + 0.6, height + 0.8))
    ax.set_xlim(-0.1, width + 0.1)
    ax.set_ylim(-0.1, height)
    ax.set_axis_off()
    return fig, ax


def _text_width(text: str) -> float:
    """The width of a box that holds ``text`` at :data:`FONT_SIZE`, in inches."""
    return max(1.2, CHAR_WIDTH * len(text) + 0.4)


def _box(ax: Axes, x: float, y: float, width: float, text: str, color: str, gid: str, *,
         dashed: bool = False) -> FancyBboxPatch:
    """The one drawing primitive: a rounded box centred on (x, y), with ``text`` in it."""
    box = FancyBboxPatch((x - width / 2, y - BOX_HEIGHT / 2), width, BOX_HEIGHT,
                         boxstyle="round,pad=0,rounding_size=0.12", facecolor=to_rgba(color, 0.18),
                         edgecolor=color, linewidth=2, linestyle="--" if dashed else "-", gid=gid)
    ax.add_patch(box)
    ax.text(x, y, text, ha="center", va="center", fontsize=FONT_SIZE, gid=f"{gid}:label",
            color=ROLE_COLORS["muted"] if dashed else COLORS["black"])
    return box


def _arrow(ax: Axes, start: FancyBboxPatch, end: FancyBboxPatch, *, vertical: bool = False) -> None:
    """An arrow from the side of box ``start`` to the facing side of box ``end``."""
    def anchor(box: FancyBboxPatch, side: str) -> tuple[float, float]:
        x, y, w, h = box.get_x(), box.get_y(), box.get_width(), box.get_height()
        return {"right": (x + w, y + h / 2), "left": (x, y + h / 2),
                "bottom": (x + w / 2, y), "top": (x + w / 2, y + h)}[side]

    tail, head = (("bottom", "top") if vertical else ("right", "left"))
    ax.annotate("", xy=anchor(end, head), xytext=anchor(start, tail),
                arrowprops={"arrowstyle": "-|>", "color": ROLE_COLORS["muted"], "lw": 1.5,
                            "shrinkA": 3, "shrinkB": 3, "mutation_scale": 16})

