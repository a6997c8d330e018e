"""Deleting cases a set number of days after their handover was exported.

FieldKit is a working tool, not the record: once the handover note has left it, the case is
kept for `days` more (so a question from the team picking it up can still be answered), then
deleted with its audit log, and the database is vacuumed so the freed pages are gone. Until
then the app's home screen and `fieldkit case list` say which cases go on which date. A case
whose handover was never exported is never deleted by this rule (`fieldkit case delete` does
that by hand).

The date counts from the latest handover export (the note as files, or its text copied): a
handover written again restarts the count.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from fieldkit.cases.times import parse_time, uk_time
from fieldkit.content.answers import day_text

DEFAULT_DAYS = 30
MAX_DAYS = 3650
RETENTION_ENV = "FIELDKIT_RETENTION_DAYS"
SETTINGS_KEY = "retention_days"
HANDOVER_KIND = "handover"  # export kinds 'handover' (PDF/JSON/text files), 'handover-text'


@dataclass(frozen=True)
class Scheduled:
    """A case that will be deleted: when its handover left FieldKit and when it goes."""

    case_id: str
    reference: str
    exported: datetime
    delete_on: datetime


def configured_days(settings_file: Path | None = None) -> int:
    """FIELDKIT_RETENTION_DAYS, else the app's `retention_days` setting, else 30 (1 to 3650;
    anything else falls back to the default rather than to 'keep for ever')."""
    raw: Any = os.environ.get(RETENTION_ENV)
    if raw is None and settings_file is not None:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            raw = json.loads(settings_file.read_text(encoding="utf-8")).get(SETTINGS_KEY)
    try:
        days = int(raw)
    except (TypeError, ValueError):
        return DEFAULT_DAYS
    return days if 1 <= days <= MAX_DAYS else DEFAULT_DAYS


def scheduled(store: Any, days: int) -> list[Scheduled]:
    """Every case whose handover has been exported, soonest deletion first."""
    rows = store.conn.execute(
        "SELECT a.case_id, c.reference, MAX(a.at) FROM audit a JOIN cases c ON c.id = a.case_id "
        "WHERE a.action = 'export' AND json_extract(a.detail, '$.kind') LIKE ? "
        "GROUP BY a.case_id", (HANDOVER_KIND + "%",)).fetchall()
    out = []
    for case_id, reference, at in rows:
        exported = parse_time(at)
        if exported is not None:
            out.append(Scheduled(case_id, reference, exported, exported + timedelta(days=days)))
    return sorted(out, key=lambda s: (s.delete_on, s.reference))


def due(store: Any, now: datetime, days: int) -> list[Scheduled]:
    return [s for s in scheduled(store, days) if s.delete_on <= now]


def purge(store: Any, cases: list[Scheduled]) -> list[Scheduled]:
    """Delete these cases and their audit logs, then vacuum (nothing freed is left in the
    file; the WAL is truncated)."""
    for s in cases:
        store.delete(s.case_id)
    if cases:
        store.conn.execute("VACUUM")
        with contextlib.suppress(sqlite3.Error):
            store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return cases


def purge_due(store: Any, now: datetime, days: int) -> list[Scheduled]:
    return purge(store, due(store, now, days))


def day(dt: datetime) -> str:
    """The date as the officer reads it: 12 Dec 2026 (UK time, whatever the laptop's zone)."""
    return day_text(uk_time(dt)[0])


def warnings(cases: list[Scheduled], limit: int = 4,
             say_day: Callable[[datetime], str] = day) -> list[str]:
    """'2 cases will be deleted on 12 Dec 2026', one line per date, soonest first."""
    by_day: dict[str, list[Scheduled]] = {}
    for s in cases:
        by_day.setdefault(say_day(s.delete_on), []).append(s)
    lines = []
    for when, group in list(by_day.items())[:limit]:
        n = len(group)
        lines.append(f"{n} case{'s' if n != 1 else ''} will be deleted on {when}")
    rest = sum(len(g) for g in list(by_day.values())[limit:])
    if rest:
        lines.append(f"{rest} more case{'s' if rest != 1 else ''} will be deleted later")
    return lines
