"""Run a course helper next to the learner's code.

Some tests and figures call a learner's function thousands of times in a loop (a statistical test
of k-means++ seeding over 4,000 seeds, an optimiser run for 2,000 steps). In a notebook that is a
plain loop. When a cohort is graded, the learner's code runs in its own sandboxed process
(:mod:`course.grading.runner`), and each call would be a round trip; :func:`colocated` lets such a
loop run where the learner's code is, in one round trip, and bring back plain data. The loop is
course code; its result is only what the learner's code returned, so nothing is trusted that a
learner could not have returned anyway. The evaluation of that data stays with the caller.

Used in: course.checks, course.plots (02_coding).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# Set while grading: (fn, args, kwargs) -> result, or NotImplemented when no argument is remote.
_handlers: list[Callable[[Callable, tuple, dict], Any]] = []


def colocated(fn: Callable, *args: Any, **kwargs: Any) -> Any:
    """``fn(*args, **kwargs)``, run in the learner's process if one of the arguments lives there.

    ``fn`` must be a module-level function of the ``course`` package (the learner's process has the
    package too) whose result is plain data."""
    for handler in _handlers:
        result = handler(fn, args, kwargs)
        if result is not NotImplemented:
            return result
    return fn(*args, **kwargs)
