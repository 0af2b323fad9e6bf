"""Spark applications that are shipped to clusters, and the code they share.

Everything here runs with only the Python standard library, pyspark, py4j and numpy, and imports
nothing from ``helpers`` outside ``helpers.jobs``: :func:`helpers.runtime.submit.jobs_zip` packs this
package for ``spark-submit --py-files``. Only APIs present in Spark 4.0 are used.
"""
