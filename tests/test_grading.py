"""Cohort grading end to end: the real nbgrader and gradebook, Dask workers, the sandbox."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from conftest import BIN, ROOT, free_port, run, stop
from nbgrader.api import Gradebook

from course.grading.preprocessors import STOCK_PIPELINE

pytestmark = pytest.mark.slow
if shutil.which("bwrap") is None and not os.environ.get("CI"):
    pytest.skip("bubblewrap is not installed (apt-get install bubblewrap)", allow_module_level=True)

ASSIGNMENT = "02_coding"
SOLUTION = ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"


def _submit(course: Path, student: str, notebook: nbformat.NotebookNode | str) -> None:
    folder = course / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True)
    target = folder / f"{ASSIGNMENT}.ipynb"
    if isinstance(notebook, str):
        target.write_text(notebook)
    else:
        nbformat.write(notebook, str(target))


def _solution_with(grade_id: str, extra: str, replace: tuple[str, str] | None = None) -> nbformat.NotebookNode:
    nb = nbformat.read(str(SOLUTION), as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            if replace:
                assert replace[0] in cell.source
                cell.source = cell.source.replace(*replace)
            cell.source += extra
    return nb


def _cohort(course_copy: Path) -> Path:
    with open(course_copy / "nbgrader_config.py", "a") as config:
        config.write("\nc.ReplayExecute.timeout = 10\nc.ReplayExecute.wall_seconds = 180\n")
    run(["nbgrader", "generate_assignment", ASSIGNMENT, "--force"], cwd=course_copy)
    _submit(course_copy, "alice", nbformat.read(str(SOLUTION), as_version=4))
    _submit(course_copy, "bob", nbformat.read(str(course_copy / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"),
                                              as_version=4))
    # carol's predict never returns: the test cell that calls it hits the time limit.
    endless = ("        X = np.asarray(X, dtype=np.float64)\n        train_sq",
               "        while True:\n            pass\n        train_sq")
    _submit(course_copy, "carol", _solution_with("knn", "", endless))
    _submit(course_copy, "dave", _solution_with("knn", "\nimport os\nos._exit(1)\n"))
    _submit(course_copy, "erin", '{"cells": [ this is not a notebook')
    return course_copy


def _scores(course: Path) -> dict[str, dict[str, float]]:
    out = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student in gb.students:
            try:
                submission = gb.find_submission(ASSIGNMENT, student.id)
            except Exception:
                continue
            out[student.id] = {g.name: g.score for nb in submission.notebooks for g in nb.grades}
    return out


def test_grade_a_cohort_with_local_dask_workers(course_copy):
    course = _cohort(course_copy)
    protected = {p: p.read_bytes() for p in (course / "source").rglob("*") if p.is_file()}
    result = run([sys.executable, "-m", "course", "grade", ASSIGNMENT, "--jobs", "2"], cwd=course, timeout=900)
    scores = _scores(course)
    assert sum(scores["alice"].values()) == 30 and sum(scores["bob"].values()) == 0
    with open(course / "reports" / ASSIGNMENT / "students.csv") as handle:
        rows = {r["student"]: r for r in csv.DictReader(handle)}
    assert rows["alice"]["status"] == "graded" and rows["bob"]["status"] == "graded"
    assert rows["carol"]["status"] == "ungradable" and "infinite loop" in rows["carol"]["reason"]
    assert rows["dave"]["status"] == "ungradable" and "process ended" in rows["dave"]["reason"]
    assert rows["erin"]["status"] == "ungradable" and "malformed notebook" in rows["erin"]["reason"]
    # The looping and crashing submissions keep the points they earned before the problem, no more.
    assert scores["carol"]["test_knn"] == 0 and scores["carol"]["test_attention_values"] == 2
    assert scores["dave"]["test_knn"] == 0
    assert (course / "grades.csv").read_text().count("\n") >= 5
    assert (course / "feedback" / "alice" / ASSIGNMENT / f"{ASSIGNMENT}.html").is_file()
    assert (course / "reports" / ASSIGNMENT / "cohort.png").stat().st_size > 10_000
    assert "3 ungradable" in result.stdout and "hardest tests: test_knn" in result.stdout
    assert all(p.read_bytes() == data for p, data in protected.items()), "a submission changed the course"
    # Honest submissions get exactly the grades plain nbgrader autograde gives them.
    plain = course.parent / "plain"
    plain.mkdir()
    shutil.copytree(course / "source", plain / "source")
    (plain / "nbgrader_config.py").write_text((ROOT / "nbgrader_config.py").read_text() + STOCK_PIPELINE)
    run(["nbgrader", "generate_assignment", ASSIGNMENT, "--force"], cwd=plain)
    for student in ("alice", "bob"):
        shutil.copytree(course / "submitted" / student, plain / "submitted" / student)
    run(["nbgrader", "autograde", ASSIGNMENT], cwd=plain, timeout=600)
    expected = _scores(plain)
    assert {s: scores[s] for s in ("alice", "bob")} == expected
    # An interrupted run resumes: nothing already in the gradebook is graded again.
    again = run([sys.executable, "-m", "course", "grade", ASSIGNMENT, "--jobs", "1"], cwd=course, timeout=600)
    assert "1 submission(s) to grade, 4 already in the gradebook" in again.stdout  # only erin is retried



def test_grade_on_a_dask_cluster_with_two_worker_processes(course_copy):
    course = course_copy
    run(["nbgrader", "generate_assignment", ASSIGNMENT, "--force"], cwd=course)
    _submit(course, "alice", nbformat.read(str(SOLUTION), as_version=4))
    _submit(course, "bob", _solution_with("decision_tree", "\n    def predict(self, X):\n        return X[:, 0]\n"))
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs = [subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)]
    try:
        time.sleep(2)
        for _ in range(2):
            procs.append(subprocess.Popen([str(BIN / "dask"), "worker", address, "--nthreads", "1",
                                           "--nworkers", "1", "--no-dashboard"], cwd=course,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                          start_new_session=True))
        from distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=60)
            assert len(client.scheduler_info()["workers"]) == 2
        result = run([sys.executable, "-m", "course", "grade", ASSIGNMENT, "--scheduler", address], cwd=course,
                     timeout=900)
    finally:
        for proc in reversed(procs):  # workers first, then the scheduler
            stop(proc)
    scores = _scores(course)
    assert sum(scores["alice"].values()) == 30
    assert scores["bob"]["test_tree_fit_predict"] == 0 and sum(scores["bob"].values()) < 30
    assert "2 graded now" in result.stdout


def test_grade_outside_a_course_folder_says_so(tmp_path):
    result = run([sys.executable, "-m", "course", "grade", ASSIGNMENT], cwd=tmp_path, check=False)
    assert result.returncode == 2 and "is not a course folder" in result.stderr
    result = run([sys.executable, "-m", "course", "grade", "99_nope"], cwd=ROOT, check=False)
    assert result.returncode == 2 and "no assignment '99_nope'" in result.stderr
