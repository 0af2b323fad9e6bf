"""helpers.course.source: a helper's code, shown in a notebook without its docstring."""

from helpers.course.source import code_of
from helpers.jobs.forest import train_mllib
from helpers.lessons.clustering import contingency_table


def test_the_docstring_goes_and_the_code_stays():
    code = code_of(contingency_table)
    assert code.startswith("def contingency_table(")
    assert "Count, with Spark" not in code and '"""' not in code
    assert "groupBy(cluster_col, label_col).count()" in code


def test_a_one_line_docstring_goes_too():
    code = code_of(train_mllib)
    assert "Train the talk's random forest" not in code
    assert "RandomForest.trainClassifier(" in code
