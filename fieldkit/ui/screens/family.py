"""The family view: lines written for the child, young person or parent, or the services given
to that person, full screen and large, to turn the laptop round.

It is its own top-level window (not a screen in the main window), so no case detail, notes or
path can appear on it; Esc closes it and returns to where the officer was. Only what content
wrote for the family reaches it: never the officer's script, headings, notes or sources. The one
thing from the case is the officer's own name, so the family knows who they are talking to.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from fieldkit.content.contacts import contact_label
from fieldkit.content.model import Content, FamilyLines
from fieldkit.ui.widgets.basic import button, frame, label, scroll_area

OFFICER = "{officer}"


def family_lines(block: FamilyLines, officer: str) -> list[str]:
    """The lines as the family reads them: the officer's name filled in, and a line that needs
    a name left out when there is none (never a placeholder on screen)."""
    out = []
    for ln in block.lines:
        if OFFICER in ln.text:
            if not officer.strip():
                continue
            out.append(ln.text.replace(OFFICER, officer.strip()))
        else:
            out.append(ln.text)
    return out


class FamilyView(QWidget):
    closed = Signal()

    def __init__(self, content: Content, kind: str, ids: list[str], who: str = "",
                 officer: str = ""):
        """kind "script": ids is [script id] and `who` the family block's audience (its first
        block when empty); kind "signposts": ids are the services given to one person."""
        super().__init__(None, Qt.WindowType.Window)
        self.setObjectName("familyView")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setWindowTitle("FieldKit")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        area = scroll_area()
        body = QWidget()
        body.setObjectName("familyView")
        row = QHBoxLayout(body)
        row.setContentsMargins(40, 40, 40, 40)
        col_w = QWidget()
        col_w.setMaximumWidth(1100)
        col = QVBoxLayout(col_w)
        col.setSpacing(22)
        row.addStretch(1)
        row.addWidget(col_w, 8)
        row.addStretch(1)
        area.setWidget(body)
        outer.addWidget(area, 1)

        if kind == "script":
            blocks = [b for sid in ids for b in content.scripts[sid].family
                      if not who or b.for_ == who]
            for block in blocks[:1]:
                col.addWidget(label(block.title, "h1"))
                for text in family_lines(block, officer):
                    col.addWidget(label(text, selectable=True))
            if not blocks:
                col.addWidget(label("Nothing has been written for the family here yet.",
                                    "muted"))
        else:
            col.addWidget(label("Where to get help", "h1"))
            for sid in ids:
                sp = content.signposts[sid]
                f, fl = frame("card", margins=24, spacing=8)
                fl.addWidget(label(sp.name, "h2"))
                fl.addWidget(label(sp.what))
                for c in sp.contact:
                    fl.addWidget(label(f"{contact_label(c.kind)}: {c.value}",
                                       "contact", selectable=True))
                    if c.note:
                        fl.addWidget(label(c.note, "muted"))
                fl.addWidget(label(sp.hours, "muted"))
                if sp.caution:
                    fl.addWidget(label(f"Please note: {sp.caution}"))
                col.addWidget(f)
            if not ids:
                col.addWidget(label("No services chosen.", "muted"))
        col.addStretch(1)

        foot = QHBoxLayout()
        foot.setContentsMargins(40, 8, 40, 16)
        foot.addStretch(1)
        leave = button("Close (Esc)", self.close, name="Close the family view", role="bar")
        leave.setObjectName("leaveFamily")
        foot.addWidget(leave)
        outer.addLayout(foot)

    def show_full(self) -> None:
        self.showFullScreen()
        self.activateWindow()
        self.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()
        super().closeEvent(event)
