"""``python -m course.grading.autograde_one ROOT ASSIGNMENT STUDENT``: nbgrader autograde for one
submission, with the execution sandboxed. Prints one JSON line: success, and the log on failure.

Runs as its own process so that each submission starts from a clean interpreter.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from traitlets.config.loader import PyFileConfigLoader

from course.grading.preprocessors import AUTOGRADE_PREPROCESSORS


def autograde(root: Path, assignment: str, student: str, force: bool = False) -> dict:
    os.chdir(root)
    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    config.Autograde.autograde_preprocessors = AUTOGRADE_PREPROCESSORS
    # Parallel graders share the gradebook: wait for its lock rather than fail.
    db_url = str(config.CourseDirectory.db_url)
    if db_url.startswith("sqlite:") and "timeout=" not in db_url:
        config.CourseDirectory.db_url = f"{db_url}?timeout=120"
    coursedir = CourseDirectory(config=config)
    api = NbGraderAPI(coursedir=coursedir, config=config)
    result = api.autograde(assignment, student, force=force, create=True)
    return {"success": bool(result.get("success")), "log": result.get("log", "")[-4000:],
            "error": result.get("error", "")[-4000:]}


def main(argv: list[str] | None = None) -> int:
    root, assignment, student, *rest = sys.argv[1:] if argv is None else argv
    print(json.dumps(autograde(Path(root).resolve(), assignment, student, force="--force" in rest)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
