"""Officers see which guidance is in use: the installed pack's version and build date."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from fieldkit.packs.install import InstalledContent
from fieldkit.ui.screens import home


def test_installed_pack_named_with_its_build_date(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    pack_dir = tmp_path / "content" / "2027.1.0"
    monkeypatch.setattr("fieldkit.packs.install.installed_content",
                        lambda: InstalledContent(pack_dir, "2027.1.0", date(2027, 1, 5)))
    content = SimpleNamespace(title="Force guidance", version="2027.1.0")
    assert home.content_line(content, pack_dir) == (
        "Content: Force guidance, version 2027.1.0 (installed pack, built 05 Jan 2027).")
    assert home.content_line(content, tmp_path / "builtin") == (
        "Content: Force guidance, version 2027.1.0.")
