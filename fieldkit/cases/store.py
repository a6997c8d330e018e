"""The case store: every action written at once, in one transaction, with its audit entry.

One SQLite file per officer's data folder (WAL, synchronous=FULL), held by one FieldKit at a
time through a lock file. A store that cannot be opened raises `StoreError` with a plain
message and leaves the file untouched; the app then starts without cases.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from fieldkit.cases import values
from fieldkit.cases.audit import GENESIS, canonical, check_chain, entry_hash
from fieldkit.cases.db import (
    LockFile,
    StoreError,
    check_database,
    is_locked_error,
    locked_message,
    set_durable,
)
from fieldkit.cases.model import (
    EXHIBIT_FIELDS,
    FACT_HOW,
    AuditEntry,
    Case,
    CaseSummary,
    Continuity,
    CopiedLine,
    Exhibit,
    Officer,
    SavedWalk,
    ScriptUse,
    SignpostGiven,
    VerifyResult,
)
from fieldkit.cases.paths import default_db_path
from fieldkit.cases.schema import CASE_TABLES, SCHEMA_VERSION, STATE_TABLES, migrate
from fieldkit.cases.times import Clock, iso, parse_time, utcnow
from fieldkit.cases.unlock import open_keyed, open_read_only
from fieldkit.textrule import identifier_key, normal_identifier, refusal

MEMORY = ":memory:"


class CaseStore:
    """All reads and writes of cases. Each public write is one transaction and one audit entry
    (or several entries for one action inside `atomic()`)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, lock: LockFile | None,
                 clock: Clock = utcnow):
        from sqlite_utils import Database  # heavy (it may load numpy): only once opened

        self.conn = conn
        self.db = Database(conn)
        self.path = path
        self.lock = lock
        self.clock = clock
        self._depth = 0
        self._pending: list[tuple[str, str, str, dict[str, Any]]] = []

    # -- opening and closing ------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | None = None, key: str | None = None,
             clock: Clock = utcnow) -> CaseStore:
        """Open (or create) the store; StoreError if it is damaged, in use, too new, or the
        passphrase is wrong. `key` is the officer's passphrase; without it the one typed
        earlier in this process, FIELDKIT_PASSPHRASE, or a terminal prompt is used."""
        path = Path(path) if path is not None else default_db_path()
        if path.is_symlink() and not path.exists():
            raise StoreError("not-found", f"The case database {path} is a link to a file that "
                             f"does not exist ({os.readlink(path)}). Nothing has been changed: "
                             "put the database back where the link points, or remove the link "
                             "to start without cases.")
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as exc:
            raise StoreError("unreadable", f"Cannot create the folder for cases, "
                             f"{path.parent} ({exc.strerror}).") from None
        lock = LockFile(path.with_name(path.name + ".lock"))
        made_lock = not lock.path.exists()
        try:
            got = lock.acquire()
        except OSError as exc:
            raise StoreError("unreadable", f"Cannot lock the case database {path} "
                             f"({exc.strerror}).") from None
        if not got:
            raise StoreError("locked", locked_message(path, lock.holder()))
        try:
            conn = open_keyed(path, key, SCHEMA_VERSION)  # passphrase, wrong tries, encryption
            try:
                found = check_database(conn, path, SCHEMA_VERSION)
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    conn.execute("ROLLBACK")
                except sqlite3.OperationalError as exc:
                    if is_locked_error(exc):
                        raise StoreError("locked", locked_message(path, by_fieldkit=False)
                                         ) from None
                    raise
                set_durable(conn)
                migrate(conn, found)
            except BaseException:
                conn.close()
                raise
        except BaseException:
            if made_lock:  # refused (e.g. a weak passphrase): leave nothing behind
                with contextlib.suppress(OSError):
                    lock.path.unlink()
            lock.release()
            raise
        return cls(conn, path, lock, clock)

    @classmethod
    def memory(cls, clock: Clock = utcnow) -> CaseStore:
        """A store that lives in memory only: a quick look is a case that is not kept, run by
        the same code as a saved one (answers, ticks, notes, the audit log, exports)."""
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn, 0)
        return cls(conn, Path(MEMORY), None, clock)

    @property
    def kept(self) -> bool:
        """False for a store in memory (a quick look): nothing survives closing it."""
        return str(self.path) != MEMORY

    @classmethod
    def open_for_reading(cls, path: Path | None = None,
                         key: str | None = None) -> tuple[CaseStore, bool]:
        """(store, writable): the store as `open` gives it, or, when the data folder cannot
        be written (no lock can be made), a store that only reads. Listing and verifying
        need no lock, so a read-only folder still shows its cases."""
        path = Path(path) if path is not None else default_db_path()
        try:
            return cls.open(path, key), True
        except StoreError as exc:
            if exc.reason != "unreadable" or not path.exists():
                raise
        conn = open_read_only(path, key)
        try:
            check_database(conn, path, SCHEMA_VERSION)
        except BaseException:
            conn.close()
            raise
        return cls(conn, path, None), False

    @classmethod
    def try_open(cls, path: Path | None = None,
                 key: str | None = None) -> tuple[CaseStore | None, str]:
        """For the app: the store, or None and the plain message to show."""
        try:
            return cls.open(path, key), ""
        except StoreError as exc:
            return None, str(exc)

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def __enter__(self) -> CaseStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions and the audit log ------------------------------------------------------

    @contextlib.contextmanager
    def atomic(self) -> Iterator[None]:
        """One transaction around everything inside; nested blocks join the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise _write_error(exc) from exc
        self._depth = 1
        self._pending = []
        try:
            yield
            self._flush()
            self.conn.execute("COMMIT")
        except BaseException as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise _write_error(exc) from exc
            raise
        finally:
            self._depth = 0
            self._pending = []

    def _log(self, case_id: str, action: str, detail: dict[str, Any]) -> None:
        """Queue one audit entry; entries are written when the transaction commits."""
        assert self._depth, "audit entries are written inside a transaction"
        self._pending.append((case_id, action, iso(self.clock()), detail))

    def _flush(self) -> None:
        """Append the transaction's entries to their chains. The last entry for each case
        carries the digest of the case as committed, so any change made to the case tables
        outside FieldKit afterwards shows up in `verify`."""
        last = {case_id: i for i, (case_id, *_rest) in enumerate(self._pending)}
        for i, (case_id, action, at, detail) in enumerate(self._pending):
            count, head = self._head(case_id)
            n, prev = count + 1, head or GENESIS
            if last[case_id] == i:
                detail = {**detail, "state": self.state_digest(case_id)}
            detail_json = canonical(detail)
            digest = entry_hash(case_id, n, at, action, detail_json, prev)
            self.conn.execute(
                "INSERT INTO audit (case_id, n, at, action, detail, prev, hash) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (case_id, n, at, action, detail_json, prev, digest))
            self.conn.execute("UPDATE cases SET audit_count = ?, audit_head = ? WHERE id = ?",
                              (n, digest, case_id))

    def _head(self, case_id: str) -> tuple[int, str]:
        row = self.conn.execute("SELECT audit_count, audit_head FROM cases WHERE id = ?",
                                (case_id,)).fetchone()
        if row is None:
            raise _not_found(case_id)
        return int(row[0]), str(row[1])

    def state_digest(self, case_id: str) -> str:
        """A digest of every row that makes up the case, tagged with the schema version."""
        h = hashlib.sha256()
        for table, (cols, order) in STATE_TABLES.items():
            key = "id" if table == "cases" else "case_id"
            for row in self.conn.execute(
                    f"SELECT {cols} FROM {table} WHERE {key} = ? ORDER BY {order}", (case_id,)):
                h.update(canonical([table, *row]).encode("utf-8"))
        return f"{SCHEMA_VERSION}:{h.hexdigest()}"

    def _require(self, case_id: str) -> None:
        if self.conn.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone() is None:
            raise _not_found(case_id)

    def _next(self, table: str, case_id: str, where: str = "", args: tuple[Any, ...] = ()) -> int:
        row = self.conn.execute(f"SELECT COALESCE(MAX(position), 0) + 1 FROM {table} "
                                f"WHERE case_id = ? {where}", (case_id, *args)).fetchone()
        return int(row[0])

    # -- cases ---------------------------------------------------------------------------------

    def create_case(self, reference: str, officer_name: str, officer_number: str = "",
                    station: str = "", location: str = "") -> str:
        """A new, empty case; returns its id."""
        reference = _ruled("reference", reference)
        for field, value in (("officer_name", officer_name), ("officer_number", officer_number),
                             ("station", station), ("location", location)):
            _ruled(field, value)
        case = Case(reference, Officer(officer_name, officer_number, station), self.clock(),
                    location)
        with self.atomic():
            case_id = self._insert_case(case)
            self._log(case_id, "case-created", {
                "reference": reference, "officer": officer_name, "number": officer_number,
                "station": station, "location": location})
        return case_id

    def import_case(self, case: Case, source: str = "", sha256: str = "") -> str:
        """Save a whole case read from a case file, as one transaction and one audit entry."""
        with self.atomic():
            case_id = self._insert_case(case)
            for w in case.walks:
                self._upsert_walk(case_id, w.guide, w.version, w.state())
            for fact, value in case.facts.items():
                self.conn.execute("INSERT INTO facts (case_id, fact, value) VALUES (?, ?, ?)",
                                  (case_id, fact, values.encode(value)))
            for checklist, items in case.checklists.items():
                for pos, item in enumerate(items, 1):
                    self.conn.execute("INSERT INTO ticks VALUES (?, ?, ?, ?)",
                                      (case_id, checklist, item, pos))
            self._insert_exhibits(case_id, case.exhibits)
            for sp in case.signposts:
                self._insert_signpost(case_id, sp)
            for use in case.scripts:
                for section in use.sections:
                    self._insert_section(case_id, use.script, section)
                for line in use.lines:
                    self._insert_line(case_id, use.script, line)
            self._log(case_id, "case-imported", {"file": source, "sha256": sha256,
                                                 "reference": case.reference})
        return case_id

    def _insert_case(self, case: Case) -> str:
        case_id = secrets.token_hex(4)
        while self.conn.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone():
            case_id = secrets.token_hex(4)
        self.db.table("cases").insert({
            "id": case_id, "reference": case.reference, "officer_name": case.officer.name,
            "officer_number": case.officer.number, "station": case.officer.station,
            "location": case.location, "opened": iso(case.opened), "notes": case.notes,
        })
        return case_id

    def update_case(self, case_id: str, **changes: str) -> None:
        """Edit the case header (reference, officer_name, officer_number, station, location)."""
        allowed = ("reference", "officer_name", "officer_number", "station", "location")
        unknown = sorted(set(changes) - set(allowed))
        if unknown:
            raise StoreError("bad-field", f"cannot edit {', '.join(unknown)} of a case")
        changes = {k: _ruled(k, v) for k, v in changes.items()}
        with self.atomic():
            self._require(case_id)
            old = self.db.table("cases").get(case_id)
            diff = {k: [old[k], v] for k, v in changes.items() if old[k] != v}
            if not diff:
                return
            self.db.table("cases").update(case_id, {k: v[1] for k, v in diff.items()})
            self._log(case_id, "details-edited", {"changes": diff})

    def list_cases(self) -> list[CaseSummary]:
        rows = self.conn.execute(
            "SELECT c.id, c.reference, c.officer_name, c.opened, "
            "(SELECT at FROM audit a WHERE a.case_id = c.id ORDER BY n DESC LIMIT 1), "
            "(SELECT COUNT(*) FROM exhibits e WHERE e.case_id = c.id) "
            "FROM cases c ORDER BY c.opened DESC, c.id").fetchall()
        out = []
        for cid, ref, officer, opened, last, exhibits in rows:
            out.append(CaseSummary(cid, ref, officer, parse_time(opened) or utcnow(), last or "",
                                   int(exhibits)))
        return out

    def load(self, case_id: str) -> Case:
        """The case as it stands after its last action."""
        row = self.db.table("cases").get(case_id) if self._exists(case_id) else None
        if row is None:
            raise _not_found(case_id)
        q = self.conn.execute
        case = Case(
            reference=row["reference"],
            officer=Officer(row["officer_name"], row["officer_number"], row["station"]),
            opened=parse_time(row["opened"]) or utcnow(),
            location=row["location"],
            notes=row["notes"],
            id=case_id,
        )
        case.facts = {f: values.decode(v) for f, v in q(
            "SELECT fact, value FROM facts WHERE case_id = ? ORDER BY rowid", (case_id,))}
        case.walks = [SavedWalk.from_state(g, v, json.loads(s)) for g, v, s in q(
            "SELECT guide, version, state FROM walks WHERE case_id = ? ORDER BY position",
            (case_id,))]
        for checklist, item in q("SELECT checklist, item FROM ticks WHERE case_id = ? "
                                 "ORDER BY checklist, position", (case_id,)):
            case.checklists.setdefault(checklist, []).append(item)
        continuity: dict[str, list[Continuity]] = {}
        for ex_id, frm, to, at, why in q(
                "SELECT exhibit_id, from_person, to_person, at, why FROM continuity "
                "WHERE case_id = ? ORDER BY exhibit_id, position", (case_id,)):
            continuity.setdefault(ex_id, []).append(Continuity(frm, to, parse_time(at), why))
        exhibits = self.db.table("exhibits")
        for r in exhibits.rows_where("case_id = ?", [case_id], order_by="position"):
            ex = _exhibit_from_row(r)
            ex.continuity = continuity.get(ex.id, [])
            case.exhibits.append(ex)
        case.signposts = [SignpostGiven(s, to, parse_time(at), why, parse_time(w_at))
                          for s, to, at, why, w_at in q(
            "SELECT signpost, given_to, given_at, withdrawn, withdrawn_at FROM signposts "
            "WHERE case_id = ? ORDER BY position", (case_id,))]
        scripts: dict[str, ScriptUse] = {}
        for script, section in q("SELECT script, section FROM script_sections "
                                 "WHERE case_id = ? ORDER BY position", (case_id,)):
            scripts.setdefault(script, ScriptUse(script)).sections.append(section)
        for script, section, text, at in q("SELECT script, section, text, at FROM script_lines "
                                           "WHERE case_id = ? ORDER BY position", (case_id,)):
            scripts.setdefault(script, ScriptUse(script)).lines.append(
                CopiedLine(section, text, parse_time(at)))
        case.scripts = list(scripts.values())
        return case

    def tick_times(self, case_id: str, checklist_id: str) -> dict[str, datetime]:
        """When each item of a checklist now ticked was ticked, from the audit log (an item
        ticked before the case was imported has no time here)."""
        out: dict[str, datetime] = {}
        for at, action, detail in self.conn.execute(
                "SELECT at, action, detail FROM audit WHERE case_id = ? "
                "AND action IN ('tick', 'untick') ORDER BY n", (case_id,)):
            d = json.loads(detail)
            if d.get("checklist") != checklist_id:
                continue
            when = parse_time(at)
            if action == "tick" and when is not None:
                out[d.get("item", "")] = when
            else:
                out.pop(d.get("item", ""), None)
        return out

    def _exists(self, case_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM cases WHERE id = ?",
                                 (case_id,)).fetchone() is not None

    def delete(self, case_id: str) -> None:
        """Remove the case and its audit log; secure_delete zeroes the freed pages."""
        with self.atomic():
            self._require(case_id)
            for table in CASE_TABLES:
                self.conn.execute(f"DELETE FROM {table} WHERE case_id = ?", (case_id,))
            self.conn.execute("DELETE FROM cases WHERE id = ?", (case_id,))
            self.conn.execute("DELETE FROM audit WHERE case_id = ?", (case_id,))
        with contextlib.suppress(sqlite3.Error):
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # -- facts and walks -------------------------------------------------------------------------

    def set_fact(self, case_id: str, fact: str, value: Any, guide: str = "",
                 how: str = "answer") -> None:
        """Record an answer, a changed answer or a skip (`how`)."""
        if how not in FACT_HOW:
            raise StoreError("bad-field", f"'how' must be one of {', '.join(FACT_HOW)}")
        with self.atomic():
            self._require(case_id)
            old = self.conn.execute("SELECT value FROM facts WHERE case_id = ? AND fact = ?",
                                    (case_id, fact)).fetchone()
            encoded = values.encode(value)
            self.conn.execute(
                "INSERT INTO facts (case_id, fact, value) VALUES (?, ?, ?) "
                "ON CONFLICT (case_id, fact) DO UPDATE SET value = excluded.value",
                (case_id, fact, encoded))
            detail: dict[str, Any] = {"fact": fact, "value": json.loads(encoded), "guide": guide}
            if old is not None:
                detail["old"] = json.loads(old[0])
            self._log(case_id, how, detail)

    def clear_fact(self, case_id: str, fact: str, guide: str = "", reason: str = "") -> None:
        with self.atomic():
            self._require(case_id)
            old = self.conn.execute("SELECT value FROM facts WHERE case_id = ? AND fact = ?",
                                    (case_id, fact)).fetchone()
            if old is None:
                return
            self.conn.execute("DELETE FROM facts WHERE case_id = ? AND fact = ?",
                              (case_id, fact))
            self._log(case_id, "clear", {"fact": fact, "old": json.loads(old[0]),
                                         "guide": guide, "reason": reason})

    def save_walk(self, case_id: str, guide_id: str, version: str, state: dict[str, Any],
                  action: str | None = "walk", detail: dict[str, Any] | None = None) -> None:
        """Keep a walk's state; `action` names its audit entry (None inside a larger action
        that already logs itself, such as an answer)."""
        if not action and not self._depth:
            raise ValueError("save_walk without an audit action belongs inside atomic(), "
                             "next to the action that logs it")
        with self.atomic():
            self._require(case_id)
            self._upsert_walk(case_id, guide_id, version, state)
            if action:
                self._log(case_id, action, {"guide": guide_id, "version": version,
                                            **(detail or {})})

    def _upsert_walk(self, case_id: str, guide_id: str, version: str,
                     state: dict[str, Any]) -> None:
        self.conn.execute(
            "INSERT INTO walks (case_id, guide, version, position, state) VALUES (?, ?, ?, "
            "(SELECT COALESCE(MAX(position), 0) + 1 FROM walks WHERE case_id = ?), ?) "
            "ON CONFLICT (case_id, guide) DO UPDATE SET version = excluded.version, "
            "state = excluded.state",
            (case_id, guide_id, version, case_id, canonical(state)))

    def remove_walk(self, case_id: str, guide_id: str, detail: dict[str, Any] | None = None
                    ) -> None:
        """Take a guide off the case (the officer opened it by mistake, or its outcome does not
        apply); the audit log keeps what it held."""
        with self.atomic():
            self._require(case_id)
            row = self.conn.execute("SELECT version, state FROM walks WHERE case_id = ? AND "
                                    "guide = ?", (case_id, guide_id)).fetchone()
            if row is None:
                return
            self.conn.execute("DELETE FROM walks WHERE case_id = ? AND guide = ?",
                              (case_id, guide_id))
            self._log(case_id, "walk-removed", {"guide": guide_id, "version": row[0],
                                                "walk": json.loads(row[1]), **(detail or {})})

    # -- checklists, notes ---------------------------------------------------------------------

    def tick(self, case_id: str, checklist_id: str, item_id: str, ticked: bool = True) -> None:
        with self.atomic():
            self._require(case_id)
            if ticked:
                pos = self._next("ticks", case_id, "AND checklist = ?", (checklist_id,))
                self.conn.execute("INSERT OR IGNORE INTO ticks VALUES (?, ?, ?, ?)",
                                  (case_id, checklist_id, item_id, pos))
            else:
                self.conn.execute("DELETE FROM ticks WHERE case_id = ? AND checklist = ? AND "
                                  "item = ?", (case_id, checklist_id, item_id))
            self._log(case_id, "tick" if ticked else "untick",
                      {"checklist": checklist_id, "item": item_id})

    def set_notes(self, case_id: str, text: str) -> None:
        _ruled("notes", text)
        """Keep the officer's notes exactly as typed; the audit entry holds each version."""
        with self.atomic():
            self._require(case_id)
            old = self.conn.execute("SELECT notes FROM cases WHERE id = ?",
                                    (case_id,)).fetchone()[0]
            if old == text:
                return
            self.conn.execute("UPDATE cases SET notes = ? WHERE id = ?", (text, case_id))
            self._log(case_id, "notes", {"text": text})

    # -- exhibits ----------------------------------------------------------------------------------

    def add_exhibit(self, case_id: str, exhibit: Exhibit) -> str:
        """Log a seized item; returns its id (stable even if its ref is edited later)."""
        exhibit = _ruled_exhibit(exhibit)
        with self.atomic():
            self._require(case_id)
            self._check_ref(case_id, exhibit.ref)
            ex_id = self._insert_exhibit(case_id, exhibit)
            for c in exhibit.continuity:
                self._insert_continuity(case_id, ex_id, c)
            self._log(case_id, "exhibit-added", {"id": ex_id, **_exhibit_detail(exhibit)})
        return ex_id

    def update_exhibit(self, case_id: str, exhibit_id: str, **changes: Any) -> None:
        """Edit fields of a logged exhibit (by its id); the audit entry keeps old and new."""
        unknown = sorted(set(changes) - set(EXHIBIT_FIELDS))
        if unknown:
            raise StoreError("bad-field", f"exhibits have no field {', '.join(unknown)} "
                             f"(fields: {', '.join(EXHIBIT_FIELDS)})")
        if isinstance(changes.get("seized_at"), str):
            changes["seized_at"] = parse_time(changes["seized_at"])
        if "actions" in changes:
            changes["actions"] = [_ruled("action", str(a)) for a in changes["actions"]]
        changes = {k: _ruled(k, v) for k, v in changes.items()}
        with self.atomic():
            row = self._exhibit_row(case_id, exhibit_id)
            old = _exhibit_from_row(row)
            new_row = _exhibit_row(Exhibit(**{**_fields(old), **changes}))
            diff = {k: [_jsonable(getattr(old, k)), _jsonable(changes[k])]
                    for k in changes if row[k] != new_row[k]}
            if not diff:
                return
            if "ref" in diff:
                self._check_ref(case_id, changes["ref"], exhibit_id)
            self.db.table("exhibits").update((case_id, exhibit_id), {k: new_row[k] for k in diff})
            self._log(case_id, "exhibit-edited", {"id": exhibit_id, "ref": old.ref,
                                                  "changes": diff})

    def add_continuity(self, case_id: str, exhibit_id: str, continuity: Continuity) -> None:
        """Record one handover of an exhibit (from, to, when, why)."""
        for key, value in (("from", continuity.from_), ("to", continuity.to),
                           ("why", continuity.why)):
            _ruled(key, value)
        with self.atomic():
            row = self._exhibit_row(case_id, exhibit_id)
            self._insert_continuity(case_id, exhibit_id, continuity)
            self._log(case_id, "continuity-added", {
                "id": exhibit_id, "ref": row["ref"], "from": continuity.from_,
                "to": continuity.to, "at": iso(continuity.at), "why": continuity.why})

    def withdraw_exhibit(self, case_id: str, exhibit_id: str, reason: str) -> None:
        """Mark an exhibit entered in error as withdrawn, with the reason. It stays in the
        record (the note shows it struck through); the audit entry says who-what-why."""
        reason = _reason(reason)
        with self.atomic():
            row = self._exhibit_row(case_id, exhibit_id)
            if row["withdrawn"]:
                raise StoreError("withdrawn", f"exhibit '{row['ref']}' is already withdrawn")
            self.db.table("exhibits").update((case_id, exhibit_id), {
                "withdrawn": reason, "withdrawn_at": iso(self.clock())})
            self._log(case_id, "exhibit-withdrawn", {"id": exhibit_id, "ref": row["ref"],
                                                     "reason": reason})

    def withdraw_signpost(self, case_id: str, index: int, reason: str) -> None:
        """Withdraw the `index`-th service given (in the order given), with the reason; kept
        in the record and the note, struck through."""
        reason = _reason(reason)
        with self.atomic():
            self._require(case_id)
            rows = self.conn.execute("SELECT position, signpost, given_to, withdrawn FROM "
                                     "signposts WHERE case_id = ? ORDER BY position",
                                     (case_id,)).fetchall()
            if not 0 <= index < len(rows):
                raise StoreError("not-found", f"case {case_id} has no service given number "
                                 f"{index + 1}")
            pos, signpost, given_to, withdrawn = rows[index]
            if withdrawn:
                raise StoreError("withdrawn", f"'{signpost}' given to {given_to or 'someone'} "
                                 "is already withdrawn")
            self.conn.execute("UPDATE signposts SET withdrawn = ?, withdrawn_at = ? "
                              "WHERE case_id = ? AND position = ?",
                              (reason, iso(self.clock()), case_id, pos))
            self._log(case_id, "signpost-withdrawn", {"signpost": signpost,
                                                      "given_to": given_to, "reason": reason})

    def _exhibit_row(self, case_id: str, exhibit_id: str) -> dict[str, Any]:
        self._require(case_id)
        rows = list(self.db.table("exhibits").rows_where("case_id = ? AND id = ?",
                                                   [case_id, exhibit_id]))
        if not rows:
            raise StoreError("not-found", f"case {case_id} has no exhibit '{exhibit_id}'")
        return rows[0]

    def _check_ref(self, case_id: str, ref: str, exhibit_id: str = "") -> None:
        if not ref.strip():
            raise StoreError("bad-field", "an exhibit needs a reference (for example SJ/1)")
        same = identifier_key(ref)
        for (used,) in self.conn.execute("SELECT ref FROM exhibits WHERE case_id = ? AND "
                                         "id != ?", (case_id, exhibit_id)):
            if identifier_key(used) == same:
                raise StoreError("duplicate", f"exhibit reference '{ref}' is already used in "
                                 f"this case (as '{used}'; references are compared without "
                                 "case or spaces at the ends)")

    def _insert_exhibit(self, case_id: str, exhibit: Exhibit) -> str:
        ex_id = exhibit.id or secrets.token_hex(6)
        row = {"case_id": case_id, "id": ex_id, "position": self._next("exhibits", case_id),
               **_exhibit_row(exhibit)}
        self.db.table("exhibits").insert(row)
        return ex_id

    def _insert_exhibits(self, case_id: str, exhibits: list[Exhibit]) -> None:
        """Many exhibits at once, for an import: positions counted here rather than looked
        up per row, and one batched statement per table, so time grows linearly."""
        start = self._next("exhibits", case_id)
        rows: list[dict[str, Any]] = []
        moves: list[tuple[Any, ...]] = []
        for pos, ex in enumerate(exhibits, start):
            ex_id = ex.id or secrets.token_hex(6)
            rows.append({"case_id": case_id, "id": ex_id, "position": pos, **_exhibit_row(ex)})
            moves += [(case_id, ex_id, n, c.from_, c.to, iso(c.at), c.why)
                      for n, c in enumerate(ex.continuity, 1)]
        if rows:
            cols = list(rows[0])
            self.conn.executemany(
                f"INSERT INTO exhibits ({', '.join(cols)}) VALUES "
                f"({', '.join('?' for _ in cols)})", [tuple(r[c] for c in cols) for r in rows])
        self.conn.executemany("INSERT INTO continuity VALUES (?, ?, ?, ?, ?, ?, ?)", moves)

    def _insert_continuity(self, case_id: str, exhibit_id: str, c: Continuity) -> None:
        pos = self._next("continuity", case_id, "AND exhibit_id = ?", (exhibit_id,))
        self.conn.execute("INSERT INTO continuity VALUES (?, ?, ?, ?, ?, ?, ?)",
                          (case_id, exhibit_id, pos, c.from_, c.to, iso(c.at), c.why))

    # -- signposts, scripts, exports -------------------------------------------------------------

    def give_signpost(self, case_id: str, signpost_id: str, given_to: str = "") -> None:
        """Record that a service was given to someone, now."""
        given = SignpostGiven(signpost_id, _ruled("given_to", given_to), self.clock())
        with self.atomic():
            self._require(case_id)
            self._insert_signpost(case_id, given)
            self._log(case_id, "signpost-given", {"signpost": signpost_id,
                                                  "given_to": given_to})

    def _insert_signpost(self, case_id: str, sp: SignpostGiven) -> None:
        self.conn.execute("INSERT INTO signposts VALUES (?, ?, ?, ?, ?, ?, ?)",
                          (case_id, self._next("signposts", case_id), sp.signpost,
                           sp.given_to, iso(sp.at), sp.withdrawn, iso(sp.withdrawn_at)))

    def mark_script_section(self, case_id: str, script_id: str, section_id: str,
                            used: bool = True) -> None:
        with self.atomic():
            self._require(case_id)
            if used:
                self._insert_section(case_id, script_id, section_id)
            else:
                self.conn.execute("DELETE FROM script_sections WHERE case_id = ? AND "
                                  "script = ? AND section = ?", (case_id, script_id, section_id))
            self._log(case_id, "script-section", {"script": script_id, "section": section_id,
                                                  "used": used})

    def _insert_section(self, case_id: str, script_id: str, section_id: str) -> None:
        self.conn.execute("INSERT OR IGNORE INTO script_sections VALUES (?, ?, ?, ?)",
                          (case_id, script_id, section_id, self._next("script_sections",
                                                                      case_id)))

    def copy_script_line(self, case_id: str, script_id: str, section_id: str,
                         text: str) -> None:
        line = CopiedLine(section_id, text, self.clock())
        with self.atomic():
            self._require(case_id)
            self._insert_line(case_id, script_id, line)
            self._log(case_id, "script-line-copied", {"script": script_id,
                                                      "section": section_id, "text": text})

    def _insert_line(self, case_id: str, script_id: str, line: CopiedLine) -> None:
        self.conn.execute("INSERT INTO script_lines VALUES (?, ?, ?, ?, ?, ?)",
                          (case_id, self._next("script_lines", case_id), script_id,
                           line.section, line.text, iso(line.at)))

    def record_export(self, case_id: str, kind: str, path: str | Path,
                      sha256: str = "", files: list[dict[str, str]] | None = None) -> None:
        """Log that the case left FieldKit (a handover note, a case file, labels...): a file
        and its hash, or with `files` a set (each file's name, SHA-256 and, for a leaflet,
        whom it was given to; see fieldkit.handover.export)."""
        detail: dict[str, Any] = {"kind": kind, "path": str(path)}
        if files is None:
            detail["sha256"] = sha256
        else:
            detail["files"] = files
        with self.atomic():
            self._require(case_id)
            self._log(case_id, "export", detail)

    # -- the audit log -----------------------------------------------------------------------------

    def audit(self, case_id: str) -> list[AuditEntry]:
        self._require(case_id)
        return [AuditEntry(n, at, action, json.loads(detail), prev, h)
                for n, at, action, detail, prev, h in self.conn.execute(
                    "SELECT n, at, action, detail, prev, hash FROM audit WHERE case_id = ? "
                    "ORDER BY n", (case_id,))]

    def verify(self, case_id: str) -> VerifyResult:
        """Whether the case's audit chain is intact and matches the case as stored."""
        count, head = self._head(case_id)
        rows = self.conn.execute("SELECT n, at, action, detail, prev, hash FROM audit "
                                 "WHERE case_id = ? ORDER BY n", (case_id,)).fetchall()
        return check_chain(case_id, rows, count, head, self.state_digest(case_id))


# -- rows <-> exhibits ---------------------------------------------------------------------------

def _fields(ex: Exhibit) -> dict[str, Any]:
    return {k: getattr(ex, k) for k in EXHIBIT_FIELDS}


def _jsonable(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return iso(value)
    return list(value) if isinstance(value, (list, tuple)) else value


def _exhibit_detail(ex: Exhibit) -> dict[str, Any]:
    out = {k: _jsonable(v) for k, v in _fields(ex).items()}
    out["continuity"] = [{"from": c.from_, "to": c.to, "at": iso(c.at), "why": c.why}
                         for c in ex.continuity]
    return out


def _reason(reason: str) -> str:
    reason = " ".join(str(reason).split())
    if not reason:
        raise StoreError("bad-field", "say why it is withdrawn (for example: entered in "
                         "error, wrong case)")
    return reason


def _exhibit_row(ex: Exhibit) -> dict[str, Any]:
    row = _fields(ex)
    row["withdrawn"], row["withdrawn_at"] = ex.withdrawn, iso(ex.withdrawn_at)
    row["seized_at"] = iso(ex.seized_at)
    row["actions"] = json.dumps(list(ex.actions), ensure_ascii=False)
    return row


def _exhibit_from_row(row: dict[str, Any]) -> Exhibit:
    data = {k: row[k] for k in EXHIBIT_FIELDS}
    data["seized_at"] = parse_time(row["seized_at"])
    data["actions"] = [str(a) for a in json.loads(row["actions"] or "[]")]
    return Exhibit(**data, id=row["id"], withdrawn=row["withdrawn"],
                   withdrawn_at=parse_time(row["withdrawn_at"]))


def _not_found(case_id: str) -> StoreError:
    return StoreError("not-found", f"there is no case '{case_id}' (fieldkit case list shows "
                      "the cases kept on this computer)")


def _write_error(exc: sqlite3.Error) -> StoreError:
    if is_locked_error(exc):
        return StoreError("locked", f"The case database is busy and this action was not "
                          f"saved ({exc}). Try again.")
    return StoreError("write", f"FieldKit could not save this action ({exc}). Nothing was "
                      "half-saved; try again, and tell IT support if it keeps happening.")


# The text rule (fieldkit.textrule) for what an officer types, as for what a case file holds.
_MULTILINE = frozenset({"notes", "description", "why", "text"})
_IDENTIFIERS = frozenset({"ref", "seal", "reference"})
_LABELS = {"officer_name": "officer's name", "officer_number": "officer's number",
           "ref": "exhibit reference", "seal": "seal number", "reference": "case reference"}


def _ruled(field: str, value: Any) -> Any:
    """`value` checked by the text rule (identifiers normalised); StoreError if refused."""
    if not isinstance(value, str):
        return value
    why = refusal(value, multiline=field in _MULTILINE, identifier=field in _IDENTIFIERS)
    if why:
        raise StoreError("bad-text", f"{_LABELS.get(field, field.replace('_', ' '))}: {why}")
    return normal_identifier(value) if field in _IDENTIFIERS else value


def _ruled_exhibit(ex: Exhibit) -> Exhibit:
    data = {k: _ruled(k, v) for k, v in _fields(ex).items()}
    data["actions"] = [_ruled("action", a) for a in ex.actions]
    for c in ex.continuity:
        for key, value in (("from", c.from_), ("to", c.to), ("why", c.why)):
            _ruled(key, value)
    return Exhibit(**data, continuity=ex.continuity, id=ex.id)
