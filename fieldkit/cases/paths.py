"""Where FieldKit keeps the officer's cases on this computer."""

from __future__ import annotations

from pathlib import Path

from fieldkit.settings import DATA_DIR_ENV, data_dir

__all__ = ["DATA_DIR_ENV", "data_dir", "default_db_path"]


def default_db_path() -> Path:
    return data_dir() / "cases.db"
