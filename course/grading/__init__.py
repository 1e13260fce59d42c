"""Instructor tooling for grading cohorts (``python -m course grade``).

- ``course.grading.sandbox``: run a submission's code with no network, resource limits and a
  filesystem where it can write only its own working folder.
"""
