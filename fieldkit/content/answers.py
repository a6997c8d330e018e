"""An answer in words: the one wording the screens, the note and the case commands share.

The officer gave the answer by pressing a labelled button, ticking labelled boxes, or typing a
number, a date or text; everywhere the answer is shown again it reads as it did then, so the
note cannot word an answer differently from the screen.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fieldkit.content.model import Fact, Step

# The fixed answers of yes/no and power questions, as a person says them.
WORDS = {"yes": "Yes", "no": "No", "unknown": "Not known", "on": "On", "off": "Off"}
NOT_ANSWERED = "not answered"
NONE_CHOSEN = "None of these"


def humanise(value: str) -> str:
    """A value id in words: 'unknown' -> 'Not known', 'flight-mode' -> 'Flight mode'."""
    return WORDS.get(value, value.replace("-", " ").replace("_", " ").capitalize())


def choices(step: Step, fact: Fact) -> list[tuple[str, str, str]]:
    """(value, label, help) for each answer the question offers, in order."""
    if step.options:
        return [(o.value, o.label, o.help) for o in step.options]
    return [(v, humanise(v), "") for v in fact.allowed_values()]


def day_text(d: date) -> str:
    """A date as people write it: 21 Nov 2026."""
    return f"{d.day} {d.strftime('%b %Y')}"


def answer_text(fact: Fact | None, value: Any, step: Step | None = None) -> str:
    """An answer in the words the officer saw when giving it: the question's label for a
    choice (`step`, when the question words its choices), 'Yes' / 'Not known', a date as
    21 Nov 2026, a whole number without '.0'. A fact the content no longer declares is shown
    as plainly as its value allows."""
    if value is None:
        return NOT_ANSWERED
    if fact is None:
        return _plain(value)
    labels = {v: lbl for v, lbl, _ in choices(step, fact)} if step is not None else {}
    if fact.type == "multi":
        items = list(value) if isinstance(value, (list, tuple)) else [value]
        return ", ".join(labels.get(v, humanise(str(v))) for v in items) or NONE_CHOSEN
    if fact.type == "date" and isinstance(value, date):
        return day_text(value)
    if fact.type == "number":
        return f"{value:g}" if isinstance(value, float) else str(value)
    if isinstance(value, str) and fact.type != "text":
        return labels.get(value, humanise(value))
    return str(value)


def _plain(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(_plain(v) for v in value) or NONE_CHOSEN
    if isinstance(value, date):
        return day_text(value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def answer_json(value: Any) -> Any:
    """A fact's value as plain JSON data (an option's id, a number, an ISO date, a list of
    ids): the walk state and the note's `recorded` keep the value itself, not its words."""
    if isinstance(value, (list, tuple)):
        return [answer_json(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
