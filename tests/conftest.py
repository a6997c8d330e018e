"""Shared test set-up: Qt runs offscreen, and every test gets its own empty data folder, so no
test reads or writes the officer's real cases or preferences."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """FIELDKIT_DATA_DIR points at a fresh folder under this test's tmp_path."""
    folder = tmp_path / "fieldkit-data"
    folder.mkdir()
    monkeypatch.setenv("FIELDKIT_DATA_DIR", str(folder))
    yield folder
