"""ML Interview Lab: the package the course notebooks import.

Notebooks hold the story and the exercises; the helpers they call live here:

- ``course.checks``: the checking helpers behind every visible and hidden test.
- ``course.plots``: the figures each notebook draws.
- ``course.loop``: the interview loop (stages, timeline, rounds) as validated data.
- ``course.workspace`` / ``course.release``: the learner's working copy and the nbgrader pipeline.
"""

__version__ = "0.1.0"
