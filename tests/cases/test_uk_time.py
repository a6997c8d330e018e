"""UK time from the UK rule itself (no time-zone data needed, as on a Windows laptop without
tzdata): the clocks change at 01:00 UTC on the last Sundays of March and October."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from fieldkit.cases.retention import day
from fieldkit.cases.times import uk_text, uk_time

SECOND = timedelta(seconds=1)
# (year, BST starts, BST ends): 01:00 UTC on the last Sunday of March and of October.
CHANGES = [
    (2026, datetime(2026, 3, 29, 1, tzinfo=UTC), datetime(2026, 10, 25, 1, tzinfo=UTC)),
    (2027, datetime(2027, 3, 28, 1, tzinfo=UTC), datetime(2027, 10, 31, 1, tzinfo=UTC)),
]


@pytest.mark.parametrize(("year", "starts", "ends"), CHANGES)
def test_the_clocks_change_at_the_right_instant(year: int, starts: datetime,
                                                ends: datetime) -> None:
    assert uk_time(starts - SECOND) == (datetime(year, starts.month, starts.day, 0, 59, 59),
                                        "GMT")
    assert uk_time(starts) == (datetime(year, starts.month, starts.day, 2, 0), "BST")
    assert uk_time(ends - SECOND) == (datetime(year, ends.month, ends.day, 1, 59, 59), "BST")
    assert uk_time(ends) == (datetime(year, ends.month, ends.day, 1, 0), "GMT")
    assert uk_text(starts) == f"{starts:%d %b %Y} 02:00 BST"
    assert uk_text(ends) == f"{ends:%d %b %Y} 01:00 GMT"


def test_a_time_in_another_zone_reads_as_uk_time() -> None:
    new_york = datetime(2026, 7, 1, 16, 30, tzinfo=timezone(timedelta(hours=-4)))
    assert uk_text(new_york) == "01 Jul 2026 21:30 BST"
    # a late evening in winter is already the next day in Paris, not in the UK
    assert day(datetime(2026, 12, 11, 23, 30, tzinfo=UTC)) == "11 Dec 2026"
    assert day(datetime(2026, 6, 11, 23, 30, tzinfo=UTC)) == "12 Jun 2026"


def test_the_rule_agrees_with_the_time_zone_database_hour_by_hour() -> None:
    try:
        from zoneinfo import ZoneInfo

        london = ZoneInfo("Europe/London")
    except Exception:  # no tzdata here: the rule needs none, the instants above still hold
        pytest.skip("no time-zone data on this machine to compare with")
    at = datetime(2026, 1, 1, tzinfo=UTC)
    while at < datetime(2028, 1, 1, tzinfo=UTC):
        local = at.astimezone(london)
        assert uk_time(at) == (local.replace(tzinfo=None), local.tzname()), at
        at += timedelta(minutes=30)
