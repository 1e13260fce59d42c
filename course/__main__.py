"""``python -m course grade ASSIGNMENT [--jobs N] [--scheduler tcp://HOST:PORT] [--force]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course", description="ML Interview Lab instructor tools")
    commands = parser.add_subparsers(dest="command", required=True)
    grade = commands.add_parser("grade", help="autograde every submission of an assignment, in parallel")
    grade.add_argument("assignment")
    grade.add_argument("--jobs", type=int, default=None, help="local Dask workers (default: one per core)")
    grade.add_argument("--scheduler", default=None, help="address of an existing Dask scheduler")
    grade.add_argument("--force", action="store_true", help="regrade submissions already in the gradebook")
    grade.add_argument("--root", type=Path, default=Path.cwd(), help="course folder (default: here)")
    args = parser.parse_args(argv)
    if not (args.root / "nbgrader_config.py").is_file():
        parser.error(f"{args.root.resolve()} is not a course folder (no nbgrader_config.py): "
                     "run from the course root or pass --root")
    if not (args.root / "source" / args.assignment).is_dir():
        parser.error(f"no assignment {args.assignment!r} in {args.root.resolve() / 'source'}")
    from course.grading.cohort import grade as run

    report = run(args.root, args.assignment, jobs=args.jobs, scheduler=args.scheduler, force=args.force)
    return 0 if report.scores or not report.outcomes else 1


if __name__ == "__main__":
    sys.exit(main())
