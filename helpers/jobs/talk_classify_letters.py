"""The talk's letter classifier, quoted as it was given: the baseline of the job-speed benchmark.

Quoted from "Machine Learning at Scale", Nathan Epstein, PyData Berlin 2016 (slides "Our Code"),
with two changes only, both needed to run it here and neither touching what Spark does:

* the input path is the first command-line argument (``sys.argv[1]``, hence ``import sys``) instead
  of ``hdfs:///data/letter-recognition.data``;
* the lines are indented with four spaces (the slides use two), and the module starts with this
  docstring.

Everything else, the unseeded ``randomSplit`` and the typo ``predicitons`` included, is the talk's.
:mod:`helpers.lessons.job_speed` runs it with ``spark-submit`` next to the course's job and compares
their times. Usage::

    spark-submit talk_classify_letters.py letter-recognition.data
"""
# ruff: noqa  (the talk's code, quoted as given: its style is not the course's)

import sys  # the course's addition: the input path comes from the command line

from pyspark.mllib.tree import RandomForest, RandomForestModel
from pyspark.mllib.regression import LabeledPoint
from pyspark import SparkContext

if __name__ == "__main__":
    sc = SparkContext(appName = "letter-recognition")

    # mapping alphabet to integers
    ALPHABET = list("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    clean_value = lambda row: LabeledPoint(ALPHABET.index(row[0]), row.split(',')[1:])

    # read data and convert to labeled points
    raw_data = sc.textFile(sys.argv[1])
    labeled_points = raw_data.map(clean_value)

    # separate into testing and training data
    (train, test) = labeled_points.randomSplit([0.7, 0.3])

    # build our model from the training data
    model = RandomForest.trainClassifier(train, numClasses=26, categoricalFeaturesInfo={},
                                         numTrees=50, featureSubsetStrategy="auto",
                                         impurity='gini', maxDepth=16, maxBins=32)

    # score the performance of our model on test data
    labels = test.map(lambda point: point.label)
    predicitons = model.predict(test.map(lambda point: point.features))
    labels_and_predictions = labels.zip(predicitons)

    total_correct = labels_and_predictions.filter(lambda x: x[0] == x[1])
    correct_percentage = total_correct.count() / float(labels_and_predictions.count())

    print ("PERCENTAGE CORRECTLY CLASSIFIED: {}".format(correct_percentage))
    """
    You may want to do something else here.
    For example, write the model to a file which can be exported to S3.
    """

    sc.stop()
