"""One checklist on one case: its items, the required ones, the ticks, and whether it is done.

Every item is required: the content format has no optional checklist items, so a checklist is
complete when every item is ticked. A tick of an item the content no longer holds (the case
was worked on an older version) is kept and shown by its id, but counts towards nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from fieldkit.content.model import Checklist, ChecklistItem


@dataclass(frozen=True)
class Tick:
    """An item ticked: when (UTC, from the case's audit log) and by whom, where known."""

    item: str
    at: datetime | None = None
    by: str = ""


@dataclass(frozen=True)
class ChecklistProgress:
    """A checklist as it stands on a case. `checklist` is None when the content lacks it."""

    id: str
    checklist: Checklist | None
    ticks: tuple[Tick, ...] = ()

    @property
    def title(self) -> str:
        return self.checklist.header.title if self.checklist is not None else self.id

    @property
    def version(self) -> str:
        return self.checklist.header.version if self.checklist is not None else ""

    @property
    def items(self) -> list[ChecklistItem]:
        return list(self.checklist.items) if self.checklist is not None else []

    @property
    def required(self) -> list[str]:
        """The items that must be ticked for the checklist to be complete: all of them."""
        return [i.id for i in self.items]

    @property
    def ticked(self) -> list[str]:
        """Ids of the items ticked, in the order they were ticked."""
        return [t.item for t in self.ticks]

    def is_ticked(self, item_id: str) -> bool:
        return any(t.item == item_id for t in self.ticks)

    def tick_of(self, item_id: str) -> Tick | None:
        return next((t for t in self.ticks if t.item == item_id), None)

    @property
    def done(self) -> int:
        """Required items ticked (a tick of an item no longer in the content not counted)."""
        ticked = set(self.ticked)
        return sum(1 for i in self.required if i in ticked)

    @property
    def total(self) -> int:
        return len(self.required)

    @property
    def complete(self) -> bool:
        return self.done == self.total

    def ticked_texts(self) -> list[str]:
        """What each tick says, in tick order: the item's text, or its id if it is gone."""
        texts = {i.id: i.text for i in self.items}
        return [texts.get(i, i) for i in self.ticked]

    def unticked_texts(self) -> list[str]:
        ticked = set(self.ticked)
        return [i.text for i in self.items if i.id not in ticked]


def checklist_progress(checklist_id: str, checklist: Checklist | None, ticked: Iterable[str],
                       times: Mapping[str, datetime] | None = None,
                       by: str = "") -> ChecklistProgress:
    """The checklist with the case's ticked item ids (`times`: when each was ticked)."""
    times = times or {}
    return ChecklistProgress(checklist_id, checklist,
                             tuple(Tick(i, times.get(i), by) for i in dict.fromkeys(ticked)))


def checklists_in_note(ticked: Iterable[str], suggested: Iterable[Iterable[str]]) -> list[str]:
    """The checklists a note reports: those ticked in the case, then those an outcome
    suggested (even with nothing ticked), each once."""
    ids = list(dict.fromkeys(ticked))
    for group in suggested:
        ids += [c for c in group if c not in ids]
    return ids
