"""A case being worked on: the one object a view, the command line or a test drives.

Every call changes the in-memory walk and writes through the store at once, in one transaction
with its audit entries, so what is on screen is what is on disk. Facts are shared by all the
case's walks: an answer given in one guide is reused by the next. A quick look is the same
session over a store in memory (`CaseSession.quick_look`); `keep` turns it into a saved case
with everything done so far, answers included.
"""

from __future__ import annotations

from typing import Any

from fieldkit.cases.exhibits import exhibit_from_facts
from fieldkit.cases.model import Case, Continuity, Exhibit, Officer, SavedWalk
from fieldkit.cases.store import CaseStore
from fieldkit.checklists.model import ChecklistProgress
from fieldkit.content.model import Content
from fieldkit.diagnostics import FieldKitError
from fieldkit.guides.engine import Change, Undone, Walk, WalkError

QUICK_LOOK = "Quick look"


class CaseSession:
    def __init__(self, store: CaseStore, content: Content, case_id: str):
        self.store = store
        self.content = content
        self.case_id = case_id
        self._reload()

    @classmethod
    def quick_look(cls, content: Content) -> CaseSession:
        """A case that is not kept: in memory only, gone when the app closes."""
        store = CaseStore.memory()
        return cls(store, content, store.create_case(QUICK_LOOK, ""))

    @property
    def kept(self) -> bool:
        return self.store.kept

    def keep(self, store: CaseStore, reference: str, officer: Officer,
             location: str = "") -> CaseSession:
        """This quick look saved as a case in `store`, everything carried over; the quick
        look itself is left as it was (the caller drops it)."""
        case = self.case
        case.reference, case.officer, case.location = reference, officer, location
        case_id = store.import_case(case, source="quick look")
        return CaseSession(store, self.content, case_id)

    def _reload(self) -> None:
        """Rebuild everything in memory from the store (also after a failed write)."""
        case = self.store.load(self.case_id)
        self.facts: dict[str, Any] = dict(case.facts)
        self._saved_facts: dict[str, Any] = dict(case.facts)
        self._saved_walks: dict[str, SavedWalk] = {w.guide: w for w in case.walks}
        self._walks: dict[str, Walk] = {}
        self._saved_states: dict[str, dict[str, Any]] = {}

    @property
    def case(self) -> Case:
        return self.store.load(self.case_id)

    # -- walks ---------------------------------------------------------------------------------

    def walk(self, guide_id: str) -> Walk:
        """The walk of this guide in this case: restored if walked before, else started."""
        if guide_id in self._walks:
            return self._walks[guide_id]
        guide = self.content.guides.get(guide_id)
        if guide is None:
            raise FieldKitError(f"no guide '{guide_id}' in the content loaded")
        saved = self._saved_walks.get(guide_id)
        walk = Walk.resume(guide, self.facts, self.content.facts,
                           saved.walk_state() if saved is not None else None)
        self._walks[guide_id] = walk
        self._saved_states[guide_id] = _state(walk)
        if saved is None:
            self.store.save_walk(self.case_id, guide_id, guide.version, _state(walk),
                                 action="walk-start")
            self._saved_walks[guide_id] = SavedWalk(guide_id, guide.version)
        return walk

    def walks(self) -> list[str]:
        """Guides walked in this case, in the order they were started."""
        return list(self._saved_walks)

    def answer(self, guide_id: str, value: Any) -> Walk:
        walk = self.walk(guide_id)
        fact = walk.current.fact
        walk.answer(value)
        self._persist(guide_id, how={fact: "answer"})
        return walk

    def skip(self, guide_id: str) -> Walk:
        """Pass a question as 'unknown' (only where the fact allows unknown)."""
        walk = self.walk(guide_id)
        step = walk.current
        fact = self.content.facts.get(step.fact)
        if step.kind != "question" or fact is None or "unknown" not in fact.allowed_values():
            raise WalkError("this question cannot be skipped: its answer decides the route")
        walk.answer("unknown")
        self._persist(guide_id, how={step.fact: "skip"})
        return walk

    def acknowledge(self, guide_id: str) -> Walk:
        walk = self.walk(guide_id)
        step = walk.current.id
        walk.acknowledge()
        self._persist(guide_id, action=("acknowledge", {"step": step}))
        return walk

    def undo(self, guide_id: str) -> Undone | None:
        """Take back the last answer (or page read) in this walk; audited, Redo puts it back."""
        walk = self.walk(guide_id)
        undone = walk.undo()
        if undone is None:
            return None
        self._persist(guide_id, reason="answer undone",
                      action=("undo", {"what": undone.kind, "key": undone.key}))
        return undone

    def redo(self, guide_id: str) -> Undone | None:
        walk = self.walk(guide_id)
        redone = walk.redo()
        if redone is None:
            return None
        how = {redone.key: "redo"} if redone.kind == "answer" else {}
        self._persist(guide_id, how=how,
                      action=None if how else ("redo", {"what": "ack", "key": redone.key}))
        return redone

    def confirm(self, guide_id: str) -> Walk:
        """The officer takes the outcome the facts known elsewhere reach ("Use these
        answers"), so it counts as walked and goes into the note."""
        walk = self.walk(guide_id)
        walk.confirm()
        self._persist(guide_id, action=("walk-confirmed", {"outcome": walk.current.outcome,
                                                          "step": walk.current.id}))
        return walk

    def remove_walk(self, guide_id: str) -> None:
        """Take a guide off the case: its answers are cleared (other guides asked again where
        they relied on them); the audit log keeps everything."""
        walk = self.walk(guide_id)
        cleared = [f for f in walk.answered
                   if not any(f in w.answered for g, w in self._walks.items() if g != guide_id)
                   and not any(f in r.answered for g, r in self._saved_walks.items()
                               if g != guide_id and g not in self._walks)]
        try:
            with self.store.atomic():
                for fact in cleared:
                    self.store.clear_fact(self.case_id, fact, guide_id,
                                          "the guide it was answered in was removed")
                self.store.remove_walk(self.case_id, guide_id)
        finally:
            self._reload()

    def change(self, guide_id: str, fact: str, value: Any) -> Change:
        walk = self.walk(guide_id)
        result = walk.change(fact, value)
        self._persist(guide_id, how={fact: "change"},
                      reason=f"no longer on the route after '{fact}' was changed")
        return result

    def _persist(self, guide_id: str, how: dict[str, str] | None = None, reason: str = "",
                 action: tuple[str, dict[str, Any]] | None = None) -> None:
        """Write what changed in memory (facts, walk states) as one transaction."""
        how = how or {}
        try:
            with self.store.atomic():
                for fact, value in self.facts.items():
                    if fact not in self._saved_facts or self._saved_facts[fact] != value \
                            or fact in how:
                        self.store.set_fact(self.case_id, fact, value, guide_id,
                                            how.get(fact, "answer"))
                for fact in [f for f in self._saved_facts if f not in self.facts]:
                    self.store.clear_fact(self.case_id, fact, guide_id, reason)
                for gid, walk in self._walks.items():
                    state = _state(walk)
                    named = action if gid == guide_id else None
                    if named or state != self._saved_states.get(gid):
                        self.store.save_walk(self.case_id, gid, walk.guide.version, state,
                                             action=named[0] if named else None,
                                             detail=named[1] if named else None)
                        self._saved_states[gid] = state
        except BaseException:
            self._reload()
            raise
        self._saved_facts = dict(self.facts)

    # -- everything else is a straight write-through ---------------------------------------------

    def tick(self, checklist_id: str, item_id: str, ticked: bool = True) -> None:
        self.store.tick(self.case_id, checklist_id, item_id, ticked)

    def checklist(self, checklist_id: str) -> ChecklistProgress:
        """A checklist as it stands on this case: ticks, who ticked them and when, what is
        left."""
        return self.case.checklist(checklist_id, self.content.checklists.get(checklist_id),
                                   self.store.tick_times(self.case_id, checklist_id))

    def set_notes(self, text: str) -> None:
        self.store.set_notes(self.case_id, text)

    def give_signpost(self, signpost_id: str, given_to: str = "") -> None:
        self.store.give_signpost(self.case_id, signpost_id, given_to)

    def new_exhibit(self, ref: str = "", **fields: Any) -> Exhibit:
        """An unsaved exhibit pre-filled from the device-seizure answers in this case."""
        return exhibit_from_facts(self.facts, ref, **fields)

    def add_exhibit(self, exhibit: Exhibit) -> str:
        return self.store.add_exhibit(self.case_id, exhibit)

    def update_exhibit(self, exhibit_id: str, **changes: Any) -> None:
        self.store.update_exhibit(self.case_id, exhibit_id, **changes)

    def add_continuity(self, exhibit_id: str, continuity: Continuity) -> None:
        self.store.add_continuity(self.case_id, exhibit_id, continuity)

    def withdraw_exhibit(self, exhibit_id: str, reason: str) -> None:
        self.store.withdraw_exhibit(self.case_id, exhibit_id, reason)

    def withdraw_signpost(self, index: int, reason: str) -> None:
        self.store.withdraw_signpost(self.case_id, index, reason)

    def mark_script_section(self, script_id: str, section_id: str, used: bool = True) -> None:
        self.store.mark_script_section(self.case_id, script_id, section_id, used)

    def copy_script_line(self, script_id: str, section_id: str, text: str) -> None:
        self.store.copy_script_line(self.case_id, script_id, section_id, text)

    def record_export(self, kind: str, path: str, sha256: str = "",
                      files: list[dict[str, str]] | None = None) -> None:
        self.store.record_export(self.case_id, kind, path, sha256, files)


def _state(walk: Walk) -> dict[str, Any]:
    return walk.state().as_dict()

