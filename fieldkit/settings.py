"""Where FieldKit keeps its files on this computer, and the app's small preferences.

The one place that knows the data folder (FIELDKIT_DATA_DIR overrides it, which every test
does) and the `app-settings.json` file in it. It sits below every package (it imports nothing
from FieldKit), so the content loader can find its cache without reaching up into the case
store. Preferences are a JSON file rather than
QSettings, so tests that point FIELDKIT_DATA_DIR at a temporary folder never read or write the
officer's real preferences, and the core can read them without Qt.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

DATA_DIR_ENV = "FIELDKIT_DATA_DIR"
SETTINGS_FILE = "app-settings.json"


def data_dir() -> Path:
    """The per-user data folder: cases, installed packs, snapshots and preferences."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("FieldKit", appauthor=False))


def settings_path() -> Path:
    """The app's preferences file (theme, text size, retention days)."""
    return data_dir() / SETTINGS_FILE


class Settings:
    """Read once at start-up, written whenever a preference changes."""

    def __init__(self, path: Path | None = None):
        self.path = path or settings_path()
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
