"""Running Spark on this machine: a Java that Spark 4 accepts, session start-up, spark-submit.

Imports: the standard library, pyspark, psutil, sparkmonitor (live progress in JupyterLab, imported
only there) and :mod:`helpers.jobs` (for the course's Spark settings and the jobs it ships). No
matplotlib, no boto3.
"""
