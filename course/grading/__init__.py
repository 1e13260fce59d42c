"""Instructor tooling for grading cohorts (``python -m course grade``).

- ``course.grading.cohort``: grade every submission in parallel on Dask, then feedback, grades.csv
  and a cohort report.
- ``course.grading.autograde_one``: nbgrader's autograde for one submission, execution sandboxed.
- ``course.grading.preprocessors``: ``SandboxedExecute``, nbgrader's Execute step in the sandbox.
- ``course.grading.sandbox`` / ``course.grading.execute``: run a notebook under bubblewrap with no
  network, resource limits and one writable folder.
"""
