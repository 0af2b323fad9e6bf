"""helpers.figures.style: the course's figure style."""

from helpers.figures.style import PARTITION_COLORS, new_figure, partition_color


def test_new_figure_sets_title_and_axis_labels(tmp_path):
    fig, ax = new_figure("Error falls", "iteration", "MSE")
    ax.plot([1, 2, 3], [3, 2, 1])
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == ("Error falls", "iteration", "MSE")
    assert (ax.title.get_fontsize(), ax.title.get_fontweight()) == (15, "bold")
    fig.savefig(tmp_path / "figure.png")
    assert (tmp_path / "figure.png").stat().st_size > 1000


def test_a_grid_of_axes_gets_one_figure_title():
    fig, axes = new_figure("Two views", "x", "y", ncols=2)
    assert len(axes) == 2
    assert fig.get_suptitle() == "Two views"
    assert all(ax.get_xlabel() == "x" for ax in axes)


def test_partition_colours_repeat_after_the_palette():
    assert partition_color(0) == PARTITION_COLORS[0]
    assert partition_color(len(PARTITION_COLORS)) == PARTITION_COLORS[0]
    assert len(set(PARTITION_COLORS)) == len(PARTITION_COLORS)
