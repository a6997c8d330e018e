"""Where the guidance is still in doubt, and who signed it off: the open points shown in
place, and the header every page of guidance opens with (version line, draft or out-of-date
banners, summary).

A step (or script section, or checklist item) named by an open point carries a small
"Unconfirmed" marker with the point in plain words; steps no point names carry none. The
guide-wide draft banner becomes a count of the points that opens the list, and approved
guidance says who approved it and when. Also the way to the officer-welfare card, which every
outcome and the home screen offer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QBoxLayout, QFrame, QHBoxLayout, QVBoxLayout, QWidget

from fieldkit.content.model import Header, OpenPoint, Source
from fieldkit.ui.widgets.basic import (
    banner,
    button,
    fmt_date,
    frame,
    header_line,
    label,
    summary_block,
)

WELFARE_SCRIPT = "after-the-scene"


def _sources(point: OpenPoint, sources: dict[str, Source]) -> str:
    return "; ".join(sources[s].title for s in point.source if s in sources)


def unconfirmed_marker(points: list[OpenPoint]) -> QWidget | None:
    """The small marker for one step: a chip, then each point's claim in plain words."""
    if not points:
        return None
    w = QWidget()
    w.setObjectName("unconfirmedMarker")
    row = QHBoxLayout(w)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(10)
    chip = label("\u26a0 Unconfirmed", "badge-draft", wrap=False)
    chip.setObjectName("unconfirmedChip")
    row.addWidget(chip, 0, Qt.AlignmentFlag.AlignTop)
    col = QVBoxLayout()
    col.setSpacing(2)
    for p in points:
        claim = label(p.claim, "muted", selectable=True)
        claim.setObjectName("unconfirmedClaim")
        col.addWidget(claim)
    row.addLayout(col, 1)
    words = " ".join(p.claim for p in points)
    w.setAccessibleName(f"Unconfirmed: {words}")
    w.setToolTip("A specialist has still to check this against its source. Check your force "
                 "policy where it matters.")
    return w


def add_unconfirmed(layout: QBoxLayout, header: Header, target: str) -> None:
    """Add the marker for `target` (a step, section or item id) to a layout, if any point
    names it."""
    marker = unconfirmed_marker(header.points_on(target))
    if marker is not None:
        layout.addWidget(marker)


def points_banner(h: Header) -> QFrame:
    """The draft banner as a count ("2 points unconfirmed") that opens the list of points."""
    n = len(h.open_points)
    f, lay = frame("banner-warn", margins=12, spacing=6)
    f.setObjectName("openPointsBanner")
    head = QHBoxLayout()
    head.setSpacing(10)
    head.addWidget(label("Draft guidance.", "h3", wrap=False), 0)
    count = f"{n} point{'s' if n != 1 else ''} unconfirmed"
    toggle = button(count, role="link",
                    name=f"{count}: show what a specialist has still to check")
    toggle.setCheckable(True)
    toggle.setObjectName("openPointsButton")
    head.addWidget(toggle, 0)
    head.addStretch(1)
    lay.addLayout(head)
    lay.addWidget(label("Steps they touch are marked \u201cUnconfirmed\u201d. Where it matters, "
                        "check your force policy."))
    listing = QWidget()
    listing.setObjectName("openPointsList")
    ll = QVBoxLayout(listing)
    ll.setContentsMargins(0, 4, 0, 0)
    ll.setSpacing(6)
    for p in h.open_points:
        ll.addWidget(label(f"\u2022 {p.claim}", selectable=True))
        where = p.check or _sources(p, h.sources)
        if where:
            ll.addWidget(label(f"    To check: {where}", "source", selectable=True))
    listing.hide()
    toggle.toggled.connect(listing.setVisible)
    lay.addWidget(listing)
    f.setAccessibleName(f"Draft guidance: {count}")
    return f


def approved_banner(h: Header) -> QFrame:
    """Where the draft banner was: who approved this guidance, and when."""
    text = f"Approved by {h.approved_by} on {fmt_date(h.approved_on)}."
    f, lay = frame("banner-info", margins=12, spacing=4)
    f.setObjectName("approvedBanner")
    lay.addWidget(label(text))
    f.setAccessibleName(text)
    return f


def welfare_link(layout: QBoxLayout, scripts: dict[str, object],
                 open_script: Callable[[str], object]) -> None:
    """The way to 'After the scene: looking after yourself', when the content has it."""
    if WELFARE_SCRIPT not in scripts:
        return
    f, fl = frame("card", margins=16, spacing=6)
    f.setObjectName("welfareCard")
    fl.addWidget(label("After the scene", "h2"))
    fl.addWidget(label("This work can affect anyone. Asking for help is normal.", "muted"))
    b = button("After the scene: looking after yourself",
               lambda: open_script(WELFARE_SCRIPT), "link",
               name="After the scene: looking after yourself")
    b.setObjectName("welfareLink")
    fl.addWidget(b, 0, Qt.AlignmentFlag.AlignLeft)
    layout.addWidget(f)

def trust_banners(h: Header, today: date | None = None) -> list[QFrame]:
    """The banners a guide, script or checklist carries when it is a draft or out of date."""
    out: list[QFrame] = []
    if h.status == "draft" and h.open_points:
        out.append(points_banner(h))
    elif h.status == "draft":
        out.append(banner(
            "Not yet approved by a specialist: some points are unconfirmed. Where the text says "
            "so, check your force policy.", "banner-warn", "Draft guidance"))
    elif h.status == "approved" and h.approved_by:
        out.append(approved_banner(h))
    elif h.status == "withdrawn":
        out.append(banner("This guidance has been withdrawn. Do not rely on it; ask your "
                          "supervisor or the online CSA team.", "banner-danger", "Withdrawn"))
    if h.overdue(today):
        out.append(banner(
            f"Its review was due on {fmt_date(h.review_due)}. It may be out of date: check with "
            "your supervisor or the online CSA team before relying on it.", "banner-warn",
            "Due for review"))
    return out


def add_header(lay: QBoxLayout, h: Header, line: str | None = None,
               summary: bool = True) -> None:
    """What opens every page of guidance under its title: the version line (`line` in its
    place when given), the draft or out-of-date banners, and the summary when it has one."""
    lay.addWidget(label(header_line(h) if line is None else line, "muted"))
    for b in trust_banners(h):
        lay.addWidget(b)
    if summary and h.summary:
        lay.addWidget(summary_block(h.summary))
