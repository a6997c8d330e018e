"""Walking a guide in author mode: from any step, with every decision fact settable directly."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldkit.authoring.condtext import value_text
from fieldkit.authoring.explore import decision_facts
from fieldkit.authoring.walkstate import start_walk
from fieldkit.content.conditions import coerce
from fieldkit.content.model import Fact, Guide
from fieldkit.guides.engine import Walk, WalkError
from fieldkit.ui.widgets.basic import FlowLayout, plain_label, scroll_area

NOT_SET = "(not set)"


class WalkPanel(QWidget):
    """`changed()` after every move, so the tree can outline the route."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.walk: Walk | None = None
        self.declared: dict[str, Fact] = {}
        self.fact_editors: dict[str, QWidget] = {}
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)

        lay.addWidget(QLabel("Start from step:"))
        row = FlowLayout()
        self.start_box = QComboBox()
        self.start_box.setObjectName("author-start-step")
        self.start_box.setAccessibleName("Step to start the walk from")
        self.start_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.start_box.setMinimumContentsLength(8)
        row.addWidget(self.start_box)
        self.start_button = QPushButton("Walk from here")
        self.start_button.setObjectName("author-walk-from")
        self.start_button.clicked.connect(lambda: self.restart(self.start_box.currentText()))
        row.addWidget(self.start_button)
        lay.addLayout(row)

        self.notes = plain_label("", "author-walk-notes")
        lay.addWidget(self.notes)

        self.step_tag = plain_label("", "author-step-tag")
        lay.addWidget(self.step_tag)
        self.step_text = plain_label("Pick a guide to walk it", "author-step-text")
        lay.addWidget(self.step_text)
        self.answers = QHBoxLayout()
        lay.addLayout(self.answers)
        self.error = plain_label("", "author-walk-error")
        self.error.setStyleSheet("color: #a8201a;")
        lay.addWidget(self.error)

        nav = QHBoxLayout()
        self.back_button = QPushButton("Back")
        self.back_button.setObjectName("author-walk-back")
        self.back_button.clicked.connect(self.back)
        nav.addWidget(self.back_button)
        restart = QPushButton("Start again")
        restart.clicked.connect(lambda: self.restart(self.walk.start if self.walk else None))
        nav.addWidget(restart)
        nav.addStretch(1)
        lay.addLayout(nav)

        lay.addWidget(QLabel("Route so far:"))
        self.path_list = QListWidget()
        self.path_list.setObjectName("author-walk-path")
        self.path_list.setAccessibleName("Route so far")
        lay.addWidget(self.path_list, 1)

        facts_title = QLabel("Facts (set any of them directly):")
        facts_title.setWordWrap(True)
        lay.addWidget(facts_title)
        self.facts_area = scroll_area(framed=True)
        self.facts_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.facts_body = QWidget()
        self.facts_form = QFormLayout(self.facts_body)
        self.facts_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.facts_area.setWidget(self.facts_body)
        lay.addWidget(self.facts_area, 1)

    # -- set-up --------------------------------------------------------------------------------

    def set_walk(self, walk: Walk | None, declared: dict[str, Fact],
                 notes: list[str] | None = None) -> None:
        self.walk = walk
        self.declared = declared
        self.notes.setText("\n".join(notes or []))
        self.start_box.blockSignals(True)
        self.start_box.clear()
        if walk is not None:
            self.start_box.addItems(list(walk.guide.steps))
            self.start_box.setCurrentText(walk.start)
        self.start_box.blockSignals(False)
        self._build_fact_editors(walk.guide if walk else None)
        self.refresh()

    def restart(self, start: str | None) -> None:
        if self.walk is None:
            return
        facts = {k: v for k, v in self.walk.facts.items()}
        self.walk = start_walk(self.walk.guide, self.declared, start or None, facts)
        self.notes.setText("")
        self.refresh()

    def _build_fact_editors(self, guide: Guide | None) -> None:
        while self.facts_form.rowCount():
            self.facts_form.removeRow(0)
        self.fact_editors = {}
        if guide is None:
            return
        for fid in decision_facts([guide]):
            fact = self.declared.get(fid)
            if fact is None:
                continue
            editor: QWidget
            if fact.type in ("yesno", "yesnounknown", "choice"):
                box = QComboBox()
                box.addItems([NOT_SET, *fact.allowed_values()])
                box.currentTextChanged.connect(lambda text, f=fid: self.set_fact(f, text))
                editor = box
            else:
                line = QLineEdit()
                line.setPlaceholderText(NOT_SET + (", comma-separated" if fact.type == "multi"
                                                   else ""))
                line.editingFinished.connect(lambda f=fid, w=line: self.set_fact(f, w.text()))
                editor = line
            editor.setObjectName(f"author-fact-{fid}")
            editor.setAccessibleName(fact.label)
            editor.setToolTip(f"{fid} ({fact.type}): {fact.label}")
            name = QLabel(fid.replace("_", "_\u200b"))  # long ids wrap at their underscores
            name.setWordWrap(True)
            name.setAccessibleName(fid)
            self.facts_form.addRow(name, editor)
            self.fact_editors[fid] = editor
        self.facts_area.setMinimumWidth(  # fact names whole, never scrolled sideways
            self.facts_body.minimumSizeHint().width()
            + self.facts_area.verticalScrollBar().sizeHint().width() + 4)

    # -- moves ---------------------------------------------------------------------------------

    def set_fact(self, fid: str, text: str) -> None:
        """Set (or clear, with an empty text or "(not set)") one fact and re-route."""
        if self.walk is None:
            return
        text = text.strip()
        if not text or text == NOT_SET:
            self.walk.facts.pop(fid, None)
        else:
            fact = self.declared[fid]
            raw: Any = [t.strip() for t in text.split(",") if t.strip()] \
                if fact.type == "multi" else text
            value, problem = coerce(fact, raw)
            if problem:
                self.error.setText(problem)
                return
            self.walk.facts[fid] = value
        self.error.setText("")
        self.refresh()

    def answer(self, value: Any) -> None:
        if self.walk is None:
            return
        try:
            self.walk.answer(value)
        except WalkError as exc:
            self.error.setText(str(exc))
            return
        self.error.setText("")
        self.refresh()

    def acknowledge(self) -> None:
        if self.walk is not None:
            self.walk.acknowledge()
            self.refresh()

    def back(self) -> None:
        if self.walk is not None and self.walk.undo():
            self.refresh()

    # -- display -------------------------------------------------------------------------------

    def route(self) -> tuple[list[str], str | None]:
        if self.walk is None:
            return [], None
        try:
            path, step = self.walk.route()
        except WalkError:
            return [], None
        return [e.step for e in path], step.id

    def _clear_answers(self) -> None:
        while self.answers.count():
            item = self.answers.takeAt(0)
            w = item.widget()
            if w is not None:
                w.hide()  # at once: deleteLater waits for the event loop
                w.deleteLater()

    def refresh(self) -> None:
        self._clear_answers()
        self.path_list.clear()
        walk = self.walk
        if walk is None:
            self.step_tag.setText("")
            self.step_text.setText("Pick a guide to walk it")
            self.changed.emit()
            return
        try:
            path, step = walk.route()
        except WalkError as exc:
            self.step_tag.setText("THE WALK CANNOT GO ON")
            self.step_text.setText(str(exc))
            self.changed.emit()
            return
        for e in path:
            if e.kind == "info":
                self.path_list.addItem(f"{e.step}: read")
            else:
                how = "answered" if not e.skipped else "set directly"
                self.path_list.addItem(f"{e.step}: {e.fact} = {value_text(e.value)} ({how})")
        if step.kind == "question":
            self.step_tag.setText(f"QUESTION  {step.id}  (sets {step.fact})")
            self.step_text.setText(step.ask)
            fact = self.declared.get(step.fact)
            values = [o.value for o in step.options] or list(
                fact.allowed_values() if fact else ())
            if fact is not None and fact.type in ("yesno", "yesnounknown", "choice"):
                for v in values:
                    b = QPushButton(v)
                    b.setObjectName(f"author-answer-{v}")
                    b.clicked.connect(lambda _=False, val=v: self.answer(val))
                    self.answers.addWidget(b)
            else:
                entry = QLineEdit()
                entry.setObjectName("author-answer-text")
                entry.setAccessibleName(step.ask)
                go = QPushButton("Answer")
                go.setObjectName("author-answer-go")

                def submit(_: bool = False, w: QLineEdit = entry) -> None:
                    raw: Any = w.text()
                    if fact is not None and fact.type == "multi":
                        raw = [t.strip() for t in raw.split(",") if t.strip()]
                    self.answer(raw)

                go.clicked.connect(submit)
                entry.returnPressed.connect(submit)
                self.answers.addWidget(entry, 1)
                self.answers.addWidget(go)
        elif step.kind == "info":
            self.step_tag.setText(f"INFO  {step.id}")
            self.step_text.setText(step.show)
            b = QPushButton("Continue")
            b.setObjectName("author-continue")
            b.clicked.connect(self.acknowledge)
            self.answers.addWidget(b)
        else:
            self.step_tag.setText(f"OUTCOME  {step.outcome}  ({step.id})")
            lines = [step.title, step.say] + [f"Do: {a.text}" for a in step.do] + [
                f"Don't: {a.text}" for a in step.dont]
            self.step_text.setText("\n".join(x for x in lines if x))
        self.answers.addStretch(1)
        self.back_button.setEnabled(walk.can_undo())
        self._sync_fact_editors()
        self.changed.emit()

    def _sync_fact_editors(self) -> None:
        assert self.walk is not None
        for fid, editor in self.fact_editors.items():
            value = self.walk.facts.get(fid)
            text = NOT_SET if value is None else value_text(value)
            editor.blockSignals(True)
            if isinstance(editor, QComboBox):
                editor.setCurrentText(text)
            elif isinstance(editor, QLineEdit):
                editor.setText("" if value is None else text)
            editor.blockSignals(False)

    def current_step(self) -> str | None:
        return self.route()[1]
