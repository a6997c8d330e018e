"""An outcome: what to do now and what not to do (each with its source), then the scripts,
services and checklists that go with it, and the guides worth walking next.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from fieldkit.content.model import Content, Guide, Line, Step
from fieldkit.ui.widgets.basic import Tile, banner, button, frame, label, source_label
from fieldkit.ui.widgets.unconfirmed import welfare_link

if TYPE_CHECKING:
    from fieldkit.ui.navigator import Navigator
    from fieldkit.ui.sessions import ScreenSession


def _lines(title: str, lines: list[Line], role: str, mark: str, guide: Guide) -> QWidget:
    f, lay = frame("card-do" if role == "do" else "card-dont", margins=16, spacing=10)
    lay.addWidget(label(title, "h2"))
    for ln in lines:
        row = QHBoxLayout()
        row.setSpacing(12)
        m = label(mark, "mark-do" if role == "do" else "mark-dont", wrap=False)
        m.setAlignment(Qt.AlignmentFlag.AlignTop)
        m.setAccessibleName("Do" if role == "do" else "Do not")
        row.addWidget(m, 0, Qt.AlignmentFlag.AlignTop)
        col = QVBoxLayout()
        col.setSpacing(2)
        col.addWidget(label(ln.text, role, selectable=True))
        src = source_label(ln.cite, guide.header.sources)
        if src is not None:
            col.addWidget(src)
        row.addLayout(col, 1)
        lay.addLayout(row)
    return f


class OutcomeView(QWidget):
    """Built for one outcome step of one guide; `preview` when opened from search, unwalked."""

    def __init__(self, nav: Navigator, session: ScreenSession | None, content: Content,
                 guide: Guide, step: Step, preview: bool = False):
        super().__init__()
        self.nav, self.session, self.content = nav, session, content
        self.guide, self.step = guide, step
        win = nav
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(14)
        if preview:
            b, blay = frame("banner-warn", margins=12)
            blay.addWidget(label("You opened this outcome from search without walking the "
                                 "guide. Walk the guide to check it applies here.", "lead"))
            blay.addWidget(button("Walk this guide from the start",
                                  lambda: win.open_guide(guide.id), "primary"))
            lay.addWidget(b)

        head, hl = frame("outcome-head", margins=18, spacing=6)
        hl.addWidget(label("OUTCOME", "kicker"))
        title = label(step.title, "h1")
        title.setObjectName("outcomeTitle")
        hl.addWidget(title)
        hl.addWidget(label(step.say, "lead", selectable=True))
        src = source_label(step.cite, guide.header.sources)
        if src is not None:
            hl.addWidget(src)
        lay.addWidget(head)

        if step.do:
            lay.addWidget(_lines("Do now", step.do, "do", "\u2713", guide))
        if step.dont:
            lay.addWidget(_lines("Do not", step.dont, "dont", "\u2715", guide))

        lost = content.lost_links.get((guide.id, step.id), [])
        if lost:  # the guide stays usable; the officer is told what is missing and why
            lay.addWidget(banner(
                "This outcome also points to " + "; ".join(lost) + ". It is not shown "
                "because its content did not load: tell the content owner, and use your "
                "force's own guidance for it.", "banner-warn", "Link missing"))

        links = self._links()
        if links is not None:
            lay.addWidget(links)

        then = [g for g in step.then if g in content.guides]
        if then:
            f, fl = frame("card", margins=16, spacing=8)
            fl.addWidget(label("Walk next", "h2"))
            fl.addWidget(label("Answers you have already given carry over; you will only be "
                               "asked what is new.", "muted"))
            for gid in then:
                g = content.guides[gid]
                b = button(f"Walk next: {g.title}", lambda gid=gid: win.open_guide(gid),
                           "primary", name=f"Walk next: {g.title}", wrap=True)
                b.setObjectName(f"then-{gid}")
                fl.addWidget(b)
            lay.addWidget(f)
        welfare_link(lay, content.scripts, win.open_script)

    def _links(self) -> QWidget | None:
        content, step, win = self.content, self.step, self.nav
        scripts = [s for s in step.scripts if s in content.scripts]
        signposts = [s for s in step.signposts if s in content.signposts]
        checklists = [c for c in step.checklists if c in content.checklists]
        if not (scripts or signposts or checklists):
            return None
        f, fl = frame("card", margins=16, spacing=10)
        fl.addWidget(label("Use these", "h2"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(12)
        tiles: list[QWidget] = []
        for sid in scripts:
            s = content.scripts[sid]
            t = Tile(f"Script: {s.header.title}", _for_words(s.for_),
                     on_click=lambda sid=sid: win.open_script(sid))
            t.setObjectName(f"script-{sid}")
            tiles.append(t)
        if signposts:
            names = ", ".join(content.signposts[s].name for s in signposts)
            t = Tile(f"Support services ({len(signposts)})", names,
                     on_click=lambda: win.open_signposts(only=signposts))
            t.setObjectName("signposts-link")
            tiles.append(t)
        for cid in checklists:
            c = content.checklists[cid]
            done = len(self.session.ticked(cid)) if self.session is not None else 0
            t = Tile(f"Checklist: {c.header.title}", f"{done} of {len(c.items)} ticked",
                     on_click=lambda cid=cid: win.open_checklist(cid))
            t.setObjectName(f"checklist-{cid}")
            tiles.append(t)
        for n, t in enumerate(tiles):
            grid.addWidget(t, n // 2, n % 2)
        fl.addLayout(grid)
        return f


def _for_words(who: str) -> str:
    return {
        "child": "For speaking to a child",
        "young-person": "For speaking to a young person",
        "parent": "For speaking to a parent or carer",
        "professional": "For speaking to a professional",
        "adult": "For speaking to an adult",
        "suspect": "For speaking to a suspect",
        "family": "For speaking to the family",
        "officer": "For you, the officer",
    }.get(who, "")
