"""Random sequences of officer actions, then the note: it must say exactly what was done.

Answers, changes, undo and redo, Back, opening guides (facts carry between them), confirming an
outcome, removing a walk, ticks, services given and exhibits run through the one case session
(a quick look: the same code as a saved case); then the note is written and checked against
what the session holds, and its JSON, text and PDF against each other.
"""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fieldkit.cases.model import Case
from fieldkit.cases.session import CaseSession
from fieldkit.content import builtin_content_dir, load_content
from fieldkit.content.model import Content, Step
from fieldkit.guides.engine import Walk, WalkError
from fieldkit.handover.blocks import note_blocks, note_text, reading_text
from fieldkit.handover.export import SCHEMA_VERSION
from fieldkit.handover.model import HandoverNote, build_note
from fieldkit.handover.write import write_handover
from tests.handover.test_handover import _flat, _pdf_body
from tests.handover_checks import note_problems

WHEN = datetime(2026, 11, 22, 1, 30, tzinfo=UTC)
CONTENT = load_content(builtin_content_dir())
GUIDES = sorted(CONTENT.guides)
CHECKLISTS = sorted(CONTENT.checklists)
SIGNPOSTS = sorted(CONTENT.signposts)



@st.composite
def actions(draw: st.DrawFn) -> list[tuple[Any, ...]]:
    """A few guides (so facts carry between them), then a run of actions on them."""
    guides = st.sampled_from(draw(st.lists(st.sampled_from(GUIDES), min_size=1, max_size=3,
                                           unique=True)))
    picks = st.integers(0, 9)
    return draw(st.lists(st.one_of(
        st.tuples(st.just("walk"), guides, st.lists(picks, min_size=1, max_size=8)),
        st.tuples(st.just("walk"), guides, st.lists(picks, min_size=1, max_size=8)),
        st.tuples(st.just("change"), guides, picks, picks),
        st.tuples(st.just("undo"), guides),
        st.tuples(st.just("redo"), guides),
        st.tuples(st.just("undo-redo"), guides),
        st.tuples(st.just("back"), guides),
        st.tuples(st.just("open"), guides),
        st.tuples(st.just("confirm"), guides),
        st.tuples(st.just("remove"), guides),
        st.tuples(st.just("tick"), st.sampled_from(CHECKLISTS), picks),
        st.tuples(st.just("give"), st.sampled_from(SIGNPOSTS)),
        st.tuples(st.just("exhibit"), st.integers(1, 99)),
    ), min_size=1, max_size=25))


def _value(content: Content, step: Step, pick: int) -> Any:
    """An answer the question accepts, chosen by `pick`."""
    fact = content.facts[step.fact]
    options = [o.value for o in step.options] or list(fact.allowed_values())
    if fact.type == "number":
        low = int(step.min) if step.min is not None else 0
        high = int(step.max) if step.max is not None else 40
        return low + pick % (high - low + 1)
    if fact.type == "date":
        return date(2026, 11, 1 + pick % 20)
    if fact.type == "text":
        return f"text {pick}"
    if fact.type == "multi":
        return [options[pick % len(options)]] if options else []
    return options[pick % len(options)]


def _question_for(walk: Walk, fact: str) -> Step | None:
    return next((s for s in walk.guide.steps.values()
                 if s.kind == "question" and s.fact == fact), None)


def _apply(s: CaseSession, action: tuple[Any, ...]) -> None:
    kind = action[0]
    if kind in ("walk", "change", "undo", "redo", "undo-redo", "back", "open", "confirm",
                "remove"):
        gid = action[1]
        if kind == "remove":
            if gid in s.walks():
                s.remove_walk(gid)
            return
        walk = s.walk(gid)
        try:
            step = walk.current
        except WalkError:
            return
        if kind == "walk":  # the officer answers (or reads on) a few steps in a row
            for pick in action[2]:
                step = walk.current
                if step.kind == "info":
                    s.acknowledge(gid)
                elif step.kind == "question":
                    s.answer(gid, _value(s.content, step, pick))
        elif kind == "change":
            uses = walk.uses()
            if uses:
                use = uses[action[2] % len(uses)]
                q = _question_for(walk, use.fact)
                if q is not None:
                    s.change(gid, use.fact, _value(s.content, q, action[3]))
        elif kind == "undo":
            s.undo(gid)
        elif kind == "redo":
            s.redo(gid)
        elif kind == "undo-redo":
            before = (dict(s.facts), walk.state().answered)
            if s.undo(gid) is not None:
                assert s.redo(gid) is not None
                assert (dict(s.facts), walk.state().answered) == before
        elif kind == "back":  # Back only navigates: nothing recorded may change
            before = (dict(s.facts), walk.state())
            walk.route()
            assert (dict(s.facts), walk.state()) == before
        elif kind == "confirm" and step.kind == "outcome":
            s.confirm(gid)
    elif kind == "tick":
        items = s.content.checklists[action[1]].items
        s.tick(action[1], items[action[2] % len(items)].id)
    elif kind == "give":
        s.give_signpost(action[1], "the child")
    elif kind == "exhibit" and s.case.exhibit(f"EX/{action[1]}") is None:
        s.add_exhibit(s.new_exhibit(f"EX/{action[1]}"))


def _check_note(case: Case, note: HandoverNote, content: Content) -> None:
    acted = [w for w in case.walks if w.acted]
    assert [g.id for g in note.guides] == [w.guide for w in acted]
    titles = {w.guide: content.guides[w.guide].title for w in case.walks}
    for w in case.walks:  # an outcome in the summary only for a walk the officer acted on
        if not w.acted:
            assert not any(line.startswith(titles[w.guide] + ":") for line in note.summary)
    for w, g in zip(acted, note.guides, strict=True):
        walk = Walk.resume(content.guides[w.guide], dict(case.facts), content.facts,
                           w.walk_state(), stop_at_info=False, stop_at_record_only=False)
        try:
            uses = walk.uses()
        except WalkError:
            assert g.problem
            continue
        on_path = {a.fact: a for a in g.path}
        assert [a.fact for a in g.path] == [u.fact for u in uses]  # route order, every fact
        for u in uses:
            a = on_path[u.fact]
            if u.fact in w.answered:
                assert a.origin == "answered"
            else:
                others = [o.guide for o in case.walks if u.fact in o.answered]
                if others:
                    assert (a.origin, a.from_guide) == ("carried", others[-1])
                else:
                    assert a.origin == "case"
            assert a.decided == u.decided
        questions = {s.id: s.fact for s in content.guides[w.guide].steps.values()}
        for n in g.not_asked:  # nothing answered or read is "not asked"
            assert questions[n.step] not in w.answered
            assert questions[n.step] not in on_path


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(actions())
@example([("walk", "suspect-address", [0, 0]), ("undo-redo", "suspect-address")])  # a multi
@example([("walk", "youth-imagery", [0, 1, 1, 0]), ("walk", "outcome-21", [0]),
          ("confirm", "outcome-21"), ("tick", "before-leaving-scene", 2)])
@example([("walk", "youth-imagery", [0, 1, 1, 0]), ("walk", "outcome-21", [0]),
          ("confirm", "outcome-21"), ("undo-redo", "youth-imagery"), ("give", "childline"),
          ("change", "outcome-21", 1, 1), ("walk", "device-seizure", [0, 1, 2]),
          ("exhibit", 1), ("remove", "device-seizure")])
def test_the_note_says_what_the_officer_did(steps: list[tuple[Any, ...]]) -> None:
    s = CaseSession.quick_look(CONTENT)
    for action in steps:
        _apply(s, action)
    case = s.case
    note = build_note(case, CONTENT, WHEN)
    _check_note(case, note, CONTENT)
    with tempfile.TemporaryDirectory() as out:
        paths = write_handover(case, CONTENT, Path(out), WHEN)
        data = json.loads(paths["json"].read_text(encoding="utf-8"))
        assert note_problems(paths["json"]) == []  # the published schema holds
        text = paths["txt"].read_text(encoding="utf-8")
        body, _pages = _pdf_body(paths["pdf"], case.reference)
    assert data == {"schema_version": SCHEMA_VERSION,
                    **json.loads(json.dumps(note.as_dict(), ensure_ascii=False))}
    assert text == note_text(note)
    assert body == _flat(reading_text(note_blocks(note)))
    for g in data["guides"]:  # the three say the same decision path
        for a in g["path"]:
            assert _flat(a["question"]) in _flat(text) and _flat(a["question"]) in body
            assert _flat(a["how"]) in _flat(text)
    assert s.store.verify(s.case_id).ok


@pytest.mark.parametrize("guide", GUIDES)
def test_every_guide_walked_to_the_end_lists_each_answer_once(guide: str) -> None:
    s = CaseSession.quick_look(CONTENT)
    for pick in range(60):
        step = s.walk(guide).current
        if step.kind == "outcome":
            break
        if step.kind == "info":
            s.acknowledge(guide)
        else:
            s.answer(guide, _value(CONTENT, step, pick))
    note = build_note(s.case, CONTENT, WHEN)
    _check_note(s.case, note, CONTENT)
    [g] = note.guides
    assert g.finished and g.why
    answered = s.case.walks[0].answered
    assert sorted(a.fact for a in g.path if a.origin == "answered") == sorted(answered)
