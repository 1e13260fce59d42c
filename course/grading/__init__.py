"""Instructor tooling for grading cohorts (``python -m course grade`` and ``python -m course demo``).

- ``course.grading.cohort``: grade every submission in parallel on Dask, then feedback, grades.csv
  and a cohort report; the coordinator alone writes the gradebook.
- ``course.grading.preprocessors``: nbgrader's autograde pipeline with the grading metadata restored
  and the execution replayed from the workers (``RestoreMetadata``, ``ReplayExecute``).
- ``course.grading.runner``: execute a submission with the learner's cells in the sandbox and the
  course's cells (tests included) out of their reach; ``student`` and ``wire`` are its two ends.
- ``course.grading.sandbox``: bubblewrap with no network, resource limits and one writable folder.
- ``course.grading.scan``: flag submissions that reach for the grader's machinery, for review.
- ``course.grading.demo``: the demo cohort (correct, buggy, tampered, malformed, ...).
"""
