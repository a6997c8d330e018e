"""What every screen in the main window is: a title for the top bar, and three calls the window
makes as the officer moves between screens.

The window keeps screens once built, so `refresh()` redraws one that is shown again (a case may
have changed under it) and `leave()` is said to the one being replaced. `go_back()` lets a screen
step back inside itself (a guide goes back a question) before the window goes back a screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from fieldkit.ui.sessions import ScreenSession


class Screen(QWidget):
    """One page of the main window. Subclasses set `title` and override what they need."""

    title: str = ""
    session: ScreenSession | None = None  # the open case or quick look, when the screen shows one
    scroll: QScrollArea  # set by `scroll_column`, for screens that bring a part into view

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("screen")  # the style sheet gives every screen the page background

    def scroll_column(self, width: int, margins: int = 28) -> QVBoxLayout:
        """Fill this screen with one centred scrolling column at most `width` wide, and return
        the column's layout: the page most screens are."""
        # Imported here, not at the top: the window imports this module before its first paint.
        from fieldkit.ui.widgets.basic import scroll_page

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        area, body, lay = scroll_page(margins)
        body.setMaximumWidth(width)
        outer.addWidget(area)
        self.scroll = area
        return lay

    def refresh(self) -> None:
        """Redraw from the session and content; called when the screen is shown again."""

    def leave(self) -> None:
        """Another screen is taking this one's place (it is kept, and may be shown again)."""

    def go_back(self) -> bool:
        """Step back inside this screen; False when there is nothing earlier here."""
        return False
