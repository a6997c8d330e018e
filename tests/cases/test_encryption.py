"""Case data at rest: the store is encrypted, a wrong passphrase is a plain message, wrong tries
slow further tries, the passphrase rule cannot be skipped, and old unencrypted databases are
encrypted without leaving anything readable behind."""

from __future__ import annotations

import io
import os
import shutil
import sqlite3
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fieldkit.cases.db import StoreError, connect, set_durable
from fieldkit.cases.encryption import aside_path, database_state, passphrase_opens
from fieldkit.cases.model import Exhibit
from fieldkit.cases.schema import migrate
from fieldkit.cases.store import CaseStore
from fieldkit.cases.unlock import open_keyed
from fieldkit.cli import main
from fieldkit.security import passphrase as source
from fieldkit.security.attempts import FREE_TRIES, MAX_DELAY, AttemptLimiter, delay_after
from fieldkit.security.policy import RULE, problems

CHILD = "Zebedee Quintrell-Marsh"
REFERENCE = "CAD 9931 07/12/2026"
NOTE = "Mother says the messages began on the bus home from Hollowmere Academy."
EXHIBIT = "Lilac tablet with a unicorn sticker"
SECRETS = (CHILD, REFERENCE, NOTE, EXHIBIT, "Hollowmere", "Quintrell")


def readable_in(folder: Path, needles: tuple[str, ...] = SECRETS) -> list[str]:
    """Every (file, text) where stored text can be read in the raw bytes of the folder's files,
    as UTF-8 or UTF-16 (either byte order)."""
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        for text in needles:
            for enc in ("utf-8", "utf-16-le", "utf-16-be"):
                if text.encode(enc) in raw or text.lower().encode(enc) in raw.lower():
                    found.append(f"{path.name}: {text!r} ({enc})")
    return found


def fill(store: CaseStore) -> str:
    cid = store.create_case(REFERENCE, "PC Ffion Hale", "4471", "Central", "Flat 2, Mill Lane")
    store.set_notes(cid, f"{NOTE}\nChild: {CHILD}.")
    store.set_fact(cid, "subject_age", 12, "youth-imagery", "answer")
    store.add_exhibit(cid, Exhibit(ref="FH/1", kind="tablet", description=EXHIBIT))
    store.give_signpost(cid, "childline", f"{CHILD}'s mother")
    store.copy_script_line(cid, "first-contact", "open", f"{CHILD}, you are not in trouble.")
    return cid


def test_no_stored_text_is_readable_in_any_file_while_open_or_after_close(
        data_dir: Path) -> None:
    store = CaseStore.open()
    cid = fill(store)
    for i in range(40):  # enough writes that the WAL holds many frames
        store.set_notes(cid, f"{NOTE} {CHILD} version {i}")
    assert (data_dir / "cases.db-wal").stat().st_size > 0
    assert readable_in(data_dir) == []
    assert store.conn.execute("PRAGMA temp_store").fetchone()[0] == 2  # MEMORY
    assert store.conn.execute("PRAGMA cipher_version").fetchone()[0]
    assert store.conn.execute("PRAGMA kdf_iter").fetchone()[0] == "256000"
    store.delete(cid)
    cid = fill(store)
    store.close()
    assert readable_in(data_dir) == []
    assert not (data_dir / "cases.db").read_bytes().startswith(b"SQLite format 3")
    with CaseStore.open() as again:  # and the right passphrase reads it all back
        case = again.load(cid)
        assert (case.reference, case.exhibits[0].description) == (REFERENCE, EXHIBIT)
        assert CHILD in case.notes
    assert readable_in(data_dir) == []


def test_the_check_itself_finds_text_in_an_unencrypted_file(tmp_path: Path) -> None:
    """The search above is not blind: a plain SQLite file with the same text is caught."""
    conn = sqlite3.connect(tmp_path / "plain.db")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES (?)", (f"{CHILD} {REFERENCE}",))
    conn.commit()
    conn.close()
    assert len(readable_in(tmp_path)) >= 2


def test_a_wrong_passphrase_is_a_plain_message_and_changes_nothing(data_dir: Path) -> None:
    with CaseStore.open() as store:
        fill(store)
    db = data_dir / "cases.db"
    before = db.read_bytes()
    with pytest.raises(StoreError) as err:
        CaseStore.open(key="not the right passphrase 7")
    assert err.value.reason == "passphrase"
    assert "does not open the saved cases" in str(err.value)
    assert "Nothing has been changed" in str(err.value)
    assert db.read_bytes() == before
    store, message = CaseStore.try_open(key="still not the right one 8")
    assert store is None and "does not open" in message


def test_the_command_line_says_so_and_exits_1(data_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    with CaseStore.open() as store:
        fill(store)
    monkeypatch.setenv("FIELDKIT_PASSPHRASE", "a wrong passphrase here")
    assert main(["case", "list"]) == 1
    captured = capsys.readouterr()
    assert "does not open the saved cases" in captured.err
    assert REFERENCE not in captured.out + captured.err
    assert "Traceback" not in captured.err


class FakeTime:
    """A clock and a sleep that only move time on paper."""

    def __init__(self, now: float = 1_000_000.0):
        self.now = now
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_wrong_tries_slow_further_tries_and_the_count_survives_a_restart(
        data_dir: Path) -> None:
    with CaseStore.open() as store:
        fill(store)
    db = data_dir / "cases.db"
    t = FakeTime()
    limiter = AttemptLimiter.beside(db)
    limiter.clock, limiter.sleep = t.clock, t.sleep
    for _ in range(FREE_TRIES):
        with pytest.raises(StoreError) as err:
            open_keyed(db, "wrong wrong wrong 1", limiter=limiter)
        assert err.value.reason == "passphrase"
    # The next try must wait, even with the right passphrase, and is not even tried.
    with pytest.raises(StoreError) as err:
        open_keyed(db, source.from_env(), limiter=limiter)
    assert err.value.reason == "passphrase-wait"
    assert "Wait 2 seconds" in str(err.value)
    # A new limiter (FieldKit restarted) reads the same count from beside the database.
    again = AttemptLimiter(limiter.path, clock=t.clock, sleep=t.sleep)
    assert again.failures == FREE_TRIES and again.wait_seconds() == 2.0
    t.now += 2
    with pytest.raises(StoreError):
        open_keyed(db, "wrong wrong wrong 2", limiter=again)
    assert again.wait_seconds() == 4.0  # doubled
    t.now += 4
    conn = open_keyed(db, source.from_env(), limiter=again)
    conn.close()
    assert again.failures == 0 and not again.path.exists()  # a right passphrase resets it
    assert t.slept == []  # nothing ever slept


def test_the_delay_grows_and_is_capped() -> None:
    assert [delay_after(n) for n in range(FREE_TRIES + 4)] == [0, 0, 0, 2, 4, 8, 16]
    assert delay_after(100) == MAX_DELAY


def test_a_clock_set_backwards_never_means_a_longer_wait(tmp_path: Path) -> None:
    t = FakeTime()
    limiter = AttemptLimiter(tmp_path / "n.attempts", t.clock, t.sleep)
    for _ in range(FREE_TRIES + 1):
        limiter.failed()
    t.now -= 10_000
    assert limiter.wait_seconds() == delay_after(FREE_TRIES + 1)


def test_a_damaged_counter_counts_as_the_limit_reached(tmp_path: Path) -> None:
    t = FakeTime()
    (tmp_path / "n.attempts").write_text("{not json", encoding="utf-8")
    limiter = AttemptLimiter(tmp_path / "n.attempts", t.clock, t.sleep)
    assert limiter.failures == FREE_TRIES and limiter.wait_seconds() > 0


def test_the_terminal_prompt_waits_between_wrong_tries(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    with CaseStore.open() as store:
        fill(store)
    monkeypatch.delenv("FIELDKIT_PASSPHRASE")
    typed = iter(["wrong wrong wrong 9", "tidy otter lantern 93"])
    monkeypatch.setattr(source, "can_prompt", lambda: True)
    monkeypatch.setattr(source, "ask", lambda text=source.ASK: next(typed))
    t = FakeTime()
    limiter = AttemptLimiter.beside(data_dir / "cases.db")
    limiter.clock, limiter.sleep = t.clock, t.sleep
    for _ in range(FREE_TRIES - 1):
        limiter.failed()
    conn = open_keyed(data_dir / "cases.db", limiter=limiter)
    conn.close()
    err = capsys.readouterr().err
    assert "That passphrase is not right." in err and "Wait 2 seconds" in err
    assert t.slept == [2.0]  # the sleep was asked for, through the injected function
    assert source.held() == "tidy otter lantern 93"  # asked once per command


def test_the_rule_refuses_weak_passphrases_in_plain_words() -> None:
    for weak, why in [("short one", "use at least 12"),
                      ("aaaaaaaaaaaaaaaa", "repeated"),
                      ("abcabcabcabcabc", "repeated"),
                      ("qwertyuiopasdf", "keyboard"),
                      ("123456789012", "keyboard"),
                      ("Password2026!", "common password"),
                      ("p4ssw0rd12345", "common password"),
                      ("September2026", "common password"),
                      ("Liverpool1892!", "common password"),
                      ("aaaaaabbbbbbcc", "different characters"),
                      (" spaced out words ", "space"),
                      ("x'00112233445566778899", "raw key")]:
        found = problems(weak)
        assert found and why in " ".join(found), (weak, found)
    for fine in ("tidy otter lantern 93", "kettle orbit violet pasture", "mum likes green tea"):
        assert problems(fine) == []
    assert "at least 12 characters" in RULE and "no way to recover" in RULE


def test_a_weak_passphrase_cannot_create_a_store_from_anywhere(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = data_dir / "cases.db"
    with pytest.raises(StoreError) as err:
        CaseStore.open(key="password123")
    assert err.value.reason == "passphrase-weak" and "use at least 12" in str(err.value)
    monkeypatch.setenv("FIELDKIT_PASSPHRASE", "Password2026!")
    with pytest.raises(StoreError) as err:
        CaseStore.open()
    assert "FIELDKIT_PASSPHRASE: That passphrase cannot be used" in str(err.value)
    assert not db.exists()


def test_there_is_no_unencrypted_way_in(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(StoreError) as err:
        connect(data_dir / "cases.db", None)
    assert err.value.reason == "encryption"
    monkeypatch.delenv("FIELDKIT_PASSPHRASE")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))  # not a terminal: no prompt possible
    with pytest.raises(StoreError) as err:
        CaseStore.open()
    assert "set FIELDKIT_PASSPHRASE for scripted use" in str(err.value)
    assert not (data_dir / "cases.db").exists()


def test_a_new_store_asks_twice_at_the_prompt_and_applies_the_rule(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("FIELDKIT_PASSPHRASE")
    typed = iter(["letmein2024", "kettle orbit violet pasture", "kettle orbit violet pastur",
                  "kettle orbit violet pasture", "kettle orbit violet pasture"])
    monkeypatch.setattr(source, "can_prompt", lambda: True)
    monkeypatch.setattr(source, "ask", lambda text=source.ASK: next(typed))
    with CaseStore.open() as store:
        store.create_case(REFERENCE, "PC Ffion Hale")
    err = capsys.readouterr().err
    assert "at least 12 characters" in err  # the rule is shown first
    assert "That passphrase cannot be used" in err and "are not the same" in err
    assert passphrase_opens(data_dir / "cases.db", "kettle orbit violet pasture")
    assert not passphrase_opens(data_dir / "cases.db", "tidy otter lantern 93")


def test_the_same_passphrase_typed_with_decomposed_accents_opens_the_store(
        data_dir: Path) -> None:
    composed = unicodedata.normalize("NFC", "café crème brûlée at nine")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    with CaseStore.open(key=composed) as store:
        store.create_case(REFERENCE, "PC Ffion Hale")
    with CaseStore.open(key=decomposed) as store:
        assert [c.reference for c in store.list_cases()] == [REFERENCE]


def _plain_store(path: Path) -> CaseStore:
    """A database as FieldKit wrote it before encryption: plain SQLite, WAL, same schema."""
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    migrate(conn, 0)
    set_durable(conn)
    return CaseStore(conn, path, None)


def test_an_old_unencrypted_database_is_encrypted_and_nothing_readable_is_left(
        data_dir: Path, tmp_path: Path) -> None:
    # Written, then copied while still open: as if FieldKit had been killed, so the old
    # database's WAL still holds the latest writes.
    scratch = tmp_path / "old"
    scratch.mkdir()
    old = _plain_store(scratch / "cases.db")
    cid = fill(old)
    old.set_notes(cid, f"Last words before the crash: {CHILD}")
    for name in ("cases.db", "cases.db-wal", "cases.db-shm"):
        shutil.copy(scratch / name, data_dir / name)
    old.conn.close()
    assert readable_in(data_dir)  # the check sees the plain text before
    assert (data_dir / "cases.db-wal").stat().st_size > 0

    with CaseStore.open() as store:
        case = store.load(cid)
        assert case.notes == f"Last words before the crash: {CHILD}"  # the WAL's write too
        assert store.verify(cid).ok
    assert database_state(data_dir / "cases.db") == "encrypted"
    assert readable_in(data_dir) == []
    assert not [p for p in data_dir.iterdir() if "encrypting" in p.name]


def test_an_encryption_stopped_between_its_two_renames_is_undone_then_redone(
        data_dir: Path) -> None:
    db = data_dir / "cases.db"
    old = _plain_store(db)
    cid = fill(old)
    old.conn.close()
    db.rename(aside_path(db))  # FieldKit stopped after moving the old file aside
    assert not db.exists()
    with CaseStore.open() as store:
        assert store.load(cid).reference == REFERENCE
    assert not aside_path(db).exists() and database_state(db) == "encrypted"
    assert readable_in(data_dir) == []


def test_an_encryption_stopped_before_its_wiping_is_finished(data_dir: Path) -> None:
    db = data_dir / "cases.db"
    with CaseStore.open() as store:
        cid = fill(store)
    old = _plain_store(data_dir / "old.db")
    fill(old)
    old.conn.close()
    (data_dir / "old.db").rename(aside_path(db))  # the swap was done, the wipe was not
    assert readable_in(data_dir)
    with CaseStore.open() as store:
        assert store.load(cid).reference == REFERENCE
    assert not aside_path(db).exists()
    assert readable_in(data_dir) == []


def test_an_unencrypted_database_from_a_newer_fieldkit_is_left_exactly_as_it_was(
        data_dir: Path) -> None:
    db = data_dir / "cases.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE future (x)")
    conn.execute("INSERT INTO future VALUES (?)", (CHILD,))
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    with pytest.raises(StoreError) as err:
        CaseStore.open()
    assert err.value.reason == "newer"
    assert db.read_bytes() == before and database_state(db) == "plain"
    assert sorted(p.name for p in data_dir.iterdir()) == ["cases.db"]  # no lock left behind


def test_a_file_that_is_not_whole_pages_is_damaged_not_a_wrong_passphrase(
        data_dir: Path) -> None:
    db = data_dir / "cases.db"
    db.write_bytes(os.urandom(5000))
    with pytest.raises(StoreError) as err:
        CaseStore.open()
    assert err.value.reason == "corrupt"
    assert not (data_dir / "cases.db.attempts").exists()  # not counted as a wrong try


def test_the_passphrase_is_not_kept_in_the_data_folder(data_dir: Path) -> None:
    with CaseStore.open() as store:
        store.create_case(REFERENCE, "PC Ffion Hale")
    CaseStore.try_open(key="a wrong passphrase here")
    for path in data_dir.iterdir():
        raw = path.read_bytes()
        assert b"tidy otter" not in raw and b"a wrong passphrase" not in raw, path.name


def test_times_in_the_store_are_still_written(data_dir: Path) -> None:
    """The clock injection of the store still works through the encrypted connection."""
    when = datetime(2026, 12, 7, 1, 2, 3, tzinfo=UTC)
    with CaseStore.open(clock=lambda: when) as store:
        cid = store.create_case(REFERENCE, "PC Ffion Hale")
        assert store.audit(cid)[0].at == "2026-12-07T01:02:03Z"
