"""Running Spark on this machine: a Java that Spark 4 accepts, start-up, spark-submit, a local cluster.

Imports: the standard library, pyspark (with its Spark Connect client, grpc), psutil, sparkmonitor
(live progress in JupyterLab, imported only there) and :mod:`helpers.jobs` (for the course's Spark
settings and the jobs it ships); IPython only to show progress in a notebook. No matplotlib, no boto3.
"""
