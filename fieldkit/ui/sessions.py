"""What the views drive: a recorded case (through the case store) or a quick look (memory only).

Both give the views the same small surface, so a screen never asks which one it has, except to
say plainly whether anything is being recorded. `QuickSession` keeps everything in memory and
forgets it when the app closes; `RecordedSession` wraps the case engineer's `CaseSession`,
which writes every action through the case store at once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fieldkit.content.model import Content, Step
from fieldkit.diagnostics import FieldKitError
from fieldkit.guides.engine import Change, Walk


@dataclass(frozen=True)
class Given:
    signpost: str
    given_to: str
    at: datetime


class QuickSession:
    """A walk without a case: answers are shared across guides but nothing is written down."""

    recorded = False

    def __init__(self, content: Content):
        self.content = content
        self.facts: dict[str, Any] = {}
        self.fact_guide: dict[str, str] = {}  # which guide a fact was answered in
        self._walks: dict[str, Walk] = {}
        self._ticks: dict[str, set[str]] = {}
        self._notes = ""
        self._given: list[Given] = []
        self._used: dict[str, set[str]] = {}
        self.copied: list[tuple[str, str, str]] = []

    # -- what the header shows ---------------------------------------------------------------
    @property
    def title(self) -> str:
        return "Quick look: not recorded"

    @property
    def case_id(self) -> str | None:
        return None

    # -- guides ------------------------------------------------------------------------------
    def walk(self, guide_id: str) -> Walk:
        if guide_id not in self._walks:
            self._walks[guide_id] = Walk(self.content.guides[guide_id], self.facts,
                                         self.content.facts)
        return self._walks[guide_id]

    def walked(self) -> list[str]:
        return list(self._walks)

    def answer(self, guide_id: str, value: Any) -> Step:
        w = self.walk(guide_id)
        fact = w.current.fact
        step = w.answer(value)
        self.fact_guide[fact] = guide_id
        return step

    def acknowledge(self, guide_id: str) -> Step:
        return self.walk(guide_id).acknowledge()

    def back(self, guide_id: str) -> bool:
        return self.walk(guide_id).back()

    def change(self, guide_id: str, fact: str, value: Any) -> Change:
        change = self.walk(guide_id).change(fact, value)
        self.fact_guide[fact] = guide_id
        for dropped in change.dropped:
            self.fact_guide.pop(dropped, None)
        return change

    def fact_origin(self, fact: str) -> str | None:
        """The guide the fact was answered in, for the 'reused' note in the path."""
        return self.fact_guide.get(fact)

    # -- checklists, scripts, signposts, notes -------------------------------------------------
    def tick(self, checklist_id: str, item_id: str, ticked: bool) -> None:
        items = self._ticks.setdefault(checklist_id, set())
        (items.add if ticked else items.discard)(item_id)

    def ticked(self, checklist_id: str) -> set[str]:
        return set(self._ticks.get(checklist_id, set()))

    def set_notes(self, text: str) -> None:
        self._notes = text

    def notes(self) -> str:
        return self._notes

    def give_signpost(self, signpost_id: str, given_to: str) -> None:
        self._given.append(Given(signpost_id, given_to, datetime.now()))

    def signposts_given(self) -> list[Given]:
        return list(self._given)

    def mark_script_section(self, script_id: str, section_id: str, used: bool) -> None:
        items = self._used.setdefault(script_id, set())
        (items.add if used else items.discard)(section_id)

    def sections_used(self, script_id: str) -> set[str]:
        return set(self._used.get(script_id, set()))

    def copy_script_line(self, script_id: str, section_id: str, text: str) -> None:
        self.copied.append((script_id, section_id, text))

    def close(self) -> None:
        """Nothing to flush: a quick look is never written down."""


class RecordedSession:
    """A case in the store, through the case engineer's `CaseSession` (every call writes)."""

    recorded = True

    def __init__(self, store: Any, content: Content, case_id: str):
        from fieldkit.cases.session import CaseSession

        self.store = store
        self.content = content
        self.case_id = case_id
        self.inner = CaseSession(store, content, case_id)
        self._case: Any = None
        # Told (in plain words) when a simple write fails, so the window can say so; walks
        # raise instead, because the walk view must redraw from what was really saved.
        self.on_problem: Callable[[str], None] = lambda _text: None

    def _write(self, fn: Callable[..., Any], *args: Any) -> None:
        try:
            fn(*args)
        except FieldKitError as exc:
            self.on_problem(f"Not saved: {exc}")
        finally:
            self._wrote()

    # -- reading the case (cached between writes: the store is the truth) ----------------------
    def case(self) -> Any:
        if self._case is None:
            self._case = self.inner.case
        return self._case

    def _wrote(self) -> None:
        self._case = None

    @property
    def facts(self) -> dict[str, Any]:
        return self.inner.facts

    @property
    def title(self) -> str:
        c = self.case()
        who = " ".join(x for x in (c.officer.name, c.officer.number) if x)
        return f"Case {c.reference} \u00b7 {who}" if who else f"Case {c.reference}"

    # -- guides ------------------------------------------------------------------------------
    def walk(self, guide_id: str) -> Walk:
        known = guide_id in self.inner.walks()
        w = self.inner.walk(guide_id)
        if not known:
            self._wrote()
        return w

    def walked(self) -> list[str]:
        return self.inner.walks()

    def answer(self, guide_id: str, value: Any) -> Step:
        try:
            return self.inner.answer(guide_id, value).current
        finally:
            self._wrote()

    def acknowledge(self, guide_id: str) -> Step:
        try:
            return self.inner.acknowledge(guide_id).current
        finally:
            self._wrote()

    def back(self, guide_id: str) -> bool:
        try:
            return self.inner.back(guide_id)
        finally:
            self._wrote()

    def change(self, guide_id: str, fact: str, value: Any) -> Change:
        try:
            return self.inner.change(guide_id, fact, value)
        finally:
            self._wrote()

    def fact_origin(self, fact: str) -> str | None:
        for record in self.case().walks:
            if fact in record.answered:
                return str(record.guide)
        return None

    # -- checklists, scripts, signposts, notes -------------------------------------------------
    def tick(self, checklist_id: str, item_id: str, ticked: bool) -> None:
        self._write(self.inner.tick, checklist_id, item_id, ticked)

    def ticked(self, checklist_id: str) -> set[str]:
        return set(self.case().checklists.get(checklist_id, []))

    def set_notes(self, text: str) -> None:
        self._write(self.inner.set_notes, text)

    def notes(self) -> str:
        return str(self.case().notes or "")

    def give_signpost(self, signpost_id: str, given_to: str) -> None:
        self._write(self.inner.give_signpost, signpost_id, given_to)

    def signposts_given(self) -> list[Given]:
        out = []
        for g in self.case().signposts:
            at = g.at.astimezone() if g.at is not None else datetime.now()
            out.append(Given(g.signpost, g.given_to, at))
        return out

    def mark_script_section(self, script_id: str, section_id: str, used: bool) -> None:
        self._write(self.inner.mark_script_section, script_id, section_id, used)

    def sections_used(self, script_id: str) -> set[str]:
        for use in self.case().scripts:
            if use.script == script_id:
                return set(use.sections)
        return set()

    def copy_script_line(self, script_id: str, section_id: str, text: str) -> None:
        self._write(self.inner.copy_script_line, script_id, section_id, text)

    # -- exhibits and exports ------------------------------------------------------------------
    def new_exhibit(self, ref: str = "", **fields: Any) -> Any:
        return self.inner.new_exhibit(ref, **fields)

    def add_exhibit(self, exhibit: Any) -> str:
        try:
            return self.inner.add_exhibit(exhibit)
        finally:
            self._wrote()

    def update_exhibit(self, exhibit_id: str, **changes: Any) -> None:
        try:
            self.inner.update_exhibit(exhibit_id, **changes)
        finally:
            self._wrote()

    def add_continuity(self, exhibit_id: str, continuity: Any) -> None:
        try:
            self.inner.add_continuity(exhibit_id, continuity)
        finally:
            self._wrote()

    def withdraw_exhibit(self, exhibit_id: str, reason: str) -> None:
        try:
            self.inner.withdraw_exhibit(exhibit_id, reason)
        finally:
            self._wrote()

    def withdraw_signpost(self, index: int, reason: str) -> None:
        try:
            self.inner.withdraw_signpost(index, reason)
        finally:
            self._wrote()

    def record_export(self, kind: str, path: str, sha256: str = "",
                      files: list[dict[str, str]] | None = None) -> None:
        """Raises when the record cannot be written: the export then tells the officer that
        its files were written but not recorded."""
        try:
            self.inner.record_export(kind, path, sha256, files)
        finally:
            self._wrote()

    def close(self) -> None:
        """The store is the window's to close; every action is already written."""
