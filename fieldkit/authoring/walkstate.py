"""An author's walk through a guide, kept across reloads of the content.

Author mode reloads the content each time a file is saved. The walk under way is carried
over to the new guide: the same start step and facts, where they still exist; whatever no
longer fits is dropped, and a note says what.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fieldkit.content.conditions import coerce
from fieldkit.content.model import Fact, Guide
from fieldkit.guides.engine import Walk
from fieldkit.guides.engine import WalkState as EngineState


@dataclass
class WalkState:
    guide: str
    start: str
    facts: dict[str, Any] = field(default_factory=dict)
    acknowledged: list[str] = field(default_factory=list)
    answered: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, walk: Walk) -> WalkState:
        return cls(walk.guide.id, walk.start, dict(walk.facts), list(walk.acknowledged),
                   list(walk.answered))


def start_walk(guide: Guide, declared: dict[str, Fact], start: str | None = None,
               facts: dict[str, Any] | None = None) -> Walk:
    return Walk(guide, dict(facts or {}), declared, stop_at_info=True, start=start)


def carry_walk(state: WalkState, guides: dict[str, Guide],
               declared: dict[str, Fact]) -> tuple[Walk | None, list[str]]:
    """The walk rebuilt on reloaded content, and notes on anything that could not be kept."""
    notes: list[str] = []
    guide = guides.get(state.guide)
    if guide is None:
        return None, [f"guide '{state.guide}' is no longer in the content"]
    start = state.start
    if start not in guide.steps:
        notes.append(f"step '{start}' is gone; the walk starts again from '{guide.start}'")
        start = guide.start
    facts: dict[str, Any] = {}
    for fid, value in state.facts.items():
        fact = declared.get(fid)
        if fact is None:
            notes.append(f"fact '{fid}' is no longer declared; its value was dropped")
            continue
        v, problem = coerce(fact, value)
        if problem:
            notes.append(f"{problem}; the value was dropped")
            continue
        facts[fid] = v
    kept = EngineState(list(state.answered), list(state.acknowledged))
    kept.history = [("answer", f) for f in kept.answered] + [
        ("ack", s) for s in kept.acknowledged]
    walk = Walk.resume(guide, facts, declared, kept, stop_at_info=True, start=start)
    return walk, notes
