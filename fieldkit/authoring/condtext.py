"""Conditions written back as words a reviewer reads ("subject_age < 13").

The tree comes from `fieldkit.content.conditions`; this is its one way back to text, used by
the graph, the diff and author mode, so a condition reads the same everywhere.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fieldkit.content.model import Cond

_SYMBOLS = {"lt": "<", "le": "<=", "gt": ">", "ge": ">="}


def value_text(value: Any) -> str:
    """One value as an author wrote it."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (tuple, list)):
        return ", ".join(value_text(v) for v in value) or "nothing"
    return str(value)


def _either(values: tuple[Any, ...]) -> str:
    words = [value_text(v) for v in values]
    if len(words) <= 2:
        return " or ".join(words)
    return ", ".join(words[:-1]) + " or " + words[-1]


def cond_text(cond: Cond | None, nested: bool = False) -> str:
    """A condition as readable text; None (a default branch) reads as "otherwise"."""
    if cond is None:
        return "otherwise"
    kind = cond[0]
    if kind in ("all", "any"):
        joiner = " and " if kind == "all" else " or "
        text = joiner.join(cond_text(c, nested=True) for c in cond[1])
        return f"({text})" if nested and len(cond[1]) > 1 else text
    if kind == "not":
        return f"not {cond_text(cond[1], nested=True)}"
    _, fact, op, operand = cond
    if op in _SYMBOLS:
        return f"{fact} {_SYMBOLS[op]} {value_text(operand)}"
    if op == "eq":
        return f"{fact} is {value_text(operand)}"
    if op == "ne":
        return f"{fact} is not {value_text(operand)}"
    if op == "in":
        return f"{fact} is {_either(tuple(operand))}"
    if op == "has":
        return f"{fact} includes {value_text(operand)}"
    if op == "known":
        return f"{fact} is known" if operand else f"{fact} is not known"
    return f"{fact} {op} {value_text(operand)}"  # pragma: no cover - ops are fixed
