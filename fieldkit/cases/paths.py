"""Where FieldKit keeps the officer's cases on this computer."""

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


def default_db_path() -> Path:
    return data_dir() / "cases.db"
