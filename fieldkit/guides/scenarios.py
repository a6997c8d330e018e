"""Scenario runs: facts in, expected outcome out; how specialists prove an edit changed nothing."""

from __future__ import annotations

from dataclasses import dataclass

from fieldkit.content.conditions import coerce
from fieldkit.content.model import Content, Scenario
from fieldkit.guides.engine import WalkError, walk_with_facts


@dataclass(frozen=True)
class ScenarioResult:
    scenario: Scenario
    passed: bool
    message: str = ""

    def line(self) -> str:
        w = self.scenario.where
        return f"{w.path}:{w.line}:{w.col}: FAIL {self.scenario.name}: {self.message}"


def run_scenario(content: Content, sc: Scenario) -> ScenarioResult:
    guide = content.guides.get(sc.guide)
    if guide is None:
        why = content.refused.get(next((p for p in content.refused if sc.guide in p), ""), "")
        return ScenarioResult(sc, False, f"guide '{sc.guide}' is not loaded"
                              + (f" ({why})" if why else ""))
    facts = {}
    for fid, raw in sc.facts.items():
        fact = content.facts.get(fid)
        if fact is None:
            return ScenarioResult(sc, False, f"unknown fact '{fid}'")
        value, problem = coerce(fact, raw)
        if problem:
            return ScenarioResult(sc, False, problem)
        facts[fid] = value
    try:
        walk = walk_with_facts(guide, facts, content.facts)
        path, step = walk.route()
    except WalkError as exc:
        return ScenarioResult(sc, False, str(exc))
    route = [e.step for e in path] + [step.id]
    if sc.expect_path is not None and route[: len(sc.expect_path)] != sc.expect_path:
        return ScenarioResult(sc, False, f"expected route {' > '.join(sc.expect_path)}; "
                              f"got {' > '.join(route)}")
    if sc.expect_question:
        if step.kind == "outcome" or step.id != sc.expect_question:
            got = f"outcome '{step.outcome}'" if step.kind == "outcome" else f"question '{step.id}'"
            return ScenarioResult(sc, False, f"expected to stop at question "
                                  f"'{sc.expect_question}'; reached {got}")
        return ScenarioResult(sc, True)
    if step.kind != "outcome":
        return ScenarioResult(sc, False, f"stopped at unanswered question '{step.id}' "
                              f"(fact '{step.fact}'); expected outcome '{sc.expect_outcome}'")
    if step.outcome != sc.expect_outcome:
        return ScenarioResult(sc, False, f"expected outcome '{sc.expect_outcome}'; reached "
                              f"'{step.outcome}' (step '{step.id}')")
    return ScenarioResult(sc, True)


def run_scenarios(content: Content) -> list[ScenarioResult]:
    return [run_scenario(content, sc) for sc in content.scenarios]
