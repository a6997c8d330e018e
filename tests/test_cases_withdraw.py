"""An exhibit or a service given in error is withdrawn with a reason, never erased: the case
keeps both, the audit log says why, and a case file carries it across."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fieldkit.cases.casefile import read_casefile, write_casefile
from fieldkit.cases.model import Exhibit
from fieldkit.cases.store import CaseStore, StoreError


@pytest.fixture
def store(data_dir: Path) -> Iterator[CaseStore]:
    ticks = iter(range(10_000))

    def clock() -> datetime:
        return datetime(2026, 11, 21, 22, 40, tzinfo=UTC) + timedelta(seconds=next(ticks))

    s = CaseStore.open(clock=clock)
    yield s
    s.close()


def test_withdrawn_entries_stay_in_the_case_with_their_reason(store: CaseStore,
                                                              tmp_path: Path) -> None:
    cid = store.create_case("CAD 4471 21/11/2026", "PC Sam Jones", "4471", "Central")
    keep = store.add_exhibit(cid, Exhibit("SJ/1", kind="phone"))
    wrong = store.add_exhibit(cid, Exhibit("SJ/2", kind="laptop"))
    store.give_signpost(cid, "childline", "Child")
    store.give_signpost(cid, "nspcc-helpline", "Child")
    with pytest.raises(StoreError, match="say why"):
        store.withdraw_exhibit(cid, wrong, "   ")
    store.withdraw_exhibit(cid, wrong, "Entered in error: belongs to another case")
    store.withdraw_signpost(cid, 1, "Adult helpline: given by mistake")
    with pytest.raises(StoreError, match="already withdrawn"):
        store.withdraw_exhibit(cid, wrong, "again")
    case = store.load(cid)
    assert [(e.ref, e.withdrawn) for e in case.exhibits] == [
        ("SJ/1", ""), ("SJ/2", "Entered in error: belongs to another case")]
    assert case.exhibits[1].withdrawn_at is not None and keep == case.exhibits[0].id
    assert [(g.signpost, g.withdrawn) for g in case.signposts] == [
        ("childline", ""), ("nspcc-helpline", "Adult helpline: given by mistake")]
    actions = [(e.action, e.detail.get("reason")) for e in store.audit(cid)]
    assert ("exhibit-withdrawn", "Entered in error: belongs to another case") in actions
    assert ("signpost-withdrawn", "Adult helpline: given by mistake") in actions
    assert store.verify(cid).ok
    # A case file keeps the withdrawals, and reads back the same case.
    path = tmp_path / "case.yaml"
    write_casefile(case, path)
    again = read_casefile(path)
    assert again.exhibits == case.exhibits and again.signposts == case.signposts
