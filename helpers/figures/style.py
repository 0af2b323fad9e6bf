"""The course's one figure style: colours, sizes readable on a projector, and how figures are made.

Every plot and diagram in the notebooks and slides uses :data:`COLORS` for the same things
(partition 0 is always the same blue, the training set always the same green, ...) and starts from
:func:`new_figure`, which applies :data:`STYLE`.

Example:
    >>> fig, ax = new_figure(title="Training error falls with each iteration",
    ...                      xlabel="iteration", ylabel="mean squared error")
"""

from __future__ import annotations

from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

# One colour per role, used the same way across the course (colour-blind-safe Okabe-Ito palette).
COLORS: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "grey": "#7F7F7F",
    "black": "#000000",
}
# Partitions 0, 1, 2, ... of an RDD, in diagrams and plots.
PARTITION_COLORS: tuple[str, ...] = (
    COLORS["blue"], COLORS["orange"], COLORS["green"], COLORS["purple"],
    COLORS["sky"], COLORS["vermillion"], COLORS["yellow"], COLORS["grey"],
)
# Roles that recur across notebooks.
ROLE_COLORS: dict[str, str] = {
    "train": COLORS["green"],
    "test": COLORS["vermillion"],
    "spark": COLORS["orange"],  # Spark's results (MLlib, pyspark.ml)
    "reference": COLORS["blue"],  # a reference result: numpy, scikit-learn, the truth
    "highlight": COLORS["vermillion"],
    "muted": COLORS["grey"],
}

STYLE: dict[str, Any] = {
    "figure.figsize": (9, 5),
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "font.size": 13,
    "axes.titlesize": 15,
    "axes.titleweight": "bold",
    "axes.labelsize": 13,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "legend.frameon": False,
    "axes.prop_cycle": mpl.cycler(color=list(PARTITION_COLORS)),
}


def partition_color(index: int) -> str:
    """The colour of partition ``index`` (the palette repeats after 8 partitions).

    >>> partition_color(0)
    '#0072B2'
    """
    return PARTITION_COLORS[index % len(PARTITION_COLORS)]


def new_figure(
    title: str = "",
    xlabel: str = "",
    ylabel: str = "",
    *,
    ncols: int = 1,
    nrows: int = 1,
    figsize: tuple[float, float] | None = None,
) -> tuple[Figure, Any]:
    """A figure in the course style, with title and axis labels set.

    Args:
        title: what the reader should see (a sentence, not a variable name); with several axes
            it becomes the figure's title.
        xlabel, ylabel: axis labels with units; applied to every axes.
        ncols, nrows: for a grid of axes; then the second value returned is an array of axes.
        figsize: inches; default from :data:`STYLE`.

    Returns:
        ``(figure, axes)``.
    """
    with mpl.rc_context(STYLE):
        fig, axes = plt.subplots(nrows, ncols, figsize=figsize or STYLE["figure.figsize"],
                                 layout="constrained")
    for ax in axes.flat if hasattr(axes, "flat") else [axes]:
        _style_axes(ax, xlabel, ylabel)
    if title:
        if nrows * ncols == 1:
            axes.set_title(title, fontsize=STYLE["axes.titlesize"], fontweight=STYLE["axes.titleweight"])
        else:
            fig.suptitle(title, fontsize=STYLE["axes.titlesize"],
                         fontweight=STYLE["axes.titleweight"])
    return fig, axes


def _style_axes(ax: Axes, xlabel: str, ylabel: str) -> None:
    for key in ("top", "right"):
        ax.spines[key].set_visible(False)
    ax.grid(True, alpha=STYLE["grid.alpha"])
    ax.set_axisbelow(True)
    ax.set_prop_cycle(STYLE["axes.prop_cycle"])
    if xlabel:
        ax.set_xlabel(xlabel, fontsize=STYLE["axes.labelsize"])
    if ylabel:
        ax.set_ylabel(ylabel, fontsize=STYLE["axes.labelsize"])
