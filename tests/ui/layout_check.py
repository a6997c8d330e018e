"""What a person would see wrong on a small screen: a window that cannot shrink to it, a
button or label outside the window or cut off by its box, text elided or clipped.

Shared by the layout tests (in process, FieldKit's own text size) and the display-scaling run
(a child process per QT_SCALE_FACTOR), and by the screenshot tool's own check.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QWidget,
)

SCREENS = ("home", "passphrase", "question", "outcome", "home-case", "exhibits", "services",
           "script", "family", "talk", "author")


def settle(rounds: int = 4) -> None:
    for _ in range(rounds):
        QApplication.processEvents()


def _name(w: QWidget) -> str:
    text = w.text() if isinstance(w, (QLabel, QAbstractButton)) else ""
    return f"{type(w).__name__} {w.objectName() or w.accessibleName()[:40]!r} {text[:40]!r}"


def _in_viewport(w: QWidget) -> QWidget | None:
    """The scroll viewport a widget scrolls inside, if any (it may be below the fold)."""
    p = w.parentWidget()
    while p is not None:
        if isinstance(p.parentWidget(), QScrollArea) and p is p.parentWidget().viewport():  # type: ignore[union-attr]
            return p
        p = p.parentWidget()
    return None


def _clipped_by(w: QWidget, top: QWidget) -> str:
    """The first ancestor (up to `top`) whose box cuts the widget off; scroll viewports cut
    only sideways, since scrolling reaches the rest."""
    rect = QRect(QPoint(0, 0), w.size())
    child: QWidget = w
    p = w.parentWidget()
    while p is not None:
        r = QRect(child.mapTo(p, QPoint(0, 0)), rect.size())
        area = p.parentWidget()
        in_viewport = isinstance(area, QScrollArea) and p is area.viewport()
        box = p.rect()
        if in_viewport:
            if r.left() < box.left() - 1 or r.right() > box.right() + 1:
                return f"cut off sideways by the scroll area (x {r.left()}..{r.right()} of " \
                       f"{box.width()})"
        elif not box.adjusted(-1, -1, 1, 1).contains(r):
            return f"outside {type(p).__name__} {p.objectName()!r} ({r.x()},{r.y()} " \
                   f"{r.width()}x{r.height()} in {box.width()}x{box.height()})"
        if p is top:
            break
        rect = QRect(QPoint(0, 0), p.size())
        if in_viewport:
            return ""  # the scroll area is checked as a widget in its own right
        child = p
        p = p.parentWidget()
    return ""


def _elided(w: QWidget) -> str:
    if isinstance(w, QLabel):
        text = w.text()
        if not text or (w.pixmap() is not None and not w.pixmap().isNull()):
            return ""
        inner = w.contentsRect()
        if w.wordWrap() or "<" in text:
            need = w.heightForWidth(w.width())
            if need > w.height() + 2:
                return f"clipped: needs {need} px tall, has {w.height()}"
            if not w.wordWrap():
                return ""
            widest = max((w.fontMetrics().horizontalAdvance(word)
                          for word in re.split(r"[\s\u200b]+", text)), default=0)
            if widest > inner.width() + 2:
                return f"a word is wider ({widest} px) than the label ({inner.width()})"
            return ""
        fm = w.fontMetrics()
        need = max(fm.horizontalAdvance(line) for line in text.split("\n"))
        if need > inner.width() + 2:
            return f"elided: text needs {need} px, label has {inner.width()}"
        if fm.height() > inner.height() + 2:
            return f"clipped: text needs {fm.height()} px tall, label has {inner.height()}"
        return ""
    if isinstance(w, (QPushButton, QCheckBox)) and w.text() and not w.findChildren(QLabel):
        hint = w.sizeHint()
        if w.width() + 2 < min(hint.width(), w.fontMetrics().horizontalAdvance(w.text()) + 8):
            return f"elided: needs {hint.width()} px wide, has {w.width()}"
        if w.height() + 2 < w.fontMetrics().height():
            return f"clipped: needs {w.fontMetrics().height()} px tall, has {w.height()}"
    if isinstance(w, QAbstractButton) and w.hasHeightForWidth():
        need = w.heightForWidth(w.width())
        if need > w.height() + 2:
            return f"clipped: needs {need} px tall, has {w.height()}"
    return ""


def layout_problems(root: QWidget, size: tuple[int, int]) -> list[str]:
    """Everything wrong with how `root`'s window fits `size` (empty when all is well)."""
    settle()
    win = root.window()
    out: list[str] = []
    least = win.minimumSizeHint().expandedTo(win.minimumSize())
    if least.width() > size[0] or least.height() > size[1]:
        out.append(f"window cannot shrink to {size[0]}x{size[1]}: its minimum is "
                   f"{least.width()}x{least.height()}")
    if win.width() > size[0] or win.height() > size[1]:
        out.append(f"window is {win.width()}x{win.height()}, larger than {size[0]}x{size[1]}")
    for area in win.findChildren(QScrollArea):
        if area.isVisible() and area.horizontalScrollBar().isVisible():
            out.append(f"{_name(area)} scrolls sideways")
    for w in win.findChildren(QWidget):
        if not isinstance(w, (QLabel, QAbstractButton)) or not w.isVisible():
            continue
        where = _clipped_by(w, win)
        if where:
            out.append(f"{_name(w)}: {where}")
            continue
        bad = _elided(w)
        if bad:
            out.append(f"{_name(w)}: {bad}")
    return out


def open_screens(win: Any, size: tuple[int, int], content_dir: Path) -> Iterator[tuple[str, Any]]:
    """Open each main screen in turn (a case with a walked guide, an exhibit being added, two
    services given) and yield (name, a widget of the window to check)."""
    from fieldkit.ui.author.mode import AuthorWindow
    from fieldkit.ui.saved_cases import create_case
    from fieldkit.ui.screens.passphrase import PassphraseScreen
    from tools.screenshots import drive, pick_scenario

    content = win.content
    win.resize(*size)
    yield "home", win.show_home()
    gate = PassphraseScreen("setup", can_skip=True)
    gate.resize(*size)
    gate.show()
    yield "passphrase", gate
    gate.close()
    gate.deleteLater()
    win.set_session(create_case(win.case_store(), win.content, reference="CAD 4471 21/11/2026",
                                officer_name="PC Sam Jones", officer_number="4471",
                                station="Central"))
    win.show_home()
    guide = "youth-imagery" if "youth-imagery" in content.guides else next(iter(content.guides))
    facts = pick_scenario(content, guide)
    view = win.open_guide(guide)
    drive(view, facts, answers=2)
    yield "question", view
    drive(view, facts)
    yield "outcome", view
    yield "home-case", win.show_home()  # the open case, its walked guide and what to do next
    services = win.open_signposts()
    yield "services", services
    script = "sextortion-victim" if "sextortion-victim" in content.scripts \
        else next(iter(content.scripts))
    yield "script", win.open_script(script)
    exhibits = win.open_exhibits()
    exhibits.add_new()
    yield "exhibits", exhibits
    family = win.open_family("script", [script])
    family.showNormal()
    family.resize(*size)
    yield "family", family
    family.close()
    talk = next(iter(content.talks))
    yield "talk", win.open_talk(talk)
    author = AuthorWindow(content_dir)
    author.resize(*size)
    author.show()
    yield "author", author
    author.close()
    author.deleteLater()
    win.drop_screens()


def check_all(size: tuple[int, int], scale: float = 1.0, theme_name: str = "light",
              shots: Path | None = None) -> dict[str, list[str]]:
    """Every main screen on the shipped content at `size` and FieldKit text `scale`: the
    problems found on each (and, with `shots`, a PNG of each)."""
    from fieldkit.content import builtin_content_dir, load_content
    from fieldkit.ui.main_window import MainWindow

    content_dir = builtin_content_dir()
    win = MainWindow(load_content(content_dir), content_dir=content_dir)
    win.theme_name, win.scale = theme_name, scale
    win.apply_theme()
    win.resize(*size)
    win.show()
    found: dict[str, list[str]] = {}
    try:
        for name, widget in open_screens(win, size, content_dir):
            found[name] = layout_problems(widget, size)
            if shots is not None:
                settle()
                widget.window().grab().save(str(shots / f"{name}-{theme_name}.png"))
    finally:
        if win.family is not None:
            win.family.close()
        win.close()
        win.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # gone before the next
        settle()
    return found


if __name__ == "__main__":  # one display scaling per process: QT_SCALE_FACTOR is read at start
    import json
    import os
    import sys
    import tempfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["FIELDKIT_DATA_DIR"] = tempfile.mkdtemp(prefix="fieldkit-layout-")
    app = QApplication(sys.argv[:1])
    width, height = (int(v) for v in sys.argv[1].split("x"))
    print(json.dumps(check_all((width, height), float(sys.argv[2]) if len(sys.argv) > 2
                               else 1.0)))
