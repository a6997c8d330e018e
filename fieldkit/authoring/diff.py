"""What changed between two content folders, guide by guide, for a reviewer to sign off.

Text changes (steps added, removed, reworded; branches changed) come from comparing the
loaded guides. Outcome changes come from walking both versions with every combination of
the guide's decision facts (see `explore`) and every scenario of either folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fieldkit.authoring.condtext import cond_text, value_text
from fieldkit.authoring.explore import (
    combinations,
    covered,
    decision_facts,
    explore,
    fact_values,
)
from fieldkit.authoring.loading import AuthorView, load_for_authoring
from fieldkit.content.conditions import coerce
from fieldkit.content.model import Content, Fact, Guide, Scenario, Step
from fieldkit.guides.engine import WalkError, walk_with_facts

DEFAULT_LIMIT = 50_000

_TEXT_FIELDS = {
    "question": ("ask", "why", "help"),
    "info": ("show",),
    "outcome": ("title", "say"),
}
_LIST_FIELDS = {"outcome": ("do", "dont", "scripts", "signposts", "checklists", "then")}


@dataclass
class Reword:
    step: str
    field: str
    old: str
    new: str


@dataclass
class BranchChange:
    step: str
    old: list[str]
    new: list[str]


@dataclass
class OutcomeChange:
    facts: dict[str, list[Any]]  # fact -> the values (one or more) this group covers
    old: str
    new: str


@dataclass
class ScenarioChange:
    name: str
    where: str
    old: str
    new: str
    expected: str


@dataclass
class GuideDiff:
    guide: str
    title: str
    old_version: str | None
    new_version: str | None
    added: list[Step] = field(default_factory=list)
    removed: list[Step] = field(default_factory=list)
    reworded: list[Reword] = field(default_factory=list)
    branches: list[BranchChange] = field(default_factory=list)
    other: list[str] = field(default_factory=list)  # start moved, kind or fact changed ...
    facts: list[str] = field(default_factory=list)
    tried: dict[str, list[Any]] = field(default_factory=dict)  # values tried per fact
    combinations: int = 0
    covered: int = 0
    routes: int = 0
    capped: bool = False
    outcome_changes: list[OutcomeChange] = field(default_factory=list)
    scenario_changes: list[ScenarioChange] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.old_version is None:
            return "added"
        if self.new_version is None:
            return "removed"
        return "changed" if self.text_changed or self.outcomes_changed else "same"

    @property
    def text_changed(self) -> bool:
        return bool(self.added or self.removed or self.reworded or self.branches or self.other)

    @property
    def outcomes_changed(self) -> bool:
        return bool(self.outcome_changes or self.scenario_changes) or \
            self.old_version is None or self.new_version is None


@dataclass
class TrailChange:
    """How one item's place in the review trail changed: its status and its open points."""

    item: str  # kind:id
    old_status: str | None  # None: the item is new
    new_status: str | None  # None: the item was removed
    opened: list[str] = field(default_factory=list)  # open point ids added
    closed: list[str] = field(default_factory=list)  # open point ids gone

    @property
    def status_changed(self) -> bool:
        return self.old_status != self.new_status


def _trail(content: Content) -> dict[str, tuple[str, list[str]]]:
    """kind:id -> (status with any sign-off, open point ids), for every item in a folder."""
    out: dict[str, tuple[str, list[str]]] = {}
    for kind, iid, obj in content.headed():
        h = obj.header
        status = h.status
        if h.status == "approved" and h.approved_by:
            on = h.approved_on.isoformat() if h.approved_on else "no date"
            status = f"approved by {h.approved_by} on {on}"
        out[f"{kind}:{iid}"] = (status, [p.id for p in h.open_points])
    for sid, sp in content.signposts.items():
        out[f"signpost:{sid}"] = (sp.status, [p.id for p in sp.open_points])
    return out


def trail_changes(old: Content, new: Content) -> list[TrailChange]:
    a, b = _trail(old), _trail(new)
    out = []
    for key in sorted(set(a) | set(b)):
        sa, pa = a.get(key, (None, []))
        sb, pb = b.get(key, (None, []))
        ch = TrailChange(key, sa, sb, [p for p in pb if p not in pa],
                         [p for p in pa if p not in pb])
        if ch.status_changed or ch.opened or ch.closed:
            out.append(ch)
    return out


@dataclass
class ContentDiff:
    old_root: str
    new_root: str
    old_version: str
    new_version: str
    old_errors: int
    new_errors: int
    guides: list[GuideDiff]
    trail: list[TrailChange] = field(default_factory=list)

    @property
    def outcomes_changed(self) -> bool:
        return any(g.outcomes_changed for g in self.guides)


def _lines(step: Step, key: str) -> list[str]:
    items = getattr(step, key)
    return [x.text if hasattr(x, "text") else str(x) for x in items]


def branch_lines(step: Step) -> list[str]:
    out = []
    for b in step.next:
        out.append(f"otherwise go {b.go}" if b.cond is None else
                   f"if {cond_text(b.cond)} go {b.go}")
    return out


def _compare_steps(old: Guide, new: Guide, d: GuideDiff) -> None:
    if old.start != new.start:
        d.other.append(f"start moved from '{old.start}' to '{new.start}'")
    d.added = [s for sid, s in new.steps.items() if sid not in old.steps]
    d.removed = [s for sid, s in old.steps.items() if sid not in new.steps]
    for sid, a in old.steps.items():
        b = new.steps.get(sid)
        if b is None:
            continue
        if a.kind != b.kind:
            d.other.append(f"step '{sid}' changed from {a.kind} to {b.kind}")
            continue
        if a.kind == "question" and a.fact != b.fact:
            d.other.append(f"question '{sid}' now sets '{b.fact}' (was '{a.fact}')")
        if a.kind == "outcome" and a.outcome != b.outcome:
            d.other.append(f"outcome '{sid}' now has code '{b.outcome}' (was '{a.outcome}')")
        if (a.min, a.max) != (b.min, b.max):
            d.other.append(f"question '{sid}' allows {_range(b)} (was {_range(a)})")
        for key in _TEXT_FIELDS.get(a.kind, ()):
            if getattr(a, key) != getattr(b, key):
                d.reworded.append(Reword(sid, key, getattr(a, key), getattr(b, key)))
        for key in _LIST_FIELDS.get(a.kind, ()):
            la, lb = _lines(a, key), _lines(b, key)
            if la != lb:
                d.reworded.append(Reword(sid, key, "\n".join(la), "\n".join(lb)))
        if a.kind == "question":
            oa = [(o.value, o.label) for o in a.options]
            ob = [(o.value, o.label) for o in b.options]
            if oa != ob:
                d.reworded.append(Reword(sid, "options", "; ".join(f"{v}: {lab}" for v, lab in oa),
                                         "; ".join(f"{v}: {lab}" for v, lab in ob)))
        if [(x.cond, x.go) for x in a.next] != [(x.cond, x.go) for x in b.next]:
            d.branches.append(BranchChange(sid, branch_lines(a), branch_lines(b)))


def _range(step: Step) -> str:
    lo = "any" if step.min is None else value_text(step.min)
    hi = "any" if step.max is None else value_text(step.max)
    return f"answers {lo} to {hi}"


def _merge(changes: list[OutcomeChange], values: dict[str, list[Any]]) -> list[OutcomeChange]:
    """Join groups that differ in one fact's value only, so the list reads as rules."""
    merged = True
    while merged and len(changes) <= 2000:
        merged = False
        for i in range(len(changes)):
            for j in range(i + 1, len(changes)):
                a, b = changes[i], changes[j]
                if (a.old, a.new) != (b.old, b.new) or a.facts.keys() != b.facts.keys():
                    continue
                differ = [f for f in a.facts if a.facts[f] != b.facts[f]]
                if len(differ) != 1:
                    continue
                f = differ[0]
                joined = a.facts[f] + [v for v in b.facts[f] if v not in a.facts[f]]
                facts = dict(a.facts)
                facts[f] = joined
                if len(joined) == len(values.get(f, [])):
                    del facts[f]  # every value of the fact: it does not matter
                changes[i] = OutcomeChange(facts, a.old, a.new)
                del changes[j]
                merged = True
                break
            if merged:
                break
    return changes


def _scenario_end(guide: Guide | None, sc: Scenario, declared: dict[str, Fact]) -> str:
    if guide is None:
        return "(no guide)"
    facts: dict[str, Any] = {}
    for fid, raw in sc.facts.items():
        fact = declared.get(fid)
        if fact is None:
            return f"error (unknown fact '{fid}')"
        value, problem = coerce(fact, raw)
        if problem:
            return f"error ({problem})"
        facts[fid] = value
    # Facts the scenario does not give stay unknown, as in `content test`.
    try:
        _, step = walk_with_facts(guide, facts, declared).route()
    except WalkError as exc:
        return f"error ({exc})"
    return step.outcome if step.kind == "outcome" else f"stops at question '{step.id}'"


def diff_guides(old: Guide | None, new: Guide | None, old_facts: dict[str, Fact],
                new_facts: dict[str, Fact], scenarios: list[Scenario],
                limit: int = DEFAULT_LIMIT) -> GuideDiff:
    some = new or old
    assert some is not None
    d = GuideDiff(some.id, some.title, old.version if old else None,
                  new.version if new else None)
    if old and new:
        _compare_steps(old, new, d)
    guides = [g for g in (old, new) if g is not None]
    declared = {**old_facts, **new_facts}
    d.facts = decision_facts(guides)
    values = {f: fact_values(f, guides, declared) for f in d.facts}
    d.tried = values
    d.combinations = combinations(values)
    if old and new:
        leaves, d.capped = explore(old, new, values, old_facts, new_facts, limit)
        d.routes = len(leaves)
        d.covered = covered(leaves, values)
        changes = [OutcomeChange({f: [v] for f, v in chosen.items()}, a, b)
                   for chosen, a, b in leaves if a != b]
        d.outcome_changes = _merge(changes, values)
    for sc in scenarios:
        if sc.guide != d.guide:
            continue
        a = _scenario_end(old, sc, old_facts)
        b = _scenario_end(new, sc, new_facts)
        if a != b:
            d.scenario_changes.append(ScenarioChange(
                sc.name, f"{sc.where.path}:{sc.where.line}", a, b,
                sc.expect_outcome or f"stops at question '{sc.expect_question}'"))
    return d


def _scenarios(old: AuthorView, new: AuthorView) -> list[Scenario]:
    seen = set()
    out = []
    for sc in [*new.content.scenarios, *old.content.scenarios]:
        key = (sc.guide, sc.name)
        if key not in seen:
            seen.add(key)
            out.append(sc)
    return out


def diff_content(old_root: str | Path, new_root: str | Path,
                 limit: int = DEFAULT_LIMIT) -> ContentDiff:
    old, new = load_for_authoring(old_root), load_for_authoring(new_root)
    scenarios = _scenarios(old, new)
    ids = list(new.guides) + [g for g in old.guides if g not in new.guides]
    guides = [diff_guides(old.guides.get(g), new.guides.get(g), old.content.facts,
                          new.content.facts, scenarios, limit) for g in sorted(ids)]
    return ContentDiff(str(old_root), str(new_root), old.content.version, new.content.version,
                       len(old.content.report.errors), len(new.content.report.errors), guides,
                       trail_changes(old.content, new.content))
