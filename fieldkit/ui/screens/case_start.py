"""Starting a case (reference, officer, station) or continuing a saved one.

The officer's own name, number and station are remembered for next time, so at a scene only
the reference has to be typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
)

from fieldkit.diagnostics import FieldKitError
from fieldkit.ui.screens.base import Screen
from fieldkit.ui.widgets.basic import button, clear, frame, label

if TYPE_CHECKING:
    from fieldkit.content.model import Content
    from fieldkit.settings import Settings
    from fieldkit.ui.navigator import Navigator
    from fieldkit.ui.sessions import ScreenSession

FIELDS = (
    ("reference", "Incident or crime reference", "e.g. CAD 4471 21/11/2026", True),
    ("officer_name", "Your name", "e.g. PC Sam Jones", True),
    ("officer_number", "Your collar or staff number", "e.g. 4471", True),
    ("station", "Station or team", "e.g. Central", False),
    ("location", "Location (optional)", "Keep it general; full address goes in the force "
                                         "system", False),
)
REMEMBERED = ("officer_name", "officer_number", "station")


class CaseStartScreen(Screen):
    def __init__(self, nav: Navigator, session: ScreenSession | None, content: Content,
                 settings: Settings):
        super().__init__()
        self.nav, self.session, self.content = nav, session, content
        self.settings = settings
        self.title = "Start a case"
        lay = self.scroll_column(900)
        lay.addWidget(label("Start a case", "h1"))
        lay.addWidget(label("Everything you do in the case is saved as you go: answers, ticks, "
                            "services given, exhibits and notes. It becomes your handover note.",
                            "lead"))
        f, fl = frame("card", margins=20, spacing=12)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        form.setVerticalSpacing(6)
        self.edits: dict[str, QLineEdit] = {}
        remembered = settings.get("officer", {}) or {}
        for key, text, hint, required in FIELDS:
            e = QLineEdit()
            e.setObjectName(f"case-{key}")
            e.setPlaceholderText(hint)
            e.setAccessibleName(text + (" (required)" if required else ""))
            if key in REMEMBERED and isinstance(remembered.get(key), str):
                e.setText(remembered[key])
            e.returnPressed.connect(self.start)
            self.edits[key] = e
            form.addRow(label(text + (" *" if required else ""), "h3"), e)
        fl.addLayout(form)
        self.problem = label("", "avoid")
        self.problem.setObjectName("caseProblem")
        self.problem.hide()
        fl.addWidget(self.problem)
        row = QHBoxLayout()
        go = button("Start the case", self.start, "primary", name="Start the case")
        go.setObjectName("startCaseButton")
        row.addWidget(go)
        row.addStretch(1)
        fl.addLayout(row)
        lay.addWidget(f)
        lay.addWidget(label("Continue a saved case", "h2"))
        self.saved = QVBoxLayout()
        lay.addLayout(self.saved)
        lay.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        from fieldkit.ui.saved_cases import unfinished_cases

        clear(self.saved)
        try:
            cases = unfinished_cases(self.nav)
        except FieldKitError as exc:
            self.saved.addWidget(label(f"Saved cases cannot be opened: {exc}", "avoid"))
            return
        if not cases:
            self.saved.addWidget(label("No saved cases on this computer.", "muted"))
        for case_id, text in cases:
            b = button(f"Continue: {text}", lambda cid=case_id: self._continue(cid), "row",
                       name=f"Continue case {text}")
            b.setObjectName(f"continue-{case_id}")
            self.saved.addWidget(b)
        first = next((e for e in self.edits.values() if not e.text()), self.edits["reference"])
        first.setFocus()
        QTimer.singleShot(0, self._focus_first)  # once shown: a hidden field cannot take it

    def _focus_first(self) -> None:
        if self.isVisible() and not self.isAncestorOf(QApplication.focusWidget()):
            next((e for e in self.edits.values() if not e.text()),
                 self.edits["reference"]).setFocus(Qt.FocusReason.OtherFocusReason)

    def start(self) -> None:
        from fieldkit.ui.saved_cases import create_case

        values = {k: e.text().strip() for k, e in self.edits.items()}
        missing = [text for key, text, _h, required in FIELDS if required and not values[key]]
        if missing:
            self._say("Please fill in: " + ", ".join(m.lower() for m in missing) + ".")
            return
        old = self.session
        self.nav.save_notes()
        quick = old if old is not None and not old.kept else None
        try:  # a quick look becomes the case: answers, ticks, notes and services carried over
            session = create_case(self.nav.case_store(), self.content, **values, quick=quick)
        except FieldKitError as exc:
            self._say(str(exc))
            return
        self.settings.set("officer", {k: values[k] for k in REMEMBERED})
        self.edits["reference"].clear()
        self.edits["location"].clear()
        self.problem.hide()
        self.nav.set_session(session)
        self.nav.show_home()

    def _continue(self, case_id: str) -> None:
        from fieldkit.ui.saved_cases import open_case

        try:
            session = open_case(self.nav.case_store(), self.content, case_id)
        except FieldKitError as exc:
            self._say(str(exc))
            return
        self.nav.set_session(session)
        self.nav.show_home()

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setAccessibleName(text)
        self.problem.show()
