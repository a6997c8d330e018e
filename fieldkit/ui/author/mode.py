"""Author mode: a window for the specialists who write the guidance.

It watches the content folder and reloads within a second of a save; lists the checker's
problems (pick one to see the file, line and offending text); walks any guide from any step
with every decision fact settable directly, keeping the walk across reloads; and draws the
guide as a tree. Open it with `fieldkit app --content DIR --author` (the app calls
`open_author`), or on its own with `AuthorWindow(DIR)`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QFileSystemWatcher, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fieldkit.authoring.graph import guide_layout
from fieldkit.authoring.loading import AuthorView, load_for_authoring
from fieldkit.authoring.walkstate import WalkState, carry_walk, start_walk
from fieldkit.content.loader import KINDS
from fieldkit.ui.author.graph import GuideGraphView
from fieldkit.ui.author.problems import ProblemsPanel, SourceView
from fieldkit.ui.author.walk import WalkPanel
from fieldkit.ui.widgets.basic import plain_label

DEBOUNCE_MS = 250  # editors save in bursts (write, rename, touch): reload once, soon after


class AuthorWindow(QMainWindow):
    """`reloaded()` after every reload of the content folder."""

    reloaded = Signal()

    def __init__(self, content_dir: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.content_dir = Path(content_dir)
        self.setWindowTitle(f"FieldKit author mode: {self.content_dir}")
        self.view: AuthorView | None = None
        self.guide_id: str = ""
        self.reload_count = 0

        self.guides = QListWidget()
        self.guides.setObjectName("author-guides")
        self.guides.setAccessibleName("Guides")
        self.guides.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.guides.currentTextChanged.connect(self.choose_guide)
        self.problems = ProblemsPanel()
        self.problems.chosen.connect(self.show_problem)
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.addWidget(QLabel("Guides"))
        ll.addWidget(self.guides, 1)
        ll.addWidget(QLabel("Problems"))
        ll.addWidget(self.problems, 2)

        self.walk_panel = WalkPanel()
        self.walk_panel.changed.connect(self._walk_moved)
        self.graph = GuideGraphView()
        self.graph.step_activated.connect(self.walk_from)
        graph_page = QWidget()
        gl = QVBoxLayout(graph_page)
        gl.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        hint = QLabel("Double-click a step to walk the guide from it. Ctrl+wheel zooms.")
        hint.setWordWrap(True)
        gl.addWidget(hint)
        self.fit_button = fit = QPushButton("Fit to window")
        fit.clicked.connect(self.graph.fit)
        bar.addWidget(fit)
        bar.addStretch(1)
        gl.addLayout(bar)
        gl.addWidget(self.graph, 1)
        self.source = SourceView()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("author-tabs")
        self.tabs.addTab(graph_page, "Tree")
        self.tabs.addTab(self.source, "File")

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.tabs)
        walk_area = QScrollArea()  # a short screen scrolls the walk rather than clip it
        walk_area.setWidgetResizable(True)
        walk_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        walk_area.setWidget(self.walk_panel)
        split.addWidget(walk_area)
        split.setSizes([330, 760, 380])
        # Resizable by dragging, never below a width that keeps names and buttons whole.
        split.setChildrenCollapsible(False)
        split.setObjectName("author-split")
        self.split = split
        self.panes = (left, self.tabs, walk_area)
        self.setCentralWidget(split)
        self.status = plain_label("", "author-status")
        self.statusBar().addWidget(self.status, 1)
        self.resize(1480, 900)

        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._changed)
        self.watcher.directoryChanged.connect(self._changed)
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self.reload)
        self.reload()

    def fit_columns(self) -> None:
        """Minimum column widths in the current text size: guide names, the tree's buttons,
        and the walk panel's longest fact name stay whole."""
        self.ensurePolished()  # the stylesheet's text size, even before the first show
        em = self.fontMetrics().horizontalAdvance("m")
        left, tabs, walk_area = self.panes
        names = [self.guides.item(i).text() for i in range(self.guides.count())]
        widest = max((self.guides.fontMetrics().horizontalAdvance(n) for n in names),
                     default=0)
        pad = 64  # item padding, list border, column margins
        left.setMinimumWidth(max(8 * em, widest + pad
                                 + self.guides.verticalScrollBar().sizeHint().width()))
        tabs.setMinimumWidth(max(8 * em, self.fit_button.sizeHint().width() + 16))
        walk_area.setMinimumWidth(self.walk_panel.minimumSizeHint().width()
                                  + walk_area.verticalScrollBar().sizeHint().width() + 4)

    # -- watching --------------------------------------------------------------------------

    def _watch(self) -> None:
        """Watch the folder, its kind folders and every file (editors that save by renaming
        drop the old file from the watch list, so the list is rebuilt on each reload)."""
        paths = [self.content_dir] + [self.content_dir / k for k in (*KINDS, "facts")]
        files = sorted(self.content_dir.glob("*.yaml")) + sorted(
            self.content_dir.glob("*/*.yaml"))
        wanted = {str(p) for p in paths + files if p.exists()}
        current = set(self.watcher.files()) | set(self.watcher.directories())
        stale = current - wanted
        if stale:
            self.watcher.removePaths(sorted(stale))
        new = sorted(wanted - current)
        if new:
            self.watcher.addPaths(new)

    def _changed(self, _path: str) -> None:
        self.debounce.start()

    # -- loading ---------------------------------------------------------------------------

    def reload(self) -> None:
        state = WalkState.of(self.walk_panel.walk) if self.walk_panel.walk else None
        self.view = load_for_authoring(self.content_dir)
        self.reload_count += 1
        self._watch()
        content = self.view.content
        self.problems.show_report(content.report.items, str(self.content_dir), content.folded,
                                  set(content.unreadable))
        ids = sorted(self.view.guides)
        self.guides.blockSignals(True)
        self.guides.clear()
        for gid in ids:
            self.guides.addItem(gid)
            if self.view.refused(gid):
                item = self.guides.item(self.guides.count() - 1)
                item.setToolTip("this guide has checker errors: officers would not see it")
                item.setForeground(Qt.GlobalColor.darkRed)
        if self.guide_id not in self.view.guides:
            self.guide_id = ids[0] if ids else ""
        if self.guide_id:
            self.guides.setCurrentRow(ids.index(self.guide_id))
        self.guides.blockSignals(False)
        notes: list[str] = []
        walk = None
        if state is not None and state.guide == self.guide_id:
            walk, notes = carry_walk(state, self.view.guides, content.facts)
        elif self.guide_id:
            walk = start_walk(self.view.guides[self.guide_id], content.facts)
        self.graph.show_layout(guide_layout(self.view.guides[self.guide_id])
                               if self.guide_id else None)
        self.walk_panel.set_walk(walk, content.facts, notes)
        e, w = len(content.report.errors), len(content.report.warnings)
        self.status.setText(f"Reloaded {content.title} {content.version}: {len(ids)} guides, "
                            f"{e} errors, {w} warnings")
        if self.source.path:
            self.source.show_file(self.source.path, self.source.line)
        self.fit_columns()
        self.reloaded.emit()

    def choose_guide(self, guide_id: str) -> None:
        if not guide_id or self.view is None or guide_id not in self.view.guides:
            return
        if guide_id == self.guide_id and self.walk_panel.walk is not None:
            return
        self.guide_id = guide_id
        guide = self.view.guides[guide_id]
        self.graph.show_layout(guide_layout(guide))
        self.walk_panel.set_walk(start_walk(guide, self.view.content.facts),
                                 self.view.content.facts)
        self.fit_columns()

    def walk_from(self, step_id: str) -> None:
        self.walk_panel.restart(step_id)
        self.walk_panel.start_box.setCurrentText(step_id)

    def show_problem(self, diagnostic: Any) -> None:
        self.source.show_problem(diagnostic)
        self.tabs.setCurrentWidget(self.source)

    def _walk_moved(self) -> None:
        route, current = self.walk_panel.route()
        self.graph.highlight(route, current)


def open_author(win: Any, content_dir: Path) -> AuthorWindow:
    """Called by the app (`fieldkit app --author`): open author mode beside the main window."""
    author = AuthorWindow(Path(content_dir))
    if win is not None:
        win.author_window = author  # keep it alive as long as the app's window
    author.show()
    return author
