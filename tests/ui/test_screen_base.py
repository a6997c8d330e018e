"""The window drives every screen through the `Screen` base class: its title is handed to the top
bar, `refresh()` runs when it is shown again, `leave()` when another takes its place, and its own
`go_back()` is asked before the window goes back a screen."""

from __future__ import annotations

from pytest import MonkeyPatch
from pytestqt.qtbot import QtBot
from ui_helpers import open_window

from fieldkit.ui.screens.base import Screen
from fieldkit.ui.screens.home import HomeScreen


class Recording(Screen):
    def __init__(self, title: str, steps_back: int = 0) -> None:
        super().__init__()
        self.title = title
        self.calls: list[str] = []
        self.steps_back = steps_back

    def refresh(self) -> None:
        self.calls.append("refresh")

    def leave(self) -> None:
        self.calls.append("leave")

    def go_back(self) -> bool:
        if self.steps_back:
            self.steps_back -= 1
            self.calls.append("back inside")
            return True
        return False


def test_the_window_calls_each_screen_through_the_base_class(qtbot: QtBot,
                                                           monkeypatch: MonkeyPatch) -> None:
    win = open_window(qtbot)
    titles: list[str] = []
    monkeypatch.setattr(win.top, "update_for", lambda _key, title: titles.append(title))
    assert isinstance(win.current_screen(), HomeScreen)
    first = Recording("First page", steps_back=1)
    second = Recording("Second page")
    win.show_screen("first", lambda: first)
    assert titles == ["First page"]
    win.show_screen("second", lambda: second)
    assert first.calls == ["leave"] and second.calls == []
    assert titles == ["First page", "Second page"]

    win.go_back()  # the second page has nothing earlier inside it: back to the first
    assert win.current_key() == "first"
    assert second.calls == ["leave"] and first.calls == ["leave", "refresh"]
    assert titles[-1] == "First page"

    win.go_back()  # the first page steps back inside itself; the window stays
    assert win.current_key() == "first" and first.calls[-1] == "back inside"
    win.show_screen("first", lambda: first)  # showing the screen on show again: no leave
    assert first.calls[-1] == "refresh" and "leave" not in first.calls[2:]
