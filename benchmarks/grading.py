"""Cohort grading against stock ``nbgrader autograde``, on a generated cohort, in one run.

Prints the speed-up over serial stock ``nbgrader autograde`` (with identical grades), seconds per
submitted notebook, the cost of grading one submission as a ratio to one bare execution of the same
notebook (the floor), and throughput with 1 and 2 workers. Both sides are timed without HTML
feedback (stock autograde writes none); ``nbgrader generate_feedback`` is timed on its own.

    .venv/bin/python benchmarks/grading.py [--students 100]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbgrader.api import Gradebook

from course.grading.demo import new_course
from course.grading.preprocessors import STOCK_PIPELINE

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = "02_coding"
SOLUTION = ROOT / "solutions" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
BUG = ("    return concat @ W_o", "    return concat")  # a partly correct submission


def make_course(folder: Path, students: int, stock: bool = False) -> Path:
    new_course(folder, ROOT, ASSIGNMENT, STOCK_PIPELINE if stock else "")
    release = folder / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    for i in range(students):
        target = folder / "submitted" / f"student{i:03d}" / ASSIGNMENT
        target.mkdir(parents=True)
        if i % 5 == 4:
            shutil.copy2(release, target / f"{ASSIGNMENT}.ipynb")  # blank
            continue
        nb = nbformat.read(str(SOLUTION), as_version=4)
        if i % 5 == 3:
            for cell in nb.cells:
                cell.source = cell.source.replace(*BUG)
        nbformat.write(nb, str(target / f"{ASSIGNMENT}.ipynb"))
    return folder


def scores(course: Path) -> dict[str, float]:
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {s.student.id: s.score for s in gb.find_assignment(ASSIGNMENT).submissions}


def timed(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def bare_execution(folder: Path) -> float:
    nb = nbformat.read(str(SOLUTION), as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, kernel_name="python3", timeout=600, resources={"metadata": {"path": str(folder)}}).execute()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=100)
    args = parser.parse_args()
    n = args.students
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    with tempfile.TemporaryDirectory(prefix="grading-bench-") as tmp:
        tmp = Path(tmp)
        bare = min(bare_execution(tmp) for _ in range(3))
        plain = make_course(tmp / "plain", n, stock=True)
        serial = timed(["nbgrader", "autograde", ASSIGNMENT, "--log-level=ERROR"], plain)
        feedback = timed(["nbgrader", "generate_feedback", ASSIGNMENT, "--log-level=ERROR"], plain)
        results = {}
        for jobs in (1, 2):
            course = make_course(tmp / f"jobs{jobs}", n)
            seconds = timed([sys.executable, "-m", "course", "grade", ASSIGNMENT, "--jobs", str(jobs),
                             "--no-feedback"], course)
            results[jobs] = (seconds, scores(course))
        same = all(r[1] == scores(plain) for r in results.values())
        print(f"cohort of {n} submissions of {ASSIGNMENT} (4 in 5 correct or partly correct, 1 in 5 blank), "
              f"{os.cpu_count()} cores")
        print(f"  one bare execution of the notebook (kernel start included): {bare:6.2f} s")
        print(f"  serial stock nbgrader autograde:  {serial:7.1f} s  ({serial / n:5.2f} s per notebook)")
        for jobs, (seconds, _) in results.items():
            print(f"  python -m course grade --jobs {jobs}: {seconds:7.1f} s  ({seconds / n:5.2f} s per notebook, "
                  f"{n / seconds:5.2f} notebooks/s)")
        one = results[1][0]
        print(f"  speed-up over serial nbgrader with 2 workers: {serial / results[2][0]:.2f}x (goal >= 1.6x); "
              f"grades identical: {same}")
        print(f"  cost of one submission / one bare execution (1 worker): {one / n / bare:.2f}x (goal <= 1.3x)")
        print(f"  HTML feedback (nbgrader generate_feedback, the same for both): {feedback / n:.2f} s per notebook")


if __name__ == "__main__":
    main()
