"""The app's own small preferences (theme, text size), kept beside the case store.

A JSON file in the data folder rather than QSettings, so tests that point FIELDKIT_DATA_DIR at
a temporary folder never read or write the officer's real preferences.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any


def data_dir() -> Path:
    """The case engineer's data folder when that module exists, else the same rule inline."""
    try:
        from fieldkit.cases.paths import data_dir as cases_data_dir
    except ImportError:
        env = os.environ.get("FIELDKIT_DATA_DIR")
        if env:
            return Path(env)
        import platformdirs

        return Path(platformdirs.user_data_dir("fieldkit", appauthor=False))
    return cases_data_dir()


class Settings:
    """Read once at start-up, written whenever a preference changes."""

    def __init__(self, path: Path | None = None):
        self.path = path or data_dir() / "app-settings.json"
        self.values: dict[str, Any] = {}
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                self.values = loaded
        except (OSError, ValueError):
            self.values = {}

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def set(self, key: str, value: Any) -> None:
        self.values[key] = value
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(self.values, indent=2), encoding="utf-8")
            tmp.replace(self.path)
        except OSError:
            pass  # a preference that cannot be saved is not worth stopping an officer for
