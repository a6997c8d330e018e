"""The encrypted database file: what state it is in, whether a passphrase opens it, and turning
an old unencrypted database into an encrypted one without leaving the old one readable.

Decision on old unencrypted databases (from FieldKit before encryption): they are migrated,
not refused. The whole database is copied with `sqlcipher_export` into an encrypted file
beside it, which is read back and synced. Then the old file is renamed aside and the encrypted
one renamed into its place (two atomic renames, which work on Windows too), and only then is
the old file overwritten with zeros and removed, with its WAL and shared-memory files. If
FieldKit stops between the two renames, the next open puts the old file back and starts again;
if it stops after them, the next open finishes the wiping. A damaged or newer-format old
database is refused exactly as before, untouched.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any

from fieldkit.cases.db import (
    BUSY_TIMEOUT_MS,
    SQLITE_HEADER,
    StoreError,
    check_database,
    connect,
)

PAGE_SIZE = 4096  # SQLCipher 4 pages: an encrypted database is always whole pages
SIDE_FILES = ("-wal", "-shm", "-journal")


def side_files(path: Path) -> list[Path]:
    return [path.with_name(path.name + s) for s in SIDE_FILES]


def aside_path(path: Path) -> Path:
    """Where an old unencrypted database waits to be wiped, between the two renames."""
    return path.with_name(f".{path.name}.unencrypted-old")


def database_state(path: Path) -> str:
    """'new' (no file, or an empty one), 'plain' (unencrypted SQLite), 'encrypted', or
    'damaged' (neither: not whole pages, or unreadable)."""
    try:
        size = path.stat().st_size
        if size == 0:
            return "new"
        with path.open("rb") as f:
            head = f.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return "new"
    except OSError:
        return "damaged"
    if head == SQLITE_HEADER:
        return "plain"
    if size < PAGE_SIZE or size % PAGE_SIZE:
        return "damaged"
    return "encrypted"


def key_opens(conn: Any) -> bool:
    """Whether a keyed connection's key is right (SQLCipher checks it on the first read)."""
    import sqlite3

    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc).lower():
            return False
        raise
    return True


def passphrase_opens(path: Path, passphrase: str) -> bool:
    """Check a passphrase against the file on its own connection (the store may be open)."""
    conn = connect(path, passphrase)
    try:
        return key_opens(conn)
    finally:
        conn.close()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _wipe(fd: int, size: int) -> None:
    """Overwrite a file's bytes with zeros in place, through an open handle."""
    size = max(size, os.fstat(fd).st_size)
    zeros = b"\0" * (1 << 20)
    os.lseek(fd, 0, os.SEEK_SET)
    done = 0
    while done < size:
        done += os.write(fd, zeros[: min(len(zeros), size - done)])
    os.fsync(fd)


def wipe_and_remove(path: Path) -> None:
    """Zeros over the file, then remove it (best effort on SSDs and copy-on-write disks:
    docs/security.md says what that leaves)."""
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return
    try:
        _wipe(fd, 0)
    finally:
        os.close(fd)
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


def finish_interrupted(path: Path) -> None:
    """Complete or undo an encryption that stopped part way (see the module doc)."""
    aside = aside_path(path)
    if not aside.exists():
        return
    if database_state(path) == "encrypted":
        wipe_and_remove(aside)
    elif database_state(path) == "new":
        for side in side_files(path):  # an empty new file's own, if any
            with contextlib.suppress(FileNotFoundError):
                side.unlink()
        os.replace(aside, path)


def encrypt_plain(path: Path, passphrase: str, newest: int) -> None:
    """Replace an unencrypted FieldKit database with an encrypted copy (see the module doc)."""
    import sqlite3

    from sqlcipher3 import dbapi2  # type: ignore[import-not-found]

    from fieldkit.cases.connection import Connection

    tmp = path.with_name(f".{path.name}.encrypting")
    for leftover in [tmp, *side_files(tmp)]:  # an interrupted earlier try: encrypted, unused
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
    # A WAL left by a FieldKit that was killed holds the latest writes in plain text, and
    # SQLite deletes it when the connection below closes: where the system allows, keep a
    # handle so its bytes can still be overwritten (Windows does not let a file held open be
    # deleted, so there it is overwritten by name if SQLite leaves it).
    held: dict[Path, tuple[int, int]] = {}
    if os.name != "nt":
        held = {p: (os.open(p, os.O_RDWR), p.stat().st_size)
                for p in side_files(path) if p.exists()}
    try:
        plain: Any = Connection(dbapi2.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000,
                                               isolation_level=None))
        try:
            plain.execute("PRAGMA temp_store = MEMORY")
            version = check_database(plain, path, newest)  # newer or damaged: refused as is
            try:
                plain.execute("ATTACH DATABASE ? AS fk_encrypted KEY ?", (str(tmp), passphrase))
                plain.execute("SELECT sqlcipher_export('fk_encrypted')")
                plain.execute(f"PRAGMA fk_encrypted.user_version = {int(version)}")
                plain.execute("DETACH DATABASE fk_encrypted")
            except sqlite3.Error as exc:
                raise StoreError("encryption", f"The unencrypted case database {path} could "
                                 f"not be encrypted ({exc}). It has been left as it was."
                                 ) from None
        finally:
            plain.close()
        check = connect(tmp, passphrase)
        try:
            if not key_opens(check) or check_database(check, tmp, newest) != version:
                raise StoreError("encryption", f"The encrypted copy of {path} did not read "
                                 "back; the unencrypted database has been left as it was.")
        finally:
            check.close()
        _fsync(tmp)
        os.replace(path, aside_path(path))
        os.replace(tmp, path)
        with contextlib.suppress(OSError):
            _fsync(path.parent)
    except BaseException:
        for leftover in [tmp, *side_files(tmp)]:
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
        for fd, _size in held.values():
            os.close(fd)
        raise
    for fd, size in held.values():
        try:
            _wipe(fd, size)
        finally:
            os.close(fd)
    for side in side_files(path):
        wipe_and_remove(side)
    wipe_and_remove(aside_path(path))
