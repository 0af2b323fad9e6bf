"""helpers.figures.cluster: the cluster and the two paths to it, as named boxes and arrows."""

from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from helpers.figures.cluster import cluster_diagram, labels, paths_diagram


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def arrows(fig) -> set[str]:
    return {child.get_gid() for child in fig.axes[0].texts if (child.get_gid() or "").startswith("arrow/")
            and not child.get_gid().endswith(":label")}


def test_the_cluster_has_a_box_per_worker_with_its_cores_and_memory():
    workers = [SimpleNamespace(name=f"worker-{i}", cores=2, memory_mb=1024) for i in (1, 3, 4)]
    fig = cluster_diagram(workers, data="data: here")
    shown = labels(fig)
    assert [gid for gid in shown if gid.startswith("worker/")] == ["worker/worker-1", "worker/worker-3",
                                                                  "worker/worker-4"]
    assert shown["worker/worker-3"] == "worker-3\n2 cores, 1024 MiB"
    assert shown["data"] == "data: here" and "jobs.zip" in shown["code"]
    assert {"arrow/driver->master", "arrow/master->workers", "arrow/driver->executor/worker-4",
            "arrow/data->executor/worker-1"} <= arrows(fig)
    assert fig.axes[0].get_title().startswith("A driver, a master and workers")


def test_the_paths_show_where_the_driver_runs_and_the_tunnel():
    fig = paths_diagram()
    shown = labels(fig)
    assert shown["driver/submit"] == "spark-submit\n= the driver"
    assert shown["driver/connect"].startswith("Connect server\n= the driver")
    assert "(no driver)" in shown["client"]
    assert "ssh -N -L 15002:localhost:15002" in shown["arrow/client->driver/connect"]
    assert {"arrow/terminal->driver/submit", "arrow/driver/connect->executors/connect"} <= arrows(fig)
