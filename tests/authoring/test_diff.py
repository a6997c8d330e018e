"""`content diff`: text changes listed, outcome changes found by walking every combination."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fieldkit.authoring.diff import GuideDiff, OutcomeChange, diff_content
from fieldkit.authoring.diff_report import diff_report, guide_report
from fieldkit.authoring.explore import UNSET, fact_values
from fieldkit.authoring.loading import load_for_authoring
from fieldkit.cli import main

FIX = Path(__file__).parents[1] / "fixtures" / "authoring"
BASE, CHANGED = FIX / "base", FIX / "changed"



def copy_base(tmp_path: Path) -> Path:
    root = tmp_path / "new"
    shutil.copytree(BASE, root)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_changed_condition_is_listed_and_its_outcomes_found() -> None:
    d = diff_content(BASE, CHANGED)
    (g,) = d.guides
    assert g.status == "changed"
    age = next(b for b in g.branches if b.step == "age")
    assert "if subject_age < 13 go refer" in age.old
    assert "if subject_age < 14 go refer" in age.new
    assert [s.id for s in g.added] == ["kind"]
    assert [s.id for s in g.removed] == ["note"]
    assert [(r.step, r.field) for r in g.reworded] == [("adult", "ask")]
    # 13-year-olds with no adult involved were not referred before and are now.
    to_referral = [c for c in g.outcome_changes if c.new == "immediate-referral"]
    assert to_referral and all(c.facts["subject_age"] == [13] for c in to_referral)
    assert {c.old for c in to_referral} == {"investigate", "safeguard-educate"}
    # A laptop now means investigation where there was no aggravating factor before.
    laptop = [c for c in g.outcome_changes if c.facts.get("device_kind") == ["laptop"]]
    assert laptop and laptop[0].old == "safeguard-educate" and laptop[0].new == "investigate"
    assert not g.capped and g.covered == g.combinations
    assert d.outcomes_changed


def test_diff_command_output_and_exit_code(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["content", "diff", str(BASE), str(CHANGED)]) == 1
    out = capsys.readouterr().out
    assert "== sample: Sample guide for authoring tools (1.0.0 -> 1.1.0) ==" in out
    assert "- if subject_age < 13 go refer" in out
    assert "+ if subject_age < 14 go refer" in out
    assert "was: Is an adult involved?" in out
    assert "OUTCOME CHANGES" in out
    assert "was safeguard-educate, now immediate-referral, when:" in out
    assert "subject_age = 13; adult_involved = no" in out
    assert "checked all 108 combinations of 4 decision facts" in out
    assert out.rstrip().endswith("RESULT: outcomes change in 1 guide: sample.")


def test_no_change_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["content", "diff", str(BASE), str(BASE)]) == 0
    out = capsys.readouterr().out
    assert "RESULT: no outcome changes." in out
    assert "Unchanged guides (1): sample" in out


def test_rewording_alone_changes_no_outcome(tmp_path: Path) -> None:
    new = copy_base(tmp_path)
    edit(new / "guides" / "sample.yaml", "show: Do not view or copy the imagery.",
         "show: Never view, copy or forward the imagery.")
    d = diff_content(BASE, new)
    (g,) = d.guides
    assert [(r.step, r.field) for r in g.reworded] == [("note", "show")]
    assert g.outcome_changes == [] and not d.outcomes_changed
    text = diff_report(d)
    assert "The guide changed but its version is still 1.0.0: bump it." in text
    assert "No combination of facts reaches a different outcome." in text


def test_narrowed_condition_shows_who_is_no_longer_referred(tmp_path: Path) -> None:
    new = copy_base(tmp_path)
    edit(new / "guides" / "sample.yaml", "if: {adult_involved: [yes, unknown]}",
         "if: {adult_involved: yes}")
    d = diff_content(BASE, new)
    g = d.guides[0]
    assert g.outcome_changes
    for c in g.outcome_changes:
        assert c.facts["adult_involved"] == ["unknown"]
        assert c.facts["subject_age"] == [13, 14]  # every age from 13 up that was tried
        assert c.old == "immediate-referral"
    assert "subject_age >= 13; adult_involved = unknown" in diff_report(d)


def test_scenario_results_that_change_are_listed(tmp_path: Path) -> None:
    new = copy_base(tmp_path)
    edit(new / "guides" / "sample.yaml", "{subject_age: {lt: 13}}", "{subject_age: {lt: 16}}")
    g = diff_content(BASE, new).guides[0]
    names = {s.name: s for s in g.scenario_changes}
    wide = names["A 15-year-old, no adult, shared widely"]
    assert (wide.old, wide.new, wide.expected) == ("investigate", "immediate-referral",
                                                   "investigate")
    assert "expected investigate" in diff_report(diff_content(BASE, new))


def test_cap_is_reported(tmp_path: Path) -> None:
    d = diff_content(BASE, CHANGED, limit=3)
    g = d.guides[0]
    assert g.capped and g.routes == 3 and g.covered < g.combinations
    text = diff_report(d)
    assert "CAPPED: stopped after 3 routes" in text
    assert "Checking was capped for: sample" in text


def test_added_and_removed_guides_count_as_outcome_changes(tmp_path: Path) -> None:
    new = copy_base(tmp_path)
    (new / "guides" / "sample.yaml").rename(new / "guides" / "other.yaml")
    edit(new / "guides" / "other.yaml", "guide: sample", "guide: other")
    d = diff_content(BASE, new)
    assert {g.guide: g.status for g in d.guides} == {"other": "added", "sample": "removed"}
    assert d.outcomes_changed


def test_number_values_are_condition_boundaries_within_question_limits() -> None:
    guide = load_for_authoring(BASE).guides["sample"]
    facts = load_for_authoring(BASE).content.facts
    assert fact_values("subject_age", [guide], facts) == [12, 13, 14]
    assert fact_values("adult_involved", [guide], facts) == ["yes", "no", "unknown"]
    # A fact the guide never asks may be unknown when a walk reaches a test of it.
    assert fact_values("device_kind", [guide], facts) == ["phone", "laptop", "other", UNSET]


def test_missing_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["content", "diff", str(BASE), str(tmp_path / "nowhere")]) == 2
    assert "not a content folder" in capsys.readouterr().err


def test_groups_share_common_clauses_and_numbers_read_as_ranges() -> None:
    d = GuideDiff("g", "G", "1.0.0", "1.1.0", facts=["age", "a", "b"],
                  tried={"age": [12, 13, 14], "a": ["yes", "no"], "b": ["yes", "no", UNSET]})
    d.outcome_changes = [
        OutcomeChange({"age": [12], "a": ["yes"]}, "x", "y"),
        OutcomeChange({"age": [12], "a": ["no"], "b": ["yes", UNSET]}, "x", "y"),
        OutcomeChange({"age": [13], "a": ["no"]}, "x", "z"),
        OutcomeChange({"age": [13, 14], "b": ["no"]}, "y", "z"),
    ]
    text = "\n".join(guide_report(d))
    assert "was x, now y, when:\n        all of: age <= 12\n        and any one of:" in text
    assert "          * a = yes\n          * a = no; b = yes, or not set" in text
    assert "was x, now z, when:\n        * age = 13; a = no" in text
    assert "* age >= 13; b = no" in text


def test_review_trail_reports_status_changes_and_open_points(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = tmp_path / "old"
    shutil.copytree(BASE, old)
    guide = next((old / "guides").glob("*.yaml"))
    point = ("open_points:\n  - id: {pid}\n    claim: Not yet checked.\n    affects: [age]\n"
             "    source: [{src}]\n    settle: A specialist checks it.\n")
    guide.write_text(guide.read_text() + point.format(pid="first-point", src="test-src"))
    new = copy_base(tmp_path)
    path = new / "guides" / guide.name
    edit(path, "status: draft\n", "status: approved\n")
    path.write_text(path.read_text() + "approved_by: Online CSA specialist team\n"
                    "approved_on: 2026-11-01\n")
    result = diff_content(old, new)
    (ch,) = result.trail
    assert (ch.old_status, ch.new_status) == ("draft",
                                              "approved by Online CSA specialist team on "
                                              "2026-11-01")
    assert (ch.opened, ch.closed) == ([], ["first-point"])
    main(["content", "diff", str(old), str(new)])
    out = capsys.readouterr().out
    gid = guide.stem
    assert (f"  ~ guide:{gid}: status draft -> approved by Online CSA specialist team on "
            "2026-11-01") in out
    assert "      closed open points: first-point" in out
    # And the other way: a point opened on a draft.
    path.write_text(guide.read_text().replace("first-point", "second-point"))
    (ch,) = diff_content(old, new).trail
    assert (ch.status_changed, ch.opened, ch.closed) == (False, ["second-point"],
                                                         ["first-point"])
