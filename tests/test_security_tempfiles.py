"""Handover notes, labels and leaflets are rendered in memory: no case text is left behind in
the system's temporary folder, where encryption at rest does not reach."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from fieldkit.cases.casefile import read_casefile
from fieldkit.content import builtin_content_dir, load_content
from fieldkit.handover.write import write_handover, write_labels, write_leaflet

EXAMPLE = Path(__file__).parent / "fixtures" / "cases" / "example-case.yaml"


def test_outputs_leave_nothing_in_the_temp_folder(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    temp = tmp_path / "system-temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    content = load_content(builtin_content_dir())
    case = read_casefile(EXAMPLE, content)
    out = tmp_path / "out"
    out.mkdir()
    paths = write_handover(case, content, out)
    write_labels(case, content, out / "labels.pdf")
    write_leaflet(case, content, out / "leaflet.pdf")
    assert paths["pdf"].read_bytes().startswith(b"%PDF")
    assert (out / "labels.pdf").read_bytes().startswith(b"%PDF")
    assert list(temp.iterdir()) == []
