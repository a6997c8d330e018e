"""A guide's layout written as SVG: plain text, escaped, viewable in any browser."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from fieldkit.authoring.graph import (
    BODY_SIZE,
    DEAD_END_COLOUR,
    FIT,
    LABEL_SIZE,
    LEGEND_Y,
    LINE,
    PAD,
    PROBLEM_COLOUR,
    TAG_SIZE,
    TITLE_SIZE,
    Arrow,
    GuideLayout,
    StepBox,
    arrow_head,
    legend_items,
    meta_line,
    problems_line,
)
from fieldkit.authoring.textfit import text_width

FONT = "Helvetica, Arial, 'Liberation Sans', sans-serif"
EDGE = "#566573"
DEFAULT_EDGE = "#99a3a4"
BACK_EDGE = "#7d3c98"
BADGE_COLOURS = {"START": "#1e8449", "UNREACHABLE": PROBLEM_COLOUR, "DEAD END": DEAD_END_COLOUR,
                 "MISSING STEP": PROBLEM_COLOUR}


def _n(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def _text(x: float, y: float, text: str, size: float, colour: str = "#1c2833",
          bold: bool = False, extra: str = "") -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" fill="{colour}"'
            f'{weight}{extra}>{escape(text)}</text>')


def _path(arrow: Arrow) -> str:
    if not arrow.curves:
        return ""
    first = arrow.curves[0][0]
    d = [f"M{_n(first[0])},{_n(first[1])}"]
    for _, c1, c2, end in arrow.curves:
        d.append(f"C{_n(c1[0])},{_n(c1[1])} {_n(c2[0])},{_n(c2[1])} {_n(end[0])},{_n(end[1])}")
    return " ".join(d)


def _arrow(arrow: Arrow) -> list[str]:
    if not arrow.curves:
        return []
    colour = BACK_EDGE if arrow.back else DEFAULT_EDGE if arrow.default else EDGE
    dash = ' stroke-dasharray="5 3"' if arrow.back else ""
    head = arrow_head(arrow.curves[-1])
    pts = " ".join(f"{_n(x)},{_n(y)}" for x, y in head)
    out = [f'<g class="branch" data-from={quoteattr(arrow.source)} '
           f'data-to={quoteattr(arrow.target)}>',
           f'<path d="{_path(arrow)}" fill="none" stroke="{colour}" stroke-width="1.3"{dash}/>',
           f'<polygon points="{pts}" fill="{colour}"/>']
    if arrow.label and arrow.label_box:
        x, y, w, h = arrow.label_box
        out.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(w)}" height="{_n(h)}" rx="3" '
                   f'fill="#ffffff" stroke="#d5d8dc" stroke-width="0.8"/>')
        for i, line in enumerate(arrow.label):
            ty = y + 3 + (i + 0.8) * LABEL_SIZE * LINE
            out.append(_text(x + w / 2, ty, line, LABEL_SIZE, "#283747",
                             extra=' text-anchor="middle"'))
    out.append("</g>")
    return out


def _box(box: StepBox) -> list[str]:
    stroke = PROBLEM_COLOUR if box.unreachable or box.kind == "missing" else (
        DEAD_END_COLOUR if box.dead_end else box.stroke)
    width = 2.4 if box.start else 2.0 if box.kind == "outcome" or box.problem else 1.2
    dash = ' stroke-dasharray="6 3"' if box.problem else ""
    out = [f'<g id={quoteattr("step-" + box.id)} class="step {box.kind}">',
           f"<title>{escape(box.id)}: {escape(box.full_text)}</title>",
           f'<rect x="{_n(box.x)}" y="{_n(box.y)}" width="{_n(box.w)}" height="{_n(box.h)}" '
           f'rx="6" fill="{box.fill}" stroke="{stroke}" stroke-width="{width}"{dash}/>']
    y = box.y + PAD
    x = box.x + PAD
    if box.badges:
        bx = x
        for badge in box.badges:
            out.append(_text(bx, y + TAG_SIZE, badge, TAG_SIZE, BADGE_COLOURS[badge], bold=True))
            bx += text_width(badge, TAG_SIZE, bold=True) / FIT + 8
        y += TAG_SIZE * LINE + 2
    out.append(_text(x, y + TAG_SIZE, box.tag, TAG_SIZE, "#5d6d7e"))
    y += TAG_SIZE * LINE
    out.append(_text(x, y + TITLE_SIZE, box.title, TITLE_SIZE, bold=True))
    y += TITLE_SIZE * LINE
    for line in box.lines:
        out.append(_text(x, y + BODY_SIZE, line, BODY_SIZE, "#212f3d"))
        y += BODY_SIZE * LINE
    out.append("</g>")
    return out


def layout_svg(layout: GuideLayout) -> str:
    """The whole diagram as an SVG document."""
    w, h = layout.width, layout.height
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(w)}" height="{_n(h)}" '
        f'viewBox="0 0 {_n(w)} {_n(h)}" font-family="{FONT}">',
        f"<title>{escape(layout.title)} ({escape(layout.guide)} {escape(layout.version)})"
        "</title>",
        f'<rect x="0" y="0" width="{_n(w)}" height="{_n(h)}" fill="#ffffff"/>',
        _text(24, 26, layout.title, 15, bold=True),
    ]
    meta = meta_line(layout)
    out.append(_text(24, 43, meta, 10, "#5d6d7e"))
    if layout.problems:
        px = 24 + text_width(meta, 10) / FIT + 16
        out.append(_text(px, 43, problems_line(layout), 10, PROBLEM_COLOUR, bold=True))
    for x, code, fill, stroke in legend_items(layout):
        out.append(f'<rect x="{_n(24 + x)}" y="{_n(LEGEND_Y)}" width="16" height="12" rx="2" '
                   f'fill="{fill}" stroke="{stroke}" stroke-width="1.5"/>')
        out.append(_text(24 + x + 22, LEGEND_Y + 10, code, 9.0, "#1c2833"))
    for arrow in layout.arrows:
        out.extend(_arrow(arrow))
    for box in layout.boxes:
        out.extend(_box(box))
    out.append("</svg>")
    return "\n".join(out) + "\n"
