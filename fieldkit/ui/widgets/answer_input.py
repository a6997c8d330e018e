"""The input for one question, chosen by the fact's type: big buttons, a number, ticks, a date.

Used both to answer the current question and to change an earlier answer from the path, so
both look and behave the same. Keys 1 to 9 press the matching button (or tick the matching
box); Enter submits a number, text or date.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fieldkit.content.answers import choices
from fieldkit.content.model import Fact, Step
from fieldkit.ui.widgets.basic import button, label


def _enter_submits(base: type) -> type:
    """The same field, but Enter answers the question (`submitted`) instead of being eaten."""

    class EnterSubmits(base):  # type: ignore[valid-type, misc]
        submitted = Signal()

        def keyPressEvent(self, event: QKeyEvent) -> None:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.submitted.emit()
                return
            super().keyPressEvent(event)

    EnterSubmits.__name__ = f"Enter{base.__name__}"
    return EnterSubmits


_EnterSpinBox = _enter_submits(QSpinBox)
_EnterDateEdit = _enter_submits(QDateEdit)


class AnswerInput(QWidget):
    """Emits `answered(value)` with a value of the fact's type (the engine checks it again)."""

    answered = Signal(object)

    def __init__(self, step: Step, fact: Fact, current: Any = None, submit_text: str = "Continue"):
        super().__init__()
        self.step, self.fact = step, fact
        self.buttons: list[QPushButton] = []
        self.boxes: list[QCheckBox] = []
        self.spin: _EnterSpinBox | None = None
        self.line: QLineEdit | None = None
        self.date: _EnterDateEdit | None = None
        self.submit: QPushButton | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(10)
        self.problem = label("", "avoid")
        self.problem.hide()
        kind = fact.type
        if kind in ("yesno", "yesnounknown", "choice"):
            for n, (value, text, help_) in enumerate(choices(step, fact), start=1):
                key = f"{n}   " if n <= 9 else ""
                b = button(f"{key}{text}", role="answer", name=f"Answer: {text}",
                           tip=help_ or (f"Press {n}" if n <= 9 else ""))
                b.setAutoDefault(True)
                if current == value:
                    b.setText(f"{key}{text}   (current answer)")
                b.clicked.connect(lambda _=False, v=value: self.answered.emit(v))
                self.buttons.append(b)
                lay.addWidget(b)
                if help_:
                    lay.addWidget(label(help_, "muted"))
        elif kind == "multi":
            lay.addWidget(label("Tick all that apply, then continue.", "muted"))
            chosen = set(current or ())
            for n, (value, text, help_) in enumerate(choices(step, fact), start=1):
                box = QCheckBox(f"{n}   {text}" if n <= 9 else text)
                box.setProperty("role", "item")
                box.setProperty("value", value)
                box.setChecked(value in chosen)
                box.setAccessibleName(f"Tick: {text}")
                if help_:
                    box.setToolTip(help_)
                box.toggled.connect(self._update_submit)
                self.boxes.append(box)
                lay.addWidget(box)
            self._add_submit(lay, submit_text, self._submit_multi)
            self._update_submit()
        elif kind == "number":
            spin = _EnterSpinBox()
            spin.setObjectName("numberAnswer")
            low = int(step.min) if step.min is not None else 0
            spin.setRange(low - 1, int(step.max) if step.max is not None else 999_999)
            spin.setSpecialValueText(" ")  # the 'no answer yet' value shows as blank
            spin.setValue(int(current) if isinstance(current, (int, float)) else low - 1)
            spin.setAccessibleName(f"Number answer: {step.ask}")
            rng = []
            if step.min is not None:
                rng.append(f"from {step.min:g}")
            if step.max is not None:
                rng.append(f"to {step.max:g}")
            spin.setToolTip("Type the number and press Enter " + " ".join(rng))
            spin.submitted.connect(self._submit_number)
            self.spin = spin
            self._field_and_submit(lay, spin, submit_text, self._submit_number, "number")
            if rng:
                lay.addWidget(label("Type a number " + " ".join(rng) + ", then press Enter.",
                                    "muted"))
        elif kind == "date":
            d = _EnterDateEdit()
            d.setCalendarPopup(True)
            d.setDisplayFormat("d MMM yyyy")
            d.setMaximumDate(QDate.currentDate())
            if isinstance(current, date):
                d.setDate(QDate(current.year, current.month, current.day))
            else:
                d.setDate(QDate.currentDate())
            d.setAccessibleName(f"Date answer: {step.ask}")
            d.submitted.connect(self._submit_date)
            self.date = d
            self._field_and_submit(lay, d, submit_text, self._submit_date, "date")
        else:  # text
            line = QLineEdit()
            line.setText(str(current) if current is not None else "")
            line.setAccessibleName(f"Text answer: {step.ask}")
            line.setPlaceholderText("Type the answer, then press Enter")
            line.returnPressed.connect(self._submit_text)
            self.line = line
            lay.addWidget(line)
            self._add_submit(lay, submit_text, self._submit_text)
        lay.addWidget(self.problem)

    def _add_submit(self, lay: QVBoxLayout, text: str, fn: Any) -> None:
        row = QHBoxLayout()
        self.submit = button(text, fn, "primary")
        self.submit.setAutoDefault(True)
        row.addWidget(self.submit)
        row.addStretch(1)
        lay.addLayout(row)

    def _field_and_submit(self, lay: QVBoxLayout, field: QWidget, text: str, fn: Any,
                          what: str) -> None:
        """A typed answer (number or date) with its button beside it, named for a screen
        reader as "Continue with this number"."""
        row = QHBoxLayout()
        row.addWidget(field)
        self.submit = button(text, fn, "primary", name=f"{text} with this {what}")
        row.addWidget(self.submit)
        row.addStretch(1)
        lay.addLayout(row)

    def _update_submit(self) -> None:
        if self.submit is not None and self.boxes:
            none = not any(b.isChecked() for b in self.boxes)
            self.submit.setText("Continue: none of these" if none else "Continue")
            self.submit.setAccessibleName(self.submit.text())

    # -- submitting --------------------------------------------------------------------------
    def say_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setAccessibleName(text)
        self.problem.setVisible(bool(text))

    def _submit_multi(self) -> None:
        self.answered.emit([b.property("value") for b in self.boxes if b.isChecked()])

    def _submit_number(self) -> None:
        assert self.spin is not None
        self.spin.interpretText()
        if self.spin.value() == self.spin.minimum():
            self.say_problem("Type a number first.")
            self.spin.setFocus()
            return
        self.answered.emit(self.spin.value())

    def _submit_text(self) -> None:
        assert self.line is not None
        text = self.line.text().strip()
        if not text:
            self.say_problem("Type an answer first.")
            return
        self.answered.emit(text)

    def _submit_date(self) -> None:
        assert self.date is not None
        q = self.date.date()
        self.answered.emit(date(q.year(), q.month(), q.day()))

    # -- keys and focus ------------------------------------------------------------------------
    def press_number(self, n: int) -> bool:
        """Key n (1-9): press the n-th answer or tick the n-th box; False if there is none."""
        if self.buttons and 1 <= n <= len(self.buttons):
            self.buttons[n - 1].click()
            return True
        if self.boxes and 1 <= n <= len(self.boxes):
            self.boxes[n - 1].toggle()
            return True
        return False

    def focus_first(self) -> None:
        target: QWidget | None = (
            (self.buttons[0] if self.buttons else None)
            or (self.boxes[0] if self.boxes else None)
            or self.spin or self.line or self.date or self.submit)
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)

    def takes_digits(self) -> bool:
        """True when typed digits belong to the input (a number or text field) not to 1-9."""
        return self.spin is not None or self.line is not None or self.date is not None

