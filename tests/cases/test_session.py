"""The session: walks that write through at once and come back exactly as they were."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldkit.cases.exhibits import exhibit_from_facts
from fieldkit.cases.session import CaseSession
from fieldkit.cases.store import CaseStore
from fieldkit.content import load_content
from fieldkit.content.model import Content
from fieldkit.guides.engine import WalkError

CONTENT = Path(__file__).parents[1] / "fixtures" / "cases" / "content"


@pytest.fixture(scope="module")
def content() -> Content:
    c = load_content(CONTENT)
    assert c.report.ok, c.report.errors
    return c


def _session(store: CaseStore, content: Content) -> CaseSession:
    return CaseSession(store, content, store.create_case("CAD 1", "PC Test"))


def test_answers_are_saved_and_reused_by_the_next_guide(store: CaseStore,
                                                        content: Content) -> None:
    s = _session(store, content)
    s.acknowledge("youth-imagery")
    for value in ("no", "no", 14, "yes"):
        s.answer("youth-imagery", value)
    assert s.walk("youth-imagery").current.outcome == "investigate"
    s.answer("device-seizure", "phone")
    assert s.walk("device-seizure").current.id == "power"

    case = store.load(s.case_id)
    assert case.facts == {"adult_involved": "no", "coercion_or_blackmail": "no",
                          "subject_age": 14, "shared_widely": "yes", "device_kind": "phone"}
    assert [w.guide for w in case.walks] == ["youth-imagery", "device-seizure"]
    assert case.walks[0].acknowledged == ["never-view"]
    assert case.walks[1].answered == ["device_kind"]
    actions = [e.action for e in store.audit(s.case_id)]
    assert actions == ["case-created", "walk-start", "acknowledge", "answer", "answer",
                       "answer", "answer", "walk-start", "answer"]


def test_a_restored_session_is_exactly_where_it_was(store: CaseStore,
                                                    content: Content) -> None:
    s = _session(store, content)
    s.acknowledge("youth-imagery")
    s.answer("youth-imagery", "no")
    s.answer("device-seizure", "tablet")
    s.answer("device-seizure", "on")
    before = {g: (s.walk(g).as_json(), s.walk(g).state()) for g in s.walks()}

    again = CaseSession(store, content, s.case_id)
    after = {g: (again.walk(g).as_json(), again.walk(g).state()) for g in again.walks()}
    assert after == before
    assert again.walk("youth-imagery").current.id == "coercion"
    again.undo("device-seizure")  # the undo order survived the restart
    assert again.walk("device-seizure").current.id == "power"
    assert "device_power" not in store.load(s.case_id).facts


def test_changing_an_answer_drops_answers_off_the_route(store: CaseStore,
                                                        content: Content) -> None:
    s = _session(store, content)
    s.acknowledge("youth-imagery")
    for value in ("no", "no", 14, "yes"):
        s.answer("youth-imagery", value)
    change = s.change("youth-imagery", "adult_involved", "yes")
    assert change.outcome_after == "immediate-referral"
    assert set(change.dropped) == {"coercion_or_blackmail", "subject_age", "shared_widely"}
    case = store.load(s.case_id)
    assert case.facts == {"adult_involved": "yes"}
    tail = [(e.action, e.detail.get("fact")) for e in store.audit(s.case_id)][-4:]
    assert tail == [("change", "adult_involved"), ("clear", "coercion_or_blackmail"),
                    ("clear", "subject_age"), ("clear", "shared_widely")]
    assert store.verify(s.case_id).ok


def test_skip_records_unknown_only_where_unknown_is_allowed(store: CaseStore,
                                                            content: Content) -> None:
    s = _session(store, content)
    with pytest.raises(WalkError, match="cannot be skipped"):
        s.skip("device-seizure")  # the kind of device has no 'unknown'
    s.answer("device-seizure", "phone")
    s.answer("device-seizure", "on")
    s.skip("device-seizure")
    assert store.load(s.case_id).facts["device_locked"] == "unknown"
    assert store.audit(s.case_id)[-1].action == "skip"


def test_a_bad_answer_writes_nothing(store: CaseStore, content: Content) -> None:
    s = _session(store, content)
    s.acknowledge("youth-imagery")
    n = len(store.audit(s.case_id))
    with pytest.raises(WalkError):
        s.answer("youth-imagery", "perhaps")
    assert len(store.audit(s.case_id)) == n
    assert s.walk("youth-imagery").current.id == "adult"


def test_exhibit_prefilled_from_the_device_walk(store: CaseStore, content: Content) -> None:
    s = _session(store, content)
    for value in ("phone", "on", "yes", "no"):
        s.answer("device-seizure", value)
    ex = s.new_exhibit("SJ/1", seal="A1")
    assert (ex.ref, ex.kind, ex.power, ex.locked, ex.passcode_given, ex.seal) == (
        "SJ/1", "phone", "on", "yes", "no", "A1")
    s.add_exhibit(ex)
    assert store.load(s.case_id).exhibits[0].kind == "phone"


def test_exhibit_from_facts_ignores_what_does_not_fit() -> None:
    ex = exhibit_from_facts({"device_kind": "laptop", "device_power": "maybe",
                             "passcode_given": "yes"}, "X/1")
    assert (ex.kind, ex.power, ex.locked, ex.passcode_given) == ("laptop", "", "", "yes")
