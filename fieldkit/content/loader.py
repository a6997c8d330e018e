"""Load a content folder: read each file, validate it, and build the model.

One bad file never stops the others: it is refused with located reasons and the rest load.
The app, `content check`, `content test` and the packager all come through `load_content`.
"""

from __future__ import annotations

import gc
import hashlib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from fieldkit.content import checks
from fieldkit.content.conditions import ConditionParser
from fieldkit.content.model import (
    FACT_TYPES,
    FAMILY_FOR,
    AvoidLine,
    Branch,
    Checklist,
    ChecklistItem,
    Contact,
    Content,
    Fact,
    FamilyLines,
    Guide,
    Header,
    Line,
    OpenPoint,
    Option,
    Question,
    Scenario,
    Script,
    ScriptSection,
    Signpost,
    Source,
    Step,
    Talk,
    TalkSection,
    Where,
)
from fieldkit.content.schema import (
    CONTACT_KINDS,
    SIGNPOST_FOR,
    SITUATIONS,
    TALK_AUDIENCES,
    Validator,
    as_date,
    describe,
    did_you_mean,
)
from fieldkit.diagnostics import FieldKitError, Report
from fieldkit.yamlread import MAX_BYTES, Loc, YList, YMap, load_bytes, load_file, read_regular
from fieldkit.ynodes import located

KINDS = ("guides", "scripts", "signposts", "checklists", "talks", "scenarios")


def _s(m: YMap, key: str, default: str = "") -> str:
    v = m.get(key, default)
    return v.strip() if isinstance(v, str) else (str(v) if isinstance(v, (int, float)) else default)


def _map(m: YMap, key: str) -> YMap:
    """The mapping under key, or an empty one (so a missing block reads as empty)."""
    v = m.get(key)
    if isinstance(v, YMap):
        return v
    empty = YMap()
    empty.loc, empty.key_locs, empty.value_locs = m.loc, {}, {}
    return empty


def _list(m: YMap, key: str) -> YList:
    v = m.get(key)
    if isinstance(v, YList):
        return v
    empty = YList()
    empty.loc, empty.item_locs = m.loc, []
    return empty


def _ids(m: YMap, key: str) -> list[str]:
    v = m.get(key)
    return [x for x in v if isinstance(x, str)] if isinstance(v, list) else []


class FileLoader:
    """Builds model objects from one validated file, checking what only that file can."""

    def __init__(self, path: str, data: YMap, report: Report, today: date):
        self.path = path
        self.data = data
        self.report = report
        self.today = today
        self.v = Validator(path, report)
        self.sources: dict[str, Source] = {}
        self.points: list[OpenPoint] = []

    def where(self, loc: Loc) -> Where:
        return Where.at(self.path, loc.line, loc.col)

    def where_of(self, parent: YMap | YList, key: Any) -> Where:
        """Where parent[key] stands (a map's value or a list's item), its line and column made
        only when read if the fast reader built parent."""
        place = parent.place(key)
        if place is not None:
            return Where.placed(self.path, *place)
        return self.where(parent.vloc(key) if isinstance(parent, YMap) else parent.iloc(key))

    def err(self, loc: Any, rule: str, msg: str) -> None:
        """Report at loc, given as in `ynodes.located` (made only now, for a problem)."""
        loc = located(loc)
        self.report.error(self.path, loc.line, loc.col, rule, msg)

    def warn(self, loc: Loc, rule: str, msg: str) -> None:
        self.report.warning(self.path, loc.line, loc.col, rule, msg)

    # -- shared pieces ---------------------------------------------------------------------

    def read_sources(self) -> None:
        raw = self.data.get("sources")
        if not isinstance(raw, YMap):
            return
        for sid, s in raw.items():
            if isinstance(sid, str) and isinstance(s, YMap):
                year = s.get("year")
                self.sources[sid] = Source(
                    sid, _s(s, "title"), _s(s, "publisher"),
                    year if isinstance(year, int) and not isinstance(year, bool) else None,
                    _s(s, "url"), _s(s, "note"),
                )

    def header(self, idkey: str) -> Header:
        d = self.data
        self.read_sources()
        h = Header(
            id=_s(d, idkey),
            title=_s(d, "title"),
            version=_s(d, "version", "0.0.0"),
            status=_s(d, "status", "approved"),
            owner=_s(d, "owner"),
            reviewed=as_date(d.get("reviewed")),
            review_due=as_date(d.get("review_due")),
            summary=_s(d, "summary"),
            audience=tuple(_ids(d, "audience")),
            sources=self.sources,
            path=self.path,
            approved_by=_s(d, "approved_by"),
            approved_on=as_date(d.get("approved_on")),
        )
        self.approval_checks(h)
        if h.review_due and h.review_due < self.today:
            self.warn(d.vloc("review_due"), "review-overdue",
                      f"review was due on {h.review_due.isoformat()}; review the content and "
                      "set new 'reviewed' and 'review_due' dates")
        if h.reviewed and h.review_due and h.review_due < h.reviewed:
            self.err(d.vloc("review_due"), "bad-date", "'review_due' is before 'reviewed'")
        return h

    def approval_checks(self, h: Header) -> None:
        """`approved` is a recorded sign-off: by whom (a role) and when."""
        d = self.data
        if h.status == "approved":
            for key in ("approved_by", "approved_on"):
                if key not in d:
                    self.err(d.vloc("status"), "approval-missing",
                             f"status is approved but '{key}' is missing; say which role "
                             "approved it and on what date, or set status: draft")
        if h.approved_on and h.approved_on > self.today:
            self.err(d.vloc("approved_on"), "bad-date",
                     f"'approved_on' {h.approved_on.isoformat()} is in the future")
        summary = d.get("summary")
        if isinstance(summary, str) and "(1)" in summary and "(2)" in summary:
            self.warn(d.vloc("summary"), "open-points-in-summary",
                      "the summary lists points in prose; move them to 'open_points:' so the "
                      "checker, the app and the review report can use them")

    def open_points(self, targets: Any, what: str, rule: str,
                    status: str | None = None, status_loc: Any = None,
                    ) -> list[OpenPoint]:
        """Read `open_points:`; each must name things that exist in this file (`targets`),
        and a file (or signpost) still carrying one cannot be approved."""
        out: list[OpenPoint] = []
        for m in self.unique(self.each("open_points"), "id", "open point"):
            pid = _s(m, "id")
            affects = _list(m, "affects")
            for i, t in enumerate(affects):
                if isinstance(t, str) and t not in targets:
                    self.err(affects.iloc(i), rule,
                             f"open point '{pid}' names {what} '{t}', which does not exist"
                             f"{did_you_mean(t, targets)}")
            raw = _list(m, "source")
            source: list[str] = []
            for i, c in enumerate(raw):
                if not isinstance(c, str):
                    continue
                if c not in self.sources:
                    self.err(raw.iloc(i), "unknown-source",
                             f"open point '{pid}' names source '{c}', which is not defined in "
                             f"this file's sources{did_you_mean(c, self.sources)}")
                source.append(c)
            out.append(OpenPoint(pid, _s(m, "claim"), tuple(_ids(m, "affects")), tuple(source),
                                 _s(m, "settle"), _s(m, "check"), self.where_of(m, "id")))
        if out and status == "approved" and status_loc is not None:
            self.err(status_loc, "approved-with-open-points",
                     f"status is approved but {len(out)} open point(s) remain; settle them "
                     "(and remove them) before approving, or set status: draft")
        return out

    def header_points(self, h: Header, targets: Any, what: str, rule: str) -> None:
        h.open_points = self.open_points(targets, what, rule, h.status,
                                         (self.data, "status") if "status" in self.data
                                         else self.data)

    def cites(self, m: YMap, what: str, warn_missing: bool = True) -> tuple[str, ...]:
        raw = m.get("cite")
        if not isinstance(raw, YList) or not raw:
            if warn_missing:
                self.warn(m.loc, "missing-cite",
                          f"{what} has no 'cite'; name the source it comes from")
            return ()
        out = []
        for i, c in enumerate(raw):
            if not isinstance(c, str):
                continue
            if c not in self.sources:
                self.err(raw.iloc(i), "unknown-source", f"cite '{c}' is not defined in this "
                         f"file's sources{did_you_mean(c, self.sources)}")
            out.append(c)
        return tuple(out)

    def lines(self, m: YMap, key: str, what: str) -> list[Line]:
        raw = m.get(key)
        out: list[Line] = []
        if not isinstance(raw, YList):
            return out
        for i, item in enumerate(raw):
            if isinstance(item, str):
                self.warn(raw.iloc(i), "missing-cite",
                          f"{what} '{item[:40]}' has no 'cite'; write it as {{text: ..., cite: "
                          "[...]}")
                out.append(Line(item.strip(), (), self.where_of(raw, i)))
            elif isinstance(item, YMap):
                out.append(Line(_s(item, "text"), self.cites(item, what),
                                self.where_of(raw, i)))
        return out

    def each(self, key: str) -> list[tuple[YMap, tuple[YList, int]]]:
        """The mappings in the list under key, each with where it stands as (list, index):
        a location made only if a problem is reported there (10,000 steps, hardly any)."""
        raw = self.data.get(key)
        if not isinstance(raw, YList):
            return []
        return [(m, (raw, i)) for i, m in enumerate(raw) if isinstance(m, YMap)]

    def unique(self, items: list[tuple[YMap, Any]], key: str, what: str) -> list[YMap]:
        seen: dict[str, YMap] = {}
        out = []
        for m, _ in items:
            ident = m.get(key)
            if not isinstance(ident, str):
                continue
            if ident in seen:
                self.err(m.vloc(key), "duplicate-id", f"{what} id '{ident}' is used twice "
                         f"(first at line {seen[ident].vloc(key).line}); give each a unique id")
                continue
            seen[ident] = m
            out.append(m)
        return out

    # -- kinds -----------------------------------------------------------------------------

    def facts(self) -> list[Fact]:
        out = []
        for m, loc in self.each("facts"):
            fid, ftype = m.get("id"), m.get("type")
            if not isinstance(fid, str):
                continue
            if ftype not in FACT_TYPES:
                self.err(m.vloc("type") if "type" in m else loc, "bad-fact-type",
                         f"fact type should be one of {', '.join(FACT_TYPES)}; found "
                         f"{describe(ftype)}{did_you_mean(ftype, FACT_TYPES)}")
                continue
            values = tuple(str(v) for v in m.get("values") or () if not isinstance(v, (dict, list)))
            if ftype in ("choice", "multi") and not values:
                self.err(m.loc, "missing-key", f"fact '{fid}' is a {ftype} fact and needs "
                         "'values'")
                continue
            if ftype not in ("choice", "multi") and "values" in m:
                self.err(m.kloc("values"), "unknown-key", f"'values' applies only to choice and "
                         f"multi facts; '{fid}' is {ftype}")
            out.append(Fact(fid, _s(m, "label"), ftype, values, _s(m, "help"),
                            self.where_of(m, "id")))
        return out

    def guide(self, facts: dict[str, Fact]) -> Guide:
        h = self.header("guide")
        cond = ConditionParser(self.path, facts, self.report)
        steps: dict[str, Step] = {}
        for m in self.unique(self.each("steps"), "id", "step"):
            sid = _s(m, "id")
            where = self.where_of(m, "id")
            if "outcome" in m:
                kind = "outcome"
            elif "ask" in m:
                kind = "question"
            elif "show" in m:
                kind = "info"
            else:
                continue
            step = Step(sid, kind, where)
            step.next = self.branches(m, cond)
            if kind == "question":
                step.ask, step.why, step.help = _s(m, "ask"), _s(m, "why"), _s(m, "help")
                step.fact = _s(m, "fact")
                step.record_only = m.get("record") is True
                step.cite = self.cites(m, f"question '{sid}'")
                self.question_checks(m, step, facts)
            elif kind == "info":
                step.show = _s(m, "show")
                step.cite = self.cites(m, f"info step '{sid}'")
            else:
                step.outcome, step.title, step.say = _s(m, "outcome"), _s(m, "title"), _s(m, "say")
                step.cite = self.cites(m, f"outcome '{sid}'", warn_missing=False)
                step.do = self.lines(m, "do", "action")
                step.dont = self.lines(m, "dont", "action")
                for key in ("scripts", "signposts", "checklists", "then"):
                    if key not in m:
                        continue
                    setattr(step, key, _ids(m, key))
                    refs = _list(m, key)
                    for i, ref in enumerate(refs):
                        if isinstance(ref, str):
                            step.ref_where[(key, ref)] = self.where_of(refs, i)
                if "next" in m:
                    self.err(m.kloc("next"), "unknown-key", "an outcome ends the walk and takes "
                             "no 'next'; use 'then' to suggest guides to walk next")
            steps[sid] = step
        self.header_points(h, steps, "step", "unknown-step")
        return Guide(h, _s(self.data, "start"), steps, self.where_of(self.data, "start"))

    def branches(self, m: YMap, cond: ConditionParser) -> list[Branch]:
        raw = m.get("next")
        out: list[Branch] = []
        if not isinstance(raw, YList):
            return out
        last = len(raw) - 1
        for i, b in enumerate(raw):
            if not isinstance(b, YMap):
                continue
            go = b.get("go")
            if not isinstance(go, str):
                continue
            conditional = "if" in b
            c = cond.parse(b["if"], (b, "if")) if conditional else None
            if conditional and c is None:
                continue
            out.append(Branch(go, c, self.where_of(b, "go"), self.where_of(raw, i)))
            if not conditional and i != last:
                self.err(raw.iloc(i + 1), "unreachable-branch", "this branch comes after a "
                         "default branch (one with no 'if') and can never be taken; move the "
                         "default to the end")
        return out

    def question_checks(self, m: YMap, step: Step, facts: dict[str, Fact]) -> None:
        fact = facts.get(step.fact)
        if fact is None:
            if step.fact:
                self.err(m.vloc("fact"), "unknown-fact", f"question sets '{step.fact}', which is "
                         f"not a declared fact{did_you_mean(step.fact, facts)}")
            return
        for key in ("min", "max"):
            if key in m:
                if fact.type != "number":
                    self.err(m.kloc(key), "bad-value", f"'{key}' applies only to number facts; "
                             f"'{fact.id}' is {fact.type}")
                elif isinstance(m[key], (int, float)):
                    setattr(step, key, m[key])
        if step.min is not None and step.max is not None and step.min > step.max:
            self.err(m.kloc("min"), "bad-value", "'min' is greater than 'max'")
        raw = m.get("options")
        if isinstance(raw, YList):
            if fact.type not in ("choice", "multi", "yesno", "yesnounknown"):
                self.err(m.kloc("options"), "bad-value", f"'options' words the choices of a "
                         f"choice, multi or yes/no fact; '{fact.id}' is {fact.type}")
                return
            allowed = fact.allowed_values()
            for i, o in enumerate(raw):
                if not isinstance(o, YMap):
                    continue
                value = o.get("value")
                value = str(value) if isinstance(value, (int, float)) and not isinstance(
                    value, bool) else value
                if value not in allowed:
                    self.err(o.vloc("value") if "value" in o else raw.iloc(i), "bad-value",
                             f"option value {describe(value)} is not a value of '{fact.id}' "
                             f"({', '.join(allowed)}){did_you_mean(value, allowed)}")
                    continue
                step.options.append(Option(str(value), _s(o, "label"), _s(o, "help")))

    def script(self) -> Script:
        h = self.header("script")
        sections = []
        for m in self.unique(self.each("sections"), "id", "section"):
            if not any(k in m for k in ("say", "avoid", "notes")):
                self.err(m.loc, "missing-key", f"section '{_s(m, 'id')}' needs at least one of "
                         "'say', 'avoid' or 'notes'")
            avoid = []
            raw = m.get("avoid")
            for a in raw if isinstance(raw, YList) else []:
                if isinstance(a, YMap):
                    avoid.append(AvoidLine(_s(a, "text"), _s(a, "instead"), _s(a, "why"),
                                           self.cites(a, "line to avoid")))
            sections.append(ScriptSection(
                _s(m, "id"), _s(m, "title"), self.lines(m, "say", "script line"), avoid,
                self.lines(m, "notes", "note")))
        self.header_points(h, {s.id for s in sections}, "section", "unknown-section")
        return Script(h, _s(self.data, "for"), sections, self.family_lines())

    def family_lines(self) -> list[FamilyLines]:
        """A script's lines for the family view: who they are for, and nothing an officer
        fills in by hand ("...") nor any placeholder but {officer}."""
        out = []
        for m, loc in self.each("family"):
            who = _s(m, "for")
            if who not in FAMILY_FOR:
                self.err(m.vloc("for") if "for" in m else loc, "bad-value",
                         f"family lines are for one of {', '.join(FAMILY_FOR)}; found "
                         f"{describe(who)}{did_you_mean(who, FAMILY_FOR)}")
                continue
            lines = self.lines(m, "lines", "family line")
            for ln in lines:
                left = ln.text.replace("{officer}", "")
                if "..." in left or "\u2026" in left or "{" in left or "}" in left:
                    assert ln.where is not None
                    self.report.error(self.path, ln.where.line, ln.where.col, "bad-value",
                                      "a family line is read by the family as it is: no "
                                      "'...' to fill in, and no placeholder but {officer}")
            out.append(FamilyLines(who, _s(m, "title"), lines, _s(m, "status", "approved")))
        return out

    def signposts(self) -> list[Signpost]:
        self.read_sources()
        out = []
        for m in self.unique(self.each("signposts"), "id", "signpost"):
            sid = _s(m, "id")
            for key, allowed in (("for", SIGNPOST_FOR), ("situations", SITUATIONS)):
                raw = _list(m, key)
                for i, x in enumerate(raw):
                    if x not in allowed:
                        self.err(raw.iloc(i), "bad-value", f"'{key}' takes {', '.join(allowed)}"
                                 f"; found {describe(x)}{did_you_mean(x, allowed)}")
            contacts = []
            raw = _list(m, "contact")
            for i, c in enumerate(raw):
                if not isinstance(c, YMap):
                    continue
                if c.get("kind") not in CONTACT_KINDS:
                    self.err(c.vloc("kind") if "kind" in c else raw.iloc(i), "bad-value",
                             f"contact kind should be one of {', '.join(CONTACT_KINDS)}; found "
                             f"{describe(c.get('kind'))}"
                             f"{did_you_mean(c.get('kind'), CONTACT_KINDS)}")
                contacts.append(Contact(_s(c, "kind"), _s(c, "value"), _s(c, "note")))
            verified = as_date(m.get("verified"))
            if verified and (self.today - verified).days > 365:
                self.warn(m.vloc("verified"), "signpost-stale", f"'{sid}' was last verified on "
                          f"{verified.isoformat()}, over a year ago; check its details against "
                          "the service's own page and update 'verified'")
            ages = _map(m, "ages")
            out.append(Signpost(
                sid, _s(m, "name"), _s(m, "what"), tuple(_ids(m, "for")),
                tuple(_ids(m, "situations")), contacts, _s(m, "hours"), verified,
                ages.get("min") if isinstance(ages.get("min"), int) else None,
                ages.get("max") if isinstance(ages.get("max"), int) else None,
                _s(m, "status", "approved"), _s(m, "caution"),
                self.cites(m, f"signpost '{sid}'"), self.sources, self.where_of(m, "id")))
        self.points = self.open_points({s.id for s in out}, "signpost", "unknown-signpost")
        raw_entries = {_s(m, "id"): m for m, _ in self.each("signposts")}
        for sp in out:
            sp.open_points = [p for p in self.points if sp.id in p.affects]
            sp.owner, sp.file_version = _s(self.data, "owner"), _s(self.data, "version")
            entry = raw_entries.get(sp.id)
            if sp.open_points and sp.status == "approved" and entry is not None:
                self.err(entry.vloc("status") if "status" in entry else entry.loc,
                         "approved-with-open-points",
                         f"signpost '{sp.id}' has {len(sp.open_points)} open point(s) but is "
                         "approved; set status: draft until they are settled")
        return out

    def checklist(self) -> Checklist:
        h = self.header("checklist")
        items = [ChecklistItem(_s(m, "id"), _s(m, "text"), _s(m, "help"), _s(m, "group"),
                               self.cites(m, f"item '{_s(m, 'id')}'"))
                 for m in self.unique(self.each("items"), "id", "item")]
        self.header_points(h, {i.id for i in items}, "item", "unknown-item")
        return Checklist(h, items)

    def talk(self) -> Talk:
        h = self.header("talk")
        d = self.data
        audience = _s(d, "audience")
        if "audience" in d and audience not in TALK_AUDIENCES:
            self.err(d.vloc("audience"), "bad-value", f"talk audience should be one of "
                     f"{', '.join(TALK_AUDIENCES)}; found {describe(d.get('audience'))}")
        durations = tuple(x for x in d.get("durations") or () if isinstance(x, int))
        sections = []
        for m in self.unique(self.each("sections"), "id", "section"):
            sc = _map(m, "scenario")
            qs = []
            raw = m.get("questions")
            for q in raw if isinstance(raw, YList) else []:
                if isinstance(q, YMap):
                    qs.append(Question(_s(q, "ask"), _s(q, "answer"), self.cites(q, "answer")))
            lengths = tuple(x for x in m.get("lengths") or () if isinstance(x, int))
            for n in lengths:
                if n not in durations:
                    self.err(m.vloc("lengths"), "bad-value", f"section '{_s(m, 'id')}' is in a "
                             f"{n}-minute talk, but durations are {list(durations)}")
            minutes = m["minutes"] if isinstance(m.get("minutes"), int) else 0
            sections.append(TalkSection(
                _s(m, "id"), _s(m, "title"), minutes, lengths,
                self.lines(m, "say", "speaker note"), _s(sc, "text"),
                [str(x) for x in sc.get("questions") or [] if isinstance(x, str)], qs,
                self.lines(m, "handout", "handout line")))
        for n in durations:
            total = sum(s.minutes for s in sections if n in s.lengths)
            if total > n:
                self.warn(d.vloc("durations"), "talk-overrun", f"the {n}-minute talk's sections "
                          f"add up to {total} minutes")
        # A talk's point may also name its top-level lists of lines.
        self.header_points(h, {s.id for s in sections} | {"key_messages", "safeguarding"},
                           "section", "unknown-section")
        ages = _map(d, "ages")
        refs = _list(d, "signposts")
        where = {ref: self.where_of(refs, i) for i, ref in enumerate(refs)
                 if isinstance(ref, str)}
        return Talk(h, audience, _s(d, "aim"), durations, sections,
                    self.lines(d, "key_messages", "key message"),
                    self.lines(d, "safeguarding", "safeguarding line"), _ids(d, "signposts"),
                    ages.get("min") if isinstance(ages.get("min"), int) else None,
                    ages.get("max") if isinstance(ages.get("max"), int) else None, where)

    def synonyms(self) -> list[tuple[str, ...]]:
        """Groups of words search treats as the same ("flight mode", "aeroplane mode")."""
        out: list[tuple[str, ...]] = []
        seen: dict[str, Where] = {}
        for m, loc in self.each("synonyms"):
            raw = m.get("words")
            if not isinstance(raw, YList):
                continue
            group: list[str] = []
            for i, w in enumerate(raw):
                norm = " ".join(str(w).lower().split())
                if not norm:
                    continue
                if norm in seen:
                    self.err(raw.iloc(i), "duplicate-id", f"'{norm}' is already in a synonym "
                             f"group (at {seen[norm]}); a word belongs to one group")
                    continue
                seen[norm] = self.where_of(raw, i)
                group.append(norm)
            if len(group) < 2:
                self.err(loc, "bad-value", "a synonym group needs at least two different words")
                continue
            out.append(tuple(group))
        return out

    def scenarios(self) -> list[Scenario]:
        out = []
        for m, loc in self.each("scenarios"):
            exp = _map(m, "expect")
            if isinstance(m.get("expect"), YMap) and not any(
                    k in exp for k in ("outcome", "question")):
                self.err(m.vloc("expect"), "missing-key", "expect needs 'outcome' or 'question'")
            facts = m.get("facts")
            if "facts" in m and not isinstance(facts, YMap):
                self.err(m.vloc("facts"), "bad-type", f"scenario facts should be a mapping of "
                         f"fact id to value; found {describe(facts)}")
                facts = YMap()
            path = exp.get("path")
            out.append(Scenario(
                _s(m, "name"), _s(m, "guide"), facts if isinstance(facts, YMap) else {},
                exp.get("outcome") if isinstance(exp.get("outcome"), str) else None,
                exp.get("question") if isinstance(exp.get("question"), str) else None,
                [str(p) for p in path] if isinstance(path, list) else None,
                self.where(located(loc))))
        return out


SPEC_FOR = {
    "guides": "guide",
    "scripts": "script",
    "signposts": "signposts-file",
    "checklists": "checklist",
    "talks": "talk",
    "scenarios": "scenarios-file",
    "synonyms": "synonyms-file",
}


def _read(path: Path, shown: str, spec: str, report: Report,
          raw: bytes | None = None) -> YMap | None:
    """Parse and validate one file; None if it cannot be used at all."""
    try:
        data = load_file(path, shown) if raw is None else load_bytes(raw, shown)
    except FieldKitError as exc:
        report.items.extend(exc.diagnostics)
        return None
    if not isinstance(data, YMap):
        report.error(shown, 1, 1, "bad-type", f"the file should hold a mapping of keys; found "
                     f"{describe(data)}")
        return None
    before = len(report.errors)
    v = Validator(shown, report)
    v.mapping(data, spec, data)  # its location is made only if a problem needs it
    data_ok = len(report.errors) == before
    return data if data_ok or spec != "manifest" else None


_ID_LINE = re.compile(rb"^(guide|script|checklist|talk):[ \t]*([a-z0-9-]+)", re.MULTILINE)
_ITEM_ID = re.compile(rb"^[ \t]*-[ \t]+id:[ \t]*([a-z0-9-]+)", re.MULTILINE)


def _ids_in(kind: str, path: Path, raw: bytes | None) -> list[tuple[str, str]]:
    """What a file that cannot be parsed would have defined, read from its raw lines (or its
    name), so errors that follow only from its absence can be told apart from real ones."""
    if kind not in ("guides", "scripts", "checklists", "talks", "signposts"):
        return []
    text = raw or b""
    if kind == "signposts":
        return [("signposts", m.decode()) for m in _ITEM_ID.findall(text)]
    found = _ID_LINE.search(text)
    return [(kind, found.group(2).decode() if found else path.stem)]


def content_files(root: Path) -> list[tuple[str, Path]]:
    """Every file the loader reads, as (kind, path), in a stable order."""
    out: list[tuple[str, Path]] = []
    if (root / "content.yaml").is_file():
        out.append(("manifest", root / "content.yaml"))
    if (root / "facts.yaml").is_file():
        out.append(("facts", root / "facts.yaml"))
    out += [("facts", p) for p in sorted((root / "facts").glob("*.yaml"))]
    for kind in KINDS:
        out += [(kind, p) for p in sorted((root / kind).glob("*.yaml"))]
    if (root / "search-synonyms.yaml").is_file():
        out.append(("synonyms", root / "search-synonyms.yaml"))
    return out


@contextmanager
def paused_gc() -> Iterator[None]:
    """The cycle collector paused: loading makes hundreds of thousands of small objects and
    none of them form cycles, so collections only cost time (3x on 10,000 steps). Whoever
    goes on to use the whole result at once (`content check` printing its report) keeps it
    paused until done.

    When the pause ends, what was made during it is moved to the oldest generation at once
    (gc.freeze, then gc.unfreeze, which also empties the youngest): otherwise the first
    allocation after it would walk every loaded object (40 ms for 10,000 steps), and again
    in the middle generation later. They stay collectable, in the rare full collections."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


def load_content(root: str | Path, today: date | None = None) -> Content:
    """Load and check a content folder. Never raises for bad content: see `content.report`.
    The cycle collector is paused while loading (see `paused_gc`)."""
    with paused_gc():
        return _load(Path(root), today or date.today())


def _load(root: Path, today: date) -> Content:
    content = Content(root=str(root))
    report = content.report
    if not root.is_dir():
        report.error(str(root), 1, 1, "no-content", "content folder not found; give the folder "
                     "that holds facts.yaml and guides/")
        return content
    files = content_files(root)
    if not any(kind == "facts" for kind, _ in files):
        report.error(str(root / "facts.yaml"), 1, 1, "missing-file", "facts.yaml not found: "
                     "every content folder declares its facts there")
    if not any(kind == "guides" for kind, _ in files) and not files:
        report.error(str(root), 1, 1, "no-content", "no content found: expected facts.yaml and "
                     "guides/*.yaml")
        return content
    digest = hashlib.sha256()
    parsed: list[tuple[str, str, YMap]] = []
    for kind, path in files:
        shown = str(path)
        content.files.append(shown)
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        raw: bytes | None = None
        try:  # read once: hashed here, parsed below
            raw = read_regular(path, shown, MAX_BYTES, within=root)
            digest.update(raw)
        except FieldKitError as exc:
            report.items.extend(exc.diagnostics)
            content.refused[shown] = "could not be read"
            continue
        spec = {"facts": "facts-file", "manifest": "manifest"}.get(kind) or SPEC_FOR[kind]
        before = len(report.errors)
        data = _read(path, shown, spec, report, raw)
        if data is None:
            content.refused[shown] = "could not be read"
            content.unreadable[shown] = _ids_in(kind, path, raw)
            continue
        if len(report.errors) > before:
            content.refused[shown] = "has errors"
        parsed.append((kind, shown, data))
    content.digest = digest.hexdigest()

    def loader(shown: str, data: YMap) -> FileLoader:
        return FileLoader(shown, data, report, today)

    for kind, shown, data in parsed:
        if kind == "manifest":
            content.title = _s(data, "title", content.title)
            content.version = _s(data, "version", content.version)
        elif kind == "facts":
            for fact in loader(shown, data).facts():
                if fact.id in content.facts:
                    first = content.facts[fact.id].where
                    assert fact.where is not None
                    report.error(shown, fact.where.line, fact.where.col, "duplicate-id",
                                 f"fact '{fact.id}' is declared twice (first at {first})")
                    continue
                content.facts[fact.id] = fact
    for kind, shown, data in parsed:
        fl = loader(shown, data)
        if kind == "guides":
            _add(content.guides, fl.guide(content.facts), shown, data, "guide", report)
        elif kind == "scripts":
            _add(content.scripts, fl.script(), shown, data, "script", report)
        elif kind == "checklists":
            _add(content.checklists, fl.checklist(), shown, data, "checklist", report)
        elif kind == "talks":
            _add(content.talks, fl.talk(), shown, data, "talk", report)
        elif kind == "signposts":
            signposts = fl.signposts()
            content.signpost_points.extend(fl.points)
            for sp in signposts:
                if sp.id in content.signposts:
                    assert sp.where is not None
                    report.error(shown, sp.where.line, sp.where.col, "duplicate-id",
                                 f"signpost '{sp.id}' is already defined in "
                                 f"{content.signposts[sp.id].where}")
                    continue
                content.signposts[sp.id] = sp
        elif kind == "scenarios":
            content.scenarios.extend(fl.scenarios())
        elif kind == "synonyms":
            content.synonyms.extend(fl.synonyms())
    checks.check_content(content)
    return content


def _add(table: dict[str, Any], item: Any, shown: str, data: YMap, key: str,
         report: Report) -> None:
    if not item.id:
        return
    if item.id in table:
        loc = data.vloc(key)
        report.error(shown, loc.line, loc.col, "duplicate-id", f"{key} '{item.id}' is already "
                     f"defined in {table[item.id].header.path}")
        return
    table[item.id] = item
