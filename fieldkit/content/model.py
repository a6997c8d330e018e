"""The loaded content: plain dataclasses the engine, the case, the note and the views share.

Every object keeps the file and line it came from, so anything shown to an officer can be
traced back to the YAML a specialist wrote.
"""

from __future__ import annotations

import reprlib
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any, TypeVar, dataclass_transform

from fieldkit.diagnostics import Diagnostic, Report

_R = TypeVar("_R")
_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _same_fields(self: Any, other: object) -> bool:
    if other.__class__ is not self.__class__:
        return NotImplemented
    names = _FIELD_NAMES[self.__class__]
    return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)


@reprlib.recursive_repr()
def _fields_repr(self: Any) -> str:
    shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in _FIELD_NAMES[self.__class__])
    return f"{self.__class__.__qualname__}({shown})"


class ReadOnFirstUse:
    """For the content and its guides as a snapshot gives them (content/snapshot.py): the
    home screen's part is read at start-up, and the rest (every guide's steps, the scripts,
    talks, signposts ...) the first time any of it is asked for. `_later`, when set, reads
    all of that at once and is then gone."""

    def __getattr__(self, name: str) -> Any:
        # Only reached for an attribute not (yet) in __dict__.
        later = self.__dict__.get("_later")
        if later is None or name.startswith("__"):
            raise AttributeError(name)
        later()
        try:
            return self.__dict__[name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass_transform(field_specifiers=(field,))
def record(cls: type[_R]) -> type[_R]:
    """@dataclass for the model, with the same equality and repr as dataclass's own, written
    once here instead of generated for each class. dataclass compiles every method it
    generates from source as the module is imported, and the app imports the model before
    its first paint: sharing these two saves a third of that (some 6 ms of 16)."""
    made: Any = dataclass(eq=False, repr=False)(cls)
    _FIELD_NAMES[made] = tuple(f.name for f in fields(made))
    made.__eq__ = _same_fields
    made.__repr__ = _fields_repr
    made.__hash__ = None  # as with dataclass's own equality: mutable, so not hashable
    return made

FACT_TYPES = ("number", "yesno", "yesnounknown", "choice", "multi", "text", "date")
YESNO = ("yes", "no")
YESNOUNKNOWN = ("yes", "no", "unknown")
STATUSES = ("draft", "approved", "withdrawn")


@dataclass(frozen=True)
class Where:
    """A file, line and column in the content: where a specialist finds what an officer saw."""

    path: str
    line: int
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"

    @classmethod
    def at(cls, path: str, line: int, col: int) -> Where:
        """The same as Where(path, line, col), at half the cost: the loader makes one for
        nearly every step, branch and line, and the frozen __init__ sets each field through
        object.__setattr__."""
        where = object.__new__(cls)
        fields = where.__dict__
        fields["path"], fields["line"], fields["col"] = path, line, col
        return where

    @classmethod
    def placed(cls, path: str, lines: Any, off: int) -> Where:
        """Where(path, line, col) for the byte offset off in a file, with line and col made
        from `lines` (its fieldkit.ynodes.Lines) when first read: a clean check of 10,000
        steps makes some 33,000 of these and reads hardly any."""
        where = object.__new__(cls)
        fields = where.__dict__
        fields["path"], fields["_place"] = path, (lines, off)
        return where

    def __getattr__(self, name: str) -> Any:
        # Only reached for line and col of a placed Where not yet read: made once, then kept.
        fields = self.__dict__
        place = fields.get("_place")
        if place is None or name not in ("line", "col"):
            raise AttributeError(name)
        fields["line"], fields["col"] = place[0].loc(place[1])
        return fields[name]


@record
class Source:
    """A published source a file cites (`sources:`), by the id its lines use in `cite:`."""

    id: str
    title: str
    publisher: str = ""
    year: int | None = None
    url: str = ""
    note: str = ""


@record
class Fact:
    """Something the officer records once and every guide reads (facts.yaml)."""

    id: str
    label: str
    type: str
    values: tuple[str, ...] = ()
    help: str = ""
    where: Where | None = None

    def allowed_values(self) -> tuple[str, ...]:
        if self.type == "yesno":
            return YESNO
        if self.type == "yesnounknown":
            return YESNOUNKNOWN
        return self.values


@record
class Line:
    """One cited line an officer reads (an action, a script line, a checklist note)."""

    text: str
    cite: tuple[str, ...] = ()
    where: Where | None = None


@record
class Option:
    """One answer a choice question offers."""

    value: str
    label: str
    help: str = ""


# A condition is a small tree of tuples, evaluated by fieldkit.content.conditions:
#   ("all", [c, ...]) | ("any", [c, ...]) | ("not", c) | ("cmp", fact, op, value)
Cond = tuple[Any, ...]


@record
class Branch:
    """Where a step goes next, and the condition for going there (none: always)."""

    go: str
    cond: Cond | None = None
    where: Where | None = None  # the `go` value
    item_where: Where | None = None  # the branch itself


@record
class Step:
    """One step of a guide: a question, a piece of information or an outcome."""

    id: str
    kind: str  # "question" | "info" | "outcome"
    where: Where
    next: list[Branch] = field(default_factory=list)
    cite: tuple[str, ...] = ()
    # question
    ask: str = ""
    fact: str = ""
    why: str = ""
    help: str = ""
    options: list[Option] = field(default_factory=list)
    min: float | None = None
    max: float | None = None
    record_only: bool = False  # `record: true`: its answer never changes the outcome
    # info
    show: str = ""
    # outcome
    outcome: str = ""
    title: str = ""
    say: str = ""
    do: list[Line] = field(default_factory=list)
    dont: list[Line] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    signposts: list[str] = field(default_factory=list)
    checklists: list[str] = field(default_factory=list)
    then: list[str] = field(default_factory=list)
    ref_where: dict[tuple[str, str], Where] = field(default_factory=dict)


@record
class OpenPoint:
    """A claim a specialist has still to confirm, where it is used, and how to settle it.

    Kept as data (not prose in a summary) so the checker can hold it to the steps it names,
    the app can mark those steps, and the review report can list it with its file and line.
    """

    id: str
    claim: str  # what is unconfirmed, in plain words an officer can read
    affects: tuple[str, ...]  # step, section, item or signpost ids in the same file
    source: tuple[str, ...]  # source ids (this file's sources) to check it against
    settle: str  # what would settle it
    check: str = ""  # where in the source to look (a section, a table)
    where: Where | None = None


@record
class Header:
    """What every guidance file says about itself."""

    id: str
    title: str
    version: str
    status: str = "approved"
    owner: str = ""
    reviewed: date | None = None
    review_due: date | None = None
    summary: str = ""
    audience: tuple[str, ...] = ()
    sources: dict[str, Source] = field(default_factory=dict)
    path: str = ""
    approved_by: str = ""  # a role, never a person's name in shipped content
    approved_on: date | None = None
    open_points: list[OpenPoint] = field(default_factory=list)

    def points_on(self, target: str) -> list[OpenPoint]:
        """The open points that name a step, section or item of this file."""
        return [p for p in self.open_points if target in p.affects]

    def overdue(self, today: date | None = None) -> bool:
        return self.review_due is not None and self.review_due < (today or date.today())


@record
class Guide(ReadOnFirstUse):
    """A decision tree: its header, its first step and every step by id."""

    header: Header
    start: str
    steps: dict[str, Step]
    start_where: Where | None = None

    @property
    def id(self) -> str:
        return self.header.id

    @property
    def title(self) -> str:
        return self.header.title

    @property
    def version(self) -> str:
        return self.header.version

    def outcomes(self) -> list[Step]:
        return [s for s in self.steps.values() if s.kind == "outcome"]


@record
class AvoidLine:
    """A thing not to say, what to say instead, and why."""

    text: str
    instead: str
    why: str = ""
    cite: tuple[str, ...] = ()


@record
class ScriptSection:
    """One part of a script: lines to say, lines to avoid, notes for the officer."""

    id: str
    title: str
    say: list[Line] = field(default_factory=list)
    avoid: list[AvoidLine] = field(default_factory=list)
    notes: list[Line] = field(default_factory=list)


@record
class FamilyLines:
    """Lines written for the person the laptop is turned round to (a child, a young person,
    a parent or carer): shown in the family view instead of the officer's script."""

    for_: str  # one of FAMILY_FOR
    title: str
    lines: list[Line]
    status: str = "approved"


FAMILY_FOR = ("child", "young-person", "parent")
FAMILY_WORDS = {"child": "the child", "young-person": "the young person",
                "parent": "the parent or carer"}


@record
class Script:
    """What to say to a victim or family, section by section, with lines for the family."""

    header: Header
    for_: str
    sections: list[ScriptSection]
    family: list[FamilyLines] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.header.id


@record
class Contact:
    """One way to reach a support service (phone, web, email, chat)."""

    kind: str
    value: str
    note: str = ""


@record
class Signpost:
    """A support service: who it is for, in which situations, and how to reach it."""

    id: str
    name: str
    what: str
    for_: tuple[str, ...]
    situations: tuple[str, ...]
    contact: list[Contact]
    hours: str
    verified: date | None
    age_min: int | None = None
    age_max: int | None = None
    status: str = "approved"
    caution: str = ""
    cite: tuple[str, ...] = ()
    sources: dict[str, Source] = field(default_factory=dict)
    where: Where | None = None
    open_points: list[OpenPoint] = field(default_factory=list)
    owner: str = ""  # the signpost file's owner and version
    file_version: str = ""


@record
class ChecklistItem:
    """One thing to do or check, with the sources behind it."""

    id: str
    text: str
    help: str = ""
    group: str = ""
    cite: tuple[str, ...] = ()


@record
class Checklist:
    """Things to do or check at a point of the work (arriving, exhibits, before leaving)."""

    header: Header
    items: list[ChecklistItem]

    @property
    def id(self) -> str:
        return self.header.id


@record
class Question:
    """A question pupils or parents may ask in a talk, and an answer to give."""

    ask: str
    answer: str
    cite: tuple[str, ...] = ()


@record
class TalkSection:
    """One part of a prevention talk: its minutes, and the lengths of talk that include it."""

    id: str
    title: str
    minutes: int
    lengths: tuple[int, ...]
    say: list[Line] = field(default_factory=list)
    scenario_text: str = ""
    scenario_questions: list[str] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    handout: list[Line] = field(default_factory=list)


@record
class Talk:
    """A prevention talk for pupils, parents or staff, in the lengths it can be given."""

    header: Header
    audience: str
    aim: str
    durations: tuple[int, ...]
    sections: list[TalkSection]
    key_messages: list[Line] = field(default_factory=list)
    safeguarding: list[Line] = field(default_factory=list)
    signposts: list[str] = field(default_factory=list)
    age_min: int | None = None
    age_max: int | None = None
    signpost_where: dict[str, Where] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.header.id


@record
class Scenario:
    """A scenario test: facts given, and the outcome, question or path expected."""

    name: str
    guide: str
    facts: dict[str, Any]
    expect_outcome: str | None
    expect_question: str | None
    expect_path: list[str] | None
    where: Where


@record
class Content(ReadOnFirstUse):
    """Everything loaded from one content folder, with the report of what was refused."""

    root: str
    facts: dict[str, Fact] = field(default_factory=dict)
    guides: dict[str, Guide] = field(default_factory=dict)
    scripts: dict[str, Script] = field(default_factory=dict)
    signposts: dict[str, Signpost] = field(default_factory=dict)
    signpost_points: list[OpenPoint] = field(default_factory=list)  # from signposts/*.yaml
    checklists: dict[str, Checklist] = field(default_factory=dict)
    talks: dict[str, Talk] = field(default_factory=dict)
    scenarios: list[Scenario] = field(default_factory=list)
    synonyms: list[tuple[str, ...]] = field(default_factory=list)  # words search treats as one
    report: Report = field(default_factory=Report)
    files: list[str] = field(default_factory=list)
    version: str = "unversioned"
    title: str = "FieldKit content"
    digest: str = ""
    refused: dict[str, str] = field(default_factory=dict)  # file -> why it was not loaded
    # A file that could not be read at all: the (table, id) it would have defined.
    unreadable: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # Errors that only follow from a file that failed (links, scenarios naming what it held),
    # kept out of the report and folded under that file.
    folded: dict[str, list[Diagnostic]] = field(default_factory=dict)
    # Links an outcome lost because what they name was refused: (guide, step) -> plain words.
    lost_links: dict[tuple[str, str], list[str]] = field(default_factory=dict)

    def headed(self) -> list[tuple[str, str, Any]]:
        """(kind, id, item) for every item with a header (guides, scripts, checklists, talks),
        in a stable order: what the review trail, packs and diffs go through."""
        tables: tuple[tuple[str, dict[str, Any]], ...] = (
            ("guide", self.guides), ("script", self.scripts),
            ("checklist", self.checklists), ("talk", self.talks))
        return [(kind, iid, obj) for kind, table in tables for iid, obj in sorted(table.items())]
