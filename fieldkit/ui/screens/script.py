"""A script: its sections in order, lines to say (each with Copy), lines to avoid beside the
better wording, notes for the officer; sections can be marked as used on the case.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QCheckBox, QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from fieldkit.content.model import FAMILY_WORDS, Content, Script, ScriptSection
from fieldkit.ui.screens.base import Screen
from fieldkit.ui.screens.outcome import _for_words
from fieldkit.ui.widgets.basic import (
    FlowLayout,
    button,
    frame,
    header_line,
    label,
    source_label,
)
from fieldkit.ui.widgets.unconfirmed import add_header, add_unconfirmed

if TYPE_CHECKING:
    from fieldkit.ui.navigator import Navigator
    from fieldkit.ui.sessions import ScreenSession


class ScriptView(Screen):
    def __init__(self, nav: Navigator, session: ScreenSession, content: Content, script_id: str):
        super().__init__()
        self.nav, self.content = nav, content
        self.session: ScreenSession = session  # opened inside a case or quick look
        self.script: Script = content.scripts[script_id]
        self.title = self.script.header.title
        self.used_boxes: dict[str, QCheckBox] = {}
        self.copy_buttons: list[QPushButton] = []
        self.section_frames: dict[str, QFrame] = {}
        h = self.script.header

        lay = self.scroll_column(1000)

        top = QHBoxLayout()
        top.addWidget(label(h.title, "h1"), 1)
        # The officer's own welfare card is for them alone: not shown to a family, and
        # nothing about reading it goes on the case.
        self.personal = self.script.for_ == "officer"
        lay.addLayout(top)
        # One button per set of lines written for the family (never the officer's script).
        fam_row = FlowLayout()
        for block in self.script.family:
            whom = FAMILY_WORDS.get(block.for_, block.for_)
            fam = button(f"Show to {whom}" + (" (draft wording)" if block.status == "draft"
                                              else ""),
                         lambda w=block.for_: nav.open_family("script", [script_id], w),
                         "primary", name=f"Show the lines written for {whom}, full screen",
                         tip="A clean full-screen view; Esc to leave")
            fam.setObjectName("familyButton" if not fam_row.count() else
                              f"familyButton-{block.for_}")
            fam_row.addWidget(fam)
        if fam_row.count():
            lay.addLayout(fam_row)
        who = _for_words(self.script.for_)
        add_header(lay, h, " \u00b7 ".join(x for x in (who, header_line(h)) if x))
        if not session.kept and not self.personal:
            lay.addWidget(label("Quick look: copied lines and sections used are kept only if you "
                                "start a case.",
                                "badge-quick", wrap=True))
        used = session.sections_used(script_id)
        for n, sec in enumerate(self.script.sections, start=1):
            lay.addWidget(self._section(n, sec, sec.id in used))
        lay.addStretch(1)

    def _section(self, n: int, sec: ScriptSection, used: bool) -> QWidget:
        sources = self.script.header.sources
        f, fl = frame("card", margins=18, spacing=10)
        self.section_frames[sec.id] = f
        head = QHBoxLayout()
        head.addWidget(label(f"{n}. {sec.title}", "h2"), 1)
        box = QCheckBox("Used")
        box.setChecked(used)
        box.setAccessibleName(f"Mark section {sec.title} as used")
        box.toggled.connect(lambda on, sid=sec.id: self.session.mark_script_section(
            self.script.id, sid, on))
        box.setObjectName(f"used-{sec.id}")
        self.used_boxes[sec.id] = box
        head.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
        if self.personal:
            box.hide()
        fl.addLayout(head)
        add_unconfirmed(fl, self.script.header, sec.id)
        if sec.say:
            fl.addWidget(label("SAY", "kicker"))
        for ln in sec.say:
            row = QHBoxLayout()
            row.setSpacing(12)
            col = QVBoxLayout()
            col.setSpacing(2)
            col.addWidget(label(f"\u201c{ln.text}\u201d", "say", selectable=True))
            src = source_label(ln.cite, sources)
            if src is not None:
                col.addWidget(src)
            row.addLayout(col, 1)
            copy = button("Copy", name=f"Copy line: {ln.text}",
                          tip="Copy this line to the clipboard")
            copy.clicked.connect(lambda _=False, b=copy, sid=sec.id, t=ln.text:
                                 self.copy_line(b, sid, t))
            self.copy_buttons.append(copy)
            row.addWidget(copy, 0, Qt.AlignmentFlag.AlignTop)
            fl.addLayout(row)
        if sec.avoid:
            fl.addWidget(label("AVOID, AND SAY THIS INSTEAD", "kicker"))
        for av in sec.avoid:
            pair, pl = frame("why", QHBoxLayout(), margins=12, spacing=16)
            left = QVBoxLayout()
            left.addWidget(label("\u2715 Not this", "mark-dont"))
            left.addWidget(label(f"\u201c{av.text}\u201d", "avoid", selectable=True))
            right = QVBoxLayout()
            right.addWidget(label("\u2713 Say this", "mark-do"))
            right.addWidget(label(f"\u201c{av.instead}\u201d", "instead", selectable=True))
            pl.addLayout(left, 1)
            pl.addLayout(right, 1)
            fl.addWidget(pair)
            if av.why:
                fl.addWidget(label(f"Why: {av.why}", "muted"))
            src = source_label(av.cite, sources)
            if src is not None:
                fl.addWidget(src)
        for note in sec.notes:
            fl.addWidget(label(f"For you: {note.text}", "muted", selectable=True))
        return f

    def copy_line(self, b: QPushButton, section_id: str, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self.session.copy_script_line(self.script.id, section_id, text)
        b.setText("Copied \u2713")
        QTimer.singleShot(1500, b, lambda: b.setText("Copy"))

    def scroll_to(self, section_id: str) -> None:
        f = self.section_frames.get(section_id)
        if f is not None:
            QTimer.singleShot(0, f, lambda: self.scroll.ensureWidgetVisible(f, 0, 40))
