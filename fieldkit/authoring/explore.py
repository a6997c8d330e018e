"""Every way through a guide: which facts decide its route, and what each choice of them
reaches. The diff uses it to find fact combinations whose outcome an edit changed.

Rather than walking the full product of fact values, a walk reads facts lazily: when it
needs a fact not yet chosen, the search branches on that fact's values. Each finished walk
then stands for every combination of the facts it did not read, so "all combinations" are
covered with one walk per distinct route.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, MutableMapping
from datetime import date, timedelta
from typing import Any

from fieldkit.content.model import Cond, Fact, Guide
from fieldkit.guides.engine import Walk, WalkError


class _Unset:
    def __repr__(self) -> str:
        return "not known"


UNSET: Any = _Unset()
OTHER_TEXT = "(any other text)"


class NeedFact(Exception):
    def __init__(self, fact: str):
        super().__init__(fact)
        self.fact = fact


class LazyFacts(MutableMapping[str, Any]):
    """Facts chosen so far; reading one not chosen yet raises NeedFact."""

    def __init__(self, chosen: dict[str, Any]):
        self.chosen = chosen

    def _value(self, key: str) -> Any:
        if key not in self.chosen:
            raise NeedFact(key)
        return self.chosen[key]

    def __getitem__(self, key: str) -> Any:
        v = self._value(key)
        if v is UNSET:
            raise KeyError(key)
        return v

    def __contains__(self, key: object) -> bool:
        return self._value(str(key)) is not UNSET

    def get(self, key: str, default: Any = None) -> Any:
        v = self._value(key)
        return default if v is UNSET else v

    def __setitem__(self, key: str, value: Any) -> None:  # pragma: no cover - never written
        self.chosen[key] = value

    def __delitem__(self, key: str) -> None:  # pragma: no cover - never written
        del self.chosen[key]

    def __iter__(self) -> Iterator[str]:
        return iter(k for k, v in self.chosen.items() if v is not UNSET)

    def __len__(self) -> int:
        return sum(1 for v in self.chosen.values() if v is not UNSET)


def _comparisons(cond: Cond) -> Iterator[tuple[str, str, Any]]:
    if cond[0] in ("all", "any"):
        for c in cond[1]:
            yield from _comparisons(c)
    elif cond[0] == "not":
        yield from _comparisons(cond[1])
    else:
        yield cond[1], cond[2], cond[3]


def decision_facts(guides: list[Guide]) -> list[str]:
    """Facts the guides' questions set or their conditions test, in order of appearance."""
    out: list[str] = []
    for g in guides:
        for step in g.steps.values():
            if step.kind == "question" and step.fact and step.fact not in out:
                out.append(step.fact)
            for b in step.next:
                if b.cond is not None:
                    for fact, _, _ in _comparisons(b.cond):
                        if fact not in out:
                            out.append(fact)
    return out


def fact_values(fact_id: str, guides: list[Guide], declared: dict[str, Fact]) -> list[Any]:
    """The values worth trying for one fact: every choice, or the boundaries of numbers and
    dates found in conditions, one either side."""
    fact = declared.get(fact_id)
    ftype = fact.type if fact else "text"
    operands: list[Any] = []
    asked = False
    known_tested = False
    lo: float | None = None
    hi: float | None = None
    for g in guides:
        for step in g.steps.values():
            if step.kind == "question" and step.fact == fact_id:
                asked = True
                if step.min is not None:
                    lo = step.min if lo is None else min(lo, step.min)
                if step.max is not None:
                    hi = step.max if hi is None else max(hi, step.max)
            for b in step.next:
                for f, op, operand in _comparisons(b.cond) if b.cond else ():
                    if f != fact_id:
                        continue
                    if op == "known":
                        known_tested = True
                    elif op == "in":
                        operands.extend(operand)
                    else:
                        operands.append(operand)
    values: list[Any]
    if ftype == "number":
        nums = {v + d for v in operands if isinstance(v, (int, float)) for d in (-1, 0, 1)}
        if lo is not None:
            nums = {max(lo, v) for v in nums}
        if hi is not None:
            nums = {min(hi, v) for v in nums}
        values = sorted(nums) or [lo if lo is not None else 0]
    elif ftype == "date":
        days = {v + timedelta(days=d) for v in operands if isinstance(v, date) for d in (-1, 0, 1)}
        values = sorted(days) or [date.today()]
    elif ftype == "text":
        values = [*sorted({str(v) for v in operands}), OTHER_TEXT]
    elif ftype == "multi":
        mentioned = sorted({str(v) for v in operands}) or list(fact.values[:1] if fact else [])
        if len(mentioned) <= 4:
            values = [tuple(v for i, v in enumerate(mentioned) if mask >> i & 1)
                      for mask in range(2 ** len(mentioned))]
        else:
            values = [(), *((v,) for v in mentioned), tuple(mentioned)]
    else:
        values = list(fact.allowed_values()) if fact else sorted({str(v) for v in operands})
    if known_tested or not asked:
        values.append(UNSET)
    return values


def end_of(guide: Guide, chosen: dict[str, Any], declared: dict[str, Fact]) -> str:
    """Where a walk with these facts ends: an outcome code, a question, or an error."""
    walk = Walk(guide, LazyFacts(chosen), declared, stop_at_info=False)
    try:
        _, step = walk.route()
    except WalkError as exc:
        return f"error ({exc})"
    if step.kind == "outcome":
        return step.outcome
    return f"stops at question '{step.id}'"


def explore(old: Guide | None, new: Guide | None, values: dict[str, list[Any]],
            old_facts: dict[str, Fact], new_facts: dict[str, Fact],
            limit: int) -> tuple[list[tuple[dict[str, Any], str, str]], bool]:
    """(leaves, capped): each leaf is (facts chosen, old end, new end)."""
    leaves: list[tuple[dict[str, Any], str, str]] = []
    stack: list[dict[str, Any]] = [{}]
    while stack:
        if len(leaves) >= limit:
            return leaves, True
        chosen = stack.pop()
        try:
            a = end_of(old, chosen, old_facts) if old else "(no guide)"
            b = end_of(new, chosen, new_facts) if new else "(no guide)"
        except NeedFact as need:
            options = values.get(need.fact, [UNSET])
            for v in reversed(options):
                stack.append({**chosen, need.fact: v})
            continue
        leaves.append((chosen, a, b))
    return leaves, False


def combinations(values: dict[str, list[Any]]) -> int:
    return math.prod(len(v) for v in values.values()) if values else 1


def covered(leaves: list[tuple[dict[str, Any], str, str]], values: dict[str, list[Any]]) -> int:
    """How many full combinations the leaves stand for."""
    return sum(math.prod(len(v) for f, v in values.items() if f not in chosen)
               for chosen, _, _ in leaves)
