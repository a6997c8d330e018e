"""Open points and approval: each checker rule, reported at its exact line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from fieldkit.content import load_content
from tests.content.test_checker import GUIDE, line_of, make, rules_at

SIGN_OFF = "approved_by: Online CSA specialist team\napproved_on: 2026-11-01\n"
POINT = """open_points:
  - id: age-wording
    claim: The age threshold is not confirmed.
    affects: [age, refer-now]
    source: [src]
    check: Section 2
    settle: A specialist reads section 2 and confirms the age.
"""


def with_point(tmp_path: Path, status: str = "status: draft\n", point: str = POINT,
               signed: bool = False) -> Path:
    """The sample guide with one open point; a draft with its sign-off removed unless `signed`."""
    root = make(tmp_path, GUIDE, "status: approved\n", status + point)
    if not signed:
        path = root / GUIDE
        path.write_text(path.read_text(encoding="utf-8").replace(SIGN_OFF, ""), "utf-8")
    return root


def test_open_point_loads_onto_the_header(tmp_path: Path) -> None:
    root = with_point(tmp_path)
    content = load_content(root, today=date(2026, 11, 21))
    assert content.report.ok, content.report.errors
    h = content.guides["sample"].header
    (p,) = h.open_points
    assert (p.id, p.affects, p.source, p.check) == ("age-wording", ("age", "refer-now"),
                                                     ("src",), "Section 2")
    assert p.where is not None and p.where.line == line_of(root, GUIDE, "- id: age-wording")
    assert [x.id for x in h.points_on("age")] == ["age-wording"]
    assert h.points_on("adult") == []


CASES = [
    # (rule, old, new, marker on the reported line)
    ("unknown-step", "affects: [age, refer-now]", "affects: [age, refer-nowe]", "refer-nowe"),
    ("unknown-source", "    source: [src]", "    source: [srx]", "source: [srx]"),
    ("duplicate-id", "    settle: A specialist reads section 2 and confirms the age.\n",
     "    settle: A specialist reads section 2 and confirms the age.\n"
     "  - id: age-wording\n    claim: again\n    affects: [age]\n    source: [src]\n"
     "    settle: again\n", "  - id: age-wording\n    claim: again"),
    ("missing-key", "    settle: A specialist reads section 2 and confirms the age.\n", "",
     "- id: age-wording"),
    ("unknown-key", "    check: Section 2", "    checks: Section 2", "checks: Section 2"),
]


@pytest.mark.parametrize(("rule", "old", "new", "marker"), CASES,
                         ids=[c[0] for c in CASES])
def test_open_point_rules_at_exact_line(tmp_path: Path, rule: str, old: str, new: str,
                                        marker: str) -> None:
    root = with_point(tmp_path)
    path = root / GUIDE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    want = line_of(root, GUIDE, marker.splitlines()[0]) if "\n" not in marker else \
        _line_of_block(root, marker)
    got = rules_at(root)
    assert (rule, want) in got, f"wanted {rule} at line {want}; got {got}"


def _line_of_block(root: Path, block: str) -> int:
    text = (root / GUIDE).read_text(encoding="utf-8")
    return text[: text.index(block)].count("\n") + 1


def test_approved_guide_with_open_points_is_an_error(tmp_path: Path) -> None:
    root = with_point(tmp_path, "status: approved\n", signed=True)
    assert ("approved-with-open-points", line_of(root, GUIDE, "status: approved")) in \
        rules_at(root)
    report = load_content(root, today=date(2026, 11, 21)).report
    line = line_of(root, GUIDE, "status: approved")
    assert any(str(d).startswith(f"{root / GUIDE}:{line}:9: error[approved-with-open-points]")
               for d in report.errors)


@pytest.mark.parametrize("missing", ["approved_by", "approved_on"])
def test_approved_needs_who_and_when(tmp_path: Path, missing: str) -> None:
    old = {"approved_by": "approved_by: Online CSA specialist team\n",
           "approved_on": "approved_on: 2026-11-01\n"}[missing]
    root = make(tmp_path, GUIDE, old, "")
    got = found_messages(root)
    line = line_of(root, GUIDE, "status: approved")
    assert any(r == "approval-missing" and ln == line and f"'{missing}'" in msg
               for r, ln, msg in got), got


def test_approved_on_in_the_future_is_an_error(tmp_path: Path) -> None:
    root = make(tmp_path, GUIDE, "approved_on: 2026-11-01", "approved_on: 2099-01-01")
    assert ("bad-date", line_of(root, GUIDE, "approved_on: 2099")) in rules_at(root)


def test_summary_listing_points_in_prose_is_a_warning(tmp_path: Path) -> None:
    root = make(tmp_path, GUIDE, "summary: A small guide that proves the engine end to end.",
                "summary: Draft because (1) one thing and (2) another.")
    assert ("open-points-in-summary", line_of(root, GUIDE, "summary: Draft")) in rules_at(root)


def found_messages(root: Path) -> list[tuple[str, int, str]]:
    report = load_content(root, today=date(2026, 11, 21)).report
    return [(d.rule, d.line, d.message) for d in report.items]


SIGNPOSTS = """title: Services
version: 1.0.0
owner: Test
sources:
  s1: {title: A page}
open_points:
  - id: hours
    claim: The hours are not confirmed.
    affects: [helpline]
    source: [s1]
    settle: The service confirms its hours.
signposts:
  - id: helpline
    name: A helpline
    what: Help.
    for: [child]
    contact: [{kind: web, value: https://example.org}]
    hours: Check the service's website
    verified: 2026-11-01
    status: draft
    cite: [s1]
"""


def test_signpost_open_points(tmp_path: Path) -> None:
    root = make(tmp_path)
    (root / "signposts").mkdir()
    path = root / "signposts" / "national.yaml"
    path.write_text(SIGNPOSTS, encoding="utf-8")
    content = load_content(root, today=date(2026, 11, 21))
    assert content.report.ok, content.report.errors
    assert [p.id for p in content.signposts["helpline"].open_points] == ["hours"]
    assert [p.id for p in content.signpost_points] == ["hours"]
    path.write_text(SIGNPOSTS.replace("affects: [helpline]", "affects: [helpline, nope]")
                    .replace("    status: draft\n", "    status: approved\n"), encoding="utf-8")
    got = rules_at(root, "signposts/national.yaml")
    assert ("unknown-signpost", line_of(root, "signposts/national.yaml", "nope")) in got
    assert ("approved-with-open-points",
            line_of(root, "signposts/national.yaml", "status: approved")) in got


UI = Path(__file__).parents[1] / "fixtures" / "ui-content"


@pytest.mark.parametrize(("rel", "good", "rule"), [
    ("scripts/first-contact.yaml", None, "unknown-section"),
    ("checklists/before-leaving.yaml", None, "unknown-item"),
    ("talks/pupils-test.yaml", "safeguarding", "unknown-section"),
])
def test_each_kind_checks_what_its_points_name(tmp_path: Path, rel: str, good: str | None,
                                               rule: str) -> None:
    """Scripts name sections, checklists items, talks sections (or their safeguarding and
    key_messages lines); a name that is not there is an error at its line."""
    import shutil

    root = tmp_path / "c"
    shutil.copytree(UI, root)
    path = root / rel
    text = path.read_text(encoding="utf-8")
    target = good or next(line.split("id:")[1].strip() for line in text.splitlines()
                          if line.startswith("  - id:"))
    block = ("open_points:\n  - id: p1\n    claim: Unconfirmed.\n    affects: [{t}]\n"
             "    source: [{s}]\n    settle: Checked.\n")
    source = next(line.strip().rstrip(":") for line in
                  text.split("\nsources:\n", 1)[1].splitlines()
                  if line.startswith("  ") and not line.startswith("   "))
    text = text.replace("status: approved\n", "status: draft\n")
    path.write_text(text + block.format(t=target, s=source), encoding="utf-8")
    content = load_content(root, today=date(2026, 11, 21))
    assert [d for d in content.report.errors if d.path.endswith(rel)] == []
    path.write_text(text + block.format(t="not-there", s=source), encoding="utf-8")
    assert (rule, line_of(root, rel, "affects: [not-there]")) in rules_at(root, rel)
