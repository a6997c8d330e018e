"""The content diff as plain text a reviewer reads and signs off."""

from __future__ import annotations

import textwrap
from typing import Any

from fieldkit.authoring.condtext import value_text
from fieldkit.authoring.diff import ContentDiff, GuideDiff, OutcomeChange
from fieldkit.authoring.explore import UNSET
from fieldkit.content.model import Step

WIDTH = 96


def _step_text(step: Step) -> str:
    if step.kind == "question":
        return f"question, sets {step.fact}: {step.ask}"
    if step.kind == "info":
        return f"info: {step.show}"
    return f"outcome {step.outcome}: {step.title}"


def _wrap(text: str, indent: str) -> list[str]:
    out = []
    for para in text.splitlines() or [""]:
        out += textwrap.wrap(para, WIDTH - len(indent), initial_indent=indent,
                             subsequent_indent=indent + "  ") or [indent]
    return out


def _fact_clause(fact: str, values: list[Any], tried: list[Any]) -> str:
    """One fact's values in a group, as words. Numbers read as ranges: the values tried are
    the condition boundaries, so the lowest stands for everything below it, and so on."""
    shown = [v for v in values if v is not UNSET]
    unset = UNSET in values
    nums = sorted(v for v in tried if isinstance(v, (int, float)) and not isinstance(v, bool))
    text = ""
    if shown and nums and len(nums) == len([v for v in tried if v is not UNSET]):
        picked = sorted(shown)
        i = nums.index(picked[0])
        if nums[i:i + len(picked)] == picked and len(picked) < len(nums):
            lo, hi = value_text(picked[0]), value_text(picked[-1])
            if i + len(picked) == len(nums):
                text = f"{fact} >= {lo}"
            elif i == 0:
                text = f"{fact} <= {hi}"
            elif len(picked) > 1:
                text = f"{fact} from {lo} to {hi}"
    if not text and shown:
        words = [value_text(v) for v in shown]
        text = f"{fact} = " + (" or ".join(words) if len(words) <= 2 else
                               ", ".join(words[:-1]) + " or " + words[-1])
    if unset:
        text = f"{text}, or not set" if text else f"{fact} not set"
    return text


def _clauses(c: OutcomeChange, tried: dict[str, list[Any]], order: list[str]) -> list[str]:
    facts = sorted(c.facts, key=lambda f: order.index(f) if f in order else len(order))
    return [_fact_clause(f, c.facts[f], tried.get(f, [])) for f in facts]


def _group_lines(items: list[OutcomeChange], tried: dict[str, list[Any]],
                 order: list[str]) -> list[str]:
    """The groups of one change: clauses they all share first, then what tells them apart."""
    each = [_clauses(c, tried, order) for c in items]
    common = [x for x in each[0] if all(x in other for other in each[1:])] if len(each) > 1 \
        else []
    out: list[str] = []
    if common:
        out += _wrap("all of: " + "; ".join(common), "        ")
        out.append("        and any one of:")
    for clauses in each:
        rest = [x for x in clauses if x not in common]
        out += _wrap("* " + ("; ".join(rest) or "(nothing more)"),
                     "          " if common else "        ")
    return out


def guide_report(d: GuideDiff) -> list[str]:
    head = f"{d.guide}: {d.title}"
    if d.status == "added":
        return [f"== {head} (new guide, version {d.new_version}) ==",
                "  A new guide: review it in full (fieldkit content graph "
                f"{d.guide} --out {d.guide}.pdf).", ""]
    if d.status == "removed":
        return [f"== {head} (removed; was version {d.old_version}) ==",
                "  Officers will no longer be able to walk this guide.", ""]
    out = [f"== {head} ({d.old_version} -> {d.new_version}) =="]
    if d.old_version == d.new_version and d.text_changed:
        out.append(f"  ! The guide changed but its version is still {d.new_version}: bump it.")
    if d.added:
        out.append(f"  Steps added ({len(d.added)}):")
        for s in d.added:
            out += _wrap(f"+ {s.id} ({_step_text(s)})", "    ")
    if d.removed:
        out.append(f"  Steps removed ({len(d.removed)}):")
        for s in d.removed:
            out += _wrap(f"- {s.id} ({_step_text(s)})", "    ")
    if d.reworded:
        out.append(f"  Reworded ({len(d.reworded)}):")
        for r in d.reworded:
            out.append(f"    ~ {r.step}, {r.field}:")
            out += _wrap(f"was: {r.old or '(nothing)'}", "        ")
            out += _wrap(f"now: {r.new or '(nothing)'}", "        ")
    if d.branches:
        out.append(f"  Branches changed ({len(d.branches)}):")
        for br in d.branches:
            out.append(f"    ~ {br.step}:")
            gone = [x for x in br.old if x not in br.new]
            came = [x for x in br.new if x not in br.old]
            for x in gone:
                out += _wrap(f"- {x}", "        ")
            for x in came:
                out += _wrap(f"+ {x}", "        ")
            if not gone and not came:
                out.append("        (same branches, new order: the first that matches wins)")
    for line in d.other:
        out += _wrap(f"! {line}", "  ")
    if not d.text_changed:
        out.append("  No step, wording or branch changed.")
    facts = ", ".join(d.facts) or "none"
    if d.capped:
        out += _wrap(f"Outcomes: CAPPED: stopped after {d.routes:,} routes, covering "
                     f"{d.covered:,} of {d.combinations:,} combinations of {len(d.facts)} "
                     f"decision facts ({facts}). Changes below are a partial list; raise "
                     "--max-routes to check them all.", "  ")
    else:
        out += _wrap(f"Outcomes: checked all {d.combinations:,} combinations of "
                     f"{len(d.facts)} decision facts ({facts}), through {d.routes:,} routes.",
                     "  ")
    if d.outcome_changes:
        groups: dict[tuple[str, str], list[OutcomeChange]] = {}
        for c in d.outcome_changes:
            groups.setdefault((c.old, c.new), []).append(c)
        out.append(f"  OUTCOME CHANGES ({len(d.outcome_changes)} group"
                   f"{'s' if len(d.outcome_changes) != 1 else ''} of facts):")
        for (a, b), items in groups.items():
            out.append(f"    was {a}, now {b}, when:")
            out += _group_lines(items, d.tried, d.facts)
    else:
        out.append("  No combination of facts reaches a different outcome.")
    if d.scenario_changes:
        out.append(f"  Scenarios whose result changed ({len(d.scenario_changes)}):")
        for sc in d.scenario_changes:
            ok = "as expected" if sc.new == sc.expected else f"expected {sc.expected}"
            out += _wrap(f"* {sc.name} ({sc.where}): was {sc.old}, now {sc.new} ({ok})",
                         "    ")
    out.append("")
    return out


def diff_report(diff: ContentDiff, show_same: bool = False) -> str:
    out = ["FieldKit content changes", f"  old: {diff.old_root}  (version {diff.old_version}"
           f"{_errs(diff.old_errors)})", f"  new: {diff.new_root}  (version {diff.new_version}"
           f"{_errs(diff.new_errors)})", ""]
    same = [g for g in diff.guides if g.status == "same"]
    for g in diff.guides:
        if g.status != "same" or show_same:
            out += guide_report(g)
    if same and not show_same:
        out.append(f"Unchanged guides ({len(same)}): {', '.join(g.guide for g in same)}")
    out += trail_report(diff)
    changed = [g.guide for g in diff.guides if g.outcomes_changed]
    capped = [g.guide for g in diff.guides if g.capped]
    if changed:
        out.append(f"RESULT: outcomes change in {len(changed)} guide"
                   f"{'s' if len(changed) != 1 else ''}: {', '.join(changed)}.")
    else:
        out.append("RESULT: no outcome changes.")
    if capped:
        out.append(f"Checking was capped for: {', '.join(capped)} (see above).")
    return "\n".join(out) + "\n"


def trail_report(diff: ContentDiff) -> list[str]:
    """Status changes and open points opened or closed, item by item."""
    if not diff.trail:
        return ["Review trail: no status changed and no open point opened or closed.", ""]
    out = [f"== Review trail ({len(diff.trail)} item{'s' if len(diff.trail) != 1 else ''}) =="]
    for ch in diff.trail:
        if ch.old_status is None:
            out.append(f"  + {ch.item}: new, {ch.new_status}")
        elif ch.new_status is None:
            out.append(f"  - {ch.item}: removed (was {ch.old_status})")
        elif ch.status_changed:
            out.append(f"  ~ {ch.item}: status {ch.old_status} -> {ch.new_status}")
        else:
            out.append(f"  ~ {ch.item}: status {ch.new_status}")
        for word, ids in (("new", ch.opened), ("closed", ch.closed)):
            if ids:
                out += textwrap.wrap(f"{word} open points: {', '.join(ids)}", WIDTH,
                                     initial_indent="      ", subsequent_indent="        ",
                                     break_on_hyphens=False)
    out.append("")
    return out


def _errs(n: int) -> str:
    return f"; {n} checker error{'s' if n != 1 else ''}: run fieldkit content check" if n else ""
