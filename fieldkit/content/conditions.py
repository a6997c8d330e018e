"""The small structured condition language of `if:` blocks.

Content never runs code: a condition is parsed into a tree of tuples and evaluated here, and
nothing else. Parsing also checks each comparison against the fact's declared type.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import Any

from fieldkit.content.model import Cond, Fact
from fieldkit.content.schema import as_date, describe, did_you_mean
from fieldkit.diagnostics import Report
from fieldkit.ynodes import YList, YMap, located

OPS = ("eq", "ne", "lt", "le", "gt", "ge", "in", "has", "known")
ORDERED = ("number", "date")


class ConditionParser:
    def __init__(self, path: str, facts: Mapping[str, Fact], report: Report):
        self.path = path
        self.facts = facts
        self.report = report

    def err(self, loc: Any, rule: str, message: str) -> None:
        loc = located(loc)
        self.report.error(self.path, loc.line, loc.col, rule, message)

    def parse(self, node: Any, loc: Any) -> Cond | None:
        """Parse an `if:` value; report problems and return None if it cannot be used.
        Locations here may be given as in `ynodes.located`, made only for a problem."""
        if not isinstance(node, YMap) or not node:
            self.err(loc, "bad-condition", "a condition should be a mapping such as "
                     f"{{subject_age: {{lt: 13}}}}; found {describe(node)}")
            return None
        parts: list[Cond] = []
        ok = True
        for key, value in node.items():
            kloc, vloc = (node, key, "key"), (node, key)
            part: Cond | None
            if key in ("any", "all"):
                if not isinstance(value, YList) or not value:
                    self.err(vloc, "bad-condition", f"'{key}' takes a non-empty list of "
                             f"conditions; found {describe(value)}")
                    ok = False
                    continue
                subs = [self.parse(v, (value, i)) for i, v in enumerate(value)]
                if any(s is None for s in subs):
                    ok = False
                    continue
                part = (key, subs)
            elif key == "not":
                sub = self.parse(value, vloc)
                part = ("not", sub) if sub is not None else None
            else:
                part = self.comparison(key, value, kloc, vloc)
            if part is None:
                ok = False
            else:
                parts.append(part)
        if not ok:
            return None
        return parts[0] if len(parts) == 1 else ("all", parts)

    def comparison(self, key: Any, value: Any, kloc: Any, vloc: Any) -> Cond | None:
        fact = self.facts.get(key) if isinstance(key, str) else None
        if fact is None:
            self.err(kloc, "unknown-fact", f"condition tests '{key}', which is not a declared "
                     f"fact{did_you_mean(key, [*self.facts, 'any', 'all', 'not'])}")
            return None
        if isinstance(value, YMap):
            parts: list[Cond] = []
            for op, operand in value.items():
                oploc = (value, op)
                if op not in OPS:
                    self.err((value, op, "key"), "bad-condition", f"unknown operator '{op}'"
                             f"{did_you_mean(op, OPS)} (allowed: {', '.join(OPS)})")
                    return None
                c = self.operand(fact, op, operand, oploc)
                if c is None:
                    return None
                parts.append(c)
            if not parts:
                self.err(vloc, "bad-condition", f"no operator given for '{key}'")
                return None
            return parts[0] if len(parts) == 1 else ("all", parts)
        if isinstance(value, YList):
            return self.operand(fact, "in", value, vloc)
        return self.operand(fact, "eq", value, vloc)

    def operand(self, fact: Fact, op: str, operand: Any, loc: Any) -> Cond | None:
        if op == "known":
            if not isinstance(operand, bool):
                self.err(loc, "bad-condition", f"'known' takes true or false; found "
                         f"{describe(operand)}")
                return None
            return ("cmp", fact.id, op, operand)
        if op in ("lt", "le", "gt", "ge") and fact.type not in ORDERED:
            self.err(loc, "bad-condition", f"'{op}' compares numbers or dates, but '{fact.id}' "
                     f"is a {fact.type} fact")
            return None
        if op == "has" and fact.type != "multi":
            self.err(loc, "bad-condition", f"'has' tests a multi fact, but '{fact.id}' is a "
                     f"{fact.type} fact; use '{fact.id}: value'")
            return None
        if fact.type == "multi" and op in ("eq", "ne", "in"):
            self.err(loc, "bad-condition", f"'{fact.id}' holds several values; test it with "
                     "{has: value}")
            return None
        if op == "in":
            if not isinstance(operand, YList) or not operand:
                self.err(loc, "bad-condition", f"'in' takes a non-empty list; found "
                         f"{describe(operand)}")
                return None
            values = []
            for i, item in enumerate(operand):
                v = self.check_value(fact, item, (operand, i))
                if v is None:
                    return None
                values.append(v)
            return ("cmp", fact.id, "in", tuple(values))
        v = self.check_value(fact, operand, loc)
        if v is None:
            return None
        return ("cmp", fact.id, op, v)

    def check_value(self, fact: Fact, value: Any, loc: Any) -> Any:
        v, problem = coerce(fact, value)
        if problem:
            self.err(loc, "bad-value", problem)
            return None
        return v


MAX_AGE = 120


def is_age(fact: Fact) -> bool:
    """A number fact named as an age (`age`, `subject_age`, ...): whole years, 0 to MAX_AGE."""
    return fact.type == "number" and (fact.id == "age" or fact.id.endswith("_age"))


def coerce(fact: Fact, value: Any) -> tuple[Any, str]:
    """Read a written value as the fact's type: (value, "") or (None, what is wrong)."""
    t = fact.type
    if t == "number":
        number: Any = None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = value
        elif isinstance(value, str):
            try:
                number = float(value) if "." in value else int(value)
            except (ValueError, OverflowError):  # not a number, or thousands of digits
                number = None
        if number is not None and math.isfinite(number):
            if is_age(fact) and (number != int(number) or not 0 <= number <= MAX_AGE):
                return None, (f"'{fact.id}' is an age: a whole number from 0 to {MAX_AGE}; "
                              f"found {describe(value)}")
            return (int(number) if is_age(fact) else number), ""
        return None, f"'{fact.id}' is a number; found {describe(value)}"
    if t == "date":
        d = as_date(value)
        if d is None:
            return None, f"'{fact.id}' is a date like 2026-11-21; found {describe(value)}"
        return d, ""
    if t == "text":
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            return str(value), ""
        return None, f"'{fact.id}' is text; found {describe(value)}"
    allowed = fact.allowed_values()
    if t == "multi" and isinstance(value, list):
        out = []
        for item in value:
            v, problem = coerce(Fact(fact.id, fact.label, "choice", fact.values), item)
            if problem:
                return None, problem
            out.append(v)
        return tuple(out), ""
    if isinstance(value, bool):
        return None, (f"'{fact.id}' takes one of {', '.join(allowed)}; found {describe(value)} "
                      f"(write the word, e.g. yes or no)")
    if isinstance(value, (int, float)):
        value = str(value)
    if not isinstance(value, str) or value not in allowed:
        return None, (f"'{fact.id}' takes one of {', '.join(allowed)}; found "
                      f"{describe(value)}{did_you_mean(value, allowed)}")
    return value, ""


def evaluate(cond: Cond, facts: Mapping[str, Any]) -> bool:
    """True when the condition holds for these facts; an unknown fact satisfies nothing
    except {known: false}."""
    kind = cond[0]
    if kind == "all":
        return all(evaluate(c, facts) for c in cond[1])
    if kind == "any":
        return any(evaluate(c, facts) for c in cond[1])
    if kind == "not":
        return not evaluate(cond[1], facts)
    _, fact, op, operand = cond
    present = fact in facts and facts[fact] is not None
    if op == "known":
        return present == operand
    if not present:
        return False
    value = facts[fact]
    try:
        if op == "eq":
            return bool(value == operand)
        if op == "ne":
            return bool(value != operand)
        if op == "in":
            return value in operand
        if op == "has":
            return operand in (value if isinstance(value, (list, tuple, set)) else (value,))
        if isinstance(value, date) or isinstance(operand, date):
            value, operand = as_date(value), as_date(operand)
            if value is None or operand is None:
                return False
        if op == "lt":
            return bool(value < operand)
        if op == "le":
            return bool(value <= operand)
        if op == "gt":
            return bool(value > operand)
        if op == "ge":
            return bool(value >= operand)
    except TypeError:
        return False
    return False  # pragma: no cover - ops are checked when parsed


def facts_in(cond: Cond) -> set[str]:
    """The facts a condition reads."""
    if cond[0] in ("all", "any"):
        return set().union(*(facts_in(c) for c in cond[1]))
    if cond[0] == "not":
        return facts_in(cond[1])
    return {cond[1]}


def covers(conds: list[Cond], fact: Fact) -> bool:
    """Whether simple equality tests on one enumerable fact cover every value it can take."""
    allowed = fact.allowed_values()
    if fact.type not in ("yesno", "yesnounknown", "choice") or not allowed:
        return False
    seen: set[Any] = set()
    for c in conds:
        if c[0] != "cmp" or c[1] != fact.id:
            continue
        if c[2] == "eq":
            seen.add(c[3])
        elif c[2] == "in":
            seen.update(c[3])
    return set(allowed) <= seen
