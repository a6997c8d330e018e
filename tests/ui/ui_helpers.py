"""Helpers the app's tests share: the fixture content, an open main window, finding widgets."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from fieldkit.content import load_content
from fieldkit.content.model import Content
from fieldkit.ui.main_window import MainWindow

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
UI_CONTENT = FIXTURES / "ui-content"
BROKEN_CONTENT = FIXTURES / "ui-content-broken"

W = TypeVar("W", bound=QWidget)


def settle() -> None:
    """Let Qt show the widgets a screen has just added (layouts show them on the next turn of
    the event loop); no waiting for time to pass."""
    QApplication.processEvents()


def fixture_content() -> Content:
    return load_content(UI_CONTENT)


def open_window(qtbot: QtBot, content: Content | None = None) -> MainWindow:
    win = MainWindow(content or fixture_content(), content_dir=UI_CONTENT)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    return win


def find(root: QWidget, cls: type[W], name: str) -> W:
    """A visible child by object name; fails the test when there is none."""
    settle()
    found = [w for w in root.findChildren(cls, name) if w.isVisibleTo(root)]
    assert found, f"no visible {cls.__name__} named {name!r}"
    return found[-1]


def texts(root: QWidget) -> str:
    """All the label text visible in a widget, joined: what the officer can read."""
    settle()
    return "\n".join(lbl.text() for lbl in root.findChildren(QLabel) if lbl.isVisibleTo(root))


def button_named(root: QWidget, accessible: str) -> Any:
    from PySide6.QtWidgets import QAbstractButton

    settle()
    found = [b for b in root.findChildren(QAbstractButton)
             if b.isVisibleTo(root) and b.accessibleName() == accessible]
    assert found, f"no visible button with accessible name {accessible!r}"
    return found[-1]


def press(qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
          ) -> None:
    """A key press delivered where a real one would go: the widget with focus."""
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, key, modifier)


@contextmanager
def themed(name: str) -> Iterator[None]:
    """The whole app in one theme for a block; the day look again afterwards."""
    from fieldkit.ui import theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply(app, name, 1.0)
    try:
        yield
    finally:
        theme.apply(app, "light", 1.0)
