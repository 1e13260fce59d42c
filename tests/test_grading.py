"""Cohort grading end to end: the real nbgrader and gradebook, Dask workers, the sandbox."""

from __future__ import annotations

import csv
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import nbformat
import pytest
from conftest import BIN, ROOT, free_port, run, stop
from nbgrader.api import Gradebook

from course.grading import cohort, demo
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


def _snapshot(course: Path) -> dict[Path, bytes]:
    """Every file a submission must not change: the course's own, and every learner's submission."""
    files = [course / "nbgrader_config.py", *(course / "source").rglob("*"), *(course / "release").rglob("*"),
             *(course / "submitted").rglob("*")]
    return {p: p.read_bytes() for p in files if p.is_file()}


def test_the_demo_cohort_end_to_end(tmp_path):
    """Correct, partial, buggy, blank, tampered, endless, crashing and malformed submissions, graded
    by `python -m course grade` on a local Dask cluster with the real nbgrader and gradebook."""
    course = tmp_path / "demo"
    manifest = demo.prepare(course, ROOT)
    assert 28 <= len(manifest) <= 34
    with open(course / "nbgrader_config.py", "a") as config:
        config.write("\nc.ReplayExecute.wall_seconds = 180\n")  # the demo already limits each cell to 10 s
    before = _snapshot(course)
    result = run([sys.executable, "-m", "course", "grade", ASSIGNMENT, "--jobs", "2"], cwd=course, timeout=900)
    assert _snapshot(course) == before, "a submission changed a file outside its own folder"
    scores = {s: sum(g.values()) for s, g in _scores(course).items()}
    with open(course / "reports" / ASSIGNMENT / "students.csv") as handle:
        rows = {r["student"]: r for r in csv.DictReader(handle)}
    kinds = {s: info["kind"] for s, info in manifest.items()}
    for student, kind in kinds.items():
        row = rows[student]
        if kind == "correct":
            assert scores[student] == 30 and row["status"] == "graded" and not row["review"], row
        elif kind in ("partly correct", "buggy"):
            assert 0 < scores[student] < 30 and row["status"] == "graded" and not row["review"], row
        elif kind == "blank":
            assert scores[student] == 0 and not row["review"], row
        elif kind == "tampered":
            base = manifest[student]["base"]
            assert scores[student] <= scores[base], f"{student} scored {scores[student]} > {base}'s {scores[base]}"
            assert row["review"] or manifest[student].get("quiet"), f"{student} is not flagged for review"
        elif kind == "malformed":
            assert row["status"] == "ungradable" and "malformed notebook" in row["reason"], row
    # No feedback runs the learner's script when opened; the course's own markup (reveals) survives.
    for page in (course / "feedback").rglob("*.html"):
        html = page.read_text()
        assert "<script>document.title" not in html and "onerror=" not in html and 'href="javascript:' not in html, page
    scripted = (course / "feedback" / "tampered-scripted-markdown" / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text()
    assert "My notes &lt;script&gt;" in scripted and "<details>" in scripted
    # Edited, relabelled and deleted test cells were graded as the course wrote them, hidden tests included.
    source_tests = {c.metadata["nbgrader"]["grade_id"]: c.source for c in
                    nbformat.read(str(course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"), as_version=4).cells
                    if c.metadata.get("nbgrader", {}).get("grade")}
    graded_nb = nbformat.read(str(course / "autograded" / "tampered-edited-tests" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"),
                              as_version=4)
    restored = {c.metadata["nbgrader"]["grade_id"]: c.source for c in graded_nb.cells
                if c.metadata.get("nbgrader", {}).get("grade")}
    assert set(restored) == set(source_tests)
    assert all(source_tests[k] in restored[k] for k in source_tests)  # a re-added cell starts with a notice
    assert "infinite loop" in rows["ungradable-endless-loop"]["reason"]
    assert "process ended" in rows["ungradable-exits"]["reason"]
    # The looping submission keeps the points it earned elsewhere, and loses only the looping test.
    graded = _scores(course)
    assert graded["ungradable-endless-loop"]["test_knn"] == 0 and scores["ungradable-endless-loop"] == 28
    assert "flagged for review" in result.stdout and "hardest tests:" in result.stdout
    assert (course / "grades.csv").read_text().count("\n") >= len(manifest) - 2
    assert (course / "feedback" / "correct-1" / ASSIGNMENT / f"{ASSIGNMENT}.html").is_file()
    assert (course / "reports" / ASSIGNMENT / "cohort.png").stat().st_size > 10_000

    # Stock nbgrader gives honest submissions the same grades, and falls for the tricks.
    plain = demo.new_course(tmp_path / "plain", ROOT, ASSIGNMENT, STOCK_PIPELINE)
    honest = ["correct-1", "partial-2", "buggy-attention-unstable", "buggy-kmeans-uniform-seeding", "blank-1"]
    fooled = ["tampered-input-transformer", "tampered-patch-checks"]
    for student in honest + fooled:
        shutil.copytree(course / "submitted" / student, plain / "submitted" / student)
    run(["nbgrader", "autograde", ASSIGNMENT], cwd=plain, timeout=600)
    stock = _scores(plain)
    assert {s: graded[s] for s in honest} == {s: stock[s] for s in honest}
    for student in fooled:
        assert sum(stock[student].values()) > scores["blank-1"], f"stock nbgrader was not fooled by {student}"

    # An interrupted run resumes: nothing already graded is graded again (the malformed two are retried).
    again = run([sys.executable, "-m", "course", "grade", ASSIGNMENT, "--jobs", "1"], cwd=course, timeout=600)
    assert f"2 submission(s) to grade, {len(manifest) - 2} already in the gradebook" in again.stdout


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


def test_a_notebook_nbgrader_cannot_match_is_that_submission_s_problem_not_the_run_s(tmp_path):
    # nbgrader's own sanitising raises KeyError when a test cell is deleted together with the cell
    # before it: the cohort run reports that one submission as ungradable, with the reason.
    course = demo.new_course(tmp_path / "course", ROOT)
    release = nbformat.read(str(course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"), as_version=4)
    nb = demo.fill(release, {})
    nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id")
                not in ("attention_example", "test_attention_shapes")]
    path = tmp_path / f"{ASSIGNMENT}.ipynb"
    nbformat.write(nb, str(path))
    with pytest.raises(cohort.Malformed, match="no longer match the course's"):
        cohort.sanitize(path, cohort.load_config(course), ASSIGNMENT, "someone")


def test_a_submission_with_symbolic_links_is_not_graded(tmp_path):
    folder = tmp_path / "submitted" / "someone" / ASSIGNMENT
    folder.mkdir(parents=True)
    (folder / f"{ASSIGNMENT}.ipynb").write_text("{}")
    cohort.no_links(folder)  # real files: fine
    (folder / "data").mkdir()
    (folder / "data" / "grades.db").symlink_to(tmp_path / "gradebook.db")
    with pytest.raises(cohort.Malformed, match="symbolic links"):
        cohort.no_links(folder)
    (folder / "data" / "grades.db").unlink()
    (folder / f"{ASSIGNMENT}.ipynb").unlink()
    (folder / f"{ASSIGNMENT}.ipynb").symlink_to(ROOT / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    with pytest.raises(cohort.Malformed, match=f"{ASSIGNMENT}.ipynb"):
        cohort.no_links(folder)


def test_plain_nbgrader_autograde_refuses_a_linked_notebook_too(tmp_path):
    # Formgrader's autograde button runs the course's pipeline without `python -m course grade`.
    course = demo.new_course(tmp_path / "course", ROOT)
    folder = course / "submitted" / "someone" / ASSIGNMENT
    folder.mkdir(parents=True)
    (folder / f"{ASSIGNMENT}.ipynb").symlink_to(course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    with pytest.raises(RuntimeError, match="symbolic links"):
        cohort.run_nbgrader(course, "autograde", ASSIGNMENT, "--student", "someone", "--create")
    assert not any(_scores(course).get("someone", {}).values())  # the course's own answers scored nothing


def test_grade_outside_a_course_folder_says_so(tmp_path):
    result = run([sys.executable, "-m", "course", "grade", ASSIGNMENT], cwd=tmp_path, check=False)
    assert result.returncode == 2 and "is not a course folder" in result.stderr
    result = run([sys.executable, "-m", "course", "grade", "99_nope"], cwd=ROOT, check=False)
    assert result.returncode == 2 and "no assignment '99_nope'" in result.stderr


@pytest.fixture
def postgres_url():
    """A real PostgreSQL server (Debian's package) on loopback, with an empty database; its URL."""
    initdb = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not initdb:
        if os.environ.get("CI"):
            raise RuntimeError("CI must install Debian's postgresql (.ci/run does)")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    bindir = initdb[-1].parent
    data = Path(tempfile.mkdtemp(prefix="gradebook-pg-"))
    demote = None
    if os.geteuid() == 0:  # the server refuses to run as root: run it as Debian's postgres user
        user = pwd.getpwnam("postgres")
        os.chown(data, user.pw_uid, user.pw_gid)

        def demote():
            os.setgid(user.pw_gid)
            os.setuid(user.pw_uid)
    subprocess.run([str(bindir / "initdb"), "-D", str(data / "db"), "-U", "grader", "-A", "trust", "--no-sync"],
                   check=True, capture_output=True, preexec_fn=demote)
    port = free_port()
    server = subprocess.Popen([str(bindir / "postgres"), "-D", str(data / "db"), "-p", str(port), "-h", "127.0.0.1",
                               "-k", str(data), "-F"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              preexec_fn=demote, start_new_session=True)
    try:
        for _ in range(100):
            ready = subprocess.run([str(bindir / "pg_isready"), "-h", "127.0.0.1", "-p", str(port)],
                                   capture_output=True)
            if ready.returncode == 0:
                break
            time.sleep(0.2)
        subprocess.run([str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "grader", "gradebook"],
                       check=True, capture_output=True)
        yield f"postgresql+psycopg://grader@127.0.0.1:{port}/gradebook"
    finally:
        stop(server)
        shutil.rmtree(data, ignore_errors=True)


def test_a_cohort_graded_into_a_postgresql_gradebook(course_copy, postgres_url):
    course = course_copy
    with open(course / "nbgrader_config.py", "a") as config:
        config.write(f"\nc.CourseDirectory.db_url = {postgres_url!r}\nc.ReplayExecute.timeout = 10\n")
    run(["nbgrader", "generate_assignment", ASSIGNMENT, "--force"], cwd=course)
    source = nbformat.read(str(course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"), as_version=4)
    release = nbformat.read(str(course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"), as_version=4)
    answers = demo.solved(source)
    _submit(course, "alice", demo.fill(release, answers))
    _submit(course, "bob", demo.fill(release, {k: v for k, v in answers.items() if k != "knn"}))
    _submit(course, "carol", demo.fill(release, {}))
    expected = {"alice": 30.0, "bob": 28.0, "carol": 0.0}
    for attempt in ("first", "forced again"):
        args = ["--jobs", "2"] + (["--force"] if attempt != "first" else [])
        run([sys.executable, "-m", "course", "grade", ASSIGNMENT, *args], cwd=course, timeout=600)
        assert not (course / "gradebook.db").exists()
        with Gradebook(postgres_url) as gb:
            grade_cells = len(gb.find_notebook(ASSIGNMENT, ASSIGNMENT).grade_cells)
            submissions = gb.find_assignment(ASSIGNMENT).submissions
            assert sorted(s.student.id for s in submissions) == sorted(expected), attempt  # none lost or doubled
            for submission in submissions:
                grades = [g for nb in submission.notebooks for g in nb.grades]
                assert len(grades) == grade_cells and len({g.name for g in grades}) == grade_cells
                assert submission.score == expected[submission.student.id], (attempt, submission.student.id)


def test_lms_downloads_are_collected_with_nbgrader_zip_collect(course_copy):
    course = course_copy
    run(["nbgrader", "generate_assignment", ASSIGNMENT, "--force"], cwd=course)
    release = (course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_bytes()
    archive = course.parent / "canvas-download.zip"
    with zipfile.ZipFile(archive, "w") as bundle:  # Canvas's file names
        bundle.writestr(f"smithalice_1001_2001_{ASSIGNMENT}.ipynb", release)
        bundle.writestr(f"jonesbob_late_1002_2002_{ASSIGNMENT}-1.ipynb", release)
    collected = cohort.collect_zips(course, ASSIGNMENT, [archive])
    assert collected == ["jonesbob", "smithalice"]
    for student in collected:
        assert (course / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_bytes() == release
