"""What a screen may ask of the window: open another screen, go home, say a write failed.

Screens receive the session, the content and this small navigator, never the whole window, so
a screen cannot reach into the window's widgets or swap the session behind the others' backs.
`MainWindow` is the navigator the app uses; a test may pass anything with these methods.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtWidgets import QWidget


class Navigator(Protocol):
    def open_guide(self, guide_id: str) -> QWidget: ...

    def open_script(self, script_id: str, section: str = "") -> QWidget: ...

    def open_signposts(self, only: list[str] | None = None, highlight: str = "") -> QWidget: ...

    def open_checklist(self, checklist_id: str) -> QWidget: ...

    def show_home(self) -> QWidget: ...

    def report_problem(self, text: str) -> None: ...

    def forget_screen(self, key: str) -> None: ...

    def can_go_back(self) -> bool:
        """Whether there is an earlier screen to go back to."""
        ...
