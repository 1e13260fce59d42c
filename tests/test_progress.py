"""Progress: FSRS scheduling on a fixed clock, triage, safe storage, export and import."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from course.progress import ENV_VAR, Progress, ProgressError, data_dir


class Clock:
    def __init__(self):
        self.now = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

    def __call__(self):
        return self.now

    def advance(self, **kwargs):
        self.now += timedelta(**kwargs)


@pytest.fixture
def clock():
    return Clock()


def make(tmp_path, clock):
    return Progress(tmp_path, clock=clock, fuzzing=False)


def test_data_dir_follows_the_environment_variable(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "mine"))
    assert data_dir() == tmp_path / "mine"
    monkeypatch.delenv(ENV_VAR)
    assert "ml-interview-lab" in str(data_dir())


def test_weak_questions_come_back_sooner(tmp_path, clock):
    p = make(tmp_path, clock)
    for _ in range(3):  # graduate both cards out of the learning steps with the same history
        for q in ("easy-one", "hard-one"):
            p.review(q, "good")
        clock.advance(days=1)
    p.review("easy-one", "easy")
    p.review("hard-one", "again")
    assert p.state("hard-one").card.due < p.state("easy-one").card.due
    assert p.state("hard-one").lapses == 1 and p.state("easy-one").reviews == 4
    assert p.due(["easy-one", "hard-one", "unseen"]) == ["unseen"]
    clock.advance(days=400)
    assert p.due(["easy-one", "hard-one"]) == ["easy-one", "hard-one"]


def test_schedule_is_deterministic_without_fuzzing(tmp_path, clock):
    a, b = make(tmp_path / "a", clock), make(tmp_path / "b", clock)
    for rating in ("good", "good", "hard", "easy"):
        assert a.review("q", rating).card.due == b.review("q", rating).card.due
        clock.advance(days=3)


def test_progress_survives_a_restart_and_a_second_notebook(tmp_path, clock):
    first = make(tmp_path, clock)
    second = make(tmp_path, clock)  # another notebook open on the same folder
    first.review("q1", "good")
    second.review("q2", "again")
    first.mark("q3", "favourite")
    second.review("q1", "good")  # second must see first's review of q1 before scheduling
    assert second.state("q1").reviews == 2
    reopened = make(tmp_path, clock)
    assert {q: s.reviews for q, s in reopened.states.items()} == {"q1": 2, "q2": 1, "q3": 0}
    assert reopened.state("q3").status == "favourite"
    assert reopened.state("q1").card.due == second.state("q1").card.due
    assert len(reopened.events) == 4


def test_triage_marks_and_refuses_unknown_status(tmp_path, clock):
    p = make(tmp_path, clock)
    p.mark(["a", "b"], "defer")
    p.mark("a", "skip")
    assert (p.state("a").status, p.state("b").status, p.state("c").status) == ("skip", "defer", "new")
    with pytest.raises(ValueError, match="status must be one of"):
        p.mark("a", "later")


def test_a_corrupt_log_is_kept_aside_and_restored_from_the_snapshot(tmp_path, clock):
    p = make(tmp_path, clock)
    p.review("q1", "good")
    p.review("q2", "hard")
    log = tmp_path / "reviews.jsonl"
    good = log.read_bytes()
    log.write_bytes(good + b'{"id": "torn", "kind": "rev')  # a write cut short
    restored = make(tmp_path, clock)
    assert {"q1", "q2"} <= set(restored.states)
    assert any("kept as reviews.jsonl.corrupt-" in n for n in restored.notices)
    aside = list(tmp_path.glob("reviews.jsonl.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes().endswith(b'"kind": "rev')  # never overwritten
    restored.review("q3", "good")
    assert len(make(tmp_path, clock).events) == 3


def test_a_corrupt_snapshot_is_kept_aside_and_the_log_still_counts(tmp_path, clock):
    p = make(tmp_path, clock)
    p.review("q1", "good")
    (tmp_path / "progress.json").write_text("{not json")
    again = make(tmp_path, clock)
    assert again.state("q1").reviews == 1
    assert list(tmp_path.glob("progress.json.corrupt-*"))
    assert any("progress.json could not be read" in n for n in again.notices)


def test_a_lost_log_is_rebuilt_from_the_snapshot(tmp_path, clock):
    p = make(tmp_path, clock)
    p.review("q1", "easy")
    (tmp_path / "reviews.jsonl").unlink()
    again = make(tmp_path, clock)
    assert again.state("q1").reviews == 1 and (tmp_path / "reviews.jsonl").exists()


def test_export_then_import_elsewhere_merges_without_duplicates(tmp_path, clock):
    laptop = make(tmp_path / "laptop", clock)
    laptop.review("q1", "good")
    laptop.mark("q2", "skip")
    exported = json.dumps(laptop.export())
    binder = make(tmp_path / "binder", clock)
    binder.review("q9", "again")
    assert binder.import_(exported) == 2
    assert binder.import_(exported.encode()) == 0
    assert binder.state("q1").reviews == 1 and binder.state("q2").status == "skip"
    assert make(tmp_path / "binder", clock).state("q9").lapses == 1


@pytest.mark.parametrize("payload", [
    b"\x89PNG garbage",
    b"{}",
    b'{"format": "ml-interview-lab/progress", "version": 1, "events": [{"id": "x"}]}',
])
def test_importing_a_wrong_file_changes_nothing(tmp_path, clock, payload):
    p = make(tmp_path, clock)
    p.review("q1", "good")
    before = (tmp_path / "reviews.jsonl").read_bytes()
    with pytest.raises(ProgressError, match="nothing was changed"):
        p.import_(payload)
    assert (tmp_path / "reviews.jsonl").read_bytes() == before


def test_an_unreadable_log_is_moved_aside_and_the_snapshot_used(tmp_path, clock):
    p = make(tmp_path, clock)
    p.review("q1", "good")
    log = tmp_path / "reviews.jsonl"
    log.unlink()
    log.mkdir()  # reading it now fails with IsADirectoryError
    again = make(tmp_path, clock)
    assert again.state("q1").reviews == 1
    assert any("could not be read" in n for n in again.notices)
    assert next(tmp_path.glob("reviews.jsonl.corrupt-*")).is_dir()
