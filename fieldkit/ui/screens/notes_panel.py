"""Free-text notes beside any screen: saved a moment after each edit, and at once when the
officer leaves the box, opens the family view or closes the app, so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QVBoxLayout

from fieldkit.ui.widgets.basic import label

if TYPE_CHECKING:
    from fieldkit.ui.sessions import ScreenSession

SAVE_AFTER_MS = 600


class _Editor(QPlainTextEdit):
    def __init__(self, panel: NotesPanel):
        super().__init__()
        self.panel = panel

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.panel.flush()
        super().focusOutEvent(event)


class NotesPanel(QFrame):
    """`current()` is the session in use (None before any); `ensure()` makes a quick look when
    there is none, so notes typed before a case is started are kept until it is."""

    def __init__(self, current: Callable[[], ScreenSession | None],
                 ensure: Callable[[], ScreenSession]):
        super().__init__()
        self.current, self.ensure = current, ensure
        self.setProperty("role", "path")
        self.setFixedWidth(360)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 18, 14, 14)
        lay.addWidget(label("Notes", "h2"))
        self.state = label("", "muted")
        self.state.setObjectName("notesState")
        lay.addWidget(self.state)
        self.editor = _Editor(self)
        self.editor.setObjectName("notes")
        self.editor.setAccessibleName("Notes for this case, saved as you type")
        self.editor.setPlaceholderText("Type notes here. They are kept exactly as typed.")
        lay.addWidget(self.editor, 1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SAVE_AFTER_MS)
        self.timer.timeout.connect(self.flush)
        self.editor.textChanged.connect(self._edited)
        self.dirty = False
        self._loading = False

    def load(self) -> None:
        """Show the current session's notes (or none, with a note on what is kept)."""
        self._loading = True
        s = self.current()
        self.editor.setPlainText(s.notes() if s is not None else "")
        self._loading = False
        self.dirty = False
        if s is None:
            self.state.setText("Open a guide or start a case to take notes.")
        elif s.kept:
            self.state.setText("Saved on the case as you type.")
        else:
            self.state.setText("Quick look: these notes are kept only if you start a case.")
        self.editor.setEnabled(True)

    def _edited(self) -> None:
        if self._loading:
            return
        self.dirty = True
        self.timer.start()

    def flush(self) -> None:
        """Save now if anything changed since the last save."""
        self.timer.stop()
        if not self.dirty:
            return
        s = self.ensure()
        s.set_notes(self.editor.toPlainText())
        self.dirty = False
        if s.kept:
            self.state.setText("Saved on the case.")
