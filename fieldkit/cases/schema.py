"""The case database's schema, as data: each version is a list of SQL statements.

`PRAGMA user_version` says which version a file holds; `migrate()` applies every later list in
one transaction, so a crash mid-way leaves the file as it was. Never edit a released list: add
the next version instead.
"""

from __future__ import annotations

import sqlite3

from fieldkit.cases.db import StoreError

MIGRATIONS: dict[int, list[str]] = {
    1: [
        """CREATE TABLE cases (
            id TEXT PRIMARY KEY,
            reference TEXT NOT NULL,
            officer_name TEXT NOT NULL,
            officer_number TEXT NOT NULL DEFAULT '',
            station TEXT NOT NULL DEFAULT '',
            location TEXT NOT NULL DEFAULT '',
            opened TEXT NOT NULL,
            notes TEXT NOT NULL DEFAULT '',
            audit_count INTEGER NOT NULL DEFAULT 0,
            audit_head TEXT NOT NULL DEFAULT '')""",
        """CREATE TABLE facts (
            case_id TEXT NOT NULL, fact TEXT NOT NULL, value TEXT NOT NULL,
            PRIMARY KEY (case_id, fact))""",
        """CREATE TABLE walks (
            case_id TEXT NOT NULL, guide TEXT NOT NULL, version TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL, state TEXT NOT NULL DEFAULT '{}',
            PRIMARY KEY (case_id, guide))""",
        """CREATE TABLE ticks (
            case_id TEXT NOT NULL, checklist TEXT NOT NULL, item TEXT NOT NULL,
            position INTEGER NOT NULL,
            PRIMARY KEY (case_id, checklist, item))""",
        """CREATE TABLE exhibits (
            case_id TEXT NOT NULL, id TEXT NOT NULL, position INTEGER NOT NULL,
            ref TEXT NOT NULL, kind TEXT NOT NULL DEFAULT '',
            description TEXT NOT NULL DEFAULT '', found TEXT NOT NULL DEFAULT '',
            seized_at TEXT NOT NULL DEFAULT '', seal TEXT NOT NULL DEFAULT '',
            power TEXT NOT NULL DEFAULT '', locked TEXT NOT NULL DEFAULT '',
            passcode_given TEXT NOT NULL DEFAULT '', notes TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (case_id, id))""",
        """CREATE TABLE signposts (
            case_id TEXT NOT NULL, signpost TEXT NOT NULL, position INTEGER NOT NULL,
            PRIMARY KEY (case_id, signpost))""",
        """CREATE TABLE audit (
            case_id TEXT NOT NULL, n INTEGER NOT NULL, at TEXT NOT NULL,
            action TEXT NOT NULL, detail TEXT NOT NULL, prev TEXT NOT NULL, hash TEXT NOT NULL,
            PRIMARY KEY (case_id, n))""",
        """CREATE TRIGGER audit_append_only BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
        """CREATE TRIGGER audit_kept_with_case BEFORE DELETE ON audit
            WHEN EXISTS (SELECT 1 FROM cases WHERE id = OLD.case_id)
            BEGIN SELECT RAISE(ABORT, 'audit entries go only when their case is deleted'); END""",
    ],
    # 2: the exhibit log in full (make/model, serial, who seized it, what was done, charger,
    # continuity), signposts given to someone at a time (and more than once), scripts used.
    2: [
        "ALTER TABLE exhibits ADD COLUMN make_model TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE exhibits ADD COLUMN serial TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE exhibits ADD COLUMN seized_by TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE exhibits ADD COLUMN actions TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE exhibits ADD COLUMN charger_seized TEXT NOT NULL DEFAULT ''",
        """CREATE TABLE continuity (
            case_id TEXT NOT NULL, exhibit_id TEXT NOT NULL, position INTEGER NOT NULL,
            from_person TEXT NOT NULL, to_person TEXT NOT NULL, at TEXT NOT NULL DEFAULT '',
            why TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (case_id, exhibit_id, position))""",
        """CREATE TABLE signposts_v2 (
            case_id TEXT NOT NULL, position INTEGER NOT NULL, signpost TEXT NOT NULL,
            given_to TEXT NOT NULL DEFAULT '', given_at TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (case_id, position))""",
        """INSERT INTO signposts_v2 (case_id, position, signpost)
            SELECT case_id, position, signpost FROM signposts""",
        "DROP TABLE signposts",
        "ALTER TABLE signposts_v2 RENAME TO signposts",
        """CREATE TABLE script_sections (
            case_id TEXT NOT NULL, script TEXT NOT NULL, section TEXT NOT NULL,
            position INTEGER NOT NULL,
            PRIMARY KEY (case_id, script, section))""",
        """CREATE TABLE script_lines (
            case_id TEXT NOT NULL, position INTEGER NOT NULL, script TEXT NOT NULL,
            section TEXT NOT NULL, text TEXT NOT NULL, at TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (case_id, position))""",
    ],
    # Version 3: an exhibit or a service given can be withdrawn with a reason (never erased).
    3: [
        "ALTER TABLE exhibits ADD COLUMN withdrawn TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE exhibits ADD COLUMN withdrawn_at TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE signposts ADD COLUMN withdrawn TEXT NOT NULL DEFAULT ''",
        "ALTER TABLE signposts ADD COLUMN withdrawn_at TEXT NOT NULL DEFAULT ''",
    ],
}

SCHEMA_VERSION = max(MIGRATIONS)

# Per table: the columns that make up a case's state, in a fixed order, and the sort order.
# The audit log hashes these rows, so `verify` notices an edit made outside FieldKit.
STATE_TABLES: dict[str, tuple[str, str]] = {
    "cases": ("reference, officer_name, officer_number, station, location, opened, notes", "id"),
    "facts": ("fact, value", "fact"),
    "walks": ("guide, version, position, state", "position"),
    "ticks": ("checklist, item, position", "checklist, position"),
    "exhibits": ("id, position, ref, kind, description, make_model, serial, found, seized_at, "
                 "seized_by, seal, power, locked, passcode_given, actions, charger_seized, notes, "
                 "withdrawn, withdrawn_at", "position"),
    "continuity": ("exhibit_id, position, from_person, to_person, at, why",
                   "exhibit_id, position"),
    "signposts": ("position, signpost, given_to, given_at, withdrawn, withdrawn_at", "position"),
    "script_sections": ("script, section, position", "script, position"),
    "script_lines": ("position, script, section, text, at", "position"),
}
CASE_TABLES = tuple(t for t in STATE_TABLES if t != "cases")


def migrate(conn: sqlite3.Connection, found: int) -> int:
    """Bring a database from version `found` to SCHEMA_VERSION in one transaction."""
    if found >= SCHEMA_VERSION:
        return found
    conn.execute("BEGIN IMMEDIATE")
    try:
        for version in range(found + 1, SCHEMA_VERSION + 1):
            for statement in MIGRATIONS[version]:
                conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except sqlite3.Error as exc:
        conn.execute("ROLLBACK")
        raise StoreError("migration", f"The case database could not be updated to format "
                         f"{SCHEMA_VERSION} ({exc}). It has been left as it was.") from None
    return SCHEMA_VERSION
