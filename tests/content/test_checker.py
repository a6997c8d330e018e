"""Every checker rule, each with a file that breaks it and the exact line reported."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from fieldkit.content import load_content

SAMPLE = Path(__file__).parents[1] / "fixtures" / "sample-content"
GUIDE = "guides/sample.yaml"


def make(tmp_path: Path, rel: str = GUIDE, old: str | None = None, new: str = "") -> Path:
    """A copy of the sample content with one text replacement in one file."""
    root = tmp_path / "content"
    shutil.copytree(SAMPLE, root)
    if old is not None:
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture text not found: {old!r}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return root


def line_of(root: Path, rel: str, marker: str) -> int:
    lines = (root / rel).read_text(encoding="utf-8").splitlines()
    return next(i for i, text in enumerate(lines, 1) if marker in text)


def found(root: Path) -> list[tuple[str, str, int, str]]:
    report = load_content(root, today=date(2026, 11, 21)).report
    return [(Path(d.path).name, d.rule, d.line, d.message) for d in report.items]


def rules_at(root: Path, rel: str = GUIDE) -> set[tuple[str, int]]:
    name = Path(rel).name
    return {(rule, line) for f, rule, line, _ in found(root) if f == name}


def test_sample_is_clean(tmp_path: Path) -> None:
    assert found(make(tmp_path)) == []


CASES = [
    # (rule, old text, new text, marker on the reported line)
    ("unknown-key", "    why: Under-13s", "    whyy: Under-13s", "whyy:"),
    ("missing-key", "    fact: adult_involved\n", "", "- id: adult"),
    ("empty-text", "    show: Do not view, copy or forward the imagery.", '    show: "  "',
     'show: "  "'),
    ("bad-id", "  - id: wide\n", "  - id: Wide Step\n", "Wide Step"),
    ("bad-version", "version: 1.0.0", "version: one", "version: one"),
    ("bad-date", "reviewed: 2026-11-01", "reviewed: last week", "reviewed: last week"),
    ("bad-status", "status: approved", "status: aproved", "status: aproved"),
    ("duplicate-id", "  - id: wide\n", "  - id: adult # again\n", "adult # again"),
    ("unknown-step", "        go: investigate", "        go: investigat", "go: investigat"),
    ("unknown-fact", "    fact: shared_widely", "    fact: shared_wide", "fact: shared_wide"),
    ("bad-value", "if: {shared_widely: yes}", "if: {shared_widely: maybe}", "maybe"),
    ("bad-condition", "if: {subject_age: {lt: 13}}", "if: {subject_age: {less: 13}}", "less"),
    ("bad-condition", "if: {shared_widely: yes}", "if: {shared_widely: {lt: 3}}", "lt: 3"),
    ("unknown-source", "    cite: [src]\n    next:\n      - if: {subject_age",
     "    cite: [srcx]\n    next:\n      - if: {subject_age", "srcx"),
    ("unknown-guide", "    then: [sample]", "    then: [sampel]", "sampel"),
    ("unknown-step", "start: age", "start: agee", "start: agee"),
    ("step-kind", "  - id: advice\n    show:", "  - id: advice\n    ask: x\n    show:",
     "- id: advice"),
    ("bad-type", "    min: 0", "    min: zero", "min: zero"),
    ("duplicate-key", "    why: Under-13s cannot consent.",
     "    why: Under-13s cannot consent.\n    why: again", "why: again"),
    ("yaml-syntax", "title: Sample guide", "title: Sample: guide", "title: Sample: guide"),
    ("yaml-tag", "title: Sample guide", "title: !!python/name:os.system x", "python/name"),
    ("yaml-alias", "summary: A small guide that proves the engine end to end.",
     "summary: &a A small guide\nowner2: *a", "*a"),
    ("unreachable-branch", "      - go: adult\n", "      - go: adult\n      - go: wide # never\n",
     "go: wide # never"),
    ("no-default", "      - go: educate\n",
     "      - if: {shared_widely: no}\n        go: educate\n", "if: {shared_widely: no}"),
]


@pytest.mark.parametrize(("rule", "old", "new", "marker"), CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_rule_reported_at_exact_line(tmp_path: Path, rule: str, old: str, new: str,
                                     marker: str) -> None:
    root = make(tmp_path, GUIDE, old, new)
    expected_line = line_of(root, GUIDE, marker)
    got = rules_at(root)
    assert (rule, expected_line) in got, f"wanted {rule} at line {expected_line}; got {got}"


def test_error_line_format_names_file_line_col_rule(tmp_path: Path) -> None:
    root = make(tmp_path, GUIDE, "    why: Under-13s", "    whyy: Under-13s")
    report = load_content(root).report
    text = str(report.errors[0])
    line = line_of(root, GUIDE, "whyy:")
    assert text.startswith(f"{root / GUIDE}:{line}:5: error[unknown-key]: unknown key 'whyy'")
    assert "did you mean 'why'?" in text


def test_unreachable_step(tmp_path: Path) -> None:
    root = make(tmp_path, GUIDE, "      - go: educate\n", "      - go: investigate\n")
    assert ("unreachable-step", line_of(root, GUIDE, "- id: educate")) in rules_at(root)


def test_dead_end_loop_without_exit(tmp_path: Path) -> None:
    old = "    next: [{go: wide}]"
    root = make(tmp_path, GUIDE, old, "    next: [{go: loop}]\n  - id: loop\n    show: Again"
                "\n    cite: [src]\n    next: [{go: advice}]")
    got = rules_at(root)
    assert ("dead-end", line_of(root, GUIDE, "- id: loop")) in got
    assert ("dead-end", line_of(root, GUIDE, "- id: advice")) in got


def test_warnings_are_not_errors(tmp_path: Path) -> None:
    root = make(tmp_path, GUIDE, "review_due: 2099-05-01", "review_due: 2026-11-02")
    root2 = make(tmp_path / "b", GUIDE, "    cite: [src]\n    next: [{go: wide}]",
                 "    next: [{go: wide}]")
    report = load_content(root, today=date(2026, 11, 21)).report
    assert report.ok and report.errors == []
    # Not yet overdue on the 21st; overdue a day after it was due:
    late = load_content(root, today=date(2026, 11, 3)).report
    assert [d.rule for d in late.warnings] == ["review-overdue"]
    assert load_content(root2).report.ok
    assert [d.rule for d in load_content(root2).report.warnings] == ["missing-cite"]


def test_all_problems_collected_and_bad_file_does_not_hide_others(tmp_path: Path) -> None:
    root = make(tmp_path, GUIDE, "    why: Under-13s", "    whyy: Under-13s")
    other = (root / GUIDE).read_text().replace("guide: sample", "guide: second").replace(
        "whyy:", "why:").replace("version: 1.0.0", "version: x").replace("then: [sample]", "")
    (root / "guides" / "second.yaml").write_text(other)
    (root / "guides" / "broken.yaml").write_text("guide: [oops\n")
    files = {(f, r) for f, r, _, _ in found(root)}
    assert ("sample.yaml", "unknown-key") in files
    assert ("second.yaml", "bad-version") in files
    assert ("broken.yaml", "yaml-syntax") in files


def test_facts_typo_in_scenario_is_caught(tmp_path: Path) -> None:
    root = make(tmp_path, "scenarios/sample.yaml", "facts: {subject_age: 12}",
                "facts: {subject_ag: 12}")
    got = rules_at(root, "scenarios/sample.yaml")
    assert ("unknown-fact", line_of(root, "scenarios/sample.yaml", "subject_ag:")) in got


def test_duplicate_fact_and_bad_fact_type(tmp_path: Path) -> None:
    root = make(tmp_path, "facts.yaml", "  - id: apps\n    label: Apps in use\n    type: multi",
                "  - id: apps\n    label: Apps in use\n    type: multiple")
    assert ("bad-fact-type", line_of(root, "facts.yaml", "type: multiple")) in rules_at(
        root, "facts.yaml")
    (root / "facts").mkdir()
    (root / "facts" / "more.yaml").write_text("facts:\n  - id: subject_age\n    label: again\n"
                                              "    type: number\n")
    assert ("duplicate-id", 2) in rules_at(root, "facts/more.yaml")


def test_no_content_and_missing_folder(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert [d.rule for d in load_content(empty).report.errors] == ["missing-file", "no-content"]
    assert [d.rule for d in load_content(tmp_path / "nope").report.errors] == ["no-content"]


def test_not_utf8_is_located(tmp_path: Path) -> None:
    root = make(tmp_path)
    (root / GUIDE).write_bytes(b"guide: sample\ntitle: caf\xe9\n")
    assert ("encoding", 2) in rules_at(root)


def test_refused_guide_is_not_offered(tmp_path: Path) -> None:
    root = make(tmp_path, GUIDE, "        go: investigate", "        go: nowhere")
    content = load_content(root)
    assert "sample" not in content.guides
    assert str(root / GUIDE) in content.refused


SCRIPT = """script: s
title: A script
version: 1.0.0
status: draft
owner: T
reviewed: 2026-11-01
review_due: 2099-01-01
for: child
sources: {src: {title: S}}
sections:
  - id: intro
    title: Introduce yourself
    say:
      - text: Hello.
        cite: [src]
    avoid:
      - text: Why did you do it?
        instead: Can you tell me what happened?
        cite: [src]
"""

SIGNPOSTS = """title: Services
signposts:
  - id: helpline
    name: A helpline
    what: Help.
    for: [child, parnet]
    contact:
      - kind: phone
        value: "0000"
    hours: Always
    verified: 2024-01-01
    cite: [nosuch]
"""


def test_scripts_signposts_checked(tmp_path: Path) -> None:
    root = make(tmp_path)
    (root / "scripts").mkdir()
    (root / "scripts" / "s.yaml").write_text(SCRIPT)
    (root / "signposts").mkdir()
    (root / "signposts" / "national.yaml").write_text(SIGNPOSTS)
    content = load_content(root, today=date(2026, 11, 21))
    assert "s" in content.scripts and content.scripts["s"].sections[0].avoid[0].instead
    got = rules_at(root, "signposts/national.yaml")
    assert ("bad-value", 6) in got  # 'parnet'
    assert ("signpost-stale", 11) in got
    assert ("unknown-source", 12) in got
    msg = next(m for f, r, _, m in found(root) if r == "bad-value" and f == "national.yaml")
    assert "did you mean 'parent'?" in msg
