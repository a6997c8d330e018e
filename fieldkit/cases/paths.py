"""Where FieldKit keeps the officer's cases on this computer."""

from __future__ import annotations

from pathlib import Path

from fieldkit.settings import data_dir


def default_db_path() -> Path:
    return data_dir() / "cases.db"
