"""Finds what ships with FieldKit (the built-in content, and the fonts, colour profile, keys and
self-test case under fieldkit/resources) in a checkout, an installed package and a frozen build."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def builtin_content_dir() -> Path:
    """The content folder that ships with FieldKit (FIELDKIT_CONTENT_DIR overrides it)."""
    override = os.environ.get("FIELDKIT_CONTENT_DIR")
    if override:
        return Path(override)
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "content"
    return Path(__file__).resolve().parents[2] / "content"


def shipped_file(*parts: str) -> Path:
    """A file under fieldkit/resources (fonts and the like), frozen or not."""
    frozen = getattr(sys, "_MEIPASS", None)
    base = Path(frozen) / "fieldkit" if frozen else Path(__file__).resolve().parents[1]
    return base.joinpath("resources", *parts)
