"""Shared test set-up: Qt runs offscreen, and every test gets its own empty data folder, so no
test reads or writes the officer's real cases or preferences."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from fieldkit.cases.store import CaseStore

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """FIELDKIT_DATA_DIR points at a fresh folder under this test's tmp_path."""
    folder = tmp_path / "fieldkit-data"
    folder.mkdir()
    monkeypatch.setenv("FIELDKIT_DATA_DIR", str(folder))
    yield folder


@pytest.fixture
def store(data_dir: Path) -> Iterator[CaseStore]:
    """A case store opened in this test's data folder, closed after it."""
    from fieldkit.cases.store import CaseStore

    s = CaseStore.open()
    yield s
    s.close()


@pytest.fixture(autouse=True)
def every_handover_is_checked(tmp_path: Path) -> Iterator[None]:
    """After each test, every handover it wrote under its tmp_path must validate against the
    published JSON Schema and be an archival (PDF/A-2b) PDF that qpdf finds sound."""
    yield
    from tests.handover_checks import handover_problems

    problems = handover_problems(tmp_path)
    assert not problems, "\n".join(problems)


# -- case data is encrypted: every test's store is keyed from this passphrase ----------------------

TEST_PASSPHRASE = "tidy otter lantern 93"


@pytest.fixture(autouse=True)
def case_passphrase(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """FIELDKIT_PASSPHRASE for every test (as a script would set it); nothing typed earlier in
    this process is remembered from one test to the next."""
    from fieldkit.security import passphrase

    monkeypatch.setenv("FIELDKIT_PASSPHRASE", TEST_PASSPHRASE)
    passphrase.forget()
    passphrase.allow_prompt()
    yield TEST_PASSPHRASE
    passphrase.forget()
    passphrase.allow_prompt()


class _KeyedSqlite3:
    """`sqlite3` for tests that edit a case database by hand: an encrypted file is opened
    with the test passphrase (as someone with the file and the passphrase could), an
    unencrypted one as before. Everything else is the real module."""

    def __getattr__(self, name: str) -> object:
        import sqlite3

        return getattr(sqlite3, name)

    def connect(self, database: object, *args: object, **kwargs: object) -> object:
        import sqlite3

        from fieldkit.cases.db import connect
        from fieldkit.cases.encryption import database_state

        path = Path(str(database))
        if database_state(path) == "encrypted":
            return connect(path, TEST_PASSPHRASE)
        return sqlite3.connect(database, *args, **kwargs)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def hand_edits_use_the_passphrase(request: pytest.FixtureRequest,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests that `import sqlite3` to tamper with a store get `_KeyedSqlite3` instead."""
    import sqlite3

    module = getattr(request, "module", None)
    if module is not None and getattr(module, "sqlite3", None) is sqlite3:
        monkeypatch.setattr(module, "sqlite3", _KeyedSqlite3())
