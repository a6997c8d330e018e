"""Home, search, content that failed to load, themes, text size, keyboard and accessibility,
the shipped content, and `fieldkit app --smoke`."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot
from ui_helpers import (
    BROKEN_CONTENT,
    answer_number,
    find,
    open_guide,
    open_window,
    press,
    settle,
    start_case,
    texts,
)

from fieldkit.content import builtin_content_dir, load_content
from fieldkit.ui import theme
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.screens.walk import WalkView

LEFT = Qt.MouseButton.LeftButton


def test_home_shows_every_kind_of_content_with_what_it_is_for(qtbot: QtBot) -> None:
    win = open_window(qtbot)
    home = win.current_screen()
    assert win.current_key() == "home"
    for name, summary in (
            ("guide-youth-check", "A small guide the app's tests walk from start to finish."),
            ("scriptTile-first-contact", "What to say when you first meet the child."),
            ("checklistTile-before-leaving", "What to check before you leave."),
            ("talkTile-pupils-test", "Pupils know where to get help.")):
        tile = find(home, QPushButton, name)
        assert summary in texts(tile)
        assert tile.accessibleDescription() == summary
    assert "Support services (4)" in texts(find(home, QPushButton, "signpostsTile"))
    assert "Draft" in texts(find(home, QPushButton, "guide-device-check"))
    assert "Review due" in texts(find(home, QPushButton, "guide-old-guide"))


def test_search_finds_steps_script_lines_and_services_and_opens_them(qtbot: QtBot) -> None:
    win = open_window(qtbot)
    home = win.current_screen()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is home.search)  # type: ignore[union-attr]
    qtbot.keyClicks(home.search, "flight mode")  # type: ignore[union-attr]
    results = find(home, QListWidget, "searchResults")
    assert results.count() == 1
    assert results.item(0).text().startswith("Put it in flight mode and keep it powered.")
    assert "Test guide about a device: outcome" in results.item(0).text()
    press(qtbot, Qt.Key.Key_Return)  # Enter opens the first result: an outcome preview
    assert win.current_key() == "preview:device-check:live"
    assert "You opened this outcome from search" in texts(win.current_screen())

    home = win.show_home()
    home.search.setText("why did you send")  # type: ignore[attr-defined]
    results = find(home, QListWidget, "searchResults")
    assert "Can you tell me what happened next?" in results.item(0).text()
    qtbot.mouseClick(results.viewport(), LEFT, pos=results.visualItemRect(
        results.item(0)).center())
    assert win.current_key() == "script:first-contact"

    home = win.show_home()
    home.search.setText("thoughts")  # type: ignore[attr-defined]
    results = find(home, QListWidget, "searchResults")
    assert results.item(0).text().startswith("Example Thoughts Service")
    results.setFocus()
    results.setCurrentRow(0)
    press(qtbot, Qt.Key.Key_Return)
    assert win.current_key() == "signposts"

    home = win.show_home()
    home.search.setText("parent")  # type: ignore[attr-defined]
    home.search.setFocus()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is home.search)  # type: ignore[attr-defined]
    press(qtbot, Qt.Key.Key_Tab)  # the results are one Tab from the box, made as it searched
    assert QApplication.focusWidget() is find(home, QListWidget, "searchResults")

    home = win.show_home()
    home.search.setText("zebra crossing")  # type: ignore[attr-defined]
    assert "Nothing found for \u201czebra crossing\u201d" in texts(home)
    home.search.clear()  # type: ignore[attr-defined]
    assert find(home, QPushButton, "guide-youth-check")


def test_content_that_failed_to_load_is_listed_with_located_errors(qtbot: QtBot) -> None:
    content = load_content(BROKEN_CONTENT)
    win = open_window(qtbot, content)
    home = win.current_screen()
    assert "2 content files could not be loaded" in texts(home)
    assert find(home, QPushButton, "guide-fine-guide")  # the good guide still works
    qtbot.mouseClick(find(home, QPushButton, "loadErrorsButton"), LEFT)
    screen = win.current_screen()
    assert win.current_key() == "load-errors"
    files = [w.text() for w in screen.findChildren(QLabel, "refusedFile")]
    assert sorted(files) == ["guides/bad-ref.yaml", "guides/bad-yaml.yaml"]
    shown = texts(screen)
    assert "Line 16, column 17: 'go: nowhere' points at no step  [unknown-step]" in shown
    assert "Line 13, column 17: mapping values are not allowed" in shown


def test_a_folder_with_no_content_opens_with_a_plain_message(qtbot: QtBot,
                                                             tmp_path: Path) -> None:
    win = open_window(qtbot, load_content(tmp_path / "missing"))
    assert "No guidance could be loaded from the content folder." in texts(
        win.current_screen())


def test_theme_toggle_is_remembered_and_text_scales_with_keys(qtbot: QtBot) -> None:
    win = open_window(qtbot)
    win.set_theme("light")
    app = QApplication.instance()
    assert theme.PALETTES["light"].bg in app.styleSheet()  # type: ignore[union-attr]
    qtbot.mouseClick(win.top.theme_button, LEFT)
    assert win.theme_name == "dark"
    assert theme.PALETTES["dark"].bg in app.styleSheet()  # type: ignore[union-attr]
    assert win.top.theme_button.accessibleName() == \
        "Theme: Night. Press to change to High contrast"
    win.top.theme_button.setFocus()
    press(qtbot, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert win.scale == 1.15
    assert "font-size: 18px" in app.styleSheet()  # type: ignore[union-attr]
    press(qtbot, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert win.scale == 0.85
    win.close()
    again = open_window(qtbot)  # a new window reads the saved choices
    assert (again.theme_name, again.scale) == ("dark", 0.85)


def test_night_look_is_the_default_at_night() -> None:
    assert theme.default_theme(datetime(2026, 11, 21, 23, 30)) == "dark"
    assert theme.default_theme(datetime(2026, 11, 21, 3, 0)) == "dark"
    assert theme.default_theme(datetime(2026, 11, 21, 10, 0)) == "light"


def check_controls(root: QWidget) -> None:
    """Every visible control has an accessible name; every button is a big enough target."""
    settle()
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or w.objectName() == "qt_spinbox_lineedit":
            continue
        if isinstance(w.parent(), (QLineEdit, QComboBox)):
            continue  # Qt's own parts of an edit box (clear button, line of a combo box)
        if isinstance(w, (QAbstractButton, QLineEdit, QComboBox, QListWidget)):
            assert w.accessibleName().strip(), f"{type(w).__name__} {w.objectName()!r} " \
                f"({getattr(w, 'text', lambda: '')()!r}) has no accessible name"
        if isinstance(w, QPushButton):
            assert w.height() >= theme.MIN_TARGET_PX, \
                f"button {w.text()!r} is {w.height()} px high"
        if isinstance(w, QCheckBox):
            assert w.height() >= 40, f"check box {w.text()!r} is {w.height()} px high"


def test_every_control_is_named_and_big_enough(qtbot: QtBot) -> None:
    win = open_window(qtbot)
    start_case(qtbot, win)
    check_controls(win)
    view = open_guide(qtbot, win, "youth-check")
    check_controls(win)
    answer_number(qtbot, view, 10)
    check_controls(win)
    for opener in (lambda: win.open_script("first-contact"), lambda: win.open_signposts(),
                   lambda: win.open_checklist("before-leaving"), win.open_exhibits,
                   win.open_case_start):
        opener()
        check_controls(win)
    win.toggle_notes()
    check_controls(win)


def test_keyboard_alone_reaches_a_guide_and_shows_a_focus_ring(qtbot: QtBot) -> None:
    win = open_window(qtbot)
    home = win.current_screen()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is home.search)  # type: ignore[union-attr]
    target = find(home, QPushButton, "guide-device-check")
    for _ in range(40):
        if QApplication.focusWidget() is target:
            break
        press(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is target
    assert f"border: 3px solid {theme.PALETTES[win.theme_name].focus}" in \
        QApplication.instance().styleSheet()  # type: ignore[union-attr]
    press(qtbot, Qt.Key.Key_Space)
    assert win.current_key() == "walk:device-check"


def test_shipped_content_opens_and_every_guide_walks_to_an_outcome(qtbot: QtBot) -> None:
    content = load_content(builtin_content_dir())
    win = MainWindow(content, content_dir=builtin_content_dir())
    qtbot.addWidget(win)
    win.show()
    assert content.guides, "the shipped content has no guides"
    for gid in content.guides:
        view = win.open_guide(gid)
        assert isinstance(view, WalkView)
        walk = win.session.walk(gid)
        for _ in range(60):
            step = walk.current
            if step.kind == "outcome":
                break
            if step.kind == "info":
                view._acknowledge()
            elif view.input is not None and view.input.buttons:
                view.input.buttons[-1].click()  # the last choice, often "not known"
            elif view.input is not None and view.input.spin is not None:
                view.input.spin.setValue(int(step.max or 10))
                view.input._submit_number()
            else:
                view.input.submit.click()  # type: ignore[union-attr]
        assert walk.current.kind == "outcome", f"{gid} did not reach an outcome"
        assert find(view, QLabel, "outcomeTitle").text() == walk.current.title


@pytest.mark.parametrize("content_dir", [None, "ui-content"])
def test_smoke_command_prints_start_up_time(content_dir: str | None, data_dir: Path) -> None:
    exe = Path(sys.executable).with_name("fieldkit")
    cmd = [str(exe), "app", "--smoke"]
    if content_dir:
        cmd += ["--content", str(Path(__file__).parents[1] / "fixtures" / content_dir)]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FIELDKIT_DATA_DIR": str(data_dir)}
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    [line] = [ln for ln in done.stdout.splitlines() if ln.startswith("startup_ms=")]
    ms = int(line.split("=")[1])
    assert 0 < ms < 10_000
    assert not (data_dir / "cases.db").exists()  # opening the app creates no case database
