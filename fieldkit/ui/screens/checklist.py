"""A checklist: items under their headings, each ticked on the case as the officer goes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QCheckBox

from fieldkit.content.model import Checklist, Content
from fieldkit.ui.screens.base import Screen
from fieldkit.ui.widgets.basic import (
    frame,
    label,
    source_label,
)
from fieldkit.ui.widgets.unconfirmed import add_header, add_unconfirmed

if TYPE_CHECKING:
    from fieldkit.ui.sessions import ScreenSession


class ChecklistView(Screen):
    def __init__(self, session: ScreenSession, content: Content, checklist_id: str):
        super().__init__()
        self.content = content
        self.session: ScreenSession = session  # opened inside a case or quick look
        self.checklist: Checklist = content.checklists[checklist_id]
        self.title = self.checklist.header.title
        self.boxes: dict[str, QCheckBox] = {}
        h = self.checklist.header
        lay = self.scroll_column(1000)
        lay.addWidget(label(h.title, "h1"))
        add_header(lay, h)
        if not session.kept:
            lay.addWidget(label("Quick look: ticks are kept only if you start a case.",
                                "badge-quick"))
        self.progress = label("", "h3")
        self.progress.setObjectName("checklistProgress")
        lay.addWidget(self.progress)
        on_case = session.checklist(checklist_id)
        groups: dict[str, list] = {}
        for item in self.checklist.items:
            groups.setdefault(item.group, []).append(item)
        for group, items in groups.items():
            f, fl = frame("card", margins=16, spacing=4)
            if group:
                fl.addWidget(label(group, "h2"))
            for item in items:
                box = QCheckBox(item.text)
                box.setProperty("role", "item")
                box.setChecked(on_case.is_ticked(item.id))
                box.setAccessibleName(f"Tick: {item.text}")
                box.setObjectName(f"item-{item.id}")
                box.toggled.connect(lambda on, iid=item.id: self._tick(iid, on))
                self.boxes[item.id] = box
                fl.addWidget(box)
                add_unconfirmed(fl, h, item.id)
                if item.help:
                    hl = label(item.help, "muted")
                    hl.setContentsMargins(52, 0, 0, 0)
                    fl.addWidget(hl)
                src = source_label(item.cite, h.sources)
                if src is not None:
                    src.setContentsMargins(52, 0, 0, 6)
                    fl.addWidget(src)
            lay.addWidget(f)
        lay.addStretch(1)
        self._update_progress()

    def _tick(self, item_id: str, on: bool) -> None:
        self.session.tick(self.checklist.id, item_id, on)
        self._update_progress()

    def _update_progress(self) -> None:
        p = self.session.checklist(self.checklist.id)
        self.progress.setText(f"{p.done} of {p.total} done")
