"""The checker's problems as a list; pick one to see its file, line and offending text."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from fieldkit.diagnostics import Diagnostic
from fieldkit.ui import theme
from fieldkit.ui.widgets.basic import plain_label


class ProblemsPanel(QWidget):
    """Errors first, then warnings; `chosen(diagnostic)` when one is picked."""

    chosen = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.summary = plain_label("No problems", "author-problem-summary")
        lay.addWidget(self.summary)
        self.list = QListWidget()
        self.list.setObjectName("author-problems")
        self.list.setAccessibleName("Problems found by the checker")
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setAlternatingRowColors(True)
        self.list.currentItemChanged.connect(self._picked)
        self.list.itemActivated.connect(lambda item: self._picked(item, None))
        lay.addWidget(self.list, 1)
        self.root = ""
        self.diagnostics: list[Diagnostic] = []

    def show_report(self, diagnostics: list[Diagnostic], root: str,
                    folded: dict[str, list[Diagnostic]] | None = None,
                    unreadable: set[str] | None = None) -> None:
        """Errors first, and first of all a file that could not be read at all (the root
        cause); the errors that only follow from a failed file are folded under it."""
        self.root = root
        folded = folded or {}
        unreadable = unreadable or set()
        self.diagnostics = sorted(diagnostics, key=lambda d: (
            not d.is_error, d.path not in unreadable, d.path not in folded, d.path, d.line,
            d.col))
        self.list.blockSignals(True)
        self.list.clear()
        colours = theme.PALETTES[theme.current]
        shown: set[str] = set()
        for d in self.diagnostics:
            item = QListWidgetItem(self.line(d))
            item.setData(Qt.ItemDataRole.UserRole, d)
            item.setForeground(QColor(colours.danger if d.is_error else colours.warn_text))
            item.setToolTip(str(d))
            self.list.addItem(item)
            if d.path in folded and d.path not in shown:
                shown.add(d.path)
                for f in folded[d.path]:
                    sub = QListWidgetItem("    \u21b3 " + self.line(f))
                    sub.setData(Qt.ItemDataRole.UserRole, f)
                    sub.setForeground(QColor(colours.muted))
                    sub.setToolTip(f"Follows from {self.line(d)}")
                    self.list.addItem(sub)
        self.list.blockSignals(False)
        e = sum(1 for d in diagnostics if d.is_error)
        w = len(diagnostics) - e
        self.summary.setText("No problems: the content checks clean" if not diagnostics else
                             f"{e} error{'s' if e != 1 else ''}, {w} warning"
                             f"{'s' if w != 1 else ''}: click one to see where it is")

    def line(self, d: Diagnostic) -> str:
        try:
            shown = os.path.relpath(d.path, self.root) if self.root else d.path
        except ValueError:
            shown = d.path
        return f"{shown}:{d.line}:{d.col}  {d.severity}[{d.rule}]  {d.message}"

    def _picked(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is not None:
            self.chosen.emit(item.data(Qt.ItemDataRole.UserRole))


class SourceView(QWidget):
    """A content file, read-only, scrolled to a problem's line with that line marked."""

    def __init__(self) -> None:
        super().__init__()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.where = plain_label("Pick a problem to see where it is", "author-source-where")
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.where)
        self.offending = plain_label("", "author-source-line", wrap=False)
        self.offending.setStyleSheet("font-family: monospace;")
        self.offending.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.offending)
        self.text = QPlainTextEdit()
        self.text.setObjectName("author-source")
        self.text.setAccessibleName("Content file")
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setStyleSheet("font-family: monospace;")
        lay.addWidget(self.text, 1)
        self.path = ""
        self.line = 0

    def show_problem(self, d: Diagnostic) -> None:
        self.show_file(d.path, d.line, d.col, f"{d.severity}[{d.rule}]: {d.message}")

    def show_file(self, path: str, line: int = 1, col: int = 1, message: str = "") -> None:
        self.path, self.line = path, line
        try:
            body = Path(path).read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            body = ""
            message = f"{message} (cannot open the file: {exc.strerror})"
        self.text.setPlainText(body)
        lines = body.splitlines()
        text = lines[line - 1] if 0 < line <= len(lines) else ""
        self.where.setText(f"{path}, line {line}, column {col}" +
                           (f"\n{message}" if message else ""))
        self.offending.setText(f"{line:>4} | {text}\n     | {' ' * max(col - 1, 0)}^"
                               if text else "")
        block = self.text.document().findBlockByNumber(max(line - 1, 0))
        cursor = QTextCursor(block)
        self.text.setTextCursor(cursor)
        self.text.centerCursor()
        mark = QTextEdit.ExtraSelection()
        fmt = QTextCharFormat()
        ink, paper = theme.HIGHLIGHT[theme.current]
        fmt.setBackground(QColor(paper))
        fmt.setForeground(QColor(ink))
        fmt.setProperty(QTextCharFormat.Property.FullWidthSelection, True)
        mark.format = fmt  # type: ignore[attr-defined]
        mark.cursor = cursor  # type: ignore[attr-defined]
        self.text.setExtraSelections([mark])

    def offending_text(self) -> str:
        lines = self.text.toPlainText().splitlines()
        return lines[self.line - 1] if 0 < self.line <= len(lines) else ""
