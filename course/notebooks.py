"""Reading and transforming the course's nbgrader notebooks.

Shared by the release pipeline, the tests and the grading tools, so that "what is a solution
region" or "what is a graded cell" is decided in one place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import nbformat
from nbformat import NotebookNode

ASSIGNMENT_PATTERN = re.compile(r"^\d\d_[a-z0-9_]+$")
_HIDDEN = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS.*?^[ \t]*### END HIDDEN TESTS[^\n]*\n?", re.M | re.S)
_MARKERS = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[^\n]*\n?", re.M)


def assignments(source: Path) -> list[str]:
    """The course's assignments (one per round), in reading order: ``00_start_here``, ..."""
    return sorted(p.name for p in Path(source).iterdir() if p.is_dir() and ASSIGNMENT_PATTERN.match(p.name))


def read(path: Path) -> NotebookNode:
    """Read a notebook as nbformat v4."""
    return nbformat.read(str(path), as_version=4)


def write(nb: NotebookNode, path: Path) -> None:
    """Write a notebook atomically (a crash never leaves a truncated file)."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    nbformat.write(nb, str(tmp))
    tmp.replace(path)


def nbgrader_meta(cell: NotebookNode) -> dict:
    """The cell's nbgrader metadata, or an empty dict."""
    return cell.get("metadata", {}).get("nbgrader", {}) or {}


def is_graded_test(cell: NotebookNode) -> bool:
    """True for an autograded test cell (a code cell with points)."""
    meta = nbgrader_meta(cell)
    return cell.cell_type == "code" and bool(meta.get("grade")) and not meta.get("solution")


def graded_tests(nb: NotebookNode) -> Iterator[NotebookNode]:
    """The notebook's autograded test cells, in order."""
    return (cell for cell in nb.cells if is_graded_test(cell))


def has_outputs(nb: NotebookNode) -> bool:
    """True if any code cell carries outputs or an execution count."""
    return any(
        cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count") is not None)
        for cell in nb.cells
    )


def strip_outputs(nb: NotebookNode) -> NotebookNode:
    """Remove outputs and execution counts in place; returns the notebook."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            cell.metadata.pop("execution", None)
    return nb


def solution_source(source: str) -> str:
    """A cell's source as a worked solution: hidden tests removed, solution markers dropped."""
    return _MARKERS.sub("", _HIDDEN.sub("", source)).rstrip("\n")


def to_solution(nb: NotebookNode) -> NotebookNode:
    """The worked-solution version of a source notebook (in place; returns it)."""
    for cell in nb.cells:
        cell.source = solution_source(cell.source)
    return nb


WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_PLACEHOLDER = "(An interactive widget: run this notebook in JupyterLab to use it.)"


def strip_widgets(nb: NotebookNode) -> NotebookNode:
    """Replace widget views (random model ids, state that renders nowhere outside a live kernel) with
    a fixed placeholder, so that executing a notebook twice gives the same file."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if WIDGET_VIEW in output.get("data", {}):
                output["data"] = {"text/plain": WIDGET_PLACEHOLDER}
    return nb
