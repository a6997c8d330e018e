"""One data folder and one preferences file, whoever asks for them."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldkit.cases.paths import default_db_path
from fieldkit.cases.retention import configured_days
from fieldkit.settings import Settings, data_dir, settings_path


def test_the_data_folder_follows_the_environment(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDKIT_DATA_DIR", str(tmp_path))
    assert data_dir() == tmp_path
    assert settings_path() == tmp_path / "app-settings.json"
    assert default_db_path() == tmp_path / "cases.db"  # the store lives in the same folder


def test_without_the_environment_the_folder_is_named_fieldkit_once(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FIELDKIT_DATA_DIR", raising=False)
    assert data_dir().name == "FieldKit"  # one spelling: Linux folders are case-sensitive
    assert default_db_path().parent == data_dir()


def test_preferences_are_kept_and_read_by_the_core(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIELDKIT_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("FIELDKIT_RETENTION_DAYS", raising=False)
    Settings().set("retention_days", 7)
    assert Settings().get("retention_days") == 7
    assert configured_days(settings_path()) == 7


def test_an_unreadable_preferences_file_gives_defaults(tmp_path: Path) -> None:
    path = tmp_path / "app-settings.json"
    path.write_text("{not json", encoding="utf-8")
    assert Settings(path).get("theme", "day") == "day"
