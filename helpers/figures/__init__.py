"""The course's pictures: one figure style, diagrams drawn from real RDDs, and the lessons' charts.

Every ``plot_*`` function returns a :class:`~matplotlib.figure.Figure` and takes its title as a
keyword argument. Imports: matplotlib, numpy, pandas, pyspark, :mod:`helpers.jobs` and
:mod:`helpers.lessons`.
"""
