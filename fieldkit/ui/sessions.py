"""What the views drive: the core `CaseSession`, with what a screen needs to read it cheaply.

A saved case and a quick look are the same `CaseSession` (a quick look's store is in memory),
so answers, fact reuse, ticks, notes, services given and exports run the same code either way;
a screen asks only `kept` to say plainly whether anything is kept. This wrapper adds no
behaviour of its own: it caches the case between writes and turns a failed simple write into
a plain message for the window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ParamSpec, TypeVar

from fieldkit.cases.model import Case, Continuity, Exhibit, fact_origin
from fieldkit.cases.session import CaseSession
from fieldkit.cases.times import utcnow
from fieldkit.checklists.model import ChecklistProgress
from fieldkit.content.model import Content, Step
from fieldkit.diagnostics import FieldKitError
from fieldkit.guides.engine import Change, Undone, Walk

P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True)
class Given:
    signpost: str
    given_to: str
    at: datetime


class ScreenSession:
    """The open case (or quick look) as the screens use it: the `CaseSession` underneath, with
    reads cached between writes and failed writes told in plain words. Every call writes
    through the store."""

    def __init__(self, inner: CaseSession):
        self.inner = inner
        self.store = inner.store
        self.content = inner.content
        self.case_id = inner.case_id
        self._case: Case | None = None
        # Told (in plain words) when a simple write fails, so the window can say so; walks
        # raise instead, because the walk view must redraw from what was really saved.
        self.on_problem: Callable[[str], None] = lambda _text: None

    def _write(self, fn: Callable[..., Any], *args: Any) -> None:
        try:
            fn(*args)
        except FieldKitError as exc:
            self.on_problem(f"Not saved: {exc}")
        finally:
            self._forget_cached_case()

    def _through(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """A write that raises when it fails (walks, exhibits, exports: the screen must show
        what was really saved); the cached case is forgotten either way."""
        try:
            return fn(*args, **kwargs)
        finally:
            self._forget_cached_case()

    @classmethod
    def quick_look(cls, content: Content) -> ScreenSession:
        return cls(CaseSession.quick_look(content))

    @property
    def kept(self) -> bool:
        """Whether anything done here is kept (a saved case), or forgotten (a quick look)."""
        return self.inner.kept

    # -- reading the case (cached between writes: the store is the truth) ----------------------
    def case(self) -> Case:
        if self._case is None:
            self._case = self.inner.case
        return self._case

    def _forget_cached_case(self) -> None:
        self._case = None

    @property
    def facts(self) -> dict[str, Any]:
        return self.inner.facts

    @property
    def title(self) -> str:
        if not self.kept:
            return "Quick look: not recorded"
        c = self.case()
        who = " ".join(x for x in (c.officer.name, c.officer.number) if x)
        return f"Case {c.reference} \u00b7 {who}" if who else f"Case {c.reference}"

    # -- guides ------------------------------------------------------------------------------
    def walk(self, guide_id: str) -> Walk:
        known = guide_id in self.inner.walks()
        w = self.inner.walk(guide_id)
        if not known:
            self._forget_cached_case()
        return w

    def walked(self) -> list[str]:
        return self.inner.walks()

    def answer(self, guide_id: str, value: Any) -> Step:
        return self._through(self.inner.answer, guide_id, value).current

    def acknowledge(self, guide_id: str) -> Step:
        return self._through(self.inner.acknowledge, guide_id).current

    def undo(self, guide_id: str) -> Undone | None:
        return self._through(self.inner.undo, guide_id)

    def redo(self, guide_id: str) -> Undone | None:
        return self._through(self.inner.redo, guide_id)

    def confirm(self, guide_id: str) -> None:
        self._through(self.inner.confirm, guide_id)

    def remove_walk(self, guide_id: str) -> None:
        self._through(self.inner.remove_walk, guide_id)

    def change(self, guide_id: str, fact: str, value: Any) -> Change:
        return self._through(self.inner.change, guide_id, fact, value)

    def fact_origin(self, fact: str, guide_id: str = "") -> str | None:
        """The guide a fact was answered in (`guide_id` itself first); None: given with the
        case."""
        return fact_origin(self.case().walks, fact, guide_id)

    # -- checklists, scripts, signposts, notes -------------------------------------------------
    def tick(self, checklist_id: str, item_id: str, ticked: bool) -> None:
        self._write(self.inner.tick, checklist_id, item_id, ticked)

    def ticked(self, checklist_id: str) -> set[str]:
        return set(self.case().checklists.get(checklist_id, []))

    def checklist(self, checklist_id: str) -> ChecklistProgress:
        return self.case().checklist(checklist_id, self.content.checklists.get(checklist_id),
                                     self.store.tick_times(self.case_id, checklist_id))

    def set_notes(self, text: str) -> None:
        self._write(self.inner.set_notes, text)

    def notes(self) -> str:
        return str(self.case().notes or "")

    def give_signpost(self, signpost_id: str, given_to: str) -> None:
        self._write(self.inner.give_signpost, signpost_id, given_to)

    def signposts_given(self) -> list[Given]:
        out = []
        for g in self.case().signposts:
            at = g.at if g.at is not None else utcnow()
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
    def new_exhibit(self, ref: str = "", **fields: Any) -> Exhibit:
        return self.inner.new_exhibit(ref, **fields)

    def add_exhibit(self, exhibit: Exhibit) -> str:
        return self._through(self.inner.add_exhibit, exhibit)

    def update_exhibit(self, exhibit_id: str, **changes: Any) -> None:
        self._through(self.inner.update_exhibit, exhibit_id, **changes)

    def add_continuity(self, exhibit_id: str, continuity: Continuity) -> None:
        self._through(self.inner.add_continuity, exhibit_id, continuity)

    def withdraw_exhibit(self, exhibit_id: str, reason: str) -> None:
        self._through(self.inner.withdraw_exhibit, exhibit_id, reason)

    def withdraw_signpost(self, index: int, reason: str) -> None:
        self._through(self.inner.withdraw_signpost, index, reason)

    def record_export(self, kind: str, path: str, sha256: str = "",
                      files: list[dict[str, str]] | None = None) -> None:
        """Raises when the record cannot be written: the export then tells the officer that
        its files were written but not recorded."""
        self._through(self.inner.record_export, kind, path, sha256, files)

    def close(self) -> None:
        """A saved case's store is the window's to close (every action is already written);
        a quick look's store in memory is dropped with it."""
        if not self.kept:
            self.store.close()
