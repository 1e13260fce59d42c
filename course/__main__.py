"""Instructor commands.

``python -m course grade ASSIGNMENT [--jobs N] [--scheduler tcp://HOST:PORT] [--force] [--zip FILE ...]``
grades every submission of an assignment; ``python -m course demo [--folder demo] [--jobs N]`` builds
a demo cohort of 32 submissions in a fresh course folder and grades it.
"""

from __future__ import annotations

import argparse
import os
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
    grade.add_argument("--no-feedback", action="store_true", help="leave out the HTML feedback (add it later)")
    grade.add_argument("--root", type=Path, default=Path.cwd(), help="course folder (default: here)")
    grade.add_argument("--zip", type=Path, nargs="+", default=[],
                       help="zip files downloaded from an LMS, collected with nbgrader zip_collect first")
    demo = commands.add_parser("demo", help="grade a generated demo cohort (correct, buggy, tampered, ...)")
    demo.add_argument("--folder", type=Path, default=Path("demo"), help="where to build it (replaced)")
    demo.add_argument("--jobs", type=int, default=None, help="local Dask workers (default: one per core)")
    args = parser.parse_args(argv)
    # nbgrader's gradebook runs the `alembic` command: find it next to this Python, venv or not.
    os.environ["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    if args.command == "demo":
        from course.grading.cohort import grade as run
        from course.grading.demo import ASSIGNMENT, prepare

        origin = Path(__file__).resolve().parent.parent
        manifest = prepare(args.folder, origin)
        kinds = sorted({info["kind"] for info in manifest.values()})
        print(f"Demo cohort of {len(manifest)} in {args.folder.resolve()}: {', '.join(kinds)} (see cohort.json)")
        report = run(args.folder, ASSIGNMENT, jobs=args.jobs)
        return 0 if report.scores else 1
    if not (args.root / "nbgrader_config.py").is_file():
        parser.error(f"{args.root.resolve()} is not a course folder (no nbgrader_config.py): "
                     "run from the course root or pass --root")
    if not (args.root / "source" / args.assignment).is_dir():
        parser.error(f"no assignment {args.assignment!r} in {args.root.resolve() / 'source'}")
    from course.grading.cohort import collect_zips
    from course.grading.cohort import grade as run

    if args.zip:
        collected = collect_zips(args.root, args.assignment, args.zip)
        print(f"Collected {len(collected)} submission(s) from {len(args.zip)} zip file(s).")
    report = run(args.root, args.assignment, jobs=args.jobs, scheduler=args.scheduler, force=args.force,
                 feedback=not args.no_feedback)
    return 0 if report.scores or not report.outcomes else 1


if __name__ == "__main__":
    sys.exit(main())
