"""What the main window leaves until its first paint: the work the first screen does not need
waits for it, still happens, and start-up never loads the case store's modules."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QScrollArea
from pytestqt.qtbot import QtBot

from fieldkit.content import load_content
from fieldkit.ui import keyboard
from fieldkit.ui.main_window import MainWindow

UI_CONTENT = Path(__file__).resolve().parents[1] / "fixtures" / "ui-content"


def test_work_waits_for_the_first_paint_then_runs_once(qtbot: QtBot) -> None:
    win = MainWindow(load_content(UI_CONTENT), content_dir=UI_CONTENT)
    qtbot.addWidget(win)
    ran: list[str] = []
    win.after_first_paint(lambda: ran.append("queued"))
    QApplication.processEvents()
    assert ran == []  # not shown, never painted: nothing yet
    win.show()
    qtbot.waitUntil(lambda: ran == ["queued"])
    win.after_first_paint(lambda: ran.append("at once"))  # painted already: runs now
    assert ran == ["queued", "at once"]
    win.update()
    QApplication.processEvents()
    assert ran == ["queued", "at once"]  # a later paint runs nothing again


def test_home_adds_what_is_below_the_guides_once_painted(qtbot: QtBot) -> None:
    win = MainWindow(load_content(UI_CONTENT), content_dir=UI_CONTENT)
    qtbot.addWidget(win)
    home = win.current_screen()
    assert home is not None
    assert home.findChildren(QPushButton, "guide-youth-check")  # the first screen's guides
    assert not home.findChildren(QPushButton, "scriptTile-first-contact")
    win.show()
    qtbot.waitUntil(lambda: bool(home.findChildren(QPushButton, "scriptTile-first-contact")))
    for name in ("checklistTile-before-leaving", "talkTile-pupils-test", "signpostsTile"):
        assert len(home.findChildren(QPushButton, name)) == 1, name
    win.show_home()  # built once: showing the home again adds nothing twice
    assert len(home.findChildren(QPushButton, "scriptTile-first-contact")) == 1


def test_home_shown_again_before_its_first_paint_is_whole(qtbot: QtBot) -> None:
    win = MainWindow(load_content(UI_CONTENT), content_dir=UI_CONTENT)
    qtbot.addWidget(win)
    home = win.show_home()
    assert len(home.findChildren(QPushButton, "scriptTile-first-contact")) == 1


def test_keyboard_parity_installed_late_still_sets_up_polished_widgets(qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    earlier = getattr(app, "_keyboard_parity", None)
    if earlier is not None:  # another test's window installed it: take it away for this one
        app.focusChanged.disconnect(earlier._focus_moved)
        app._keyboard_parity = None  # type: ignore[attr-defined]
    try:
        area = QScrollArea()
        qtbot.addWidget(area)
        area.show()
        qtbot.waitExposed(area)
        assert area.focusPolicy() != Qt.FocusPolicy.NoFocus  # polished without the parity
        keyboard.install(app)
        assert area.focusPolicy() == Qt.FocusPolicy.NoFocus  # never a Tab stop
    finally:
        helper = getattr(app, "_keyboard_parity", None)
        if helper is not None and helper is not earlier:
            app.focusChanged.disconnect(helper._focus_moved)
        if earlier is not None:
            app.focusChanged.connect(earlier._focus_moved)
        app._keyboard_parity = earlier  # type: ignore[attr-defined]


# The app as `fieldkit app --smoke` starts it, asked at its first paint which modules it holds.
AT_FIRST_PAINT = r"""
import argparse, sys
import fieldkit.ui.app as app
measure = app.process_age_ms
seen = []
def at_paint():
    seen.extend(sorted(sys.modules))
    return measure()
app.process_age_ms = at_paint
app.run(argparse.Namespace(smoke=True, author=False, content=None))
print("MODULES", " ".join(seen))
"""


def test_start_up_paints_without_modules_the_first_screen_does_not_need(tmp_path: Path
                                                                      ) -> None:
    """The second start: the first, in a checkout, reads the YAML and keeps a snapshot."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FIELDKIT_DATA_DIR": str(tmp_path)}
    env.pop("FIELDKIT_CONTENT_DIR", None)
    for _start in range(2):
        proc = subprocess.run([sys.executable, "-c", AT_FIRST_PAINT], capture_output=True,
                              text=True, env=env, timeout=120)
        assert proc.returncode == 0, proc.stderr
    line = next(x for x in proc.stdout.splitlines() if x.startswith("MODULES "))
    loaded = set(line.split()[1:])
    assert "fieldkit.ui.screens.home" in loaded and "fieldkit.ui.lock" in loaded  # it did start
    for late in ("sqlite_utils", "sqlite3", "fieldkit.cases.store", "fieldkit.ui.saved_cases",
                 "fieldkit.ui.keyboard", "fieldkit.search",
                 "fieldkit.content.loader", "yaml",  # the content comes from its snapshot
                 "hashlib", "html"):  # OpenSSL, and an entity table: neither is needed yet
        assert late not in loaded, f"{late} was imported before the first paint"


# The same start, asked at its first paint which modules PySide has read the source of, and
# what its feature table says of three of them.
PYSIDE_TABLE = r"""
import argparse, sys
import fieldkit.ui.app as app
asked = []
known = app._known_to_pyside
def spy_after_known():
    known()
    feature = sys.modules["shibokensupport.feature"]
    read = feature._mod_uses_pyside
    def spy(module):
        asked.append(module.__name__)
        return read(module)
    feature._mod_uses_pyside = spy
app._known_to_pyside = spy_after_known
measure = app.process_age_ms
def at_paint():
    table = sys.modules["shibokensupport.feature"].pyside_feature_dict
    for name in ("typing", "fieldkit.content.model", "fieldkit.ui.main_window"):
        print("TABLE", name, table.get(name))
    print("ASKED", " ".join(asked))
    return measure()
app.process_age_ms = at_paint
app.run(argparse.Namespace(smoke=True, author=False, content=None))
"""


def test_modules_imported_before_pyside_are_entered_as_not_using_it(tmp_path: Path) -> None:
    """PySide reads the source of each module it has not met, unless its table already says
    (-1: does not use PySide). Start-up enters the modules imported before PySide, so PySide
    reads only the window's own modules, and finds they use it (0)."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FIELDKIT_DATA_DIR": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", PYSIDE_TABLE], capture_output=True,
                          text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    table = dict(line.split()[1:] for line in lines if line.startswith("TABLE "))
    assert table == {"typing": "-1", "fieldkit.content.model": "-1",
                     "fieldkit.ui.main_window": "0"}
    asked = next(line for line in lines if line.startswith("ASKED ")).split()[1:]
    assert "fieldkit.ui.main_window" in asked  # PySide still looks at what uses it ...
    assert "typing" not in asked and "fieldkit.content.model" not in asked  # ... only that
