"""One export use case: a set of files written whole or not at all, beside its target, never
over a file FieldKit did not write, recorded once under one audit convention, the same from
the command line and from the app."""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from fieldkit.cases.casefile import read_casefile
from fieldkit.cases.db import StoreError
from fieldkit.cases.model import Case, SignpostGiven
from fieldkit.cli import main
from fieldkit.content import load_content
from fieldkit.content.model import Content
from fieldkit.diagnostics import FieldKitError
from fieldkit.handover import export

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "tests" / "fixtures" / "cases" / "example-case.yaml"
CONTENT = ["--content", str(ROOT / "content")]
WHEN = datetime(2026, 11, 21, 23, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def shipped() -> Content:
    return load_content(ROOT / "content")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _imported(capsys: pytest.CaptureFixture[str]) -> str:
    """The example case imported into the store; its id."""
    assert main(["case", "import", str(EXAMPLE), *CONTENT]) == 0
    return capsys.readouterr().out.split()[2].rstrip(":")


def _disk_full(*_a: object, **_k: object) -> None:
    raise StoreError("write", "FieldKit could not save this action (database or disk is "
                     "full). Nothing was half-saved; try again.")


def _written_once(shipped: Content, out: Path) -> tuple[Case, dict[str, bytes]]:
    """The example case, its handover already in `out`, and what `out` then holds."""
    case = read_casefile(EXAMPLE, shipped)
    export.export_handover(case, shipped, out, generated=WHEN)
    return case, _snapshot(out)


def test_a_failure_part_way_leaves_the_old_set_whole_and_nothing_new(
        tmp_path: Path, shipped: Content, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    case, before = _written_once(shipped, out)
    case.notes = "A later note."
    real = export._write_synced
    calls = []

    def disk_full_on_third(path: Path, data: bytes) -> None:
        calls.append(path.name)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(export, "_write_synced", disk_full_on_third)
    with pytest.raises(FieldKitError, match="No space left on device") as info:
        export.export_handover(case, shipped, out)
    assert "any earlier set there is unchanged" in str(info.value)
    assert _snapshot(out) == before  # old set whole, no staging folder left


def test_ctrl_c_while_moving_into_place_puts_the_old_set_back(
        tmp_path: Path, shipped: Content, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    case, before = _written_once(shipped, out)
    real = os.replace
    moves = []

    def interrupted(src: Any, dst: Any) -> None:
        moves.append(dst)
        if len(moves) == 6:  # the old four moved aside, two new ones placed
            raise KeyboardInterrupt
        real(src, dst)

    monkeypatch.setattr(export.os, "replace", interrupted)
    case.notes = "Changed."
    with pytest.raises(KeyboardInterrupt):
        export.export_handover(case, shipped, out)
    monkeypatch.setattr(export.os, "replace", real)
    assert _snapshot(out) == before


def test_a_killed_export_leaves_only_a_staging_folder_that_the_next_removes(
        tmp_path: Path, shipped: Content) -> None:
    case = read_casefile(EXAMPLE, shipped)
    out = tmp_path / "out"
    (out / (export.STAGING_PREFIX + "dead")).mkdir(parents=True)
    (out / (export.STAGING_PREFIX + "dead") / "handover.pdf").write_bytes(b"half")
    export.export_handover(case, shipped, out)
    assert sorted(p.name for p in out.iterdir()) == [
        "handover.json", "handover.pdf", "handover.sha256", "handover.txt"]


def test_temporary_files_are_made_beside_the_target(tmp_path: Path, shipped: Content,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """`labels --out DIR` writes DIR/exhibit-labels.pdf, staged inside DIR (never in DIR's
    parent, which may be / and unwritable)."""
    import tempfile

    made: list[Path] = []
    real = tempfile.mkdtemp

    def spy(*args: Any, **kwargs: Any) -> str:
        made.append(Path(kwargs["dir"]))
        return real(*args, **kwargs)

    monkeypatch.setattr(export.tempfile, "mkdtemp", spy)
    folder = tmp_path / "labels-here"
    folder.mkdir()
    case = read_casefile(EXAMPLE, shipped)
    done = export.export_labels(case, shipped, folder)
    assert done.paths == [folder / "exhibit-labels.pdf"]
    assert made == [folder]
    assert main(["labels", str(EXAMPLE), "--out", str(folder), *CONTENT]) == 0
    assert sorted(p.name for p in folder.iterdir()) == ["exhibit-labels.pdf"]


def test_a_file_fieldkit_did_not_write_is_not_replaced_without_force(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mine = tmp_path / "report.txt"
    mine.write_text("my own report\n", encoding="utf-8")
    assert main(["labels", str(EXAMPLE), "--out", str(mine), *CONTENT]) == 1
    err = capsys.readouterr().err
    assert "was not written by FieldKit" in err and "--force" in err
    assert mine.read_text(encoding="utf-8") == "my own report\n"
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "handover.txt").write_text("someone else's notes\n", encoding="utf-8")
    assert main(["handover", str(EXAMPLE), "--out", str(folder), *CONTENT]) == 1
    assert sorted(p.name for p in folder.iterdir()) == ["handover.txt"]
    # FieldKit's own earlier output is replaced without asking; --force replaces anything.
    assert main(["labels", str(EXAMPLE), "--out", str(mine), "--force", *CONTENT]) == 0
    assert mine.read_bytes().startswith(b"%PDF")
    assert main(["labels", str(EXAMPLE), "--out", str(mine), *CONTENT]) == 0
    assert main(["handover", str(EXAMPLE), "--out", str(folder), "--force", *CONTENT]) == 0
    assert main(["handover", str(EXAMPLE), "--out", str(folder), *CONTENT]) == 0


def test_files_written_but_not_recorded_is_said_plainly(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from fieldkit.cases.store import CaseStore

    cid = _imported(capsys)

    monkeypatch.setattr(CaseStore, "record_export", _disk_full)
    out = tmp_path / "out"
    assert main(["handover", cid, "--out", str(out), *CONTENT]) == 1
    captured = capsys.readouterr()
    assert "The files were written, but the export could not be recorded" in captured.err
    assert "database or disk is full" in captured.err
    assert "Nothing was half-saved" not in captured.err
    assert str(out / "handover.pdf") in captured.out
    assert (out / "handover.pdf").is_file()
    back = tmp_path / "back.yaml"
    assert main(["case", "export", cid, "--out", str(back)]) == 1
    err = capsys.readouterr().err
    assert "was written, but the export could not be recorded" in err
    assert "Nothing was half-saved" not in err and back.is_file()


def test_the_cli_and_the_app_give_the_same_note_and_the_same_audit_entries(
        tmp_path: Path, shipped: Content, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, qtbot: Any) -> None:
    from fieldkit.cases.store import CaseStore

    monkeypatch.setattr("fieldkit.handover.model.utcnow", lambda: WHEN)
    cid = _imported(capsys)
    with CaseStore.open() as store:
        store.give_signpost(cid, "childline", "Mother")
    cli_out, app_out = tmp_path / "cli", tmp_path / "app"
    for out in (cli_out, app_out):
        out.mkdir()
    assert main(["handover", cid, "--out", str(cli_out), *CONTENT]) == 0
    assert main(["leaflet", cid, "--each", "--out", str(cli_out), *CONTENT]) == 0
    assert main(["labels", cid, "--out", str(cli_out), *CONTENT]) == 0

    with CaseStore.open() as store:
        panel = _panel(store, shipped, cid, app_out, qtbot)
        panel.export_note()
        panel.export_leaflet()
        panel.export_labels()
        assert "written to" in panel.status.text()
        entries = [a.detail for a in store.audit(cid) if a.action == "export"]
    assert _snapshot(cli_out) == _snapshot(app_out)
    cli, app = entries[:3], entries[3:]
    assert [e["path"] for e in cli] == [str(cli_out)] * 3
    assert [e["path"] for e in app] == [str(app_out)] * 3
    for e in entries:
        del e["path"]
    assert cli == app
    assert [e["kind"] for e in cli] == ["handover", "leaflet", "labels"]
    people = [f.get("given_to") for f in cli[1]["files"]]
    assert len(people) == len(set(people)) >= 2 and "Mother" in people
    for e in cli:
        for f in e["files"]:
            assert f["sha256"] == hashlib.sha256((cli_out / f["name"]).read_bytes()).hexdigest()


def test_the_handover_can_carry_labels_and_leaflets_under_one_checksum_file(
        tmp_path: Path, shipped: Content) -> None:
    case = read_casefile(EXAMPLE, shipped)
    case.signposts.append(SignpostGiven("childline", "Mother", WHEN))
    done = export.export_handover(case, shipped, tmp_path, labels=True, leaflets=True)
    names = [f.name for f in done.files]
    assert names[:3] == list(export.NOTE_NAMES) and names[-1] == export.SUMS_NAME
    assert export.LABELS_NAME in names and "family-leaflet-2.pdf" in names
    listed = (tmp_path / export.SUMS_NAME).read_text(encoding="utf-8").splitlines()
    assert [line.split("  ")[1] for line in listed] == names[:-1]


def _panel(store: Any, content: Content, cid: str, folder: Path, qtbot: Any) -> Any:
    """The app's export panel over a stored case, answering the folder question itself."""
    from fieldkit.cases.session import CaseSession
    from fieldkit.ui.screens.export_actions import ExportPanel

    inner = CaseSession(store, content, cid)

    class Settings:
        def get(self, _key: str) -> str:
            return ""

        def set(self, _key: str, _value: str) -> None:
            pass

    class FakeScreenSession:
        case_id = cid

        def case(self) -> Any:
            return inner.case

        def record_export(self, *args: Any, **kwargs: Any) -> None:
            inner.record_export(*args, **kwargs)

    class Window:
        session, settings = FakeScreenSession(), Settings()

    Window.content = content  # type: ignore[attr-defined]
    panel = ExportPanel(Window())  # type: ignore[arg-type]
    qtbot.addWidget(panel)
    panel.choose_folder = lambda _title: str(folder)
    return panel


def test_the_app_writes_a_note_with_long_text(tmp_path: Path, shipped: Content, qtbot: Any,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    """"Handover note" raised an uncaught LayoutError for a 1,500-character description."""
    from fieldkit.cases.store import CaseStore

    cid = _imported(capsys)
    with CaseStore.open() as store:
        case = store.load(cid)
        ex = case.exhibits[0]
        store.update_exhibit(cid, ex.id, description="d" * 40 + " " + "word " * 300)
        panel = _panel(store, shipped, cid, tmp_path / "out", qtbot)
        panel.export_note()
    assert panel.status.text().startswith(f"Handover note written to {tmp_path / 'out'}")
    assert "word " * 300 in (tmp_path / "out" / "handover.txt").read_text(encoding="utf-8")


def test_the_app_says_when_files_were_written_but_not_recorded(
        tmp_path: Path, shipped: Content, qtbot: Any, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from fieldkit.cases.store import CaseStore

    cid = _imported(capsys)

    with CaseStore.open() as store:
        monkeypatch.setattr(store, "record_export", _disk_full)
        panel = _panel(store, shipped, cid, tmp_path / "out", qtbot)
        panel.export_labels()
    said = panel.status.text()
    assert said.startswith(f"Exhibit labels written to {tmp_path / 'out'}: exhibit-labels.pdf.")
    assert "could not be recorded on the case" in said and "database or disk is full" in said
    assert "Nothing was half-saved" not in said
