"""The bar across the top: home and back, whether anything is being recorded, notes, look."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFrame, QHBoxLayout

from fieldkit.ui.theme import THEME_NAMES, THEMES
from fieldkit.ui.widgets import button, label

if TYPE_CHECKING:
    from fieldkit.ui.main_window import MainWindow


class TopBar(QFrame):
    def __init__(self, win: MainWindow):
        super().__init__()
        self.win = win
        self.setObjectName("topbar")
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 12, 8)
        row.setSpacing(6)
        self.home_button = button("\u2302 Home", win.show_home, "bar", name="Home",
                                  tip="Alt+Home")
        self.back_button = button("\u2190 Back", win.go_back, "bar", name="Back",
                                  tip="Alt+Left")
        row.addWidget(self.home_button)
        row.addWidget(self.back_button)
        brand = label("FieldKit", "h3", wrap=False)
        row.addSpacing(8)
        row.addWidget(brand)
        row.addSpacing(12)
        self.session_badge = label("", "badge-quick", wrap=False)
        self.session_badge.setObjectName("sessionBadge")
        row.addWidget(self.session_badge)
        row.addStretch(1)
        self.exhibits_button = button("Exhibits", win.open_exhibits, "bar",
                                      name="Exhibits and handover note")
        row.addWidget(self.exhibits_button)
        self.notes_button = button("\u270e Notes", win.toggle_notes, "bar",
                                   name="Notes", tip="Ctrl+N: notes, saved as you type")
        self.notes_button.setCheckable(True)
        row.addWidget(self.notes_button)
        self.theme_button = button("", win.cycle_theme, "bar", tip="Ctrl+Shift+T")
        row.addWidget(self.theme_button)
        row.addWidget(button("A\u2212", lambda: win.step_text_size(-1), "bar",
                             name="Smaller text", tip="Ctrl+-"))
        row.addWidget(button("A+", lambda: win.step_text_size(1), "bar",
                             name="Larger text", tip="Ctrl+="))
        self.update_theme_button()
        self.update_session()

    def update_theme_button(self) -> None:
        now = self.win.theme_name
        nxt = THEMES[(THEMES.index(now) + 1) % len(THEMES)]
        self.theme_button.setText(f"\u25d0 {THEME_NAMES[now].split()[-1].capitalize()}")
        self.theme_button.setAccessibleName(
            f"Theme: {THEME_NAMES[now]}. Press to change to {THEME_NAMES[nxt]}")

    def update_session(self) -> None:
        s = self.win.session
        if s is None:
            self.session_badge.hide()
            self.exhibits_button.hide()
            return
        self.session_badge.show()
        title = s.title
        self.session_badge.setText(title if len(title) <= 36 else title[:35] + "\u2026")
        self.session_badge.setToolTip(title)
        self.session_badge.setAccessibleName(title)
        self.session_badge.setProperty("role", "badge-case" if s.recorded else "badge-quick")
        self.session_badge.style().unpolish(self.session_badge)
        self.session_badge.style().polish(self.session_badge)
        self.exhibits_button.setVisible(bool(s.recorded))

    def update_for(self, key: str, title: str) -> None:
        self.back_button.setEnabled(len(self.win.history) > 1)
        self.home_button.setEnabled(key != "home")


class ProblemBar(QFrame):
    """A red strip under the top bar for a write that failed; hidden until needed."""

    def __init__(self) -> None:
        super().__init__()
        self.setProperty("role", "banner-danger")
        self.setObjectName("problemBar")
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 6, 12, 6)
        self.text = label("", "h3")
        row.addWidget(self.text, 1)
        row.addWidget(button("Dismiss", self.hide, name="Dismiss the problem message"))
        self.hide()

    def say(self, text: str) -> None:
        self.text.setText(text)
        self.text.setAccessibleName(text)
        self.show()
