"""The case commands and the output commands, as force IT and the tests drive them."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest

from fieldkit.cli import main

FIXTURES = Path(__file__).parents[1] / "fixtures" / "cases"
EXAMPLE = FIXTURES / "example-case.yaml"
CONTENT = ["--content", str(Path(__file__).parents[2] / "content")]


def _import(capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["case", "import", str(EXAMPLE), *CONTENT]) == 0
    out = capsys.readouterr().out
    assert out.startswith("imported case ")
    return out.split()[2].rstrip(":")


def test_list_import_export_verify_delete(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["case", "list"]) == 0
    assert "no cases saved" in capsys.readouterr().out
    cid = _import(capsys)
    assert main(["case", "list"]) == 0
    listing = capsys.readouterr().out
    assert cid in listing and "CAD 4471 21/11/2026 / PC Siân Prydderch" in listing

    out = tmp_path / "back.yaml"
    assert main(["case", "export", cid, "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == EXAMPLE.read_text(encoding="utf-8")

    assert main(["case", "verify", cid]) == 0
    assert "audit log intact (2 entries)" in capsys.readouterr().out  # import + export

    assert main(["case", "delete", cid, "--yes"]) == 0
    assert main(["case", "verify", cid]) == 1
    assert "there is no case" in capsys.readouterr().err


def test_verify_fails_on_a_tampered_case(data_dir: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    cid = _import(capsys)
    conn = sqlite3.connect(data_dir / "cases.db")
    conn.execute("DROP TRIGGER audit_append_only")
    conn.execute("UPDATE audit SET at = '2026-01-01T00:00:00Z' WHERE case_id = ?", (cid,))
    conn.commit()
    conn.close()
    assert main(["case", "verify", cid]) == 1
    err = capsys.readouterr().err
    assert "NOT intact" in err and "entry 1 (case-imported at 2026-01-01T00:00:00Z)" in err


def test_delete_asks_first(monkeypatch: pytest.MonkeyPatch,
                           capsys: pytest.CaptureFixture[str]) -> None:
    cid = _import(capsys)
    monkeypatch.setattr("sys.stdin", io.StringIO("no\n"))
    assert main(["case", "delete", cid]) == 1
    assert "not deleted" in capsys.readouterr().out
    assert main(["case", "verify", cid]) == 0


def test_a_bad_case_file_is_located_and_exits_1(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(EXAMPLE.read_text(encoding="utf-8").replace("power: 'on'", "power: flat"),
                   encoding="utf-8")
    assert main(["case", "import", str(bad), *CONTENT]) == 1
    assert f"{bad}:66:10: error[bad-value]: 'power' takes one of on, off, unknown" in \
        capsys.readouterr().err
    assert main(["handover", str(bad), "--out", str(tmp_path / "out"), *CONTENT]) == 1
    assert not (tmp_path / "out").exists()


def test_a_corrupt_store_gives_the_plain_message(data_dir: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    db = data_dir / "cases.db"
    db.write_bytes(b"garbage" * 100)
    assert main(["case", "list"]) == 1
    assert "is damaged or is not a FieldKit case database" in capsys.readouterr().err
    assert db.read_bytes() == b"garbage" * 100


def test_handover_labels_leaflet_from_a_file_and_from_the_store(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "note"
    assert main(["handover", str(EXAMPLE), "--out", str(out), *CONTENT]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "handover.json", "handover.pdf", "handover.sha256", "handover.txt"]
    assert main(["labels", str(EXAMPLE), "--out", str(tmp_path / "l.pdf"), *CONTENT]) == 0
    assert main(["leaflet", str(EXAMPLE), "--out", str(tmp_path / "f.pdf"), *CONTENT]) == 0
    assert (tmp_path / "l.pdf").read_bytes().startswith(b"%PDF")

    capsys.readouterr()
    cid = _import(capsys)
    assert main(["handover", cid, "--out", str(tmp_path / "n2"), *CONTENT]) == 0
    assert main(["labels", cid, "--out", str(tmp_path / "l2.pdf"), *CONTENT]) == 0
    assert main(["leaflet", cid, "--out", str(tmp_path / "f2.pdf"), *CONTENT]) == 0
    capsys.readouterr()
    assert main(["case", "verify", cid]) == 0  # the exports are in the chain
    from fieldkit.cases.store import CaseStore

    with CaseStore.open() as store:
        kinds = [e.detail["kind"] for e in store.audit(cid) if e.action == "export"]
    assert kinds == ["handover", "labels", "leaflet"]


def test_an_output_that_cannot_be_written_is_a_plain_message(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`--out` under a file is refused in plain words naming it; `--out` naming a folder gets
    the output inside that folder."""
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("x")
    code = main(["leaflet", str(EXAMPLE), "--out", str(not_a_folder / "leaflet.pdf")])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert str(not_a_folder) in err and "cannot make the folder" in err
    folder = tmp_path / "a-folder.pdf"
    folder.mkdir()
    assert main(["leaflet", str(EXAMPLE), "--out", str(folder)]) == 0
    assert (folder / "family-leaflet.pdf").read_bytes().startswith(b"%PDF")


def test_missing_case_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["handover", str(tmp_path / "nope.yaml"), "--out", str(tmp_path)]) == 1
    assert "case file not found" in capsys.readouterr().err
    assert main(["case", "export", "deadbeef", "--out", str(tmp_path / "x.yaml")]) == 1
