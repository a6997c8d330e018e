"""A guide's layout written as PDF with reportlab (imported only when a PDF is asked for)."""

from __future__ import annotations

from pathlib import Path

from fieldkit.authoring.graph import (
    BODY_SIZE,
    DEAD_END_COLOUR,
    LABEL_SIZE,
    LEGEND_Y,
    LINE,
    PAD,
    PROBLEM_COLOUR,
    TAG_SIZE,
    TITLE_SIZE,
    GuideLayout,
    arrow_head,
    legend_items,
    meta_line,
    problems_line,
)
from fieldkit.authoring.render_svg import BACK_EDGE, BADGE_COLOURS, DEFAULT_EDGE, EDGE
from fieldkit.authoring.textfit import text_width
from fieldkit.pdf.fonts import SANS, SANS_BOLD, register_fonts


def write_layout_pdf(layout: GuideLayout, path: Path) -> None:
    from reportlab.lib.colors import HexColor
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen.canvas import Canvas

    register_fonts()

    W, H = layout.width, layout.height
    c = Canvas(str(path), pagesize=(W, H), pageCompression=1, initialFontName=SANS)
    c.setTitle(f"{layout.title} ({layout.guide} {layout.version})")
    c.setCreator("FieldKit")

    def y(v: float) -> float:
        return H - v

    def text(x: float, top: float, s: str, size: float, colour: str = "#1c2833",
             bold: bool = False, centre: bool = False) -> None:
        # The layout measured the line in Helvetica widths; DejaVu (embedded, with Welsh
        # ŵ and ŷ) runs a little wider, so it is narrowed to the room the layout gave it.
        font = SANS_BOLD if bold else SANS
        drawn = stringWidth(s, font, size)
        room = text_width(s, size, bold=bold)
        scale = min(100.0, 100.0 * room / drawn) if drawn else 100.0
        c.setFillColor(HexColor(colour))
        line = c.beginText(x - drawn * scale / 200 if centre else x, y(top))
        line.setFont(font, size)
        line.setHorizScale(scale)
        line.textOut(s)
        c.drawText(line)

    text(24, 26, layout.title, 15, bold=True)
    meta = meta_line(layout)
    text(24, 43, meta, 10, "#5d6d7e")
    if layout.problems:
        text(24 + text_width(meta, 10) + 16, 43, problems_line(layout), 10, PROBLEM_COLOUR,
             bold=True)
    for x, code, fill, stroke in legend_items(layout):
        c.setFillColor(HexColor(fill))
        c.setStrokeColor(HexColor(stroke))
        c.setLineWidth(1.5)
        c.roundRect(24 + x, y(LEGEND_Y + 12), 16, 12, 2, stroke=1, fill=1)
        text(24 + x + 22, LEGEND_Y + 10, code, 9.0)

    for arrow in layout.arrows:
        if not arrow.curves:
            continue
        colour = HexColor(BACK_EDGE if arrow.back else DEFAULT_EDGE if arrow.default else EDGE)
        c.setStrokeColor(colour)
        c.setFillColor(colour)
        c.setLineWidth(1.3)
        c.setDash(5, 3) if arrow.back else c.setDash()
        p = c.beginPath()
        p.moveTo(arrow.curves[0][0][0], y(arrow.curves[0][0][1]))
        for _, c1, c2, end in arrow.curves:
            p.curveTo(c1[0], y(c1[1]), c2[0], y(c2[1]), end[0], y(end[1]))
        c.drawPath(p, stroke=1, fill=0)
        c.setDash()
        head = arrow_head(arrow.curves[-1])
        hp = c.beginPath()
        hp.moveTo(head[0][0], y(head[0][1]))
        for px, py in head[1:]:
            hp.lineTo(px, y(py))
        hp.close()
        c.drawPath(hp, stroke=0, fill=1)
        if arrow.label and arrow.label_box:
            bx, by, bw, bh = arrow.label_box
            c.setFillColor(HexColor("#ffffff"))
            c.setStrokeColor(HexColor("#d5d8dc"))
            c.setLineWidth(0.8)
            c.roundRect(bx, y(by + bh), bw, bh, 3, stroke=1, fill=1)
            for i, line in enumerate(arrow.label):
                text(bx + bw / 2, by + 3 + (i + 0.8) * LABEL_SIZE * LINE, line, LABEL_SIZE,
                     "#283747", centre=True)

    for box in layout.boxes:
        stroke = PROBLEM_COLOUR if box.unreachable or box.kind == "missing" else (
            DEAD_END_COLOUR if box.dead_end else box.stroke)
        c.setFillColor(HexColor(box.fill))
        c.setStrokeColor(HexColor(stroke))
        c.setLineWidth(2.4 if box.start else 2.0 if box.kind == "outcome" or box.problem else 1.2)
        c.setDash(6, 3) if box.problem else c.setDash()
        c.roundRect(box.x, y(box.y + box.h), box.w, box.h, 6, stroke=1, fill=1)
        c.setDash()
        top = box.y + PAD
        x = box.x + PAD
        if box.badges:
            bx = x
            for badge in box.badges:
                text(bx, top + TAG_SIZE, badge, TAG_SIZE, BADGE_COLOURS[badge], bold=True)
                bx += text_width(badge, TAG_SIZE, bold=True) + 8
            top += TAG_SIZE * LINE + 2
        text(x, top + TAG_SIZE, box.tag, TAG_SIZE, "#5d6d7e")
        top += TAG_SIZE * LINE
        text(x, top + TITLE_SIZE, box.title, TITLE_SIZE, bold=True)
        top += TITLE_SIZE * LINE
        for line in box.lines:
            text(x, top + BODY_SIZE, line, BODY_SIZE, "#212f3d")
            top += BODY_SIZE * LINE
    c.showPage()
    c.save()
