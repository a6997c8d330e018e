"""The handover note as plain data, built from a Case and the Content it was worked on.

PDF, JSON and text are renderings of this one structure and compute nothing of their own.
Times are kept as ISO text (UTC) so the JSON is exact; renderers format them for people.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from fieldkit import __version__
from fieldkit.cases.model import Case, Exhibit, SavedWalk, fact_origin
from fieldkit.cases.times import iso, utcnow
from fieldkit.checklists.model import checklists_in_note
from fieldkit.content.answers import answer_json, answer_text
from fieldkit.content.contacts import contact_label
from fieldkit.content.model import Content, Guide, Header, Line, Step
from fieldkit.guides.engine import FactRead, Walk, WalkError

MARKING = "OFFICIAL-SENSITIVE"
FORMAT = "fieldkit-handover/1"
ANSWERED_HERE = "answered here"
GIVEN = "given in the case file"
DECIDED_MARK = "decided the route"


@dataclass
class Answered:
    """One fact the route used, in route order: its question (or label), its value, where it
    came from, and whether it decided a branch."""

    step: str  # the step that read it: its own question, or a step whose branch tested it
    question: str
    fact: str
    answer: str
    how: str  # in words: "answered here", "carried from <guide>", "given in the case file"
    origin: str = "answered"  # "answered" | "carried" | "case"
    from_guide: str = ""  # the guide it was answered in, when carried
    decided: bool = False  # its value decided a branch of the route
    recorded: Any = None  # the value as the case holds it (an option id, number, ISO date ...)


@dataclass
class NotAsked:
    step: str
    question: str
    why: str


@dataclass
class Cited:
    text: str
    cite: list[str] = field(default_factory=list)


@dataclass
class SourceRef:
    id: str
    text: str


@dataclass
class GuideNote:
    id: str
    title: str
    version: str  # version of the guide in the content this note was built with
    walked_version: str  # version the officer walked, as recorded in the case
    status: str
    path: list[Answered] = field(default_factory=list)
    not_asked: list[NotAsked] = field(default_factory=list)
    finished: bool = False
    confirmed: bool = False  # the officer took an outcome reached from facts known elsewhere
    why: str = ""  # one line: the facts that decided the outcome, in plain words
    stopped_at: str = ""  # the next question, when the walk did not reach an outcome
    outcome_step: str = ""
    outcome_code: str = ""
    outcome_title: str = ""
    outcome_say: str = ""
    do: list[Cited] = field(default_factory=list)
    dont: list[Cited] = field(default_factory=list)
    suggested_scripts: list[str] = field(default_factory=list)
    suggested_signposts: list[str] = field(default_factory=list)
    suggested_checklists: list[str] = field(default_factory=list)
    next_guides: list[str] = field(default_factory=list)
    sources: list[SourceRef] = field(default_factory=list)
    problem: str = ""  # why the guide could not be shown in full


@dataclass
class ContinuityNote:
    from_: str
    to: str
    at: str
    why: str


@dataclass
class ExhibitNote:
    ref: str
    kind: str
    description: str
    make_model: str
    serial: str
    found: str
    seized_at: str
    seized_by: str
    seal: str
    power: str
    locked: str
    passcode_given: str
    actions: list[str]
    charger_seized: str
    notes: str
    continuity: list[ContinuityNote] = field(default_factory=list)
    withdrawn: str = ""  # why it was withdrawn (entered in error); kept, struck through
    withdrawn_at: str = ""


@dataclass
class ChecklistNote:
    id: str
    title: str
    version: str
    ticked: list[str] = field(default_factory=list)
    unticked: list[str] = field(default_factory=list)


@dataclass
class SignpostNote:
    id: str
    name: str
    given_to: str
    given_at: str
    what: str = ""
    contacts: list[str] = field(default_factory=list)
    hours: str = ""
    caution: str = ""
    withdrawn: str = ""  # why it was withdrawn (recorded in error); kept, struck through
    withdrawn_at: str = ""


@dataclass
class ScriptNote:
    id: str
    title: str
    sections_used: list[str] = field(default_factory=list)
    lines_copied: list[str] = field(default_factory=list)


@dataclass
class FactNote:
    fact: str
    label: str
    value: str  # in the words the screen used
    recorded: Any = None  # as the case holds it, for systems that read the JSON


@dataclass
class HandoverNote:
    reference: str
    case_id: str
    officer: str
    officer_number: str
    station: str
    opened: str
    location: str
    summary: list[str] = field(default_factory=list)
    guides: list[GuideNote] = field(default_factory=list)
    exhibits: list[ExhibitNote] = field(default_factory=list)
    checklists: list[ChecklistNote] = field(default_factory=list)
    signposts: list[SignpostNote] = field(default_factory=list)
    scripts: list[ScriptNote] = field(default_factory=list)
    other_facts: list[FactNote] = field(default_factory=list)
    opened_only: list[str] = field(default_factory=list)  # guides opened, nothing done in them
    notes: str = ""
    fieldkit_version: str = __version__
    content_title: str = ""
    content_version: str = ""
    content_digest: str = ""
    generated: str = ""
    marking: str = MARKING
    format: str = FORMAT

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


# -- building -------------------------------------------------------------------------------------

def build_note(case: Case, content: Content, generated: datetime | None = None) -> HandoverNote:
    """The note for a case as it stands; `generated` fixes the time (tests, reproducible runs)."""
    note = HandoverNote(
        reference=case.reference, case_id=case.id, officer=case.officer.name,
        officer_number=case.officer.number, station=case.officer.station,
        opened=iso(case.opened), location=case.location, notes=case.notes,
        content_title=content.title, content_version=content.version,
        content_digest=content.digest, generated=iso(generated or utcnow()),
    )
    used_facts: set[str] = set()
    for saved in case.walks:
        guide = content.guides.get(saved.guide)
        if not saved.acted:  # opened and left: no outcome of it belongs in the note
            note.opened_only.append(guide.title if guide is not None else saved.guide)
            continue
        gnote = _guide_note(saved, guide, case, content)
        used_facts.update(a.fact for a in gnote.path)
        note.guides.append(gnote)
    note.exhibits = [_exhibit_note(e) for e in case.exhibits]
    note.checklists = _checklists(case, content, note.guides)
    note.signposts = [_signpost_note(s.signpost, s.given_to, iso(s.at), content)
                      for s in case.signposts]
    for sn, s in zip(note.signposts, case.signposts, strict=True):
        sn.withdrawn, sn.withdrawn_at = s.withdrawn, iso(s.withdrawn_at)
    note.scripts = [_script_note(s.script, s.sections, [ln.text for ln in s.lines], content)
                    for s in case.scripts]
    for fact, value in case.facts.items():
        if fact not in used_facts:
            declared = content.facts.get(fact)
            note.other_facts.append(FactNote(fact, declared.label if declared else fact,
                                             answer_text(declared, value), answer_json(value)))
    note.summary = _summary(note)
    return note


def _guide_note(saved: SavedWalk, guide: Guide | None, case: Case,
                content: Content) -> GuideNote:
    if guide is None:
        return GuideNote(saved.guide, saved.guide, "", saved.version, "", problem=(
            "This guide is not in the content this note was made with, so its questions and "
            "outcome cannot be shown. The facts recorded are listed under 'Other facts "
            "recorded'."))
    g = GuideNote(guide.id, guide.title, guide.version, saved.version, guide.header.status,
                  confirmed=saved.confirmed)
    walk = Walk.resume(guide, dict(case.facts), content.facts, saved.walk_state(),
                       stop_at_info=False, stop_at_record_only=False)
    try:
        path, step = walk.route()
        uses = walk.uses()
        not_asked = walk.not_asked()
        deciding = walk.deciding()
    except WalkError as exc:
        g.problem = f"The guide could not be followed with the facts recorded: {exc}"
        return g
    questions = {s.fact: s for s in guide.steps.values() if s.kind == "question"}
    cites: list[str] = []
    for entry in path:
        if entry.kind == "question":
            cites += guide.steps[entry.step].cite
    for u in uses:
        q = questions.get(u.fact)
        fact = content.facts.get(u.fact)
        text = q.ask if q is not None else (fact.label if fact is not None else u.fact)
        answer = answer_text(fact, u.value, q)
        origin, from_guide, how = _origin(case, guide.id, u.fact, content)
        g.path.append(Answered(q.id if q is not None and u.asked else u.step, text, u.fact,
                               answer, how, origin, from_guide, u.decided,
                               answer_json(u.value)))
    # an unfinished walk has not reached the rest: only record-only questions passed count
    g.not_asked = [NotAsked(s.id, s.ask, why) for s, why in not_asked
                   if step.kind == "outcome" or s.record_only]
    if step.kind == "outcome":
        g.finished = True
        g.outcome_step, g.outcome_code = step.id, step.outcome
        g.outcome_title, g.outcome_say = step.title, step.say
        g.why = _why(step.title, deciding, questions, content)
        g.do = [_cited(line) for line in step.do]
        g.dont = [_cited(line) for line in step.dont]
        g.suggested_scripts = [_title(content.scripts, s) for s in step.scripts]
        g.suggested_signposts = [_name(content, s) for s in step.signposts]
        g.suggested_checklists = [_title(content.checklists, c) for c in step.checklists]
        g.next_guides = [_title(content.guides, n) for n in step.then]
        cites += list(step.cite) + [c for line in step.do + step.dont for c in line.cite]
    else:
        g.stopped_at = step.ask or step.show
    g.sources = _sources(guide.header, cites)
    return g


def _origin(case: Case, guide_id: str, fact: str, content: Content) -> tuple[str, str, str]:
    """(origin, guide it came from, the words for the note)."""
    source = fact_origin(case.walks, fact, guide_id)
    if source == guide_id:
        return "answered", "", ANSWERED_HERE
    if source is None:
        return "case", "", GIVEN
    return "carried", source, f"carried from {_title(content.guides, source)}"


def _why(title: str, deciding: list[FactRead], questions: dict[str, Step],
         content: Content) -> str:
    """"Reached X because A was a and B was b": the facts that decided the last branch."""
    if not deciding:
        return f"Reached \u201c{title}\u201d: every route of this guide leads here."
    parts = []
    for r in deciding:
        fact = content.facts.get(r.fact)
        value = answer_text(fact, r.value, questions.get(r.fact))
        parts.append(f"\u201c{fact.label if fact is not None else r.fact}\u201d is {value}")
    return f"Reached \u201c{title}\u201d because {' and '.join(parts)}."


def _cited(line: Line) -> Cited:
    return Cited(line.text, list(line.cite))


def _sources(header: Header, cites: list[str]) -> list[SourceRef]:
    out: list[SourceRef] = []
    for sid in dict.fromkeys(cites):
        src = header.sources.get(sid)
        if src is None:
            continue
        parts = [src.publisher, f"({src.year})" if src.year else "", src.title]
        text = " ".join(p for p in parts if p)
        if src.url:
            text += f". {src.url}"
        out.append(SourceRef(sid, text))
    return out


def _title(table: dict[str, Any], item_id: str) -> str:
    item = table.get(item_id)
    return item.header.title if item is not None else item_id


def _name(content: Content, signpost_id: str) -> str:
    sp = content.signposts.get(signpost_id)
    return sp.name if sp is not None else signpost_id


def _exhibit_note(e: Exhibit) -> ExhibitNote:
    return ExhibitNote(
        e.ref, e.kind, e.description, e.make_model, e.serial, e.found, iso(e.seized_at),
        e.seized_by, e.seal, e.power, e.locked, e.passcode_given, list(e.actions),
        e.charger_seized, e.notes,
        [ContinuityNote(c.from_, c.to, iso(c.at), c.why) for c in e.continuity],
        e.withdrawn, iso(e.withdrawn_at))


def _checklists(case: Case, content: Content, guides: list[GuideNote]) -> list[ChecklistNote]:
    """Checklists ticked in the case, then those an outcome suggested (even if none ticked)."""
    suggested = []
    for g in guides:
        guide = content.guides.get(g.id)
        if g.finished and guide is not None and g.outcome_step in guide.steps:
            suggested.append(guide.steps[g.outcome_step].checklists)
    out = []
    for cid in checklists_in_note(case.checklists, suggested):
        p = case.checklist(cid, content.checklists.get(cid))
        out.append(ChecklistNote(cid, p.title, p.version, p.ticked_texts(), p.unticked_texts()))
    return out


def _signpost_note(sid: str, given_to: str, at: str, content: Content) -> SignpostNote:
    sp = content.signposts.get(sid)
    if sp is None:
        return SignpostNote(sid, sid, given_to, at, caution="This service is not in the "
                            "content this note was made with: check its details.")
    contacts = []
    for c in sp.contact:
        text = f"{contact_label(c.kind)}: {c.value}"
        contacts.append(f"{text} ({c.note})" if c.note else text)
    return SignpostNote(sid, sp.name, given_to, at, sp.what, contacts, sp.hours, sp.caution)


def _script_note(sid: str, sections: list[str], lines: list[str],
                 content: Content) -> ScriptNote:
    script = content.scripts.get(sid)
    if script is None:
        return ScriptNote(sid, sid, list(sections), list(lines))
    titles = {s.id: s.title for s in script.sections}
    return ScriptNote(sid, script.header.title, [titles.get(s, s) for s in sections],
                      list(lines))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _summary(note: HandoverNote) -> list[str]:
    out = []
    for g in note.guides:
        if g.finished:
            out.append(f"{g.title}: {g.outcome_title} ({g.outcome_code})."
                       + (" Confirmed by the officer from answers given elsewhere in the case."
                          if g.confirmed and not any(a.origin == "answered" for a in g.path)
                          else ""))
        elif g.problem:
            out.append(f"{g.title}: could not be shown ({g.problem.split('.')[0].lower()}).")
        else:
            out.append(f"{g.title}: not finished; the next question is \"{g.stopped_at}\"")
    drafts = [g.title for g in note.guides if g.status == "draft"]
    if drafts:
        out.append(f"Draft guidance was used ({', '.join(drafts)}): parts of it are not "
                   "confirmed in national guidance; check force policy.")
    if note.exhibits:
        items = ", ".join((f"{e.ref} ({e.kind})" if e.kind else e.ref)
                          + (" (withdrawn)" if e.withdrawn else "") for e in note.exhibits)
        out.append(f"{_plural(len(note.exhibits), 'exhibit')} logged: {items}.")
    else:
        out.append("No exhibits logged.")
    if note.signposts:
        given = "; ".join((f"{s.name}, given to {s.given_to}" if s.given_to else s.name)
                          + (" (withdrawn)" if s.withdrawn else "") for s in note.signposts)
        out.append(f"Services given: {given}.")
    else:
        out.append("No support services recorded as given.")
    for c in note.checklists:
        total = len(c.ticked) + len(c.unticked)
        out.append(f"Checklist {c.title}: {len(c.ticked)} of {total} items ticked.")
    return out
