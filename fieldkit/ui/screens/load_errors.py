"""Content that did not load: each refused file with the checker's located errors, so the
officer knows what is missing and the content owner knows exactly what to fix.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QWidget

from fieldkit.ui.screens.base import Screen
from fieldkit.ui.widgets.basic import button, frame, label

if TYPE_CHECKING:
    from fieldkit.content.model import Content


class LoadErrorsScreen(Screen):
    def __init__(self, content: Content):
        super().__init__()
        self.title = "Content that did not load"
        lay = self.scroll_column(1100)
        lay.addWidget(label("Content that did not load", "h1"))
        n = len(content.refused)
        lay.addWidget(label(
            f"{n} file{'s' if n != 1 else ''} in {content.root} could not be used, so what "
            "they hold is not in FieldKit. Everything else loaded and is safe to use. Send this "
            "list to the content owner: each line says where the problem is.", "lead"))
        row = QHBoxLayout()
        copy = button("Copy the list", self._copy, name="Copy the list of problems to the "
                      "clipboard")
        row.addWidget(copy)
        row.addStretch(1)
        lay.addLayout(row)
        self.lines: list[str] = []
        errors = content.report.errors
        listed: set[str] = set()
        for path, why in content.refused.items():
            mine = [d for d in errors if d.path == path]
            lay.addWidget(self._file(path, why, mine, content.root))
            listed.add(path)
        other = [d for d in errors if d.path not in listed]
        if other:
            lay.addWidget(self._file("Other problems", "", other, content.root))
        lay.addStretch(1)

    def _file(self, path: str, why: str, diags: list, root: str) -> QWidget:
        f, fl = frame("banner-danger", margins=14, spacing=4)
        try:
            shown = os.path.relpath(path, root) if os.path.isabs(path) else path
        except ValueError:
            shown = path
        title = label(shown, "h3", selectable=True)
        title.setObjectName("refusedFile")
        fl.addWidget(title)
        if why and not diags:
            fl.addWidget(label(why))
        for d in diags:
            text = f"Line {d.line}, column {d.col}: {d.message}  [{d.rule}]"
            fl.addWidget(label(text, selectable=True))
            self.lines.append(str(d))
        return f

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText("\n".join(self.lines))
