"""The shape of every content file, as data, and one validator that walks it.

Structure is checked here (keys present, no unknown keys, value types); meaning (references,
facts, graphs) is checked by `fieldkit.content.checks`. Every problem is collected, located,
and says what was expected and what was found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from fieldkit.content.model import STATUSES
from fieldkit.diagnostics import Report
from fieldkit.textrule import quoted
from fieldkit.ynodes import YList, YMap, located

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
FACT_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
SEMVER_RE = re.compile(r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$")


@dataclass(frozen=True)
class K:
    """One key of a mapping: its type, whether it must be there, and a nested spec name."""

    type: str
    required: bool = False
    spec: str = ""


def req(type_: str, spec: str = "") -> K:
    return K(type_, True, spec)


def opt(type_: str, spec: str = "") -> K:
    return K(type_, False, spec)


_HEADER = {
    "title": req("text"),
    "version": req("version"),
    "status": req("status"),
    "owner": req("text"),
    "reviewed": req("date"),
    "review_due": req("date"),
    "sources": req("sources"),
    "summary": opt("text"),
    "audience": opt("list-text"),
    "approved_by": opt("text"),
    "approved_on": opt("date"),
    "open_points": opt("list-map", "open-point"),
}
_LIGHT = {
    "title": opt("text"),
    "version": opt("version"),
    "owner": opt("text"),
    "sources": opt("sources"),
    "summary": opt("text"),
}

SPECS: dict[str, dict[str, K]] = {
    "source": {
        "title": req("text"),
        "publisher": opt("text"),
        "year": opt("int"),
        "url": opt("text"),
        "note": opt("text"),
    },
    "facts-file": {**_LIGHT, "facts": req("list-map", "fact")},
    "fact": {
        "id": req("factid"),
        "label": req("text"),
        "type": req("text"),
        "values": opt("list-scalar"),
        "help": opt("text"),
    },
    "guide": {
        "guide": req("id"),
        **_HEADER,
        "start": req("id"),
        "steps": req("list-map", "step"),
    },
    "question": {
        "id": req("id"),
        "ask": req("text"),
        "fact": req("factid"),
        "next": req("list-map", "branch"),
        "why": opt("text"),
        "help": opt("text"),
        "cite": opt("cite"),
        "options": opt("list-map", "option"),
        "min": opt("number"),
        "max": opt("number"),
        "record": opt("bool"),
    },
    "info": {
        "id": req("id"),
        "show": req("text"),
        "next": req("list-map", "branch"),
        "cite": opt("cite"),
    },
    "outcome": {
        "id": req("id"),
        "outcome": req("id"),
        "title": req("text"),
        "say": req("text"),
        "do": req("lines"),
        "dont": opt("lines"),
        "cite": opt("cite"),
        "scripts": opt("list-id"),
        "signposts": opt("list-id"),
        "checklists": opt("list-id"),
        "then": opt("list-id"),
    },
    "branch": {"if": opt("any"), "go": req("id")},
    "option": {"value": req("scalar"), "label": req("text"), "help": opt("text")},
    "line": {"text": req("text"), "cite": opt("cite")},
    "script": {
        "script": req("id"),
        **_HEADER,
        "for": opt("text"),
        "sections": req("list-map", "script-section"),
        "family": opt("list-map", "script-family"),
    },
    "script-family": {
        "for": req("text"),
        "title": req("text"),
        "status": opt("status"),
        "lines": req("lines"),
    },
    "script-section": {
        "id": req("id"),
        "title": req("text"),
        "say": opt("lines"),
        "avoid": opt("list-map", "avoid"),
        "notes": opt("lines"),
    },
    "avoid": {"text": req("text"), "instead": req("text"), "why": opt("text"), "cite": opt("cite")},
    "signposts-file": {**_LIGHT, "signposts": req("list-map", "signpost"),
                       "open_points": opt("list-map", "open-point")},
    "open-point": {
        "id": req("id"),
        "claim": req("text"),
        "affects": req("list-id"),
        "source": req("cite"),
        "check": opt("text"),
        "settle": req("text"),
    },
    "signpost": {
        "id": req("id"),
        "name": req("text"),
        "what": req("text"),
        "for": req("list-text"),
        "ages": opt("map", "ages"),
        "situations": opt("list-text"),
        "contact": req("list-map", "contact"),
        "hours": req("text"),
        "verified": req("date"),
        "status": opt("status"),
        "caution": opt("text"),
        "cite": opt("cite"),
    },
    "ages": {"min": opt("int"), "max": opt("int")},
    "contact": {"kind": req("text"), "value": req("text"), "note": opt("text")},
    "checklist": {
        "checklist": req("id"),
        **_HEADER,
        "items": req("list-map", "checklist-item"),
    },
    "checklist-item": {
        "id": req("id"),
        "text": req("text"),
        "help": opt("text"),
        "group": opt("text"),
        "cite": opt("cite"),
    },
    "talk": {
        "talk": req("id"),
        **_HEADER,
        "aim": req("text"),
        "audience": req("text"),
        "ages": opt("map", "ages"),
        "durations": req("list-int"),
        "key_messages": opt("lines"),
        "safeguarding": opt("lines"),
        "sections": req("list-map", "talk-section"),
        "signposts": opt("list-id"),
    },
    "talk-section": {
        "id": req("id"),
        "title": req("text"),
        "minutes": req("int"),
        "lengths": req("list-int"),
        "say": opt("lines"),
        "scenario": opt("map", "talk-scenario"),
        "questions": opt("list-map", "talk-question"),
        "handout": opt("lines"),
    },
    "talk-scenario": {"text": req("text"), "questions": opt("list-text")},
    "talk-question": {"ask": req("text"), "answer": req("text"), "cite": opt("cite")},
    "scenarios-file": {**_LIGHT, "scenarios": req("list-map", "scenario")},
    "scenario": {
        "name": req("text"),
        "guide": req("id"),
        "facts": req("any"),
        "expect": req("map", "expect"),
        "note": opt("text"),
    },
    "expect": {"outcome": opt("id"), "question": opt("id"), "path": opt("list-id")},
    "synonyms-file": {**_LIGHT, "synonyms": req("list-map", "synonym-group")},
    "synonym-group": {"words": req("list-text"), "note": opt("text")},
    "manifest": {
        "title": req("text"),
        "version": req("text"),
        "owner": opt("text"),
        "changelog": opt("any"),
    },
}

CONTACT_KINDS = ("phone", "web", "email", "text", "chat")
SIGNPOST_FOR = ("child", "parent", "professional", "own-thoughts", "adult")
SITUATIONS = (
    "emotional-support",
    "removal",
    "sextortion",
    "crisis",
    "reporting",
    "own-behaviour",
    "advice",
    "adult-images",
)
TALK_AUDIENCES = ("pupils", "parents", "staff")


def did_you_mean(word: Any, choices: Any) -> str:
    """A hint for a near-miss name, or an empty string."""
    if not isinstance(word, str):
        return ""
    import difflib  # only when something is misspelt: a clean check never needs it

    close = difflib.get_close_matches(word, [str(c) for c in choices], n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def describe(value: Any) -> str:
    """How a found value is named in an error message."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return quoted(value) if value.strip() else "empty text"
    if isinstance(value, datetime):
        return f"the date and time {value.isoformat()}"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    if isinstance(value, (int, float)):
        return f"the number {quoted(value)}"
    return f"a value of another kind ({quoted(value)})"


def as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _name(what: Any) -> str:
    """A value's name in a message: given as text, as a key, or as (item index, key)."""
    if isinstance(what, str):
        return what
    index, key = what
    return f"'{key}'" if index is None else f"item {index + 1} of '{key}'"


_LISTS = frozenset(("list-text", "list-id", "list-int", "list-scalar"))
_ABSENT = object()  # a key not in a mapping (None is a value a key can hold)


class Validator:
    """Checks one file's structure against SPECS, reporting into a shared Report."""

    def __init__(self, path: str, report: Report):
        self.path = path
        self.report = report

    def err(self, loc: Any, rule: str, message: str) -> None:
        loc = located(loc)
        self.report.error(self.path, loc.line, loc.col, rule, message)

    def mapping(self, m: Any, spec_name: str, loc: Any) -> bool:
        """Validate a mapping; True when it is a mapping (possibly with problems inside).
        loc: where the mapping stands, or (its parent, its key or index)."""
        if not isinstance(m, YMap):
            self.err(loc, "bad-type", f"expected a mapping ({spec_name}); found {describe(m)}")
            return False
        spec = SPECS[spec_name]
        if not m.keys() <= spec.keys():  # checked at once; each unknown key then named
            for key in m:
                if key not in spec:
                    self.err(
                        m.kloc(key),
                        "unknown-key",
                        f"unknown key '{key}' in {spec_name}{did_you_mean(key, spec)}"
                        f" (allowed: {', '.join(spec)})",
                    )
        for key, k in spec.items():
            v = m.get(key, _ABSENT)
            if v is _ABSENT:
                if k.required:
                    self.err(m.loc, "missing-key", f"{spec_name} needs '{key}'")
                continue
            if k.type == "text" and v.__class__ is str and v and not v.isspace():
                continue  # the commonest value, good text, passed here without a call
            self.value(v, k, (m, key), (None, key))
        return True

    def value(self, v: Any, k: K, loc: Any, what: Any) -> None:
        """Check one value against its key's type. loc as in `mapping`; what: the value's
        name, or (None, key) for a mapping's value, or (index, key) for an item of one."""
        t = k.type
        if t == "text":  # the commonest, first
            if v.__class__ is str and v and not v.isspace():
                return
            if not isinstance(v, str):
                if isinstance(v, (int, float)) and not isinstance(v, bool):
                    return  # a number written as text is still readable text
                self.err(loc, "bad-type", f"{_name(what)} should be text; found {describe(v)}")
            elif not v.strip():
                self.err(loc, "empty-text", f"{_name(what)} is empty; write the text an officer "
                         "reads")
        elif t == "any":
            return
        elif t == "id":
            if not isinstance(v, str) or not ID_RE.match(v):
                self.err(
                    loc,
                    "bad-id",
                    f"{_name(what)} should be an id of lowercase letters, digits and '-'; "
                    f"found {describe(v)}",
                )
        elif t == "cite":
            items = v if isinstance(v, YList) else None
            if items is None:
                self.err(loc, "bad-type", f"{_name(what)} should be a list of source ids like "
                         f"[ukcis-2024]; found {describe(v)}")
                return
            for i, x in enumerate(items):
                if not isinstance(x, str) or not x.strip():
                    self.err((items, i), "bad-type", f"a cite should be a source id; found "
                             f"{describe(x)}")
        elif t == "list-map":
            if not isinstance(v, YList):
                self.err(loc, "bad-type", f"{_name(what)} should be a list; found {describe(v)}")
                return
            if k.spec == "step":
                for i, x in enumerate(v):
                    self.step(x, (v, i))
            else:
                for i, x in enumerate(v):
                    self.mapping(x, k.spec, (v, i))
        elif t == "factid":
            if not isinstance(v, str) or not FACT_ID_RE.match(v):
                self.err(
                    loc,
                    "bad-id",
                    f"{_name(what)} should be a fact id in snake_case; found {describe(v)}",
                )
        elif t == "lines":
            if not isinstance(v, YList):
                self.err(loc, "bad-type", f"{_name(what)} should be a list; found {describe(v)}")
                return
            for i, x in enumerate(v):
                if isinstance(x, str):
                    if not x.strip():
                        self.err((v, i), "empty-text", f"item {i + 1} of {_name(what)} is "
                                 "empty")
                    continue
                self.mapping(x, "line", (v, i))
        elif t == "scalar":
            if isinstance(v, (dict, list)) or v is None:
                self.err(loc, "bad-type", f"{_name(what)} should be a single value; found "
                         f"{describe(v)}")
        elif t == "version":
            if not isinstance(v, str) or not SEMVER_RE.match(v):
                self.err(
                    loc, "bad-version",
                    f"{_name(what)} should be a version like 1.0.0; found {describe(v)}",
                )
        elif t == "date":
            if as_date(v) is None:
                self.err(loc, "bad-date", f"{_name(what)} should be a date like 2026-11-21; "
                         f"found {describe(v)}")
        elif t == "status":
            if v not in STATUSES:
                self.err(
                    loc,
                    "bad-status",
                    f"{_name(what)} should be one of {', '.join(STATUSES)}; found {describe(v)}"
                    f"{did_you_mean(v, STATUSES)}",
                )
        elif t == "bool":
            if not isinstance(v, bool):
                self.err(loc, "bad-type", f"{_name(what)} should be true or false; found "
                         f"{describe(v)}")
        elif t == "int":
            if not isinstance(v, int) or isinstance(v, bool):
                self.err(loc, "bad-type", f"{_name(what)} should be a whole number; found "
                         f"{describe(v)}")
        elif t == "number":
            if not isinstance(v, (int, float)) or isinstance(v, bool):
                self.err(loc, "bad-type", f"{_name(what)} should be a number; found "
                         f"{describe(v)}")
        elif t in _LISTS:
            if not isinstance(v, YList):
                self.err(loc, "bad-type", f"{_name(what)} should be a list; found {describe(v)}")
                return
            item = K(t[5:])
            key = what[1] if type(what) is tuple and what[0] is None else None
            for i, x in enumerate(v):
                self.value(x, item, (v, i), (i, key) if key is not None
                           else f"item {i + 1} of {_name(what)}")
        elif t == "sources":
            if not isinstance(v, YMap):
                self.err(loc, "bad-type", f"{_name(what)} should be a mapping of source id to "
                         f"{{title, publisher, year, url}}; found {describe(v)}")
                return
            for sid, src in v.items():
                if not isinstance(sid, str):
                    self.err(v.kloc(sid), "bad-id", f"source id should be text; found "
                             f"{describe(sid)}")
                self.mapping(src, "source", (v, sid))
        elif t == "map":
            self.mapping(v, k.spec, loc)
        else:  # pragma: no cover - a spec typo is a programming error
            raise ValueError(f"unknown spec type {t}")

    def step(self, m: Any, loc: Any) -> str | None:
        """Validate a guide step of whichever kind its keys say; return the kind."""
        if not isinstance(m, YMap):
            self.err(loc, "bad-type", f"expected a step (a mapping); found {describe(m)}")
            return None
        outcome, ask, show = "outcome" in m, "ask" in m, "show" in m
        if outcome + ask + show != 1:
            found = ", ".join(f"'{k}'" for k in ("ask", "show", "outcome") if k in m) or "none"
            self.err(
                m.loc,
                "step-kind",
                "a step needs exactly one of 'ask' (question), 'show' (info) or 'outcome'; "
                f"found {found}",
            )
            return None
        kind = "outcome" if outcome else "question" if ask else "info"
        self.mapping(m, kind, loc)
        return kind
