"""The app locks on Ctrl+L and when idle, hiding every case until the passphrase is typed; the
first run sets a passphrase that passes the rule; wrong passphrases are said plainly and slow
further tries; the home screen warns which cases retention will delete."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTableWidget,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot
from ui_helpers import UI_CONTENT, find, fixture_content, open_window, settle, start_case

from fieldkit.cases.encryption import database_state, passphrase_opens
from fieldkit.cases.store import CaseStore
from fieldkit.security.attempts import FREE_TRIES, AttemptLimiter
from fieldkit.ui.lock import LockController, install_lock, lock_minutes
from fieldkit.ui.main_window import MainWindow

PASSPHRASE = "tidy otter lantern 93"
REFERENCE = "CAD 8812 07/12/2026"


def visible_text(app_widgets: list[QWidget] | None = None) -> str:
    """Everything a person could read on screen: every visible window's title, labels, buttons,
    fields, lists and tables."""
    settle()
    out = []
    for top in app_widgets or QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        out.append(top.windowTitle())
        for w in [top, *top.findChildren(QWidget)]:
            if not w.isVisible():
                continue
            if isinstance(w, (QLabel, QAbstractButton, QLineEdit)):
                out.append(w.text())
            elif isinstance(w, (QPlainTextEdit, QTextEdit)):
                out.append(w.toPlainText())
            elif isinstance(w, QComboBox):
                out.append(w.currentText())
            elif isinstance(w, QListWidget):
                out += [w.item(i).text() for i in range(w.count())]
            elif isinstance(w, QTableWidget):
                out += [w.item(r, c).text() for r in range(w.rowCount())
                        for c in range(w.columnCount()) if w.item(r, c) is not None]
            out.append(w.accessibleName())
    return "\n".join(out)


def unlocked(qtbot: QtBot, **kwargs: object) -> tuple[MainWindow, LockController]:
    win = open_window(qtbot)
    lock = LockController(win, **kwargs)  # type: ignore[arg-type]
    return win, lock


def type_passphrase(qtbot: QtBot, win: MainWindow, text: str) -> None:
    field = find(win, QLineEdit, "passphrase")
    field.clear()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_ctrl_l_hides_every_case_and_the_passphrase_brings_it_back_with_typing_kept(
        qtbot: QtBot) -> None:
    win, lock = unlocked(qtbot)
    start_case(qtbot, win, REFERENCE)
    win.toggle_notes()
    qtbot.keyClicks(win.notes.editor, "Child said the messages started in May.")
    exhibits = win.open_exhibits()
    qtbot.mouseClick(find(exhibits, QAbstractButton, "addExhibit"), Qt.MouseButton.LeftButton)
    ref_field = find(win, QLineEdit, "ex-ref")
    ref_field.clear()
    qtbot.keyClicks(ref_field, "SJ/9 half typed")
    assert REFERENCE in visible_text()

    qtbot.keyClick(ref_field, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert lock.locked
    shown = visible_text()
    assert REFERENCE not in shown and "SJ/9" not in shown and "May" not in shown
    assert "FieldKit is locked" in shown
    # The notes were saved before the lock (typing is never lost).
    with_store = win.store
    assert with_store is not None
    assert with_store.load(win.session.case_id).notes == "Child said the messages started in May."

    type_passphrase(qtbot, win, PASSPHRASE)
    assert not lock.locked
    assert REFERENCE in visible_text()
    assert win.notes.editor.toPlainText() == "Child said the messages started in May."
    assert find(win, QLineEdit, "ex-ref").text() == "SJ/9 half typed"
    assert QApplication.focusWidget() is ref_field  # back where the officer was typing


def test_a_wrong_passphrase_says_so_and_keeps_everything_hidden(qtbot: QtBot) -> None:
    win, lock = unlocked(qtbot)
    start_case(qtbot, win, REFERENCE)
    lock.lock()
    type_passphrase(qtbot, win, "not my passphrase at all")
    assert lock.locked
    message = find(win, QLabel, "passphraseMessage").text()
    assert "does not open the saved cases" in message
    assert REFERENCE not in visible_text()
    assert find(win, QLineEdit, "passphrase").text() == ""  # cleared for the next try


def test_wrong_tries_make_the_next_try_wait(qtbot: QtBot, data_dir: Path) -> None:
    now = [1_000_000.0]
    limiter = AttemptLimiter(data_dir / "cases.db.attempts", clock=lambda: now[0],
                             sleep=lambda s: pytest.fail("the app never sleeps"))
    win, lock = unlocked(qtbot, limiter=limiter)
    start_case(qtbot, win, REFERENCE)
    lock.lock()
    for _ in range(FREE_TRIES):
        assert not lock.unlock("not my passphrase at all")
    message = find(win, QLabel, "passphraseMessage").text()
    assert "does not open" in message and "wait 2 seconds, then try again" in message
    button = find(win, QAbstractButton, "passphraseButton")
    assert not button.isEnabled() and button.text() == "Wait 2 s"
    assert not lock.unlock(PASSPHRASE)  # even the right one waits its turn
    assert lock.locked
    now[0] += 2
    assert lock.unlock(PASSPHRASE)
    assert limiter.failures == 0


def test_the_app_locks_itself_when_idle_and_input_keeps_it_open(qtbot: QtBot) -> None:
    win, lock = unlocked(qtbot, idle_ms=300)
    start_case(qtbot, win, REFERENCE)
    lock.timer.start()
    qtbot.waitUntil(lambda: lock.locked, timeout=5000)
    assert REFERENCE not in visible_text()
    type_passphrase(qtbot, win, PASSPHRASE)
    assert not lock.locked and lock.timer.isActive()
    # Any input restarts the count, so an officer using the app is never locked out.
    lock.timer.setInterval(60_000)
    lock.timer.stop()
    qtbot.keyClick(win.show_home().search, Qt.Key.Key_A)  # type: ignore[attr-defined]
    assert lock.timer.isActive() and lock.timer.remainingTime() > 59_000
    lock.timer.stop()
    qtbot.mouseMove(win, win.rect().center())
    qtbot.mouseClick(win.top.home_button, Qt.MouseButton.LeftButton)
    assert lock.timer.isActive()


def test_the_lock_time_is_configurable_but_cannot_be_switched_off(
        monkeypatch: pytest.MonkeyPatch) -> None:
    assert lock_minutes() == 5
    assert lock_minutes({"lock_minutes": 2}) == 2
    monkeypatch.setenv("FIELDKIT_LOCK_MINUTES", "0.5")
    assert lock_minutes({"lock_minutes": 2}) == 0.5
    for off in ("0", "-1", "never", "1000"):
        monkeypatch.setenv("FIELDKIT_LOCK_MINUTES", off)
        assert lock_minutes() == 5


def test_first_run_sets_a_passphrase_that_passes_the_rule(
        qtbot: QtBot, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FIELDKIT_PASSPHRASE")
    win = MainWindow(fixture_content(), content_dir=UI_CONTENT)
    qtbot.addWidget(win)
    lock = install_lock(win)
    win.show()
    qtbot.waitExposed(win)
    assert not lock.locked  # the guides open at once; nothing is stored yet
    win.open_case_start()
    assert lock.locked
    assert find(win, QLabel, "passphraseTitle").text() == "Set a passphrase for your cases"
    # Going back to the guides is allowed; it creates no store, so no case without the rule.
    skip = next(b for b in win.findChildren(QAbstractButton)
                if b.isVisible() and "without" in b.text().lower())
    qtbot.mouseClick(skip, Qt.MouseButton.LeftButton)
    assert not lock.locked and win.store is None
    assert not (data_dir / "cases.db").exists()
    win.open_case_start()
    assert lock.locked

    field, again = find(win, QLineEdit, "passphrase"), find(win, QLineEdit, "passphraseAgain")
    qtbot.keyClicks(field, "Password2026!")
    assert "common password" in find(win, QLabel, "passphraseCheck").text()
    qtbot.keyClicks(again, "Password2026!")
    qtbot.keyClick(again, Qt.Key.Key_Return)
    assert lock.locked and "cannot be used" in find(win, QLabel, "passphraseMessage").text()
    assert not (data_dir / "cases.db").exists()

    field.clear()
    qtbot.keyClicks(field, "kettle orbit violet pasture")
    again.clear()
    qtbot.keyClicks(again, "kettle orbit violet pastures")
    qtbot.keyClick(again, Qt.Key.Key_Return)
    assert "not the same" in find(win, QLabel, "passphraseMessage").text()
    qtbot.keyClicks(again, "kettle orbit violet pasture")
    qtbot.keyClick(again, Qt.Key.Key_Return)
    assert not lock.locked
    assert win.current_key() == "case-start"  # carries on to what the officer asked for
    assert database_state(data_dir / "cases.db") == "encrypted"
    assert passphrase_opens(data_dir / "cases.db", "kettle orbit violet pasture")
    start_case(qtbot, win, REFERENCE)  # the store opened with it is the one used


def test_saved_cases_stay_closed_until_the_passphrase_is_given(
        qtbot: QtBot, data_dir: Path) -> None:
    with CaseStore.open() as store:
        store.create_case(REFERENCE, "PC Sam Jones")
    win = MainWindow(fixture_content(), content_dir=UI_CONTENT)
    qtbot.addWidget(win)
    lock = install_lock(win)
    win.show()
    qtbot.waitExposed(win)
    assert not lock.locked and win.store is None
    qtbot.waitUntil(lambda: find_visible(win, "openSavedCases"))
    opener = find(win, QAbstractButton, "openSavedCases")
    assert REFERENCE not in visible_text()
    lock.lock()  # nothing saved is open, so there is nothing to hide
    assert not lock.locked
    qtbot.mouseClick(opener, Qt.MouseButton.LeftButton)
    assert find(win, QLabel, "passphraseTitle").text() == "FieldKit is locked"
    type_passphrase(qtbot, win, PASSPHRASE)
    assert not lock.locked
    qtbot.waitUntil(lambda: REFERENCE in visible_text())  # listed under "Continue a case"


def test_home_warns_which_cases_retention_deletes_and_when(
        qtbot: QtBot, data_dir: Path) -> None:
    now = datetime(2027, 3, 1, 12, tzinfo=UTC)
    t = [now - timedelta(days=40)]
    with CaseStore.open(clock=lambda: t[0]) as store:
        old = store.create_case("CAD OLD 1", "PC One")
        store.record_export(old, "handover", "/media/usb/old")
        t[0] = now - timedelta(days=25)
        for ref in ("CAD SOON 1", "CAD SOON 2"):
            cid = store.create_case(ref, "PC Two")
            store.record_export(cid, "handover", "/media/usb/soon")
    win = MainWindow(fixture_content(), content_dir=UI_CONTENT)
    qtbot.addWidget(win)
    lock = LockController(win, clock=lambda: now)
    lock.start()
    win.show()
    qtbot.waitExposed(win)
    lock.ask_for_cases()
    type_passphrase(qtbot, win, PASSPHRASE)
    notice = find(win, QLabel, "retentionText").text()
    assert notice.startswith("2 cases will be deleted on 6 Mar 2027 (30 days after")
    assert sorted(c.reference for c in win.store.list_cases()) == ["CAD SOON 1", "CAD SOON 2"]
    win.open_case_start()
    settle()
    assert not find_visible(win, "retentionNotice")  # shown on home only
    win.show_home()
    assert find_visible(win, "retentionNotice")
    # A handover exported during the session shows on home at once.
    fresh = win.store.create_case("CAD FRESH", "PC Three")
    win.store.record_export(fresh, "handover", "/media/usb/fresh")
    win.open_case_start()
    win.show_home()
    assert "1 case will be deleted on " in find(win, QLabel, "retentionText").text()


def find_visible(win: QWidget, name: str) -> bool:
    settle()
    return any(w.isVisibleTo(win) for w in win.findChildren(QWidget, name))


def test_lock_hides_other_fieldkit_windows_and_brings_them_back(qtbot: QtBot) -> None:
    win, lock = unlocked(qtbot)
    start_case(qtbot, win, REFERENCE)
    family = win.open_family("signposts", ["kids-line"])
    qtbot.waitExposed(family)
    lock.lock()
    assert not family.isVisible()
    lock.unlock(PASSPHRASE)
    assert family.isVisible()
    family.close()


def test_there_is_a_lock_button(qtbot: QtBot) -> None:
    win, lock = unlocked(qtbot)
    start_case(qtbot, win, REFERENCE)
    qtbot.mouseClick(find(win, QAbstractButton, "lockButton"), Qt.MouseButton.LeftButton)
    assert lock.locked


def test_a_guide_is_two_clicks_away_with_the_lock_installed(qtbot: QtBot) -> None:
    """Public guidance needs no passphrase: home, a guide tile, and its first question."""
    win = MainWindow(fixture_content(), content_dir=UI_CONTENT)
    qtbot.addWidget(win)
    install_lock(win)
    win.show()
    qtbot.waitExposed(win)
    gid = next(iter(win.content.guides))
    tile = find(win, QWidget, f"guide-{gid}")
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: win.current_key() == f"walk:{gid}")
