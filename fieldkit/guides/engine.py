"""Walking a guide: the next question, skips of known facts, undo and redo, changing an answer.

The route is never stored: it is recomputed from the guide and the facts every time, so it can
never disagree with them. Facts are shared with the case (the dict passed in is updated in
place), which is how an answer given in one guide is reused by the next. What the officer did in
the walk (answers, pages read, the undo order, an outcome confirmed) is one `WalkState`, which the
engine alone changes: the store keeps `Walk.state()` and rebuilds with `Walk.resume(...)`.

Every step of the route records what it read: the known facts its branch conditions tested, with
their values, and which of them decided the branch taken, so "why this outcome" is answerable.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any

from fieldkit.content.answers import answer_json, answer_text
from fieldkit.content.conditions import coerce, evaluate
from fieldkit.content.model import Cond, Fact, Guide, Step
from fieldkit.diagnostics import FieldKitError


class WalkError(FieldKitError):
    """The guide cannot be walked from here (no branch matches, or a loop)."""


@dataclass(frozen=True)
class FactRead:
    """A known fact a step's branch conditions tested, and whether it decided the branch."""

    fact: str
    value: Any
    decided: bool = False


@dataclass(frozen=True)
class PathEntry:
    step: str
    kind: str  # "question", "info", or "record_only" (a record-only question left unanswered)
    fact: str = ""
    value: Any = None
    skipped: bool = False  # the fact was already known in the case: the question was not asked
    read: tuple[FactRead, ...] = ()  # facts the step's branch conditions tested
    go: str = ""  # the step the branch taken leads to
    matched: bool = False  # the branch taken had a condition that held (not a fallback)

    def as_json(self) -> dict[str, Any]:
        if self.kind == "info":
            return {"step": self.step, "kind": "info"}
        if self.kind == "record_only":
            return {"step": self.step, "fact": self.fact, "value": None, "skipped": False,
                    "unanswered": True}
        return {"step": self.step, "fact": self.fact, "value": answer_json(self.value),
                "skipped": self.skipped, "decided": self.decided(self.fact)}

    def decided(self, fact: str) -> bool:
        return any(r.fact == fact and r.decided for r in self.read)


@dataclass(frozen=True)
class FactUse:
    """One fact the route used, the first time it read it (the decision path's unit)."""

    step: str  # the step that read it (its own question, or a step whose branch tested it)
    fact: str
    value: Any
    asked: bool  # read as the step's own question (answered here or reused), not a condition
    answered: bool  # answered in this walk
    decided: bool  # decided a branch somewhere on the route

    def as_json(self) -> dict[str, Any]:
        return {"step": self.step, "fact": self.fact, "value": answer_json(self.value),
                "skipped": not self.answered, "decided": self.decided}


@dataclass
class WalkState:
    """What the officer did in one walk: all the engine needs to restore it exactly."""

    answered: list[str] = field(default_factory=list)  # facts answered here, in order
    acknowledged: list[str] = field(default_factory=list)  # info steps read and passed
    history: list[tuple[str, str]] = field(default_factory=list)  # undo order
    undone: list[tuple[str, str, Any]] = field(default_factory=list)  # redo order
    confirmed: bool = False  # the officer took an outcome reached from known facts

    @property
    def acted(self) -> bool:
        """The officer answered something here or confirmed its outcome: a walk, not a look."""
        return bool(self.answered) or self.confirmed

    def copy(self) -> WalkState:
        return WalkState(list(self.answered), list(self.acknowledged), list(self.history),
                         list(self.undone), self.confirmed)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"answered": list(self.answered),
                               "acknowledged": list(self.acknowledged),
                               "history": [list(h) for h in self.history]}
        if self.undone:
            out["undone"] = [[k, key, answer_json(v)] for k, key, v in self.undone]
        if self.confirmed:
            out["confirmed"] = True
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> WalkState:
        answered = [str(f) for f in data.get("answered", [])]
        acknowledged = [str(s) for s in data.get("acknowledged", [])]
        history = [(str(k), str(v)) for k, v in data.get("history", [])]
        if not history:
            history = [("answer", f) for f in answered] + [("ack", s) for s in acknowledged]
        undone = [(str(k), str(key), v) for k, key, v in data.get("undone", [])]
        return cls(answered, acknowledged, history, undone, bool(data.get("confirmed", False)))


@dataclass(frozen=True)
class Undone:
    """What an undo took back, so a view can say so and offer Redo."""

    kind: str  # "answer" or "ack"
    key: str  # the fact or the info step
    value: Any = None


@dataclass(frozen=True)
class Change:
    """What changing an earlier answer did, so a view can show the consequences."""

    fact: str
    old: Any
    new: Any
    dropped: dict[str, Any] = field(default_factory=dict)  # answers no longer on the route
    outcome_before: str | None = None
    outcome_after: str | None = None


def _check_limits(fact: Fact, value: Any, step: Step) -> None:
    """A WalkError if a number is outside the question's `min` / `max`."""
    if not isinstance(value, (int, float)):
        return
    if step.min is not None and value < step.min:
        raise WalkError(f"{fact.label}: the lowest answer allowed here is {step.min:g}")
    if step.max is not None and value > step.max:
        raise WalkError(f"{fact.label}: the highest answer allowed here is {step.max:g}")


class Walk:
    """One officer's walk through one guide, over facts shared with the case."""

    def __init__(
        self,
        guide: Guide,
        facts: MutableMapping[str, Any],
        declared: dict[str, Fact],
        stop_at_info: bool = True,
        start: str | None = None,
        stop_at_record_only: bool = True,
    ):
        self.guide = guide
        self.facts = facts
        self.declared = declared
        self.stop_at_info = stop_at_info
        self.stop_at_record_only = stop_at_record_only
        self.start = start or guide.start
        self._state = WalkState()

    @classmethod
    def resume(cls, guide: Guide, facts: MutableMapping[str, Any], declared: dict[str, Fact],
               state: WalkState | dict[str, Any] | None, **options: Any) -> Walk:
        """A walk restored from a kept state; whatever no longer fits the guide or the facts
        (a step gone, an answer cleared) is left out."""
        walk = cls(guide, facts, declared, **options)
        if state is None:
            return walk
        st = state.copy() if isinstance(state, WalkState) else WalkState.from_dict(state)
        st.answered = [f for f in dict.fromkeys(st.answered) if facts.get(f) is not None]
        st.acknowledged = [a for a in dict.fromkeys(st.acknowledged) if a in guide.steps]
        st.history = [h for h in st.history
                      if (h[0] == "answer" and h[1] in st.answered)
                      or (h[0] == "ack" and h[1] in st.acknowledged)]
        walk._state = st
        return walk

    def state(self) -> WalkState:
        """A copy of what the officer did here (the store keeps it; `resume` restores it)."""
        return self._state.copy()

    @property
    def answered(self) -> list[str]:
        return list(self._state.answered)

    @property
    def acknowledged(self) -> list[str]:
        return list(self._state.acknowledged)

    @property
    def confirmed(self) -> bool:
        return self._state.confirmed

    @property
    def acted(self) -> bool:
        return self._state.acted

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
                    if step.record_only and not self.stop_at_record_only:
                        go, read, matched = self._follow(step)
                        path.append(PathEntry(step.id, "record_only", step.fact, read=read, go=go,
                                              matched=matched))
                        sid = go
                        continue
                    return path, step
                go, read, matched = self._follow(step)
                path.append(PathEntry(step.id, "question", step.fact, self.facts[step.fact],
                                      skipped=step.fact not in self._state.answered,
                                      read=read, go=go, matched=matched))
            else:
                if self.stop_at_info and step.id not in self._state.acknowledged:
                    return path, step
                go, read, matched = self._follow(step)
                path.append(PathEntry(step.id, "info", read=read, go=go, matched=matched))
            sid = go
        raise WalkError(f"guide '{self.guide.id}' loops without reaching an outcome "
                        f"(last step '{sid}')")

    def _follow(self, step: Step) -> tuple[str, tuple[FactRead, ...], bool]:
        """The branch taken, and the known facts read to choose it (those that decided it
        marked): the facts that ruled out the branches above it, and, for a condition that
        held, the facts that made it hold. Only facts the conditions actually read count (an
        `any` stops at its first part that holds)."""
        reading = _Reading(self.facts)
        if step.kind == "question" and step.fact:
            reading.get(step.fact)
        failed: list[Cond] = []
        for branch in step.next:
            if branch.cond is None or evaluate(branch.cond, reading):
                known = {f: self.facts[f] for f in reading.keys_read
                         if self.facts.get(f) is not None}
                decided = set().union(*(_explain(c, known) for c in failed))
                if branch.cond is not None:
                    decided |= _explain(branch.cond, known)
                read = tuple(FactRead(f, v, f in decided) for f, v in known.items())
                return branch.go, read, branch.cond is not None
            failed.append(branch.cond)
        raise WalkError(f"no branch of step '{step.id}' in guide '{self.guide.id}' matches "
                        "the facts given")

    def uses(self) -> list[FactUse]:
        """Every known fact the route used, each once, in route order: at its own question
        when the route passes it, else where a branch first tested it."""
        path, _ = self.route()
        asked_at = {e.fact: i for i, e in enumerate(path) if e.kind == "question"}
        decided = {r.fact for e in path for r in e.read if r.decided}
        placed: dict[str, tuple[int, int, FactUse]] = {}
        for i, entry in enumerate(path):
            for j, r in enumerate(entry.read):
                at = asked_at.get(r.fact)
                if r.fact in placed or (at is not None and at != i):
                    continue
                placed[r.fact] = (i, j, FactUse(
                    entry.step, r.fact, r.value, at == i, r.fact in self._state.answered,
                    r.fact in decided))
        return [u for _, _, u in sorted(placed.values(), key=lambda t: (t[0], t[1]))]

    def _path_json(self, path: list[PathEntry]) -> list[dict[str, Any]]:
        uses = {u.step: [] for u in self.uses()}  # type: dict[str, list[FactUse]]
        for u in self.uses():
            uses[u.step].append(u)
        out: list[dict[str, Any]] = []
        for entry in path:
            if entry.kind == "record_only":
                out.append(entry.as_json())
            out += [u.as_json() for u in uses.pop(entry.step, [])]
        return out

    def deciding(self) -> list[FactRead]:
        """Why the walk stands where it does: the facts whose values sent the route down a
        branch with a condition, then those that decided the last branch. Record-only
        questions are passed over: by rule they never change the outcome."""
        path, _ = self.route()
        steps = [e for e in path if not self.guide.steps[e.step].record_only]
        last = next((e for e in reversed(steps) if any(r.decided for r in e.read)), None)
        out: dict[str, FactRead] = {}
        for e in steps:
            if e.matched or e is last:
                out.update({r.fact: r for r in e.read if r.decided and r.fact not in out})
        return list(out.values())

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
        self._set(step.fact, self.read_answer(step.fact, value, step))
        return self.current

    def read_answer(self, fact_id: str, value: Any, step: Step | None = None) -> Any:
        """An answer as the walk will keep it: read as the fact's type, then held to the
        question's limits; a WalkError in plain words if it does not fit either."""
        fact = self.declared.get(fact_id)
        if fact is None:
            raise WalkError(f"'{fact_id}' is not a declared fact")
        v, problem = coerce(fact, value)
        if problem:
            raise WalkError(problem)
        if step is not None:
            _check_limits(fact, v, step)
        return v

    def _set(self, fact: str, value: Any) -> None:
        st = self._state
        self.facts[fact] = value
        if fact in st.answered:
            st.answered.remove(fact)
        st.answered.append(fact)
        st.history = [h for h in st.history if h != ("answer", fact)]
        st.history.append(("answer", fact))
        st.undone.clear()

    def acknowledge(self) -> Step:
        """The officer has read the current info step and carries on."""
        step = self.current
        if step.kind != "info":
            raise WalkError(f"step '{step.id}' is not an info step")
        self._state.acknowledged.append(step.id)
        self._state.history.append(("ack", step.id))
        self._state.undone.clear()
        return self.current

    def confirm(self) -> None:
        """The officer takes the outcome the known facts reach as this walk's outcome."""
        if self.current.kind != "outcome":
            raise WalkError("there is no outcome to confirm yet")
        self._state.confirmed = True

    def can_undo(self) -> bool:
        return bool(self._state.history)

    def can_redo(self) -> bool:
        return bool(self._state.undone)

    def undo(self) -> Undone | None:
        """Take back the last answer or page read in this walk (Redo puts it back)."""
        st = self._state
        if not st.history:
            return None
        kind, key = st.history.pop()
        value = None
        if kind == "answer":
            value = self.facts.pop(key, None)
            if key in st.answered:
                st.answered.remove(key)
        elif key in st.acknowledged:
            st.acknowledged.remove(key)
        st.undone.append((kind, key, value))
        return Undone(kind, key, value)

    def redo(self) -> Undone | None:
        """Put back the last thing undone, if the walk still stands where it was taken back."""
        st = self._state
        if not st.undone:
            return None
        kind, key, value = st.undone[-1]
        step = self.current
        fits = (kind == "answer" and step.kind == "question" and step.fact == key) or \
               (kind == "ack" and step.kind == "info" and step.id == key)
        if not fits:
            st.undone.clear()
            return None
        undone = st.undone[:-1]
        if kind == "answer":  # a kept value comes back as written (a date as text): re-read it
            self._set(key, self.read_answer(key, answer_json(value), step))
        else:
            self.acknowledge()
        st.undone = undone
        return Undone(kind, key, value)

    def change(self, fact_id: str, value: Any) -> Change:
        """Change an earlier answer and re-route; answers no longer on the route are dropped."""
        old = self.facts.get(fact_id)
        _, before = self.route()
        step = next((s for s in self.guide.steps.values() if s.fact == fact_id), None)
        self._set(fact_id, self.read_answer(fact_id, value, step))
        st = self._state
        dropped: dict[str, Any] = {}
        while True:
            path, after = self.route()
            on_route = {r.fact for e in path for r in e.read}
            on_route_info = {e.step for e in path if e.kind == "info"} | {after.id}
            stale = [f for f in st.answered if f not in on_route and f != fact_id]
            stale_acks = [a for a in st.acknowledged if a not in on_route_info]
            if not stale and not stale_acks:
                break
            for f in stale:
                dropped[f] = self.facts.pop(f, None)
                st.answered.remove(f)
                st.history = [h for h in st.history if h != ("answer", f)]
            for a in stale_acks:
                st.acknowledged.remove(a)
                st.history = [h for h in st.history if h != ("ack", a)]
        return Change(fact_id, old, self.facts.get(fact_id), dropped,
                      before.outcome or None, after.outcome or None)

    # -- for the note ------------------------------------------------------------------------

    def not_asked(self) -> list[tuple[Step, str]]:
        """Questions of the guide whose facts the route never read, with why. A question whose
        answer was already known is not here: the route read it (see `uses`)."""
        path, current = self.route()
        on_path = {e.step: e for e in path}
        read = {r.fact for e in path for r in e.read}
        finished = current.kind == "outcome"
        out = []
        for step in self.guide.steps.values():
            if step.kind != "question" or step.fact in read:
                continue
            entry = on_path.get(step.id)
            if entry is not None and entry.kind == "record_only":
                out.append((step, "asked for the record only; not answered"))
            elif step.id == current.id:
                out.append((step, "not answered yet: the walk stopped here"))
            elif step.fact in self._state.answered:
                continue  # answered here, though the route no longer reads it: not "not asked"
            elif finished:
                out.append((step, self._turned_away(step.id, path)))
            else:
                out.append((step, "not reached: the walk has not got this far"))
        return out

    def _reaches(self, start: str) -> set[str]:
        """Every step reachable from `start` (itself included), whatever the facts."""
        seen: set[str] = set()
        todo = [start]
        while todo:
            sid = todo.pop()
            if sid in seen or sid not in self.guide.steps:
                continue
            seen.add(sid)
            todo += [b.go for b in self.guide.steps[sid].next]
        return seen

    def _turned_away(self, step_id: str, path: list[PathEntry]) -> str:
        """Why a question is off a finished route: the first step whose branch taken could no
        longer lead to it, and the facts that chose that branch."""
        for entry in path:
            others = [b.go for b in self.guide.steps[entry.step].next if b.go != entry.go]
            if step_id in self._reaches(entry.go) or \
                    not any(step_id in self._reaches(o) for o in others):
                continue
            facts = [r for r in entry.read if r.decided]
            if not facts:
                break
            said = " and ".join(f"\u201c{self._label(r.fact)}\u201d is {self._answer(r)}"
                                for r in facts)
            return f"not needed on this route: {said}"
        return "not needed on this route"

    def _label(self, fact_id: str) -> str:
        fact = self.declared.get(fact_id)
        return fact.label if fact is not None else fact_id

    def _answer(self, read: FactRead) -> str:
        step = next((s for s in self.guide.steps.values()
                     if s.kind == "question" and s.fact == read.fact), None)
        return answer_text(self.declared.get(read.fact), read.value, step)

    def as_json(self) -> dict[str, Any]:
        """The `walk --json` shape from the command-line contract."""
        path, step = self.route()
        out: dict[str, Any] = {
            "guide": self.guide.id,
            "version": self.guide.version,
            "status": "outcome" if step.kind == "outcome" else "question",
            "outcome": None,
            "question": None,
            "path": self._path_json(path),
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


class _Reading(Mapping[str, Any]):
    """The facts, noting which ones a condition reads (in the order it reads them)."""

    def __init__(self, facts: Mapping[str, Any]):
        self.facts = facts
        self.keys_read: list[str] = []

    def _note(self, key: str) -> None:
        if key not in self.keys_read:
            self.keys_read.append(key)

    def __getitem__(self, key: str) -> Any:
        self._note(key)
        return self.facts[key]

    def get(self, key: str, default: Any = None) -> Any:
        self._note(key)
        return self.facts.get(key, default)

    def __contains__(self, key: object) -> bool:
        self._note(str(key))
        return key in self.facts

    def __iter__(self) -> Iterator[str]:
        return iter(self.facts)

    def __len__(self) -> int:
        return len(self.facts)


def _explain(cond: Cond, known: Mapping[str, Any]) -> set[str]:
    """The known facts whose values make the condition come out as it does, read in the
    order the condition is evaluated (an unknown fact decides nothing: a condition false only
    for want of a fact names no fact)."""
    kind = cond[0]
    if kind == "not":
        return _explain(cond[1], known)
    if kind in ("all", "any"):
        subs = cond[1]
        result = evaluate(cond, known)
        if kind == "all" and not result:  # the first part that failed decided it
            return _explain(next(c for c in subs if not evaluate(c, known)), known)
        if kind == "any" and result:  # the first part that held decided it
            return _explain(next(c for c in subs if evaluate(c, known)), known)
        parts = [_explain(c, known) for c in subs]  # every part counted...
        if kind == "any" and not all(parts):  # ...unless one failed only for want of a fact
            return set()
        return set().union(*parts)
    fact = cond[1]
    return {fact} if known.get(fact) is not None else set()


def walk_with_facts(guide: Guide, facts: dict[str, Any], declared: dict[str, Fact]) -> Walk:
    """A headless walk: info steps and unanswered record-only questions are passed through,
    known facts are used, nothing is asked."""
    return Walk(guide, dict(facts), declared, stop_at_info=False, stop_at_record_only=False)
