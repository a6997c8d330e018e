"""Small building blocks the screens share: labels with roles, buttons, tiles, banners, sources.

Every control made here gets an accessible name, so a screen reader (and a test) can find it by
what it says rather than by where it sits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLayoutItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from fieldkit.cases import times
from fieldkit.content.answers import day_text
from fieldkit.content.model import Header, Source


def label(text: str, role: str = "", wrap: bool = True, selectable: bool = False) -> QLabel:
    w = QLabel(text)
    w.setTextFormat(Qt.TextFormat.PlainText)
    w.setWordWrap(wrap)
    if role:
        w.setProperty("role", role)
    if selectable:
        w.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    w.setAccessibleName(text[:200])
    return w


def plain_label(text: str, name: str, wrap: bool = True) -> QLabel:
    """A label whose text changes as the tool runs: named for tests and style, and showing
    content as text, never as markup. (Unlike `label`, it sets no fixed accessible name, so
    a screen reader reads the text it holds now.)"""
    w = QLabel(text)
    w.setTextFormat(Qt.TextFormat.PlainText)
    w.setObjectName(name)
    w.setWordWrap(wrap)
    return w


def button(text: str, on_click: Callable[[], object] | None = None, role: str = "",
           name: str = "", tip: str = "", wrap: bool = False) -> QPushButton:
    """A button; `wrap` (always for "row" buttons, which hold long sentences) lets its text run
    onto more lines instead of pushing the window wider than the screen."""
    b: QPushButton = WrapButton(text, role or "row") if wrap or role == "row" \
        else QPushButton(text)
    if role:
        b.setProperty("role", role)
    b.setAccessibleName(name or text.replace("&", ""))
    if tip:
        b.setToolTip(tip)
        b.setAccessibleDescription(tip)
    b.setCursor(Qt.CursorShape.PointingHandCursor)
    if on_click is not None:
        b.clicked.connect(lambda _=False: on_click())
    return b


def frame(role: str, layout: QBoxLayout | None = None, margins: int = 14,
          spacing: int = 8) -> tuple[QFrame, QBoxLayout]:
    f = QFrame()
    f.setProperty("role", role)
    lay = layout or QVBoxLayout()
    lay.setContentsMargins(margins, margins, margins, margins)
    lay.setSpacing(spacing)
    f.setLayout(lay)
    return f, lay


def banner(text: str, role: str = "banner-warn", title: str = "") -> QFrame:
    """A coloured box; the title, when given, leads the text in bold on the same line."""
    f, lay = frame(role, margins=12, spacing=4)
    w = QLabel()
    w.setWordWrap(True)
    w.setTextFormat(Qt.TextFormat.RichText)
    from html import escape  # here: its entity table is not needed before the first paint

    body = escape(text)
    w.setText(f"<b>{escape(title)}.</b> {body}" if title else body)
    w.setAccessibleName(f"{title}. {text}" if title else text)
    lay.addWidget(w)
    f.setAccessibleName(f"{title} {text}".strip())
    return f


def rule() -> QFrame:
    f = QFrame()
    f.setProperty("role", "rule")
    return f


class LayoutButton(QPushButton):
    """A button holding word-wrapped labels, as tall as they need (a plain button is not)."""

    def __init__(self, role: str = "tile"):
        super().__init__()
        self.setProperty("role", role)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(16, 12, 16, 12)
        self.box.setSpacing(4)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def finish(self) -> None:
        """Let clicks on the labels reach the button."""
        for child in self.findChildren(QLabel):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def sizeHint(self):  # type: ignore[no-untyped-def]
        hint = super().sizeHint()
        w = max(self.width(), 240)
        hint.setHeight(max(hint.height(), self.box.heightForWidth(w)
                           if self.box.hasHeightForWidth() else self.box.sizeHint().height()))
        return hint

    def minimumSizeHint(self):  # type: ignore[no-untyped-def]
        hint = super().minimumSizeHint()
        hint.setWidth(min(hint.width(), 200))
        return hint

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self.box.heightForWidth(width) if self.box.hasHeightForWidth() \
            else self.box.sizeHint().height()


class WrapButton(LayoutButton):
    """A push button whose text wraps; text() and setText() work as on a plain button."""

    def __init__(self, text: str, role: str = "row"):
        super().__init__(role)
        self.box.setContentsMargins(14, 6, 14, 6)
        self._label = label(text, "in-button")
        self.box.addWidget(self._label)
        self.finish()

    def text(self) -> str:  # type: ignore[override]
        return self._label.text()

    def setText(self, text: str) -> None:  # type: ignore[override]
        self._label.setText(text)
        self._label.setAccessibleName(text[:200])
        self.updateGeometry()

    def sizeHint(self):  # type: ignore[no-untyped-def]
        hint = super().sizeHint()
        m = self.box.contentsMargins()
        hint.setWidth(self.fontMetrics().horizontalAdvance(self.text()) + m.left() + m.right()
                      + 12)
        return hint

    def minimumSizeHint(self):  # type: ignore[no-untyped-def]
        hint = super().minimumSizeHint()
        widest = max((self.fontMetrics().horizontalAdvance(w) for w in self.text().split()),
                     default=0)
        hint.setWidth(min(hint.width(), widest + 40))
        return hint


class Tile(LayoutButton):
    """A large clickable card: a title, a line of what it is for, and small badges."""

    def __init__(self, title: str, summary: str = "", badges: Iterable[tuple[str, str]] = (),
                 on_click: Callable[[], object] | None = None):
        super().__init__("tile")
        self.box.addWidget(label(title, "h3"))
        badges = list(badges)
        if badges:  # under the title, wrapping: with large text they never squeeze it
            row = FlowLayout(6)
            for text, role in badges:
                row.addWidget(label(text, role, wrap=False))
            self.box.addLayout(row)
        if summary:
            self.box.addWidget(label(summary, "muted"))
        self.finish()
        self.setAccessibleName(title)
        self.setAccessibleDescription(summary)
        if on_click is not None:
            self.clicked.connect(lambda _=False: on_click())


def scroll_area(framed: bool = False) -> QScrollArea:
    """A scroll area sized to what it holds, frameless unless `framed`, and never a Tab stop:
    it shows no focus ring, and a stop that shows none swallows key presses. (The keyboard's
    Page, arrow and Space keys scroll it anyway.)"""
    area = QScrollArea()
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setWidgetResizable(True)
    if not framed:
        area.setFrameShape(QFrame.Shape.NoFrame)
    return area


def scroll_page(inner_margins: int = 24) -> tuple[QScrollArea, QWidget, QVBoxLayout]:
    """A vertically scrolling page; its column (returned) is centred and keeps the width given
    to it by `setMaximumWidth`, so lines stay readable on wide screens."""
    area = scroll_area()
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    body = QWidget()
    lay = QVBoxLayout(body)
    lay.setContentsMargins(inner_margins, inner_margins, inner_margins, inner_margins)
    lay.setSpacing(14)
    row.addStretch(0)
    row.addWidget(body, 1)
    row.addStretch(0)
    area.setWidget(holder)
    return area, body, lay


class FlowLayout(QLayout):
    """Lays widgets left to right and wraps them onto new lines (filter chips)."""

    def __init__(self, spacing: int = 8):
        super().__init__()
        self._items: list[QLayoutItem] = []
        self._gap = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _place(self, rect: QRect, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            if item.widget() is not None and item.widget().isHidden():
                continue
            hint = item.sizeHint()
            if x + hint.width() > rect.right() + 1 and line > 0:
                x = rect.x()
                y += line + self._gap
                line = 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._gap
            line = max(line, hint.height())
        return y + line - rect.y()


def clear(layout: QLayout) -> None:
    """Remove and delete everything in a layout (screens rebuild parts of themselves)."""
    while layout.count():
        item = layout.takeAt(0)
        w = item.widget()
        if w is not None:
            w.hide()
            w.setParent(None)
            w.deleteLater()
        elif item.layout() is not None:
            clear(item.layout())


def uk_time(dt: datetime | None, with_date: bool = True) -> str:
    """A time as an officer in England and Wales reads it: UK local time, with its zone
    ("23:04 GMT", "00:15 BST"), whatever zone the laptop or the record is in."""
    if dt is None:
        return ""
    local, zone = times.uk_time(dt)
    clock = f"{local:%H:%M} {zone}"
    return f"{local.day} {local:%b %Y} {clock}" if with_date else clock


def fmt_date(d: date | None) -> str:
    return day_text(d) if d else "not given"


def cite_text(cite: Iterable[str], sources: dict[str, Source]) -> str:
    """'Source: College of Policing (2016), Title' for the ids a line cites."""
    parts = []
    for cid in cite:
        s = sources.get(cid)
        if s is None:
            parts.append(cid)
            continue
        who = s.publisher or ""
        year = f" {s.year}" if s.year else ""
        parts.append(f"{who}{year}: {s.title}" if who else f"{s.title}{year}")
    if not parts:
        return ""
    return ("Source: " if len(parts) == 1 else "Sources: ") + "; ".join(parts)


def source_label(cite: Iterable[str], sources: dict[str, Source]) -> QLabel | None:
    text = cite_text(cite, sources)
    return label(text, "source", selectable=True) if text else None


def header_line(h: Header) -> str:
    bits = [f"Version {h.version}"]
    if h.reviewed:
        bits.append(f"reviewed {fmt_date(h.reviewed)}")
    if h.review_due:
        bits.append(f"review due {fmt_date(h.review_due)}")
    if h.owner:
        bits.append(h.owner)
    return " \u00b7 ".join(bits)


def badges_for(h: Header, today: date | None = None) -> list[tuple[str, str]]:
    out = []
    if h.status == "draft":
        n = len(h.open_points)
        out.append((f"Draft \u00b7 {n} unconfirmed" if n else "Draft", "badge-draft"))
    if h.status == "withdrawn":
        out.append(("Withdrawn", "badge-draft"))
    if h.overdue(today):
        out.append(("Review due", "badge-draft"))
    return out


def short(text: str, limit: int = 170) -> str:
    """The first sentence or so of a summary (draft summaries go on to list open points)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.find(". ", 40, limit)
    if cut != -1:
        return text[: cut + 1]
    return text[: limit - 1].rsplit(" ", 1)[0] + "\u2026"


def summary_block(text: str, limit: int = 200) -> QWidget:
    """A summary's first sentence, with the rest (often a draft's open points) one click away."""
    w = QWidget()
    lay = QVBoxLayout(w)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(2)
    first = short(text, limit)
    lay.addWidget(label(first, "lead", selectable=True))
    if first != " ".join(text.split()):
        full = label(text, selectable=True)
        full.hide()
        more = button("Read the full summary and open points", role="link")
        more.setCheckable(True)
        more.toggled.connect(full.setVisible)
        lay.addWidget(more, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(full)
    return w

