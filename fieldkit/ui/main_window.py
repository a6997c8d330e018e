"""The main window: a top bar, one screen at a time, and the notes panel beside it.

Screens are built the first time they are opened (start-up builds only the home screen) and
kept until the case changes. Navigation is a short history, so Alt+Left goes back a question
inside a guide, and back a screen everywhere else.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QPaintEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QMainWindow,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from fieldkit.content.model import Content
from fieldkit.settings import Settings
from fieldkit.ui import theme
from fieldkit.ui.screens.base import Screen
from fieldkit.ui.top_bar import ProblemBar, TopBar

if TYPE_CHECKING:
    from fieldkit.ui.lock import LockController
    from fieldkit.ui.sessions import ScreenSession


def _keyboard_parity(app: QApplication) -> None:
    """Imported here: its widget classes (spin boxes, combo boxes, text edits ...) are ones
    PySide would otherwise set up before the first paint, which uses none of them."""
    from fieldkit.ui import keyboard

    keyboard.install(app)


class MainWindow(QMainWindow):
    """`screen_changed(key)` fires whenever another screen is shown."""

    screen_changed = Signal(str)
    session_changed = Signal()

    def __init__(self, content: Content, settings: Settings | None = None,
                 content_dir: Path | None = None):
        super().__init__()
        self.setWindowTitle("FieldKit")
        self.content = content
        self.content_dir = content_dir
        self.settings = settings or Settings()
        self.session: ScreenSession | None = None  # a saved case or a quick look
        self.store: Any = None  # the case store, opened on first use
        self._screens: dict[str, Screen] = {}
        self.history: list[str] = []
        self.family: QWidget | None = None
        self.lock: LockController | None = None  # made by install_lock(); none in some tests
        self.author_window: QWidget | None = None  # author mode, when started with --author
        self._painted = False
        self._after_paint: list[Callable[[], object]] = []

        self.theme_name = self.settings.get("theme") or theme.default_theme()
        if self.theme_name not in theme.THEMES:
            self.theme_name = "light"
        scale = self.settings.get("scale", 1.0)
        self.scale = scale if scale in theme.SCALES else 1.0
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply(app, self.theme_name, self.scale)  # before any widget is polished
            self.after_first_paint(lambda: _keyboard_parity(app))

        central = QWidget()
        col = QVBoxLayout(central)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(0)
        self.top = TopBar(self)
        col.addWidget(self.top)
        self.problem_bar = ProblemBar()
        col.addWidget(self.problem_bar)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        self.stack = QStackedWidget()
        row.addWidget(self.stack, 1)
        self.notes: Any = None  # the notes panel, built when first opened
        self._row = row
        col.addLayout(row, 1)
        self.setCentralWidget(central)
        self._shortcuts()
        self.resize(1280, 820)
        self.show_home()

    # -- first paint -------------------------------------------------------------------------
    def after_first_paint(self, fn: Callable[[], object]) -> None:
        """Run fn as soon as the window has been painted once (now, if it has been): work the
        first screen does not need waits until the officer can see the window.

        App-wide event filters go here too: a Python filter sees every Qt object, and the
        first one of a class PySide has not met (building the home meets several) makes it
        build the enums of every QtCore class, about 50 ms."""
        if self._painted:
            fn()
        else:
            self._after_paint.append(fn)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self, self._run_after_paint)  # once this frame is shown

    def _run_after_paint(self) -> None:
        waiting, self._after_paint = self._after_paint, []
        for fn in waiting:
            fn()

    # -- look --------------------------------------------------------------------------------
    def apply_theme(self) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply(app, self.theme_name, self.scale)
        self.top.update_theme_button()

    def set_theme(self, name: str) -> None:
        self.theme_name = name
        self.settings.set("theme", name)
        self.apply_theme()

    def cycle_theme(self) -> None:
        i = theme.THEMES.index(self.theme_name)
        self.set_theme(theme.THEMES[(i + 1) % len(theme.THEMES)])

    def step_text_size(self, step: int) -> None:
        i = theme.SCALES.index(self.scale) if self.scale in theme.SCALES else 1
        i = 1 if step == 0 else max(0, min(len(theme.SCALES) - 1, i + step))
        self.scale = theme.SCALES[i]
        self.settings.set("scale", self.scale)
        self.apply_theme()

    def _shortcuts(self) -> None:
        def add(keys: list[str], fn: Callable[[], object]) -> None:
            for k in keys:
                sc = QShortcut(QKeySequence(k), self)
                sc.activated.connect(fn)

        add(["Ctrl+=", "Ctrl++", "Ctrl+Shift+="], lambda: self.step_text_size(1))
        add(["Ctrl+-"], lambda: self.step_text_size(-1))
        add(["Ctrl+0"], lambda: self.step_text_size(0))
        add(["Alt+Left"], self.go_back)
        add(["Alt+Home"], self.show_home)
        add(["Ctrl+F"], self.focus_search)
        add(["Ctrl+N"], self.toggle_notes)
        add(["Ctrl+Shift+T"], self.cycle_theme)
        add(["Ctrl+E"], self._exhibits_if_case)

    def _exhibits_if_case(self) -> None:
        if self.session is not None and self.session.kept:
            self.open_exhibits()

    # -- screens -----------------------------------------------------------------------------
    def current_key(self) -> str:
        return self.history[-1] if self.history else ""

    def current_screen(self) -> Screen | None:
        return self._screens.get(self.current_key())

    def screen(self, key: str) -> Screen | None:
        return self._screens.get(key)

    def show_screen(self, key: str, factory: Callable[[], Screen],
                    remember: bool = True) -> Screen:
        w = self._screens.get(key)
        self._leave(w)
        if w is None:
            w = factory()
            self._screens[key] = w
            self.stack.addWidget(w)
        else:
            w.refresh()
        if not self.history or self.history[-1] != key:
            if key in self.history:
                self.history.remove(key)
            if remember or not self.history:
                self.history.append(key)
            else:
                self.history[-1] = key
        self.stack.setCurrentWidget(w)
        self.top.update_for(key, w.title)
        self.screen_changed.emit(key)
        return w

    def _leave(self, coming: Screen | None) -> None:
        """Tell the screen now shown that another is taking its place."""
        going = self.stack.currentWidget()
        if isinstance(going, Screen) and going is not coming:
            going.leave()

    def drop_screens(self, keep: tuple[str, ...] = ("home",)) -> None:
        """Forget screens built for another case (they hold its session)."""
        for key in [k for k in self._screens if k not in keep]:
            w = self._screens.pop(key)
            self.stack.removeWidget(w)
            w.deleteLater()
        self.history = [k for k in self.history if k in keep]

    def can_go_back(self) -> bool:
        return len(self.history) > 1

    def forget_screen(self, key: str) -> None:
        """Drop one screen (its guide was removed from the case); it is built afresh if opened."""
        w = self._screens.pop(key, None)
        if w is not None:
            self.stack.removeWidget(w)
            w.deleteLater()
        self.history = [k for k in self.history if k != key]

    def go_back(self) -> None:
        w = self.current_screen()
        if w is not None and w.go_back():
            return
        if len(self.history) > 1:
            self.history.pop()
            key = self.history[-1]
            w = self._screens[key]
            self._leave(w)
            w.refresh()
            self.stack.setCurrentWidget(w)
            self.top.update_for(key, w.title)
            self.screen_changed.emit(key)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        home = self._screens.get("home")
        if home is not None and self.current_key() == "home":
            home.search.setFocus()  # type: ignore[attr-defined]

    def show_home(self) -> Screen:
        from fieldkit.ui.screens.home import HomeScreen

        self.history = [k for k in self.history if k == "home"]
        return self.show_screen("home", lambda: HomeScreen(self, self.session, self.content,
                                                           self.content_dir))

    def focus_search(self) -> None:
        home = self.show_home()
        home.search.setFocus()  # type: ignore[attr-defined]
        home.search.selectAll()  # type: ignore[attr-defined]

    # -- sessions ----------------------------------------------------------------------------
    def ensure_session(self) -> ScreenSession:
        """The open case's session, or a quick look (not recorded) when no case is open."""
        if self.session is None:
            from fieldkit.ui.sessions import ScreenSession

            self.session = ScreenSession.quick_look(self.content)
            self._tell_screens()
            self.session_changed.emit()
            self.top.update_session()
        return self.session

    def set_session(self, session: ScreenSession | None) -> None:
        """Switch case (or leave one): screens of the old one are dropped, notes flushed."""
        if self.notes is not None:
            self.notes.flush()
        if self.session is not None and self.session is not session:
            self.session.close()
        self.session = session
        if session is not None:
            session.on_problem = self.report_problem
        self.drop_screens()
        self._tell_screens()
        if self.notes is not None:
            self.notes.load()
        self.session_changed.emit()
        self.top.update_session()

    def _tell_screens(self) -> None:
        """Screens kept across cases (home, case start) show the session now in use."""
        for w in self._screens.values():
            w.session = self.session

    def save_notes(self) -> None:
        if self.notes is not None:
            self.notes.flush()

    def report_problem(self, text: str) -> None:
        """Say, without a dialog in the way, that something could not be saved."""
        self.problem_bar.say(text)

    def case_store(self) -> Any:
        """The case store, opened on first use (start-up never touches the database)."""
        if self.store is None:
            from fieldkit.ui.saved_cases import open_store

            self.store = open_store()
        return self.store

    def store_is_open(self) -> bool:
        return self.store is not None

    def install_lock(self, **options: Any) -> LockController:
        """Put saved cases behind the passphrase (Ctrl+L and idle minutes lock them again).
        `options` go to LockController (tests shorten the idle time, move the database)."""
        from fieldkit.ui.lock import LockController

        self.lock = LockController(self, **options)
        self.lock.start()
        return self.lock

    def cases_locked(self) -> bool:
        return self.lock is not None and self.lock.needs_passphrase()

    def ask_for_cases(self, then: Callable[[], object] | None = None) -> None:
        if self.lock is not None:
            self.lock.ask_for_cases(then)

    # -- opening things ----------------------------------------------------------------------
    def open_guide(self, guide_id: str) -> QWidget:
        from fieldkit.ui.screens.walk import WalkView

        session = self.ensure_session()
        return self.show_screen(f"walk:{guide_id}",
                                lambda: WalkView(self, session, self.content, guide_id))

    def open_outcome_preview(self, guide_id: str, step_id: str) -> QWidget:
        from fieldkit.ui.screens.outcome_preview import OutcomePreview

        return self.show_screen(f"preview:{guide_id}:{step_id}",
                                lambda: OutcomePreview(self, self.session, self.content,
                                                       guide_id, step_id))

    def open_script(self, script_id: str, section: str = "") -> QWidget:
        from fieldkit.ui.screens.script import ScriptView

        session = self.ensure_session()
        w = self.show_screen(f"script:{script_id}",
                             lambda: ScriptView(self, session, self.content, script_id))
        if section:
            w.scroll_to(section)  # type: ignore[attr-defined]
        return w

    def open_signposts(self, only: list[str] | None = None, highlight: str = "") -> QWidget:
        from fieldkit.ui.screens.signposts import SignpostView

        session = self.ensure_session()
        w = self.show_screen("signposts", lambda: SignpostView(self, session, self.content))
        w.set_only(only or [], highlight)  # type: ignore[attr-defined]
        return w

    def open_checklist(self, checklist_id: str) -> QWidget:
        from fieldkit.ui.screens.checklist import ChecklistView

        session = self.ensure_session()
        return self.show_screen(f"checklist:{checklist_id}",
                                lambda: ChecklistView(session, self.content, checklist_id))

    def open_talk(self, talk_id: str) -> QWidget:
        """The talk builder (its own module): pick a length, shape the talk, print the pack."""
        from fieldkit.ui.screens.talk_builder import TalkBuilder

        def build() -> Screen:
            w = TalkBuilder(self.content, talk_id)
            w.title = self.content.talks[talk_id].header.title
            return w

        return self.show_screen(f"talk:{talk_id}", build)

    def open_case_start(self) -> QWidget:
        if self.cases_locked():  # saved cases open with the passphrase
            self.ask_for_cases(then=self.open_case_start)
            return self.centralWidget()
        from fieldkit.ui.screens.case_start import CaseStartScreen

        return self.show_screen("case-start", lambda: CaseStartScreen(
            self, self.session, self.content, self.settings))

    def open_exhibits(self) -> QWidget:
        from fieldkit.ui.screens.exhibits import ExhibitsView

        return self.show_screen("exhibits", lambda: ExhibitsView(
            self.session, self.content, self.settings))

    def open_load_errors(self) -> QWidget:
        from fieldkit.ui.screens.load_errors import LoadErrorsScreen

        return self.show_screen("load-errors", lambda: LoadErrorsScreen(self.content))

    def open_family(self, kind: str, ids: list[str], who: str = "") -> QWidget:
        """The clean full-screen view for a parent or child; Esc leaves it. The officer's name
        (from the open case) is the one thing from the case it shows."""
        from fieldkit.ui.screens.family import FamilyView

        self.save_notes()
        officer = ""
        if self.session is not None and self.session.kept:
            officer = self.session.case().officer.name
        view = FamilyView(self.content, kind, ids, who=who, officer=officer)
        view.closed.connect(self._family_closed)
        self.family = view
        view.show_full()
        return view

    def _family_closed(self) -> None:
        self.family = None
        self.activateWindow()
        self.raise_()

    def toggle_notes(self) -> None:
        if self.notes is None:
            from fieldkit.ui.screens.notes_panel import NotesPanel

            self.notes = NotesPanel(lambda: self.session, self.ensure_session)
            self._row.addWidget(self.notes)
            self.notes.load()
            self.notes.show()
        else:
            self.notes.flush()
            self.notes.setVisible(not self.notes.isVisible())
        if self.notes.isVisible():
            self.notes.editor.setFocus()
        self.top.notes_button.setChecked(self.notes.isVisible())

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.notes is not None:
            self.notes.flush()
        if self.family is not None:
            self.family.close()
        if self.session is not None:
            self.session.close()
        if self.store is not None:
            self.store.close()
        super().closeEvent(event)
