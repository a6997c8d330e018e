"""Locking saved cases away: the passphrase opens them, Ctrl+L and idle minutes close them.

The guides, scripts, signposts, checklists and talks are public guidance and open at once,
without a passphrase: an officer at a scene reaches a guide's first question in two clicks.
Saved cases are different: the first time the officer starts or continues one, the
passphrase screen comes first (on first run, the screen that sets it). Once cases are open,
Ctrl+L, the Lock button or a few idle minutes lock the app again.

Locked, the main window shows only the passphrase screen: its own content is taken out of the
window whole (nothing destroyed, so half-typed text, the screen and the focus come back as
they were) and every other FieldKit window is hidden. The notes are saved first. Any key,
click, scroll or touch anywhere in the app restarts the idle timer (an application-wide event
filter), so the app never locks under an officer who is using it.

The first unlock after start opens the case store with the passphrase, applies the retention
rule (cases whose handover left long enough ago are deleted) and shows the next deletions on
the home screen.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QInputEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QDialog, QFrame, QVBoxLayout, QWidget

from fieldkit.cases.paths import default_db_path
from fieldkit.cases.times import utcnow
from fieldkit.security import passphrase as source
from fieldkit.security.attempts import AttemptLimiter
from fieldkit.ui.widgets.basic import button, label

if TYPE_CHECKING:
    from fieldkit.ui.main_window import MainWindow
    from fieldkit.ui.screens.passphrase import PassphraseScreen

# The case store's own modules (sqlite3 among them) are imported when cases are first asked
# for, not at start-up: the lock is installed before the first paint.

DEFAULT_MINUTES = 5.0
MAX_MINUTES = 60.0
LOCK_ENV = "FIELDKIT_LOCK_MINUTES"
SETTINGS_KEY = "lock_minutes"
INPUT = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                   QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
                   QEvent.Type.TabletPress})


def lock_minutes(settings: Any = None) -> float:
    """FIELDKIT_LOCK_MINUTES, else the `lock_minutes` setting, else 5. Above 0 and at most 60:
    anything else (0, 'never', -1) falls back to 5, so the lock cannot be switched off."""
    raw = os.environ.get(LOCK_ENV)
    if raw is None and settings is not None:
        raw = settings.get(SETTINGS_KEY)
    try:
        minutes = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return DEFAULT_MINUTES
    return minutes if 0 < minutes <= MAX_MINUTES else DEFAULT_MINUTES


class RetentionNotice(QFrame):
    """'N cases will be deleted on DATE', shown under the top bar on the home screen."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("retentionNotice")
        self.setProperty("role", "banner-warn")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(16, 8, 16, 8)
        self.text = label("", "lead")
        self.text.setObjectName("retentionText")
        lay.addWidget(self.text)
        self.lines: list[str] = []
        self.hide()

    def set_lines(self, lines: list[str], days: int) -> None:
        self.lines = lines
        text = "; ".join(lines)
        if text:
            text = (f"{text} ({days} days after their handover was exported). Export or copy "
                    "anything you still need before then.")
        self.text.setText(text)
        self.text.setAccessibleName(text)


class LockController(QObject):
    """Owns the lock of one main window. `clock` (UTC now) and `limiter` are injectable."""

    locked_changed = Signal(bool)

    def __init__(self, win: MainWindow, idle_ms: int | None = None,
                 db_path: Path | None = None, limiter: AttemptLimiter | None = None,
                 clock: Callable[[], datetime] = utcnow):
        super().__init__(win)
        self.win = win
        self.path = db_path or default_db_path()
        self.limiter = limiter or AttemptLimiter.beside(self.path)
        self.clock = clock
        self.locked = False
        self.screen: PassphraseScreen | None = None
        self._content: QWidget | None = None
        self._focus: QWidget | None = None
        self._hidden: list[QWidget] = []
        self._opened_once = False
        self._then: Callable[[], object] | None = None
        source.no_prompt()  # the app asks on its own screen, never in a terminal

        minutes = lock_minutes(win.settings)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(idle_ms if idle_ms is not None else int(minutes * 60_000))
        self.timer.timeout.connect(self.lock)
        app = QApplication.instance()
        if app is not None:  # any input anywhere restarts the timer (filters wait for paint)
            win.after_first_paint(lambda: app.installEventFilter(self))

        shortcut = QShortcut(QKeySequence("Ctrl+L"), win)
        shortcut.setContext(Qt.ShortcutContext.ApplicationShortcut)
        shortcut.activated.connect(self.lock)
        self.shortcut = shortcut
        self.button = button("Lock", self.lock, "bar", name="Lock FieldKit",
                             tip="Ctrl+L: hide everything until the passphrase is typed")
        self.button.setObjectName("lockButton")
        win.top.layout().addWidget(self.button)

        self.notice = RetentionNotice()
        column = win.centralWidget().layout()
        column.insertWidget(column.indexOf(win.problem_bar) + 1, self.notice)
        win.screen_changed.connect(self._show_notice)

    # -- the idle timer ------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Called for every event in the app: most are not input, and telling that from the
        # event's class is far cheaper than making its type (a Python enum) to look up.
        if isinstance(event, QInputEvent) and not self.locked and event.type() in INPUT:
            self.timer.start()
        return False

    # -- locking ---------------------------------------------------------------------------------

    def needs_passphrase(self) -> bool:
        """Whether saved cases are still closed (the store is opened only by the passphrase)."""
        return self.win.store is None

    def ask_for_cases(self, then: Callable[[], object] | None = None) -> None:
        """The passphrase screen for saved cases (setting it on first run); `then` runs once
        they are open. 'Continue without saved cases' goes back to the guides."""
        from fieldkit.cases.encryption import database_state

        if self.locked:
            return
        self._then = then
        state = database_state(self.path)
        if state in ("new", "plain"):
            self._cover("setup" if state == "new" else "encrypt", can_skip=True)
        elif state == "damaged":
            self._cover("unlock", can_skip=True)
            assert self.screen is not None
            self.screen.say(f"The case database {self.path} is damaged or is not a FieldKit "
                            "case database. It has not been changed; ask IT support. You can "
                            "still use the guides without saved cases.")
        else:
            self._cover("unlock", can_skip=True)

    def start(self) -> None:
        """At start-up the guides are open and saved cases closed: only the idle timer runs."""
        self.timer.start()

    def lock(self) -> None:
        """Hide everything that may show a case until the passphrase is typed again. With no
        saved cases open there is nothing to hide: the guidance on screen is public."""
        if self.locked or self.win.store is None:
            return
        if self.win.notes is not None:
            self.win.notes.flush()
        self._cover("unlock")

    def _cover(self, mode: str, can_skip: bool = False) -> None:
        win = self.win
        self.timer.stop()
        app = QApplication.instance()
        focus = QApplication.focusWidget()
        self._focus = focus if focus is not None and win.isAncestorOf(focus) else None
        self._hidden = []
        if isinstance(app, QApplication):
            for w in app.topLevelWidgets():
                if w is win or not w.isVisible() or w.windowType() in (
                        Qt.WindowType.ToolTip, Qt.WindowType.Popup):
                    continue
                if isinstance(w, QDialog):
                    w.reject()  # a half-finished question is cancelled, not left on top
                else:
                    w.hide()
                    self._hidden.append(w)
        self._content = win.takeCentralWidget()
        from fieldkit.ui.screens.passphrase import PassphraseScreen

        self.screen = PassphraseScreen(mode, can_skip=can_skip)
        self.screen.submitted.connect(self.unlock)
        self.screen.chosen.connect(self.set_passphrase)
        self.screen.skipped.connect(self._skip)
        win.setCentralWidget(self.screen)
        self.screen.focus()
        self.locked = True
        self.locked_changed.emit(True)

    def _skip(self) -> None:
        self._then = None
        self._uncover()

    def _uncover(self) -> None:
        win = self.win
        if not self.locked or self._content is None:
            return
        screen = win.takeCentralWidget()
        win.setCentralWidget(self._content)
        self._content = None
        if screen is not None:
            screen.deleteLater()
        self.screen = None
        for w in self._hidden:
            w.show()
        self._hidden = []
        self.locked = False
        self.timer.start()
        if self._focus is not None:
            self._focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self._focus = None
        self.locked_changed.emit(False)

    # -- unlocking ---------------------------------------------------------------------------

    def unlock(self, typed: str) -> bool:
        """Try a passphrase; on success show the app again. Wrong tries are counted."""
        from fieldkit.cases.db import StoreError
        from fieldkit.cases.encryption import database_state
        from fieldkit.cases.unlock import try_passphrase

        screen = self.screen
        if database_state(self.path) in ("new", "plain"):
            return self.set_passphrase(typed)
        try:
            result, _ = try_passphrase(self.path, typed, self.limiter)
        except StoreError as exc:
            if screen is not None:
                screen.say(str(exc))
            return False
        if not result.ok:
            if screen is not None:
                screen.clear()
                if result.reason == "wait" or result.wait > 0:
                    screen.wait(result.wait, result.message)
                else:
                    screen.say(result.message)
            return False
        self._opened(typed)
        return True

    def set_passphrase(self, typed: str) -> bool:
        """First run (or an old unencrypted database): create or encrypt the store."""
        from fieldkit.cases.encryption import database_state

        if database_state(self.path) == "encrypted":
            return self.unlock(typed)
        return self._opened(typed)

    def _opened(self, typed: str) -> bool:
        """The passphrase is right: open the store with it if not yet open, then uncover."""
        win = self.win
        message = ""
        if win.store is None:
            from fieldkit.cases.db import StoreError
            from fieldkit.cases.store import CaseStore

            try:
                win.store = CaseStore.open(self.path, key=typed)
            except StoreError as exc:
                if exc.reason == "passphrase-weak" and self.screen is not None:
                    self.screen.say(str(exc))
                    return False
                message = str(exc)
        if not self._opened_once and win.store is not None:
            self._opened_once = True
            self._apply_retention()
        self._uncover()
        if message:
            win.report_problem(message)
        then, self._then = self._then, None
        if then is not None and win.store is not None:
            then()
        elif win.current_key() == "home":
            win.show_home()  # lists the saved cases now the store is open
        self._show_notice(win.current_key())
        return True

    # -- retention -------------------------------------------------------------------------------

    def _apply_retention(self) -> None:
        """Delete the cases that are due (once, at the first unlock after start)."""
        from fieldkit.cases import retention

        try:
            retention.purge_due(self.win.store, self.clock(), self._days())
        except Exception as exc:  # the store's own words; never stop the officer here
            self.win.report_problem(f"Old cases could not be checked for deletion: {exc}")

    def _days(self) -> int:
        from fieldkit.cases import retention
        from fieldkit.settings import settings_path

        return retention.configured_days(settings_path())

    def _show_notice(self, key: str) -> None:
        """On home, the dates of the next deletions (read afresh: a handover exported since
        the last visit counts at once)."""
        store = self.win.store
        if key == "home" and store is not None and not self.locked:
            from fieldkit.cases import retention

            days = self._days()
            try:
                self.notice.set_lines(retention.warnings(retention.scheduled(store, days)),
                                      days)
            except Exception:  # a store that cannot be read says so elsewhere
                self.notice.set_lines([], days)
        self.notice.setVisible(bool(self.notice.lines) and key == "home")


def install_lock(win: MainWindow) -> LockController:
    """Saved cases behind the passphrase; the guides open at once. The window makes and keeps
    the lock (`win.lock`)."""
    return win.install_lock()
