"""Checks that need more than one step or more than one file: graphs and references."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fieldkit.content.conditions import coerce, covers
from fieldkit.content.model import Content, Guide, Step, Where
from fieldkit.content.schema import did_you_mean
from fieldkit.diagnostics import Diagnostic, Report


def _err(report: Report, where: Where, rule: str, msg: str) -> None:
    report.error(where.path, where.line, where.col, rule, msg)


def check_guide(guide: Guide, content: Content) -> None:
    report = content.report
    steps = guide.steps
    path = guide.header.path
    if guide.start and guide.start not in steps:
        where = guide.start_where or Where(path, 1, 1)
        _err(report, where, "unknown-step", f"start '{guide.start}' is not a step of this "
             f"guide{did_you_mean(guide.start, steps)}")
    tables: dict[str, Mapping[str, object]] = {
        "scripts": content.scripts,
        "signposts": content.signposts,
        "checklists": content.checklists,
        "then": content.guides,
    }
    for step in steps.values():
        for b in step.next:
            if b.go not in steps:
                _err(report, b.where or step.where, "unknown-step",
                     f"'go: {b.go}' points at no step{did_you_mean(b.go, steps)}")
        if step.kind == "outcome":
            _check_outcome_refs(step, content, tables)
        else:
            _check_exits(step, content)
    if guide.start not in steps:
        return
    reachable = _reach(guide.start, steps)
    for sid, step in steps.items():
        if sid not in reachable:
            _err(report, step.where, "unreachable-step",
                 f"step '{sid}' cannot be reached from start '{guide.start}'; link it with a "
                 "'go' or remove it")
    finishing = _can_finish(steps)
    for sid in reachable:
        if sid not in finishing:
            _err(report, steps[sid].where, "dead-end",
                 f"no route from step '{sid}' ever reaches an outcome (a dead end or a loop with "
                 "no way out)")


def _check_exits(step: Step, content: Content) -> None:
    if not step.next:
        return
    if step.next[-1].cond is None:
        return
    fact = content.facts.get(step.fact) if step.kind == "question" else None
    conds = [b.cond for b in step.next if b.cond is not None]
    if fact is not None and covers(conds, fact):
        return
    where = step.next[-1].item_where or step.where
    content.report.error(where.path, where.line, where.col, "no-default",
                         f"step '{step.id}' has no default branch: if no condition matches, the "
                         "walk would stop here; add a last branch with no 'if'")


def _check_outcome_refs(step: Step, content: Content,
                        tables: dict[str, Mapping[str, object]]) -> None:
    for key, table in tables.items():
        for ref in getattr(step, key):
            if ref not in table:
                rule = "unknown-guide" if key == "then" else f"unknown-{key.rstrip('s')}"
                _err(content.report, step.ref_where.get((key, ref), step.where), rule,
                     f"outcome '{step.id}' names {key} '{ref}', which does not exist"
                     f"{did_you_mean(ref, table)}")


def _reach(start: str, steps: dict[str, Step]) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        sid = todo.pop()
        if sid in seen or sid not in steps:
            continue
        seen.add(sid)
        todo.extend([b.go for b in steps[sid].next])
    return seen


def _can_finish(steps: dict[str, Step]) -> set[str]:
    """Steps from which some route reaches an outcome (reverse reachability)."""
    back: dict[str, list[str]] = {sid: [] for sid in steps}
    for sid, step in steps.items():
        for b in step.next:
            if b.go in back:
                back[b.go].append(sid)  # a step linked twice is met twice, and added once
    done = {sid for sid, s in steps.items() if s.kind == "outcome"}
    todo = list(done)
    while todo:
        for prev in back[todo.pop()]:
            if prev not in done:
                done.add(prev)
                todo.append(prev)
    return done


def check_scenarios(content: Content) -> None:
    report = content.report
    for sc in content.scenarios:
        guide = content.guides.get(sc.guide)
        if guide is None:
            _err(report, sc.where, "unknown-guide", f"scenario '{sc.name}' walks guide "
                 f"'{sc.guide}', which does not exist{did_you_mean(sc.guide, content.guides)}")
            continue
        for fid, value in sc.facts.items():
            fact = content.facts.get(fid)
            loc = sc.facts.vloc(fid) if hasattr(sc.facts, "vloc") else None
            where = Where(sc.where.path, loc.line, loc.col) if loc else sc.where
            if fact is None:
                _err(report, where, "unknown-fact", f"scenario '{sc.name}' sets '{fid}', which "
                     f"is not a declared fact{did_you_mean(fid, content.facts)}")
                continue
            _, problem = coerce(fact, value)
            if problem:
                _err(report, where, "bad-value", problem)
        codes = {s.outcome for s in guide.outcomes()}
        if sc.expect_outcome and sc.expect_outcome not in codes:
            _err(report, sc.where, "unknown-outcome", f"scenario '{sc.name}' expects outcome "
                 f"'{sc.expect_outcome}', which guide '{guide.id}' never reaches"
                 f"{did_you_mean(sc.expect_outcome, codes)}")
        if sc.expect_question and sc.expect_question not in guide.steps:
            _err(report, sc.where, "unknown-step", f"scenario '{sc.name}' expects question "
                 f"'{sc.expect_question}', which is not a step of '{guide.id}'")


def check_talks(content: Content) -> None:
    for talk in content.talks.values():
        for ref in talk.signposts:
            if ref not in content.signposts:
                where = talk.signpost_where.get(ref) or Where(talk.header.path, 1, 1)
                _err(content.report, where, "unknown-signpost",
                     f"talk '{talk.id}' names signpost '{ref}', which does not exist"
                     f"{did_you_mean(ref, content.signposts)}")


# A reference to something missing: which table it names.
_REF_RULES = {"unknown-guide": "guides", "unknown-script": "scripts",
              "unknown-checklist": "checklists", "unknown-signpost": "signposts"}
_MISSING = re.compile(r"'([^']+)', which does not exist")
_LINK_KEYS = {"then": ("guides", "guide"), "scripts": ("scripts", "script"),
              "checklists": ("checklists", "checklist"), "signposts": ("signposts", "service")}


def _named(d: Diagnostic) -> tuple[str, str] | None:
    found = _MISSING.findall(d.message)
    return (_REF_RULES[d.rule], found[-1]) if d.rule in _REF_RULES and found else None


def check_content(content: Content) -> None:
    """Check meaning across files, then refuse what has errors of its own. An error that only
    follows from another file failing (a link to a guide in a file with a syntax error) is not
    its own: it is folded under that file, and the item that holds it stays, minus the link."""
    for guide in content.guides.values():
        check_guide(guide, content)
    check_scenarios(content)
    check_talks(content)
    tables: dict[str, dict[str, Any]] = {"guides": content.guides, "scripts": content.scripts,
                                          "checklists": content.checklists,
                                          "talks": content.talks}
    source: dict[tuple[str, str], str] = {
        ref: path for path, refs in content.unreadable.items() for ref in refs}
    errors = content.report.errors
    while True:
        cascade = [d for d in errors if _named(d) in source]
        followed = set(cascade)  # looked up once for each error: a set, not the list
        own = {d.path for d in errors if d not in followed}  # files with errors of their own
        more = {(name, key): v.header.path for name, table in tables.items()
                for key, v in table.items() if v.header.path in own and (name, key) not in source}
        if not more:
            break
        source.update(more)
    _fold(content, cascade, source)
    errors_by_file: dict[str, str] = {}
    for d in content.report.errors:
        errors_by_file.setdefault(d.path, d.message)
    content.refused.update(errors_by_file)
    for table in tables.values():
        for key in [k for k, v in table.items() if v.header.path in errors_by_file]:
            del table[key]
    _drop_lost_links(content, source)


def _fold(content: Content, cascade: list[Diagnostic], source: dict[tuple[str, str], str]
          ) -> None:
    """Take the cascade out of the report; the failed file's first error says how many more
    follow from it."""
    if not cascade:
        return
    folded: dict[str, list[Diagnostic]] = {}
    for d in cascade:
        named = _named(d)
        assert named is not None
        folded.setdefault(source[named], []).append(d)
    gone = set(cascade)
    items = [d for d in content.report.items if d not in gone]
    for path, ds in folded.items():
        first = min((d for d in items if d.path == path and d.is_error),
                    key=lambda d: (d.line, d.col), default=None)
        if first is None:
            continue
        n = len(ds)
        how = "could not be read" if path in content.unreadable else "was refused"
        note = Diagnostic(first.path, first.line, first.col, first.severity, first.rule,
                          f"{first.message} [{n} more error{'s' if n != 1 else ''} because "
                          f"{Path(path).name} {how}]")
        items[items.index(first)] = note
        content.folded[path] = sorted(ds)
    content.report.items[:] = items


def _drop_lost_links(content: Content, source: dict[tuple[str, str], str]) -> None:
    """A guide that links to something refused keeps going without the link, and says so."""
    if not source:  # nothing was refused: nothing can be lost
        return
    tables: dict[str, Mapping[str, object]] = {
        "guides": content.guides, "scripts": content.scripts,
        "checklists": content.checklists, "signposts": content.signposts}
    for guide in content.guides.values():
        for step in guide.steps.values():
            for key, (table, word) in _LINK_KEYS.items():
                refs: list[str] = getattr(step, key)
                lost = [r for r in refs if r not in tables[table] and (table, r) in source]
                for r in lost:
                    refs.remove(r)
                    content.lost_links.setdefault((guide.id, step.id), []).append(
                        f"the {word} '{r}' ({Path(source[(table, r)]).name} did not load)")
