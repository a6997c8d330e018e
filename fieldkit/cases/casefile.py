"""The YAML case file: what `fieldkit case import/export` and `fieldkit handover` read and write.

The v1 names of the command-line contract keep working (`signposts: [childline]`, `walks:
[youth-imagery]`, the v1 exhibit keys); the extended form adds exhibits' extra fields and
continuity, who a service was given to and when, the walk state and the scripts used. Every
problem in a file is collected and reported as `PATH:LINE:COL: error[RULE]: msg`; nothing is
saved from a file with errors.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from fieldkit.cases.files import write_atomic
from fieldkit.cases.model import (
    EXHIBIT_FIELDS,
    POWER_STATES,
    YES_NO_UNKNOWN,
    Case,
    Continuity,
    CopiedLine,
    Exhibit,
    Officer,
    SavedWalk,
    ScriptUse,
    SignpostGiven,
)
from fieldkit.cases.times import FIRST_YEAR, LAST_YEAR, iso, parse_time
from fieldkit.content.model import Content, Fact
from fieldkit.content.schema import describe, did_you_mean
from fieldkit.diagnostics import Diagnostic, FieldKitError, Report
from fieldkit.factsfile import typed_facts
from fieldkit.guides.engine import WalkError, walk_with_facts
from fieldkit.security.imagery import refuse_file, refuse_in
from fieldkit.textrule import identifier_key, normal_identifier, quoted, refusal
from fieldkit.yamlread import Loc, YList, YMap, load_file, not_a_file, read_regular

TOP_KEYS = ("case", "facts", "walks", "exhibits", "signposts", "checklists", "scripts", "notes")
CASE_KEYS = ("reference", "officer", "opened", "location")
OFFICER_KEYS = ("name", "number", "station")
EXHIBIT_KEYS = (*EXHIBIT_FIELDS, "continuity", "withdrawn", "withdrawn_at")
CONTINUITY_KEYS = ("from", "to", "at", "why")
SIGNPOST_KEYS = ("id", "given_to", "at", "withdrawn", "withdrawn_at")
WALK_KEYS = ("guide", "version", "answered", "acknowledged", "confirmed")
SCRIPT_KEYS = ("script", "sections", "lines")
LINE_KEYS = ("section", "text", "at")
CHOICES = {"power": POWER_STATES, "locked": YES_NO_UNKNOWN, "passcode_given": YES_NO_UNKNOWN,
           "charger_seized": YES_NO_UNKNOWN}
TIMES = ("seized_at",)
# The text rule (fieldkit.textrule): these keys may hold several lines; these are identifiers.
MULTILINE_KEYS = frozenset({"notes", "description", "why", "text"})
IDENTIFIER_KEYS = frozenset({"ref", "seal", "reference"})
# Limits, so one file cannot fill the store or the screen (docs/security.md lists them).
MAX_EXHIBITS = 20_000  # per case
MAX_LINE_CHARS = 1_000  # a one-line field
MAX_TEXT_CHARS = 100_000  # a field that may hold several lines (notes, descriptions)


class _Reader:
    def __init__(self, shown: str, content: Content | None, report: Report | None):
        self.shown = shown
        self.content = content
        self.errors: list[Diagnostic] = []
        self.report = report

    def err(self, loc: Loc, rule: str, message: str) -> None:
        self.errors.append(Diagnostic(self.shown, loc.line, loc.col, "error", rule, message))

    def warn(self, loc: Loc, rule: str, message: str) -> None:
        if self.report is not None:
            self.report.warning(self.shown, loc.line, loc.col, rule, message)

    # -- shapes -----------------------------------------------------------------------------

    def mapping(self, value: Any, loc: Loc, what: str, keys: tuple[str, ...],
                required: tuple[str, ...] = ()) -> YMap | None:
        if not isinstance(value, YMap):
            self.err(loc, "bad-type", f"{what} should be a mapping; found {describe(value)}")
            return None
        for key in value:
            if key not in keys:
                self.err(value.kloc(key), "unknown-key", f"{what} has no key {quoted(key)}"
                         f"{did_you_mean(str(key), keys)} (keys: {', '.join(keys)})")
        for key in required:
            if value.get(key) in (None, ""):
                self.err(value.kloc(key) if key in value else value.loc, "missing-key",
                         f"{what} needs '{key}'")
        return value

    def items(self, m: YMap, key: str, what: str) -> list[tuple[Any, Loc]]:
        value = m.get(key)
        if value is None:
            return []
        if not isinstance(value, YList):
            self.err(m.vloc(key), "bad-type", f"'{key}' of {what} should be a list; found "
                     f"{describe(value)}")
            return []
        return [(v, value.iloc(i)) for i, v in enumerate(value)]

    def text(self, m: YMap, key: str, what: str) -> str:
        value = m.get(key)
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.err(m.vloc(key), "bad-type", f"'{key}' of {what} should be text; found "
                     f"{describe(value)}" + (" (write the word, in quotes if you like)"
                                             if isinstance(value, bool) else ""))
            return ""
        return self.ruled(str(value), m.vloc(key), key, what)

    def ruled(self, value: str, loc: Loc, key: str, what: str) -> str:
        """`value` if it passes the text rule (identifiers normalised), else '' and an error."""
        multiline, ident = key in MULTILINE_KEYS, key in IDENTIFIER_KEYS
        why = refusal(value, multiline=multiline, identifier=ident)
        limit = MAX_TEXT_CHARS if multiline else MAX_LINE_CHARS
        if not why and len(value) > limit:
            why = f"longer than {limit} characters ({len(value)}); found {quoted(value)}"
        if why:
            self.err(loc, "bad-text", f"'{key}' of {what}: {why}")
            return ""
        return normal_identifier(value) if ident else value

    def words(self, m: YMap, key: str, what: str) -> list[str]:
        value = m.get(key)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return [self.ruled(str(value), m.vloc(key), key, what)]
        out = []
        for v, loc in self.items(m, key, what):
            if isinstance(v, bool) or not isinstance(v, (str, int, float)):
                self.err(loc, "bad-type", f"each of '{key}' should be text; found "
                         f"{describe(v)}")
            else:
                out.append(self.ruled(str(v), loc, key, what))
        return out

    def time(self, m: YMap, key: str, what: str, required: bool = False) -> datetime | None:
        value = m.get(key)
        if value is None or value == "":
            if required:
                self.err(m.kloc(key) if key in m else m.loc, "missing-key",
                         f"{what} needs '{key}'")
            return None
        dt = parse_time(value)
        if dt is None:
            found = "a time with no zone" if isinstance(value, datetime) else describe(value)
            self.err(m.vloc(key), "bad-time", f"'{key}' of {what} should be a date and time "
                     "with its zone, such as 2026-11-21T23:05:00Z (Z for UTC, +01:00 for "
                     f"BST), between the years {FIRST_YEAR} and {LAST_YEAR}; found {found}")
        return dt

    # -- parts ------------------------------------------------------------------------------

    def read(self, data: Any) -> Case:
        top = self.mapping(data, Loc(1, 1), "a case file", TOP_KEYS, ("case",))
        if top is None:
            raise FieldKitError(self.errors)
        head = self.mapping(top.get("case"), top.vloc("case"), "'case'", CASE_KEYS,
                            ("reference", "officer")) if "case" in top else None
        reference, location, opened = "", "", None
        officer = Officer("")
        if head is not None:
            reference = self.text(head, "reference", "the case")
            location = self.text(head, "location", "the case")
            opened = self.time(head, "opened", "the case", required=True)
            off = head.get("officer")
            if off is not None and self.mapping(off, head.vloc("officer"), "'officer'",
                                                OFFICER_KEYS, ("name",)) is not None:
                officer = Officer(self.text(off, "name", "the officer"),
                                  self.text(off, "number", "the officer"),
                                  self.text(off, "station", "the officer"))
        facts = self.facts(top)
        case = Case(reference, officer, opened or datetime.min, location, facts)
        case.walks = self.walks(top, facts)
        case.exhibits = self.exhibits(top)
        case.signposts = self.signposts(top)
        case.checklists = self.checklists(top)
        case.scripts = self.scripts(top)
        case.notes = self.text(top, "notes", "the case file")
        if self.errors:
            raise FieldKitError(self.errors)
        return case

    def facts(self, top: YMap) -> dict[str, Any]:
        raw = top.get("facts")
        if raw is None:
            return {}
        if not isinstance(raw, YMap):
            self.err(top.vloc("facts"), "bad-type", f"'facts' should be a mapping of fact id "
                     f"to value; found {describe(raw)}")
            return {}
        for key, value in raw.items():
            self.ruled(str(key), raw.kloc(key), "id", "a fact")
            for v in value if isinstance(value, YList) else [value]:
                if isinstance(v, str):
                    self.ruled(v, raw.vloc(key), str(key), "the facts")
        if self.errors:
            return {}
        if self.content is None:
            return self.untyped_facts(raw)
        declared: dict[str, Fact] = self.content.facts
        try:
            return typed_facts(raw, declared, self.shown)
        except FieldKitError as exc:
            self.errors.extend(exc.diagnostics)
            return {}

    def untyped_facts(self, raw: YMap) -> dict[str, Any]:
        """Facts read without content to type them: words, numbers, dates and lists as
        written (a bare true/false is refused: facts are words)."""
        out: dict[str, Any] = {}
        for key, value in raw.items():
            if value is None:
                continue
            if isinstance(value, (bool, YMap)):
                self.err(raw.vloc(key), "bad-value", f"'{key}' should be a word, a number, "
                         f"a date or a list; found {describe(value)}")
                continue
            out[str(key)] = tuple(value) if isinstance(value, YList) else value
        return out

    def walks(self, top: YMap, facts: dict[str, Any]) -> list[SavedWalk]:
        out: list[SavedWalk] = []
        claimed: set[str] = set()
        seen: set[str] = set()
        for value, loc in self.items(top, "walks", "the case file"):
            if isinstance(value, str):
                value = self.ruled(value, loc, "guide", "a walk")
                saved = self.derived_walk(value, facts, claimed, loc)
            else:
                m = self.mapping(value, loc, "a walk", WALK_KEYS, ("guide",))
                if m is None:
                    continue
                confirmed = m.get("confirmed", False)
                if not isinstance(confirmed, bool):
                    self.err(m.vloc("confirmed"), "bad-value", "a walk's 'confirmed' is true "
                             f"or false; found {describe(confirmed)}")
                    confirmed = False
                saved = SavedWalk.from_state(
                    self.text(m, "guide", "a walk"), self.text(m, "version", "a walk"),
                    {"answered": self.words(m, "answered", "a walk"),
                     "acknowledged": self.words(m, "acknowledged", "a walk"),
                     "confirmed": confirmed})
                for i, f in enumerate(saved.answered):
                    if f not in facts:
                        where = m["answered"].iloc(i) if isinstance(m.get("answered"),
                                                                    YList) else m.loc
                        self.err(where, "unknown-fact", f"walk '{saved.guide}' answered "
                                 f"'{f}', which has no value under 'facts'")
                self.check_guide(saved.guide, loc)
            if saved.guide in seen:
                self.err(loc, "duplicate-id", f"guide '{saved.guide}' is listed twice")
                continue
            seen.add(saved.guide)
            claimed.update(saved.answered)
            out.append(saved)
        return out

    def derived_walk(self, guide_id: str, facts: dict[str, Any], claimed: set[str],
                     loc: Loc) -> SavedWalk:
        """A plain guide id: the facts its route asks that no earlier walk asked count as
        answered in this walk, the rest as reused. The file lists it as walked, so the outcome
        the facts reach counts as the officer's (confirmed)."""
        guide = self.check_guide(guide_id, loc)
        if guide is None or self.content is None:
            return SavedWalk(guide_id, confirmed=True)
        try:
            path, _ = walk_with_facts(guide, facts, self.content.facts).route()
        except WalkError:
            path = []
        answered = [e.fact for e in path if e.kind == "question" and e.fact not in claimed]
        return SavedWalk.from_state(guide_id, guide.version,
                                     {"answered": answered, "confirmed": True})

    def check_guide(self, guide_id: str, loc: Loc) -> Any:
        if self.content is None:
            return None
        guide = self.content.guides.get(guide_id)
        if guide is None:
            self.warn(loc, "unknown-guide", f"guide '{guide_id}' is not in the content loaded"
                      f"{did_you_mean(guide_id, self.content.guides)}; kept as written")
        return guide

    def exhibits(self, top: YMap) -> list[Exhibit]:
        out: list[Exhibit] = []
        refs: dict[str, Loc] = {}
        listed = self.items(top, "exhibits", "the case file")
        if len(listed) > MAX_EXHIBITS:
            loc = listed[MAX_EXHIBITS][1]
            self.err(loc, "too-many", f"a case holds at most {MAX_EXHIBITS} exhibits; this is "
                     f"number {MAX_EXHIBITS + 1} of {len(listed)}")
            return out
        for value, loc in listed:
            m = self.mapping(value, loc, "an exhibit", EXHIBIT_KEYS, ("ref",))
            if m is None:
                continue
            data: dict[str, Any] = {}
            for key in EXHIBIT_FIELDS:
                if key in TIMES:
                    data[key] = self.time(m, key, "an exhibit")
                elif key == "actions":
                    data[key] = self.words(m, key, "an exhibit")
                else:
                    data[key] = self.text(m, key, "an exhibit")
                    allowed = CHOICES.get(key)
                    if allowed and data[key] and data[key] not in allowed:
                        self.err(m.vloc(key), "bad-value", f"'{key}' takes one of "
                                 f"{', '.join(allowed)}; found {describe(data[key])}"
                                 f"{did_you_mean(data[key], allowed)}")
            ex = Exhibit(**data, withdrawn=self.text(m, "withdrawn", "an exhibit"),
                         withdrawn_at=self.time(m, "withdrawn_at", "an exhibit"))
            same = identifier_key(ex.ref)
            if same in refs:
                self.err(m.vloc("ref"), "duplicate-id", f"exhibit {quoted(ex.ref)} appears twice "
                         f"(first at line {refs[same].line}); references are compared without "
                         "spaces at the ends or case")
            refs[same] = m.vloc("ref")
            for c, cloc in self.items(m, "continuity", "an exhibit"):
                cm = self.mapping(c, cloc, "a continuity entry", CONTINUITY_KEYS,
                                  ("from", "to"))
                if cm is not None:
                    ex.continuity.append(Continuity(
                        self.text(cm, "from", "a continuity entry"),
                        self.text(cm, "to", "a continuity entry"),
                        self.time(cm, "at", "a continuity entry"),
                        self.text(cm, "why", "a continuity entry")))
            out.append(ex)
        return out

    def signposts(self, top: YMap) -> list[SignpostGiven]:
        out = []
        for value, loc in self.items(top, "signposts", "the case file"):
            if isinstance(value, str):
                given = SignpostGiven(self.ruled(value, loc, "id", "a signpost"))
            else:
                m = self.mapping(value, loc, "a signpost given", SIGNPOST_KEYS, ("id",))
                if m is None:
                    continue
                given = SignpostGiven(self.text(m, "id", "a signpost"),
                                      self.text(m, "given_to", "a signpost"),
                                      self.time(m, "at", "a signpost"),
                                      self.text(m, "withdrawn", "a signpost"),
                                      self.time(m, "withdrawn_at", "a signpost"))
            if self.content is not None and given.signpost not in self.content.signposts:
                self.warn(loc, "unknown-signpost", f"signpost '{given.signpost}' is not in the "
                          f"content loaded{did_you_mean(given.signpost, self.content.signposts)}"
                          "; kept as written")
            out.append(given)
        return out

    def checklists(self, top: YMap) -> dict[str, list[str]]:
        raw = top.get("checklists")
        if raw is None:
            return {}
        if not isinstance(raw, YMap):
            self.err(top.vloc("checklists"), "bad-type", "'checklists' should map a checklist "
                     f"id to the items ticked; found {describe(raw)}")
            return {}
        out: dict[str, list[str]] = {}
        for cid, _ in raw.items():
            if not self.ruled(str(cid), raw.kloc(cid), "id", "a checklist"):
                continue
            items = self.words(raw, cid, f"checklist '{cid}'")
            if str(cid) in out:
                self.err(raw.kloc(cid), "duplicate-id", f"checklist '{cid}' is listed twice; "
                         "put all its ticked items in one list")
                continue
            if len(set(items)) != len(items):
                self.warn(raw.vloc(cid), "duplicate-item", f"checklist '{cid}' ticks an item "
                          "more than once; it is kept once")
                items = list(dict.fromkeys(items))
            known = self.content.checklists.get(cid) if self.content else None
            if self.content is not None and known is None:
                self.warn(raw.kloc(cid), "unknown-checklist", f"checklist '{cid}' is not in "
                          "the content loaded; kept as written")
            elif known is not None:
                ids = {i.id for i in known.items}
                for item in items:
                    if item not in ids:
                        self.warn(raw.vloc(cid), "unknown-item", f"checklist '{cid}' has no "
                                  f"item '{item}'{did_you_mean(item, ids)}; kept as written")
            out[str(cid)] = items
        return out

    def scripts(self, top: YMap) -> list[ScriptUse]:
        out = []
        for value, loc in self.items(top, "scripts", "the case file"):
            if isinstance(value, str):
                out.append(ScriptUse(self.ruled(value, loc, "script", "a script")))
                continue
            m = self.mapping(value, loc, "a script used", SCRIPT_KEYS, ("script",))
            if m is None:
                continue
            use = ScriptUse(self.text(m, "script", "a script"),
                            self.words(m, "sections", "a script"))
            for line, lloc in self.items(m, "lines", "a script"):
                lm = self.mapping(line, lloc, "a copied line", LINE_KEYS, ("text",))
                if lm is not None:
                    use.lines.append(CopiedLine(self.text(lm, "section", "a line"),
                                                self.text(lm, "text", "a line"),
                                                self.time(lm, "at", "a line")))
            if self.content is not None and use.script not in self.content.scripts:
                self.warn(loc, "unknown-script", f"script '{use.script}' is not in the content "
                          "loaded; kept as written")
            out.append(use)
        return out


def read_casefile(path: Path, content: Content | None = None,
                  report: Report | None = None) -> Case:
    """A case from a case file; FieldKitError with every located problem if it has any.

    `content` types the facts and turns plain guide ids into walk states; references it does
    not hold are warnings in `report` (content changes, a case must still load)."""
    shown = str(path)
    why = not_a_file(path, "case file")
    if why:
        raise FieldKitError(Diagnostic(shown, 1, 1, "error", "missing-file", why))
    refuse_file(path, shown)  # a picture or video, by name or content: never read further
    data = load_file(path, shown)
    refuse_in(data, shown)  # images written into the text (data:image/..., base64)
    return _Reader(shown, content, report).read(data)


def file_sha256(path: Path) -> str:
    return hashlib.sha256(read_regular(path, str(path))).hexdigest()


# -- writing ---------------------------------------------------------------------------------------

HEADER = "# OFFICIAL-SENSITIVE. A FieldKit case file: keep it only where case papers may be kept.\n"


class _Dumper(yaml.SafeDumper):
    """Block style; text with line breaks as literal blocks, so notes read as typed."""

    def ignore_aliases(self, data: Any) -> bool:
        return True  # a shared list is written out in full: the reader refuses aliases


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def case_to_data(case: Case) -> dict[str, Any]:
    """The case as the extended case-file mapping (empty fields left out)."""
    head: dict[str, Any] = {
        "reference": case.reference,
        "officer": _drop_empty({"name": case.officer.name, "number": case.officer.number,
                                "station": case.officer.station}),
        "opened": iso(case.opened),
    }
    if case.location:
        head["location"] = case.location
    data: dict[str, Any] = {"case": head}
    if case.facts:
        data["facts"] = {k: list(v) if isinstance(v, tuple) else v
                         for k, v in case.facts.items()}
    if case.walks:
        data["walks"] = [_drop_empty({"guide": w.guide, "version": w.version,
                                      "answered": w.answered, "acknowledged": w.acknowledged,
                                      "confirmed": w.confirmed or None})
                         for w in case.walks]
    if case.exhibits:
        data["exhibits"] = [_exhibit_data(e) for e in case.exhibits]
    if case.signposts:
        data["signposts"] = [
            s.signpost if not (s.given_to or s.at or s.withdrawn) else
            _drop_empty({"id": s.signpost, "given_to": s.given_to, "at": iso(s.at),
                         "withdrawn": s.withdrawn, "withdrawn_at": iso(s.withdrawn_at)})
            for s in case.signposts]
    if case.checklists:
        data["checklists"] = {k: list(v) for k, v in case.checklists.items()}
    if case.scripts:
        data["scripts"] = [_drop_empty({
            "script": s.script, "sections": s.sections,
            "lines": [_drop_empty({"section": ln.section, "text": ln.text, "at": iso(ln.at)})
                      for ln in s.lines]}) for s in case.scripts]
    if case.notes:
        data["notes"] = case.notes
    return data


def _exhibit_data(e: Exhibit) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in EXHIBIT_FIELDS:
        value = getattr(e, key)
        out[key] = iso(value) if key in TIMES else value
    out["continuity"] = [_drop_empty({"from": c.from_, "to": c.to, "at": iso(c.at),
                                      "why": c.why}) for c in e.continuity]
    out["withdrawn"], out["withdrawn_at"] = e.withdrawn, iso(e.withdrawn_at)
    out = _drop_empty(out)
    out.setdefault("ref", e.ref)
    return out


def _drop_empty(m: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in m.items() if v not in ("", None, [], {})}


def casefile_text(case: Case) -> str:
    body = yaml.dump(case_to_data(case), Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                     default_flow_style=False, width=100)
    return HEADER + body


def write_casefile(case: Case, path: Path) -> str:
    """Write the case file (atomically: a crash leaves the old file or the new, never half);
    returns its SHA-256."""
    data = casefile_text(case).encode("utf-8")
    write_atomic(path, data)
    return hashlib.sha256(data).hexdigest()
