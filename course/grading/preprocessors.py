"""nbgrader preprocessors for tamper-resistant grading.

- :class:`RefuseLinks` (sanitising, first): a submission holding symbolic links is refused.
- :class:`DeduplicateCells` (sanitising, in place of nbgrader's ``DeduplicateIds``): a copied or split
  answer cell no longer stops nbgrader.
- :class:`RestoreMetadata` (sanitising, before nbgrader's ``OverwriteCells``): a cell whose grade id
  the gradebook knows gets its grading metadata back (grade, solution, task, locked, points), so a
  test cell turned into a "solution", or given more points, is restored rather than trusted.
- :class:`ReplayExecute` takes the place of nbgrader's ``Execute``: the notebook nbgrader is about to
  execute was already executed on a Dask worker by :mod:`course.grading.runner` (the learner's cells
  sandboxed, the course's cells in the grader); this step puts those outputs in, after checking that
  the worker ran exactly these cells. Without a precomputed result it runs the same executor here.

Every other step, saving the grades included, is nbgrader's own.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

import nbformat
from nbconvert.preprocessors import ClearMetadataPreprocessor
from nbformat import NotebookNode
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    ClearOutput,
    DeduplicateIds,
    IgnorePattern,
    LimitOutput,
    NbGraderPreprocessor,
    OverwriteCells,
    OverwriteKernelspec,
    SaveAutoGrades,
)
from traitlets import Float, Integer, Unicode

from course.grading import runner, sandbox

PROBLEM_KEY = "ml_interview_lab"


class LinkedSubmission(ValueError):
    """A submission holding symbolic links."""


def refuse_links(folder: Path) -> None:
    """Raise :class:`LinkedSubmission` if the submission's folder, or anything in it, is a symbolic
    link. nbgrader follows them, so a link could hand in another notebook (the course's own) or copy
    files from outside into the feedback."""
    links = [folder.name] if folder.is_symlink() else []
    links += sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_symlink())
    if links:
        raise LinkedSubmission(f"the submission holds symbolic links ({', '.join(links[:5])}): hand in real files")


class RefuseLinks(NbGraderPreprocessor):
    """The first sanitising step: a submission holding symbolic links is not graded (nbgrader has
    followed them already, so what it read may be another notebook entirely)."""

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        folder = resources.get("metadata", {}).get("path")
        if folder:
            refuse_links(Path(folder))
        return nb, resources


class DeduplicateCells(DeduplicateIds):
    """nbgrader's ``DeduplicateIds``, which keeps the last cell of each grade id and empties the
    metadata of the others, followed by dropping grading metadata that names no cell. A copied or
    split answer cell (Jupyter copies the metadata with the cell) is then graded as one answer, its
    other parts run as the learner's own cells, instead of stopping nbgrader with a KeyError."""

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        _drop_stray_metadata(nb)  # DeduplicateIds itself reads grade_id from any solution or test cell
        nb, resources = super().preprocess(nb, resources)
        _drop_stray_metadata(nb)  # what it emptied
        return nb, resources


def _drop_stray_metadata(nb: NotebookNode) -> None:
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader")
        if "nbgrader" in cell.get("metadata", {}) and (not isinstance(meta, dict) or "grade_id" not in meta):
            del cell.metadata["nbgrader"]


class RestoreMetadata(NbGraderPreprocessor):
    """Give every cell the gradebook knows its grading metadata back."""

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        info = resources["nbgrader"]
        with Gradebook(info["db_url"]) as gb:
            try:
                notebook = gb.find_notebook(info["notebook"], info["assignment"])
            except MissingEntry:
                return nb, resources
            graded = {c.name: c for c in notebook.grade_cells}
            solutions = {c.name for c in notebook.solution_cells}
            tasks = {c.name for c in notebook.task_cells}
            sources = {c.name: c for c in notebook.source_cells}
            for cell in nb.cells:
                meta = cell.metadata.get("nbgrader")
                grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
                if grade_id not in sources:
                    continue
                meta["grade"] = grade_id in graded
                meta["solution"] = grade_id in solutions
                meta["task"] = grade_id in tasks
                meta["locked"] = bool(sources[grade_id].locked)
                if grade_id in graded:
                    meta["points"] = float(graded[grade_id].max_score)
                else:
                    meta.pop("points", None)
        return nb, resources


class ReplayExecute(NbGraderPreprocessor):
    """nbgrader's Execute step, with the outputs computed on a Dask worker (or here, if not)."""

    results: ClassVar[dict[tuple[str, str, str], runner.Execution]] = {}
    timeout = Integer(120, help="Seconds a single cell may run.").tag(config=True)
    wall_seconds = Float(600.0, help="Seconds the whole notebook may run.").tag(config=True)
    memory_bytes = Integer(4 * 1024**3, help="Address-space limit of the learner's process.").tag(config=True)
    source_directory = Unicode("", help="Folder of the course's source notebooks (for local execution).").tag(
        config=True)

    def preprocess(self, nb: NotebookNode, resources: dict) -> tuple[NotebookNode, dict]:
        info = resources["nbgrader"]
        key = (info["assignment"], info["student"], info["notebook"])
        run = self.results.pop(key, None)
        if run is None or not same_cells(nb, run.notebook):
            self.log.info("Executing %s here (no matching result from a worker)", key)
            source = nbformat.read(str(Path(self.source_directory) / info["assignment"] / f"{info['notebook']}.ipynb"),
                                   as_version=4)
            run = runner.execute(nb, source, timeout=self.timeout, limits=self.limits(),
                                 files=runner.read_folder(Path(resources.get("metadata", {}).get("path") or ".")))
        nb = run.notebook
        meta = nb.metadata.setdefault(PROBLEM_KEY, {})
        meta["flags"] = list(run.flags)
        if run.problem:
            meta["problem"] = run.problem
            self.log.warning("Ungradable part: %s", run.problem)
            for cell in nb.cells:  # a cell that never ran must not pass as a test without errors
                if cell.cell_type == "code" and cell.get("execution_count") is None and cell.source.strip():
                    cell.outputs = [nbformat.v4.new_output("error", ename="NotExecuted", evalue=run.problem,
                                                           traceback=[f"NotExecuted: {run.problem}"])]
        return nb, resources

    def limits(self) -> sandbox.Limits:
        return sandbox.Limits(wall_seconds=self.wall_seconds, cpu_seconds=int(self.wall_seconds),
                              memory_bytes=self.memory_bytes)


def same_cells(before: NotebookNode, after: NotebookNode) -> bool:
    """Both notebooks have exactly the same cells (type and source, in order)."""
    if len(before.cells) != len(after.cells):
        return False
    return all(a.cell_type == b.cell_type and a.source == b.source for a, b in zip(before.cells, after.cells))


# nbgrader's autograde pipeline: the metadata restored first, the execution replayed.
SANITIZE_PREPROCESSORS = [RefuseLinks, ClearOutput, DeduplicateCells, OverwriteKernelspec, RestoreMetadata,
                          OverwriteCells, CheckCellMetadata]
AUTOGRADE_PREPROCESSORS = [ReplayExecute, IgnorePattern, ClearMetadataPreprocessor, LimitOutput,
                           SaveAutoGrades, AssignLatePenalties, CheckCellMetadata]

# Appended to a course's nbgrader_config.py, this puts nbgrader's stock pipeline back (the tests and
# the benchmark compare against it).
STOCK_PIPELINE = """
from nbgrader.converters.autograde import Autograde as _Autograde
c.Autograde.sanitize_preprocessors = _Autograde.class_traits()["sanitize_preprocessors"].default()
c.Autograde.autograde_preprocessors = _Autograde.class_traits()["autograde_preprocessors"].default()
"""
