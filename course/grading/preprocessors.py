"""nbgrader preprocessors for grading in the sandbox.

``SandboxedExecute`` takes the place of nbgrader's ``Execute`` in ``nbgrader autograde``: the
sanitised submission (test cells already restored from the gradebook by nbgrader) runs inside
``course.grading.sandbox``; every other step, saving the grades included, stays nbgrader's own.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import nbformat
from nbconvert.preprocessors import ClearMetadataPreprocessor
from nbformat import NotebookNode
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    IgnorePattern,
    LimitOutput,
    NbGraderPreprocessor,
    SaveAutoGrades,
)
from traitlets import Float, Integer

from course.grading import sandbox

PROBLEM_KEY = "ml_interview_lab"


class SandboxedExecute(NbGraderPreprocessor):
    """Execute the notebook in the bubblewrap sandbox, with limits; unexecuted cells count as failed."""

    timeout = Integer(120, help="Seconds a single cell may run.").tag(config=True)
    wall_seconds = Float(600.0, help="Seconds the whole notebook may run.").tag(config=True)
    memory_bytes = Integer(4 * 1024**3, help="Address-space limit of the sandbox.").tag(config=True)

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        folder = Path(resources.get("metadata", {}).get("path") or ".")
        limits = sandbox.Limits(wall_seconds=self.wall_seconds, cpu_seconds=int(self.wall_seconds),
                                memory_bytes=self.memory_bytes)
        with tempfile.TemporaryDirectory(prefix="grading-") as tmp:
            work = Path(tmp) / "work"
            shutil.copytree(folder, work, ignore=shutil.ignore_patterns("*.ipynb", ".ipynb_checkpoints"))
            nbformat.write(nb, str(work / "submission.ipynb"))
            result = sandbox.run([sys.executable, "-m", "course.grading.execute", "submission.ipynb",
                                  "executed.ipynb", f"--timeout={self.timeout}"], work, limits)
            executed = _read(work / "executed.ipynb")
        problem = None
        if result.problem:  # the runner's own message says it best (dead kernel, endless cell, ...)
            lines = result.stderr.strip().splitlines()
            problem = lines[-1] if result.returncode in (2, 3, 4) and lines else result.problem
        if executed is None or not _same_cells(nb, executed):
            executed, problem = nb, problem or "the executed notebook did not come back intact"
        problem = problem or executed.metadata.get(PROBLEM_KEY, {}).get("problem")
        nb = executed
        if problem:
            nb.metadata.setdefault(PROBLEM_KEY, {})["problem"] = problem
            self.log.warning("Ungradable part: %s", problem)
            for cell in nb.cells:  # a cell that never ran must not pass as a test without errors
                if cell.cell_type == "code" and cell.get("execution_count") is None and cell.source.strip():
                    cell.outputs = [nbformat.v4.new_output("error", ename="NotExecuted", evalue=problem,
                                                           traceback=[f"NotExecuted: {problem}"])]
        return nb, resources


def _read(path: Path) -> NotebookNode | None:
    try:
        return nbformat.read(str(path), as_version=4)
    except Exception:  # missing or damaged: the caller reports it
        return None


def _same_cells(before: NotebookNode, after: NotebookNode) -> bool:
    """The executed notebook has exactly the cells that were sent (no cell added, dropped or edited)."""
    if len(before.cells) != len(after.cells):
        return False
    return all(a.cell_type == b.cell_type and a.source == b.source for a, b in zip(before.cells, after.cells))


# nbgrader's autograde pipeline with the execution step sandboxed.
AUTOGRADE_PREPROCESSORS = [SandboxedExecute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
                           SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]
