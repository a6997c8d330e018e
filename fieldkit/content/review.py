"""The review trail as data: what a specialist must check before signing content off.

One `Review` per content folder, built from the loaded content, holds per item its status and
sign-off, every open point with its file and line, every source with its title and address,
and, for guides, which scenarios reach each outcome. The writers in `review_write` turn it into
CSV, Markdown or PDF; nothing here knows about formats.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from fieldkit.content.conditions import coerce
from fieldkit.content.model import Content, Header, OpenPoint, Signpost, Source, Where
from fieldkit.guides.engine import WalkError, walk_with_facts


@dataclass
class PointRow:
    id: str
    claim: str
    affects: tuple[str, ...]
    where: str  # PATH:LINE, relative to the content folder
    sources: list[Source]
    check: str
    settle: str


@dataclass
class CiteRow:
    source: Source
    uses: int  # lines in the item that cite it


@dataclass
class OutcomeRow:
    step: str
    code: str
    title: str
    scenarios: list[tuple[str, str]]  # (scenario name, PATH:LINE)


@dataclass
class Item:
    kind: str  # guide | script | checklist | talk | signpost
    id: str
    title: str
    path: str  # relative to the content folder
    version: str
    status: str
    owner: str
    reviewed: date | None
    review_due: date | None
    approved_by: str = ""
    approved_on: date | None = None
    points: list[PointRow] = field(default_factory=list)
    citations: list[CiteRow] = field(default_factory=list)
    outcomes: list[OutcomeRow] = field(default_factory=list)


@dataclass
class Review:
    root: str
    title: str
    version: str
    made: date
    errors: int
    items: list[Item]

    @property
    def open_points(self) -> int:
        return sum(len(i.points) for i in self.items)


def _rel(root: Path, where: Where | str | None) -> str:
    if where is None:
        return ""
    path = where.path if isinstance(where, Where) else where
    try:
        shown = Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        shown = path
    return f"{shown}:{where.line}" if isinstance(where, Where) else shown


def _cited(obj: Any, counts: dict[str, int], seen: set[int]) -> None:
    """Count every `cite` id held anywhere in a loaded item (steps, lines, sections)."""
    if id(obj) in seen or isinstance(obj, (str, int, float, bool, date)) or obj is None:
        return
    seen.add(id(obj))
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        if isinstance(obj, (Header, Source, OpenPoint)):
            return
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if f.name == "cite" and isinstance(value, tuple):
                for c in value:
                    counts[c] = counts.get(c, 0) + 1
            else:
                _cited(value, counts, seen)
    elif isinstance(obj, dict):
        for v in obj.values():
            _cited(v, counts, seen)
    elif isinstance(obj, (list, tuple)):
        for v in obj:
            _cited(v, counts, seen)


def _points(root: Path, points: list[OpenPoint], sources: dict[str, Source]) -> list[PointRow]:
    return [PointRow(p.id, p.claim, p.affects, _rel(root, p.where),
                     [sources[s] for s in p.source if s in sources], p.check, p.settle)
            for p in points]


def _citations(obj: Any, sources: dict[str, Source]) -> list[CiteRow]:
    counts: dict[str, int] = {}
    _cited(obj, counts, set())
    return [CiteRow(s, counts.get(sid, 0)) for sid, s in sources.items()]


def _item(root: Path, kind: str, obj: Any) -> Item:
    h: Header = obj.header
    return Item(kind, h.id, h.title, _rel(root, h.path), h.version, h.status, h.owner,
                h.reviewed, h.review_due, h.approved_by, h.approved_on,
                _points(root, h.open_points, h.sources), _citations(obj, h.sources))


def _outcomes(root: Path, content: Content, guide_id: str) -> list[OutcomeRow]:
    """Each outcome step of a guide, with the scenarios whose walk ends on it."""
    guide = content.guides[guide_id]
    reached: dict[str, list[tuple[str, str]]] = {s.id: [] for s in guide.outcomes()}
    for sc in content.scenarios:
        if sc.guide != guide_id:
            continue
        facts = {}
        for fid, raw in sc.facts.items():
            fact = content.facts.get(fid)
            if fact is not None:
                facts[fid] = coerce(fact, raw)[0]
        try:
            _, step = walk_with_facts(guide, facts, content.facts).route()
        except WalkError:
            continue
        if step.id in reached:
            reached[step.id].append((sc.name, _rel(root, sc.where)))
    return [OutcomeRow(s.id, s.outcome, s.title, reached[s.id]) for s in guide.outcomes()]


def _signpost(root: Path, sp: Signpost) -> Item:
    """A signpost is reviewed on its own; its `verified` date stands for `reviewed`."""
    return Item("signpost", sp.id, sp.name, _rel(root, sp.where.path if sp.where else ""),
                sp.file_version, sp.status, sp.owner, sp.verified, None,
                points=_points(root, sp.open_points, sp.sources),
                citations=[CiteRow(sp.sources[c], 1) for c in sp.cite if c in sp.sources])


def build_review(content: Content, today: date | None = None) -> Review:
    root = Path(content.root)
    items: list[Item] = []
    for kind, iid, obj in content.headed():
        item = _item(root, kind, obj)
        if kind == "guide":
            item.outcomes = _outcomes(root, content, iid)
        items.append(item)
    items += [_signpost(root, sp) for _, sp in sorted(content.signposts.items())]
    return Review(str(root), content.title, content.version, today or date.today(),
                  len(content.report.errors), items)


def load_review(root: str | Path, today: date | None = None) -> Review:
    from fieldkit.content import load_content

    return build_review(load_content(root, today=today), today)
