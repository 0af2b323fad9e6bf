"""Running Spark on this machine: a Java that Spark 4 accepts, session start-up, spark-submit, a local cluster.

Imports: the standard library, pyspark (with its Spark Connect client, grpc), psutil, and
:mod:`helpers.jobs` (for the course's Spark settings and the jobs it ships); IPython only to show
progress in a notebook. No matplotlib, no boto3.
"""
