"""One rule for every piece of text an officer types or a file supplies.

Control characters (C0, DEL and C1) can clear a terminal, retitle its window or hide a line;
they are refused everywhere, except tab and newline in fields that hold several lines.
Identifiers (exhibit references, seal numbers, case references) are what people compare by
eye, so they also refuse bidi controls and invisible characters, are normalised to NFC and
trimmed, and two that differ only in case are the same identifier. A bad value shown in a
message is cut to QUOTED_MAX characters with its hidden characters written as escapes.
"""

from __future__ import annotations

import re
import unicodedata

QUOTED_MAX = 80
MULTILINE_ALLOWED = frozenset("\t\n")
BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Characters that show as nothing (or as a plain space) though they are not one.
_INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u034f\u2800")


def is_control(ch: str) -> bool:
    return unicodedata.category(ch) == "Cc"


def is_hidden(ch: str) -> bool:
    """Bidi controls, format characters (zero-width space, joiners, soft hyphen, BOM),
    separators other than the plain space, and letters that draw nothing."""
    if ch in BIDI or ch in _INVISIBLE_LETTERS:
        return True
    cat = unicodedata.category(ch)
    if cat in ("Cf", "Zl", "Zp", "Co", "Cs", "Cn"):
        return True
    if cat == "Zs" and ch != " ":
        return True
    return 0xFE00 <= ord(ch) <= 0xFE0F or 0xE0100 <= ord(ch) <= 0xE01EF  # variation selectors


def escaped(ch: str) -> str:
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def quoted(value: object, limit: int = QUOTED_MAX) -> str:
    """A value as it may appear in a message: hidden characters as escapes, cut to `limit`
    characters (with '...' when cut), in single quotes."""
    text = str(value)
    out: list[str] = []
    size = 0
    for ch in text:
        piece = escaped(ch) if is_control(ch) or is_hidden(ch) else ch
        if size + len(piece) > limit:
            return "'" + "".join(out) + "...'"
        out.append(piece)
        size += len(piece)
    return "'" + "".join(out) + "'"


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROL_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(value: object) -> str:
    """Text safe to print on a terminal: hidden characters written as escapes, nothing cut.
    For values saved before the rule existed."""
    text = str(value)
    if text.isprintable():
        return text
    return "".join(escaped(ch) if is_control(ch) or is_hidden(ch) else ch for ch in text)


def text_problem(value: str, multiline: bool = False) -> tuple[int, str]:
    """(index, why) of the first character the text rule refuses, or (-1, '')."""
    found = (_CONTROL_MULTILINE if multiline else _CONTROL).search(value)
    if found is None:
        return -1, ""
    return found.start(), f"control character {escaped(found.group())}"


def identifier_problem(value: str) -> tuple[int, str]:
    """As `text_problem` for one line, also refusing bidi controls and invisible characters."""
    i, why = text_problem(value)
    if why:
        return i, why
    if value.isascii():
        return -1, ""
    for i, ch in enumerate(value):
        if is_hidden(ch):
            name = unicodedata.name(ch, "")
            return i, f"invisible or direction character {escaped(ch)}" + (
                f" ({name.lower()})" if name else "")
    return -1, ""


def normal_identifier(value: str) -> str:
    """How an identifier is kept: NFC, trimmed."""
    return unicodedata.normalize("NFC", value).strip()


def identifier_key(value: str) -> str:
    """What two identifiers are compared by: 'SP/1', ' sp/1 ' and 'Sp/1' are the same."""
    return normal_identifier(value).casefold()


def refusal(value: str, multiline: bool = False, identifier: bool = False) -> str:
    """The plain-words reason `value` is refused ('' if it is fine)."""
    i, why = identifier_problem(value) if identifier else text_problem(value, multiline)
    if not why:
        return ""
    line = value.count("\n", 0, i)
    where = f" at character {i + 1}" + (f" of line {line + 1}" if line else "")
    return f"{why}{where} is not allowed; found {quoted(value)}"
