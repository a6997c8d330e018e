"""UTC times as the store, the audit log and the case file write them.

Every time FieldKit records is UTC, to the millisecond, written `2026-11-21T23:05:00.123Z`
(or without the fraction when it is zero). A time with no zone is refused on import rather
than guessed: an hour's error in a seizure time matters in court.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

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


def shown(dt: datetime | None) -> str:
    """A time as a person reads it in the note: `21 Nov 2026 23:05 UTC`."""
    if dt is None:
        return ""
    return dt.astimezone(UTC).strftime("%d %b %Y %H:%M UTC")

