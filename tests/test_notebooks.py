"""Every source notebook runs clean, validates, and grades as it should through the real nbgrader."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, run
from nbclient import NotebookClient
from nbgrader.api import Gradebook

from course import notebooks

ASSIGNMENTS = notebooks.assignments(ROOT / "source")
GRADED = [a for a in ASSIGNMENTS
          if any(True for _ in notebooks.graded_tests(notebooks.read(ROOT / "source" / a / f"{a}.ipynb")))]

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_source_notebook_runs_top_to_bottom(assignment: str, tmp_path: Path):
    folder = tmp_path / assignment
    shutil.copytree(ROOT / "source" / assignment, folder)
    nb = notebooks.read(folder / f"{assignment}.ipynb")
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(folder)}}).execute()
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        grade_id = notebooks.nbgrader_meta(cell).get("grade_id", f"cell {index}")
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert not errors, f"{assignment}: {grade_id} raised {errors[0].ename}: {errors[0].evalue}"
        if notebooks.is_graded_test(cell):
            stderr = [o.text for o in cell.outputs if o.output_type == "stream" and o.name == "stderr"]
            assert not stderr, f"{assignment}: test cell {grade_id} wrote to stderr: {stderr}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_nbgrader_validate_passes_on_the_source(assignment: str):
    result = run(["nbgrader", "validate", f"source/{assignment}/{assignment}.ipynb"], cwd=ROOT)
    assert "Success! Your notebook passes all the tests." in result.stdout, result.stdout[-3000:]


def _autograde(course: Path, assignment: str, submissions: dict[str, Path]) -> dict[str, tuple[float, float]]:
    """Release, submit the given notebooks, autograde with the real CLI; (score, max) per student."""
    run(["nbgrader", "generate_assignment", assignment, "--force"], cwd=course)
    for student, notebook in submissions.items():
        dest = course / "submitted" / student / assignment
        dest.mkdir(parents=True)
        shutil.copy2(notebook, dest / f"{assignment}.ipynb")
    run(["nbgrader", "autograde", assignment, "--force"], cwd=course)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {s: (gb.find_submission(assignment, s).score, gb.find_submission(assignment, s).max_score)
                for s in submissions}


@pytest.mark.parametrize("assignment", GRADED)
def test_autograde_scores_release_zero_and_solutions_full(assignment: str, course_copy: Path):
    scores = _autograde(course_copy, assignment, {
        "untouched": course_copy / "release" / assignment / f"{assignment}.ipynb",
        "solution": ROOT / "solutions" / assignment / f"{assignment}.ipynb",
    })
    score, maximum = scores["solution"]
    assert maximum > 0
    assert score == maximum, f"the worked solution scored {score}/{maximum}"
    assert scores["untouched"][0] == 0, (
        f"the untouched release notebook scored {scores['untouched'][0]}: a graded test passes on the stub")


def test_release_notebooks_exist_only_for_source_assignments():
    assert sorted(p.name for p in (ROOT / "release").iterdir() if p.is_dir()) == ASSIGNMENTS
    assert sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir()) == ASSIGNMENTS
