"""The family leaflet: the services given, in plain words, on one page.

It carries nothing about the case: no names, no reference, no dates, no facts, no marking;
only the services' own details from the content, so it can be left with a family safely.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from fieldkit.cases.model import Case
from fieldkit.content.model import Content, Signpost
from fieldkit.diagnostics import FieldKitError
from fieldkit.handover.fonts import SANS
from fieldkit.handover.model import CONTACT_LABELS
from fieldkit.handover.pdfstyle import markup, styles

TITLE = "Help and support"
INTRO = ("A police officer gave you this sheet. These services can help you, your child or "
         "your family. You can contact them yourself, when you are ready.")


def services_given(case: Case, content: Content, given_to: str | None = None) -> list[Signpost]:
    """The services given in the case (to one person, with `given_to`), once each, in the order
    given (unknown ids left out: the leaflet never prints details it does not have)."""
    out: dict[str, Signpost] = {}
    for given in case.signposts:
        if given.withdrawn:  # recorded in error: never printed for the family
            continue
        if given_to is not None and given.given_to.strip().lower() != given_to.strip().lower():
            continue
        sp = content.signposts.get(given.signpost)
        if sp is not None and sp.id not in out:
            out[sp.id] = sp
    return list(out.values())


def leaflet_lines(services: list[Signpost]) -> list[tuple[str, str, str]]:
    """(style, text, aside) in order: the leaflet's whole text. `aside` is a contact's note,
    printed after it in normal weight."""
    lines = [("title", TITLE, ""), ("intro", INTRO, "")]
    for sp in services:
        lines.append(("name", sp.name, ""))
        if sp.what:
            lines.append(("body", sp.what, ""))
        for c in sp.contact:
            lines.append(("contact", f"{CONTACT_LABELS.get(c.kind, c.kind)}: {c.value}",
                          c.note))
        if sp.hours:
            lines.append(("body", f"When: {sp.hours}", ""))
    return lines


def recipients(case: Case) -> list[str]:
    """Who was given services, once each, in the order first given."""
    seen: dict[str, str] = {}
    for given in case.signposts:
        if given.withdrawn:
            continue
        key = given.given_to.strip().lower()
        if key and key not in seen:
            seen[key] = given.given_to.strip()
    return list(seen.values())


def render_leaflet(case: Case, content: Content, path: Path | BinaryIO,
                   given_to: str | None = None) -> None:
    services = services_given(case, content, given_to)
    if not services:
        whom = f" to '{given_to}'" if given_to else ""
        raise FieldKitError(f"no services from the content were given{whom} in this case, so "
                            "there is nothing to put on a leaflet")
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepInFrame, Paragraph, SimpleDocTemplate

    st = styles(base=12)
    look = {
        "title": ParagraphStyle("lt", parent=st["title"], fontSize=26, leading=32),
        "intro": ParagraphStyle("li", parent=st["body"], fontSize=13, leading=18,
                                spaceAfter=10),
        "name": ParagraphStyle("ln", parent=st["h1"], fontSize=15, leading=19,
                               spaceBefore=10),
        "body": st["body"],
        "contact": ParagraphStyle("lc", parent=st["bold"], fontSize=13, leading=17),
    }
    story = [Paragraph(markup(text) + (f"<font name='{SANS}'> ({markup(aside)})</font>"
                                       if aside else ""), look[kind])
             for kind, text, aside in leaflet_lines(services)]
    margin = 18 * mm
    frame_w, frame_h = A4[0] - 2 * margin, A4[1] - 2 * margin
    target = str(path) if isinstance(path, Path) else path
    doc = SimpleDocTemplate(target, pagesize=A4, leftMargin=margin, rightMargin=margin,
                            topMargin=margin, bottomMargin=margin, title=TITLE,
                            author="FieldKit", invariant=1)
    doc.build([KeepInFrame(frame_w, frame_h - 12, story, mode="shrink")])
