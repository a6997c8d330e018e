"""Opening a case database safely: one function connects, one lock keeps one FieldKit per file.

`connect()` is the only place a connection is made, so encryption (SQLCipher keyed from a
passphrase) slots in here without touching the store. `check_database()` reads before anything
writes: a damaged file, one in use, or one from a newer FieldKit is reported in plain words and
left exactly as it is.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

from fieldkit.diagnostics import FieldKitError

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 2000


class StoreError(FieldKitError):
    """The case store cannot be used; `reason` says why (for the app to choose its words)."""

    def __init__(self, reason: str, message: str):
        self.reason = reason  # corrupt | locked | newer | unreadable | encryption | not-found ...
        super().__init__(message)


def connect(path: Path, key: str | None = None, read_only: bool = False) -> sqlite3.Connection:
    """A connection with FieldKit's settings: WAL, synchronous=FULL, explicit transactions.

    Cases are only ever kept encrypted, so `key` (the officer's passphrase) is required: the
    connection is SQLCipher's (through `sqlcipher3`, keyed as `fieldkit.security.kdf` says), it
    raises the standard `sqlite3` errors, and keeps temporary tables in memory so sorting and
    VACUUM never put case text in a temporary file.
    """
    if key is None:
        raise StoreError("encryption", "FieldKit keeps cases only in an encrypted database, "
                         "and no passphrase was given to open it.")
    try:
        from sqlcipher3 import dbapi2 as driver  # type: ignore[import-not-found]
    except ImportError:
        raise StoreError("encryption", "This FieldKit cannot open encrypted case databases "
                         "(sqlcipher3 is not installed).") from None
    from fieldkit.security.connection import Connection
    from fieldkit.security.kdf import apply_key

    if read_only:  # a read-only data folder: no lock, no -wal or -shm file can be made
        name = str(path.absolute()).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
        target, uri = f"file:{name}?mode=ro&immutable=1", True
    else:
        target, uri = str(path), False
    conn: Any = Connection(driver.connect(target, timeout=BUSY_TIMEOUT_MS / 1000, uri=uri,
                                          isolation_level=None, check_same_thread=False))
    try:
        apply_key(conn, key)
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    except BaseException:
        conn.close()
        raise
    return conn  # type: ignore[no-any-return]


def set_durable(conn: sqlite3.Connection) -> None:
    """WAL and a full sync on every commit: an action is on disk when its call returns.

    Called only after `check_database` passed, because switching to WAL writes the header.
    """
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")  # a deleted case leaves no readable pages


def _plain(path: Path) -> str:
    return f"The case database {path}"


def check_header(path: Path, encrypted: bool) -> None:
    """Refuse a file that is not SQLite at all, before SQLite touches it."""
    if encrypted or not path.exists():
        return
    try:
        with path.open("rb") as f:
            head = f.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError("unreadable", f"{_plain(path)} cannot be read ({exc.strerror}). "
                         "FieldKit will start without cases.") from None
    if head and head != SQLITE_HEADER:
        raise StoreError("corrupt", corrupt_message(path))


def corrupt_message(path: Path) -> str:
    return (f"{_plain(path)} is damaged or is not a FieldKit case database. It has not been "
            "changed. FieldKit will start without cases; ask IT support to recover the file.")


def check_database(conn: sqlite3.Connection, path: Path, newest: int) -> int:
    """Read-only checks on an open connection: returns the schema version found."""
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version > newest:
            raise StoreError("newer", f"{_plain(path)} was written by a newer FieldKit (case "
                             f"format {version}; this FieldKit reads up to {newest}). It has "
                             "not been changed. Update FieldKit to open it; until then "
                             "FieldKit starts without cases.")
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        if is_locked_error(exc):
            raise StoreError("locked", locked_message(path, by_fieldkit=False)) from None
        raise StoreError("corrupt", corrupt_message(path)) from None
    if rows != [("ok",)]:
        raise StoreError("corrupt", corrupt_message(path))
    return version


def is_locked_error(exc: BaseException) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def locked_message(path: Path, pid: str = "", by_fieldkit: bool = True) -> str:
    who = f" (process {pid})" if pid else ""
    if not by_fieldkit:
        return (f"{_plain(path)} is in use by another program. Close it and try again. "
                "FieldKit starts without cases; nothing has been changed.")
    return (f"{_plain(path)} is open in another FieldKit{who}. Close the other FieldKit window "
            "and try again. This one starts without cases; nothing has been changed.")


class LockFile:
    """An exclusive OS lock held while a store is open; the OS drops it if FieldKit dies."""

    def __init__(self, path: Path):
        self.path = path
        self.fd: int | None = None

    def acquire(self) -> bool:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            _lock(fd)
        except OSError:
            os.close(fd)
            return False
        self.fd = fd
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        return True

    def holder(self) -> str:
        """The process id written by whoever holds the lock, if readable."""
        try:
            return self.path.read_text(encoding="ascii").strip()[:12]
        except (OSError, UnicodeDecodeError):
            return ""

    def release(self) -> None:
        if self.fd is not None:
            with contextlib.suppress(OSError):
                _unlock(self.fd)
            os.close(self.fd)
            self.fd = None


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds only
    import msvcrt

    def _lock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
