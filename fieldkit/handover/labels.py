"""Exhibit labels: one per exhibit, with a QR code of the case and exhibit references and the
seal number, on one line (see qr_payload).

Sized for A4 sheets of 8 labels, 2 across by 4 down, each 99.1 x 67.7 mm (the common "L7165"
layout: 13.1 mm top margin, 4.65 mm side margins, 2.5 mm gap between columns). `skip` leaves
labels already used on a part-used sheet blank. The QR code is vector drawing, not an image.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, BinaryIO

from fieldkit.cases.model import Case, Exhibit
from fieldkit.cases.times import uk_text
from fieldkit.diagnostics import FieldKitError
from fieldkit.handover.model import MARKING
from fieldkit.pdf.fonts import SANS, SANS_BOLD, register_fonts
from fieldkit.pdf.style import fit as _fit

LABEL_W_MM, LABEL_H_MM = 99.1, 67.7
COLS, ROWS = 2, 4
TOP_MM, SIDE_MM, GAP_MM = 13.1, 4.65, 2.5
PAD_MM = 4.0
QR_MM = 27.0


QR_PREFIX = "FK1"  # the payload format's name and version (docs/handover-files.md)
_ESCAPES = {"\\": "\\\\", "|": "\\|", "\n": "\\n", "\r": "\\r"}


def qr_field(value: str) -> str:
    """One field of the payload: backslash, bar and line breaks escaped with a backslash, so
    the payload stays one line and splits on every unescaped bar."""
    return "".join(_ESCAPES.get(c, c) for c in value)


def qr_payload(case_reference: str, exhibit_ref: str, seal: str = "") -> str:
    """One line a property system can split: FK1|case reference|exhibit ref|seal (a scanner
    that types into a form sends no Enter part-way)."""
    return "|".join([QR_PREFIX, *(qr_field(v) for v in (case_reference, exhibit_ref, seal))])


def parse_qr_payload(payload: str) -> tuple[str, str, str]:
    """(case reference, exhibit ref, seal) from a payload; ValueError if it is not FK1."""
    fields: list[str] = []
    current: list[str] = []
    chars = iter(payload)
    for c in chars:
        if c == "\\":
            nxt = next(chars, "")
            current.append({"n": "\n", "r": "\r"}.get(nxt, nxt))
        elif c == "|":
            fields.append("".join(current))
            current = []
        else:
            current.append(c)
    fields.append("".join(current))
    if len(fields) != 4 or fields[0] != QR_PREFIX:
        raise ValueError("not a FieldKit label code (FK1|case|exhibit|seal)")
    return fields[1], fields[2], fields[3]


def label_origin(index: int) -> tuple[float, float]:
    """Bottom-left corner (mm) of label `index` (0-7) on the sheet, filled row by row."""
    col, row = index % COLS, index // COLS
    x = SIDE_MM + col * (LABEL_W_MM + GAP_MM)
    y = 297.0 - TOP_MM - (row + 1) * LABEL_H_MM
    return x, y


def render_labels(case: Case, path: Path | BinaryIO, skip: int = 0) -> None:
    if not case.exhibits:
        raise FieldKitError("this case has no exhibits, so there are no labels to print")
    if not 0 <= skip < COLS * ROWS:
        raise FieldKitError(f"skip must be between 0 and {COLS * ROWS - 1}")
    register_fonts()
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(path) if isinstance(path, Path) else path, pagesize=A4, invariant=1)
    c.setTitle("Exhibit labels")
    c.setAuthor("FieldKit")
    c.setSubject(MARKING)
    slot = skip
    for exhibit in case.exhibits:
        if slot == COLS * ROWS:
            c.showPage()
            slot = 0
        _label(c, case, exhibit, *label_origin(slot))
        slot += 1
    c.showPage()
    c.save()


def _label(c: Any, case: Case, e: Exhibit, x_mm: float, y_mm: float) -> None:
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth

    x, y = x_mm * mm, y_mm * mm
    w, h, pad = LABEL_W_MM * mm, LABEL_H_MM * mm, PAD_MM * mm
    qr = QR_MM * mm
    text_w = w - 2 * pad - qr - 3 * mm
    top = y + h - pad

    c.setFont(SANS_BOLD, 7)
    c.drawString(x + pad, top - 6, MARKING)
    c.setFont(SANS, 7)
    c.drawString(x + pad, top - 16, "EXHIBIT")
    c.setFont(SANS_BOLD, 18)
    c.drawString(x + pad, top - 33, _fit(e.ref, SANS_BOLD, 18, text_w))
    c.setFont(SANS, 8)
    c.drawString(x + pad, top - 44, _fit(f"Case: {case.reference}", SANS, 8, text_w))

    item = ", ".join(p for p in (e.kind, e.make_model, e.description) if p)
    details = [item] if item else []
    if e.serial:
        details.append(f"IMEI/serial: {e.serial}")
    if e.seal:
        details.append(f"Seal: {e.seal}")
    seized = " ".join(p for p in (uk_text(e.seized_at), f"by {e.seized_by}" if e.seized_by
                                  else "") if p)
    if seized:
        details.append(f"Seized: {seized}")
    if e.found:
        details.append(f"Found: {e.found}")
    line_y, step = top - 56, 9.5
    beside_qr_until = top - qr - 12  # below this the text can use the label's full width
    for detail in details:
        words = detail.split()
        while words and line_y >= y + pad:
            width = text_w if line_y > beside_qr_until else w - 2 * pad
            line = words.pop(0)
            while words and stringWidth(f"{line} {words[0]}", SANS, 8) <= width:
                line += " " + words.pop(0)
            if words and line_y - step < y + pad:  # last line of the label: show it is cut
                line = _fit(line + " " + " ".join(words), SANS, 8, width)
                words = []
            c.drawString(x + pad, line_y, _fit(line, SANS, 8, width))
            line_y -= step

    widget = QrCodeWidget(qr_payload(case.reference, e.ref, e.seal), barLevel="M")
    bx0, by0, bx1, by1 = widget.getBounds()
    drawing = Drawing(qr, qr, transform=[qr / (bx1 - bx0), 0, 0, qr / (by1 - by0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, c, x + w - pad - qr, top - qr - 2)
    c.setFont(SANS, 6.5)
    c.drawCentredString(x + w - pad - qr / 2, top - qr - 9, "case, exhibit, seal")

