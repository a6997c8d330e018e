"""Cases survive a killed process; a bad database is refused in plain words and left alone."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from fieldkit.cases.audit import GENESIS, canonical, entry_hash
from fieldkit.cases.model import Continuity
from fieldkit.cases.schema import MIGRATIONS, SCHEMA_VERSION
from fieldkit.cases.store import CaseStore, StoreError

WRITER = """
import sys
from pathlib import Path
from fieldkit.cases.store import CaseStore

store = CaseStore.open(Path(sys.argv[1]))
cid = store.create_case("KILL " + sys.argv[2], "PC Test")
print(cid, flush=True)
i = 0
while True:
    i += 1
    store.set_notes(cid, f"note {i}")
    store.set_fact(cid, "subject_age", i, "youth-imagery", "answer")
    print(i, flush=True)
"""


def _replay(entries: list) -> tuple[str, object]:
    """What the case must hold if it is exactly as of its last logged action."""
    notes, age = "", None
    for e in entries:
        if e.action == "notes":
            notes = e.detail["text"]
        elif e.action == "answer":
            age = e.detail["value"]
    return notes, age


@pytest.mark.parametrize("kill_after", [3, 25])
def test_kill_minus_nine_and_restore(data_dir: Path, kill_after: int) -> None:
    db = data_dir / "cases.db"
    for run in range(2):  # the second run reopens a file left behind by a killed writer
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(db), str(run)],
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        cid = proc.stdout.readline().strip()
        last = 0
        while last < kill_after:
            line = proc.stdout.readline()
            assert line, "the writer stopped before it was killed"
            last = int(line)
        proc.kill()  # SIGKILL on POSIX: no clean-up of any kind
        proc.wait()
        for line in proc.stdout.read().split():  # reported before it died, not yet read
            last = int(line)
        proc.stdout.close()

        with CaseStore.open(db) as store:  # the dead writer's lock is gone with it
            case = store.load(cid)
            entries = store.audit(cid)
            assert store.verify(cid).ok
        notes, age = _replay(entries)
        assert (case.notes, case.facts.get("subject_age")) == (notes, age)
        done = int(case.notes.split()[1])
        assert done >= last  # every action reported as done is there
        assert done <= last + 1  # and nothing beyond the one in flight


def test_the_store_is_durable_on_disk(data_dir: Path) -> None:
    with CaseStore.open() as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def _bytes(path: Path) -> bytes:
    return path.read_bytes()


def test_a_corrupt_file_is_refused_and_left_alone(data_dir: Path) -> None:
    db = data_dir / "cases.db"
    db.write_bytes(b"this is not a database\n" * 200)
    before = _bytes(db)
    with pytest.raises(StoreError) as err:
        CaseStore.open(db)
    assert err.value.reason == "corrupt"
    assert "is damaged or is not a FieldKit case database. It has not been changed" in str(
        err.value)
    assert _bytes(db) == before
    store, message = CaseStore.try_open(db)
    assert store is None and "damaged" in message


def test_a_damaged_sqlite_file_is_refused_and_left_alone(data_dir: Path) -> None:
    db = data_dir / "cases.db"
    with CaseStore.open(db) as store:
        cid = store.create_case("CAD 1", "PC Test")
        for i in range(300):
            store.set_notes(cid, f"line {i} " * 20)
    raw = bytearray(db.read_bytes())
    page = 4096
    raw[page * 2: page * 2 + 512] = b"\xff" * 512  # scribble over a b-tree page
    db.write_bytes(bytes(raw))
    before = _bytes(db)
    with pytest.raises(StoreError) as err:
        CaseStore.open(db)
    assert err.value.reason == "corrupt"
    assert _bytes(db) == before


def test_a_newer_database_is_refused_and_left_alone(data_dir: Path) -> None:
    db = data_dir / "cases.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE future (x)")
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    before = _bytes(db)
    with pytest.raises(StoreError) as err:
        CaseStore.open(db)
    assert err.value.reason == "newer"
    assert "written by a newer FieldKit (case format 99" in str(err.value)
    assert "It has not been changed" in str(err.value)
    assert _bytes(db) == before


def test_a_database_open_in_another_fieldkit_is_refused(data_dir: Path) -> None:
    db = data_dir / "cases.db"
    first = CaseStore.open(db)
    cid = first.create_case("CAD 1", "PC Test")
    first.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = _bytes(db)
    with pytest.raises(StoreError) as err:
        CaseStore.open(db)
    assert err.value.reason == "locked"
    assert "is open in another FieldKit" in str(err.value)
    assert "nothing has been changed" in str(err.value)
    assert _bytes(db) == before
    first.close()
    with CaseStore.open(db) as again:  # closing the first lets the next one in
        assert again.load(cid).reference == "CAD 1"


def test_a_v1_database_is_migrated_with_its_data(data_dir: Path) -> None:
    """A database as the first release wrote it, built by hand, opens as the current version."""
    db = data_dir / "cases.db"
    conn = sqlite3.connect(db)
    for statement in MIGRATIONS[1]:
        conn.execute(statement)
    detail = canonical({"reference": "OLD 1", "state": "1:" + "a" * 64})
    at = "2026-01-02T03:04:05Z"
    digest = entry_hash("c0ffee00", 1, at, "case-created", detail, GENESIS)
    conn.execute("INSERT INTO cases (id, reference, officer_name, opened, notes, audit_count, "
                 "audit_head) VALUES ('c0ffee00', 'OLD 1', 'PC Old', ?, 'kept notes', 1, ?)",
                 (at, digest))
    conn.execute("INSERT INTO audit VALUES ('c0ffee00', 1, ?, 'case-created', ?, ?, ?)",
                 (at, detail, GENESIS, digest))
    conn.execute("INSERT INTO facts VALUES ('c0ffee00', 'subject_age', '15')")
    conn.execute("INSERT INTO walks VALUES ('c0ffee00', 'youth-imagery', '1.0.0', 1, ?)",
                 (json.dumps({"answered": ["subject_age"]}),))
    conn.execute("INSERT INTO ticks VALUES ('c0ffee00', 'before-leaving-scene', 'seal', 1)")
    conn.execute("INSERT INTO exhibits (case_id, id, position, ref, kind, seal, power) VALUES "
                 "('c0ffee00', 'x1', 1, 'OLD/1', 'phone', 'S1', 'on')")
    conn.execute("INSERT INTO signposts VALUES ('c0ffee00', 'childline', 1)")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()

    with CaseStore.open(db) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        case = store.load("c0ffee00")
        assert (case.reference, case.officer.name, case.notes) == ("OLD 1", "PC Old",
                                                                   "kept notes")
        assert case.facts == {"subject_age": 15}
        assert case.walks[0].answered == ["subject_age"]
        assert case.checklists == {"before-leaving-scene": ["seal"]}
        [ex] = case.exhibits
        assert (ex.ref, ex.kind, ex.seal, ex.power, ex.make_model, ex.actions) == (
            "OLD/1", "phone", "S1", "on", "", [])
        assert [(s.signpost, s.given_to) for s in case.signposts] == [("childline", "")]
        assert store.verify("c0ffee00").ok
        store.give_signpost("c0ffee00", "childline", "the mother")  # v2: given twice, to whom
        store.add_continuity("c0ffee00", "x1", Continuity("PC Old", "DC New"))
        assert [s.given_to for s in store.load("c0ffee00").signposts] == ["", "the mother"]
        assert store.verify("c0ffee00").ok


def test_a_failed_migration_leaves_the_file_as_it_was(data_dir: Path) -> None:
    db = data_dir / "cases.db"
    conn = sqlite3.connect(db)
    for statement in MIGRATIONS[1]:
        conn.execute(statement)
    conn.execute("CREATE TABLE continuity (clash INTEGER)")  # makes version 2's list fail
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError) as err:
        CaseStore.open(db)
    assert err.value.reason == "migration"
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    columns = [r[1] for r in conn.execute("PRAGMA table_info(exhibits)")]
    conn.close()
    assert "make_model" not in columns  # the earlier statements of version 2 were undone
