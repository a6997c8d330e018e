"""FieldKit never handles images or video: the case importer refuses them on sight.

A file is refused by its name (a picture or video extension) and by its first bytes (the
signatures of JPEG, PNG, GIF, BMP, WEBP, TIFF, HEIC/AVIF, MP4/MOV/3GP, AVI, MKV/WebM), so a
photo renamed `case.yaml` is still refused. Inside a case file, any text that carries an image
(`data:image/...`, or base64 whose bytes start like an image or video) is refused at its line.
Nothing is decoded beyond the few bytes needed to recognise a signature.
"""

from __future__ import annotations

import base64
import binascii
import re
from pathlib import Path
from typing import Any

from fieldkit.diagnostics import Diagnostic, FieldKitError
from fieldkit.yamlread import Loc, YList, YMap

_EXTENSIONS = """
.jpg .jpeg .jpe .jfif .png .apng .gif .bmp .dib .webp .heic .heif .hif .avif .tif .tiff .ico
.svg .raw .dng .cr2 .nef .psd .mp4 .m4v .mov .qt .avi .wmv .mkv .webm .3gp .3g2 .mpg .mpeg
.flv .ogv .ts .mts
"""
EXTENSIONS = frozenset(_EXTENSIONS.split())

NEVER = ("FieldKit never handles images or video: do not view, copy, forward or store them. "
         "Describe what you were told in words and record the device as an exhibit.")

_BMFF_BOXES = (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot")
DATA_URI = re.compile(r"data:\s*(image|video)/", re.IGNORECASE)
B64_RUN = re.compile(r"[A-Za-z0-9+/]{16,}={0,2}")


def sniff(head: bytes) -> str:
    """What kind of picture or video these first bytes start, or '' if none."""
    if head.startswith(b"\xff\xd8\xff"):
        return "a JPEG image"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "a PNG image"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "a GIF image"
    if head.startswith(b"BM") and len(head) >= 10 and head[6:10] == b"\0\0\0\0":
        return "a BMP image"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "a WEBP image"
    if head.startswith(b"RIFF") and head[8:12] == b"AVI ":
        return "an AVI video"
    if head.startswith((b"II*\0", b"MM\0*")):
        return "a TIFF image"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "an MKV or WebM video"
    if head[4:8] in _BMFF_BOXES:
        brand = head[8:12]
        if brand[:3] in (b"hei", b"hev", b"mif", b"msf", b"avi"):
            return "a HEIC or AVIF image"
        if brand == b"qt  " or head[4:8] != b"ftyp":
            return "a MOV video"
        return "an MP4 video"
    return ""


def refuse_file(path: Path, shown: str) -> None:
    """Refuse an image or video file by its extension or its content, before it is parsed."""
    kind = ""
    if path.suffix.lower() in EXTENSIONS:
        kind = f"a picture or video file ({path.suffix.lower()})"
    else:
        try:
            with path.open("rb") as f:
                kind = sniff(f.read(32))
        except OSError:
            return  # the reader reports an unreadable file in its own words
    if kind:
        raise FieldKitError(Diagnostic(shown, 1, 1, "error", "imagery",
                                       f"refused: this is {kind}, not a case file. {NEVER}"))


def embedded(text: str) -> str:
    """What image or video a piece of text carries ('' if none)."""
    if DATA_URI.search(text):
        return "an image or video written into the text (data:)"
    joined = re.sub(r"\s+", "", text)
    for source in (text, joined) if joined != text else (text,):
        for run in B64_RUN.finditer(source):
            chunk = run.group(0)
            for shift in range(4):
                piece = chunk[shift: shift + 48]
                piece = piece[: len(piece) // 4 * 4]
                if len(piece) < 16:
                    continue
                try:
                    kind = sniff(base64.b64decode(piece, validate=True))
                except (binascii.Error, ValueError):
                    continue
                if kind:
                    return f"{kind} written into the text as base64"
    return ""


def refuse_in(data: Any, shown: str) -> None:
    """Refuse a parsed case file if any key or value carries an image (every one located)."""
    found: list[Diagnostic] = []
    todo: list[tuple[Any, Loc]] = [(data, Loc(1, 1))]  # a list, not recursion: any depth
    while todo:
        value, loc = todo.pop()
        if isinstance(value, str):
            kind = embedded(value)
            if kind:
                found.append(Diagnostic(shown, loc.line, loc.col, "error", "imagery",
                                        f"refused: {kind}. {NEVER}"))
        elif isinstance(value, YMap):
            for key, item in value.items():
                todo += [(key, value.kloc(key)), (item, value.vloc(key))]
        elif isinstance(value, YList):
            todo += [(item, value.iloc(i)) for i, item in enumerate(value)]
    if found:
        raise FieldKitError(sorted(found))
