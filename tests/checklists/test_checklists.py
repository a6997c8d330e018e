"""The checklist model: ticks with who and when, what is left, completion, and the note's
reading of the same ticks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from fieldkit.cases.session import CaseSession
from fieldkit.cases.store import CaseStore
from fieldkit.checklists.model import checklist_progress, checklists_in_note
from fieldkit.content import load_content
from fieldkit.content.model import Content
from fieldkit.handover.model import build_note

CONTENT = Path(__file__).parents[1] / "fixtures" / "cases" / "content"
START = datetime(2026, 11, 21, 22, 40, tzinfo=UTC)


@pytest.fixture(scope="module")
def content() -> Content:
    c = load_content(CONTENT)
    assert c.report.ok, c.report.errors
    return c


def test_progress_counts_required_items_and_keeps_a_tick_of_a_gone_item(
        content: Content) -> None:
    checklist = content.checklists["before-leaving-scene"]
    p = checklist_progress("before-leaving-scene", checklist, ["notes-written", "gone-item"])
    assert p.required == ["exhibits-sealed", "services-given", "notes-written"]
    assert (p.done, p.total, p.complete) == (1, 3, False)
    assert p.ticked_texts() == ["Your notes are written up.", "gone-item"]
    assert p.unticked_texts() == ["Every exhibit is sealed and labelled.",
                                  "Support services have been given to the child and family."]
    done = checklist_progress("before-leaving-scene", checklist,
                              ["exhibits-sealed", "services-given", "notes-written"])
    assert done.complete and done.done == 3


def test_a_checklist_missing_from_the_content_shows_its_ticks_by_id() -> None:
    p = checklist_progress("old-list", None, ["a", "b"])
    assert (p.title, p.version, p.ticked_texts(), p.unticked_texts()) == (
        "old-list", "", ["a", "b"], [])
    assert p.total == 0 and p.complete


def test_the_session_says_who_ticked_each_item_and_when(content: Content) -> None:
    times = iter(START + timedelta(minutes=m) for m in range(100))
    store = CaseStore.memory(clock=lambda: next(times))
    s = CaseSession(store, content, store.create_case("CAD 1", "PC Test"))
    s.tick("before-leaving-scene", "services-given")
    s.tick("before-leaving-scene", "notes-written")
    s.tick("before-leaving-scene", "services-given", False)
    s.tick("before-leaving-scene", "exhibits-sealed")
    p = s.checklist("before-leaving-scene")
    assert p.ticked == ["notes-written", "exhibits-sealed"]
    sealed = p.tick_of("exhibits-sealed")
    notes = p.tick_of("notes-written")
    assert sealed is not None and notes is not None
    assert sealed.by == notes.by == "PC Test"
    assert notes.at is not None and sealed.at is not None and notes.at < sealed.at
    assert p.tick_of("services-given") is None
    assert (p.done, p.total) == (2, 3)


def test_the_note_lists_ticked_checklists_then_those_suggested(content: Content) -> None:
    assert checklists_in_note({"b": [], "a": []}, [["c", "a"], ["d", "c"]]) == \
        ["b", "a", "c", "d"]
    store = CaseStore.memory()
    s = CaseSession(store, content, store.create_case("CAD 1", "PC Test"))
    s.tick("exhibit-handling", "record-state")
    note = build_note(s.case, content)
    assert [(c.id, c.ticked) for c in note.checklists] == [
        ("exhibit-handling", ["Record the state the device was found in."])]
    assert f"Checklist Handling exhibits: 1 of {1 + len(note.checklists[0].unticked)} " \
        "items ticked." in note.summary
