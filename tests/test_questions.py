"""The question bank, the frameworks and the multiple-choice items load, validate and stay complete."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from course import questions
from course.datafiles import DataError

BANK = questions.load_bank()
INDEX = yaml.safe_load((ROOT / "tests" / "bank_index.yaml").read_text())
SEED_COUNTS = {  # category -> number of categorized questions, as reported
    "Machine Learning": 103, "Data Structures & Algorithms": 39, "System Design": 20, "Behavioral": 20,
    "Computer Vision": 11, "ML System Design": 11, "Model Evaluation": 10, "Coding": 9, "Deep Learning": 8,
    "Model Deployment": 8, "LLMs": 7, "Reinforcement Learning": 6, "Generative AI": 6,
    "Natural Language Processing": 5, "SQL": 4, "Statistics & Probability": 3, "MLOps": 2, "Optimization": 1,
}


def test_every_categorized_question_is_in_the_bank_with_all_its_categories():
    assert len(INDEX) == 250
    assert sum(len(entry["categories"]) for entry in INDEX) == 273
    assert Counter(c for entry in INDEX for c in entry["categories"]) == Counter(SEED_COUNTS)
    by_id = {q.id: q for q in BANK}
    for entry in INDEX:
        assert entry["id"] in by_id, f"question {entry['id']} is missing from the bank"
        assert set(entry["categories"]) <= set(by_id[entry["id"]].categories), entry["id"]


def test_the_bank_holds_the_trending_and_design_questions_too():
    assert len(BANK) >= 259
    design = [q for q in BANK if q.round == "ml_system_design" and q.companies]
    assert {"Netflix", "Google", "Uber", "Meta"} <= {c for q in design for c in q.companies}


def test_ids_are_unique_texts_distinct_and_answers_substantial():
    assert len({q.id for q in BANK}) == len(BANK)
    assert len({q.text.lower() for q in BANK}) == len(BANK)
    for q in BANK:
        assert len(q.answer.split()) >= questions.MIN_ANSWER_WORDS, q.id
        assert q.text[-1] in ".?", q.id
        assert not re.search(r"\.\.\.\W*$", q.text), f"{q.id}: a cut-off text"
        assert not any(ch in q.text + q.answer for ch in "\u00c3\u00e2\ufffd"), f"{q.id}: mojibake"


def test_every_round_has_questions_and_every_category_a_framework():
    assert set(Counter(q.round for q in BANK)) == set(questions.ROUNDS)
    frameworks = questions.load_frameworks()
    assert set(frameworks) == set(SEED_COUNTS)
    for fw in frameworks.values():
        assert fw.testing and fw.framework.count("\n- ") >= 3, fw.category


def test_multiple_choice_items():
    items = questions.load_mcq()
    assert len(items) >= 60
    assert len({i.id for i in items}) == len(items)
    for item in items:
        assert sum(o.correct for o in item.options) == 1
        assert all(o.explanation for o in item.options), item.id
    assert len({i.category for i in items}) >= 8


def _broken(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    text = source.read_text()
    assert old in text
    bad = tmp_path / source.name
    bad.write_text(text.replace(old, new, 1))
    return bad


@pytest.mark.parametrize(("old", "new", "field"), [
    ("  round: behavioral\n", "  round: behavioural\n", "round"),
    ("  categories: [Machine Learning]\n", "  categories: [Machine Learnin]\n", "categories"),
    ("  companies: []\n", "  companies: [3]\n", "companies"),
    ("  answer: |\n", "  anwser: |\n", "anwser"),
    ("- id: why-should-we-not-hire-you\n", "- id: Why Not Hire\n", "id"),
])
def test_a_malformed_edit_names_file_question_and_field(tmp_path, old, new, field):
    bad = _broken(tmp_path, questions.QUESTIONS_FILE, old, new)
    with pytest.raises(DataError) as info:
        questions.load_bank.__wrapped__(bad)
    message = str(info.value)
    assert message.startswith("questions.yaml") and f"field '{field}'" in message
    assert "why-should-we-not-hire-you" in message or "entry 1" in message


def test_a_duplicate_id_is_refused(tmp_path):
    first = BANK[0].id
    bad = _broken(tmp_path, questions.QUESTIONS_FILE, f"- id: {BANK[1].id}\n", f"- id: {first}\n")
    with pytest.raises(DataError, match=f"'{first}' is used twice"):
        questions.load_bank.__wrapped__(bad)


def test_a_multiple_choice_item_with_two_correct_options_is_refused(tmp_path):
    bad = _broken(tmp_path, questions.MCQ_FILE, "correct: false", "correct: true")
    with pytest.raises(DataError, match="exactly one option must be correct"):
        questions.load_mcq.__wrapped__(bad)
