"""Show a course helper's code in a notebook: its source as written, without the docstring.

The notebooks call helpers so that each cell shows one idea; where a helper hides the Spark calls
that a lesson is about (training the forest, reading the letters, counting a contingency table), the
notebook prints its code with :func:`code_of`, so nothing Spark does is out of sight.

Example:
    >>> def double(x: int) -> int:
    ...     '''Twice x.'''
    ...     return 2 * x
    >>> print(code_of(double))  # doctest: +SKIP
    def double(x: int) -> int:
        return 2 * x
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable
from typing import Any


def code_of(function: Callable[..., Any]) -> str:
    """The source of ``function`` (a def in a file), without its docstring.

    >>> print(code_of(code_of).splitlines()[0])
    def code_of(function: Callable[..., Any]) -> str:
    """
    source = textwrap.dedent(inspect.getsource(function))
    lines = source.splitlines()
    definition = ast.parse(source).body[0]
    body = getattr(definition, "body", [])
    if (body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)):
        docstring = body[0]
        del lines[docstring.lineno - 1:docstring.end_lineno]
    return "\n".join(lines)
