"""Grade a cohort: every submission autograded in parallel on Dask, then feedback, grades and a report.

Each submission is one task on Dask's distributed scheduler (a LocalCluster by default, or an
existing cluster with ``--scheduler``); a task runs nbgrader's own autograde for that student with
the execution sandboxed (``course.grading.autograde_one``). Submissions already in the gradebook are
not graded again unless ``force``, so an interrupted run resumes where it stopped.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from course.grading.preprocessors import PROBLEM_KEY


@dataclass
class Outcome:
    student: str
    status: str  # "graded", "skipped" (already graded), "ungradable"
    seconds: float = 0.0
    reason: str | None = None


@dataclass
class CohortReport:
    assignment: str
    outcomes: list[Outcome] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    max_score: float = 0.0
    failure_rates: dict[str, float] = field(default_factory=dict)  # grade id -> share of students failing
    files: list[Path] = field(default_factory=list)


def grade_submission(root: str, assignment: str, student: str, force: bool, limit: float) -> Outcome:
    """One task: nbgrader autograde for one student, in a fresh process. Runs on a Dask worker."""
    start = time.perf_counter()
    for path in sorted((Path(root) / "submitted" / student / assignment).glob("*.ipynb")):
        try:
            nbformat.validate(nbformat.read(str(path), as_version=4))
        except Exception as exc:
            return Outcome(student, "ungradable", time.perf_counter() - start,
                           f"malformed notebook {path.name}: {type(exc).__name__}: {str(exc).splitlines()[0][:150]}")
    cmd = [sys.executable, "-m", "course.grading.autograde_one", root, assignment, student]
    try:
        proc = subprocess.run(cmd + (["--force"] if force else []), capture_output=True, text=True, timeout=limit)
        result = json.loads(proc.stdout.strip().splitlines()[-1]) if proc.stdout.strip() else {}
    except subprocess.TimeoutExpired:
        return Outcome(student, "ungradable", time.perf_counter() - start, f"grading took longer than {limit:g} s")
    except (ValueError, IndexError):
        result = {}
    seconds = time.perf_counter() - start
    if not result.get("success"):
        detail = (result.get("error") or result.get("log") or proc.stderr or "").strip().splitlines()
        return Outcome(student, "ungradable", seconds, _reason(detail))
    problems = []
    for path in sorted((Path(root) / "autograded" / student / assignment).glob("*.ipynb")):
        try:
            meta = nbformat.read(str(path), as_version=4).metadata.get(PROBLEM_KEY, {})
        except Exception:
            meta = {"problem": f"{path.name} could not be read back"}
        if meta.get("problem"):
            problems.append(meta["problem"])
    if problems:
        return Outcome(student, "ungradable", seconds, "; ".join(problems))
    return Outcome(student, "graded", seconds)


def _reason(lines: list[str]) -> str:
    for line in reversed(lines):
        if "Error" in line or "error" in line or "failed" in line:
            return line.strip()[:300]
    return (lines[-1].strip()[:300] if lines else "nbgrader autograde failed")


def students(root: Path, assignment: str) -> list[str]:
    folder = root / "submitted"
    return sorted(p.name for p in folder.iterdir() if (p / assignment).is_dir()) if folder.is_dir() else []


def graded_already(root: Path, assignment: str, db_url: str) -> set[str]:
    from nbgrader.api import Gradebook, MissingEntry

    done = set()
    with Gradebook(db_url) as gb:
        for student in students(root, assignment):
            try:
                gb.find_submission(assignment, student)
            except MissingEntry:
                continue
            if (root / "autograded" / student / assignment).is_dir():
                done.add(student)
    return done


def _progress(done: int, total: int, start: float, out) -> None:
    elapsed = time.perf_counter() - start
    rate = done / elapsed if elapsed > 0 else 0.0
    left = (total - done) / rate if rate > 0 else float("nan")
    bar = "#" * int(30 * done / max(total, 1))
    eta = f"{left:4.0f} s left" if left == left else "     "
    print(f"\r  [{bar:<30}] {done}/{total}  {rate:4.2f}/s  {eta}", end="", file=out, flush=True)


def grade(root: Path, assignment: str, *, jobs: int | None = None, scheduler: str | None = None,
          force: bool = False, limit: float = 1800.0, out=sys.stdout,
          submit_hook: Callable[[str], None] | None = None) -> CohortReport:
    """Grade every submission of ``assignment`` in the course folder ``root``."""
    from distributed import Client, LocalCluster, as_completed

    root = Path(root).resolve()
    db_url = _db_url(root)
    _ensure_assignment(root, assignment, db_url)
    everyone = students(root, assignment)
    skip = set() if force else graded_already(root, assignment, db_url)
    todo = [s for s in everyone if s not in skip]
    report = CohortReport(assignment, [Outcome(s, "skipped") for s in sorted(skip)])
    print(f"Grading {assignment}: {len(todo)} submission(s) to grade, {len(skip)} already in the gradebook.",
          file=out)
    if todo:
        cluster = None
        if scheduler:
            client = Client(scheduler)
        else:
            cluster = LocalCluster(n_workers=jobs or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
            client = Client(cluster)
        try:
            futures = [client.submit(grade_submission, str(root), assignment, s, force, limit,
                                     key=f"grade-{assignment}-{s}", pure=False) for s in todo]
            start = time.perf_counter()
            _progress(0, len(todo), start, out)
            for done, future in enumerate(as_completed(futures), start=1):
                report.outcomes.append(future.result())
                _progress(done, len(todo), start, out)
            print(file=out)
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
    _nbgrader(root, "generate_feedback", assignment, "--force")
    _nbgrader(root, "export", f"--to={root / 'grades.csv'}")
    _collect(report, root, db_url)
    _write_report(report, root)
    _summary(report, out)
    return report


def _db_url(root: Path) -> str:
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    return str(config.CourseDirectory.db_url)


def _nbgrader(root: Path, *args: str) -> None:
    result = subprocess.run([sys.executable, "-m", "nbgrader", *args, "--log-level=ERROR"], cwd=root,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"nbgrader {args[0]} failed:\n{result.stderr[-2000:]}")


def _ensure_assignment(root: Path, assignment: str, db_url: str) -> None:
    from nbgrader.api import Gradebook, MissingEntry

    try:
        with Gradebook(db_url) as gb:
            gb.find_assignment(assignment)
            return
    except MissingEntry:
        pass
    _nbgrader(root, "generate_assignment", assignment, "--force")


def _collect(report: CohortReport, root: Path, db_url: str) -> None:
    from nbgrader.api import Gradebook, MissingEntry

    failures: dict[str, list[bool]] = {}
    with Gradebook(db_url) as gb:
        report.max_score = gb.find_assignment(report.assignment).max_score
        for student in students(root, report.assignment):
            try:
                submission = gb.find_submission(report.assignment, student)
            except MissingEntry:
                continue
            report.scores[student] = submission.score
            for notebook in submission.notebooks:
                for g in notebook.grades:
                    if g.auto_score is not None and g.max_score:
                        failures.setdefault(g.name, []).append(g.auto_score < g.max_score)
    report.failure_rates = {name: sum(flags) / len(flags) for name, flags in failures.items()}


def _write_report(report: CohortReport, root: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder = root / "reports" / report.assignment
    folder.mkdir(parents=True, exist_ok=True)
    tests_csv = folder / "tests.csv"
    with open(tests_csv, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["grade_id", "failure_rate"])
        for name, rate in sorted(report.failure_rates.items(), key=lambda kv: -kv[1]):
            writer.writerow([name, f"{rate:.3f}"])
    students_csv = folder / "students.csv"
    with open(students_csv, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student", "status", "score", "max_score", "reason", "seconds"])
        for o in sorted(report.outcomes, key=lambda o: o.student):
            writer.writerow([o.student, o.status, report.scores.get(o.student, ""), report.max_score,
                             o.reason or "", f"{o.seconds:.1f}"])
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5), layout="constrained")
    left.hist(list(report.scores.values()), bins=min(20, max(5, len(report.scores))), color="#4C72B0")
    left.set_xlabel(f"score (of {report.max_score:g})")
    left.set_ylabel("students")
    left.set_title(f"{report.assignment}: scores of {len(report.scores)} students")
    names = sorted(report.failure_rates, key=report.failure_rates.get)
    right.barh(names, [100 * report.failure_rates[n] for n in names], color="#C44E52")
    right.set_xlabel("students failing the test (%)")
    right.set_title("Where the cohort struggles")
    figure = folder / "cohort.png"
    fig.savefig(figure, dpi=110)
    plt.close(fig)
    report.files = [root / "grades.csv", students_csv, tests_csv, figure]


def _summary(report: CohortReport, out) -> None:
    graded = [o for o in report.outcomes if o.status == "graded"]
    earlier = [o for o in report.outcomes if o.status == "skipped"]
    ungradable = [o for o in report.outcomes if o.status == "ungradable"]
    scores = list(report.scores.values())
    mean = sum(scores) / len(scores) if scores else 0.0
    print(f"{len(graded)} graded now, {len(earlier)} graded earlier, {len(ungradable)} ungradable; "
          f"mean score {mean:.1f} / {report.max_score:g}", file=out)
    for o in sorted(ungradable, key=lambda o: o.student):
        print(f"  ungradable: {o.student}: {o.reason}", file=out)
    hardest = sorted(report.failure_rates.items(), key=lambda kv: -kv[1])[:5]
    if hardest:
        print("  hardest tests: " + ", ".join(f"{name} ({rate:.0%} fail)" for name, rate in hardest), file=out)
    print("  wrote: " + ", ".join(str(p) for p in report.files), file=out)
