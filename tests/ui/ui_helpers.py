"""Helpers the app's tests share: the fixture content, an open main window, finding widgets,
and driving the app the way an officer would (start a case, open a guide, answer)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QSpinBox, QWidget
from pytestqt.qtbot import QtBot

from fieldkit.content import load_content
from fieldkit.content.model import Content
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.screens.walk import WalkView

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


# -- driving the app -------------------------------------------------------------------------
def start_case(qtbot: QtBot, win: MainWindow, reference: str = "CAD 1 21/11/2026") -> None:
    """From wherever the officer is: Home, Start a case, fill in the form, start it."""
    if win.current_key() != "home":
        qtbot.mouseClick(win.top.home_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(find(win, QPushButton, "startCase"), Qt.MouseButton.LeftButton)
    screen = win.current_screen()
    assert screen is not None
    for name, text in (("case-reference", reference), ("case-officer_name", "PC Sam Jones"),
                       ("case-officer_number", "4471"), ("case-station", "Central")):
        edit = find(screen, QWidget, name)
        edit.clear()  # type: ignore[attr-defined]
        qtbot.keyClicks(edit, text)
    qtbot.mouseClick(find(screen, QPushButton, "startCaseButton"), Qt.MouseButton.LeftButton)
    assert win.session is not None and win.session.kept
    assert win.current_key() == "home"


def open_guide(qtbot: QtBot, win: MainWindow, guide_id: str) -> WalkView:
    home = win.show_home()
    qtbot.mouseClick(find(home, QWidget, f"guide-{guide_id}"), Qt.MouseButton.LeftButton)
    view = win.current_screen()
    assert isinstance(view, WalkView)
    return view


def question(view: WalkView) -> str:
    return find(view, QLabel, "questionText").text()


def answer_number(qtbot: QtBot, view: WalkView, n: int) -> None:
    spin = find(view, QSpinBox, "numberAnswer")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is spin)
    qtbot.keyClicks(spin, str(n))
    with qtbot.waitSignal(view.shown):
        qtbot.keyClick(spin, Qt.Key.Key_Return)


def focus_in(view: QWidget) -> bool:
    fw = QApplication.focusWidget()
    return fw is not None and (fw is view or view.isAncestorOf(fw))


def answer_key(qtbot: QtBot, view: WalkView, key: Qt.Key) -> None:
    qtbot.waitUntil(lambda: focus_in(view))
    with qtbot.waitSignal(view.shown):
        press(qtbot, key)


def walk_to_educate(qtbot: QtBot, view: WalkView) -> None:
    """Age 15 (typed), no adult (key 2), read the guidance (Enter), worried about school only."""
    assert question(view) == "How old is the child?"
    answer_number(qtbot, view, 15)
    assert question(view) == "Is an adult involved?"
    answer_key(qtbot, view, Qt.Key.Key_2)
    assert "Do not view, copy or forward any image." in texts(view)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is find(view, QPushButton,
                                                                "continueButton"))
    with qtbot.waitSignal(view.shown):
        press(qtbot, Qt.Key.Key_Return)
    assert question(view) == "What is the child worried about?"
    qtbot.waitUntil(lambda: focus_in(view))
    press(qtbot, Qt.Key.Key_3)  # ticks "School"
    with qtbot.waitSignal(view.shown):
        qtbot.mouseClick(button_named(view, "Continue"), Qt.MouseButton.LeftButton)


def walk_device_to_keep_on(qtbot: QtBot, win: MainWindow) -> WalkView:
    """The device guide to its first outcome: no adult (2), a phone (1), found on (1)."""
    view = open_guide(qtbot, win, "device-check")
    answer_key(qtbot, view, Qt.Key.Key_2)  # no adult
    answer_key(qtbot, view, Qt.Key.Key_1)  # a phone
    answer_key(qtbot, view, Qt.Key.Key_1)  # found on
    assert find(view, QLabel, "outcomeTitle").text() == "Keep it on and isolate it"
    return view
