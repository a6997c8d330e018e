"""UTC times as the store, the audit log and the case file write them; UK time as people read them.

Every time FieldKit records is UTC, to the millisecond, written `2026-11-21T23:05:00.123Z`
(or without the fraction when it is zero). A time with no zone is refused on import rather
than guessed: an hour's error in a seizure time matters in court. Times shown to the officer
(the screens), in the note's text and PDF and in retention warnings are UK local time with the
zone named (GMT or BST), all from `uk_time` here. It works from the UK rule itself, so no
time-zone database is needed: Windows has none of its own, and the tzdata package is not one
of FieldKit's own dependencies.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

Clock = Callable[[], datetime]
# The years a recorded time may fall in: anything else is a typing slip or hostile input, and
# would break the arithmetic that turns it into UTC and prints it.
FIRST_YEAR = 1900
LAST_YEAR = 2200


def utcnow() -> datetime:
    """Now, in UTC, truncated to the millisecond so a written time reads back equal."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def iso(dt: datetime | None) -> str:
    """`2026-11-21T23:05:00Z` (or `...00.123Z`); '' for no time."""
    if dt is None:
        return ""
    dt = dt.astimezone(UTC)
    spec = "milliseconds" if dt.microsecond else "seconds"
    return dt.isoformat(timespec=spec).replace("+00:00", "Z")


def parse_time(value: object) -> datetime | None:
    """A zoned datetime (or ISO text) as UTC; None if it is not a time with a zone, or not
    within FIRST_YEAR to LAST_YEAR."""
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, str) and value.strip():
        try:
            dt = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    else:
        return None
    if dt.tzinfo is None:
        return None
    try:
        dt = dt.astimezone(UTC)
    except (OverflowError, ValueError):  # e.g. 0001-01-01T00:00+01:00 is before year 1 in UTC
        return None
    return dt if FIRST_YEAR <= dt.year <= LAST_YEAR else None


def _last_sunday(year: int, month: int) -> datetime:
    """01:00 UTC on the last Sunday of the month (when UK clocks change)."""
    end = datetime(year, month + 1, 1, 1, tzinfo=UTC) - timedelta(days=1)
    return end - timedelta(days=(end.weekday() - 6) % 7)


def uk_time(dt: datetime) -> tuple[datetime, str]:
    """The time on a UK clock and its zone: BST (UTC+1) from 01:00 UTC on the last Sunday of
    March to 01:00 UTC on the last Sunday of October, GMT otherwise."""
    utc = dt.astimezone(UTC)
    if _last_sunday(utc.year, 3) <= utc < _last_sunday(utc.year, 10):
        return (utc + timedelta(hours=1)).replace(tzinfo=None), "BST"
    return utc.replace(tzinfo=None), "GMT"


def uk_text(dt: datetime | None) -> str:
    """A time as a person reads it: UK local time with its zone, `21 Nov 2026 23:05 GMT`."""
    if dt is None:
        return ""
    local, zone = uk_time(dt)
    return f"{local.strftime('%d %b %Y %H:%M')} {zone}"

