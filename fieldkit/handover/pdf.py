"""The handover note as a PDF: DejaVu Sans embedded, text only (never an image), every page
marked OFFICIAL-SENSITIVE with the case reference and "Page x of y"."""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from fieldkit.cases.times import parse_time
from fieldkit.handover.blocks import BULLET, Block, note_blocks
from fieldkit.handover.fonts import SANS, SANS_BOLD, stamp
from fieldkit.handover.model import MARKING, HandoverNote
from fieldkit.handover.pdfa import make_archival
from fieldkit.handover.pdfstyle import fit as _fit
from fieldkit.handover.pdfstyle import markup, plain, styles
from fieldkit.handover.pdftext import (
    MISSING_NOTE,
    display_lines,
    drawable,
    lines_flowable,
    needs_lines,
)

MARGIN_MM = 18


def furniture(reference: str, page: int, pages: int) -> list[str]:
    """The text drawn on every page, in drawing order (after the page's body)."""
    return [MARKING, f"Case reference: {reference}", f"Page {page} of {pages}", MARKING]


def render_pdf(note: HandoverNote, path: Path | BinaryIO) -> None:
    """Write the note's PDF/A-2b to `path` (the caller makes the write atomic)."""
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


class _Text:
    """Officer text into flowables: any length, right-to-left, missing characters marked."""

    def __init__(self) -> None:
        self.missing = False

    def __call__(self, text: str, style: Any, width: float, struck: bool = False,
                 **kw: Any) -> list[Any]:
        from reportlab.platypus import Paragraph

        d = drawable(plain(text), style.fontName)
        self.missing |= d.missing
        if not needs_lines(d.text):
            shown = markup(d.text)
            return [Paragraph(f"<strike>{shown}</strike>" if struck else shown, style, **kw)]
        lines, rtl = display_lines(d.text, style.fontName, style.fontSize,
                                   width - style.leftIndent - style.rightIndent)
        return [lines_flowable(lines, style, rtl, kw.get("bulletText", ""))]

    def cell(self, text: str, style: Any, width: float, struck: bool = False) -> list[Any]:
        """A list, always: reportlab splits a table row across pages only through cells
        that hold lists of flowables."""
        return self(text, style, width - 2 * CELL_PAD, struck)


CELL_PAD = 6  # reportlab's default left and right cell padding, in points


def _story(blocks: list[Block], st: dict[str, Any], width: float) -> list[Any]:
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    grid = HexColor("#9a9a9a")
    text = _Text()
    story: list[Any] = []
    for block in blocks:
        k = block.kind
        if k in ("title", "h1", "about", "h2", "label"):
            story += text(block.text, st[k], width, struck=bool(block.struck))
        elif k == "p":
            story += text(block.text, st["body"], width)
        elif k in ("bullet", "source"):
            story += text(block.text, st[k], width, bulletText=BULLET)
        elif k == "verbatim":
            if needs_lines(block.text):
                story += text(block.text, st["verbatim"], width)
                continue
            for line in block.text.split("\n"):
                story += (text(line, st["verbatim"], width) if line.strip()
                          else [Spacer(1, st["verbatim"].leading * 0.6)])
        elif k == "meta":
            widths = [0.27 * width, 0.73 * width]
            rows = [[text.cell(a, st["cellbold"], widths[0]), text.cell(b, st["cell"], widths[1])]
                    for a, b in block.rows]
            t = Table(rows, colWidths=widths, hAlign="LEFT", splitInRow=1)
            t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("FONTNAME", (0, 0), (-1, -1), SANS),
                                   ("LINEBELOW", (0, 0), (-1, -1), 0.3, grid),
                                   ("TOPPADDING", (0, 0), (-1, -1), 2),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
            story += [t, Spacer(1, 4)]
        elif k == "table":
            header, *body = block.rows
            widths = [w * width for w in block.widths]
            rows = [[text.cell(c, st["cellbold"], w) for c, w in zip(header, widths, strict=True)]]
            rows += [[text.cell(c, st["cell"], w, struck=n in block.struck)
                      for c, w in zip(row, widths, strict=True)]
                     for n, row in enumerate(body, start=1)]  # withdrawn rows struck through
            t = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT", splitInRow=1)
            t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("FONTNAME", (0, 0), (-1, -1), SANS),
                                   ("GRID", (0, 0), (-1, -1), 0.4, grid),
                                   ("BACKGROUND", (0, 0), (-1, 0), HexColor("#e6e6e6")),
                                   ("TOPPADDING", (0, 0), (-1, -1), 2),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
            story += [t, Spacer(1, 4)]
        else:
            raise ValueError(f"unknown block kind {k!r}")
    if text.missing:  # said once, under the title
        story.insert(1, Paragraph(markup(MISSING_NOTE), st["bold"]))
    return story


def _canvas_class(reference: str, generated: Any) -> type:
    """A canvas that holds pages back until the end, so each can say "Page x of y"."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen.canvas import Canvas

    class NoteCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any):
            # the page preamble selects the initial font: make it the embedded one, so no
            # page refers to Helvetica (PDF/A wants every font used embedded)
            kwargs["initialFontName"] = SANS
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
            make_archival(self)
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

