"""A learner's quiz progress: reviews scheduled with FSRS, triage marks, and safe storage.

The truth is an append-only review log (``reviews.jsonl``): one JSON event per line, appended with a
single write, so two notebooks open at once never overwrite each other's reviews. ``progress.json``
is an atomically written snapshot of every event plus the derived state: the file to export, and
the backup the log is restored from if it is damaged. A damaged file is never overwritten: it is
kept aside under a ``.corrupt-<time>`` name and the learner is told what happened.

The folder is the user's data directory (``platformdirs``) unless ``ML_INTERVIEW_LAB_DATA`` names
another. Everything here is pure Python: the widgets in ``course.quiz`` only call it.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import platformdirs
from fsrs import Card, Rating, Scheduler

ENV_VAR = "ML_INTERVIEW_LAB_DATA"
LOG_NAME = "reviews.jsonl"
SNAPSHOT_NAME = "progress.json"
FORMAT = "ml-interview-lab/progress"
VERSION = 1
STATUSES = ("new", "defer", "skip", "favourite")
RATINGS = {"again": Rating.Again, "hard": Rating.Hard, "good": Rating.Good, "easy": Rating.Easy}


class ProgressError(RuntimeError):
    """Progress could not be read or written; the message says what to do."""


def data_dir() -> Path:
    """Where progress lives: $ML_INTERVIEW_LAB_DATA, else the user's data directory."""
    override = os.environ.get(ENV_VAR)
    return Path(override).expanduser() if override else Path(platformdirs.user_data_dir("ml-interview-lab"))


def utcnow() -> datetime:
    return datetime.now(UTC)


def write_atomically(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder, then rename: never half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass
class QuestionState:
    """What the learner's history says about one question."""

    card: Card | None = None
    status: str = "new"
    reviews: int = 0
    lapses: int = 0
    last_rating: int | None = None

    def due(self, now: datetime) -> bool:
        """Due for review: never seen, or its FSRS due time has come."""
        return self.card is None or self.card.due <= now


@dataclass
class Progress:
    """The learner's progress in ``folder``: load, review, mark, export and import."""

    folder: Path = field(default_factory=data_dir)
    clock: Callable[[], datetime] = utcnow
    fuzzing: bool = True
    notices: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.folder = Path(self.folder)
        self.scheduler = Scheduler(enable_fuzzing=self.fuzzing)
        self.events: list[dict[str, Any]] = []
        self._seen: set[str] = set()
        self.states: dict[str, QuestionState] = {}
        self._offset = 0
        self._load()

    # ------------------------------------------------------------------ files
    @property
    def log_path(self) -> Path:
        return self.folder / LOG_NAME

    @property
    def snapshot_path(self) -> Path:
        return self.folder / SNAPSHOT_NAME

    def _keep_aside(self, path: Path, why: str) -> Path:
        stamp = self.clock().strftime("%Y%m%dT%H%M%S")
        aside = path.with_name(f"{path.name}.corrupt-{stamp}-{uuid.uuid4().hex[:6]}")
        path.replace(aside)
        self.notices.append(f"{path.name} could not be read ({why}); it was kept as {aside.name}.")
        return aside

    def _read_snapshot(self) -> list[dict[str, Any]]:
        if not self.snapshot_path.exists():
            return []
        try:
            data = json.loads(self.snapshot_path.read_text(encoding="utf-8"))
            return _validated_events(data)
        except (OSError, ValueError) as exc:
            try:
                self._keep_aside(self.snapshot_path, str(exc)[:120])
            except OSError as move:
                raise ProgressError(f"cannot read {self.snapshot_path} nor move it aside ({move.strerror}); "
                                    f"set {ENV_VAR} to another folder") from exc
            return []

    def _load(self) -> None:
        snapshot = self._read_snapshot()
        events: list[dict[str, Any]] = []
        damaged = False
        if self.log_path.exists():
            try:
                raw = self.log_path.read_bytes()
            except OSError as exc:  # unreadable (permissions, a folder in its place, ...)
                try:
                    self._keep_aside(self.log_path, exc.strerror or type(exc).__name__)
                except OSError:
                    raise ProgressError(f"cannot read {self.log_path} ({exc.strerror}) nor move it aside; "
                                        f"fix its permissions or set {ENV_VAR} to another folder") from exc
                raw = b""
            lines = raw.split(b"\n")
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    events.append(_validated_event(json.loads(line)))
                except ValueError:
                    damaged = True
                    bad_line = number
            if damaged:
                self._keep_aside(self.log_path, f"line {bad_line} is not a valid review")
                self.notices.append("Your reviews were restored from the last snapshot and the log's valid lines.")
        elif snapshot:
            self.notices.append(f"{LOG_NAME} was missing; your progress was restored from {SNAPSHOT_NAME}.")
        for event in snapshot + events:
            self._apply(event)
        if damaged or (snapshot and not self.log_path.exists()):
            self._rewrite_log()
        self._offset = self.log_path.stat().st_size if self.log_path.exists() else 0

    def _rewrite_log(self) -> None:
        write_atomically(self.log_path, "".join(json.dumps(e, sort_keys=True) + "\n" for e in self.events))

    def refresh(self) -> None:
        """Pick up events another notebook appended since we last looked."""
        if not self.log_path.exists():
            return
        with open(self.log_path, "rb") as log:
            log.seek(self._offset)
            chunk = log.read()
        complete = chunk[: chunk.rfind(b"\n") + 1]
        for line in complete.split(b"\n"):
            if line.strip():
                try:
                    self._apply(_validated_event(json.loads(line)))
                except ValueError:
                    continue  # a damaged line is dealt with (kept aside) at the next load
        self._offset += len(complete)

    def _append(self, events: list[dict[str, Any]]) -> None:
        """Append events to the log in one write (whole lines: appends from two notebooks never
        interleave), apply them, and refresh the snapshot."""
        data = "".join(json.dumps(e, sort_keys=True) + "\n" for e in events).encode("utf-8")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, data)
            finally:
                os.close(fd)
        except OSError as exc:
            raise ProgressError(f"could not save to {self.log_path}: {exc.strerror}. "
                                "Use Export to keep a copy of your progress.") from exc
        self._offset += len(data)
        for event in events:
            self._apply(event)
        self.save_snapshot()

    def save_snapshot(self) -> None:
        """Write progress.json: every event and the state they lead to."""
        write_atomically(self.snapshot_path, json.dumps(self.export(), indent=1, sort_keys=True))

    # ------------------------------------------------------------------ state
    def _apply(self, event: dict[str, Any]) -> None:
        if event["id"] in self._seen:
            return
        self._seen.add(event["id"])
        self.events.append(event)
        state = self.states.setdefault(event["q"], QuestionState())
        if event["kind"] == "review":
            if state.card is None or event["card"]["last_review"] >= (
                    state.card.last_review.isoformat() if state.card.last_review else ""):
                state.card = Card.from_dict(event["card"])
            state.reviews += 1
            state.lapses += event["rating"] == int(Rating.Again)
            state.last_rating = event["rating"]
        else:
            state.status = event["status"]

    def state(self, question_id: str) -> QuestionState:
        return self.states.get(question_id, QuestionState())

    def review(self, question_id: str, rating: Rating | str, source: str = "flashcard") -> QuestionState:
        """Record a review and schedule the next one with FSRS; returns the question's new state."""
        rating = RATINGS[rating.lower()] if isinstance(rating, str) else Rating(rating)
        self.refresh()
        now = self.clock()
        card = self.state(question_id).card or Card(card_id=_stable_card_id(question_id), due=now)
        card, _ = self.scheduler.review_card(card, rating, review_datetime=now)
        self._append([{"id": uuid.uuid4().hex, "kind": "review", "q": question_id, "rating": int(rating),
                       "source": source, "time": now.isoformat(), "card": card.to_dict()}])
        return self.state(question_id)

    def mark(self, question_ids: str | Iterable[str], status: str) -> None:
        """Triage: mark questions new, defer, skip or favourite."""
        if status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, got {status!r}")
        ids = [question_ids] if isinstance(question_ids, str) else list(question_ids)
        self.refresh()
        now = self.clock().isoformat()
        self._append([{"id": uuid.uuid4().hex, "kind": "status", "q": q, "status": status, "time": now} for q in ids])

    def due(self, question_ids: Iterable[str]) -> list[str]:
        """The questions due now (never reviewed, or scheduled for now or earlier)."""
        now = self.clock()
        return [q for q in question_ids if self.state(q).due(now)]

    # ------------------------------------------------------------------ export / import
    def export(self) -> dict[str, Any]:
        """Everything needed to restore this progress elsewhere (what progress.json holds)."""
        return {"format": FORMAT, "version": VERSION, "exported": self.clock().isoformat(),
                "events": list(self.events),  # in the order they happened (ties in time included)
                "cards": {q: s.card.to_dict() for q, s in sorted(self.states.items()) if s.card},
                "status": {q: s.status for q, s in sorted(self.states.items()) if s.status != "new"}}

    def import_(self, data: bytes | str | dict[str, Any]) -> int:
        """Merge an exported file's events into this progress; returns how many were new."""
        try:
            payload = json.loads(data) if isinstance(data, (bytes, str)) else data
            events = _validated_events(payload)
        except ValueError as exc:
            raise ProgressError(f"this is not an ML Interview Lab progress file ({exc}); nothing was changed.") from exc
        self.refresh()
        fresh = [e for e in events if e["id"] not in self._seen]
        if fresh:
            self._append(fresh)
        return len(fresh)


def _stable_card_id(question_id: str) -> int:
    return int(uuid.uuid5(uuid.NAMESPACE_URL, question_id).int % 10**12)


def _validated_event(event: Any) -> dict[str, Any]:
    if not isinstance(event, dict):
        raise ValueError("an event must be a JSON object")
    for key in ("id", "kind", "q", "time"):
        if not isinstance(event.get(key), str) or not event[key]:
            raise ValueError(f"event field '{key}' is missing")
    datetime.fromisoformat(event["time"])
    if event["kind"] == "review":
        if event.get("rating") not in (1, 2, 3, 4):
            raise ValueError("a review needs a rating from 1 to 4")
        try:
            Card.from_dict(event["card"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"a review's card is malformed: {exc}") from exc
    elif event["kind"] == "status":
        if event.get("status") not in STATUSES:
            raise ValueError(f"unknown status {event.get('status')!r}")
    else:
        raise ValueError(f"unknown event kind {event['kind']!r}")
    return event


def _validated_events(payload: Any) -> list[dict[str, Any]]:
    if not isinstance(payload, dict) or payload.get("format") != FORMAT:
        raise ValueError("the file is not in the progress format")
    if payload.get("version") != VERSION:
        raise ValueError(f"unsupported version {payload.get('version')!r}")
    events = payload.get("events")
    if not isinstance(events, list):
        raise ValueError("'events' must be a list")
    return [_validated_event(e) for e in events]
