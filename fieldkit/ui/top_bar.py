"""The bar across the top: home and back, whether anything is being recorded, notes, look.

On a narrow window (a force laptop at 125-150% display scaling, or large text) it folds step by
step until it fits: theme, text size and lock go into a "Display" menu, the brand goes, the case
badge shortens to the reference, and Home, Back and Notes keep only their symbols. Nothing is
ever cut off or pushed off the window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QChildEvent, QEvent, QSize, QTimer
from PySide6.QtGui import QAction, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QMenu, QWidget

from fieldkit.ui.theme import THEME_NAMES, THEMES
from fieldkit.ui.widgets.basic import button, label

if TYPE_CHECKING:
    from fieldkit.ui.main_window import MainWindow

FOLDS = 4  # 0: everything shown ... 4: the narrowest bar


class TopBar(QFrame):
    def __init__(self, win: MainWindow):
        super().__init__()
        self.win = win
        self.setObjectName("topbar")
        self.fold = 0
        self._least = 0
        self._fitting = False
        self._fit_queued = False
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 12, 8)
        row.setSpacing(6)
        self.home_button = button("\u2302 Home", win.show_home, "bar", name="Home",
                                  tip="Alt+Home")
        self.back_button = button("\u2190 Back", win.go_back, "bar", name="Back",
                                  tip="Alt+Left")
        row.addWidget(self.home_button)
        row.addWidget(self.back_button)
        self.brand = brand = label("FieldKit", "h3", wrap=False)
        row.addSpacing(8)
        row.addWidget(brand)
        row.addSpacing(12)
        self.session_badge = label("", "badge-quick", wrap=False)
        self.session_badge.setObjectName("sessionBadge")
        row.addWidget(self.session_badge)
        row.addStretch(1)
        self.exhibits_button = button("Exhibits", win.open_exhibits, "bar",
                                      name="Exhibits and handover note", tip="Ctrl+E")
        row.addWidget(self.exhibits_button)
        self.notes_button = button("\u270e Notes", win.toggle_notes, "bar",
                                   name="Notes", tip="Ctrl+N: notes, saved as you type")
        self.notes_button.setCheckable(True)
        row.addWidget(self.notes_button)
        self.menu_button = button("\u2630 Display", role="bar", name="Display: theme, text "
                                  "size and lock", tip="Theme, text size and lock")
        self.menu_button.setObjectName("displayMenu")
        self.menu = QMenu(self.menu_button)
        self.menu.aboutToShow.connect(self._fill_menu)
        self.menu_button.setMenu(self.menu)
        self.menu_button.hide()
        row.addWidget(self.menu_button)
        self.theme_button = button("", win.cycle_theme, "bar", tip="Ctrl+Shift+T")
        row.addWidget(self.theme_button)
        row.addWidget(button("A\u2212", lambda: win.step_text_size(-1), "bar",
                             name="Smaller text", tip="Ctrl+-"))
        row.addWidget(button("A+", lambda: win.step_text_size(1), "bar",
                             name="Larger text", tip="Ctrl+="))
        self._always = {self.home_button, self.back_button, brand, self.session_badge,
                        self.exhibits_button, self.notes_button, self.menu_button}
        self.update_theme_button()
        self.update_session()

    # -- folding to fit ----------------------------------------------------------------------
    def _tools(self) -> list[QWidget]:
        """Theme, text size and anything added later (the lock): what folds into the menu."""
        lay = self.layout()
        out = []
        for i in range(lay.count()):
            w = lay.itemAt(i).widget()
            if w is not None and w not in self._always:
                out.append(w)
        return out

    def _apply(self, fold: int) -> None:
        self.fold = fold
        for w in self._tools():
            w.setVisible(fold == 0)
        self.menu_button.setVisible(fold >= 1)
        self.brand.setVisible(fold < 2)
        self.home_button.setText("\u2302" if fold >= 4 else "\u2302 Home")
        self.back_button.setText("\u2190" if fold >= 4 else "\u2190 Back")
        self.notes_button.setText("\u270e" if fold >= 4 else "\u270e Notes")
        self.menu_button.setText("\u2630" if fold >= 4 else "\u2630 Display")
        self._badge_text()

    def _needed(self) -> int:
        lay = self.layout()
        lay.invalidate()
        return lay.sizeHint().width()

    def fit(self) -> None:
        """Fold as little as the width allows; remember the narrowest width for the window."""
        if self._fitting:
            return
        self._fitting = True
        try:
            self._apply(FOLDS)
            least = self._needed()
            width = self.width()
            for fold in range(FOLDS + 1):
                self._apply(fold)
                if fold == FOLDS or self._needed() <= width:
                    break
            if least != self._least:
                self._least = least
                self.updateGeometry()
        finally:
            self._fitting = False

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        if self._least:
            hint.setWidth(self._least)
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def childEvent(self, event: QChildEvent) -> None:
        super().childEvent(event)
        # A child added (the lock button, once the lock is installed) is fitted in once, soon.
        # event.child() is not asked whether it is a widget: before the first paint, wrapping
        # it makes PySide build the Python enums of every QObject class it tries (~50 ms).
        if event.type() == QEvent.Type.ChildAdded and not self._fit_queued:
            self._fit_queued = True
            QTimer.singleShot(0, self, self._queued_fit)

    def _queued_fit(self) -> None:
        self._fit_queued = False
        self.fit()

    def _fill_menu(self) -> None:
        self.menu.clear()
        for name in THEMES:
            act = QAction(f"Theme: {THEME_NAMES[name]}", self.menu)
            act.setCheckable(True)
            act.setChecked(name == self.win.theme_name)
            act.triggered.connect(lambda _=False, n=name: self.win.set_theme(n))
            self.menu.addAction(act)
        self.menu.addSeparator()
        for text, step in (("Larger text (Ctrl+=)", 1), ("Smaller text (Ctrl+-)", -1),
                           ("Normal text size (Ctrl+0)", 0)):
            act = QAction(text, self.menu)
            act.triggered.connect(lambda _=False, n=step: self.win.step_text_size(n))
            self.menu.addAction(act)
        extra = [w for w in self._tools()[3:] if hasattr(w, "click")]
        if extra:
            self.menu.addSeparator()
        for w in extra:  # the lock button, when the lock is installed
            tip = w.toolTip().split(":")[0]
            act = QAction(f"{w.text()} ({tip})" if tip else w.text(), self.menu)
            act.triggered.connect(lambda _=False, b=w: b.click())
            self.menu.addAction(act)

    # -- what it shows -----------------------------------------------------------------------
    def update_theme_button(self) -> None:
        now = self.win.theme_name
        nxt = THEMES[(THEMES.index(now) + 1) % len(THEMES)]
        self.theme_button.setText(f"\u25d0 {THEME_NAMES[now].split()[-1].capitalize()}")
        self.theme_button.setAccessibleName(
            f"Theme: {THEME_NAMES[now]}. Press to change to {THEME_NAMES[nxt]}")
        self.fit()

    def _badge_text(self) -> None:
        s = self.win.session
        if s is None:
            return
        title = s.title
        if self.fold >= 4:
            text = "Case" if s.kept else "Quick look"
        elif self.fold >= 3:
            text = title.split(" \u00b7 ")[0] if s.kept else "Quick look"
        else:
            text = title if len(title) <= 36 else title[:35] + "\u2026"
        self.session_badge.setText(text)

    def update_session(self) -> None:
        s = self.win.session
        if s is None:
            self.session_badge.hide()
            self.exhibits_button.hide()
            self.fit()
            return
        self.session_badge.show()
        title = s.title
        self._badge_text()
        self.session_badge.setToolTip(title)
        self.session_badge.setAccessibleName(title)
        self.session_badge.setProperty("role", "badge-case" if s.kept else "badge-quick")
        self.session_badge.style().unpolish(self.session_badge)
        self.session_badge.style().polish(self.session_badge)
        self.exhibits_button.setVisible(bool(s.kept))
        self.fit()

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
