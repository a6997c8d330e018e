"""Importing a case with many exhibits: one transaction, a fixed number of statements however
many exhibits there are (so time grows linearly), and a located error past the limits."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from fieldkit.cases import casefile
from fieldkit.cases.casefile import read_casefile, write_casefile
from fieldkit.cases.model import Continuity, Exhibit
from fieldkit.cases.store import CaseStore
from fieldkit.cases.times import parse_time
from fieldkit.diagnostics import FieldKitError

EXAMPLE = Path(__file__).parents[1] / "fixtures" / "cases" / "example-case.yaml"


def statements_for(n: int, tmp_path: Path,
                   monkeypatch: pytest.MonkeyPatch) -> tuple[int, int]:
    """(calls into SQLite made by the import, transactions begun)."""
    from fieldkit.cases.connection import Connection

    case = read_casefile(EXAMPLE)
    at = parse_time("2026-11-21T23:00:00Z")
    many = replace(case, exhibits=[
        Exhibit(f"SP/{i + 1}", kind="phone", continuity=[Continuity("PC A", "DC B", at, "")])
        for i in range(n)])
    with CaseStore.open(tmp_path / f"s{n}.db") as store:
        seen: list[str] = []
        with monkeypatch.context() as patch:
            for name in ("execute", "executemany"):
                real = getattr(Connection, name)

                def counted(self, sql, *args, real=real):  # type: ignore[no-untyped-def]
                    seen.append(str(sql))
                    return real(self, sql, *args)

                patch.setattr(Connection, name, counted)
            cid = store.import_case(many)
        loaded = store.load(cid)
    assert [e.ref for e in loaded.exhibits] == [f"SP/{i + 1}" for i in range(n)]
    assert all(len(e.continuity) == 1 for e in loaded.exhibits)
    begins = sum(1 for s in seen if s.strip().upper().startswith("BEGIN"))
    return len(seen), begins


def test_import_runs_the_same_statements_for_10_or_300_exhibits(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    small, begins_small = statements_for(10, tmp_path, monkeypatch)
    large, begins_large = statements_for(300, tmp_path, monkeypatch)
    assert begins_small == begins_large == 1  # one transaction
    assert large == small, "statements grow with the number of exhibits: not batched"


def test_more_exhibits_than_the_limit_is_a_located_error(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(casefile, "MAX_EXHIBITS", 3)
    case = read_casefile(EXAMPLE)
    many = replace(case, exhibits=[Exhibit(f"SP/{i + 1}") for i in range(5)])
    path = tmp_path / "many.yaml"
    write_casefile(many, path)
    with pytest.raises(FieldKitError) as caught:
        read_casefile(path)
    d = next(d for d in caught.value.diagnostics if d.rule == "too-many")
    assert d.path == str(path) and "at most 3 exhibits" in d.message
    assert "SP/4" in path.read_text().splitlines()[d.line - 1]


def test_an_overlong_field_is_a_located_error(tmp_path: Path) -> None:
    case = read_casefile(EXAMPLE)
    long_one = replace(case, location="x" * (casefile.MAX_LINE_CHARS + 1))
    path = tmp_path / "long.yaml"
    write_casefile(long_one, path)
    with pytest.raises(FieldKitError, match=r"location.*longer than 1000 characters"):
        read_casefile(path)
    notes = replace(case, notes="y" * casefile.MAX_LINE_CHARS * 5)
    write_casefile(notes, path)
    assert read_casefile(path).notes == notes.notes  # several-line fields may be longer


def test_shared_lists_are_written_out_not_as_aliases(tmp_path: Path) -> None:
    case = read_casefile(EXAMPLE)
    shared = ["flight mode"]
    two = replace(case, exhibits=[Exhibit("SP/1", actions=shared), Exhibit("SP/2",
                                                                           actions=shared)])
    path = tmp_path / "shared.yaml"
    write_casefile(two, path)
    assert [e.actions for e in read_casefile(path).exhibits] == [shared, shared]
