"""``make release``: regenerate ``release/`` and ``solutions/`` from ``source/``.

``release/`` comes from the real ``nbgrader generate_assignment`` (solutions cleared, hidden tests
removed, checksums recorded). ``solutions/`` keeps the model answers, drops the hidden tests and
is executed so that every figure shows.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from nbclient import NotebookClient

from course import notebooks
from course.progress import ENV_VAR

ROOT = Path(__file__).resolve().parent.parent
SKIP = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")


def generate_release(root: Path, assignment: str) -> None:
    """Run ``nbgrader generate_assignment`` for one assignment in the course folder ``root``."""
    result = subprocess.run(
        ["nbgrader", "generate_assignment", assignment, "--force", "--log-level=WARN"],
        cwd=root, capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"nbgrader generate_assignment {assignment} failed:\n{result.stderr}")


def generate_solutions(root: Path, assignment: str, timeout: int = 600) -> None:
    """Write ``solutions/<assignment>/`` from ``source/<assignment>/``, executed."""
    src, dest = root / "source" / assignment, root / "solutions" / assignment
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(src, dest, ignore=SKIP)
    # Execute with an empty progress folder: the instructor's own quiz history stays out of the copy.
    with tempfile.TemporaryDirectory(prefix="ml-interview-lab-") as empty:
        saved = os.environ.get(ENV_VAR)
        os.environ[ENV_VAR] = empty
        try:
            for path in sorted(dest.glob("*.ipynb")):
                nb = notebooks.to_solution(notebooks.read(path))
                NotebookClient(
                    nb, timeout=timeout, kernel_name="python3", record_timing=False,
                    resources={"metadata": {"path": str(dest)}},
                ).execute()
                notebooks.write(notebooks.strip_widgets(nb), path)
        finally:
            if saved is None:
                os.environ.pop(ENV_VAR, None)
            else:
                os.environ[ENV_VAR] = saved


def build(root: Path = ROOT, only: list[str] | None = None) -> list[str]:
    """Regenerate release/ and solutions/ in the course folder ``root``; returns the assignments."""
    names = only or notebooks.assignments(root / "source")
    for name in names:
        generate_release(root, name)
        generate_solutions(root, name)
        print(f"  {name}: release/ and solutions/ regenerated", flush=True)
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("assignments", nargs="*", help="default: every assignment in source/")
    parser.add_argument("--root", type=Path, default=ROOT, help="course folder (default: this repository)")
    args = parser.parse_args(argv)
    build(args.root.resolve(), args.assignments or None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
