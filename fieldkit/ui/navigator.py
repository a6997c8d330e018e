"""What a screen may ask of the window: open another screen, go home, switch case, say a write
failed, reach the case store.

Screens receive the session, the content and this navigator, never the whole window, so a
screen cannot reach into the window's widgets or swap the session behind the others' backs.
`MainWindow` is the navigator the app uses; a test may pass anything with these methods.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from fieldkit.cases.store import CaseStore
    from fieldkit.ui.sessions import ScreenSession


class Navigator(Protocol):
    # -- opening screens ---------------------------------------------------------------------
    def open_guide(self, guide_id: str) -> QWidget: ...

    def open_outcome_preview(self, guide_id: str, step_id: str) -> QWidget: ...

    def open_script(self, script_id: str, section: str = "") -> QWidget: ...

    def open_signposts(self, only: list[str] | None = None, highlight: str = "") -> QWidget: ...

    def open_checklist(self, checklist_id: str) -> QWidget: ...

    def open_talk(self, talk_id: str) -> QWidget: ...

    def open_case_start(self) -> QWidget: ...

    def open_exhibits(self) -> QWidget: ...

    def open_load_errors(self) -> QWidget: ...

    def open_family(self, kind: str, ids: list[str], who: str = "") -> QWidget: ...

    def show_home(self) -> QWidget: ...

    def forget_screen(self, key: str) -> None: ...

    def can_go_back(self) -> bool:
        """Whether there is an earlier screen to go back to."""
        ...

    def report_problem(self, text: str) -> None: ...

    # -- the case ----------------------------------------------------------------------------
    def set_session(self, session: ScreenSession | None) -> None:
        """Switch to another case (or none): screens built for the old one are dropped."""
        ...

    def save_notes(self) -> None:
        """Write what is typed in the notes panel to the session now."""
        ...

    def case_store(self) -> CaseStore:
        """The case store, opened on first use."""
        ...

    def store_is_open(self) -> bool: ...

    def cases_locked(self) -> bool:
        """Whether saved cases still wait for the passphrase."""
        ...

    def ask_for_cases(self, then: Callable[[], object] | None = None) -> None:
        """The passphrase screen for saved cases; `then` runs once they are open."""
        ...

    def after_first_paint(self, fn: Callable[[], object]) -> None:
        """Run fn once the window has been painted (now, if it has been)."""
        ...
