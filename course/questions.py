"""The interview question bank, the category frameworks and the multiple-choice items.

``load_bank()`` returns validated questions; a malformed edit of the YAML raises
:class:`course.datafiles.DataError` naming the file, the question id and the field.

Used in: every round notebook's quiz, and 00_start_here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from course.datafiles import DATA_DIR, DataError, Record, load_yaml

QUESTIONS_FILE = DATA_DIR / "questions.yaml"
FRAMEWORKS_FILE = DATA_DIR / "frameworks.yaml"
MCQ_FILE = DATA_DIR / "mcq.yaml"
ROUNDS = ("ml_theory", "coding", "ml_system_design", "behavioral", "ml_practical")
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MIN_ANSWER_WORDS = 40


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    categories: tuple[str, ...]
    round: str
    companies: tuple[str, ...]
    answer: str


@dataclass(frozen=True)
class Framework:
    category: str
    testing: str
    framework: str


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    explanation: str


@dataclass(frozen=True)
class MultipleChoice:
    id: str
    category: str
    round: str
    question: str
    options: tuple[Option, ...]

    @property
    def answer(self) -> int:
        """Index of the correct option."""
        return next(i for i, option in enumerate(self.options) if option.correct)


def _records(path: Path) -> list[Record]:
    data = load_yaml(path)
    if not isinstance(data, list):
        raise DataError(path, None, None, f"expected a list of entries, got {type(data).__name__}")
    return [Record(path, f"entry {i + 1}", raw) for i, raw in enumerate(data)]


def _check_round(rec: Record) -> str:
    value = rec.get("round", str)
    if value not in ROUNDS:
        raise rec.fail("round", f"'{value}' is not one of {', '.join(ROUNDS)}")
    return value


def _check_category(rec: Record, field: str, value: str, known: dict[str, Framework]) -> str:
    if value not in known:
        raise rec.fail(field, f"unknown category '{value}' (known: the categories of {FRAMEWORKS_FILE.name})")
    return value


def _identify(rec: Record, key: str, seen: set[str]) -> str:
    """Read the entry's id, check its shape and uniqueness, and name the entry by it from now on."""
    value = rec.get(key, str)
    if key == "id" and not ID_PATTERN.match(value):
        raise rec.fail("id", f"'{value}' must be kebab-case: lowercase letters, digits and single hyphens")
    if value in seen:
        raise rec.fail(key, f"'{value}' is used twice")
    seen.add(value)
    rec.label = f"{key} '{value}'"
    return value


@cache
def load_frameworks(path: Path = FRAMEWORKS_FILE) -> dict[str, Framework]:
    """The framework of each category, by category name."""
    out: dict[str, Framework] = {}
    for rec in _records(path):
        rec.unknown({"category", "testing", "framework"})
        name = _identify(rec, "category", set(out))
        out[name] = Framework(name, rec.get("testing", str).strip(), rec.get("framework", str).strip())
    return out


@cache
def load_bank(path: Path = QUESTIONS_FILE, frameworks: Path = FRAMEWORKS_FILE) -> tuple[Question, ...]:
    """Every question, validated: unique ids, known categories and round, a non-trivial answer."""
    categories = load_frameworks(frameworks)
    seen: set[str] = set()
    bank = []
    for rec in _records(path):
        rec.unknown({"id", "text", "categories", "round", "companies", "answer"})
        qid = _identify(rec, "id", seen)
        cats = [_check_category(rec, "categories", cat, categories) for cat in rec.strings("categories")]
        round_ = _check_round(rec)
        answer = rec.get("answer", str).strip()
        if len(answer.split()) < MIN_ANSWER_WORDS:
            raise rec.fail("answer", f"{len(answer.split())} words; a model answer needs at least {MIN_ANSWER_WORDS}")
        bank.append(Question(qid, rec.get("text", str).strip(), tuple(cats), round_,
                             tuple(rec.strings("companies", nonempty=False)), answer))
    return tuple(bank)


@cache
def load_mcq(path: Path = MCQ_FILE, frameworks: Path = FRAMEWORKS_FILE) -> tuple[MultipleChoice, ...]:
    """Every multiple-choice item: 3 to 5 options, exactly one correct, each explained."""
    categories = load_frameworks(frameworks)
    seen: set[str] = set()
    items = []
    for rec in _records(path):
        rec.unknown({"id", "category", "round", "question", "options"})
        qid = _identify(rec, "id", seen)
        category = _check_category(rec, "category", rec.get("category", str), categories)
        round_ = _check_round(rec)
        options = []
        for j, raw in enumerate(rec.get("options", list)):
            opt = Record(rec.path, f"{rec.label}, option {j + 1}", raw)
            opt.unknown({"text", "correct", "explanation"})
            options.append(Option(opt.get("text", str).strip(), opt.get("correct", bool),
                                  opt.get("explanation", str).strip()))
        if not 3 <= len(options) <= 5:
            raise rec.fail("options", f"expected 3 to 5 options, got {len(options)}")
        if sum(o.correct for o in options) != 1:
            raise rec.fail("options", f"exactly one option must be correct, got {sum(o.correct for o in options)}")
        items.append(MultipleChoice(qid, category, round_, rec.get("question", str).strip(), tuple(options)))
    return tuple(items)
