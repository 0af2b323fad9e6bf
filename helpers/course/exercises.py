"""Self-checks for the exercises at the end of each notebook.

The pattern is the same in every notebook:

* The exercise cell sets ``answer = None`` with a comment saying what to compute; the learner
  replaces ``None`` with code.
* The next cell calls the exercise's check, a named function of the chapter's checks module
  (``helpers/course/checks_NN.py``), with the answer and what the check needs from the notebook:
  ``checks.seven_in_three(seven_in_three, sc)``. The chapter and its solutions notebook call the same
  function, so the conditions are written once, and the cell shows no hint.
* While the answer is still ``None`` the check only says so (the notebook runs top to bottom without
  failing). Once there is an answer, every condition must hold, or an ``AssertionError`` says which
  one failed; only then does it give the exercise's hint.
* The worked solutions live in ``notebooks/solutions/`` (one notebook per chapter, same numbers),
  so a learner can try first and look later. The tests execute those notebooks, so every solution
  is known to pass its check.

A check is written with :func:`exercise`: a function that returns the conditions (``(description,
test)`` pairs), given what the check needs. It only runs once there is an answer, so an expensive
reference result (a model trained for comparison) costs nothing while the exercise is unattempted.

Example:
    >>> @exercise(hint="double the even numbers, then add them up")
    ... def talk_chain() -> list[Condition]:
    ...     '''The talk's chain on 1 to 5.'''
    ...     return [("is a whole number", lambda a: isinstance(a, int)),
    ...             ("is the sum of the doubled even numbers", lambda a: a == 12)]
    >>> talk_chain(None)
    Not attempted yet: replace None in the cell above with your answer, run it, then run this cell again.
    >>> talk_chain(12)
    Correct: is a whole number; is the sum of the doubled even numbers.
    >>> try:
    ...     talk_chain(11)
    ... except ExerciseNotSolved as failed:
    ...     print(failed)  # doctest: +NORMALIZE_WHITESPACE
    Not yet: the answer should be such that it is the sum of the doubled even numbers. Hint: double the even
    numbers, then add them up
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

Condition = tuple[str, Callable[[Any], bool]]

NOT_ATTEMPTED = ("Not attempted yet: replace None in the cell above with your answer, run it, "
                 "then run this cell again.")


class ExerciseNotSolved(AssertionError):
    """An answer that does not meet one of the exercise's conditions."""


def check(answer: Any, *conditions: Condition, hint: str = "") -> None:
    """Check an exercise answer against named conditions; the hint shows only when one fails.

    Args:
        answer: the learner's answer; ``None`` means "not attempted yet".
        conditions: ``(description, test)`` pairs; ``test(answer)`` must return True.
        hint: a nudge, shown only in the message of a failed attempt.

    Raises:
        ExerciseNotSolved: a condition is False (or raised an error); the message names it.
    """
    if answer is None:
        print(NOT_ATTEMPTED)
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


def exercise(*, hint: str) -> Callable[[Callable[..., list[Condition]]], Callable[..., None]]:
    """Make an exercise's self-check from a function that returns its conditions.

    The decorated function takes what the conditions need from the notebook (a SparkContext, a
    DataFrame, a model to compare with) and returns ``(description, test)`` pairs. The check it
    becomes takes the answer first: ``check_fn(answer, *what_it_needs)``. The conditions are built
    only when there is an answer, and ``hint`` is shown only when one of them fails.
    """
    def decorate(conditions_of: Callable[..., list[Condition]]) -> Callable[..., None]:
        @functools.wraps(conditions_of)
        def run(answer: Any, *args: Any, **kwargs: Any) -> None:
            if answer is None:
                print(NOT_ATTEMPTED)
                return
            check(answer, *conditions_of(*args, **kwargs), hint=hint)

        run.hint = hint  # type: ignore[attr-defined]  # for the tests: every exercise has one
        return run

    return decorate
