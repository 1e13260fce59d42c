"""The quiz widgets, driven in Python: set .value, click, and check the effects on the progress."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import matplotlib
import pytest

from course import quiz
from course.progress import Progress
from course.questions import load_bank, load_mcq

matplotlib.use("Agg")
BANK = load_bank()


class Clock:
    def __init__(self):
        self.now = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)

    def __call__(self):
        return self.now


@pytest.fixture
def progress(tmp_path):
    return Progress(tmp_path, clock=Clock(), fuzzing=False)


def outputs_text(output) -> str:
    return "\n".join(str(o.get("data", {}).get("text/markdown", "")) for o in output.outputs)


def test_flashcard_flow_reveal_rate_next(progress):
    q = quiz.Quiz(round="coding", progress=progress)
    first = q.current
    assert first.round == "coding" and first.text in q.question.value
    assert all(b.disabled for b in q.rate_buttons.values()), "ratings must wait for the reveal"
    q.reveal.click()
    shown = outputs_text(q.answer)
    assert first.answer[:60] in shown and "Framework" in shown
    q.rate_buttons["good"].click()
    assert progress.state(first.id).reviews == 1
    assert q.current != first and "comes back in 10 minutes" in q.message.value
    again = Progress(progress.folder, clock=progress.clock, fuzzing=False)
    assert again.state(first.id).last_rating == 3


def test_filters_by_round_category_company_status_and_due(progress):
    q = quiz.Quiz(progress=progress)
    q.company.value = "Netflix"
    assert q.current is not None and "Netflix" in q.current.companies
    q.company.value = quiz.ANY
    q.category.value = "SQL"
    assert len(q.matching()) == sum("SQL" in x.categories for x in BANK)
    q.category.value = quiz.ANY
    q.round.value = "behavioral"
    target = q.current
    q.mark_as.value = "skip"
    q.mark_question.click()
    assert target not in q.matching(), "skipped questions leave the default view"
    q.status.value = "skip"
    assert q.matching() == [target]
    q.status.value = "active"
    q.due_only.value = True
    assert all(progress.state(x.id).due(progress.clock()) for x in q.matching())


def test_due_reviews_come_first_and_unseen_before_future(progress):
    q = quiz.Quiz(round="ml_theory", progress=progress)
    studied = q.current
    q.reveal.click()
    q.rate_buttons["easy"].click()
    order = quiz.select(BANK, progress, round="ml_theory")
    assert order[-1] == studied, "a question scheduled days ahead goes to the back"
    progress.clock.now += timedelta(days=60)
    assert quiz.select(BANK, progress, round="ml_theory")[0] == studied, "an overdue review goes first"


def test_marking_a_whole_category(progress):
    q = quiz.Quiz(progress=progress)
    q.category.value = "Reinforcement Learning"
    q.mark_as.value = "defer"
    q.mark_category.click()
    deferred = {x.id for x in BANK if "Reinforcement Learning" in x.categories}
    assert {i for i, s in progress.states.items() if s.status == "defer"} >= deferred


def test_multiple_choice_checks_explains_and_schedules(progress):
    q = quiz.Quiz(round="ml_theory", progress=progress)
    q.tabs.selected_index = 1
    item = q.current_mcq
    assert item is not None and item.question in q.mcq_question.value
    q.mcq_check.click()
    assert "Choose an option first" in outputs_text(q.mcq_feedback)
    wrong = next(i for i, o in enumerate(item.options) if not o.correct)
    q.mcq_choices.value = wrong
    q.mcq_check.click()
    feedback = outputs_text(q.mcq_feedback)
    assert "Not quite" in feedback and all(o.explanation[:40] in feedback for o in item.options)
    assert progress.state(item.id).last_rating == 1  # wrong -> Again
    q.mcq_next.click()
    assert q.current_mcq != item
    q.mcq_choices.value = q.current_mcq.answer
    assert q.check_choice() is True
    assert progress.state(q.current_mcq.id).last_rating == 3  # right -> Good


def test_export_and_import_through_the_widgets(progress, tmp_path):
    q = quiz.Quiz(progress=progress)
    q.reveal.click()
    q.rate_buttons["hard"].click()
    q.export_button.click()
    href = q.download.value.split('href="')[1].split('"')[0]
    payload = base64.b64decode(href.split(",", 1)[1])
    assert json.loads(payload)["events"][0]["rating"] == 2
    fresh = Progress(tmp_path / "elsewhere", clock=progress.clock, fuzzing=False)
    other = quiz.Quiz(progress=fresh)
    other.upload.value = ({"name": "mine.json", "type": "application/json", "size": len(payload),
                           "content": memoryview(payload), "last_modified": progress.clock()},)
    assert "Imported mine.json: 1 new" in other.message.value
    assert fresh.state(q.progress.events[0]["q"]).reviews == 1
    other.upload.value = ({"name": "bad.json", "type": "", "size": 3, "content": memoryview(b"nope"),
                           "last_modified": progress.clock()},)
    assert "not an ML Interview Lab progress file" in other.message.value


def test_a_corrupt_progress_file_is_reported_in_the_widget(tmp_path):
    (tmp_path / "reviews.jsonl").write_text("this is not json\n")
    q = quiz.Quiz(progress=Progress(tmp_path, fuzzing=False))
    assert "kept as reviews.jsonl.corrupt-" in q.message.value
    assert list(tmp_path.glob("reviews.jsonl.corrupt-*"))


def test_dashboard_counts_mastery_and_due_reviews(progress):
    ids = [x.id for x in BANK if "SQL" in x.categories]
    for qid in ids:
        for _ in range(4):
            progress.review(qid, "easy")
            progress.clock.now += timedelta(days=30)
    fig = quiz.dashboard(progress)
    mastery, due = fig.axes
    assert mastery.get_legend() is not None and len(due.patches) == 14
    labels = [t.get_text() for t in mastery.get_yticklabels()]
    sql = labels.index("SQL")
    mastered_bars = [p for p in mastery.patches if p.get_facecolor()[:3] == matplotlib.colors.to_rgb("#2e7d32")]
    assert mastered_bars[sql].get_width() == len(ids)


def test_every_round_has_questions_in_the_quiz(progress):
    for round_ in ("ml_theory", "coding", "ml_system_design", "behavioral", "ml_practical"):
        assert quiz.select(BANK, progress, round=round_), round_
    assert {i.round for i in load_mcq()} == {"ml_theory"}


def test_a_review_that_cannot_be_saved_says_so_and_keeps_the_card(tmp_path, monkeypatch):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the progress folder should be")
    monkeypatch.setenv("ML_INTERVIEW_LAB_DATA", str(blocked / "sub"))
    q = quiz.Quiz()
    shown = q.current
    q.reveal.click()
    q.rate_buttons["good"].click()
    assert "could not save" in q.message.value and "Export" in q.message.value
    assert q.current == shown, "the unsaved card stays on screen"
