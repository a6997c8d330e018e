"""The handover note as a PDF: DejaVu Sans embedded, text only (never an image), every page
marked OFFICIAL-SENSITIVE with the case reference and "Page x of y"."""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from fieldkit.cases.times import parse_time
from fieldkit.handover.blocks import BULLET, Block, note_blocks
from fieldkit.handover.fonts import SANS, SANS_BOLD, stamp
from fieldkit.handover.model import MARKING, HandoverNote
from fieldkit.handover.pdfstyle import fit as _fit
from fieldkit.handover.pdfstyle import markup, styles

MARGIN_MM = 18


def furniture(reference: str, page: int, pages: int) -> list[str]:
    """The text drawn on every page, in drawing order (after the page's body)."""
    return [MARKING, f"Case reference: {reference}", f"Page {page} of {pages}", MARKING]


def render_pdf(note: HandoverNote, path: Path | BinaryIO) -> None:
    """Write the note's PDF to `path` (the caller makes the write atomic)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    st = styles()
    width = A4[0] - 2 * MARGIN_MM * mm
    story = _story(note_blocks(note), st, width)
    target = str(path) if isinstance(path, Path) else path
    doc = SimpleDocTemplate(
        target, pagesize=A4, leftMargin=MARGIN_MM * mm, rightMargin=MARGIN_MM * mm,
        topMargin=20 * mm, bottomMargin=22 * mm, title="Handover note", author="FieldKit",
        subject=MARKING, creator="FieldKit", invariant=1)
    doc.build(story, canvasmaker=_canvas_class(note.reference or "not recorded",
                                               parse_time(note.generated)))


def _story(blocks: list[Block], st: dict[str, Any], width: float) -> list[Any]:
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    grid = HexColor("#9a9a9a")
    story: list[Any] = []
    for block in blocks:
        k = block.kind
        if k in ("title", "h1", "about", "h2", "label"):
            text = markup(block.text)
            story.append(Paragraph(f"<strike>{text}</strike>" if block.struck else text, st[k]))
        elif k == "p":
            story.append(Paragraph(markup(block.text), st["body"]))
        elif k in ("bullet", "source"):
            story.append(Paragraph(markup(block.text), st[k], bulletText=BULLET))
        elif k == "verbatim":
            for line in block.text.split("\n"):
                story.append(Paragraph(markup(line), st["verbatim"]) if line.strip()
                             else Spacer(1, st["verbatim"].leading * 0.6))
        elif k == "meta":
            rows = [[Paragraph(markup(a), st["cellbold"]), Paragraph(markup(b), st["cell"])]
                    for a, b in block.rows]
            t = Table(rows, colWidths=[0.27 * width, 0.73 * width], hAlign="LEFT")
            t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LINEBELOW", (0, 0), (-1, -1), 0.3, grid),
                                   ("TOPPADDING", (0, 0), (-1, -1), 2),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
            story += [t, Spacer(1, 4)]
        elif k == "table":
            header, *body = block.rows
            rows = [[Paragraph(markup(c), st["cellbold"]) for c in header]]
            rows += [[Paragraph(f"<strike>{markup(c)}</strike>" if n in block.struck
                                else markup(c), st["cell"]) for c in row]
                     for n, row in enumerate(body, start=1)]  # withdrawn rows struck through
            t = Table(rows, colWidths=[w * width for w in block.widths], repeatRows=1,
                      hAlign="LEFT")
            t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("GRID", (0, 0), (-1, -1), 0.4, grid),
                                   ("BACKGROUND", (0, 0), (-1, 0), HexColor("#e6e6e6")),
                                   ("TOPPADDING", (0, 0), (-1, -1), 2),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
            story += [t, Spacer(1, 4)]
        else:
            raise ValueError(f"unknown block kind {k!r}")
    return story


def _canvas_class(reference: str, generated: Any) -> type:
    """A canvas that holds pages back until the end, so each can say "Page x of y"."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    class NoteCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any):
            super().__init__(*args, **kwargs)
            stamp(self, generated)
            self._held: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            for number, state in enumerate(self._held, 1):
                self.__dict__.update(state)
                self._furniture(number, total)
                Canvas.showPage(self)
            Canvas.save(self)

        def _furniture(self, page: int, pages: int) -> None:
            top, ref_line, page_line, bottom = furniture(reference, page, pages)
            w, h = A4
            left, right = MARGIN_MM * mm, w - MARGIN_MM * mm
            self.saveState()
            self.setFont(SANS_BOLD, 10)
            self.drawCentredString(w / 2, h - 11 * mm, top)
            self.setLineWidth(0.4)
            self.line(left, h - 13.5 * mm, right, h - 13.5 * mm)
            self.line(left, 17 * mm, right, 17 * mm)
            self.setFont(SANS, 8)
            self.drawString(left, 13 * mm, _fit(ref_line, SANS, 8, (right - left) * 0.7))
            self.drawRightString(right, 13 * mm, page_line)
            self.setFont(SANS_BOLD, 10)
            self.drawCentredString(w / 2, 7 * mm, bottom)
            self.restoreState()

    return NoteCanvas

