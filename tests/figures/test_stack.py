"""helpers.figures.stack: the tool stack, each layer resting on the one it runs on."""

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from helpers.figures.stack import LAYERS, stack_diagram


@pytest.fixture
def figure():
    fig = stack_diagram()
    yield fig
    plt.close(fig)


def boxes(fig):
    """{gid: (x0, y0, x1, y1)} of every layer drawn."""
    return {p.get_gid(): (p.get_x(), p.get_y(), p.get_x() + p.get_width(), p.get_y() + p.get_height())
            for p in fig.axes[0].patches}


def test_every_tool_of_the_course_is_drawn_and_named(figure):
    assert set(boxes(figure)) == set(LAYERS)
    names = {t.get_gid().removesuffix(":label"): t.get_text() for t in figure.axes[0].texts if t.get_gid()}
    for tool in ("AWS EC2", "AWS S3", "AWS EMR", "HDFS", "Spark", "PySpark", "MLlib", "flintrock"):
        assert tool in names.values()


def test_each_layer_sits_above_the_one_it_runs_on(figure):
    drawn = boxes(figure)
    order = ["ec2", "hdfs", "spark", "pyspark", "mllib", "job"]
    for lower, upper in itertools.pairwise(order):
        assert drawn[upper][1] >= drawn[lower][3], f"{upper} should rest above {lower}"


def test_no_two_boxes_overlap(figure):
    drawn = list(boxes(figure).items())
    for i, (a, (ax0, ay0, ax1, ay1)) in enumerate(drawn):
        for b, (bx0, by0, bx1, by1) in drawn[i + 1:]:
            assert ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0, f"{a} overlaps {b}"


def test_flintrock_and_emr_stand_beside_the_layers_they_provide(figure):
    drawn = boxes(figure)
    assert drawn["flintrock"][2] <= drawn["ec2"][0] and drawn["emr"][0] >= drawn["spark"][2]
    for side in ("flintrock", "emr"):  # they reach from the machines up to Spark
        assert drawn[side][1] <= drawn["ec2"][1] and drawn[side][3] >= drawn["spark"][1]


def test_the_laptop_note_can_be_left_out():
    fig = stack_diagram(laptop_note=False, title="Tools")
    assert fig.axes[0].get_title() == "Tools"
    assert not [t for t in fig.axes[0].texts if t.get_gid() == "laptop:label"]
    plt.close(fig)
