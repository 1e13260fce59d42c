"""The learner's working copy of the course (``make lab``).

The first run copies ``release/`` into a git-ignored folder; later runs add only the files a
``git pull`` brought, so a learner's answers survive an update of the course.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

IGNORED = {".ipynb_checkpoints", "__pycache__"}


def sync_workspace(release: Path, work: Path) -> list[Path]:
    """Copy every file of ``release`` that ``work`` lacks; never overwrite. Returns what was added."""
    release, work = Path(release), Path(work)
    if not release.is_dir():
        raise FileNotFoundError(f"no release folder at {release}: run `make release` first")
    added = []
    for src in sorted(release.rglob("*")):
        rel = src.relative_to(release)
        if src.is_dir() or IGNORED.intersection(rel.parts):
            continue
        dest = work / rel
        if dest.exists():
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        _copy_atomically(src, dest)
        added.append(rel)
    return added


def _copy_atomically(src: Path, dest: Path) -> None:
    """Copy through a temporary file so an interrupted copy never leaves half a notebook."""
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")
    try:
        with open(fd, "wb") as out, open(src, "rb") as inp:
            shutil.copyfileobj(inp, out)
        shutil.copymode(src, tmp)
        Path(tmp).replace(dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main(argv: list[str] | None = None) -> int:
    """``python -m course.workspace RELEASE WORK``: sync and say what changed."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m course.workspace RELEASE_DIR WORK_DIR", file=sys.stderr)
        return 2
    release, work = map(Path, args)
    fresh = not work.exists()
    added = sync_workspace(release, work)
    if fresh:
        print(f"Created your working copy in {work}/ ({len(added)} files). Your answers live there.")
    elif added:
        print(f"Added {len(added)} new file(s) to {work}/: " + ", ".join(map(str, added)))
    else:
        print(f"Your working copy {work}/ is up to date.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
