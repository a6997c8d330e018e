"""The lock is the window's own declared part: none until it is installed after start-up, then
the one the window asks whether saved cases are still closed."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from ui_helpers import open_window

from fieldkit.ui.lock import LockController, install_lock


def test_the_window_makes_and_keeps_its_lock(qtbot: QtBot) -> None:
    win = open_window(qtbot)
    assert win.lock is None and not win.cases_locked()  # guides open at once, before the lock
    lock = install_lock(win)
    assert isinstance(lock, LockController) and win.lock is lock
    assert win.cases_locked()  # saved cases wait for the passphrase until the store is open
    win.ask_for_cases()
    assert lock.locked
