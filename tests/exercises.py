"""Run a source notebook's cells outside Jupyter: the model answers, or mutated ones, and their tests.

Shared by tests/test_round2.py (answers against torch and scikit-learn, the mutant corpus that every
hidden test suite must catch, and answers that overwrite the data the tests hand them).
"""

from __future__ import annotations

import contextlib
import copy
import io
from pathlib import Path
from typing import Any

import numpy as np

from course import notebooks

ROOT = Path(__file__).resolve().parent.parent


class Exercise:
    """The code cells of one source notebook, addressable by grade id."""

    def __init__(self, assignment: str):
        nb = notebooks.read(ROOT / "source" / assignment / f"{assignment}.ipynb")
        self.cells = [c for c in nb.cells if c.cell_type == "code"]
        self.by_id = {notebooks.nbgrader_meta(c).get("grade_id"): c.source for c in self.cells}
        # The import cell: the first code cell of the notebook.
        self.setup = self.cells[0].source

    def namespace(self, *solution_ids: str, replace: dict[str, str] | None = None) -> dict[str, Any]:
        """Execute the import cell and the given solution cells (sources overridden by ``replace``)."""
        ns: dict[str, Any] = {"__name__": "__exercise__"}
        exec(compile(self.setup, "<setup>", "exec"), ns)
        for grade_id in solution_ids:
            source = (replace or {}).get(grade_id, self.by_id[grade_id])
            exec(compile(source, f"<{grade_id}>", "exec"), ns)
        return ns

    def run_tests(self, ns: dict[str, Any], test_ids: list[str]) -> dict[str, str | None]:
        """Run test cells (hidden tests included) in order; the failure message per cell, or None."""
        results: dict[str, str | None] = {}
        for grade_id in test_ids:
            try:
                with contextlib.redirect_stdout(io.StringIO()):
                    exec(compile(self.by_id[grade_id], f"<{grade_id}>", "exec"), ns)
                results[grade_id] = None
            except Exception as exc:  # a failing test, whatever the mutant broke
                results[grade_id] = f"{type(exc).__name__}: {exc}"
        return results

    def tests_for(self, prefix: str | tuple[str, ...]) -> list[str]:
        """Test cells whose grade id starts with ``prefix``, in notebook order."""
        return [g for g in self.by_id if g and g.startswith(prefix)]


# --- a submission that overwrites the test's data -------------------------------------------------

def scramble(value: Any) -> None:
    """Overwrite data in place with something else, as a submission that poisons a test's inputs would."""
    if isinstance(value, np.ndarray):
        if not value.flags.writeable or not value.size:
            return
        if value.dtype == bool:
            np.logical_not(value, out=value)
        elif value.dtype.kind in "iu":
            value += 1
        elif value.dtype.kind in "fc":
            value *= -1.5
            value += 0.25
        else:  # strings and objects
            value[...] = value.ravel()[::-1].reshape(value.shape)
    elif isinstance(value, (dict, list)):
        for item in value.values() if isinstance(value, dict) else value:
            scramble(item)


def poisoning(fn: Any, keep: int | None = None, depth: list[int] = [0]) -> Any:  # noqa: B006 (shared on purpose)
    """``fn`` answering from copies of its arguments, then overwriting the caller's arguments (all but
    positional argument ``keep``, which the contract lets ``fn`` update in place). Only the outermost
    call poisons: a contract function that calls another passes its own temporaries."""
    method = "." in fn.__qualname__  # self is not data

    def poisoned(*args: Any, **kwargs: Any) -> Any:
        if depth[0]:
            return fn(*args, **kwargs)
        own, data = (args[:1], list(args[1:])) if method else ((), list(args))
        given = [a if i == keep else copy.deepcopy(a) for i, a in enumerate(data)]
        depth[0] += 1
        try:
            result = fn(*own, *given, **copy.deepcopy(kwargs))
        finally:
            depth[0] -= 1
        for i, a in enumerate(data):
            if i != keep:
                scramble(a)
        for a in kwargs.values():
            scramble(a)
        return result

    return poisoned


def poison_arguments(ns: dict[str, Any], in_place: dict[str, int]) -> None:
    """Replace the functions and the methods of the classes an exercise namespace defined by
    :func:`poisoning` versions (``in_place``: function or method name -> the argument it may update)."""
    for name, value in list(ns.items()):
        if name.startswith("_") or getattr(value, "__module__", None) != ns["__name__"]:
            continue
        if isinstance(value, type):
            for attr, member in list(vars(value).items()):
                if callable(member) and not attr.startswith("_"):
                    setattr(value, attr, poisoning(member, in_place.get(attr)))
        elif callable(value):
            ns[name] = poisoning(value, in_place.get(name))
