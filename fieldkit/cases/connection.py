"""A SQLCipher connection that raises the standard library's `sqlite3` errors.

`sqlcipher3` has its own exception classes, which are not subclasses of `sqlite3.Error`. The
store, its migrations and sqlite-utils all catch `sqlite3` errors (a locked database, a failed
migration, a damaged page), so every error leaving a SQLCipher connection is re-raised as the
`sqlite3` class of the same name. Nothing else about the connection changes.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from typing import Any


def as_sqlite3_error(exc: Exception) -> sqlite3.Error:
    """The `sqlite3` error matching a `sqlcipher3` one (same class name, same message)."""
    cls = getattr(sqlite3, type(exc).__name__, None)
    if not (isinstance(cls, type) and issubclass(cls, sqlite3.Error)):
        cls = sqlite3.DatabaseError
    new = cls(*exc.args)
    for attr in ("sqlite_errorcode", "sqlite_errorname"):
        if hasattr(exc, attr):
            with contextlib.suppress(AttributeError, TypeError):
                setattr(new, attr, getattr(exc, attr))
    return new


@contextlib.contextmanager
def _translated() -> Iterator[None]:
    from sqlcipher3 import dbapi2

    try:
        yield
    except dbapi2.Error as exc:
        raise as_sqlite3_error(exc) from exc


class Cursor:
    """A cursor whose statements and fetches raise `sqlite3` errors."""

    def __init__(self, raw: Any):
        self._raw = raw

    def execute(self, *args: Any) -> Cursor:
        with _translated():
            self._raw.execute(*args)
        return self

    def executemany(self, *args: Any) -> Cursor:
        with _translated():
            self._raw.executemany(*args)
        return self

    def executescript(self, script: str) -> Cursor:
        with _translated():
            self._raw.executescript(script)
        return self

    def fetchone(self) -> Any:
        with _translated():
            return self._raw.fetchone()

    def fetchmany(self, *args: Any) -> list[Any]:
        with _translated():
            return list(self._raw.fetchmany(*args))

    def fetchall(self) -> list[Any]:
        with _translated():
            return list(self._raw.fetchall())

    def __iter__(self) -> Cursor:
        return self

    def __next__(self) -> Any:
        with _translated():
            return next(self._raw)

    def close(self) -> None:
        with _translated():
            self._raw.close()

    def __getattr__(self, name: str) -> Any:  # description, lastrowid, rowcount...
        return getattr(self._raw, name)


class Connection:
    """The connection FieldKit uses for an encrypted store (see the module docstring)."""

    def __init__(self, raw: Any):
        self._raw = raw

    @property
    def raw(self) -> Any:
        return self._raw

    def execute(self, *args: Any) -> Cursor:
        with _translated():
            return Cursor(self._raw.execute(*args))

    def executemany(self, *args: Any) -> Cursor:
        with _translated():
            return Cursor(self._raw.executemany(*args))

    def executescript(self, script: str) -> Cursor:
        with _translated():
            return Cursor(self._raw.executescript(script))

    def cursor(self, *args: Any) -> Cursor:
        with _translated():
            return Cursor(self._raw.cursor(*args))

    def commit(self) -> None:
        with _translated():
            self._raw.commit()

    def rollback(self) -> None:
        with _translated():
            self._raw.rollback()

    def close(self) -> None:
        with _translated():
            self._raw.close()

    def __enter__(self) -> Connection:
        self._raw.__enter__()
        return self

    def __exit__(self, *exc: Any) -> Any:
        with _translated():
            return self._raw.__exit__(*exc)

    def __getattr__(self, name: str) -> Any:  # in_transaction, create_function, ...
        return getattr(self._raw, name)
