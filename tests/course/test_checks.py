"""helpers.course.checks_NN: conditions written once; right answers pass, wrong ones say what is wrong."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from pyspark.mllib.linalg import Vectors

from helpers.course import checks_00, checks_01, checks_02, checks_03, checks_04, checks_05
from helpers.course.exercises import ExerciseNotSolved
from helpers.jobs.letters import LETTERS, Scores
from helpers.lessons.data import sample_data_path, to_arrays
from helpers.lessons.regression import parse_lpsa_row

# Every chapter's checks module.
MODULES = sorted(f"helpers.course.{path.stem}"
                 for path in Path(checks_00.__file__).parent.glob("checks_[0-9][0-9].py"))


def exercises(module_name: str) -> dict[str, object]:
    """The exercise checks of a checks module: its public functions defined there."""
    module = importlib.import_module(module_name)
    return {name: f for name, f in inspect.getmembers(module, inspect.isfunction)
            if f.__module__ == module_name and not name.startswith("_") and hasattr(f, "hint")}


@pytest.mark.parametrize("module_name", MODULES)
def test_every_exercise_has_a_docstring_that_names_it_and_a_hint(module_name):
    found = exercises(module_name)
    assert found, f"{module_name} has no exercise checks"
    for name, check in found.items():
        assert check.__doc__ and check.__doc__.split(":")[0][:2] == module_name[-2:], name
        assert len(check.hint) > 20, f"{name} needs a hint for a failed attempt"


@pytest.mark.parametrize("module_name", MODULES)
def test_an_unattempted_exercise_only_says_so_and_computes_nothing(module_name, capsys):
    for check in exercises(module_name).values():
        arguments = [None] * (len(inspect.signature(check.__wrapped__).parameters))
        check(None, *arguments)  # the conditions are not built, so None for everything is fine
    assert capsys.readouterr().out.count("Not attempted yet") == len(exercises(module_name))


def test_the_hint_shows_only_after_a_failed_attempt(capsys):
    checks_02.odd_squares(sum(x * x for x in range(1, 101, 2)))
    assert "Hint" not in capsys.readouterr().out
    with pytest.raises(ExerciseNotSolved, match=f"equals 1² .*Hint: {checks_02.odd_squares.hint}"):
        checks_02.odd_squares(5050)


@pytest.fixture(scope="module")
def letters_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("letters") / "letters.data"
    path.write_text("T,2,8,3,5,1,8,13,0,6,6,10,8,0,8,0,8\nI,5,12,3,7,2,10,5,5,4,13,3,9,2,8,4,10\n" * 26)
    return path


def test_00_counts_come_from_the_file(letters_file, capsys):
    checks_00.rows_counted(52, letters_file)
    with pytest.raises(ExerciseNotSolved, match="52 lines"):
        checks_00.rows_counted(20_000, letters_file)


def test_01_first_letters_come_from_the_file(letters_file):
    checks_01.first_letters(["T", "I", "T", "I", "T"], letters_file)
    with pytest.raises(ExerciseNotSolved, match="first character"):
        checks_01.first_letters(["T", "I", "D", "N", "G"], letters_file)


def test_02_mean_width_is_checked_per_letter(tmp_path):
    path = tmp_path / "rows.data"
    path.write_text("".join(f"{letter},1,1,{width},1,1,1,1,1,1,1,1,1,1,1,1,1\n"
                            for letter in LETTERS for width in (2, 5)))
    checks_02.mean_width(dict.fromkeys(LETTERS, 3.5), path)
    with pytest.raises(ExerciseNotSolved, match="mean width"):
        checks_02.mean_width(dict.fromkeys(LETTERS, 2.0), path)


@pytest.fixture(scope="module")
def lpsa_arrays():
    with open(sample_data_path("mllib/ridge-data/lpsa.data")) as rows:
        return to_arrays([parse_lpsa_row(row) for row in rows])


def test_03_the_prediction_is_held_against_a_thousand_splits(lpsa_arrays):
    checks_03.more_or_less("less", *lpsa_arrays)
    with pytest.raises(ExerciseNotSolved, match=r"beats training in \d+% of them with 20 test rows"):
        checks_03.more_or_less("more", *lpsa_arrays)


def test_04_tables_decide_sizes_and_shares():
    table = pd.DataFrame([[8, 2], [1, 9]], columns=list("AB"))
    table_8 = pd.concat([table] * 4, ignore_index=True)
    checks_04.cluster_sizes({c: 10 for c in range(8)}, table_8)
    with pytest.raises(ExerciseNotSolved, match="counts all 80 images"):
        checks_04.cluster_sizes({c: 9 for c in range(8)}, table_8)
    sweep = pd.DataFrame({"k": [2, 26], "silhouette": [0.3, 0.25]})
    checks_04.silhouette_26(0.25, sweep)
    with pytest.raises(ExerciseNotSolved, match="sweep's silhouette"):
        checks_04.silhouette_26(0.3, sweep)


def scores_with(mistakes: dict[tuple[str, str], int]) -> Scores:
    confusion = np.diag(np.full(26, 50))
    for (true, predicted), count in mistakes.items():
        confusion[LETTERS.index(true), LETTERS.index(predicted)] = count
        confusion[LETTERS.index(true), LETTERS.index(true)] -= count
    return Scores(confusion)


def test_05_hardest_letter_and_confused_pair_come_from_the_answer_s_scores():
    scores = scores_with({("H", "R"): 7, ("R", "H"): 6, ("B", "D"): 12})
    checks_05.hardest_letter("B", scores)
    with pytest.raises(ExerciseNotSolved, match="lowest per-letter accuracy"):
        checks_05.hardest_letter("H", scores)
    checks_05.confused_pair("HR", scores)
    with pytest.raises(ExerciseNotSolved, match=r"most mistakes in both directions \(13\)"):
        checks_05.confused_pair("BD", scores)


# --- checks that ask Spark for the truth -------------------------------------------------------


@pytest.fixture
def sc(spark):
    return spark.sparkContext


def test_01_a_prediction_is_compared_with_spark_s_split(sc):
    checks_01.seven_in_three([[1, 2], [3, 4], [5, 6, 7]], sc)
    with pytest.raises(ExerciseNotSolved, match="is the split Spark makes"):
        checks_01.seven_in_three([[1, 2, 3], [4, 5], [6, 7]], sc)


def test_01_stages_and_tasks_are_read_from_the_status_tracker(sc):
    letters = sc.parallelize(range(100), 4)
    checks_01.stages_and_tasks([2, 3], sc, letters)
    with pytest.raises(ExerciseNotSolved, match="status tracker"):
        checks_01.stages_and_tasks([4, 3], sc, letters)


def test_02_reduce_subtract_is_predicted_on_the_given_partitions(sc):
    checks_02.subtract_prediction(6, sc)
    with pytest.raises(ExerciseNotSolved, match="reduce\\(subtract\\)"):
        checks_02.subtract_prediction(0, sc)


def test_04_best_of_three_is_the_cheapest_seed_not_just_seed_0(sc):
    from pyspark.mllib.clustering import KMeans

    rng = np.random.default_rng(0)
    features = sc.parallelize([Vectors.dense(p) for p in rng.normal(size=(200, 2))], 2).cache()
    seeds, iterations = (0, 1, 2), 2  # fewer iterations than the exercise's 10: the test is about the rule
    models = [KMeans.train(features, 26, maxIterations=iterations, initializationMode="random", seed=s)
              for s in seeds]
    costs = [m.computeCost(features) for m in models]
    best, worst = models[int(np.argmin(costs))], models[int(np.argmax(costs))]
    checks_04.best_of_three(best, features, seeds, iterations)
    with pytest.raises(ExerciseNotSolved, match="lowest cost of the 3 seeds"):
        checks_04.best_of_three(worst, features, seeds, iterations)
