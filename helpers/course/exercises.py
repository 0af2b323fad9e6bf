"""Self-checks for the exercises at the end of each notebook.

The pattern is the same in every notebook:

* The exercise cell sets ``answer = None`` with a comment saying what to compute; the learner
  replaces ``None`` with code.
* The next cell calls :func:`check` with the answer and a few named conditions. While the answer is
  still ``None`` it only says so (the notebook runs top to bottom without failing); once there is an
  answer, every condition must hold, or an ``AssertionError`` says which one failed and gives a hint.
* The worked solutions live in ``notebooks/solutions/`` (one notebook per chapter, same numbers),
  so a learner can try first and look later. The tests execute those notebooks, so every solution
  is known to pass its check.

Example:
    >>> check(12, ("is a whole number", lambda a: isinstance(a, int)),
    ...           ("is the sum of the doubled even numbers", lambda a: a == 12))
    Correct: is a whole number; is the sum of the doubled even numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Condition = tuple[str, Callable[[Any], bool]]


class ExerciseNotSolved(AssertionError):
    """An answer that does not meet one of the exercise's conditions."""


def check(answer: Any, *conditions: Condition, hint: str = "") -> None:
    """Check an exercise answer against named conditions.

    Args:
        answer: the learner's answer; ``None`` means "not attempted yet".
        conditions: ``(description, test)`` pairs; ``test(answer)`` must return True.
        hint: a nudge shown when a condition fails.

    Raises:
        ExerciseNotSolved: a condition is False (or raised an error); the message names it.
    """
    if answer is None:
        print("Not attempted yet: replace None in the cell above with your answer, run it, "
              "then run this cell again.")
        return
    for description, test in conditions:
        try:
            ok = bool(test(answer))
        except Exception as error:  # a wrong type of answer makes the test itself fail
            ok = False
            description = f"{description} (checking it raised {type(error).__name__}: {error})"
        if not ok:
            message = f"Not yet: the answer should be such that it {description}."
            raise ExerciseNotSolved(f"{message} Hint: {hint}" if hint else message)
    print("Correct: " + "; ".join(description for description, _ in conditions) + ".")
