"""The note words every answer as the screen did: for every question of every shipped guide
and every answer it can take, the words on the answer button, the words in the walk's
"Your answers" panel and the words in the handover note are the same."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from fieldkit.cases.model import Case, Officer, SavedWalk
from fieldkit.content import builtin_content_dir, load_content
from fieldkit.content.conditions import coerce
from fieldkit.content.model import Content, Fact, Step
from fieldkit.guides.engine import Walk, WalkState
from fieldkit.handover.model import build_note

WHEN = datetime(2026, 11, 22, 1, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def content() -> Content:
    c = load_content(builtin_content_dir())
    assert c.report.ok, c.report.errors
    return c


def _values(step: Step, fact: Fact) -> list[Any]:
    """Every answer the question can take (a sample of numbers, dates and text)."""
    if fact.type in ("yesno", "yesnounknown", "choice"):
        raw: list[Any] = [o.value for o in step.options] or list(fact.allowed_values())
    elif fact.type == "multi":
        every = [o.value for o in step.options] or list(fact.allowed_values())
        raw = [[v] for v in every] + [every, []]
    elif fact.type == "number":
        low = int(step.min) if step.min is not None else 0
        raw = [low, low + 1.5, int(step.max) if step.max is not None else low + 100]
    elif fact.type == "date":
        raw = [date(2026, 11, 1), date(2026, 3, 29)]
    else:
        raw = ["Left by the back door & the gate <open>"]
    out = []
    for r in raw:
        value, problem = coerce(fact, r)
        if not problem:
            out.append(value)
    return out


def _questions(content: Content) -> list[tuple[str, str]]:
    return [(g.id, s.id) for g in content.guides.values() for s in g.steps.values()
            if s.kind == "question"]


def test_every_shipped_answer_reads_the_same_on_screen_and_in_the_note(
        qtbot: QtBot, content: Content) -> None:
    from fieldkit.ui.screens.path_panel import PathPanel
    from fieldkit.ui.widgets.answer_input import AnswerInput

    checked = 0
    facts_seen: set[str] = set()
    for guide_id, step_id in _questions(content):
        guide = content.guides[guide_id]
        step = guide.steps[step_id]
        fact = content.facts[step.fact]
        # The guide as if it began at this question, so the question is on every route.
        here = replace(guide, start=step_id)
        shown = replace(content, guides={**content.guides, guide_id: here})
        pressed = AnswerInput(step, fact)
        qtbot.addWidget(pressed)
        on_buttons = {b.property("value"): b.text() for b in pressed.boxes}
        on_buttons.update({v: b.text() for (v, _l, _h), b in zip(
            _choice_values(step, fact), pressed.buttons, strict=False)})
        for value in _values(step, fact):
            facts = {step.fact: value}
            walk = Walk.resume(here, dict(facts), content.facts, WalkState([step.fact]))
            path, current = walk.route()
            panel = PathPanel(shown, here)
            qtbot.addWidget(panel)
            panel.show_path(path, current, uses=walk.uses())
            button = panel.entry_button(step_id)
            assert button is not None, (guide_id, step_id, value)
            on_screen = [w.text() for w in button.findChildren(QLabel)][1]

            case = Case("CAD 1", Officer("PC Test"), WHEN, facts=dict(facts),
                        walks=[SavedWalk(guide_id, guide.version, [step.fact])])
            note = build_note(case, shown, WHEN)
            answered = next(a for a in note.guides[0].path if a.fact == step.fact)
            in_note = answered.answer
            assert in_note == on_screen, (guide_id, step_id, value)
            # beside the words, the JSON keeps the value itself (an option's id, not its label)
            assert answered.recorded == (value.isoformat() if isinstance(value, date)
                                         else list(value) if isinstance(value, (list, tuple))
                                         else value), (step_id, value)
            if isinstance(value, str) and value in on_buttons:
                # the words on the button the officer pressed, after its key number
                assert on_buttons[value].split("   ", 1)[-1] == in_note, (step_id, value)
            checked += 1
            facts_seen.add(step.fact)
    asked = {s.fact for g in content.guides.values() for s in g.steps.values()
             if s.kind == "question"}
    assert facts_seen == asked and checked > len(asked)


def _choice_values(step: Step, fact: Fact) -> list[tuple[str, str, str]]:
    from fieldkit.content.answers import choices

    return choices(step, fact) if fact.type in ("yesno", "yesnounknown", "choice") else []
