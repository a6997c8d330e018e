"""Paragraph styles and text escaping shared by the note, the labels and the leaflet."""

from __future__ import annotations

import re
from typing import Any
from xml.sax.saxutils import escape

from fieldkit.handover.fonts import SANS, SANS_BOLD, register_fonts

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SPACES = re.compile(r" {2,}")


def plain(text: str) -> str:
    """Officer's text as drawn: tabs as spaces, one kind of line break, no control codes."""
    return _CONTROL.sub("", text.replace("\t", "    ").replace("\r\n", "\n").replace("\r", "\n"))


def markup(text: str) -> str:
    """Officer's text made safe for a reportlab Paragraph, shown exactly as typed: markup
    characters escaped, line breaks kept, runs of spaces kept."""
    text = escape(plain(text))
    text = _SPACES.sub(lambda m: " " + "&nbsp;" * (len(m.group()) - 1), text)
    if text.startswith(" "):
        text = "&nbsp;" + text[1:]
    return text.replace("\n", "<br/>")


def styles(base: float = 9.5) -> dict[str, Any]:
    register_fonts()
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle("body", fontName=SANS, fontSize=base, leading=base * 1.32,
                          spaceAfter=3)
    bold = ParagraphStyle("bold", parent=body, fontName=SANS_BOLD)
    return {
        "body": body,
        "bold": bold,
        "title": ParagraphStyle("title", parent=bold, fontSize=base * 2, leading=base * 2.4,
                                spaceAfter=6),
        "h1": ParagraphStyle("h1", parent=bold, fontSize=base * 1.35, leading=base * 1.7,
                             spaceBefore=base * 1.2, spaceAfter=4, keepWithNext=1,
                             textColor=HexColor("#1a1a1a")),
        "about": ParagraphStyle("about", parent=body, keepWithNext=1),
        "h2": ParagraphStyle("h2", parent=bold, fontSize=base * 1.1, leading=base * 1.4,
                             spaceBefore=base * 0.7, spaceAfter=2, keepWithNext=1),
        "label": ParagraphStyle("label", parent=bold, spaceBefore=2, spaceAfter=1,
                                keepWithNext=1),
        "bullet": ParagraphStyle("bullet", parent=body, leftIndent=12, bulletIndent=2,
                                 bulletFontName=SANS,
                                 spaceAfter=1.5),
        "source": ParagraphStyle("source", parent=body, fontSize=base * 0.82,
                                 leading=base * 1.05, leftIndent=12, bulletIndent=2,
                                 bulletFontName=SANS, bulletFontSize=base * 0.82,
                                 spaceAfter=1),
        "cell": ParagraphStyle("cell", parent=body, fontSize=base * 0.85,
                               leading=base * 1.1, spaceAfter=0),
        "cellbold": ParagraphStyle("cellbold", parent=body, fontName=SANS_BOLD,
                                   fontSize=base * 0.85, leading=base * 1.1, spaceAfter=0),
        "verbatim": ParagraphStyle("verbatim", parent=body, spaceAfter=0),
        "small": ParagraphStyle("small", parent=body, fontSize=base * 0.8, leading=base),
    }


def fit(text: str, font: str, size: float, width: float) -> str:
    """The text, cut with an ellipsis where it would overrun a fixed-width line."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"
