"""Run a source notebook's cells outside Jupyter: the model answers, or mutated ones, and their tests.

Shared by tests/test_round2.py (answers against torch and scikit-learn, and the mutant corpus that
every hidden test suite must catch).
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path
from typing import Any

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
