"""What the notebooks compute with: the data sets, and the lessons' own computations (no figures).

Imports: the standard library, numpy, pandas, pyspark, pooch, :mod:`helpers.jobs` and
:mod:`helpers.runtime`. Figures of these results are in :mod:`helpers.figures`.
"""
