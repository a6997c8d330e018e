"""Officer text made ready for a PDF line: any length, right-to-left scripts, and characters
the embedded font does not have.

- Long text is broken into lines here (greedy, by measured width; a word longer than a line is
  split), so a 1 MB note costs one pass, not one
  re-wrap of the rest of the text per page, and a table cell can be split across pages.
  The lines are drawn by a small flowable that splits between lines.
- Right-to-left text (Arabic, Urdu, Persian, Hebrew...) is wrapped in reading (logical)
  order, then each line is put in display order by the Unicode bidi algorithm (python-bidi),
  and right-aligned when the text starts in a right-to-left script,
  with Arabic letters joined by arabic-reshaper: reportlab's own bidi needs a package that is
  not published.
- A character the font lacks is drawn as PLACEHOLDER; the PDF then says that handover.txt and
  handover.json hold the exact text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

PLACEHOLDER = "\ufffd"
MISSING_NOTE = (f"Some characters in this case cannot be drawn with this PDF's font and are "
                f"shown as {PLACEHOLDER}. handover.txt and handover.json hold the exact text.")
LONG = 800  # characters: longer text is broken into lines here
SLACK = 4  # points kept free when split in a table cell (reportlab counts no bottom padding)
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
_STRONG = re.compile(r"[^\W\d_]")
_KEEP = frozenset("\n\t ")


@lru_cache(maxsize=8)
def _cmap(font: str) -> frozenset[int]:
    from reportlab.pdfbase.pdfmetrics import getFont

    return frozenset(getFont(font).face.charToGlyph)


def has_rtl(text: str) -> bool:
    return _RTL.search(text) is not None


def rtl_first(text: str) -> bool:
    """Whether the first strong letter is right-to-left (the paragraph's own direction)."""
    m = _STRONG.search(text)
    return m is not None and _RTL.match(m.group()) is not None


@dataclass
class Drawable:
    text: str
    missing: bool  # a character was replaced by PLACEHOLDER


def drawable(text: str, font: str) -> Drawable:
    """`text` with Arabic letters in their joined forms and every character the font lacks
    replaced by its compatibility form (if the font has that) or PLACEHOLDER."""
    if _ARABIC.search(text):
        import arabic_reshaper

        text = arabic_reshaper.reshape(text)
    have = _cmap(font)
    if all(ord(c) in have for c in set(text) - _KEEP):
        return Drawable(text, False)
    out = []
    missing = False
    for c in text:
        if c in _KEEP or ord(c) in have:
            out.append(c)
            continue
        alt = unicodedata.normalize("NFKC", c)
        if alt and all(ord(a) in have for a in alt):
            out.append(alt)
        else:
            out.append(PLACEHOLDER)
            missing = True
    return Drawable("".join(out), missing)


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Lines of at most `width` points, in logical order; explicit line breaks kept."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    space = stringWidth(" ", font, size)
    known: dict[str, float] = {}  # real text repeats its words: measure each once
    lines: list[str] = []
    for para in text.split("\n"):
        line, used, started = "", 0.0, False
        for word in para.split(" "):
            w = known.get(word)
            if w is None:
                w = known[word] = stringWidth(word, font, size)
            if started and used + space + w <= width:
                line += " " + word
                used += space + w
                continue
            if started:
                lines.append(line)
            while w > width:  # a word longer than the line: split it
                cut = _fit_chars(word, font, size, width)
                lines.append(word[:cut])
                word = word[cut:]
                w = stringWidth(word, font, size)
            line, used, started = word, w, True
        lines.append(line)
    return lines


def _fit_chars(word: str, font: str, size: float, width: float) -> int:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lo, hi = 1, min(len(word), int(width) + 1)  # no glyph is under a point wide
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if stringWidth(word[:mid], font, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return lo


def visual(line: str, rtl: bool) -> str:
    """One line in display order (the bidi algorithm, with the paragraph's direction)."""
    if not has_rtl(line):
        return line
    from bidi import get_display

    return str(get_display(line, base_dir="R" if rtl else "L"))


def needs_lines(text: str) -> bool:
    """Whether the text is broken into lines here rather than by reportlab."""
    return len(text) > LONG or has_rtl(text)


def display_lines(text: str, font: str, size: float, width: float) -> tuple[list[str], bool]:
    """The text as display-ordered lines that fit `width`, and whether it reads right to
    left."""
    rtl = rtl_first(text)
    return [visual(line, rtl) for line in wrap(text, font, size, width - 1)], rtl


def lines_flowable(lines: list[str], style: Any, right: bool, bullet: str = "") -> Any:
    """Pre-wrapped lines drawn directly (reportlab's Paragraph would wrap them again, once
    per page for long text); splits between lines, so it can run across pages and table
    rows can split."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Flowable

    class Lines(Flowable):  # type: ignore[misc]
        def __init__(self, lines: list[str], bullet: str) -> None:
            super().__init__()
            self.lines, self.bullet = lines, bullet
            self.spaceBefore = style.spaceBefore
            self.spaceAfter = style.spaceAfter
            self.height = len(lines) * style.leading  # read by table row splitting

        def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
            self.width = avail_w
            return avail_w, self.height

        def split(self, avail_w: float, avail_h: float) -> list[Any]:
            n = int((avail_h - SLACK) // style.leading)
            if n <= 0:
                return []
            if n >= len(self.lines):
                return [self]
            return [Lines(self.lines[:n], self.bullet), Lines(self.lines[n:], "")]

        def draw(self) -> None:
            c = self.canv
            c.setFont(style.fontName, style.fontSize)
            if style.textColor is not None:
                c.setFillColor(style.textColor)
            top = len(self.lines) * style.leading - style.fontSize
            if self.bullet:
                c.drawString(style.bulletIndent, top, self.bullet)
            for i, line in enumerate(self.lines):
                y = top - i * style.leading
                if right:
                    x = self.width - style.rightIndent - stringWidth(line, style.fontName,
                                                                      style.fontSize)
                    c.drawString(x, y, line)
                else:
                    c.drawString(style.leftIndent, y, line)

    return Lines(lines, bullet)
