"""Keyboard parity, app-wide: every screen behaves the same by keyboard.

The filter watches only the widget that has the keyboard focus (it moves with the focus), not
every object in the app: an application-wide Python filter is called for every event of every
widget, some 1,700 as an answer builds its next question, which took a third of that time.

- Tab leaves a multi-line field (Ctrl+Tab types a tab character if one is ever needed).
- Enter presses the focused button, as Space does.
- Page Up/Down, the arrow keys and Space scroll the page when the focus is not in a field that
  uses those keys itself.
- Scroll areas are never a Tab stop: a stop that shows no focus ring swallows key presses.
- Tab leaves a table or list (the arrow keys move inside it).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGraphicsView,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QTextEdit,
    QWidget,
)

_TEXT_EDITS = (QPlainTextEdit, QTextEdit)
# Widgets that use the arrow keys, Page keys or Space themselves.
_OWN_KEYS = (QLineEdit, QPlainTextEdit, QTextEdit, QAbstractSpinBox, QComboBox,
             QAbstractItemView, QAbstractSlider, QGraphicsView)
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_SCROLL_KEYS = (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Up, Qt.Key.Key_Down,
                Qt.Key.Key_Space, Qt.Key.Key_Home, Qt.Key.Key_End)


def page_area(w: QWidget) -> QScrollArea | None:
    """The page a widget is on: its nearest scroll area, or the largest visible one inside it
    (a screen that holds its page, like the guide view)."""
    p: QWidget | None = w
    while p is not None:
        if isinstance(p, QScrollArea):
            return p
        p = p.parentWidget()
    inside = [a for a in w.findChildren(QScrollArea) if a.isVisible()]
    return max(inside, key=lambda a: a.width() * a.height(), default=None)


def scroll(area: QScrollArea, key: int, shift: bool) -> bool:
    bar = area.verticalScrollBar()
    if bar.maximum() <= 0:
        return False
    step = {Qt.Key.Key_PageUp: -bar.pageStep(), Qt.Key.Key_PageDown: bar.pageStep(),
            Qt.Key.Key_Up: -bar.singleStep() * 3, Qt.Key.Key_Down: bar.singleStep() * 3,
            Qt.Key.Key_Space: -bar.pageStep() if shift else bar.pageStep(),
            Qt.Key.Key_Home: -bar.maximum(), Qt.Key.Key_End: bar.maximum()}.get(
                Qt.Key(key), 0)
    bar.setValue(bar.value() + step)
    return True


class KeyboardParity(QObject):
    """Installed on the focus widget whenever the focus moves (QApplication.focusChanged)."""

    def __init__(self, app: QApplication):
        super().__init__(app)
        self._watched: QWidget | None = None
        app.focusChanged.connect(self._focus_moved)

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        if self._watched is not None and shiboken6.isValid(self._watched):
            self._watched.removeEventFilter(self)
        self._watched = None
        if new is not None:
            self._polish(new)  # set up before its first key press
            new.installEventFilter(self)
            self._watched = new

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWidget) \
                or watched is not QApplication.focusWidget():
            return False
        assert isinstance(event, QKeyEvent)
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if isinstance(watched, _TEXT_EDITS):
            if key == Qt.Key.Key_Tab and mods == Qt.KeyboardModifier.ControlModifier \
                    and not watched.isReadOnly():
                watched.insertPlainText("\t")
                return True
            return False
        if isinstance(watched, QAbstractButton) and key in _ENTER and not mods \
                and watched.isEnabled():
            watched.click()
            return True
        if key in _SCROLL_KEYS and mods in (Qt.KeyboardModifier.NoModifier,
                                            Qt.KeyboardModifier.ShiftModifier):
            if isinstance(watched, _OWN_KEYS):
                return False
            if key == Qt.Key.Key_Space and isinstance(watched, QAbstractButton):
                return False  # Space presses a button
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home, Qt.Key.Key_End) \
                    and mods != Qt.KeyboardModifier.NoModifier:
                return False
            area = page_area(watched)
            if area is not None:
                return scroll(area, key, mods == Qt.KeyboardModifier.ShiftModifier)
        return False

    @staticmethod
    def _polish(w: QWidget) -> None:
        """What each kind of widget needs; scroll areas are made without a Tab stop
        (widgets.basic.scroll_area), and one that gains the focus anyway loses its stop."""
        if isinstance(w, _TEXT_EDITS):
            w.setTabChangesFocus(True)
        elif isinstance(w, QScrollArea):
            w.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        elif isinstance(w, QAbstractItemView):
            w.setTabKeyNavigation(False)  # Tab leaves a table; the arrows move inside it


def install(app: QApplication) -> None:
    """Once per application (a second call changes nothing). The widgets that exist already
    (the main window installs it after its first paint) are set up at once, and the widget
    that has the focus is watched."""
    if getattr(app, "_keyboard_parity", None) is None:
        helper = KeyboardParity(app)
        app._keyboard_parity = helper  # type: ignore[attr-defined]
        for w in app.allWidgets():
            if w.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
                helper._polish(w)
        helper._focus_moved(None, QApplication.focusWidget())
