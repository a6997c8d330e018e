"""The path so far: every question answered (or reused from the case) and where the walk stands.

Each answer is a button: clicking it asks the walk view to let the officer change that answer,
with the consequences shown. Reused answers say which guide they came from.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QScrollArea, QVBoxLayout, QWidget

from fieldkit.content.model import Content, Guide, Step
from fieldkit.guides.engine import PathEntry
from fieldkit.ui.answer_input import show_value
from fieldkit.ui.widgets import LayoutButton, clear, label, short


class PathPanel(QFrame):
    """Emits `change_requested(step_id)` when an earlier answer is clicked."""

    change_requested = Signal(str)

    def __init__(self, content: Content, guide: Guide,
                 origin: Callable[[str], str | None] = lambda _f: None):
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
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        self.list = QVBoxLayout(body)
        self.list.setContentsMargins(0, 6, 0, 6)
        self.list.setSpacing(4)
        area.setWidget(body)
        outer.addWidget(area, 1)
        self.entry_buttons: dict[str, object] = {}

    def show_path(self, path: list[PathEntry], current: Step, changing: str = "") -> None:
        clear(self.list)
        self.entry_buttons = {}
        n = 0
        for entry in path:
            step = self.guide.steps[entry.step]
            if entry.kind == "info":
                self.list.addWidget(label(f"Read: {short(step.show, 90)}", "muted"))
                continue
            n += 1
            fact = self.content.facts.get(entry.fact)
            answer = show_value(fact, entry.value, step)
            tag = ""
            if entry.skipped:
                src = self.origin(entry.fact)
                src_title = self.content.guides[src].title if src in self.content.guides else ""
                tag = f"Reused from {src_title}" if src_title and src != self.guide.id \
                    else "Reused from this case"
            b = LayoutButton("path")
            b.box.setContentsMargins(10, 8, 10, 8)
            b.box.setSpacing(2)
            b.box.addWidget(label(f"{n}. {step.ask}", "muted"))
            b.box.addWidget(label(answer, "h3"))
            if tag:
                b.box.addWidget(label(f"\u21bb {short(tag, 48)}", "badge-ok", wrap=True))
            if entry.step == changing:
                b.box.addWidget(label("\u270e Changing this answer", "badge-draft"))
            b.finish()
            b.setAccessibleName(f"Change answer {n}: {step.ask} Current answer: {answer}"
                                + (f" ({tag})" if tag else ""))
            b.setToolTip("Change this answer")
            b.setCheckable(True)
            b.setChecked(entry.step == changing)
            b.clicked.connect(lambda _=False, sid=entry.step: self.change_requested.emit(sid))
            self.entry_buttons[entry.step] = b
            self.list.addWidget(b)
        if not path:
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

    def entry_button(self, step_id: str) -> QWidget | None:
        b = self.entry_buttons.get(step_id)
        return b if isinstance(b, QWidget) else None

