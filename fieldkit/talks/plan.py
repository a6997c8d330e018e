"""The talk builder: an officer picks a talk and a length, then shapes the running order.

Plain Python with no Qt, so the command line, the desktop widget and the tests all drive the
same object. A plan only ever holds published content (the talk and signposts): nothing from a
case can reach it, so nothing from a case can reach a talk pack.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from fieldkit.content.model import Content, Line, Question, Signpost, Talk, TalkSection
from fieldkit.content.schema import did_you_mean
from fieldkit.diagnostics import FieldKitError

DEFAULT_MINUTES = 40
AUDIENCE_ORDER = ("pupils", "parents", "staff")


class TalkError(FieldKitError):
    """A request the builder cannot meet, worded for the officer who made it."""


@dataclass(frozen=True)
class Slot:
    """One section in the running order, with its place on the clock (minutes from the start)."""

    section: TalkSection
    start: int
    end: int

    @property
    def minutes(self) -> int:
        return self.section.minutes


def clock(minutes: int) -> str:
    """Minutes from the start as h:mm, so a speaker can glance at a watch and compare."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def talks_in_order(content: Content) -> list[Talk]:
    """Talks sorted the way an officer looks for them: pupils by age, then parents, then staff."""

    def key(t: Talk) -> tuple[int, int, str]:
        rank = AUDIENCE_ORDER.index(t.audience) if t.audience in AUDIENCE_ORDER else 99
        return rank, t.age_min if t.age_min is not None else 0, t.id

    return sorted(content.talks.values(), key=key)


def get_talk(content: Content, talk_id: str) -> Talk:
    """The talk with this id, or a TalkError that names the ones that exist."""
    talk = content.talks.get(talk_id)
    if talk is None:
        known = ", ".join(t.id for t in talks_in_order(content)) or "none loaded"
        raise TalkError(f"no talk '{talk_id}'{did_you_mean(talk_id, content.talks)} "
                        f"(talks: {known})")
    return talk


def default_section_ids(talk: Talk, minutes: int) -> list[str]:
    """Sections the author marked for this length; for a length the talk does not offer, those
    of the longest offered length that still fits (or the shortest, if none fits)."""
    offered = sorted(talk.durations)
    if minutes in offered or not offered:
        basis = minutes
    else:
        fitting = [n for n in offered if n <= minutes]
        basis = fitting[-1] if fitting else offered[0]
    return [s.id for s in talk.sections if basis in s.lengths]


def is_local(signpost: Signpost) -> bool:
    """True for a force's own services (signposts/local*.yaml), shown apart from national ones."""
    where = signpost.where
    return where is not None and Path(where.path).name.startswith("local")


@dataclass
class TalkPlan:
    """A talk shaped for one session: length, sections in order, and services to hand out.

    `order` holds every section of the talk (so a dropped one keeps its place and can be picked
    again); `chosen` says which of them will be given.
    """

    talk: Talk
    minutes: int
    order: list[str]
    chosen: set[str]
    extra_signposts: list[str] = field(default_factory=list)
    signpost_table: dict[str, Signpost] = field(default_factory=dict)
    content_version: str = "unversioned"

    # --- making a plan -------------------------------------------------------------------

    @classmethod
    def create(cls, content: Content, talk_id: str, minutes: int | None = None) -> TalkPlan:
        """A plan with the author's default sections for `minutes` (40, or the nearest offered)."""
        talk = get_talk(content, talk_id)
        plan = cls(talk=talk, minutes=0, order=[s.id for s in talk.sections], chosen=set(),
                   signpost_table=dict(content.signposts), content_version=content.version)
        plan.set_length(minutes if minutes is not None else plan.default_minutes())
        return plan

    def default_minutes(self) -> int:
        offered = sorted(self.talk.durations)
        if not offered or DEFAULT_MINUTES in offered:
            return DEFAULT_MINUTES
        return min(offered, key=lambda n: (abs(n - DEFAULT_MINUTES), n))

    # --- length and sections ---------------------------------------------------------------

    def set_length(self, minutes: int) -> None:
        """Change the length and go back to the author's selection for it, in the default order.

        Resetting is deliberate: a hand-picked 20-minute selection is rarely what is wanted at 60.
        """
        if minutes <= 0:
            raise TalkError(f"a talk needs a length of at least 1 minute, not {minutes}")
        self.minutes = minutes
        self.order = [s.id for s in self.talk.sections]
        self.chosen = set(default_section_ids(self.talk, minutes))

    def reset(self) -> None:
        """Back to the author's sections and order for the current length."""
        self.set_length(self.minutes)

    def section(self, section_id: str) -> TalkSection:
        for s in self.talk.sections:
            if s.id == section_id:
                return s
        names = [s.id for s in self.talk.sections]
        raise TalkError(f"talk '{self.talk.id}' has no section '{section_id}'"
                        f"{did_you_mean(section_id, names)} (sections: {', '.join(names)})")

    def pick(self, section_id: str) -> None:
        """Include a section (it keeps its place in the order)."""
        self.section(section_id)
        self.chosen.add(section_id)

    def drop(self, section_id: str) -> None:
        """Leave a section out of this session; it can be picked again."""
        self.section(section_id)
        self.chosen.discard(section_id)

    def set_picked(self, section_id: str, picked: bool) -> None:
        """For a checkbox: pick or drop in one call."""
        if picked:
            self.pick(section_id)
        else:
            self.drop(section_id)

    def is_picked(self, section_id: str) -> bool:
        return section_id in self.chosen

    def move(self, section_id: str, steps: int) -> int:
        """Move a section up (negative) or down (positive) the order; returns its new index."""
        self.section(section_id)
        i = self.order.index(section_id)
        j = max(0, min(len(self.order) - 1, i + steps))
        self.order.insert(j, self.order.pop(i))
        return j

    def move_up(self, section_id: str) -> int:
        return self.move(section_id, -1)

    def move_down(self, section_id: str) -> int:
        return self.move(section_id, 1)

    def reorder(self, section_ids: Iterable[str]) -> None:
        """Put sections in this order. Ids left out keep their relative order after those given."""
        wanted = list(section_ids)
        for sid in wanted:
            self.section(sid)
        if len(set(wanted)) != len(wanted):
            raise TalkError("each section can appear only once in the order")
        self.order = wanted + [sid for sid in self.order if sid not in wanted]

    # --- what the plan adds up to ----------------------------------------------------------

    def all_sections(self) -> list[TalkSection]:
        """Every section, in the current order (for a list with checkboxes)."""
        return [self.section(sid) for sid in self.order]

    def sections(self) -> list[TalkSection]:
        """The sections that will be given, in running order."""
        return [s for s in self.all_sections() if s.id in self.chosen]

    def dropped(self) -> list[TalkSection]:
        return [s for s in self.all_sections() if s.id not in self.chosen]

    def timeline(self) -> list[Slot]:
        slots: list[Slot] = []
        t = 0
        for s in self.sections():
            slots.append(Slot(s, t, t + s.minutes))
            t += s.minutes
        return slots

    @property
    def running_time(self) -> int:
        return sum(s.minutes for s in self.sections())

    @property
    def spare(self) -> int:
        """Minutes left over; negative when the sections run past the chosen length."""
        return self.minutes - self.running_time

    @property
    def fits(self) -> bool:
        return self.running_time <= self.minutes

    def timing_text(self) -> str:
        """One line for a status bar or the command line."""
        base = f"Running time {self.running_time} of {self.minutes} minutes"
        if self.spare < 0:
            return f"{base}: {-self.spare} over. Drop a section or choose a longer talk."
        if self.spare > 0:
            return f"{base}: {self.spare} spare for questions."
        return f"{base}."

    # --- services ---------------------------------------------------------------------------

    def add_signpost(self, signpost_id: str) -> None:
        """Add a service (often a force's local one) to the signposting card."""
        if signpost_id not in self.signpost_table:
            raise TalkError(f"no signpost '{signpost_id}'"
                            f"{did_you_mean(signpost_id, self.signpost_table)}")
        if signpost_id not in self.talk.signposts and signpost_id not in self.extra_signposts:
            self.extra_signposts.append(signpost_id)

    def remove_signpost(self, signpost_id: str) -> None:
        """Take off a service this officer added; the talk's own services always stay."""
        if signpost_id in self.extra_signposts:
            self.extra_signposts.remove(signpost_id)

    def signpost_ids(self) -> list[str]:
        return [*self.talk.signposts, *self.extra_signposts]

    def signposts(self) -> list[Signpost]:
        """Services for the card: the talk's own, then those added, skipping any not loaded."""
        return [self.signpost_table[i] for i in self.signpost_ids() if i in self.signpost_table]

    def missing_signposts(self) -> list[str]:
        return [i for i in self.signpost_ids() if i not in self.signpost_table]

    def addable_signposts(self) -> list[Signpost]:
        """Services not yet on the card, local ones first (for a picker)."""
        on_card = set(self.signpost_ids())
        rest = [s for s in self.signpost_table.values() if s.id not in on_card]
        return sorted(rest, key=lambda s: (not is_local(s), s.name.lower()))

    # --- text for the pack -----------------------------------------------------------------

    def handout_lines(self) -> list[Line]:
        """Handout lines of the sections being given, without repeats."""
        seen: set[str] = set()
        out: list[Line] = []
        for s in self.sections():
            for line in s.handout:
                if line.text not in seen:
                    seen.add(line.text)
                    out.append(line)
        return out

    def extra_questions(self) -> list[Question]:
        """Likely questions from dropped sections: they can still be asked."""
        return [q for s in self.dropped() for q in s.questions]

    @property
    def is_draft(self) -> bool:
        return self.talk.header.status != "approved"
