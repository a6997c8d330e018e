"""Word search over loaded content: guide steps, script lines, services, checklists, talks.

An officer at a scene types a few words ("flight mode", "sextortion", "parent") and needs the
step, line or service that says it. The index is built once from a `Content` (plain Python,
no Qt), every query word must match the start of a word in the entry, and a query takes well
under a millisecond on the shipped content, so the app can search on every keystroke.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from fieldkit.content.model import Content, Guide, Step

_WORD = re.compile(r"[a-z0-9]+")
_APOSTROPHES = str.maketrans({"'": "", "\u2019": "", "\u2018": ""})

FOR_WORDS = {"child": "children and young people", "parent": "parents and carers",
             "professional": "professionals", "own-thoughts": "people worried about their own "
             "thoughts", "adult": "adults"}

# Kinds of hit, in the order results are grouped: guides, then scripts, then services, then
# checklists, then talks; inside a group the better match comes first.
KINDS = ("guide", "step", "script", "script-section", "script-line", "signpost",
         "checklist-item", "talk")
GROUP = {"guide": 0, "step": 0, "script": 1, "script-section": 1, "script-line": 1,
         "signpost": 2, "checklist-item": 3, "talk": 4}
_ALTERNATIVE = 0.5  # a match found through a synonym ranks just below the word typed
_MAX_QUERIES = 24


def words(text: str) -> list[str]:
    """Lower-case words of a text; "don't" reads as "dont" so it matches however it is typed."""
    return _WORD.findall(text.lower().translate(_APOSTROPHES))


@dataclass(frozen=True)
class Entry:
    """One searchable thing and where it lives, so a view can open it."""

    kind: str  # one of KINDS
    text: str  # the text shown in the result list
    where: str  # plain words for where it is ("Device seizure, outcome")
    target: tuple[str, ...]  # ids: (guide, step) | (script, section) | (signpost,) | ...
    title: str = ""  # a heading: its words are found and rank higher
    also: str = ""  # words that find the entry without being shown (the reason, the section)


@dataclass(frozen=True)
class Hit:
    entry: Entry
    score: float


class SearchIndex:
    """An inverted index from words to entries, with prefix matching through a sorted vocabulary."""

    def __init__(self, entries: list[Entry], synonyms: list[tuple[str, ...]] | None = None):
        self.entries = entries
        self._synonyms: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
        for group in synonyms or []:
            phrases = [tuple(words(p)) for p in group]
            # Words match by their start, so "parents" adds nothing once "parent" is searched.
            needed = [q for q in phrases if q and not any(
                o != q and _covers(o, q) for o in phrases if o)]
            for p in phrases:
                if p:
                    self._synonyms[p] = [q for q in needed if not _covers(p, q)]
        self._postings: dict[str, set[int]] = {}
        self._title_words: list[tuple[str, ...]] = []
        self._phrase_text: list[str] = []  # the entry's words, joined, for phrase matches
        self._base: list[float] = []  # shorter entries say it more directly
        self._rank = [GROUP.get(e.kind, 99) for e in entries]
        for i, e in enumerate(entries):
            text_words = words(e.text)
            for w in text_words + words(e.title) + words(e.also):
                self._postings.setdefault(w, set()).add(i)
            self._title_words.append(tuple(set(words(e.title))))
            self._phrase_text.append(" ".join(text_words))
            self._base.append(-len(e.text) / 2000)
        self._vocab = sorted(self._postings)

    @classmethod
    def build(cls, content: Content) -> SearchIndex:
        return cls(list(_entries(content)), content.synonyms)

    def _prefixed(self, token: str) -> tuple[set[int], set[int]]:
        """Entries holding a word that starts with `token`, and those holding exactly it."""
        found: set[int] = set()
        start = bisect.bisect_left(self._vocab, token)
        for w in self._vocab[start:]:
            if not w.startswith(token):
                break
            found |= self._postings[w]
        return found, self._postings.get(token, set())

    def search(self, query: str, limit: int = 48) -> list[Hit]:
        """Entries matching every word of the query (by word start), or the query with a word
        swapped for its synonym; guides first, then scripts, services, checklists, talks."""
        tokens = words(query)
        if not tokens:
            return []
        scores: dict[int, float] = {}
        for n, alt in enumerate(self._alternatives(tokens)):
            for i, s in self._scores(list(dict.fromkeys(alt))).items():
                s -= _ALTERNATIVE if n else 0.0
                if s > scores.get(i, float("-inf")):
                    scores[i] = s
        ranks = self._rank
        best = sorted(scores.items(), key=lambda kv: (ranks[kv[0]], -kv[1], kv[0]))
        # Each group keeps its best few, so many guide steps never hide the script or service.
        per_group = max(1, limit // 4)
        taken: dict[int, int] = {}
        out: list[Hit] = []
        for i, s in best:
            if taken.get(ranks[i], 0) < per_group and len(out) < limit:
                taken[ranks[i]] = taken.get(ranks[i], 0) + 1
                out.append(Hit(self.entries[i], s))
        return out

    def _alternatives(self, tokens: list[str]) -> list[list[str]]:
        """The query as typed, then with each phrase of it that belongs to a synonym group
        swapped for the group's other phrases (longest phrases first, at most _MAX_QUERIES)."""
        if not self._synonyms:
            return [tokens]
        longest = max(len(p) for p in self._synonyms)
        spans: list[tuple[int, int, list[tuple[str, ...]]]] = []
        start = 0
        while start < len(tokens):
            for size in range(min(longest, len(tokens) - start), 0, -1):
                others = self._synonyms.get(tuple(tokens[start:start + size]))
                if others is not None:
                    spans.append((start, size, others))
                    start += size
                    break
            else:
                start += 1
        out = [tokens]
        for begin, size, others in reversed(spans):  # right to left keeps earlier indexes valid
            out += [q[:begin] + list(o) + q[begin + size:] for q in out for o in others]
            if len(out) >= _MAX_QUERIES:
                break
        return out[:_MAX_QUERIES]

    def _scores(self, tokens: list[str]) -> dict[int, float]:
        """Entries holding every token at a word start, with how well each matches."""
        scores: dict[int, float] = {}
        for n, token in enumerate(tokens):
            found, exact = self._prefixed(token)
            if n == 0:
                scores = dict.fromkeys(found, 0.0)
            else:
                scores = {i: s for i, s in scores.items() if i in found}
            if not scores:
                return {}
            titles = self._title_words
            for i in scores:
                bonus = 2.0 if i in exact else 1.0
                for w in titles[i]:
                    if w.startswith(token):
                        bonus += 1.5
                        break
                scores[i] += bonus
        phrase = " ".join(tokens)
        texts, base = self._phrase_text, self._base
        for i in scores:
            scores[i] += base[i] + (3.0 if phrase in texts[i] else 0.0)
        return scores


def _covers(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Whether a search for `short` already finds everything `long` finds."""
    return len(short) == len(long) and all(
        b.startswith(a) for a, b in zip(short, long, strict=True))


def _step_entries(guide: Guide, step: Step) -> list[Entry]:
    target = (guide.id, step.id)
    if step.kind == "question":
        return [Entry("step", step.ask, f"{guide.title}: question", target,
                      also=step.why + " " + step.help)]
    if step.kind == "info":
        return [Entry("step", step.show, f"{guide.title}: guidance", target)]
    where = f"{guide.title}: outcome"
    out = [Entry("step", f"{step.title}. {step.say}", where, target, title=step.title)]
    out += [Entry("step", a.text, f"{where} \u201c{step.title}\u201d: do", target,
                  also=step.title) for a in step.do]
    out += [Entry("step", a.text, f"{where} \u201c{step.title}\u201d: do not", target,
                  also=step.title) for a in step.dont]
    return out


def _entries(content: Content) -> list[Entry]:
    out: list[Entry] = []
    for guide in content.guides.values():
        out.append(Entry("guide", guide.title, "Guide", (guide.id,), title=guide.title,
                         also=guide.header.summary))
        for step in guide.steps.values():
            out += _step_entries(guide, step)
    for script in content.scripts.values():
        title = script.header.title
        out.append(Entry("script", title, "Script: what to say", (script.id, ""), title=title,
                         also=script.header.summary))
        for sec in script.sections:
            target = (script.id, sec.id)
            where = f"{title}: {sec.title}"
            out.append(Entry("script-section", sec.title, f"Script: {title}", target,
                             title=sec.title, also=title))
            out += [Entry("script-line", ln.text, where, target, also=sec.title)
                    for ln in sec.say]
            out += [Entry("script-line", f"Say \u201c{a.instead}\u201d, not \u201c{a.text}\u201d",
                          where, target, also=sec.title) for a in sec.avoid]
            out += [Entry("script-line", ln.text, f"{where} (note for you)", target,
                          also=sec.title) for ln in sec.notes]
    for sp in content.signposts.values():
        extra = " ".join([*sp.for_, *sp.situations, *(c.value for c in sp.contact)])
        who = ", ".join(FOR_WORDS.get(f, f) for f in sp.for_)
        out.append(Entry("signpost", f"{sp.name}: {sp.what}", f"For {who}", (sp.id,),
                         title=sp.name, also=extra.replace("-", " ")))
    for cl in content.checklists.values():
        for item in cl.items:
            out.append(Entry("checklist-item", item.text, f"Checklist: {cl.header.title}",
                             (cl.id, item.id), also=cl.header.title + " " + item.help))
    for talk in content.talks.values():
        out.append(Entry("talk", talk.header.title, f"For {talk.audience}", (talk.id,),
                         title=talk.header.title, also=talk.aim))
    return out
