"""nbgrader configuration for ML Interview Lab.

Every path is derived from this file's location, so any nbgrader command works when run from
the repository root (or from a copy of the course folder, as the tests and the grader make).
"""

from pathlib import Path

c = get_config()  # noqa: F821 (injected by traitlets when nbgrader loads this file)

COURSE_ROOT = Path(__file__).resolve().parent

c.CourseDirectory.course_id = "ml-interview-lab"
c.CourseDirectory.root = str(COURSE_ROOT)
# The gradebook lives at the course root and is git-ignored. Large cohorts point db_url at
# PostgreSQL instead (see the README's instructor section).
c.CourseDirectory.db_url = f"sqlite:///{COURSE_ROOT / 'gradebook.db'}"

# One assignment per interview round, in reading order.
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"

# Every released notebook starts with the course's short submission checklist.
c.IncludeHeaderFooter.header = str(COURSE_ROOT / "source" / "header.ipynb")

# A runaway cell (an infinite loop in a learner's answer) fails after this many seconds
# instead of hanging validation or grading.
c.Execute.timeout = 120
c.Execute.interrupt_on_timeout = True

# What learners see in place of a model answer.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Restore deleted or edited test cells from the gradebook when grading.
c.OverwriteCells.add_missing_cells = True

# `python -m course grade A --zip FILE` collects LMS downloads with nbgrader zip_collect. Canvas names
# each file <name>_[late_]<user id>_<submission id>_<notebook>[-<n>].ipynb; the student id is <name>.
# Change this pattern for another LMS (it must name the groups student_id and file_id).
c.FileNameCollectorPlugin.named_regexp = (
    r".*/(?P<student_id>[^/_]+)_(?:late_|LATE_)?\d+_\d+_(?P<file_id>[^/]+?)(?:-\d+)?\.ipynb$"
)

# Tamper-resistant grading (course/grading/): the sanitising also restores grading metadata from the
# gradebook, and the Execute step runs the learner's cells in a sandbox and the course's tests out of
# their reach. `python -m course grade` runs the same pipeline on Dask workers, in parallel.
try:
    from course.grading.preprocessors import AUTOGRADE_PREPROCESSORS, SANITIZE_PREPROCESSORS
except ImportError:  # the course package is not installed: nbgrader's own pipeline
    pass
else:
    c.Autograde.sanitize_preprocessors = SANITIZE_PREPROCESSORS
    c.Autograde.autograde_preprocessors = AUTOGRADE_PREPROCESSORS
    c.ReplayExecute.source_directory = str(COURSE_ROOT / "source")
    c.ReplayExecute.timeout = 120
    # Feedback HTML with the learner's markdown and outputs cleaned (no scripts run when it is opened).
    c.GenerateFeedback.exporter_class = "course.grading.feedback.SafeFeedbackExporter"
    c.HTMLExporter.sanitize_html = True
