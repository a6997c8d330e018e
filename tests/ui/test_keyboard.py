"""The scene journey by keyboard alone: a case, two guides, an exhibit, two services given and
the note, with no mouse event, checking where the focus lands at each step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QWidget,
)
from pytestqt.qtbot import QtBot
from ui_helpers import find, open_window, press, settle, texts

from fieldkit.ui.main_window import MainWindow

KEY = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
# What shows a focus ring in FieldKit's look: anything else taking the focus is a stop the
# officer cannot see.
RINGED = (QAbstractButton, QLineEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox,
          QAbstractItemView)


def focused() -> QWidget:
    w = QApplication.focusWidget()
    assert w is not None, "nothing has the keyboard focus"
    return w


def visible_stop(w: QWidget) -> None:
    assert isinstance(w, RINGED), f"invisible focus stop: {type(w).__name__} {w.objectName()!r}"
    assert w.isVisible() and w.width() > 0 and w.height() > 0, f"hidden focus: {w.objectName()}"


def tab_to(qtbot: QtBot, name: str, most: int, back: bool = False) -> int:
    """Tab (or Shift+Tab) until the widget named `name` has the focus; how many presses."""
    for n in range(1, most + 1):
        press(qtbot, KEY.Key_Tab, SHIFT if back else Qt.KeyboardModifier.NoModifier)
        settle()
        visible_stop(focused())
        if focused().objectName() == name:
            return n
    raise AssertionError(f"{name!r} not reached in {most} Tabs; focus on "
                         f"{type(focused()).__name__} {focused().objectName()!r}")


def type_text(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def enter(qtbot: QtBot) -> None:
    press(qtbot, KEY.Key_Return)
    settle()


def screen(win: MainWindow) -> QWidget:
    w = win.current_screen()
    assert w is not None
    return w


def search_and_open(qtbot: QtBot, win: MainWindow, words: str, key: str) -> None:
    press(qtbot, KEY.Key_F, CTRL)
    assert focused().objectName() == "search"
    type_text(qtbot, words)
    enter(qtbot)
    qtbot.waitUntil(lambda: win.current_key() == key)


def answer(qtbot: QtBot, win: MainWindow, key: KEY) -> None:
    view = screen(win)
    with qtbot.waitSignal(view.shown):  # type: ignore[attr-defined]
        press(qtbot, key)


def test_the_scene_journey_by_keyboard_alone(qtbot: QtBot) -> None:
    win = open_window(qtbot)
    win.resize(1024, 600)
    settle()
    qtbot.waitUntil(lambda: focused().objectName() == "search")

    # A case: "Start a case" within 3 Tabs of the search box; the form's first field has focus.
    assert tab_to(qtbot, "startCase", 3) <= 3
    enter(qtbot)
    assert win.current_key() == "case-start"
    qtbot.waitUntil(lambda: focused().objectName() == "case-reference")
    for name, text in (("case-reference", "CAD 9 21/11/2026"), ("case-officer_name",
                       "PC Sam Jones"), ("case-officer_number", "4471")):
        assert focused().objectName() == name
        type_text(qtbot, text)
        press(qtbot, KEY.Key_Tab)
    assert focused().objectName() == "case-station"
    type_text(qtbot, "Central")
    enter(qtbot)  # Enter in a field starts the case
    assert win.session is not None and win.session.kept
    assert win.current_key() == "home"

    # First guide, found by search; answers by number keys.
    search_and_open(qtbot, win, "device", "walk:device-check")
    qtbot.waitUntil(lambda: screen(win).isAncestorOf(focused()) or focused() is screen(win))
    answer(qtbot, win, KEY.Key_1)  # adult involved: yes
    answer(qtbot, win, KEY.Key_1)  # a phone
    answer(qtbot, win, KEY.Key_1)  # found on
    assert "Keep it on and isolate it" in texts(screen(win))
    # The outcome page scrolls by keyboard, wherever the focus is on it.
    area = max((a for a in screen(win).findChildren(QScrollArea) if a.isVisible()),
               key=lambda a: a.width() * a.height())
    bar = area.verticalScrollBar()
    if bar.maximum() > 0:
        bar.setValue(0)
        press(qtbot, KEY.Key_PageDown)
        assert bar.value() > 0
        press(qtbot, KEY.Key_PageUp)
        assert bar.value() == 0
        press(qtbot, KEY.Key_Down)
        assert bar.value() > 0
        press(qtbot, KEY.Key_Up)
        press(qtbot, KEY.Key_Space)
        assert bar.value() > 0

    # Second guide in the same case.
    press(qtbot, KEY.Key_Home, ALT)
    assert win.current_key() == "home"
    search_and_open(qtbot, win, "young person", "walk:youth-check")
    spin = find(screen(win), QAbstractSpinBox, "numberAnswer")
    qtbot.waitUntil(lambda: focused() is spin)
    type_text(qtbot, "10")
    with qtbot.waitSignal(screen(win).shown):  # type: ignore[attr-defined]
        press(qtbot, KEY.Key_Return)
    assert "Refer now" in texts(screen(win))
    assert {w.guide for w in win.session.case().walks} >= {"device-check", "youth-check"}

    # An exhibit: the form opens with the suggested reference selected, so typing replaces it.
    press(qtbot, KEY.Key_E, CTRL)
    assert win.current_key() == "exhibits"
    tab_to(qtbot, "addExhibit", 20)
    enter(qtbot)
    assert focused().objectName() == "ex-ref"
    ref = find(screen(win), QLineEdit, "ex-ref")
    assert ref.selectedText() == ref.text() != ""
    type_text(qtbot, "SJ/9")
    assert ref.text() == "SJ/9"
    press(qtbot, KEY.Key_Tab)
    assert focused().objectName() == "ex-description"
    type_text(qtbot, "Black smartphone")
    tab_to(qtbot, "ex-actions", 20)
    type_text(qtbot, "Flight mode")
    press(qtbot, KEY.Key_Tab)  # leaves the multi-line field instead of typing a tab
    assert focused().objectName() == "ex-notes"
    assert find(screen(win), QPlainTextEdit, "ex-actions").toPlainText() == "Flight mode"
    press(qtbot, KEY.Key_Tab, CTRL)  # Ctrl+Tab types a tab where one is wanted
    assert find(screen(win), QPlainTextEdit, "ex-notes").toPlainText() == "\t"
    tab_to(qtbot, "saveExhibit", 3)
    enter(qtbot)  # Enter presses the focused button
    qtbot.waitUntil(lambda: find(screen(win), QLabel, "exhibitSaved").text()
                    == "\u2713 Saved SJ/9")
    assert [e.ref for e in win.session.case().exhibits] == ["SJ/9"]
    assert focused().objectName() == "addExhibit"

    # Two services given, each found by search.
    for words, sid, who in (("children's line", "kids-line", "Child"),
                            ("parents line", "parents-line", "Parent or carer")):
        search_and_open(qtbot, win, words, "signposts")
        tab_to(qtbot, f"give-{sid}", 40)
        enter(qtbot)
        assert focused().objectName() == f"givenTo-{sid}"
        box = focused()
        assert isinstance(box, QComboBox)
        box.lineEdit().clear()
        type_text(qtbot, who)
        tab_to(qtbot, f"record-{sid}", 2)
        press(qtbot, KEY.Key_Space)  # Space presses a button too
        settle()
        assert focused().objectName() == f"give-{sid}"
    given = {(g.signpost, g.given_to) for g in win.session.case().signposts}
    assert given == {("kids-line", "Child"), ("parents-line", "Parent or carer")}

    # The note, as text on the clipboard.
    press(qtbot, KEY.Key_E, CTRL)
    tab_to(qtbot, "copyHandover", 20, back=True)
    enter(qtbot)
    note = QGuiApplication.clipboard().text()
    for wanted in ("CAD 9 21/11/2026", "SJ/9", "Black smartphone", "Example Children's Line",
                   "Example Parents' Line"):
        assert wanted in note


def test_tab_never_stops_on_an_invisible_widget(qtbot: QtBot) -> None:
    """Round the whole home screen and back: every stop is a control with a focus ring."""
    open_window(qtbot)
    qtbot.waitUntil(lambda: focused().objectName() == "search")
    seen = []
    for _ in range(60):
        press(qtbot, KEY.Key_Tab)
        visible_stop(focused())
        seen.append(focused())
        if focused().objectName() == "search":
            break
    assert len(seen) > 5
