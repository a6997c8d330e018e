"""Every main screen fits the laptops officers use: 1024x600 logical pixels at normal text
(a 1366x768 screen at 125% display scaling) and 1280x720 at 200% text, with nothing outside the
window, cut off or elided; and under Qt's own display scaling (QT_SCALE_FACTOR)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from layout_check import SCREENS, check_all
from pytestqt.qtbot import QtBot

HERE = Path(__file__).resolve().parent


@pytest.fixture
def restore_look(qtbot: QtBot):  # type: ignore[no-untyped-def]
    """Text size is app-wide: put the normal look back for the tests that follow."""
    yield
    from PySide6.QtWidgets import QApplication

    from fieldkit.ui import theme

    app = QApplication.instance()
    theme.apply(app, "light", 1.0)  # type: ignore[arg-type]


@pytest.mark.parametrize(("size", "scale"), [((1024, 600), 1.0), ((1280, 720), 2.0)],
                         ids=["1024x600", "1280x720-text-200"])
def test_every_screen_fits_with_nothing_cut_off(qtbot: QtBot, restore_look: None,
                                                size: tuple[int, int], scale: float) -> None:
    found = check_all(size, scale)
    assert set(found) == set(SCREENS)
    problems = {name: p for name, p in found.items() if p}
    assert problems == {}, json.dumps(problems, indent=1)


@pytest.mark.parametrize("factor", ["1.25", "1.5", "2"])
def test_every_screen_fits_under_display_scaling(factor: str, tmp_path: Path) -> None:
    """Windows display scaling, as Qt applies it: a child process per factor, since Qt reads
    QT_SCALE_FACTOR once at start. 1024x600 is the logical size a force laptop leaves."""
    root = str(HERE.parents[1])  # layout_check drives walks with tools/screenshots.py
    path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)
    env = dict(os.environ, QT_SCALE_FACTOR=factor, QT_QPA_PLATFORM="offscreen",
               FIELDKIT_DATA_DIR=str(tmp_path), PYTHONPATH=path)
    run = subprocess.run([sys.executable, str(HERE / "layout_check.py"), "1024x600"],
                         env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    found = json.loads(run.stdout.strip().splitlines()[-1])
    assert set(found) == set(SCREENS)
    problems = {name: p for name, p in found.items() if p}
    assert problems == {}, json.dumps(problems, indent=1)
