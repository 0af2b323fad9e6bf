"""helpers.diagrams: diagrams drawn from the real partitions of RDDs."""

from operator import add

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_hex

from helpers.figures.diagrams import (
    NOTHING,
    chain_diagram,
    format_items,
    partition_diagram,
    partitions_of,
    reduce_diagram,
    transformation_diagram,
)
from helpers.figures.style import partition_color


def boxes(fig):
    """{gid: label} of every box in the figure, in drawing order; checks each label has its box."""
    ax = fig.axes[0]
    labels = {text.get_gid().removesuffix(":label"): text.get_text()
              for text in ax.texts if (text.get_gid() or "").endswith(":label")}
    assert [patch.get_gid() for patch in ax.patches] == list(labels)
    return labels


@pytest.fixture
def sc(spark):
    return spark.sparkContext


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_partition_diagram_has_one_box_per_real_partition(sc):
    fig = partition_diagram(sc.parallelize([1, 2, 3, 4, 5], 3))
    assert boxes(fig) == {"source": "[1, 2, 3, 4, 5]", "partition/0": "[1]",
                          "partition/1": "[2, 3]", "partition/2": "[4, 5]"}
    assert fig.axes[0].get_title() == "Spark splits 5 elements into 3 partitions"


def test_partition_diagram_shows_empty_partitions(sc):
    labels = boxes(partition_diagram(sc.parallelize([1, 2, 3, 4, 5], 6)))
    assert [labels[f"partition/{i}"] for i in range(6)] == ["[]", "[1]", "[2]", "[3]", "[4]", "[5]"]


def test_partition_boxes_have_their_partition_colour():
    fig = partition_diagram([[1], [2, 3], [4, 5]])
    edges = {patch.get_gid(): to_hex(patch.get_edgecolor()) for patch in fig.axes[0].patches}
    assert [edges[f"partition/{i}"] for i in range(3)] == [partition_color(i).lower() for i in range(3)]


def test_transformation_diagram_shows_each_partition_before_and_after_map(sc):
    numbers = sc.parallelize([1, 2, 3, 4, 5], 3)
    fig = transformation_diagram(numbers, numbers.map(lambda x: x * 2), "map(double)")
    labels = boxes(fig)
    assert [labels[f"stage0/{i}"] for i in range(3)] == ["[1]", "[2, 3]", "[4, 5]"]
    assert [labels[f"stage1/{i}"] for i in range(3)] == ["[2]", "[4, 6]", "[8, 10]"]
    assert fig.axes[0].get_title() == "map(double) works on each partition on its own"


def test_reduce_diagram_shows_partial_results_and_the_value_spark_computes(sc):
    numbers = sc.parallelize([1, 2, 3, 4, 5], 3)
    labels = boxes(reduce_diagram(numbers, add, "reduce(add)"))
    assert [labels[f"partial/{i}"] for i in range(3)] == ["1", "5", "9"]
    assert labels["result"] == repr(numbers.reduce(add)) == "15"


def test_an_empty_partition_has_no_partial_result():
    labels = boxes(reduce_diagram([[1, 2], [], [4]], add))
    assert [labels[f"partial/{i}"] for i in range(3)] == ["3", NOTHING, "4"]
    assert labels["result"] == "7"


def test_reduce_combines_partials_in_partition_order_like_spark(sc):
    numbers = sc.parallelize([1, 2, 3, 4, 5], 3)
    labels = boxes(reduce_diagram(numbers, lambda a, b: a - b))
    assert labels["result"] == repr(numbers.reduce(lambda a, b: a - b)) == "3"


def test_chain_diagram_traces_the_talks_example_to_12(sc):
    numbers = sc.parallelize([[1, 2], [3], [4, 5]], 3).flatMap(lambda group: group)
    evens = numbers.filter(lambda x: x % 2 == 0)
    doubled = evens.map(lambda x: x * 2)
    fig = chain_diagram([("1 to 5", numbers), ("filter(even)", evens), ("map(double)", doubled)],
                        reduce=("reduce(add)", add))
    labels = boxes(fig)
    rows = [[labels[f"stage{s}/{i}"] for s in range(3)] + [labels[f"partial/{i}"]] for i in range(3)]
    assert rows == [["[1, 2]", "[2]", "[4]", "4"],
                    ["[3]", "[]", "[]", NOTHING],
                    ["[4, 5]", "[4]", "[8]", "8"]]
    assert labels["result"] == "12"
    assert fig.axes[0].get_title() == "1 to 5 → filter(even) → map(double) → reduce(add) = 12"


def test_chain_diagram_refuses_stages_with_different_partition_counts(sc):
    numbers = sc.parallelize(range(6), 2)
    with pytest.raises(ValueError, match=r"same number of partitions, but they have \[2, 3\]"):
        chain_diagram([("numbers", numbers), ("repartition(3)", numbers.repartition(3))])


def test_reduce_of_nothing_is_an_error_as_in_spark():
    with pytest.raises(ValueError, match="no elements"):
        reduce_diagram([[], []], add, "reduce(add)")


@pytest.mark.parametrize("draw", [
    lambda: partition_diagram([[1], [2, 3], [4, 5]]),
    lambda: transformation_diagram([[1], [2, 3]], [[], [2]], "filter(even)"),
    lambda: reduce_diagram([[1], [2, 3]], add, "reduce(add)"),
    lambda: chain_diagram([("a", [[1, 2]]), ("map(double)", [[2, 4]])], reduce=("reduce(add)", add)),
], ids=["partition", "transformation", "reduce", "chain"])
def test_every_diagram_renders_to_png(draw, tmp_path):
    draw().savefig(tmp_path / "diagram.png")
    assert (tmp_path / "diagram.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "diagram.png").stat().st_size > 5000


def test_long_partitions_are_shortened_with_a_count():
    assert format_items(list(range(100))) == "[0, 1, 2, 3, 4, …] (100 items)"
    assert format_items(["A", "B"]) == "['A', 'B']"


def test_partitions_of_an_rdd_are_its_glom(sc):
    assert partitions_of(sc.parallelize(range(4), 2)) == [[0, 1], [2, 3]]
