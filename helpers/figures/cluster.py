"""Diagrams of a Spark cluster (notebook 07): who runs where, where data and code live, and the two ways in.

* :func:`cluster_diagram` — the driver, the master and the workers with their executors, drawn from
  the workers the master reports (their names, cores and memory), with where the data and the code are;
* :func:`paths_diagram` — the two ways to run on a remote cluster side by side: ``spark-submit`` on
  the master node (the driver runs there), and Spark Connect from the laptop through an SSH tunnel
  (the driver runs in the Connect server, the notebook holds a client).

Every box is a patch whose ``gid`` names it (``"driver"``, ``"master"``, ``"worker/worker-1"``,
``"executor/worker-1"``, ``"data"``, ...); its text carries the same ``gid`` plus ``":label"``; each
arrow is an annotation whose ``gid`` is ``"arrow/<from>-><to>"``. Colours follow
:mod:`helpers.figures.style`: the driver is Spark's orange, the cluster manager blue, executors green.

Example:
    >>> from types import SimpleNamespace as W
    >>> fig = cluster_diagram([W(name="worker-1", cores=2, memory_mb=1024),
    ...                        W(name="worker-2", cores=2, memory_mb=1024)])
    >>> sorted(p.get_gid() for p in fig.axes[0].patches)[:3]
    ['code', 'data', 'driver']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from helpers.figures.style import COLORS, ROLE_COLORS, new_figure

FONT_SIZE = 12
ROLE = {"driver": ROLE_COLORS["spark"], "manager": COLORS["blue"], "executor": COLORS["green"],
        "storage": COLORS["grey"], "client": COLORS["purple"], "tunnel": COLORS["vermillion"]}


class WorkerLike(Protocol):
    """What a diagram needs to know of a worker (a :class:`helpers.runtime.cluster_state.Worker` has it)."""

    name: str
    cores: int
    memory_mb: int


def _box(ax: Axes, gid: str, x: float, y: float, width: float, height: float, label: str, role: str,
         *, fill: float = 0.18, dashed: bool = False, size: int = FONT_SIZE, top: bool = False) -> None:
    """A rounded box at (x, y) (lower left) with a label in the middle (or at the top, for a container)."""
    color = ROLE[role]
    ax.add_patch(FancyBboxPatch((x, y), width, height, boxstyle="round,pad=0.02,rounding_size=0.12",
                                facecolor=to_rgba(color, fill), edgecolor=color, linewidth=2,
                                linestyle="--" if dashed else "-", gid=gid))
    ax.text(x + width / 2, y + (height - 0.22 if top else height / 2), label, ha="center",
            va="top" if top else "center", fontsize=size, gid=f"{gid}:label")


def _arrow(ax: Axes, source: str, target: str, start: tuple[float, float], end: tuple[float, float],
           label: str = "", *, role: str = "manager", both: bool = False,
           offset: tuple[float, float] = (0, 0.15), style: str = "-") -> None:
    """An arrow from ``start`` to ``end``, named ``arrow/source->target``, with a label at its middle."""
    ax.annotate("", xy=end, xytext=start, gid=f"arrow/{source}->{target}",
                arrowprops={"arrowstyle": "<|-|>" if both else "-|>", "color": ROLE[role], "lw": 2,
                            "linestyle": style, "shrinkA": 2, "shrinkB": 2})
    if label:
        middle = ((start[0] + end[0]) / 2 + offset[0], (start[1] + end[1]) / 2 + offset[1])
        ax.text(*middle, label, ha="center", va="bottom", fontsize=FONT_SIZE - 2, color=ROLE[role],
                gid=f"arrow/{source}->{target}:label")


def _canvas(title: str, width: float, height: float) -> tuple[Figure, Axes]:
    fig, ax = new_figure(title=title, figsize=(width, height))
    ax.set_xlim(0, width)
    ax.set_ylim(0, height - 0.5)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig, ax


def cluster_diagram(workers: Sequence[WorkerLike], *,
                    driver: str = "driver\n(spark-submit, or the\nConnect server)",
                    data: str = "data: HDFS on the cluster's disks\n(rehearsal: the local file system)",
                    code: str = "code: the job file + jobs.zip\n(--py-files), sent to every executor",
                    title: str = "A driver, a master and workers: the driver plans, executors work "
                                 "where the data is") -> Figure:
    """The cluster: driver, master, one box per worker with its executor, data and code.

    Args:
        workers: the workers, e.g. ``cluster.state().alive_workers``; each box shows name, cores, memory.
        driver, data, code: the labels of those boxes (what runs the driver, where data and code live).
        title: what the reader should see.
    """
    n = max(len(workers), 1)
    left = 6.4
    width = max(12.0, left + 3.4 * n)
    fig, ax = _canvas(title, width, 7.2)
    _box(ax, "driver", 0.3, 3.9, 3.6, 1.6, driver, "driver")
    _box(ax, "master", 0.3, 1.0, 3.6, 1.4, "master\n(cluster manager:\nhands out cores, memory)", "manager")
    _arrow(ax, "driver", "master", (2.1, 3.9), (2.1, 2.4), "asks for\nexecutors", offset=(0.9, -0.3))
    for i, worker in enumerate(workers):
        x = left + 3.4 * i
        _box(ax, f"worker/{worker.name}", x, 1.6, 3.0, 3.9,
             f"{worker.name}\n{worker.cores} cores, {worker.memory_mb} MiB", "manager", fill=0.06, top=True)
        _box(ax, f"executor/{worker.name}", x + 0.3, 2.0, 2.4, 1.6,
             "executor\n(a JVM: runs tasks,\nkeeps cached partitions)", "executor", size=FONT_SIZE - 2)
        _arrow(ax, "driver", f"executor/{worker.name}", (3.9, 4.7), (x + 1.5, 3.6), role="driver", both=True)
        _arrow(ax, "data", f"executor/{worker.name}", (x + 1.5, 1.05), (x + 1.5, 2.0), role="storage",
               style="--")
    if workers:
        last = left + 3.4 * (len(workers) - 1) + 3.0
        ax.text(5.15, 4.95, "tasks (code) out,\nresults back", ha="center", va="bottom",
                fontsize=FONT_SIZE - 2, color=ROLE["driver"], gid="arrow/driver->executors:label")
        _arrow(ax, "master", "workers", (3.9, 1.7), (left, 1.7), "starts\nexecutors", offset=(0, 0.05))
        _box(ax, "data", left, 0.1, last - left, 0.95, data, "storage", size=FONT_SIZE - 1)
        _box(ax, "code", left, 5.65, last - left, 0.75, code, "driver", fill=0.08, size=FONT_SIZE - 1)
    return fig


def paths_diagram(*, title: str = "Two ways to the cluster: where the driver runs, and what crosses "
                                  "the network") -> Figure:
    """spark-submit on the master node (above) and Spark Connect through an SSH tunnel (below)."""
    fig, ax = _canvas(title, 15.0, 9.3)
    rows = {"submit": (4.7, "spark-submit: the job runs on the master node, started over ssh"),
            "connect": (0.2, "Spark Connect: the notebook on your laptop drives a driver on the master node")}
    for key, (y, heading) in rows.items():
        ax.text(0.2, y + 3.65, heading, fontsize=FONT_SIZE + 1, fontweight="bold", gid=f"row/{key}:label")
        _box(ax, f"laptop/{key}", 0.2, y, 3.6, 3.4, "your laptop", "storage", fill=0.04, top=True)
        _box(ax, f"node/{key}", 5.2, y, 5.0, 3.4, "master node (EC2)", "manager", fill=0.04, top=True,
             dashed=True)
        _box(ax, f"workers/{key}", 11.4, y, 3.4, 3.4, "worker nodes", "manager", fill=0.04, top=True,
             dashed=True)
        _box(ax, f"executors/{key}", 11.8, y + 0.5, 2.6, 1.6, "executors", "executor")
        _box(ax, f"master/{key}", 5.5, y + 0.2, 1.9, 1.0, "master", "manager", size=FONT_SIZE - 1)
        _arrow(ax, f"master/{key}", f"executors/{key}", (7.4, y + 0.5), (11.8, y + 0.7), style="--")
        _arrow(ax, f"driver/{key}", f"executors/{key}", (9.9, y + 1.8), (11.8, y + 1.6), "tasks",
               role="driver", both=True)
    y = rows["submit"][0]
    _box(ax, "terminal", 0.5, y + 0.6, 3.0, 1.6, "terminal\n(ssh)", "client")
    _box(ax, "driver/submit", 7.7, y + 1.3, 2.2, 1.5, "spark-submit\n= the driver", "driver")
    _arrow(ax, "terminal", "driver/submit", (3.5, y + 2.05), (7.7, y + 2.05), "ssh: run spark-submit there",
           role="client")
    y = rows["connect"][0]
    _box(ax, "client", 0.5, y + 0.6, 3.0, 1.6, "notebook:\nConnect client\n(no driver)", "client")
    _box(ax, "driver/connect", 7.7, y + 1.3, 2.2, 1.5, "Connect server\n= the driver\n(port 15002)", "driver")
    _arrow(ax, "client", "driver/connect", (3.5, y + 2.05), (7.7, y + 2.05),
           "gRPC: DataFrame plans out, rows back,\nthrough ssh -N -L 15002:localhost:15002", role="tunnel")
    return fig


def labels(fig: Figure) -> dict[str, str]:
    """{gid: label} of every box and arrow label of a diagram (for tests and slides).

    >>> labels(paths_diagram())["driver/connect"].splitlines()[0]
    'Connect server'
    """
    return {text.get_gid().removesuffix(":label"): text.get_text()
            for text in fig.axes[0].texts if (text.get_gid() or "").endswith(":label")}
