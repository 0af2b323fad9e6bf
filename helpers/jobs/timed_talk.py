"""Run the talk's letter classifier unchanged, and print how long its forest took to train.

The talk's code (:mod:`helpers.jobs.talk_classify_letters`) times nothing. This runner wraps
``RandomForest.trainClassifier`` with a clock, runs the talk's module as ``__main__`` (so not a line
of it changes), and prints ``TRAINING SECONDS: ...`` after the talk's own output. The clock covers
the same step as the ``train`` timing of :mod:`helpers.jobs.classify_letters`: the call that grows
the forest. Usage::

    spark-submit --py-files jobs.zip timed_talk.py letter-recognition.data
"""

from __future__ import annotations

import runpy
import time
from collections.abc import Callable
from typing import Any

from pyspark.mllib.tree import RandomForest

from helpers.jobs.cpu import jvm_cpu_seconds

TALK_MODULE = "helpers.jobs.talk_classify_letters"
TRAINING_LINE = "TRAINING SECONDS: "
TRAINING_CPU_LINE = "TRAINING JVM CPU SECONDS: "


def timed(train: Callable[..., Any], seconds: list[float], cpu_seconds: list[float] | None = None
          ) -> Callable[..., Any]:
    """``train`` with its duration appended to ``seconds`` on each call (and the driver JVM's CPU
    seconds to ``cpu_seconds``, where :func:`helpers.jobs.cpu.jvm_cpu_seconds` can read them).

    >>> spent = []
    >>> timed(lambda x: x + 1, spent)(1), len(spent)
    (2, 1)
    """

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started, cpu = time.perf_counter(), jvm_cpu_seconds()
        try:
            return train(*args, **kwargs)
        finally:
            seconds.append(time.perf_counter() - started)
            if cpu_seconds is not None and cpu is not None:
                cpu_seconds.append(jvm_cpu_seconds() - cpu)

    return wrapper


def main() -> None:
    """Run the talk's code with ``trainClassifier`` timed; print the training time (wall and JVM CPU)."""
    seconds: list[float] = []
    cpu_seconds: list[float] = []
    original = RandomForest.trainClassifier
    RandomForest.trainClassifier = timed(original, seconds, cpu_seconds)  # type: ignore[method-assign]
    try:
        runpy.run_module(TALK_MODULE, run_name="__main__")
    finally:
        RandomForest.trainClassifier = original  # type: ignore[method-assign]
    print(f"{TRAINING_LINE}{sum(seconds):.3f}")
    if cpu_seconds:
        print(f"{TRAINING_CPU_LINE}{sum(cpu_seconds):.3f}")


if __name__ == "__main__":
    main()
