"""The in-window screens that ask for the passphrase: set it (first run) or give it (unlock).

A screen in the main window rather than a dialog: it comes up on every start and after every
lock, so it must be quick, keyboard-first (type, Enter) and impossible to click past. It holds
no case text; the controller in `fieldkit.ui.lock` decides what a passphrase opens.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from fieldkit.security.policy import RULE, explain, problems
from fieldkit.ui.widgets.basic import FlowLayout, button, frame, label, scroll_page

TITLES = {
    "setup": "Set a passphrase for your cases",
    "unlock": "FieldKit is locked",
}
INTROS = {
    "setup": ("FieldKit keeps your cases encrypted on this computer. Choose a passphrase: you "
              "will type it each time FieldKit starts or unlocks."),
    "encrypt": ("Your saved cases are not encrypted yet. Choose a passphrase and FieldKit will "
                "encrypt them now; you will type it each time FieldKit starts or unlocks."),
    "unlock": "Type your passphrase to see your cases again. Anything you were typing is kept.",
}


class PassphraseScreen(QWidget):
    """`submitted(passphrase)` when the officer asks to unlock; `chosen(passphrase)` when a new
    passphrase was typed twice and passes the rule; `skipped()` from 'Continue without saved
    cases' (offered only when the case database cannot be read at all)."""

    submitted = Signal(str)
    chosen = Signal(str)
    skipped = Signal()

    def __init__(self, mode: str, intro: str = "", can_skip: bool = False):
        super().__init__()
        self.mode = "setup" if mode in ("setup", "encrypt") else "unlock"
        self.setObjectName("passphraseScreen")
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        area, _body, outer = scroll_page(12)  # large text on a short screen scrolls
        page.addWidget(area)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        card, lay = frame("card", margins=28, spacing=12)
        card.setMaximumWidth(max(620, self.fontMetrics().horizontalAdvance("m") * 46))
        row.addWidget(card, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

        title = label(TITLES[self.mode], "h1")
        title.setObjectName("passphraseTitle")
        lay.addWidget(title)
        lay.addWidget(label(intro or INTROS[mode if mode in INTROS else "unlock"], "lead"))

        self.field = self._field("passphrase", "Passphrase")
        lay.addWidget(self.field)
        self.again: QLineEdit | None = None
        self.check: QWidget | None = None
        if self.mode == "setup":
            self.again = self._field("passphraseAgain", "The same passphrase again")
            lay.addWidget(self.again)
            self.check = label("", "muted")
            self.check.setObjectName("passphraseCheck")
            lay.addWidget(self.check)
            self.field.textChanged.connect(self._live_check)
            lay.addWidget(label(RULE, "muted"))
        show = QCheckBox("Show what I type")
        show.setObjectName("showPassphrase")
        show.toggled.connect(self._show_typing)
        lay.addWidget(show)

        self.message = label("", "avoid")
        self.message.setObjectName("passphraseMessage")
        self.message.hide()
        lay.addWidget(self.message)

        buttons = FlowLayout()
        self.go = button("Set passphrase and continue" if self.mode == "setup" else "Unlock",
                         self._submit, "primary")
        self.go.setObjectName("passphraseButton")
        buttons.addWidget(self.go)
        if can_skip:
            skip = button("Continue without saved cases", self.skipped.emit,
                          name="Continue without saved cases: guides only, nothing recorded")
            skip.setObjectName("continueWithoutCases")
            buttons.addWidget(skip)
        lay.addLayout(buttons)

        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._tick)
        self._wait_left = 0

    def _field(self, name: str, accessible: str) -> QLineEdit:
        f = QLineEdit()
        f.setObjectName(name)
        f.setEchoMode(QLineEdit.EchoMode.Password)
        f.setAccessibleName(accessible)
        f.setPlaceholderText(accessible)
        f.returnPressed.connect(self._submit)
        return f

    def _show_typing(self, on: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
        for f in (self.field, self.again):
            if f is not None:
                f.setEchoMode(mode)

    def _live_check(self, text: str) -> None:
        if self.check is not None:
            found = problems(text) if text else []
            self.check.setText(explain(found) if found else
                               ("Long enough and not a common pattern." if text else ""))

    def focus(self) -> None:
        self.field.setFocus(Qt.FocusReason.OtherFocusReason)

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setAccessibleName(text)
        self.message.setVisible(bool(text))

    def clear(self) -> None:
        self.field.clear()
        if self.again is not None:
            self.again.clear()

    def wait(self, seconds: float, text: str) -> None:
        """Refuse tries for a while after too many wrong ones, counting down on the button."""
        self.say(text)
        self._wait_left = max(1, int(seconds + 0.999))
        self.go.setEnabled(False)
        self._tick_label()
        self._ticker.start()

    def _tick(self) -> None:
        self._wait_left -= 1
        if self._wait_left <= 0:
            self._ticker.stop()
            self.go.setEnabled(True)
            self.go.setText("Unlock")
            self.say("")
            self.focus()
            return
        self._tick_label()

    def _tick_label(self) -> None:
        self.go.setText(f"Wait {self._wait_left} s")

    def _submit(self) -> None:
        if not self.go.isEnabled():
            return
        typed = self.field.text()
        if self.mode == "unlock":
            if typed:
                self.submitted.emit(typed)
            return
        found = problems(typed)
        if found:
            self.say(explain(found))
            return
        if self.again is not None and self.again.text() != typed:
            self.say("The two passphrases are not the same. Type them again.")
            self.again.clear()
            self.again.setFocus()
            return
        self.chosen.emit(typed)
