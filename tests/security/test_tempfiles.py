"""Handover notes, labels and leaflets are rendered in memory: no case text is left behind in
the system's temporary folder, where encryption at rest does not reach."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from fieldkit.cases.casefile import read_casefile
from fieldkit.content import builtin_content_dir, load_content
from fieldkit.handover.write import write_handover, write_labels, write_leaflet

EXAMPLE = Path(__file__).parents[1] / "fixtures" / "cases" / "example-case.yaml"


def test_outputs_leave_nothing_in_the_temp_folder(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    temp = tmp_path / "system-temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    made: list[str] = []
    real_mkdtemp, real_mkstemp = tempfile.mkdtemp, tempfile.mkstemp

    out = tmp_path / "out"

    def outside(kwargs: dict[str, object]) -> bool:
        """A temporary file anywhere but the folder the officer chose to export to (where
        writes go through a temporary name and are renamed into place)."""
        return kwargs.get("dir") is None or Path(str(kwargs["dir"])) != out

    def mkdtemp(*args: object, **kwargs: object) -> str:
        if outside(kwargs):
            made.append(f"dir in {kwargs.get('dir')}")
        return real_mkdtemp(*args, **kwargs)  # type: ignore[arg-type]

    def mkstemp(*args: object, **kwargs: object) -> tuple[int, str]:
        if outside(kwargs):
            made.append(f"file in {kwargs.get('dir')}")
        return real_mkstemp(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(tempfile, "mkdtemp", mkdtemp)
    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    content = load_content(builtin_content_dir())
    case = read_casefile(EXAMPLE, content)
    out.mkdir()
    paths = write_handover(case, content, out)
    write_labels(case, content, out / "labels.pdf")
    write_leaflet(case, content, out / "leaflet.pdf")
    assert paths["pdf"].read_bytes().startswith(b"%PDF")
    assert (out / "labels.pdf").read_bytes().startswith(b"%PDF")
    assert made == []  # not even a file deleted afterwards: its blocks would keep the text
    assert list(temp.iterdir()) == []
