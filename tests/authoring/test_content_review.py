"""`fieldkit content review`: the sign-off list, read back as a specialist's spreadsheet would."""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path

import pytest

from fieldkit.cli import main
from fieldkit.content import builtin_content_dir, load_content
from tests.content.test_checker import SAMPLE


def _rel(root: Path, path: str) -> str:
    return Path(path).resolve().relative_to(root.resolve()).as_posix()


def test_csv_lists_every_open_point_with_its_file_and_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = builtin_content_dir()
    out = tmp_path / "review.csv"
    assert main(["content", "review", str(root), "--out", str(out)]) == 0
    assert "open points" in capsys.readouterr().out
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    points = {(r["item"], r["id"]): r for r in rows if r["row"] == "open-point"}

    content = load_content(root, today=date.today())
    headers = [obj.header for _, _, obj in content.headed()]
    expected = [(h.id, p, h.sources) for h in headers for p in h.open_points]
    expected += [(sp.id, p, sp.sources) for sp in content.signposts.values()
                 for p in sp.open_points]
    assert len(expected) >= 50  # the shipped content carries its doubts as data
    for item, p, sources in expected:
        row = points.get((item, p.id))
        assert row is not None, f"{item}: open point {p.id} missing from the CSV"
        assert p.where is not None
        assert row["location"] == f"{_rel(root, p.where.path)}:{p.where.line}"
        text = (root / row["location"].split(":")[0]).read_text(encoding="utf-8").splitlines()
        assert text[p.where.line - 1].strip() == f"- id: {p.id}"  # the line holds the point
        assert row["text"] == p.claim
        for sid in p.source:
            assert sources[sid].title in row["source"]
            if sources[sid].url:
                assert sources[sid].url in row["url"]
        assert row["status"] == "draft" and row["done"] == ""
    assert len(points) == len(expected)


def test_csv_has_status_citations_and_outcome_coverage(tmp_path: Path) -> None:
    root = builtin_content_dir()
    out = tmp_path / "r.csv"
    assert main(["content", "review", str(root), "--out", str(out)]) == 0
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    content = load_content(root)
    items = {(r["kind"], r["item"]): r for r in rows if r["row"] == "item"}
    assert ("guide", "device-seizure") in items
    assert items[("guide", "device-seizure")]["review_due"] == \
        content.guides["device-seizure"].header.review_due.isoformat()
    cites = {(r["item"], r["id"]): r for r in rows if r["row"] == "citation"}
    ceop = content.signposts["ceop-safety-centre"].sources["ceop-safety-centre"]
    assert cites[("ceop-safety-centre", "ceop-safety-centre")]["url"] == ceop.url
    outcomes = [r for r in rows if r["row"] == "outcome"]
    for gid, guide in content.guides.items():
        mine = {r["id"]: r for r in outcomes if r["item"] == gid}
        assert set(mine) == {s.id for s in guide.outcomes()}
        for r in mine.values():
            assert r["source"] != "NO SCENARIO", f"{gid}: outcome {r['id']} has no scenario"


def test_markdown_and_pdf(tmp_path: Path) -> None:
    md, pdf = tmp_path / "r.md", tmp_path / "r.pdf"
    root = builtin_content_dir()
    assert main(["content", "review", str(root), "--out", str(md)]) == 0
    assert main(["content", "review", str(root), "--out", str(pdf)]) == 0
    text = md.read_text(encoding="utf-8")
    assert "## guide: Under-18s making or sharing nude or semi-nude images (`youth-imagery`)" \
        in text
    assert "| [ ] | five-triggers |" in text
    assert pdf.read_bytes().startswith(b"%PDF")


def test_approval_shows_who_and_when(tmp_path: Path) -> None:
    root = tmp_path / "c"
    shutil.copytree(SAMPLE, root)
    out = tmp_path / "r.md"
    assert main(["content", "review", str(root), "--out", str(out)]) == 0
    assert "Status: **approved by Online CSA specialist team on 2026-11-01**" in \
        out.read_text(encoding="utf-8")


def test_bad_suffix_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["content", "review", "--out", str(tmp_path / "r.txt")]) == 1
    assert "give a file name ending in .pdf, .csv or .md" in capsys.readouterr().err
