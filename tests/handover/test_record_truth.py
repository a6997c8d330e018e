"""The note says exactly what the officer did: each case here was seen misstated in the note.

Deciding facts hidden; answered questions reported as not asked; an outcome for a guide only
opened. Each test drives the same core the app and the command line use.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fieldkit.cases.session import CaseSession
from fieldkit.cases.store import CaseStore
from fieldkit.cli import main
from fieldkit.content import builtin_content_dir, load_content
from fieldkit.content.model import Content
from fieldkit.guides import walk_with_facts
from fieldkit.handover.model import build_note
from fieldkit.handover.write import write_handover

WHEN = datetime(2026, 11, 22, 1, 30, tzinfo=UTC)
RISK_CASE = """\
case:
  reference: CAD 1 22/11/2026
  officer: {name: PC Test}
  opened: 2026-11-21T22:40:00Z
facts:
  immediate_risk: 'yes'
walks: [youth-imagery]
"""


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(builtin_content_dir())


def _session(store: CaseStore, content: Content) -> CaseSession:
    return CaseSession(store, content, store.create_case("CAD 2", "PC Test"))


def _note_json(tmp_path: Path, case: object, content: Content) -> dict:
    paths = write_handover(case, content, tmp_path / "out", WHEN)  # type: ignore[arg-type]
    return json.loads(paths["json"].read_text(encoding="utf-8"))


# -- deciding facts hidden ----

def test_facts_that_decide_the_route_are_on_the_decision_path(tmp_path: Path,
                                                              content: Content) -> None:
    case_file = tmp_path / "case.yaml"
    case_file.write_text(RISK_CASE, encoding="utf-8")
    data = _note_json(tmp_path, case_file, content)
    yi = data["guides"][0]
    assert yi["outcome_code"] == "immediate-referral"
    used = {a["fact"]: a for a in yi["path"]}
    assert "immediate_risk" in used
    assert used["immediate_risk"]["origin"] == "case"
    assert used["immediate_risk"]["decided"] is True
    assert "risk" not in [n["step"] for n in yi["not_asked"]]
    # each question left out says which fact turned the route away from it
    assert yi["not_asked"] and all("immediate risk" in n["why"] for n in yi["not_asked"])
    assert "immediate_risk" not in [f["fact"] for f in data["other_facts"]]
    assert "immediate risk" in yi["why"].lower()
    text = (tmp_path / "out" / "handover.txt").read_text(encoding="utf-8")
    assert "No questions on this route" not in text
    assert "given in the case file" in text and "Why this outcome" in text


def test_facts_that_ruled_out_the_branches_above_also_decided_the_route(
        content: Content) -> None:
    """A phone found on reaches "found on" because it was not off: the power step tries the
    "found off" branches first, so the power is among the facts that decided the route."""
    walk = walk_with_facts(content.guides["device-seizure"],
                           {"device_owner": "suspect", "device_kind": "phone",
                            "device_power": "on", "destructive_process_suspected": "no",
                            "device_locked": "yes", "passcode_given": "no",
                            "cloud_accounts_in_use": "yes"}, content.facts)
    _, step = walk.route()
    assert step.id == "isolate-live"
    assert "device_power" in {r.fact for r in walk.deciding()}
    assert {u.fact: u.decided for u in walk.uses()}["device_power"] is True


def test_walk_json_lists_the_facts_the_route_read(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    facts = tmp_path / "f.yaml"
    facts.write_text("immediate_risk: 'yes'\n", encoding="utf-8")
    assert main(["walk", "youth-imagery", "--facts", str(facts), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["outcome"]["code"] == "immediate-referral"
    assert [(p["fact"], p["value"], p["decided"]) for p in out["path"]] == [
        ("immediate_risk", "yes", True)]


def test_a_start_shortcut_records_the_facts_it_tested(content: Content) -> None:
    walk = walk_with_facts(content.guides["youth-imagery"],
                           {"adult_involved": "yes", "subject_age": 15}, content.facts)
    path, step = walk.route()
    assert step.id == "refer-now"
    first = path[0]
    assert first.step == "never-view"
    # the shortcut's `any` stops at the first part that holds: the facts it read, in order
    assert [(r.fact, r.value, r.decided) for r in first.read] == [
        ("adult_involved", "yes", True)]
    walk = walk_with_facts(content.guides["youth-imagery"],
                           {"immediate_risk": "no", "subject_age": 12,
                            "sexual_acts_depicted": "unknown"}, content.facts)
    path, step = walk.route()
    assert step.id == "refer-now"
    assert [(r.fact, r.value, r.decided) for r in path[0].read] == [
        ("immediate_risk", "no", False), ("subject_age", 12, True),
        ("sexual_acts_depicted", "unknown", True)]


# -- answered questions reported as not asked ----

def test_answers_are_never_reported_as_not_asked(tmp_path: Path, store: CaseStore,
                                                 content: Content) -> None:
    s = _session(store, content)
    s.acknowledge("youth-imagery")
    s.answer("youth-imagery", "no")  # immediate risk
    s.answer("youth-imagery", "unknown")  # an adult involved: not known
    walk = s.walk("youth-imagery")
    assert walk.current.id == "refer-now"
    data = _note_json(tmp_path, s.case, content)
    yi = data["guides"][0]
    assert [(a["fact"], a["origin"]) for a in yi["path"]] == [
        ("immediate_risk", "answered"), ("adult_involved", "answered")]
    assert not {"risk", "adult"} & {n["step"] for n in yi["not_asked"]}
    # "Your answers" lists every fact the route used: both answers stay visible and changeable
    assert [u.fact for u in walk.uses()] == ["immediate_risk", "adult_involved"]


# -- outcomes for guides only opened ----

def test_a_guide_only_opened_has_no_outcome_in_the_note(store: CaseStore,
                                                        content: Content) -> None:
    s = _session(store, content)
    s.acknowledge("youth-imagery")
    for value in ("no", "no", "yes"):  # coerced: a victim
        s.answer("youth-imagery", value)
    s.walk("outcome-21")  # opened, nothing answered
    note = build_note(s.case, content, WHEN)
    assert [g.id for g in note.guides] == ["youth-imagery"]
    assert not any("Outcome 21" in line for line in note.summary)
    assert note.opened_only == [content.guides["outcome-21"].title]


def test_confirm_and_remove_a_walk_are_audited(store: CaseStore, content: Content) -> None:
    s = _session(store, content)
    s.acknowledge("youth-imagery")
    for value in ("no", "no", "yes"):
        s.answer("youth-imagery", value)
    s.acknowledge("outcome-21")
    assert s.walk("outcome-21").current.outcome == "outcome-21-not-appropriate"
    s.confirm("outcome-21")
    note = build_note(s.case, content, WHEN)
    o21 = next(g for g in note.guides if g.id == "outcome-21")
    assert o21.confirmed and o21.outcome_code == "outcome-21-not-appropriate"
    assert [(a.fact, a.origin, a.from_guide) for a in o21.path if a.decided] == [
        ("coercion_or_blackmail", "carried", "youth-imagery")]
    assert any(line.startswith(o21.title) for line in note.summary)
    s.remove_walk("outcome-21")
    note = build_note(s.case, content, WHEN)
    assert [g.id for g in note.guides] == ["youth-imagery"] and note.opened_only == []
    actions = [e.action for e in store.audit(s.case_id)]
    assert "walk-confirmed" in actions and actions[-1] == "walk-removed"
    assert store.verify(s.case_id).ok


# -- undo is its own action; a quick look is a case that is not kept ----

def test_undo_and_redo_are_audited_and_restored(store: CaseStore, content: Content) -> None:
    s = _session(store, content)
    s.acknowledge("youth-imagery")
    s.answer("youth-imagery", "no")
    undone = s.undo("youth-imagery")
    assert undone is not None and (undone.key, undone.value) == ("immediate_risk", "no")
    assert "immediate_risk" not in s.case.facts
    again = CaseSession(store, content, s.case_id)  # the redo survives a restart
    assert again.redo("youth-imagery") is not None
    assert again.case.facts["immediate_risk"] == "no"
    actions = [e.action for e in store.audit(s.case_id)]
    assert actions[-3:] == ["clear", "undo", "redo"]
    assert store.verify(s.case_id).ok


def test_a_quick_look_kept_carries_everything_over(store: CaseStore, content: Content) -> None:
    from fieldkit.cases.model import Officer

    quick = CaseSession.quick_look(content)
    assert not quick.kept
    quick.acknowledge("youth-imagery")
    quick.answer("youth-imagery", "no")
    quick.tick("before-leaving-scene", next(iter(
        content.checklists["before-leaving-scene"].items)).id)
    quick.set_notes("Met the DSL at 14:05.")
    quick.give_signpost("childline", "the child")
    saved = quick.keep(store, "CAD 9", Officer("PC Test", "1"))
    assert saved.kept
    before, after = quick.case, saved.case
    assert (after.facts, after.walks, after.checklists, after.notes) == (
        before.facts, before.walks, before.checklists, before.notes)
    assert [g.signpost for g in after.signposts] == ["childline"]
    assert saved.walk("youth-imagery").current.id == "adult"
    assert saved.walk("youth-imagery").state() == quick.walk("youth-imagery").state()


# -- old case files ----

def test_an_old_case_file_imports_and_its_note_keeps_every_answer(store: CaseStore,
                                                                  content: Content) -> None:
    from fieldkit.cases.casefile import read_casefile

    example = Path(__file__).parents[1] / "fixtures" / "cases" / "example-case.yaml"
    case = read_casefile(example, content)
    assert [w.confirmed for w in case.walks] == [False, False]  # answered there: walked
    from_file = build_note(case, content, WHEN)
    stored = store.load(store.import_case(case))
    assert stored == case
    from_store = build_note(stored, content, WHEN)
    assert [g.path for g in from_store.guides] == [g.path for g in from_file.guides]
    for record, g in zip(case.walks, from_file.guides, strict=True):
        on_path = {a.fact: a.origin for a in g.path}
        # every answer is on the path as answered here, and none is "not asked"
        assert {f: on_path.get(f) for f in record.answered} == dict.fromkeys(
            record.answered, "answered")
        assert not set(record.answered) & {
            content.guides[g.id].steps[n.step].fact for n in g.not_asked}
    assert [g.id for g in from_file.guides] == ["youth-imagery", "device-seizure"]
