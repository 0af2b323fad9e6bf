"""The course's tool stack as a diagram: AWS at the bottom, Spark and MLlib on top, who launches what.

:func:`stack_diagram` draws the tools of the talk's "Our Big Data ML Stack" slide as layers, each
resting on the one it runs on: EC2 machines and S3 storage (AWS), HDFS on the machines' disks, Spark
(the JVM engine), PySpark, MLlib, and the course's job on top. Beside the layers: flintrock, which
launches the machines and installs Spark and HDFS on them, and EMR, Amazon's managed alternative
that does the same. A note under the stack says what stands in for each lower layer on a laptop.
Every layer is a patch whose ``gid`` is its key in :data:`LAYERS` (labels carry ``"<key>:label"``).

Example:
    >>> fig = stack_diagram()
    >>> fig.axes[0].get_title()
    'The stack: each layer runs on the one below it'
    >>> sorted(patch.get_gid() for patch in fig.axes[0].patches)[:3]
    ['ec2', 'emr', 'flintrock']
"""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from helpers.figures.style import COLORS, new_figure


@dataclass(frozen=True)
class Layer:
    """One box of the stack: what it is, what it does, and where it sits (inches, from bottom left)."""

    name: str
    role: str
    x: float
    y: float
    width: float
    height: float
    color: str


ROW = 0.9  # height of one layer; the layers' gap is 0.15
LEFT, RIGHT = 2.3, 10.7  # the stack's columns lie between the two side tools
LAYERS: dict[str, Layer] = {
    "ec2": Layer("AWS EC2", "rented virtual machines: the cluster's nodes", LEFT, 0.0, 5.55, ROW,
                 COLORS["orange"]),
    "s3": Layer("AWS S3", "storage: data, code, results", LEFT + 5.7, 0.0, 2.7, ROW,
                COLORS["orange"]),
    "hdfs": Layer("HDFS", "one file system over the nodes' disks", LEFT, 1.05, 5.55, ROW, COLORS["green"]),
    "spark": Layer("Spark", "the engine (JVM): partitions, tasks, shuffles", LEFT, 2.1, 8.4, ROW,
                   COLORS["blue"]),
    "pyspark": Layer("PySpark", "Spark from Python: RDDs, DataFrames", LEFT, 3.15, 8.4, ROW, COLORS["sky"]),
    "mllib": Layer("MLlib", "machine learning on Spark: pyspark.ml, pyspark.mllib", LEFT, 4.2, 8.4, ROW,
                   COLORS["purple"]),
    "job": Layer("Your code", "classify_letters.py, a notebook", LEFT, 5.25, 8.4, ROW, COLORS["black"]),
    "flintrock": Layer("flintrock", "launches EC2 nodes,\ninstalls Spark\nand HDFS on them", 0.0, 0.0, 2.1,
                       3.0, COLORS["grey"]),
    "emr": Layer("AWS EMR", "the managed way:\nEC2 nodes with\nSpark and HDFS", RIGHT + 0.2, 0.0, 2.1, 3.0,
                 COLORS["vermillion"]),
}
LAPTOP_NOTE = ("On a laptop (notebooks 00–06): your own machine instead of EC2, its disk instead of HDFS "
               "and S3, Spark in local mode.")
NAME_SIZE = 15
ROLE_SIZE = 11.5


def stack_diagram(*, title: str = "The stack: each layer runs on the one below it",
                  laptop_note: bool = True) -> Figure:
    """The tools of the course as a stack of layers, with flintrock and EMR beside it.

    Args:
        title: what the reader should see.
        laptop_note: add the line that says what replaces the lower layers on a laptop.
    """
    width = RIGHT + 0.2 + LAYERS["emr"].width
    top = max(layer.y + layer.height for layer in LAYERS.values())
    bottom = -0.75 if laptop_note else -0.1
    fig, ax = new_figure(title, figsize=(width * 0.92, (top - bottom) * 0.92 + 0.7))
    ax.set_xlim(-0.05, width + 0.05)
    ax.set_ylim(bottom, top + 0.05)
    ax.set_axis_off()
    for key, layer in LAYERS.items():
        _layer(ax, key, layer)
    if laptop_note:
        ax.text(width / 2, -0.45, LAPTOP_NOTE, ha="center", va="center", fontsize=ROLE_SIZE,
                color=COLORS["grey"], style="italic", gid="laptop:label")
    return fig


def _layer(ax: Axes, key: str, layer: Layer) -> None:
    """One layer: a rounded box, its name in bold and its role beside or under it."""
    box = FancyBboxPatch((layer.x, layer.y), layer.width, layer.height,
                         boxstyle="round,pad=0,rounding_size=0.1", facecolor=to_rgba(layer.color, 0.16),
                         edgecolor=layer.color, linewidth=2, gid=key)
    ax.add_patch(box)
    cx, cy = layer.x + layer.width / 2, layer.y + layer.height / 2
    tall = layer.height > 1.5 * ROW
    ax.text(cx, cy + (0.7 if tall else 0.17), layer.name, ha="center", va="center", fontsize=NAME_SIZE,
            fontweight="bold", color=COLORS["black"], gid=f"{key}:label")
    ax.text(cx, cy - (0.25 if tall else 0.2), layer.role, ha="center", va="center", fontsize=ROLE_SIZE,
            color=COLORS["black"], linespacing=1.3)
