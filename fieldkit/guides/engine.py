"""Walking a guide: the next question, skips of known facts, going back, changing an answer.

The route is never stored: it is recomputed from the guide and the facts every time, so it can
never disagree with them. Facts are shared with the case (the dict passed in is updated in
place), which is how an answer given in one guide is reused by the next.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import dataclass, field
from typing import Any

from fieldkit.content.conditions import coerce, evaluate
from fieldkit.content.model import Fact, Guide, Step
from fieldkit.diagnostics import FieldKitError


class WalkError(FieldKitError):
    """The guide cannot be walked from here (no branch matches, or a loop)."""


@dataclass(frozen=True)
class PathEntry:
    step: str
    kind: str  # "question", "info", or "record" (a record-only question left unanswered)
    fact: str = ""
    value: Any = None
    skipped: bool = False  # the fact was already known in the case: the question was not asked

    def as_json(self) -> dict[str, Any]:
        if self.kind == "info":
            return {"step": self.step, "kind": "info"}
        if self.kind == "record":
            return {"step": self.step, "fact": self.fact, "value": None, "skipped": False,
                    "unanswered": True}
        return {"step": self.step, "fact": self.fact, "value": _jsonable(self.value),
                "skipped": self.skipped}


@dataclass(frozen=True)
class Change:
    """What changing an earlier answer did, so a view can show the consequences."""

    fact: str
    old: Any
    new: Any
    dropped: dict[str, Any] = field(default_factory=dict)  # answers no longer on the route
    outcome_before: str | None = None
    outcome_after: str | None = None


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


class Walk:
    """One officer's walk through one guide, over facts shared with the case."""

    def __init__(
        self,
        guide: Guide,
        facts: MutableMapping[str, Any],
        declared: dict[str, Fact],
        stop_at_info: bool = True,
        start: str | None = None,
        stop_at_record: bool = True,
    ):
        self.guide = guide
        self.facts = facts
        self.declared = declared
        self.stop_at_info = stop_at_info
        self.stop_at_record = stop_at_record
        self.start = start or guide.start
        self.answered: list[str] = []  # facts answered in this walk, in order
        self.acknowledged: list[str] = []  # info steps the officer has read and passed
        self.history: list[tuple[str, str]] = []  # ("answer", fact) | ("ack", step)

    # -- where the walk stands ---------------------------------------------------------------

    def route(self) -> tuple[list[PathEntry], Step]:
        """The path so far and the step the walk stands at (a question, info or outcome)."""
        steps = self.guide.steps
        path: list[PathEntry] = []
        sid = self.start
        for _ in range(len(steps) + 1):
            step = steps.get(sid)
            if step is None:
                raise WalkError(f"guide '{self.guide.id}' has no step '{sid}'")
            if step.kind == "outcome":
                return path, step
            if step.kind == "question":
                if self.facts.get(step.fact) is None:
                    if step.record and not self.stop_at_record:
                        path.append(PathEntry(step.id, "record", step.fact))
                        sid = self._follow(step)
                        continue
                    return path, step
                path.append(PathEntry(step.id, "question", step.fact, self.facts[step.fact],
                                      skipped=step.fact not in self.answered))
            else:
                if self.stop_at_info and step.id not in self.acknowledged:
                    return path, step
                path.append(PathEntry(step.id, "info"))
            sid = self._follow(step)
        raise WalkError(f"guide '{self.guide.id}' loops without reaching an outcome "
                        f"(last step '{sid}')")

    def _follow(self, step: Step) -> str:
        for branch in step.next:
            if branch.cond is None or evaluate(branch.cond, self.facts):
                return branch.go
        raise WalkError(f"no branch of step '{step.id}' in guide '{self.guide.id}' matches "
                        "the facts given")

    @property
    def current(self) -> Step:
        return self.route()[1]

    @property
    def path(self) -> list[PathEntry]:
        return self.route()[0]

    @property
    def finished(self) -> bool:
        return self.current.kind == "outcome"

    # -- actions -------------------------------------------------------------------------------

    def answer(self, value: Any) -> Step:
        """Answer the current question; returns the step the walk moves to."""
        step = self.current
        if step.kind != "question":
            raise WalkError(f"step '{step.id}' is not a question")
        self._set(step.fact, self.check(step.fact, value, step))
        return self.current

    def check(self, fact_id: str, value: Any, step: Step | None = None) -> Any:
        """The value read as the fact's type; a WalkError in plain words if it does not fit."""
        fact = self.declared.get(fact_id)
        if fact is None:
            raise WalkError(f"'{fact_id}' is not a declared fact")
        v, problem = coerce(fact, value)
        if problem:
            raise WalkError(problem)
        if step is not None and isinstance(v, (int, float)):
            if step.min is not None and v < step.min:
                raise WalkError(f"{fact.label}: the lowest answer allowed here is {step.min:g}")
            if step.max is not None and v > step.max:
                raise WalkError(f"{fact.label}: the highest answer allowed here is {step.max:g}")
        return v

    def _set(self, fact: str, value: Any) -> None:
        self.facts[fact] = value
        if fact in self.answered:
            self.answered.remove(fact)
        self.answered.append(fact)
        self.history = [h for h in self.history if h != ("answer", fact)]
        self.history.append(("answer", fact))

    def acknowledge(self) -> Step:
        """The officer has read the current info step and carries on."""
        step = self.current
        if step.kind != "info":
            raise WalkError(f"step '{step.id}' is not an info step")
        self.acknowledged.append(step.id)
        self.history.append(("ack", step.id))
        return self.current

    def can_go_back(self) -> bool:
        return bool(self.history)

    def back(self) -> bool:
        """Undo the last answer or acknowledgement made in this walk."""
        if not self.history:
            return False
        kind, key = self.history.pop()
        if kind == "answer":
            self.facts.pop(key, None)
            if key in self.answered:
                self.answered.remove(key)
        elif key in self.acknowledged:
            self.acknowledged.remove(key)
        return True

    def change(self, fact_id: str, value: Any) -> Change:
        """Change an earlier answer and re-route; answers no longer on the route are dropped."""
        old = self.facts.get(fact_id)
        _, before = self.route()
        step = next((s for s in self.guide.steps.values() if s.fact == fact_id), None)
        self._set(fact_id, self.check(fact_id, value, step))
        dropped: dict[str, Any] = {}
        while True:
            path, after = self.route()
            on_route = {e.fact for e in path if e.kind == "question"}
            on_route_info = {e.step for e in path if e.kind == "info"} | {after.id}
            stale = [f for f in self.answered if f not in on_route and f != fact_id]
            stale_acks = [a for a in self.acknowledged if a not in on_route_info]
            if not stale and not stale_acks:
                break
            for f in stale:
                dropped[f] = self.facts.pop(f, None)
                self.answered.remove(f)
                self.history = [h for h in self.history if h != ("answer", f)]
            for a in stale_acks:
                self.acknowledged.remove(a)
                self.history = [h for h in self.history if h != ("ack", a)]
        return Change(fact_id, old, self.facts.get(fact_id), dropped,
                      before.outcome or None, after.outcome or None)

    # -- for the note ------------------------------------------------------------------------

    def not_asked(self) -> list[tuple[Step, str]]:
        """Questions of the guide the officer was not asked, with why."""
        path, _ = self.route()
        on_path = {e.step: e for e in path}
        out = []
        for step in self.guide.steps.values():
            if step.kind != "question":
                continue
            entry = on_path.get(step.id)
            if entry is None:
                out.append((step, "not needed on this route"))
            elif entry.kind == "record":
                out.append((step, "asked for the record only; not answered"))
            elif entry.skipped:
                out.append((step, "answer reused from the case"))
        return out

    def as_json(self) -> dict[str, Any]:
        """The `walk --json` shape from the command-line contract."""
        path, step = self.route()
        out: dict[str, Any] = {
            "guide": self.guide.id,
            "version": self.guide.version,
            "status": "outcome" if step.kind == "outcome" else "question",
            "outcome": None,
            "question": None,
            "path": [e.as_json() for e in path if e.kind in ("question", "record")],
        }
        if step.kind == "outcome":
            out["outcome"] = {
                "code": step.outcome,
                "step": step.id,
                "title": step.title,
                "say": step.say,
                "do": [a.text for a in step.do],
                "dont": [a.text for a in step.dont],
                "scripts": list(step.scripts),
                "signposts": list(step.signposts),
                "checklists": list(step.checklists),
                "then": list(step.then),
            }
        else:
            fact = self.declared.get(step.fact)
            options: list[dict[str, str]] = []
            if step.options:
                options = [{"value": o.value, "label": o.label} for o in step.options]
            elif fact is not None:
                options = [{"value": v, "label": v} for v in fact.allowed_values()]
            out["question"] = {
                "step": step.id,
                "ask": step.ask if step.kind == "question" else step.show,
                "fact": step.fact or None,
                "type": fact.type if fact else "info",
                "options": options,
            }
        return out


def walk_with_facts(guide: Guide, facts: dict[str, Any], declared: dict[str, Fact]) -> Walk:
    """A headless walk: info steps and unanswered record-only questions are passed through,
    known facts are used, nothing is asked."""
    return Walk(guide, dict(facts), declared, stop_at_info=False, stop_at_record=False)
