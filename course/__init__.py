"""ML Interview Lab: the package the course notebooks import.

Notebooks hold the story and the exercises; the helpers they call live here:

- ``course.checks``: the checking helpers behind every visible and hidden test.
- ``course.plots``: the figures each notebook draws.
- ``course.loop``: the interview loop (stages, timeline, rounds) as validated data.
- ``course.questions``: the question bank, category frameworks and multiple-choice items.
- ``course.quiz`` / ``course.progress``: the quiz widgets, and FSRS-scheduled progress on disk.
- ``course.workspace`` / ``course.release``: the learner's working copy and the nbgrader pipeline.
- ``course.grading``: instructor tooling (the sandbox submissions run in).
"""

__version__ = "0.1.0"
