"""DejaVu Sans for every PDF FieldKit writes: it has the letters officers type (ŵ ŷ, accents,
£, dashes), and embedding it means the PDF reads the same on any computer."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from fieldkit.content.locate import shipped_file
from fieldkit.diagnostics import FieldKitError

SANS = "FieldKitSans"
SANS_BOLD = "FieldKitSans-Bold"
_registered = False


def register_fonts() -> None:
    """Register DejaVu Sans with reportlab once; a plain error if the shipped fonts are gone."""
    global _registered
    if _registered:
        return
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    regular = shipped_file("fonts", "DejaVuSans.ttf")
    bold = shipped_file("fonts", "DejaVuSans-Bold.ttf")
    for path in (regular, bold):
        if not path.is_file():
            raise FieldKitError(f"the PDF font is missing: {path}. Reinstall FieldKit.")
    pdfmetrics.registerFont(TTFont(SANS, str(regular)))
    pdfmetrics.registerFont(TTFont(SANS_BOLD, str(bold)))
    # <b> inside a paragraph picks the bold face; there is no italic face shipped.
    pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD, italic=SANS,
                                  boldItalic=SANS_BOLD)
    addMapping(SANS, 0, 0, SANS)
    addMapping(SANS, 1, 0, SANS_BOLD)
    _registered = True


def stamp(canvas: Any, when: datetime | None) -> None:
    """Give an invariant canvas the note's own time as its creation date, so the same note
    always makes the same bytes and the PDF's date is the note's."""
    if when is None:
        return
    ts = canvas._doc._timeStamp
    ts.t = when.timestamp()
    ts.lt = time.gmtime(ts.t)
    ts.YMDhms = tuple(ts.lt)[:6]
