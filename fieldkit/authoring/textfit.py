"""Measuring and wrapping text for diagrams without a font engine.

Widths are the standard Helvetica metrics (the PDF base font), so the SVG, the PDF and the Qt
view all fit text into the same boxes without importing reportlab or Qt to measure it.
"""

from __future__ import annotations

# Advance widths in 1/1000 em for ASCII 32..126 (Adobe's Helvetica and Helvetica-Bold metrics).
_REGULAR = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722,
    722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722,
    667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556,
    556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500,
    500, 334, 260, 334, 584,
)
_BOLD = (
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722,
    722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722,
    667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611,
    611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556,
    500, 389, 280, 389, 584,
)
ELLIPSIS = "\u2026"


def text_width(text: str, size: float, bold: bool = False) -> float:
    table = _BOLD if bold else _REGULAR
    total = 0
    for ch in text:
        code = ord(ch)
        total += table[code - 32] if 32 <= code <= 126 else (1000 if ch == ELLIPSIS else 556)
    return total * size / 1000


def _clip(word: str, width: float, size: float, bold: bool) -> str:
    while word and text_width(word + ELLIPSIS, size, bold) > width:
        word = word[:-1]
    return word + ELLIPSIS


def wrap(text: str, width: float, size: float, bold: bool = False,
         max_lines: int | None = None) -> list[str]:
    """Greedy word wrap to `width`; past `max_lines` the last line ends with an ellipsis."""
    lines: list[str] = []
    current = ""
    for word in " ".join(text.split()).split(" "):
        if not word:
            continue
        trial = f"{current} {word}" if current else word
        if text_width(trial, size, bold) <= width:
            current = trial
            continue
        if current:
            lines.append(current)
        current = word if text_width(word, size, bold) <= width else _clip(word, width, size, bold)
    if current:
        lines.append(current)
    if max_lines is not None and len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _clip(lines[-1], width, size, bold) if not lines[-1].endswith(
            ELLIPSIS) else lines[-1]
    return lines
