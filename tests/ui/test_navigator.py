"""Screens are built from the session, the content and a navigator, never the main window: any
object with the navigator's calls will do, and a screen's buttons go through it. (That no
screen imports the window is an import contract in pyproject.toml.)"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot
from ui_helpers import find, fixture_content

from fieldkit.ui.screens.home import HomeScreen
from fieldkit.ui.screens.script import ScriptView
from fieldkit.ui.sessions import ScreenSession


class RecordingNavigator:
    """Writes down every call a screen makes; saved cases are locked away."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...]]] = []

    def __getattr__(self, name: str) -> Any:
        def call(*args: Any, **_kwargs: Any) -> Any:
            self.calls.append((name, args))
            return name in ("cases_locked", "can_go_back")

        return call


def test_home_opens_a_guide_through_the_navigator_it_was_given(qtbot: QtBot) -> None:
    content = fixture_content()
    nav = RecordingNavigator()
    home = HomeScreen(nav, None, content)  # type: ignore[arg-type]
    qtbot.addWidget(home)
    home.show()
    qtbot.mouseClick(find(home, QWidget, "guide-youth-check"), Qt.MouseButton.LeftButton)
    assert ("open_guide", ("youth-check",)) in nav.calls
    qtbot.mouseClick(find(home, QPushButton, "startCase"), Qt.MouseButton.LeftButton)
    assert ("open_case_start", ()) in nav.calls


def test_a_script_shows_family_lines_through_the_navigator(qtbot: QtBot) -> None:
    content = fixture_content()
    nav = RecordingNavigator()
    view = ScriptView(nav, ScreenSession.quick_look(content), content,  # type: ignore[arg-type]
                      "first-contact")
    qtbot.addWidget(view)
    view.show()
    qtbot.mouseClick(find(view, QPushButton, "familyButton"), Qt.MouseButton.LeftButton)
    family = [args[:2] for name, args in nav.calls if name == "open_family"]
    assert family == [("script", ["first-contact"])]

