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


def test_the_note_shows_withdrawn_entries_struck_through_with_the_reason(tmp_path: Path) -> None:
    from fieldkit.cases.model import Case, Officer, SignpostGiven
    from fieldkit.content import builtin_content_dir, load_content
    from fieldkit.handover import build_note
    from fieldkit.handover.blocks import note_blocks, note_text
    from fieldkit.handover.pdf import _story
    from fieldkit.handover.pdfstyle import styles

    at = datetime(2026, 11, 21, 23, 5, tzinfo=UTC)
    case = Case(reference="CAD 4471 21/11/2026", officer=Officer("PC Sam Jones", "4471"),
                opened=at)
    case.exhibits = [Exhibit("SJ/1", kind="phone"),
                     Exhibit("SJ/2", kind="laptop", withdrawn="Wrong case", withdrawn_at=at)]
    case.signposts = [SignpostGiven("childline", "Child", at),
                      SignpostGiven("nspcc-helpline", "Child", at, "Given in error", at)]
    note = build_note(case, load_content(builtin_content_dir()), generated=at)
    text = note_text(note)
    import re

    assert re.search(r"^- SJ/2; WITHDRAWN 21 Nov 2026 23:05 \w+: Wrong case$", text, re.M)
    assert "NSPCC Helpline (withdrawn)" in text and "Given in error" in text
    assert "SJ/1" in text and "Childline" in text  # the rest stands as it was
    blocks = note_blocks(note)
    [table] = [b for b in blocks if b.kind == "table" and b.rows[0][0] == "Ref"]
    assert table.struck == (2,) and table.rows[2][0].startswith("SJ/2")
    [head] = [b for b in blocks if b.kind == "h2" and b.text.endswith("(withdrawn)")]
    assert head.struck == (0,)
    story = _story(blocks, styles(), 500)
    struck = [p.text for p in story if hasattr(p, "text") and "<strike>" in p.text]
    assert any("NSPCC Helpline (withdrawn)" in t for t in struck)
