"""The course manifest: the one list of the course's notebooks, in order, with what each is about.

Everything that lists the notebooks is generated from :data:`CHAPTERS` by :mod:`helpers.course.generate`
(``make generate``): each notebook's header and previous/next links, the course table in README.md,
and the list of modules in ``helpers/__init__.py``; the JupyterLab home page and the slides' agenda
read it too. To add, rename or re-time a notebook, edit this table and run ``make generate``; a test
fails while a generated part is out of date.

Example:
    >>> chapter(5).title
    'The letter classifier'
    >>> [c.number for c in CHAPTERS][:3]
    [0, 1, 2]
"""

from __future__ import annotations

from dataclasses import dataclass

COURSE = "Machine Learning at Scale"
READY = "ready"
COMING = "coming"


@dataclass(frozen=True)
class Chapter:
    """One notebook of the course.

    Attributes:
        number: its place in the course, 0 first.
        file: its file name in ``notebooks/`` (and, for its worked solutions, ``notebooks/solutions/``).
        title: its title, without the number.
        minutes: about how long it takes a learner alone, exercises included (estimated from the
            notebook: its prose at 150 words a minute, 0.3 minutes per code cell, 5 per exercise,
            rounded to 5).
        slides: the slide sections that go with it, in the deck's order.
        summary: what a learner does in it, in one line (the README's course table).
        status: ``"ready"``, or ``"coming"`` while the notebook does not exist yet.
    """

    number: int
    file: str
    title: str
    minutes: int
    slides: tuple[str, ...]
    summary: str
    status: str = READY

    @property
    def label(self) -> str:
        """Number and title, as links and headers show them: ``05 · The letter classifier``."""
        return f"{self.number:02d} · {self.title}"

    @property
    def ready(self) -> bool:
        """Whether the notebook exists (its status is ``"ready"``)."""
        return self.status == READY

    @property
    def app_name(self) -> str:
        """The Spark application name of the notebook (its file name without ``.ipynb``)."""
        return self.file.removesuffix(".ipynb")


CHAPTERS: tuple[Chapter, ...] = (
    Chapter(0, "00_setup.ipynb", "Check your set-up", 20,
            ("Tools", "Our Big Data ML Stack"),
            "Python, Java, Spark, a first job, the Spark UI, where logs go; the talk's stack then and now"),
    Chapter(1, "01_rdds_and_partitions.ipynb", "RDDs and partitions", 45,
            ("Spark Crash Course", "Resilient Distributed Dataset (RDD)", "Partitioning"),
            "What an RDD is, how Spark splits data into partitions, jobs, stages and tasks"),
    Chapter(2, "02_map_filter_reduce.ipynb", "map, filter and reduce", 50,
            ('"Array" Methods', "Map", "Reduce", "Filter", "Chaining Methods"),
            "Transformations and actions, laziness, chaining, `reduceByKey` on the letter data"),
    Chapter(3, "03_linear_regression.ipynb", "Linear regression with MLlib", 50,
            ("MLlib Crash Course", "Supervised Example (Linear Regression)"),
            "The talk's SGD regression on Spark 4, step sizes and scaling, the DataFrame API"),
    Chapter(4, "04_kmeans.ipynb", "k-means clustering", 45,
            ("MLlib Crash Course", "Unsupervised Example (K-means Clustering)"),
            "The talk's k-means call fixed for Spark 4, choosing k, clustering the letters"),
    Chapter(5, "05_letter_classifier.ipynb", "The letter classifier", 60,
            ("Sample Problem", "Our Data", "Our Code (dependencies & variables)",
             "Our Code (data, holdouts, & training)", "Our Code (scoring & output)"),
            "The sample problem: a random forest on 20,000 letters, evaluated; Spark next to scikit-learn"),
    Chapter(6, "06_scaling.ipynb", "Scaling", 40,
            ("Scaling",),
            "When Spark pays off, and how cost grows with data"),
    Chapter(7, "07_to_the_cluster.ipynb", "To the cluster", 55,
            ("Putting It All Together", "Flintrock", "EMR"),
            "A real cluster, spark-submit, a lost worker, Spark Connect; the AWS path with its commands "
            "and cost, rehearsed locally"),
)


def chapter(number: int) -> Chapter:
    """The chapter with this number.

    Raises:
        KeyError: there is no such chapter.
    """
    for candidate in CHAPTERS:
        if candidate.number == number:
            return candidate
    raise KeyError(f"the course has no notebook {number}; it has {[c.number for c in CHAPTERS]}")


def neighbours(number: int) -> tuple[Chapter | None, Chapter | None]:
    """The chapters before and after chapter ``number`` (None at either end).

    >>> [c.number if c else None for c in neighbours(0)]
    [None, 1]
    """
    index = [c.number for c in CHAPTERS].index(number)
    before = CHAPTERS[index - 1] if index > 0 else None
    after = CHAPTERS[index + 1] if index + 1 < len(CHAPTERS) else None
    return before, after
