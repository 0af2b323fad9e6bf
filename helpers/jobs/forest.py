"""The talk's random forest on the letter data, with the RDD-based and the DataFrame-based API.

* :func:`train_mllib` and :func:`predict_mllib`: the talk's ``RandomForest.trainClassifier`` on an RDD of
  ``LabeledPoint``, and its scoring pairs (needs a classic SparkContext).
* :func:`letter_pipeline` and :func:`predict_ml`: the same forest as a ``pyspark.ml`` pipeline over the
  DataFrame of :func:`helpers.jobs.letters.read_letters_df`; DataFrames only, so it also runs over
  Spark Connect.

This module is shipped to clusters with the jobs: it needs only the standard library and pyspark.
"""

from __future__ import annotations

from typing import Any

from pyspark import RDD
from pyspark.mllib.regression import LabeledPoint

from helpers.jobs.letters import DEFAULT_SEED, FEATURE_NAMES, LETTERS

# The talk's hyper-parameters.
DEFAULT_TREES = 50
DEFAULT_DEPTH = 16
MAX_BINS = 32
MAX_MEMORY_MB = 256  # Spark's default


def train_mllib(
    train: RDD[LabeledPoint],
    *,
    num_trees: int = DEFAULT_TREES,
    max_depth: int = DEFAULT_DEPTH,
    seed: int = DEFAULT_SEED,
) -> Any:
    """Train the talk's random forest with the RDD-based MLlib API; returns a RandomForestModel.

    >>> model = train_mllib(train, num_trees=50, max_depth=16, seed=42)  # doctest: +SKIP
    """
    from pyspark.mllib.tree import RandomForest

    return RandomForest.trainClassifier(
        train, numClasses=len(LETTERS), categoricalFeaturesInfo={}, numTrees=num_trees,
        featureSubsetStrategy="auto", impurity="gini", maxDepth=max_depth, maxBins=MAX_BINS,
        seed=seed,
    )


def predict_mllib(model: Any, test: RDD[LabeledPoint]) -> RDD[tuple[float, float]]:
    """Pair each test point's true label with the model's prediction, as the talk's code does.

    >>> predict_mllib(model, test).take(1)  # doctest: +SKIP
    [(19.0, 19.0)]
    """
    labels = test.map(lambda point: point.label)
    predictions = model.predict(test.map(lambda point: point.features))
    return labels.zip(predictions)


def letter_pipeline(
    *,
    num_trees: int = DEFAULT_TREES,
    max_depth: int = DEFAULT_DEPTH,
    seed: int = DEFAULT_SEED,
    cache_node_ids: bool = True,
    max_memory_mb: int = MAX_MEMORY_MB,
) -> Any:
    """The DataFrame version: StringIndexer, VectorAssembler, RandomForestClassifier in a Pipeline.

    The indexer numbers the letters alphabetically (A = 0, ..., Z = 25), like
    :func:`helpers.jobs.letters.parse_letter_row`, whatever letters the training data holds. The forest
    has the talk's hyper-parameters, plus ``cacheNodeIds=True``, which only makes training faster
    (each row's node is kept next to the row, instead of the trees being sent to every task at each
    level). ``max_memory_mb`` bounds the statistics gathered per job (Spark's ``maxMemoryInMB``).

    >>> model = letter_pipeline(num_trees=50, max_depth=16, seed=42).fit(train_df)  # doctest: +SKIP
    """
    from pyspark.ml import Pipeline
    from pyspark.ml.classification import RandomForestClassifier
    from pyspark.ml.feature import StringIndexerModel, VectorAssembler

    indexer = StringIndexerModel.from_labels(list(LETTERS), inputCol="letter", outputCol="label")
    assembler = VectorAssembler(inputCols=list(FEATURE_NAMES), outputCol="features")
    forest = RandomForestClassifier(
        numTrees=num_trees, featureSubsetStrategy="auto", impurity="gini", maxDepth=max_depth,
        maxBins=MAX_BINS, seed=seed, cacheNodeIds=cache_node_ids, maxMemoryInMB=max_memory_mb,
    )
    return Pipeline(stages=[indexer, assembler, forest])


def predict_ml(model: Any, test_df: Any) -> Any:
    """The fitted pipeline's predictions: a DataFrame of ``label`` and ``prediction`` for each test row.

    >>> predict_ml(model, test_df).first()  # doctest: +SKIP
    Row(label=19.0, prediction=19.0)
    """
    return model.transform(test_df).select("label", "prediction")
