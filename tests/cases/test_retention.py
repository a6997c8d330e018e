"""Retention: a case goes (rows, audit log, then a vacuum) a set number of days after its
handover was exported, with the date shown first; `case purge` does the same by hand."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fieldkit.cases import retention
from fieldkit.cases.store import CaseStore, StoreError
from fieldkit.cli import main

NOW = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def three_cases(store: CaseStore, clock: Clock) -> dict[str, str]:
    """Old (handover 40 days ago), recent (10 days ago) and never handed over."""
    ids = {}
    clock.now = NOW - timedelta(days=45)
    ids["old"] = store.create_case("CAD OLD", "PC One")
    ids["recent"] = store.create_case("CAD RECENT", "PC Two")
    ids["open"] = store.create_case("CAD OPEN", "PC Three")
    store.set_notes(ids["old"], "Child: Marnie Oakshott-Vale")
    clock.now = NOW - timedelta(days=40)
    store.record_export(ids["old"], "handover", "/media/usb/old", "ab" * 32)
    store.record_export(ids["recent"], "case-file", "/media/usb/recent.yaml")  # not a handover
    clock.now = NOW - timedelta(days=10)
    store.record_export(ids["recent"], "handover-text", "clipboard")
    store.record_export(ids["open"], "leaflet", "/media/usb/leaflet.pdf")  # not a handover
    clock.now = NOW
    return ids


def test_cases_are_scheduled_from_their_latest_handover_export(data_dir: Path) -> None:
    clock = Clock(NOW)
    with CaseStore.open(clock=clock) as store:
        ids = three_cases(store, clock)
        plan = retention.scheduled(store, 30)
        assert [(s.case_id, s.delete_on) for s in plan] == [
            (ids["old"], NOW - timedelta(days=10)), (ids["recent"], NOW + timedelta(days=20))]
        assert [s.case_id for s in retention.due(store, NOW, 30)] == [ids["old"]]
        # A handover written again restarts the count.
        store.record_export(ids["old"], "handover", "/media/usb/old-again")
        assert retention.due(store, NOW, 30) == []


def test_purge_deletes_rows_and_audit_log_then_vacuums(data_dir: Path) -> None:
    clock = Clock(NOW)
    with CaseStore.open(clock=clock) as store:
        ids = three_cases(store, clock)
        gone = retention.purge_due(store, NOW, 30)
        assert [s.case_id for s in gone] == [ids["old"]]
        with pytest.raises(StoreError, match="there is no case"):
            store.load(ids["old"])
        q = store.conn.execute
        for table in ("audit", "facts", "walks", "exhibits", "signposts"):
            assert q(f"SELECT count(*) FROM {table} WHERE case_id = ?",
                     (ids["old"],)).fetchone()[0] == 0
        assert q("SELECT count(*) FROM cases WHERE notes LIKE '%Marnie%'").fetchone()[0] == 0
        assert q("PRAGMA freelist_count").fetchone()[0] == 0  # vacuumed: no freed pages left
        assert {c.id for c in store.list_cases()} == {ids["recent"], ids["open"]}
        assert store.verify(ids["recent"]).ok and store.verify(ids["open"]).ok
        assert retention.purge_due(store, NOW, 30) == []


def test_the_warning_names_how_many_go_on_which_date() -> None:
    on = datetime(2027, 3, 21, 12, tzinfo=UTC)
    plan = [retention.Scheduled("a", "A", on, on), retention.Scheduled("b", "B", on, on),
            retention.Scheduled("c", "C", on, on + timedelta(days=2))]
    assert retention.warnings(plan) == [
        f"2 cases will be deleted on {retention.day(on)}",
        f"1 case will be deleted on {retention.day(on + timedelta(days=2))}"]
    assert retention.day(on) == "21 Mar 2027"


def test_the_retention_period_is_configurable_and_never_endless(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = tmp_path / "app-settings.json"
    assert retention.configured_days(settings) == retention.DEFAULT_DAYS
    settings.write_text('{"retention_days": 14}', encoding="utf-8")
    assert retention.configured_days(settings) == 14
    monkeypatch.setenv(retention.RETENTION_ENV, "7")
    assert retention.configured_days(settings) == 7
    for bad in ("0", "-3", "forever", "99999"):
        monkeypatch.setenv(retention.RETENTION_ENV, bad)
        assert retention.configured_days(settings) == retention.DEFAULT_DAYS


def _cli_cases(days_ago: int) -> tuple[str, str]:
    """One case whose handover left `days_ago` days ago (by the real clock), one never."""
    now = datetime.now(UTC)
    clock = Clock(now - timedelta(days=days_ago))
    with CaseStore.open(clock=clock) as store:
        old = store.create_case("CAD CLI OLD", "PC One")
        store.record_export(old, "handover", "/media/usb/old")
        clock.now = now
        kept = store.create_case("CAD CLI KEPT", "PC Two")
    return old, kept


def test_case_list_deletes_what_is_due_and_shows_the_next_dates(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    old, kept = _cli_cases(days_ago=40)
    with CaseStore.open() as store:
        recent = store.create_case("CAD CLI RECENT", "PC Three")
        store.record_export(recent, "handover", "/media/usb/recent")
    monkeypatch.setenv(retention.RETENTION_ENV, "30")
    assert main(["case", "list"]) == 0
    out = capsys.readouterr().out
    assert f"deleted case {old} (CAD CLI OLD)" in out
    assert "CAD CLI KEPT" in out and "CAD CLI RECENT" in out
    assert "1 case will be deleted on " in out and f"{recent}  CAD CLI RECENT: deleted on" in out
    with CaseStore.open() as store:
        assert {c.id for c in store.list_cases()} == {kept, recent}


def test_case_purge_asks_first_and_deletes_by_hand(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _old, kept = _cli_cases(days_ago=5)
    monkeypatch.setattr("sys.stdin", io.StringIO("no\n"))
    assert main(["case", "purge", "--older-than", "3"]) == 1
    assert "not deleted" in capsys.readouterr().out
    assert main(["case", "purge", "--older-than", "6", "--yes"]) == 0
    assert "no case had its handover exported more than 6 days ago" in capsys.readouterr().out
    assert main(["case", "purge", "--older-than", "3", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "CAD CLI OLD" in out and "deleted 1 case(s)" in out
    with CaseStore.open() as store:
        assert [c.id for c in store.list_cases()] == [kept]
