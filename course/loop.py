"""The interview loop: its stages, their timeline and pass rates, and the onsite rounds.

Used in: 00_start_here (the loop figure and table).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

from course.datafiles import DATA_DIR, DataError, Record, load_yaml

LOOP_FILE = DATA_DIR / "interview_loop.yaml"


@dataclass(frozen=True)
class Stage:
    name: str
    duration: str
    start_day: int
    length_days: int
    pass_rate: float
    tip: str


@dataclass(frozen=True)
class Round:
    id: str
    notebook: str
    title: str
    minutes: str
    tests: str


@dataclass(frozen=True)
class Loop:
    stages: tuple[Stage, ...]
    rounds: tuple[Round, ...]

    def cumulative_pass_rates(self) -> list[float]:
        """Share of applicants still in the process after each stage."""
        share, out = 1.0, []
        for stage in self.stages:
            share *= stage.pass_rate
            out.append(share)
        return out

    @property
    def total_days(self) -> int:
        last = self.stages[-1]
        return last.start_day + last.length_days


@cache
def load_loop(path: Path = LOOP_FILE) -> Loop:
    """Load and validate ``course/data/interview_loop.yaml`` (or another file of that shape)."""
    data = load_yaml(path)
    top = Record(path, "top level", data)
    top.unknown({"stages", "rounds"})
    stages = []
    for i, raw in enumerate(top.get("stages", list)):
        rec = Record(path, f"stage {i + 1}", raw)
        rec.unknown({"name", "duration", "days", "pass_rate", "tip"})
        days = rec.get("days", list)
        if len(days) != 2 or not all(isinstance(d, int) and d >= 0 for d in days):
            raise rec.fail("days", "expected [start_day, length_days], two non-negative integers")
        rate = rec.get("pass_rate", (int, float))
        if not 0 < rate <= 1:
            raise rec.fail("pass_rate", f"must be in (0, 1], got {rate}")
        stages.append(Stage(rec.get("name", str), rec.get("duration", str), days[0], days[1],
                            float(rate), rec.get("tip", str)))
    for before, after in pairwise(stages):
        if after.start_day < before.start_day:
            raise DataError(path, f"stage '{after.name}'", "days", "stages must be in time order")
    rounds = []
    for i, raw in enumerate(top.get("rounds", list)):
        rec = Record(path, f"round {i + 1}", raw)
        rec.unknown({"id", "notebook", "title", "minutes", "tests"})
        rounds.append(Round(rec.get("id", str), rec.get("notebook", str), rec.get("title", str),
                            str(rec.get("minutes", (str, int))), rec.get("tests", str)))
    return Loop(tuple(stages), tuple(rounds))
