"""Defects found in review, each pinned by the behaviour a user sees."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from fieldkit.cli import main
from fieldkit.content import load_content
from fieldkit.diagnostics import FieldKitError
from fieldkit.yamlread import parse

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "fixtures" / "sample-content"
EXAMPLE = ROOT / "tests" / "fixtures" / "cases" / "example-case.yaml"


@pytest.mark.parametrize("value", ["2026-02-30", "2026-13-45T10:00:00Z"])
def test_an_impossible_date_is_a_located_error(value: str) -> None:
    with pytest.raises(FieldKitError) as caught:
        parse(f"title: x\nreviewed: {value}\n", "bad.yaml")
    d = caught.value.diagnostics[0]
    assert (d.path, d.line, d.col, d.rule) == ("bad.yaml", 2, 11, "yaml-syntax")


def test_an_impossible_date_in_one_guide_does_not_stop_the_others(tmp_path: Path) -> None:
    root = tmp_path / "c"
    shutil.copytree(SAMPLE, root)
    second = (root / "guides" / "sample.yaml").read_text().replace("guide: sample",
                                                                    "guide: other")
    (root / "guides" / "other.yaml").write_text(second.replace("reviewed: 2026-11-01",
                                                               "reviewed: 2026-02-30"))
    content = load_content(root)
    assert "sample" in content.guides and "other" not in content.guides
    assert [d.rule for d in content.report.errors] == ["yaml-syntax"]


def test_an_unwritable_output_is_a_plain_message(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("x")
    code = main(["leaflet", str(EXAMPLE), "--out", str(not_a_folder / "leaflet.pdf")])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert str(not_a_folder) in err and "cannot make the folder" in err
    # a folder given as --out gets the leaflet inside it
    folder = tmp_path / "a-folder.pdf"
    folder.mkdir()
    assert main(["leaflet", str(EXAMPLE), "--out", str(folder)]) == 0
    assert (folder / "family-leaflet.pdf").read_bytes().startswith(b"%PDF")


def test_walk_refuses_an_image_given_as_facts(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    photo = tmp_path / "photo.yaml"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 64)
    code = main(["walk", "sample", "--facts", str(photo), "--content", str(SAMPLE)])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert re.search(r"picture|image|video", err, re.IGNORECASE)


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf"])
def test_a_number_that_is_not_finite_is_refused(tmp_path: Path, value: str,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    facts = tmp_path / "f.yaml"
    facts.write_text(f"subject_age: {value}\n")
    code = main(["walk", "sample", "--facts", str(facts), "--content", str(SAMPLE)])
    assert code == 1 and "error[bad-value]" in capsys.readouterr().err


def test_a_tick_listed_twice_imports_once(tmp_path: Path) -> None:
    from fieldkit.cases.casefile import read_casefile, write_casefile
    from fieldkit.content import builtin_content_dir
    from fieldkit.diagnostics import Report

    content = load_content(builtin_content_dir())
    case = read_casefile(EXAMPLE, content)
    cid, items = next((k, v) for k, v in case.checklists.items() if v)
    case.checklists[cid] = [items[0], items[0]]
    path = tmp_path / "case.yaml"
    write_casefile(case, path)
    report = Report()
    again = read_casefile(path, content, report)
    assert again.checklists[cid] == [items[0]]
    assert "duplicate-item" in {d.rule for d in report.warnings}


def test_author_labels_show_content_as_text_never_markup() -> None:
    """Content and diagnostics shown in author mode must never be read as rich text (an
    <img> in a guide would make Qt open a picture)."""
    offenders = []
    for path in sorted((ROOT / "fieldkit" / "ui").glob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            m = re.match(r"^\s*(self\.\w+) = QLabel\(", line)
            if m and not any(f"{m.group(1)}.setTextFormat(Qt.TextFormat.PlainText)" in nxt
                             for nxt in lines[i + 1:i + 4]):
                offenders.append(f"{path.name}:{i + 1}")
    assert offenders == []
