"""Grade a cohort: every submission executed in parallel on Dask, graded by nbgrader, then feedback,
grades and a report.

The coordinator (this process) is the only one that touches the course folder and the gradebook:
for each submission it runs nbgrader's own sanitising steps (test cells and grading metadata
restored from the gradebook), then sends the sanitised notebook, the course's source notebook and
the assignment's other files to a Dask worker as data. The worker executes it with
:mod:`course.grading.runner` (the learner's cells sandboxed, the course's tests out of their
reach) and sends the executed notebook back. Here nbgrader's autograde then runs with that result
in place of its Execute step and saves the grades; HTML feedback follows on all local cores once
every submission is graded. One writer keeps the gradebook consistent, on SQLite or PostgreSQL alike.

Submissions already graded are not graded again unless ``force``, so an interrupted run resumes
where it stopped.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import os
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from course.grading import runner
from course.grading.preprocessors import (
    AUTOGRADE_PREPROCESSORS,
    PROBLEM_KEY,
    SANITIZE_PREPROCESSORS,
    LinkedSubmission,
    ReplayExecute,
    refuse_links,
)


@dataclass
class Outcome:
    student: str
    status: str  # "graded", "skipped" (already graded), "ungradable"
    seconds: float = 0.0
    reason: str | None = None
    flags: list[str] = field(default_factory=list)


@dataclass
class CohortReport:
    assignment: str
    outcomes: list[Outcome] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    max_score: float = 0.0
    failure_rates: dict[str, float] = field(default_factory=dict)  # grade id -> share of students failing
    files: list[Path] = field(default_factory=list)


class Malformed(ValueError):
    """A submitted notebook that cannot be read as a notebook, or matched to the course's."""


def load_config(root: Path):
    """The course's nbgrader configuration, with the tamper-resistant pipeline and a patient SQLite."""
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    config.Autograde.sanitize_preprocessors = SANITIZE_PREPROCESSORS
    config.Autograde.autograde_preprocessors = AUTOGRADE_PREPROCESSORS
    config.ReplayExecute.source_directory = str(root / "source")
    if "timeout" not in config.ReplayExecute and "timeout" in config.Execute:
        config.ReplayExecute.timeout = config.Execute.timeout
    db_url = str(config.CourseDirectory.db_url)
    if db_url.startswith("sqlite:") and "timeout=" not in db_url:  # formgrader may hold the lock a moment
        config.CourseDirectory.db_url = f"{db_url}?timeout=120"
    return config


def sanitize(path: Path, config, assignment: str, student: str) -> NotebookNode:
    """Exactly what nbgrader's autograde will execute for this notebook: its own sanitising steps."""
    try:
        nb = nbformat.read(str(path), as_version=4)
        nbformat.validate(nb)
    except Exception as exc:
        raise Malformed(f"malformed notebook {path.name}: {type(exc).__name__}: "
                        f"{str(exc).splitlines()[0][:150] if str(exc) else ''}") from None
    resources = {"unique_key": path.stem, "output_files_dir": f"{path.stem}_files",
                 "metadata": {"path": str(path.parent)},
                 "nbgrader": {"student": student, "assignment": assignment, "notebook": path.stem,
                              "db_url": str(config.CourseDirectory.db_url)}}
    try:
        for preprocessor in SANITIZE_PREPROCESSORS:
            nb, resources = preprocessor(config=config).preprocess(nb, resources)
    except LinkedSubmission as exc:
        raise Malformed(str(exc)) from None
    except Exception as exc:  # nbgrader's own steps fail on some edited notebooks: this one, not the cohort
        raise Malformed(f"{path.name}: its cells no longer match the course's (a course cell deleted, or "
                        f"grading metadata edited?): {type(exc).__name__}: {str(exc)[:150]}") from None
    return nbformat.reads(nbformat.writes(nb), as_version=4)  # as nbgrader writes and reads it back


def no_links(folder: Path) -> None:
    """Raise Malformed if the submission holds symbolic links (see ``refuse_links``), before any of
    its files is read."""
    try:
        refuse_links(folder)
    except LinkedSubmission as exc:
        raise Malformed(str(exc)) from None


def _by_grade_id(nb: NotebookNode) -> dict[str, NotebookNode]:
    cells = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader")
        if isinstance(meta, dict) and meta.get("grade_id"):
            cells.setdefault(meta["grade_id"], cell)
    return cells


def tampering(raw_path: Path, sanitized: NotebookNode, released: NotebookNode | None) -> list[str]:
    """What the sanitising restored: deleted or edited course cells and changed grading metadata
    (compared with the released notebook the learner started from)."""
    try:
        raw = nbformat.read(str(raw_path), as_version=4)
    except Exception:
        return []
    by_id, release = _by_grade_id(raw), _by_grade_id(released) if released is not None else {}
    found = []
    for cell in sanitized.cells:
        meta = cell.metadata.get("nbgrader", {})
        grade_id = meta.get("grade_id")
        if not grade_id or meta.get("solution") or not (meta.get("locked") or meta.get("grade")):
            continue
        mine = by_id.get(grade_id)
        if mine is None:
            found.append(f"cell {grade_id}: deleted (restored)")
            continue
        theirs = mine.metadata.get("nbgrader", {})
        original = release.get(grade_id, cell).source
        if mine.source.strip() != original.strip():
            found.append(f"cell {grade_id}: edited (restored)")
        changed = [k for k in ("grade", "solution", "locked", "points")
                   if k in meta and theirs.get(k) != meta.get(k) and not (k == "points" and
                                                                          _same_number(theirs.get(k), meta[k]))]
        if changed:
            found.append(f"cell {grade_id}: grading metadata changed ({', '.join(changed)}; restored)")
    return found


def _same_number(a, b) -> bool:
    try:
        return float(a) == float(b)
    except (TypeError, ValueError):
        return False


def _reason(lines: list[str]) -> str:
    for line in reversed(lines):
        if "Error" in line or "error" in line or "failed" in line:
            return line.strip()[:300]
    return (lines[-1].strip()[:300] if lines else "nbgrader autograde failed")


def collect_zips(root: Path, assignment: str, archives: list[Path]) -> list[str]:
    """Put LMS downloads (zip files) in nbgrader's ``downloaded/`` layout and run ``nbgrader zip_collect``;
    return the students whose submissions it collected."""
    import shutil

    root = Path(root).resolve()
    before = set(students(root, assignment))
    archive = root / "downloaded" / assignment / "archive"
    archive.mkdir(parents=True, exist_ok=True)
    for path in archives:
        shutil.copy2(path, archive / Path(path).name)
    if not (root / "release" / assignment).is_dir():
        run_nbgrader(root, "generate_assignment", assignment, "--force")
    run_nbgrader(root, "zip_collect", assignment, "--force")
    return sorted(set(students(root, assignment)) - before)


def students(root: Path, assignment: str) -> list[str]:
    folder = root / "submitted"
    return sorted(p.name for p in folder.iterdir() if (p / assignment).is_dir()) if folder.is_dir() else []


def _quiet_libraries() -> None:
    """nbgrader's gradebook and nbformat warn about things that are not the instructor's concern."""
    import warnings

    from sqlalchemy.exc import SAWarning

    warnings.filterwarnings("ignore", category=SAWarning)
    warnings.filterwarnings("ignore", message="Cell is missing an id field")
    warnings.filterwarnings("ignore", message="Alternative text is missing")


def graded_already(root: Path, assignment: str, db_url: str) -> set[str]:
    """Students whose grading finished: in the gradebook, and every autograded notebook written by
    nbgrader's autograde step (which records the execution's outcome in its metadata)."""
    from nbgrader.api import Gradebook, MissingEntry

    done = set()
    with Gradebook(db_url) as gb:
        for student in students(root, assignment):
            try:
                gb.find_submission(assignment, student)
            except MissingEntry:
                continue
            if _autograded(root, assignment, student):
                done.add(student)
    return done


def _autograded(root: Path, assignment: str, student: str) -> bool:
    """nbgrader's autograde step finished every notebook of this submission (it records the
    execution's outcome in the notebook's metadata)."""
    notebooks = sorted((root / "autograded" / student / assignment).glob("*.ipynb"))
    return bool(notebooks) and all(_finished(path) for path in notebooks)


def _finished(path: Path) -> bool:
    try:
        return PROBLEM_KEY in nbformat.read(str(path), as_version=4).metadata
    except Exception:  # half-written or damaged: grade it again
        return False


def _progress(done: int, total: int, start: float, out) -> None:
    elapsed = time.perf_counter() - start
    rate = done / elapsed if elapsed > 0 else 0.0
    left = (total - done) / rate if rate > 0 else float("nan")
    bar = "#" * int(30 * done / max(total, 1))
    eta = f"{left:4.0f} s left" if left == left else "     "
    print(f"\r  [{bar:<30}] {done}/{total}  {rate:4.2f}/s  {eta}", end="", file=out, flush=True)


def _client(jobs: int | None, scheduler: str | None):
    from distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler, timeout=60), None
    cluster = LocalCluster(n_workers=jobs or os.cpu_count() or 1, threads_per_worker=1, processes=True,
                           dashboard_address=None)
    return Client(cluster), cluster


def grade(root: Path, assignment: str, *, jobs: int | None = None, scheduler: str | None = None,
          force: bool = False, out=sys.stdout, feedback: bool = True,
          on_result: Callable[[Outcome], None] | None = None) -> CohortReport:
    """Grade every submission of ``assignment`` in the course folder ``root``. ``feedback=False``
    leaves out the HTML feedback (nbconvert's share of the time), for measuring."""
    from distributed import as_completed
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    root = Path(root).resolve()
    _quiet_libraries()
    config = load_config(root)
    db_url = str(config.CourseDirectory.db_url)
    _ensure_assignment(root, assignment, db_url)
    everyone = students(root, assignment)
    skip = set() if force else graded_already(root, assignment, db_url)
    todo = [s for s in everyone if s not in skip]
    report = CohortReport(assignment, [Outcome(s, "skipped") for s in sorted(skip)])
    print(f"Grading {assignment}: {len(todo)} submission(s) to grade, {len(skip)} already in the gradebook.",
          file=out)
    source_dir = root / "source" / assignment
    sources = {p.stem: p.read_text() for p in sorted(source_dir.glob("*.ipynb"))}
    source_files = runner.read_folder(source_dir)
    released = {}
    for name in sources:
        with contextlib.suppress(OSError, ValueError):
            released[name] = nbformat.read(str(root / "release" / assignment / f"{name}.ipynb"), as_version=4)
    executor = ReplayExecute(config=config)  # the course's limits, as plain `nbgrader autograde` applies them
    limits, timeout = dataclasses.asdict(executor.limits()), float(executor.timeout)
    if not todo:
        if feedback:  # a run stopped during feedback: finish it
            _feedback(report, root, assignment, jobs, out)
        return _finish(report, root, config, out)
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    client, cluster = _client(jobs, scheduler)
    start = time.perf_counter()
    try:
        pending, waiting, flags, began = {}, {}, {}, {}
        for student in todo:
            began[student] = time.perf_counter()
            folder = root / "submitted" / student / assignment
            try:
                no_links(folder)
                files = {**runner.read_folder(folder), **source_files}  # nbgrader overwrites them with the course's
                prepared = {}
                for name in sources:
                    path = folder / f"{name}.ipynb"
                    if path.is_file():
                        prepared[name] = sanitize(path, config, assignment, student)
            except Malformed as exc:
                report.outcomes.append(Outcome(student, "ungradable", 0.0, str(exc)))
                continue
            flags[student] = [f for name, nb in prepared.items()
                              for f in tampering(folder / f"{name}.ipynb", nb, released.get(name))]
            waiting[student] = set(prepared)
            for name, nb in prepared.items():
                payload = {"notebook": nbformat.writes(nb), "source": sources[name], "files": files,
                           "source_files": source_files, "timeout": timeout, "limits": limits}
                future = client.submit(runner.execute_payload, payload, key=f"grade-{assignment}-{student}-{name}",
                                       pure=False)
                pending[future] = (student, name)
        total, done = len(todo), len([o for o in report.outcomes if o.status == "ungradable"])
        _progress(done, total, start, out)
        for student in [s for s, names in waiting.items() if not names]:  # nothing submitted: nbgrader gives 0
            report.outcomes.append(_autograde(api, root, assignment, student, began[student], [], {}))
            done += 1
        for future in as_completed(list(pending)):
            student, name = pending.pop(future)
            try:
                result = future.result()
                run = runner.Execution(nbformat.reads(result["notebook"], as_version=4), result.get("problem"),
                                       list(result.get("flags") or []), float(result.get("seconds", 0.0)))
            except Exception as exc:  # the worker died or the task failed: grade it here instead
                run = None
                flags[student].append(f"{name}: the worker could not run it ({type(exc).__name__}: {exc})"[:300])
            if run is not None:
                ReplayExecute.results[(assignment, student, name)] = run
            waiting[student].discard(name)
            if waiting[student]:
                continue
            outcome = _autograde(api, root, assignment, student, began[student], flags[student], sources)
            report.outcomes.append(outcome)
            if on_result:
                on_result(outcome)
            done += 1
            _progress(done, total, start, out)
        print(file=out)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    if feedback:
        _feedback(report, root, assignment, jobs, out)
    return _finish(report, root, config, out)


def _feedback_one(root: str, assignment: str, student: str) -> bool:
    """nbgrader's generate_feedback for one student (in one of the coordinator's processes)."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    _quiet_libraries()
    config = load_config(Path(root))
    api = NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)
    return bool(api.generate_feedback(assignment, student, force=True).get("success"))


def _feedback(report: CohortReport, root: Path, assignment: str, jobs: int | None, out) -> None:
    """HTML feedback for every finished submission that lacks it, on all local cores once grading is
    done (nbconvert's share: about 2 s a notebook)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    now = {o.student for o in report.outcomes if o.status != "skipped"}
    need = [s for s in students(root, assignment) if _autograded(root, assignment, s)
            and (s in now or not any((root / "feedback" / s / assignment).glob("*.html")))]
    if not need:
        return
    print(f"Feedback for {len(need)} submission(s):", file=out)
    start, by_student = time.perf_counter(), {o.student: o for o in report.outcomes}
    workers = min(len(need), jobs or os.cpu_count() or 1)
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {pool.submit(_feedback_one, str(root), assignment, s): s for s in need}
        _progress(0, len(need), start, out)
        for done, future in enumerate(as_completed(futures), start=1):
            student = futures[future]
            try:
                ok = future.result()
            except Exception:  # a crashed helper process: say so, keep the grade
                ok = False
            outcome = by_student.get(student)
            if not ok and outcome is not None:
                outcome.status = "ungradable"
                outcome.reason = "; ".join(filter(None, [outcome.reason, "feedback could not be generated"]))
            _progress(done, len(need), start, out)
    print(file=out)


def _autograde(api, root: Path, assignment: str, student: str, began: float, flags: list[str],
               sources: dict) -> Outcome:
    """nbgrader's autograde for one student, with the worker's execution replayed."""
    result = api.autograde(assignment, student, force=True, create=True)
    for name in sources:
        ReplayExecute.results.pop((assignment, student, name), None)
    if not result.get("success"):
        detail = (result.get("error") or result.get("log") or "").strip().splitlines()
        return Outcome(student, "ungradable", time.perf_counter() - began, _reason(detail), flags)
    problems = []
    for path in sorted((root / "autograded" / student / assignment).glob("*.ipynb")):
        try:
            meta = nbformat.read(str(path), as_version=4).metadata.get(PROBLEM_KEY, {})
        except Exception:
            meta = {"problem": f"{path.name} could not be read back"}
        flags = flags + [f for f in meta.get("flags", []) if f not in flags]
        if meta.get("problem"):
            problems.append(meta["problem"])
    seconds = time.perf_counter() - began
    if problems:
        return Outcome(student, "ungradable", seconds, "; ".join(problems), flags)
    return Outcome(student, "graded", seconds, None, flags)


def _finish(report: CohortReport, root: Path, config, out) -> CohortReport:
    from nbgrader.api import Gradebook
    from nbgrader.plugins import CsvExportPlugin

    db_url = str(config.CourseDirectory.db_url)
    exporter = CsvExportPlugin(config=config)  # what `nbgrader export` runs, in this process
    exporter.to = str(root / "grades.csv")
    with Gradebook(db_url) as gb:
        exporter.export(gb)
    _collect(report, root, db_url)
    _write_report(report, root)
    _summary(report, out)
    return report


def run_nbgrader(root: Path, *args: str) -> None:
    """``nbgrader <args>`` in the course folder ``root`` (errors only on the console); raises if it fails."""
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
    run_nbgrader(root, "generate_assignment", assignment, "--force")


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
        writer.writerow(["student", "status", "score", "max_score", "reason", "seconds", "review"])
        for o in sorted(report.outcomes, key=lambda o: o.student):
            writer.writerow([o.student, o.status, report.scores.get(o.student, ""), report.max_score,
                             o.reason or "", f"{o.seconds:.1f}", "; ".join(o.flags)])
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
    flagged = sorted((o for o in report.outcomes if o.flags), key=lambda o: o.student)
    if flagged:
        print(f"  flagged for review ({len(flagged)}): " + "; ".join(
            f"{o.student} ({o.flags[0]}{' ...' if len(o.flags) > 1 else ''})" for o in flagged[:10]), file=out)
    hardest = sorted(report.failure_rates.items(), key=lambda kv: -kv[1])[:5]
    if hardest:
        print("  hardest tests: " + ", ".join(f"{name} ({rate:.0%} fail)" for name, rate in hardest), file=out)
    print("  wrote: " + ", ".join(str(p) for p in report.files), file=out)
