"""Opening the case database with the officer's passphrase: the one path every store takes.

`open_keyed()` is what `CaseStore.open` calls. A new database (or an old unencrypted one) gets
a passphrase that passes the rule; an encrypted one is tried with the passphrase given,
wrong tries are counted, and after a few each new try waits longer. A wrong passphrase is a
plain message, never a crash, and never changes the file.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fieldkit.cases.db import StoreError, connect, corrupt_message, is_locked_error, locked_message
from fieldkit.security import passphrase as source
from fieldkit.security.attempts import FREE_TRIES, AttemptLimiter
from fieldkit.security.encryption import (
    database_state,
    encrypt_plain,
    finish_interrupted,
    key_opens,
)
from fieldkit.security.kdf import RAW_KEY
from fieldkit.security.policy import RULE, explain, problems

PROMPT_TRIES = 3

WRONG = ("That passphrase does not open the saved cases on this computer. Nothing has been "
         "changed.")
WRONG_HINT = (f" Check it and try again: after {FREE_TRIES} wrong tries FieldKit makes you wait "
              "a little longer before each new try. If you are sure it is right, the file may "
              "be damaged: ask IT support.")


def wait_message(limiter: AttemptLimiter) -> str:
    return (f"Too many wrong passphrases. Wait {limiter.wait_text()}, then try again. Nothing "
            "has been changed.")


def require_strong(passphrase: str, where: str = "") -> None:
    found = problems(passphrase)
    if found:
        raise StoreError("passphrase-weak", f"{where}{explain(found)} {RULE}")


@dataclass
class Attempt:
    """The result of trying one passphrase: `ok`, or `message` to show (and `wait` seconds)."""

    ok: bool
    message: str = ""
    wait: float = 0.0
    reason: str = ""  # wrong | wait


def try_passphrase(path: Path, candidate: str, limiter: AttemptLimiter | None = None,
                   keep: bool = False, read_only: bool = False) -> tuple[Attempt, Any]:
    """Try one passphrase on an encrypted database, counting it. With `keep`, the open
    connection is returned beside a good result (else None)."""
    limiter = limiter or AttemptLimiter.beside(path)
    wait = limiter.wait_seconds()
    if wait > 0:
        return Attempt(False, wait_message(limiter), wait, "wait"), None
    if RAW_KEY.match(candidate):  # never a passphrase FieldKit set: count it as wrong
        return _wrong(limiter), None
    conn: Any = connect(path, candidate, read_only=read_only)
    try:
        good = key_opens(conn)
    except sqlite3.DatabaseError as exc:
        conn.close()
        if is_locked_error(exc):
            raise StoreError("locked", locked_message(path, by_fieldkit=False)) from None
        raise StoreError("corrupt", corrupt_message(path)) from None
    if not good:
        conn.close()
        return _wrong(limiter), None
    limiter.succeeded()
    if not keep:
        conn.close()
        conn = None
    return Attempt(True), conn


def _wrong(limiter: AttemptLimiter) -> Attempt:
    limiter.failed()
    wait = limiter.wait_seconds()
    if wait > 0:
        return Attempt(False, f"{WRONG} Too many wrong passphrases: wait "
                       f"{limiter.wait_text()}, then try again.", wait, "wrong")
    return Attempt(False, WRONG + WRONG_HINT, 0.0, "wrong")


def _new_passphrase(path: Path) -> str:
    """For a database being created or encrypted: held, FIELDKIT_PASSPHRASE, or typed twice."""
    given = source.held() or source.from_env()
    if given is not None:
        require_strong(given, "" if source.held() else f"{source.PASSPHRASE_ENV}: ")
        return given
    if not source.can_prompt():
        raise StoreError("passphrase", source.NONE_GIVEN)
    source.say(f"Set a passphrase to encrypt the cases kept in {path.parent}. {RULE}")
    for _ in range(PROMPT_TRIES):
        first = source.ask("New passphrase: ")
        found = problems(first)
        if found:
            source.say(explain(found))
            continue
        if source.ask("The same passphrase again: ") != first:
            source.say("The two passphrases are not the same. Try again.")
            continue
        source.hold(first)
        return first
    raise StoreError("passphrase", "No passphrase was set, so nothing was saved.")


def _candidates() -> Iterator[tuple[str, bool]]:
    """(passphrase, typed at the prompt) to try on an existing database, in order."""
    given = source.held() or source.from_env()
    if given is not None:
        yield given, False
        return
    if not source.can_prompt():
        raise StoreError("passphrase", source.NONE_GIVEN)
    for _ in range(PROMPT_TRIES):
        yield source.ask(), True


def open_keyed(path: Path, passphrase: str | None = None, newest: int = 0,
               limiter: AttemptLimiter | None = None) -> Any:
    """An open, keyed connection to the case database at `path` (created if missing)."""
    finish_interrupted(path)
    state = database_state(path)
    if state == "damaged":
        raise StoreError("corrupt", corrupt_message(path))
    if state in ("new", "plain"):
        chosen = passphrase if passphrase is not None else _new_passphrase(path)
        require_strong(chosen)
        if state == "plain":
            encrypt_plain(path, chosen, newest)
        elif not path.exists():
            os.close(os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600))
        return connect(path, chosen)
    return _unlock(path, passphrase, limiter or AttemptLimiter.beside(path))


def _unlock(path: Path, passphrase: str | None, limiter: AttemptLimiter,
            read_only: bool = False) -> Any:
    """Try the passphrase given (or those typed at the prompt); the open connection, or
    StoreError with the plain message."""
    result = Attempt(False, WRONG + WRONG_HINT, reason="wrong")
    tries = [(passphrase, False)] if passphrase is not None else _candidates()
    for candidate, typed in tries:
        if typed and limiter.wait_seconds() > 0:
            source.say(wait_message(limiter))
            limiter.sleep(limiter.wait_seconds())
        result, conn = try_passphrase(path, candidate, limiter, keep=True, read_only=read_only)
        if result.ok:
            if typed:
                source.hold(candidate)
            return conn
        if typed:
            source.say("That passphrase is not right.")
    raise StoreError("passphrase-wait" if result.reason == "wait" else "passphrase",
                     result.message)


def open_read_only(path: Path, passphrase: str | None = None) -> Any:
    """A connection that only reads (for a read-only data folder): nothing is created,
    migrated or locked. Wrong tries are still counted where the counter can be written."""
    if database_state(path) != "encrypted":
        raise StoreError("not-found", f"There are no saved cases in {path.parent} that can be "
                         "read without changing them.")
    return _unlock(path, passphrase, AttemptLimiter.beside(path), read_only=True)
