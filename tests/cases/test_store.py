"""The case store: every action written at once and chained in the audit log."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fieldkit.cases import paths
from fieldkit.cases.model import Continuity, Exhibit
from fieldkit.cases.store import CaseStore, StoreError


@pytest.fixture
def store(data_dir: Path) -> Iterator[CaseStore]:
    ticks = iter(range(10_000))

    def clock() -> datetime:
        return datetime(2026, 11, 21, 22, 40, tzinfo=UTC) + timedelta(seconds=next(ticks))

    s = CaseStore.open(clock=clock)
    yield s
    s.close()


def _case(store: CaseStore) -> str:
    return store.create_case("CAD 4471 21/11/2026", "PC Sam Jones", "4471", "Central")


def test_data_dir_follows_the_environment(data_dir: Path) -> None:
    assert paths.data_dir() == data_dir
    assert paths.default_db_path() == data_dir / "cases.db"


def test_every_action_is_saved_and_logged_in_order(store: CaseStore) -> None:
    cid = _case(store)
    store.set_fact(cid, "subject_age", 15, "youth-imagery", "answer")
    store.set_fact(cid, "adult_involved", "no", "youth-imagery", "answer")
    store.set_fact(cid, "adult_involved", "yes", "youth-imagery", "change")
    store.clear_fact(cid, "subject_age", "youth-imagery", "went back")
    store.tick(cid, "before-leaving-scene", "labelled-sealed")
    store.set_notes(cid, "first")
    ex = store.add_exhibit(cid, Exhibit("SJ/1", kind="phone", actions=["Flight mode"]))
    store.update_exhibit(cid, ex, seal="A1234567")
    store.add_continuity(cid, ex, Continuity("PC Jones", "DC Smith", None, "to DFU"))
    store.give_signpost(cid, "childline", "the child")
    store.mark_script_section(cid, "parent-of-victim", "introduce")
    store.copy_script_line(cid, "parent-of-victim", "introduce", "You are not in trouble.")
    store.save_walk(cid, "youth-imagery", "1.0.0", {"answered": ["adult_involved"]})
    store.record_export(cid, "handover", "/tmp/out")

    actions = [e.action for e in store.audit(cid)]
    assert actions == [
        "case-created", "answer", "answer", "change", "clear", "tick", "notes",
        "exhibit-added", "exhibit-edited", "continuity-added", "signpost-given",
        "script-section", "script-line-copied", "walk", "export"]
    entries = store.audit(cid)
    assert [e.n for e in entries] == list(range(1, 16))
    assert all(e.at.endswith("Z") for e in entries)
    assert entries[3].detail["old"] == "no" and entries[3].detail["value"] == "yes"

    case = store.load(cid)
    assert case.facts == {"adult_involved": "yes"}
    assert case.checklists == {"before-leaving-scene": ["labelled-sealed"]}
    assert case.notes == "first"
    assert case.exhibits[0].seal == "A1234567"
    assert case.exhibits[0].actions == ["Flight mode"]
    assert case.exhibits[0].continuity[0].to == "DC Smith"
    assert case.signposts[0].given_to == "the child"
    assert case.scripts[0].sections == ["introduce"]
    assert case.walks[0].answered == ["adult_involved"]
    assert store.verify(cid).ok


def test_an_unchanged_note_is_not_logged_again(store: CaseStore) -> None:
    cid = _case(store)
    store.set_notes(cid, "same")
    store.set_notes(cid, "same")
    assert [e.action for e in store.audit(cid)].count("notes") == 1


def test_exhibit_refs_are_unique_within_a_case(store: CaseStore) -> None:
    cid = _case(store)
    store.add_exhibit(cid, Exhibit("SJ/1"))
    with pytest.raises(StoreError, match="already used"):
        store.add_exhibit(cid, Exhibit("SJ/1"))
    assert len(store.load(cid).exhibits) == 1
    assert [e.action for e in store.audit(cid)] == ["case-created", "exhibit-added"]


def test_a_failed_action_leaves_no_trace(store: CaseStore) -> None:
    cid = _case(store)
    before = store.audit(cid)
    with pytest.raises(StoreError):
        store.update_exhibit(cid, "nope", seal="1")
    with pytest.raises(StoreError, match="no case"):
        store.set_notes("deadbeef", "x")
    assert store.audit(cid) == before


def test_the_audit_log_refuses_updates(store: CaseStore) -> None:
    cid = _case(store)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.conn.execute("UPDATE audit SET action = 'x' WHERE case_id = ?", (cid,))


def _tamper(path: Path, sql: str, *args: object) -> None:
    """Edit the database behind FieldKit's back, as someone with the file could."""
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER IF EXISTS audit_append_only")
    conn.execute("DROP TRIGGER IF EXISTS audit_kept_with_case")
    conn.execute(sql, args)
    conn.commit()
    conn.close()


def _case_with_history(store: CaseStore) -> str:
    cid = _case(store)
    store.set_fact(cid, "subject_age", 15, "youth-imagery", "answer")
    store.set_fact(cid, "adult_involved", "no", "youth-imagery", "answer")
    store.set_notes(cid, "Seen at 23:05.")
    store.give_signpost(cid, "childline", "the child")
    assert store.verify(cid).ok
    return cid


def test_verify_names_an_edited_entry(store: CaseStore) -> None:
    cid = _case_with_history(store)
    at = store.audit(cid)[2].at
    path = store.path
    store.close()
    _tamper(path, "UPDATE audit SET detail = replace(detail, '\"no\"', '\"yes\"') "
            "WHERE case_id = ? AND n = 3", cid)
    with CaseStore.open(path) as again:
        result = again.verify(cid)
    assert not result.ok
    assert result.bad_entry == 3
    assert f"entry 3 (answer at {at}) was changed after it was written" in result.message()


def test_verify_notices_a_removed_entry_and_a_cut_off_end(store: CaseStore) -> None:
    cid = _case_with_history(store)
    path = store.path
    store.close()
    _tamper(path, "DELETE FROM audit WHERE case_id = ? AND n = 2", cid)
    with CaseStore.open(path) as again:
        result = again.verify(cid)
    assert not result.ok and result.bad_entry == 3
    assert "entries 2 to 2 are missing" in result.message()

    _tamper(path, "DELETE FROM audit WHERE case_id = ? AND n >= 3", cid)
    with CaseStore.open(path) as again:
        assert "case records 5 entries" in again.verify(cid).message()


def test_verify_notices_case_data_changed_outside_fieldkit(store: CaseStore) -> None:
    cid = _case_with_history(store)
    path = store.path
    store.close()
    _tamper(path, "UPDATE facts SET value = '\"yes\"' WHERE case_id = ? AND "
            "fact = 'adult_involved'", cid)
    with CaseStore.open(path) as again:
        result = again.verify(cid)
    assert not result.ok
    assert "does not match entry 5" in result.message()


def test_delete_removes_the_case_and_its_log(store: CaseStore) -> None:
    keep = _case(store)
    cid = _case_with_history(store)
    store.delete(cid)
    assert [c.id for c in store.list_cases()] == [keep]
    assert store.conn.execute("SELECT COUNT(*) FROM audit WHERE case_id = ?",
                              (cid,)).fetchone()[0] == 0
    with pytest.raises(StoreError, match="no case"):
        store.load(cid)
    assert store.verify(keep).ok


def test_list_cases_shows_the_last_action(store: CaseStore) -> None:
    cid = _case(store)
    store.add_exhibit(cid, Exhibit("SJ/1"))
    [summary] = store.list_cases()
    assert (summary.id, summary.reference, summary.exhibits) == (cid, "CAD 4471 21/11/2026", 1)
    assert summary.last_action == store.audit(cid)[-1].at


# -- withdrawn, never erased ---------------------------------------------------------------

def test_withdrawn_entries_stay_in_the_case_with_their_reason(store: CaseStore,
                                                              tmp_path: Path) -> None:
    cid = store.create_case("CAD 4471 21/11/2026", "PC Sam Jones", "4471", "Central")
    keep = store.add_exhibit(cid, Exhibit("SJ/1", kind="phone"))
    wrong = store.add_exhibit(cid, Exhibit("SJ/2", kind="laptop"))
    store.give_signpost(cid, "childline", "Child")
    store.give_signpost(cid, "nspcc-helpline", "Child")
    with pytest.raises(StoreError, match="say why"):
        store.withdraw_exhibit(cid, wrong, "   ")
    store.withdraw_exhibit(cid, wrong, "Entered in error: belongs to another case")
    store.withdraw_signpost(cid, 1, "Adult helpline: given by mistake")
    with pytest.raises(StoreError, match="already withdrawn"):
        store.withdraw_exhibit(cid, wrong, "again")
    case = store.load(cid)
    assert [(e.ref, e.withdrawn) for e in case.exhibits] == [
        ("SJ/1", ""), ("SJ/2", "Entered in error: belongs to another case")]
    assert case.exhibits[1].withdrawn_at is not None and keep == case.exhibits[0].id
    assert [(g.signpost, g.withdrawn) for g in case.signposts] == [
        ("childline", ""), ("nspcc-helpline", "Adult helpline: given by mistake")]
    actions = [(e.action, e.detail.get("reason")) for e in store.audit(cid)]
    assert ("exhibit-withdrawn", "Entered in error: belongs to another case") in actions
    assert ("signpost-withdrawn", "Adult helpline: given by mistake") in actions
    assert store.verify(cid).ok
    # A case file keeps the withdrawals, and reads back the same case.
    from fieldkit.cases.casefile import read_casefile, write_casefile

    path = tmp_path / "case.yaml"
    write_casefile(case, path)
    again = read_casefile(path)
    assert again.exhibits == case.exhibits and again.signposts == case.signposts


def test_the_note_shows_withdrawn_entries_struck_through_with_the_reason(tmp_path: Path) -> None:
    from fieldkit.cases.model import Case, Officer, SignpostGiven
    from fieldkit.content import builtin_content_dir, load_content
    from fieldkit.handover import build_note
    from fieldkit.handover.blocks import note_blocks, note_text
    from fieldkit.handover.pdf import _story
    from fieldkit.pdf.style import styles

    at = datetime(2026, 11, 21, 23, 5, tzinfo=UTC)
    case = Case(reference="CAD 4471 21/11/2026", officer=Officer("PC Sam Jones", "4471"),
                opened=at)
    case.exhibits = [Exhibit("SJ/1", kind="phone"),
                     Exhibit("SJ/2", kind="laptop", withdrawn="Wrong case", withdrawn_at=at)]
    case.signposts = [SignpostGiven("childline", "Child", at),
                      SignpostGiven("nspcc-helpline", "Child", at, "Given in error", at)]
    note = build_note(case, load_content(builtin_content_dir()), generated=at)
    text = note_text(note)
    import re

    assert re.search(r"^- SJ/2; WITHDRAWN 21 Nov 2026 23:05 \w+: Wrong case$", text, re.M)
    assert "NSPCC Helpline (withdrawn)" in text and "Given in error" in text
    assert "SJ/1" in text and "Childline" in text  # the rest stands as it was
    blocks = note_blocks(note)
    [table] = [b for b in blocks if b.kind == "table" and b.rows[0][0] == "Ref"]
    assert table.struck == (2,) and table.rows[2][0].startswith("SJ/2")
    [head] = [b for b in blocks if b.kind == "h2" and b.text.endswith("(withdrawn)")]
    assert head.struck == (0,)
    story = _story(blocks, styles(), 500)
    struck = [p.text for p in story if hasattr(p, "text") and "<strike>" in p.text]
    assert any("NSPCC Helpline (withdrawn)" in t for t in struck)
