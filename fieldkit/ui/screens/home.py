"""Home: search, the case (start, continue, or what is open), and everything the content holds.

One click on a guide opens its first question (inside the open case, or as a quick look when no
case is open), so any guide is at most two clicks from start-up.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from fieldkit.ui.screens.base import Screen
from fieldkit.ui.widgets.basic import Tile, badges_for, banner, button, clear, frame, label, short
from fieldkit.ui.widgets.unconfirmed import welfare_link

if TYPE_CHECKING:
    from PySide6.QtWidgets import QListWidget, QListWidgetItem

    from fieldkit.content.model import Content
    from fieldkit.search import Hit, SearchIndex
    from fieldkit.ui.navigator import Navigator
    from fieldkit.ui.sessions import ScreenSession

KIND_WORDS = {"guide": "Guide", "step": "Guide", "script": "Script",
              "script-section": "Script", "script-line": "Script",
              "signpost": "Support service", "checklist-item": "Checklist",
              "talk": "Prevention talk"}
# The examples the search box offers; a test proves each finds what it promises.
SEARCH_EXAMPLES = ("flight mode", "sextortion", "parent")


class _SearchBox(QLineEdit):
    """Down moves into the results; Enter opens the first one."""

    def __init__(self, home: HomeScreen):
        super().__init__()
        self.home = home

    def keyPressEvent(self, event: QKeyEvent) -> None:
        results = self.home.results
        if event.key() == Qt.Key.Key_Down and results is not None and results.count():
            results.setFocus()
            results.setCurrentRow(0)
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and results is not None \
                and results.count():
            self.home.open_hit(results.item(0))
            return
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


class HomeScreen(Screen):
    def __init__(self, nav: Navigator, session: ScreenSession | None, content: Content,
                 content_dir: Path | None = None):
        super().__init__()
        self.nav, self.session, self.content = nav, session, content
        self.content_dir = content_dir
        self._index: SearchIndex | None = None  # built on the first search
        self.title = "Home"
        lay = self.scroll_column(1180)

        self.search = _SearchBox(self)
        self.search.setObjectName("search")
        self.search.setPlaceholderText(
            "Search guides, scripts and services: e.g. " + ", ".join(SEARCH_EXAMPLES))
        self.search.setAccessibleName("Search guides, scripts and support services")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._search)
        lay.addWidget(self.search)
        self.result_count = label("", "muted")
        self.result_count.hide()
        lay.addWidget(self.result_count)
        self.results: QListWidget | None = None  # made at the first search, below the count
        self._column = lay

        self.browse = QWidget()
        blay = QVBoxLayout(self.browse)
        blay.setContentsMargins(0, 0, 0, 0)
        blay.setSpacing(14)
        lay.addWidget(self.browse)
        lay.addStretch(1)

        if content.refused or not content.guides:
            n = len(content.refused)
            text = (f"{n} content file{'s' if n != 1 else ''} could not be loaded, so "
                    "some guidance is missing. The rest is safe to use.") if n else \
                "No guidance could be loaded from the content folder."
            f, fl = frame("banner-danger", margins=12)
            fl.addWidget(label("Some guidance did not load", "h3"))
            fl.addWidget(label(text))
            see = button("See what is wrong", nav.open_load_errors, "primary",
                         name="See which content files did not load, and why")
            see.setObjectName("loadErrorsButton")
            fl.addWidget(see, 0, Qt.AlignmentFlag.AlignLeft)
            blay.addWidget(f)

        self.case_box = QVBoxLayout()
        blay.addLayout(self.case_box)

        today_note = label("Open a guide to start at its first question. Without an open case "
                           "it is a quick look: nothing is recorded.", "muted")
        blay.addWidget(label("Guides", "h2"))
        blay.addWidget(today_note)
        blay.addLayout(self._grid([
            self._tile(g.title, short(g.header.summary), badges_for(g.header),
                       lambda gid=gid: nav.open_guide(gid), f"guide-{gid}")
            for gid, g in content.guides.items()]))
        self._case_panel()
        # Below the guides is below the first screen: built as soon as the window has been
        # painted (at once if it has been, or if the home is shown again before that), so the
        # officer sees the window sooner.
        self._below: QVBoxLayout | None = blay
        nav.after_first_paint(self._below_the_guides)

    def _below_the_guides(self) -> None:
        """Scripts, support services, checklists, talks, the welfare card, the content line
        (once)."""
        blay, self._below = self._below, None
        if blay is None:
            return
        content, nav = self.content, self.nav
        if content.scripts:
            blay.addWidget(label("Scripts: what to say", "h2"))
            blay.addLayout(self._grid([
                self._tile(s.header.title, short(s.header.summary), badges_for(s.header),
                           lambda sid=sid: nav.open_script(sid), f"scriptTile-{sid}")
                for sid, s in content.scripts.items() if s.for_ != "officer"]))

        if content.signposts:
            blay.addWidget(label("Support services", "h2"))
            blay.addLayout(self._grid([self._tile(
                f"Support services ({len(content.signposts)})",
                "Who can help a child, a parent or carer, a professional, or someone worried "
                "about their own thoughts. Filter by who and by situation.", [],
                lambda: nav.open_signposts(), "signpostsTile")]))

        if content.checklists:
            blay.addWidget(label("Checklists", "h2"))
            blay.addLayout(self._grid([
                self._tile(c.header.title, short(c.header.summary), badges_for(c.header),
                           lambda cid=cid: nav.open_checklist(cid), f"checklistTile-{cid}")
                for cid, c in content.checklists.items()]))

        if content.talks:
            blay.addWidget(label("Prevention talks", "h2"))
            blay.addLayout(self._grid([
                self._tile(t.header.title, short(t.aim), badges_for(t.header),
                           lambda tid=tid: nav.open_talk(tid), f"talkTile-{tid}")
                for tid, t in content.talks.items()]))

        welfare_link(blay, content.scripts, nav.open_script)
        blay.addWidget(label(content_line(content, self.content_dir), "muted"))

    @staticmethod
    def _tile(title: str, summary: str, badges: list[tuple[str, str]], fn: Any,
              name: str) -> Tile:
        t = Tile(title, summary, badges, on_click=fn)
        t.setObjectName(name)
        return t

    @staticmethod
    def _grid(tiles: list[QWidget]) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(14)
        for n, t in enumerate(tiles):
            grid.addWidget(t, n // 2, n % 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        return grid

    # -- the case panel ----------------------------------------------------------------------
    def _case_panel(self) -> None:
        clear(self.case_box)
        s = self.session
        f, fl = frame("card", margins=18, spacing=10)
        self.case_box.addWidget(f)
        if s is not None and s.kept:
            fl.addWidget(label("OPEN CASE", "kicker"))
            fl.addWidget(label(s.title, "h2"))
            walked = s.walked()
            if walked:
                for gid in walked:
                    if gid not in self.content.guides:
                        continue
                    g = self.content.guides[gid]
                    state = _walk_state(s, gid)
                    fl.addWidget(button(f"{g.title}: {state}",
                                        lambda gid=gid: self.nav.open_guide(gid), "row",
                                        name=f"Continue guide {g.title}: {state}"))
            else:
                fl.addWidget(label("No guide walked yet: open one below.", "muted"))
            row = QHBoxLayout()
            exhibits = button("Exhibits and handover note", self.nav.open_exhibits, "primary")
            row.addWidget(exhibits)
            self._after_search(exhibits)
            close = button("Close this case", self._close_case,
                           name="Close this case (it stays saved; continue it later)")
            close.setObjectName("closeCase")
            row.addWidget(close)
            row.addStretch(1)
            fl.addLayout(row)
            return
        if s is not None:
            fl.addWidget(banner("You are in a quick look: nothing is kept when FieldKit "
                                "closes. Start a case to keep it: your answers so far go into "
                                "the case.", "banner-warn", "Quick look"))
        fl.addWidget(label("Start a case to record your answers, what you gave the family, "
                           "exhibits and notes, and to make the handover note. Or open any "
                           "guide below for a quick look (nothing recorded).", "lead"))
        row = QHBoxLayout()
        start = button("Start a case", self.nav.open_case_start, "primary",
                       name="Start a case, or continue an unfinished one")
        start.setObjectName("startCase")
        row.addWidget(start)
        self._after_search(start)
        if s is not None:
            row.addWidget(button("End the quick look", lambda: self.nav.set_session(None),
                                 name="End the quick look and forget its answers"))
        row.addStretch(1)
        fl.addLayout(row)
        self.unfinished = QVBoxLayout()
        fl.addLayout(self.unfinished)
        QTimer.singleShot(0, self._list_unfinished)  # the store is opened after first paint

    def _after_search(self, w: QWidget) -> None:
        """The case panel is one Tab from the search box, not after every tile (it is
        rebuilt, and new widgets join the end of the Tab order)."""
        def order() -> None:
            if shiboken6.isValid(w) and w.window() is self.search.window():
                QWidget.setTabOrder(self.search, w)

        QTimer.singleShot(0, self, order)

    def _list_unfinished(self) -> None:
        from fieldkit.cases.paths import default_db_path

        if self.nav.cases_locked():
            if default_db_path().exists():  # saved cases exist, but stay closed until asked
                b = button("Open saved cases (passphrase)", lambda: self.nav.ask_for_cases(),
                           "row", name="Open saved cases with your passphrase")
                b.setObjectName("openSavedCases")
                self.unfinished.addWidget(b)
            return
        # Only now the case modules: at start-up the store is closed, so the first paint
        # never waits for them (or for sqlite_utils).
        from fieldkit.ui.saved_cases import unfinished_cases

        try:
            cases = unfinished_cases(self.nav)
        except Exception as exc:  # the store's own message is plain words
            self.unfinished.addWidget(label(f"Saved cases cannot be listed: {exc}", "avoid"))
            return
        if not cases:
            return
        self.unfinished.addWidget(label("Continue a case", "h3"))
        for case_id, text in cases[:5]:
            b = button(f"Continue: {text}", lambda cid=case_id: self._continue(cid), "row",
                       name=f"Continue case {text}")
            b.setObjectName(f"continue-{case_id}")
            self.unfinished.addWidget(b)

    def _continue(self, case_id: str) -> None:
        from fieldkit.ui.saved_cases import open_case

        self.nav.set_session(open_case(self.nav.case_store(), self.content, case_id))
        self.nav.show_home()

    def _close_case(self) -> None:
        self.nav.set_session(None)
        self.nav.show_home()

    def refresh(self) -> None:
        self._below_the_guides()
        self._case_panel()

    def _search_index(self) -> SearchIndex:
        if self._index is None:
            from fieldkit.search import SearchIndex

            self._index = SearchIndex.build(self.content)
        return self._index

    # -- search ------------------------------------------------------------------------------
    def _results_list(self) -> QListWidget:
        """The results list, made at the first search: the first screen shows none, and PySide
        sets up its list classes (and their enums) only when the first is made."""
        if self.results is None:
            from PySide6.QtWidgets import QListWidget

            results = QListWidget()
            results.setObjectName("searchResults")
            results.setAccessibleName("Search results")
            results.setWordWrap(True)
            results.setMinimumHeight(520)
            results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            results.setSpacing(2)
            results.itemActivated.connect(self.open_hit)
            results.itemClicked.connect(self.open_hit)
            results.hide()
            self._column.insertWidget(self._column.indexOf(self.result_count) + 1, results)
            QWidget.setTabOrder(self.search, results)  # one Tab from the box, as it is below it
            self.results = results
        return self.results

    def _search(self, text: str) -> None:
        from PySide6.QtWidgets import QListWidgetItem

        text = text.strip()
        searching = bool(text)
        results = self._results_list()
        self.browse.setVisible(not searching)
        results.setVisible(searching)
        self.result_count.setVisible(searching)
        results.clear()
        if not searching:
            return
        hits = self._search_index().search(text)
        n = len(hits)
        self.result_count.setText(
            f"{n} result{'s' if n != 1 else ''} for \u201c{text}\u201d" if n else
            f"Nothing found for \u201c{text}\u201d. Try fewer or shorter words.")
        for hit in hits:
            item = QListWidgetItem(f"{short(hit.entry.text, 220)}\n"
                                   f"{KIND_WORDS.get(hit.entry.kind, '')} \u00b7 {hit.entry.where}")
            item.setData(Qt.ItemDataRole.UserRole, hit)
            item.setData(Qt.ItemDataRole.AccessibleTextRole,
                         f"{hit.entry.text}. {hit.entry.where}")
            results.addItem(item)

    def open_hit(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        hit: Hit = item.data(Qt.ItemDataRole.UserRole)
        e, nav = hit.entry, self.nav
        if e.kind == "guide":
            nav.open_guide(e.target[0])
        elif e.kind == "step":
            step = self.content.guides[e.target[0]].steps[e.target[1]]
            if step.kind == "outcome":
                nav.open_outcome_preview(*e.target)
            else:
                nav.open_guide(e.target[0])
        elif e.kind in ("script", "script-section", "script-line"):
            nav.open_script(e.target[0], e.target[1])
        elif e.kind == "signpost":
            nav.open_signposts(highlight=e.target[0])
        elif e.kind == "checklist-item":
            nav.open_checklist(e.target[0])
        elif e.kind == "talk":
            nav.open_talk(e.target[0])


def _walk_state(session: ScreenSession, guide_id: str) -> str:
    from fieldkit.guides.engine import WalkError

    walk = session.walk(guide_id)
    try:
        step = walk.current
    except WalkError:
        return "cannot go on"
    if step.kind == "outcome":
        if not walk.acted:
            return f"not confirmed yet, from earlier answers \u201c{step.title}\u201d"
        return f"outcome \u201c{step.title}\u201d"
    return f"in progress, {len(walk.answered)} answered"


def content_line(content: Any, content_dir: Any) -> str:
    """Which guidance is in use, so an officer or supervisor can say what they were shown."""
    from fieldkit.packs.install import installed_content

    line = f"Content: {content.title}, version {content.version}"
    found = installed_content()
    if found is not None and content_dir is not None and Path(content_dir) == found.dir:
        line += f" (installed pack, built {found.date.strftime('%d %b %Y')})"
    return line + "."
