"""Your answers: every fact the route used (answered here, reused from another guide or given
with the case) and where the walk stands.

Each answer is a button: clicking it asks the walk view to let the officer change that answer,
with the consequences shown. Reused answers say which guide they came from; facts that decided
the route are marked.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from fieldkit.content.answers import answer_text
from fieldkit.content.model import Content, Guide, Step
from fieldkit.guides.engine import FactUse, PathEntry
from fieldkit.ui.widgets.basic import LayoutButton, clear, label, scroll_area, short


class PathPanel(QFrame):
    """Emits `change_requested(step_id)` when an earlier answer is clicked."""

    change_requested = Signal(str)

    def __init__(self, content: Content, guide: Guide,
                 origin: Callable[[str, str], str | None] = lambda _f, _g: None):
        super().__init__()
        self.setProperty("role", "path")
        self.content, self.guide, self.origin = content, guide, origin
        self.setMinimumWidth(300)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(16, 18, 12, 12)
        outer.setSpacing(6)
        outer.addWidget(label("Your answers", "h2"))
        self.hint = label("Click an answer to change it.", "muted")
        outer.addWidget(self.hint)
        area = scroll_area()
        body = QWidget()
        self.list = QVBoxLayout(body)
        self.list.setContentsMargins(0, 6, 0, 6)
        self.list.setSpacing(4)
        area.setWidget(body)
        outer.addWidget(area, 1)
        self.entry_buttons: dict[str, object] = {}

    def key_for(self, use: FactUse) -> str:
        """The guide's question for the fact, or "fact:ID" for a fact it only tests."""
        step = next((s for s in self.guide.steps.values()
                     if s.kind == "question" and s.fact == use.fact), None)
        return step.id if step is not None else f"fact:{use.fact}"

    def show_path(self, path: list[PathEntry], current: Step, changing: str = "",
                  uses: list[FactUse] | None = None) -> None:
        clear(self.list)
        self.entry_buttons = {}
        if uses is None:
            uses = [FactUse(e.step, e.fact, e.value, True, not e.skipped, False)
                    for e in path if e.kind == "question"]
        by_step: dict[str, list[FactUse]] = {}
        for u in uses:
            by_step.setdefault(u.step, []).append(u)
        n = 0
        for entry in path:
            step = self.guide.steps[entry.step]
            if entry.kind == "info":
                self.list.addWidget(label(f"Read: {short(step.show, 90)}", "muted"))
            for use in by_step.pop(entry.step, []):
                n += 1
                self._entry(n, use, changing)
        if not n:
            self.list.addWidget(label("No answers yet.", "muted"))
        if current.kind == "outcome":
            now = label(f"Outcome: {current.title}", "h3")
        elif current.kind == "info":
            now = label(f"Now reading: {short(current.show, 80)}", "muted")
        else:
            now = label(f"Now: {current.ask}", "muted")
        self.list.addSpacing(6)
        self.list.addWidget(now)
        self.list.addStretch(1)
        self.hint.setVisible(n > 0)

    def _entry(self, n: int, use: FactUse, changing: str) -> None:
        key = self.key_for(use)
        step = self.guide.steps.get(key)
        fact = self.content.facts.get(use.fact)
        ask = step.ask if step is not None else (fact.label if fact else use.fact)
        answer = answer_text(fact, use.value, step)
        tag = ""
        if not use.answered:
            src = self.origin(use.fact, self.guide.id)
            src_title = self.content.guides[src].title if src in self.content.guides else ""
            tag = f"Reused from {src_title}" if src_title and src != self.guide.id \
                else "Reused from this case"
        b = LayoutButton("path")
        b.box.setContentsMargins(10, 8, 10, 8)
        b.box.setSpacing(2)
        b.box.addWidget(label(f"{n}. {ask}", "muted"))
        b.box.addWidget(label(answer, "h3"))
        if tag:
            b.box.addWidget(label(f"\u21bb {short(tag, 48)}", "badge-ok", wrap=True))
        if use.decided:
            b.box.addWidget(label("\u2605 Decided the route", "muted"))
        if key == changing:
            b.box.addWidget(label("\u270e Changing this answer", "badge-draft"))
        b.finish()
        b.setAccessibleName(f"Change answer {n}: {ask} Current answer: {answer}"
                            + (f" ({tag})" if tag else "")
                            + (". Decided the route" if use.decided else ""))
        b.setToolTip("Change this answer")
        b.setCheckable(True)
        b.setChecked(key == changing)
        b.clicked.connect(lambda _=False, k=key: self.change_requested.emit(k))
        self.entry_buttons[key] = b
        self.list.addWidget(b)

    def entry_button(self, step_id: str) -> QWidget | None:
        b = self.entry_buttons.get(step_id)
        return b if isinstance(b, QWidget) else None

