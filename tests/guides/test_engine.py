"""The guide engine: next question, skips of known facts, back, change of answer, outcomes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fieldkit.content import load_content
from fieldkit.content.model import Content
from fieldkit.guides import Walk, WalkError, walk_with_facts

SAMPLE = Path(__file__).parents[1] / "fixtures" / "sample-content"


@pytest.fixture(scope="module")
def content() -> Content:
    c = load_content(SAMPLE)
    assert c.report.ok, [str(d) for d in c.report.items]
    return c


def new_walk(content: Content, facts: dict[str, Any] | None = None) -> Walk:
    return Walk(content.guides["sample"], facts if facts is not None else {}, content.facts)


def test_asks_first_unknown_question_then_reaches_outcome(content: Content) -> None:
    w = new_walk(content)
    assert w.current.id == "age"
    assert w.answer(15).id == "adult"
    assert w.answer("no").id == "advice"  # info step waits for the officer
    assert w.acknowledge().id == "wide"
    end = w.answer("no")
    assert end.kind == "outcome" and end.outcome == "safeguard-educate"
    assert [(e.step, e.value, e.skipped) for e in w.path] == [
        ("age", 15, False), ("adult", "no", False), ("advice", None, False), ("wide", "no", False)]


def test_known_facts_are_skipped_and_recorded_as_reused(content: Content) -> None:
    facts = {"subject_age": 15}
    w = new_walk(content, facts)
    assert w.current.id == "adult"
    entry = w.path[0]
    assert (entry.step, entry.fact, entry.value, entry.skipped) == ("age", "subject_age", 15, True)
    reasons = {s.id: why for s, why in w.not_asked()}
    assert "age" not in reasons  # the route read the fact: it is on the decision path
    use = w.uses()[0]
    assert (use.fact, use.value, use.asked, use.answered) == ("subject_age", 15, True, False)
    assert reasons["adult"] == "not answered yet: the walk stopped here"
    assert reasons["wide"] == "not reached: the walk has not got this far"


def test_facts_are_shared_with_the_case(content: Content) -> None:
    case_facts: dict[str, Any] = {}
    first = new_walk(content, case_facts)
    first.answer(14)
    second = new_walk(content, case_facts)
    assert second.current.id == "adult"
    assert second.path[0].skipped


def test_undo_takes_back_last_answer_and_acknowledgement(content: Content) -> None:
    w = new_walk(content)
    w.answer(15)
    w.answer("no")
    w.acknowledge()
    assert w.current.id == "wide"
    assert w.undo() and w.current.id == "advice"
    assert w.undo() and w.current.id == "adult"
    assert "adult_involved" not in w.facts
    assert w.redo() and w.current.id == "advice" and w.facts["adult_involved"] == "no"
    assert w.redo() and w.current.id == "wide"
    assert w.redo() is None
    assert w.undo() and w.undo() and w.undo() and w.current.id == "age"
    assert w.undo() is None


def test_undo_never_removes_a_reused_fact(content: Content) -> None:
    w = new_walk(content, {"subject_age": 15})
    assert not w.can_undo()
    assert w.undo() is None
    assert w.facts == {"subject_age": 15}


def test_a_new_answer_clears_redo_and_state_round_trips(content: Content) -> None:
    w = new_walk(content)
    w.answer(15)
    w.undo()
    assert w.can_redo()
    w.answer(16)
    assert not w.can_redo()
    kept = w.state().as_dict()
    again = Walk.resume(content.guides["sample"], dict(w.facts), content.facts, kept)
    assert again.state() == w.state() and again.current.id == w.current.id


def test_change_answer_reroutes_and_drops_answers_off_route(content: Content) -> None:
    w = new_walk(content)
    w.answer(15)
    w.answer("no")
    w.acknowledge()
    w.answer("yes")
    assert w.current.outcome == "investigate"
    change = w.change("subject_age", 12)
    assert change.outcome_before == "investigate"
    assert change.outcome_after == "immediate-referral"
    assert change.dropped == {"adult_involved": "no", "shared_widely": "yes"}
    assert [e.step for e in w.path] == ["age"]
    assert "adult_involved" not in w.facts
    # Changing back asks the dropped questions again rather than silently reusing them.
    w.change("subject_age", 15)
    assert w.current.id == "adult"


def test_change_keeps_answers_still_on_route(content: Content) -> None:
    w = new_walk(content)
    w.answer(15)
    w.answer("no")
    w.acknowledge()
    w.answer("yes")
    change = w.change("shared_widely", "no")
    assert change.dropped == {}
    assert change.outcome_after == "safeguard-educate"
    assert w.facts["adult_involved"] == "no"


def test_bad_answers_are_refused_in_plain_words(content: Content) -> None:
    w = new_walk(content)
    with pytest.raises(WalkError, match="highest answer allowed here is 17"):
        w.answer(19)
    with pytest.raises(WalkError, match="is a number"):
        w.answer("fifteen")
    w.answer(15)
    with pytest.raises(WalkError, match="takes one of yes, no, unknown"):
        w.answer(True)
    assert w.current.id == "adult"


def test_headless_walk_passes_info_steps(content: Content) -> None:
    w = walk_with_facts(content.guides["sample"], {"subject_age": 15, "adult_involved": "no",
                                                   "shared_widely": "no"}, content.facts)
    out = w.as_json()
    assert out["status"] == "outcome" and out["outcome"]["code"] == "safeguard-educate"
    assert [p["step"] for p in out["path"]] == ["age", "adult", "wide"]
    assert all(p["skipped"] for p in out["path"])


def test_walk_from_any_step(content: Content) -> None:
    w = Walk(content.guides["sample"], {}, content.facts, start="wide")
    assert w.current.id == "wide"
    assert w.answer("yes").outcome == "investigate"


def test_no_matching_branch_is_a_walk_error(content: Content) -> None:
    guide = content.guides["sample"]
    broken = type(guide)(guide.header, guide.start, dict(guide.steps))
    step = broken.steps["wide"]
    from dataclasses import replace
    broken.steps["wide"] = replace(step, next=step.next[:1])
    w = Walk(broken, {"subject_age": 15, "adult_involved": "no", "shared_widely": "no"},
             content.facts, stop_at_info=False)
    with pytest.raises(WalkError, match="no branch of step 'wide'"):
        w.route()


def test_conditions_all_operators() -> None:
    from fieldkit.content.conditions import evaluate
    facts = {"n": 5, "c": "on", "m": ("chat", "game")}
    assert evaluate(("cmp", "n", "lt", 6), facts)
    assert evaluate(("cmp", "n", "ge", 5), facts)
    assert not evaluate(("cmp", "n", "gt", 5), facts)
    assert evaluate(("cmp", "n", "le", 5), facts)
    assert evaluate(("cmp", "c", "ne", "off"), facts)
    assert evaluate(("cmp", "c", "in", ("on", "unknown")), facts)
    assert evaluate(("cmp", "m", "has", "game"), facts)
    assert evaluate(("cmp", "x", "known", False), facts)
    assert not evaluate(("cmp", "x", "eq", 1), facts)
    assert evaluate(("any", [("cmp", "x", "eq", 1), ("cmp", "n", "eq", 5)]), facts)
    assert not evaluate(("all", [("cmp", "x", "eq", 1), ("cmp", "n", "eq", 5)]), facts)
    assert evaluate(("not", ("cmp", "x", "eq", 1)), facts)


RECORD_GUIDE = """guide: rec
title: Record-only question
version: 1.0.0
status: approved
approved_by: Online CSA specialist team
approved_on: 2026-11-01
owner: T
reviewed: 2026-11-01
review_due: 2099-01-01
sources: {src: {title: S}}
start: power
steps:
  - id: power
    ask: On or off?
    fact: device_power
    cite: [src]
    next:
      - if: {device_power: "off"}
        go: off
      - go: note
  - id: note
    ask: Which apps are open?
    fact: apps
    record: true
    cite: [src]
    next: [{go: live}]
  - id: off
    outcome: seize-leave-off
    title: Leave it off
    say: Off.
    do: [{text: Seize it., cite: [src]}]
  - id: live
    outcome: isolate-and-seize-live
    title: Keep it on
    say: On.
    do: [{text: Isolate it., cite: [src]}]
"""


def test_record_only_question_is_asked_in_the_app_and_passed_headless(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "c"
    shutil.copytree(SAMPLE, root)
    (root / "guides" / "rec.yaml").write_text(RECORD_GUIDE)
    c = load_content(root)
    assert c.report.ok, [str(d) for d in c.report.items]
    guide = c.guides["rec"]
    assert guide.steps["note"].record_only
    app_walk = Walk(guide, {"device_power": "on"}, c.facts)  # the app asks it
    assert app_walk.current.id == "note"
    headless = walk_with_facts(guide, {"device_power": "on"}, c.facts)
    out = headless.as_json()
    assert out["status"] == "outcome" and out["outcome"]["code"] == "isolate-and-seize-live"
    assert out["path"][-1] == {"step": "note", "fact": "apps", "value": None, "skipped": False,
                               "unanswered": True}
    assert ("note", "asked for the record only; not answered") in [
        (s.id, why) for s, why in headless.not_asked()]
    answered = walk_with_facts(guide, {"device_power": "on", "apps": ["chat"]}, c.facts)
    assert answered.as_json()["path"][-1]["value"] == ["chat"]


def test_redo_after_a_restart_reads_the_kept_value_as_its_type(content: Content) -> None:
    w = new_walk(content)
    w.answer(15)
    w.undo()
    kept = json.loads(json.dumps(w.state().as_dict()))
    again = Walk.resume(content.guides["sample"], {}, content.facts, kept)
    assert again.redo() is not None and again.facts["subject_age"] == 15
