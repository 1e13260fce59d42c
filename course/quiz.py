"""Widget quizzes over the question bank: flashcards rated Again/Hard/Good/Easy, multiple-choice
items that check themselves, triage marks, export and import, and a progress dashboard.

The widgets only read ``.value`` and call ``course.progress`` and ``course.questions``; all the logic
lives there. Nothing here needs more than ipywidgets in the browser, so it works the same in a local
JupyterLab and on Binder.

Used in: 00_start_here (the full quiz and the dashboard) and each round notebook (its round's quiz).
"""

from __future__ import annotations

import base64
import json
import tempfile
from collections import Counter
from collections.abc import Sequence
from datetime import timedelta
from html import escape
from pathlib import Path

import ipywidgets as w
import matplotlib.pyplot as plt
from IPython.display import Markdown, display
from matplotlib.figure import Figure

from course.progress import STATUSES, Progress, ProgressError
from course.questions import ROUNDS, MultipleChoice, Question, load_bank, load_frameworks, load_mcq

ANY = "any"
ROUND_TITLES = {"ml_theory": "ML theory", "coding": "Coding", "ml_system_design": "ML system design",
                "behavioral": "Behavioral", "ml_practical": "ML practical"}
STATUS_FILTERS = (("not skipped", "active"), ("any status", ANY), *((s, s) for s in STATUSES))
MASTERED_DAYS = 21  # a card whose FSRS stability reaches three weeks counts as mastered


def select(questions: Sequence[Question], progress: Progress, *, round: str = ANY, category: str = ANY,
           company: str = ANY, status: str = "active", due_only: bool = False) -> list[Question]:
    """The questions matching the filters, in study order: due reviews first (most overdue first),
    then questions never seen, then the rest by due date."""
    now = progress.clock()
    chosen = []
    for q in questions:
        state = progress.state(q.id)
        if round != ANY and q.round != round:
            continue
        if category != ANY and category not in q.categories:
            continue
        if company != ANY and company not in q.companies:
            continue
        if status == "active" and state.status == "skip":
            continue
        if status not in ("active", ANY) and state.status != status:
            continue
        if due_only and not state.due(now):
            continue
        chosen.append(q)

    def order(q: Question):
        card = progress.state(q.id).card
        if card is None:
            return (1, 0.0)
        return (0 if card.due <= now else 2, (card.due - now).total_seconds())

    return sorted(chosen, key=order)


class Quiz:
    """The quiz widget. ``Quiz(round="coding")`` starts filtered to one round."""

    def __init__(self, round: str | None = None, *, progress: Progress | None = None,
                 bank: Sequence[Question] | None = None, mcq: Sequence[MultipleChoice] | None = None):
        problem = None
        if progress is None:
            try:
                progress = Progress()
            except ProgressError as exc:  # unusable folder: keep this session's reviews somewhere safe
                progress = Progress(Path(tempfile.mkdtemp(prefix="ml-interview-lab-")))
                problem = f"Your saved progress could not be loaded: {exc}. This session is saved in a " \
                          f"temporary folder instead; use Export before you leave."
        self.progress = progress
        self.bank = tuple(bank if bank is not None else load_bank())
        self.items = tuple(mcq if mcq is not None else load_mcq())
        self.frameworks = load_frameworks()
        self.current: Question | None = None
        self.current_mcq: MultipleChoice | None = None
        self._mcq_order: list[MultipleChoice] = []
        self._build(round)
        self.next_card()
        if problem or self.progress.notices:
            self._say(" ".join(filter(None, [problem, *self.progress.notices])), "warning")

    # ------------------------------------------------------------------ layout
    def _build(self, round: str | None) -> None:
        categories = sorted({c for q in self.bank for c in q.categories})
        companies = sorted({c for q in self.bank for c in q.companies})
        rounds = [("all rounds", ANY)] + [(ROUND_TITLES[r], r) for r in ROUNDS]
        self.round = w.Dropdown(options=rounds, value=round or ANY, description="Round")
        self.category = w.Dropdown(options=[("all categories", ANY)] + [(c, c) for c in categories],
                                   value=ANY, description="Category")
        self.company = w.Dropdown(options=[("any company", ANY)] + [(c, c) for c in companies],
                                  value=ANY, description="Company")
        self.status = w.Dropdown(options=STATUS_FILTERS, value="active", description="Status")
        self.due_only = w.Checkbox(value=False, description="due only", indent=False)
        for control in (self.round, self.category, self.company, self.status, self.due_only):
            control.observe(lambda _: self.next_card(), names="value")
        self.count = w.HTML()
        self.message = w.HTML()

        self.question = w.HTML()
        self.timer_on = w.Checkbox(value=False, description="think timer (60 s)", indent=False)
        self.timer = w.Play(value=0, min=0, max=60, interval=1000, show_repeat=False)
        self.timer_bar = w.IntProgress(value=0, min=0, max=60, layout=w.Layout(width="240px"))
        w.jslink((self.timer, "value"), (self.timer_bar, "value"))
        self.timer_box = w.HBox([self.timer, self.timer_bar], layout=w.Layout(display="none"))
        self.timer_on.observe(self._toggle_timer, names="value")
        self.reveal = w.Button(description="Reveal answer", button_style="info", icon="eye")
        self.reveal.on_click(lambda _: self.show_answer())
        self.answer = w.Output()
        self.rate_buttons = {}
        for label, style in (("Again", "danger"), ("Hard", "warning"), ("Good", "success"), ("Easy", "primary")):
            button = w.Button(description=label, button_style=style, disabled=True, layout=w.Layout(width="90px"))
            key = label.lower()
            button.on_click(lambda _, rating=key: self.rate(rating))
            self.rate_buttons[key] = button
        self.skip_button = w.Button(description="Next question", icon="forward")
        self.skip_button.on_click(lambda _: self.next_card(advance=True))
        self.mark_as = w.Dropdown(options=[("defer", "defer"), ("skip", "skip"), ("favourite", "favourite"),
                                           ("new (clear the mark)", "new")], value="favourite",
                                  description="Mark", layout=w.Layout(width="260px"))
        self.mark_question = w.Button(description="this question")
        self.mark_question.on_click(lambda _: self.mark_current())
        self.mark_category = w.Button(description="its whole category")
        self.mark_category.on_click(lambda _: self.mark_current(whole_category=True))
        flashcards = w.VBox([
            self.question, w.HBox([self.timer_on, self.timer_box]), w.HBox([self.reveal, self.skip_button]),
            self.answer, w.HBox(list(self.rate_buttons.values())),
            w.HBox([self.mark_as, self.mark_question, self.mark_category]),
        ])

        self.mcq_question = w.HTML()
        self.mcq_choices = w.RadioButtons(options=[], value=None, layout=w.Layout(width="100%"))
        self.mcq_check = w.Button(description="Check", button_style="info")
        self.mcq_check.on_click(lambda _: self.check_choice())
        self.mcq_next = w.Button(description="Next item", icon="forward")
        self.mcq_next.on_click(lambda _: self.next_item())
        self.mcq_feedback = w.Output()
        choice = w.VBox([self.mcq_question, self.mcq_choices, w.HBox([self.mcq_check, self.mcq_next]),
                         self.mcq_feedback])

        self.export_button = w.Button(description="Export progress", icon="download")
        self.export_button.on_click(lambda _: self.export())
        self.download = w.HTML()
        self.upload = w.FileUpload(accept=".json", multiple=False, description="Import progress")
        self.upload.observe(self._on_upload, names="value")
        storage = w.VBox([w.HTML(f"Progress is saved in <code>{escape(str(self.progress.folder))}</code>. "
                                 "On Binder it is lost when the session ends: export it first."),
                          w.HBox([self.export_button, self.upload]), self.download])

        self.tabs = w.Tab(children=[flashcards, choice, storage])
        for i, title in enumerate(("Flashcards", "Multiple choice", "Save / restore")):
            self.tabs.set_title(i, title)
        self.tabs.observe(lambda change: self.next_item() if change["new"] == 1 else None, names="selected_index")
        filters = w.VBox([w.HBox([self.round, self.category]), w.HBox([self.company, self.status, self.due_only]),
                          self.count])
        self.widget = w.VBox([filters, self.message, self.tabs])

    def _ipython_display_(self) -> None:
        display(self.widget)

    def _say(self, text: str, kind: str = "info") -> None:
        colour = {"info": "#1a5fb4", "warning": "#a0522d", "error": "#c01c28"}[kind]
        self.message.value = f'<div style="color:{colour}">{escape(text)}</div>'

    def _toggle_timer(self, change) -> None:
        self.timer_box.layout.display = "flex" if change["new"] else "none"
        self.timer.value = 0

    # ------------------------------------------------------------------ flashcards
    def matching(self) -> list[Question]:
        return select(self.bank, self.progress, round=self.round.value, category=self.category.value,
                      company=self.company.value, status=self.status.value, due_only=self.due_only.value)

    def next_card(self, advance: bool = False) -> None:
        """Show the first question in study order (or the one after the current, with advance)."""
        matches = self.matching()
        due = len(self.progress.due(q.id for q in matches))
        self.count.value = f"<b>{len(matches)}</b> questions match, <b>{due}</b> due now"
        if advance and self.current in matches and len(matches) > 1:
            matches = matches[matches.index(self.current) + 1:] + matches[: matches.index(self.current)]
        self.current = matches[0] if matches else None
        self.answer.clear_output()
        self.timer.value = 0
        for button in self.rate_buttons.values():
            button.disabled = True
        if self.current is None:
            self.question.value = "<i>No question matches these filters.</i>"
            self.reveal.disabled = True
            return
        self.reveal.disabled = False
        q, state = self.current, self.progress.state(self.current.id)
        seen = f"reviewed {state.reviews}×" if state.reviews else "new"
        mark = "" if state.status == "new" else f" · marked {state.status}"
        tags = " · ".join(q.categories) + (f" · asked at {', '.join(q.companies)}" if q.companies else "")
        self.question.value = (f'<div style="font-size:1.15em;margin:0.5em 0"><b>{escape(q.text)}</b></div>'
                               f'<div style="color:#666">{escape(ROUND_TITLES[q.round])} · {escape(tags)} · '
                               f'{seen}{mark}</div>')

    def show_answer(self) -> None:
        """Reveal the model answer and the category's framework, and enable the ratings."""
        if self.current is None:
            return
        self.answer.clear_output()
        category = self._category_of(self.current)
        framework = self.frameworks[category]
        self.answer.append_display_data(Markdown(self.current.answer))
        self.answer.append_display_data(
            Markdown(f"**Framework ({category})**: {framework.testing}\n\n{framework.framework}"))
        for button in self.rate_buttons.values():
            button.disabled = False

    def _category_of(self, question: Question) -> str:
        """The category in view: the filter's, else the question's first."""
        return self.category.value if self.category.value in question.categories else question.categories[0]

    def rate(self, rating: str) -> None:
        """Record the learner's rating with FSRS and move on."""
        if self.current is None:
            return
        try:
            state = self.progress.review(self.current.id, rating)
        except ProgressError as exc:
            self._say(str(exc), "error")
            return
        days = (state.card.due - self.progress.clock()) / timedelta(days=1)
        when = f"in {days:.0f} days" if days >= 1 else f"in {days * 24 * 60:.0f} minutes"
        self._say(f"Saved: '{rating}'. This question comes back {when}.")
        self.next_card(advance=True)

    def mark_current(self, whole_category: bool = False) -> None:
        """Triage the current question, or every question of its first category."""
        if self.current is None:
            return
        status = self.mark_as.value
        if whole_category:
            category = self._category_of(self.current)
            ids = [q.id for q in self.bank if category in q.categories]
            what = f"all {len(ids)} questions in {category}"
        else:
            ids, what = [self.current.id], "this question"
        self.progress.mark(ids, status)
        self._say(f"Marked {what} as {status}.")
        self.next_card(advance=True)

    # ------------------------------------------------------------------ multiple choice
    def next_item(self) -> None:
        """Show the next multiple-choice item of the selected round and category."""
        pool = [i for i in self.items
                if (self.round.value == ANY or i.round == self.round.value)
                and (self.category.value == ANY or i.category == self.category.value)]
        pool.sort(key=lambda i: (not self.progress.state(i.id).due(self.progress.clock()),
                                 self.progress.state(i.id).reviews))
        self.mcq_feedback.clear_output()
        if not pool:
            self.current_mcq = None
            self.mcq_question.value = "<i>No multiple-choice item matches these filters.</i>"
            self.mcq_choices.options = []
            self.mcq_check.disabled = True
            return
        if self.current_mcq in pool and len(pool) > 1:
            pool.remove(self.current_mcq)
        self.current_mcq = pool[0]
        self.mcq_question.value = f"<b>{escape(self.current_mcq.question)}</b> <i>({self.current_mcq.category})</i>"
        self.mcq_choices.options = [(o.text, i) for i, o in enumerate(self.current_mcq.options)]
        self.mcq_choices.value = None
        self.mcq_check.disabled = False

    def check_choice(self) -> bool | None:
        """Check the selected option, explain every option, and schedule the item (right = Good,
        wrong = Again). Returns whether the answer was right, or None if nothing was selected."""
        item, picked = self.current_mcq, self.mcq_choices.value
        if item is None:
            return None
        self.mcq_feedback.clear_output()
        if picked is None:
            self.mcq_feedback.append_display_data(Markdown("*Choose an option first.*"))
            return None
        right = item.options[picked].correct
        lines = ["**Correct.**" if right else f"**Not quite.** The answer is: *{item.options[item.answer].text}*", ""]
        for i, option in enumerate(item.options):
            mark = "✅" if option.correct else ("❌" if i == picked else "•")
            lines.append(f"- {mark} **{option.text}** {option.explanation}")
        self.mcq_feedback.append_display_data(Markdown("\n".join(lines)))
        try:
            self.progress.review(item.id, "good" if right else "again", source="mcq")
        except ProgressError as exc:
            self._say(str(exc), "error")
        self.mcq_check.disabled = True
        return right

    # ------------------------------------------------------------------ save / restore
    def export(self) -> str:
        """Offer the progress as a JSON download (a data: link works everywhere, Binder included)."""
        payload = json.dumps(self.progress.export(), indent=1).encode("utf-8")
        name = f"ml-interview-lab-progress-{self.progress.clock():%Y%m%d}.json"
        href = "data:application/json;base64," + base64.b64encode(payload).decode("ascii")
        self.download.value = f'<a download="{name}" href="{href}">Download {name}</a> ({len(payload):,} bytes)'
        return name

    def _on_upload(self, change) -> None:
        files = change["new"]
        if not files:
            return
        upload = files[0]
        try:
            added = self.progress.import_(bytes(upload["content"]))
        except ProgressError as exc:
            self._say(f"{upload['name']}: {exc}", "error")
        else:
            self._say(f"Imported {upload['name']}: {added} new reviews and marks.")
            self.next_card()


def dashboard(progress: Progress | None = None, bank: Sequence[Question] | None = None, days: int = 14) -> Figure:
    """Mastery per category and the reviews due over the coming days. Used in: 00_start_here."""
    progress = progress if progress is not None else Progress()
    bank = tuple(bank if bank is not None else load_bank())
    now = progress.clock()
    counts: dict[str, Counter] = {}
    due_days: Counter = Counter()
    for q in bank:
        card = progress.state(q.id).card
        level = "new" if card is None else ("mastered" if (card.stability or 0) >= MASTERED_DAYS else "learning")
        for category in q.categories:
            counts.setdefault(category, Counter())[level] += 1
        if card is not None:
            due_days[max(0, int((card.due - now) / timedelta(days=1)))] += 1
    cats = sorted(counts, key=lambda c: -sum(counts[c].values()))
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 5), layout="constrained",
                                      gridspec_kw={"width_ratios": [1.4, 1]})
    left_edge = [0] * len(cats)
    for level, colour in (("mastered", "#2e7d32"), ("learning", "#f9a825"), ("new", "#cfd8dc")):
        values = [counts[c][level] for c in cats]
        left.barh(cats, values, left=left_edge, color=colour, label=level)
        left_edge = [a + b for a, b in zip(left_edge, values)]
    left.invert_yaxis()
    left.set_xlabel("questions")
    left.set_title(f"Mastery per category (mastered: FSRS stability ≥ {MASTERED_DAYS} days)")
    left.legend(loc="lower right")
    right.bar(range(days), [due_days[d] for d in range(days)], color="#1a5fb4")
    right.set_xticks(range(0, days, 2))
    right.set_xlabel("days from now (0 = due today or overdue)")
    right.set_ylabel("reviews due")
    right.set_title(f"Reviews due over the next {days} days")
    return fig
