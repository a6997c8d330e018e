"""The case as plain data: what the store loads, the session drives and the note renders.

Nothing here touches the database or Qt. `Case` compares equal field by field, which is how the
tests prove that a case survives export and re-import unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

from fieldkit.checklists.model import ChecklistProgress, checklist_progress
from fieldkit.content.model import Checklist
from fieldkit.guides.engine import WalkState

POWER_STATES = ("on", "off", "unknown")
YES_NO_UNKNOWN = ("yes", "no", "unknown")
FACT_HOW = ("answer", "change", "skip", "redo")


@dataclass
class Officer:
    name: str
    number: str = ""
    station: str = ""


@dataclass
class Continuity:
    """One handover of an exhibit from one person to another."""

    from_: str
    to: str
    at: datetime | None = None
    why: str = ""


@dataclass
class Exhibit:
    """One device (or other item) seized, as the officer records it at the scene."""

    ref: str
    kind: str = ""
    description: str = ""
    make_model: str = ""
    serial: str = ""  # IMEI or serial number
    found: str = ""  # where it was found
    seized_at: datetime | None = None
    seized_by: str = ""
    seal: str = ""
    power: str = ""  # as found: on | off | unknown
    locked: str = ""  # yes | no | unknown
    passcode_given: str = ""  # yes | no | unknown
    actions: list[str] = field(default_factory=list)  # what was done: flight mode, Faraday bag...
    charger_seized: str = ""  # yes | no | unknown
    notes: str = ""
    continuity: list[Continuity] = field(default_factory=list)
    id: str = field(default="", compare=False)  # the store's own id; stable if the ref is edited
    # Entered in error: withdrawn with a reason, never erased (the record and audit keep both).
    withdrawn: str = ""  # the reason; empty while the exhibit stands
    withdrawn_at: datetime | None = None


# The fields an officer edits, in the order forms, files and the note show them.
EXHIBIT_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(Exhibit)
    if f.name not in ("id", "continuity", "withdrawn", "withdrawn_at")
)


@dataclass
class SignpostGiven:
    """A service the officer gave to someone (the child, a parent, a carer...)."""

    signpost: str
    given_to: str = ""
    at: datetime | None = None
    withdrawn: str = ""  # the reason, when it was recorded in error (kept, not erased)
    withdrawn_at: datetime | None = None


@dataclass
class CopiedLine:
    section: str
    text: str
    at: datetime | None = None


@dataclass
class ScriptUse:
    """Which sections of a script the officer used, and the lines copied from it."""

    script: str
    sections: list[str] = field(default_factory=list)
    lines: list[CopiedLine] = field(default_factory=list)


@dataclass
class SavedWalk:
    """Enough to restore a guide walk exactly: the route itself is always recomputed. The
    fields are the engine's `WalkState`, kept with the guide and the version walked."""

    guide: str
    version: str = ""
    answered: list[str] = field(default_factory=list)  # facts answered in this walk, in order
    acknowledged: list[str] = field(default_factory=list)  # info steps read and passed
    # the undo order; rebuilt from the two lists when a case file does not carry it
    history: list[tuple[str, str]] = field(default_factory=list, compare=False)
    confirmed: bool = False  # the officer took the outcome reached from facts known elsewhere
    undone: list[tuple[str, str, Any]] = field(default_factory=list, compare=False)  # redo

    @property
    def acted(self) -> bool:
        """Answered something or confirmed its outcome: walked, not only opened."""
        return self.walk_state().acted

    def walk_state(self) -> WalkState:
        return WalkState(list(self.answered), list(self.acknowledged), list(self.history),
                         list(self.undone), self.confirmed)

    def state(self) -> dict[str, Any]:
        return self.walk_state().as_dict()

    @classmethod
    def from_state(cls, guide: str, version: str,
                   state: dict[str, Any] | WalkState) -> SavedWalk:
        st = state if isinstance(state, WalkState) else WalkState.from_dict(state)
        return cls(guide, version, list(st.answered), list(st.acknowledged), list(st.history),
                   st.confirmed, list(st.undone))


def fact_origin(walks: list[SavedWalk], fact: str, guide_id: str = "") -> str | None:
    """Where a fact came from: `guide_id` itself if answered there, else the last other walk
    that answered it, else None (given with the case)."""
    if any(w.guide == guide_id and fact in w.answered for w in walks):
        return guide_id
    found = [w.guide for w in walks if fact in w.answered]
    return found[-1] if found else None


@dataclass
class Case:
    reference: str
    officer: Officer
    opened: datetime
    location: str = ""
    facts: dict[str, Any] = field(default_factory=dict)
    walks: list[SavedWalk] = field(default_factory=list)
    exhibits: list[Exhibit] = field(default_factory=list)
    signposts: list[SignpostGiven] = field(default_factory=list)
    checklists: dict[str, list[str]] = field(default_factory=dict)  # checklist -> items ticked
    scripts: list[ScriptUse] = field(default_factory=list)
    notes: str = ""
    id: str = field(default="", compare=False)  # the store's id; '' for a case read from a file

    def exhibit(self, ref_or_id: str) -> Exhibit | None:
        return next((e for e in self.exhibits if ref_or_id in (e.ref, e.id)), None)

    def checklist(self, checklist_id: str, checklist: Checklist | None,
                  times: Mapping[str, datetime] | None = None) -> ChecklistProgress:
        """This case's ticks on a checklist; the case's officer ticked them (`times`: when,
        from the store's audit log; a case read from a file has none)."""
        return checklist_progress(checklist_id, checklist, self.checklists.get(checklist_id, []),
                                  times, self.officer.name)


@dataclass(frozen=True)
class CaseSummary:
    id: str
    reference: str
    officer: str
    opened: datetime
    last_action: str  # UTC time of the last audit entry
    exhibits: int


@dataclass(frozen=True)
class AuditEntry:
    n: int
    at: str
    action: str
    detail: dict[str, Any]
    prev: str
    hash: str


@dataclass(frozen=True)
class VerifyResult:
    case_id: str
    ok: bool
    entries: int
    problems: tuple[str, ...] = ()
    bad_entry: int | None = None  # the first entry that fails, when one can be named

    def message(self) -> str:
        if self.ok:
            return (f"case {self.case_id}: audit log intact ({self.entries} "
                    f"entr{'y' if self.entries == 1 else 'ies'})")
        return f"case {self.case_id}: audit log NOT intact: " + "; ".join(self.problems)
