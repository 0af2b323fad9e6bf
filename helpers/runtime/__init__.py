"""Running Spark on this machine: a Java that Spark 4 accepts, session start-up, spark-submit.

Imports: the standard library, pyspark, psutil, and :mod:`helpers.jobs` (for the course's Spark
settings and the jobs it ships). No matplotlib, no boto3.
"""
