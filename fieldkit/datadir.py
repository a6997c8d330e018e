"""Where FieldKit keeps its own files on this computer: cases, settings, installed packs and the
content snapshot cache.

It sits below every package (it imports nothing from FieldKit), so the content loader can find
its cache without reaching up into the case store.
"""

from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_ENV = "FIELDKIT_DATA_DIR"


def data_dir() -> Path:
    """The per-user data folder (FIELDKIT_DATA_DIR overrides it, which every test does)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("FieldKit", appauthor=False))
