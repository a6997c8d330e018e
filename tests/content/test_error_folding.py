"""One slip, one error: a YAML syntax error is reported once, where it starts, first; what only
follows from the failed file is folded under it; the officer app keeps every guide that has no
error of its own, minus any link to what failed, and says so."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fieldkit.content import builtin_content_dir, load_content

SAMPLE = Path(__file__).parents[1] / "fixtures" / "sample-content"


@pytest.fixture
def one_slip(tmp_path: Path) -> Path:
    """The shipped content with one missing ']' in the youth-imagery guide."""
    root = tmp_path / "content"
    shutil.copytree(builtin_content_dir(), root)
    guide = root / "guides" / "youth-imagery.yaml"
    lines = guide.read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(i for i, ln in enumerate(lines) if "cite: [" in ln and ln.rstrip().endswith("]"))
    lines[n] = lines[n].rstrip()[:-1] + "\n"
    guide.write_text("".join(lines), encoding="utf-8")
    root.joinpath("slip-line").write_text(str(n + 1))
    return root


def test_a_missing_bracket_is_one_error_at_its_line_first_in_the_list(one_slip: Path) -> None:
    slip = int(one_slip.joinpath("slip-line").read_text())
    content = load_content(one_slip)
    errors = content.report.errors
    assert len(errors) == 1, [str(d) for d in errors]
    [first] = content.report.sorted()[:1]
    assert first.path.endswith("youth-imagery.yaml") and first.rule == "yaml-syntax"
    assert first.line == slip  # where the '[' opens, not the line after
    assert "'[' is never closed" in first.message
    folded = content.folded[first.path]
    assert len(folded) >= 3
    assert f"[{len(folded)} more errors because youth-imagery.yaml could not be read]" \
        in first.message
    assert all("youth-imagery" in d.message for d in folded)  # only what follows from it


def test_the_officer_app_keeps_every_guide_with_no_error_of_its_own(one_slip: Path) -> None:
    shipped = load_content(builtin_content_dir())
    content = load_content(one_slip)
    assert set(content.guides) == set(shipped.guides) - {"youth-imagery"}
    assert list(content.refused) == [str(one_slip / "guides" / "youth-imagery.yaml")]
    # Outcomes that walked on to youth-imagery lose that link, and say so.
    linked = {(g.id, s.id) for g in shipped.guides.values() for s in g.steps.values()
              if "youth-imagery" in s.then and g.id != "youth-imagery"}
    assert linked and set(content.lost_links) == linked
    for gid, sid in linked:
        assert "youth-imagery" not in content.guides[gid].steps[sid].then
        assert content.lost_links[(gid, sid)] == [
            "the guide 'youth-imagery' (youth-imagery.yaml did not load)"]


def test_a_guide_refused_for_its_own_errors_does_not_take_others_with_it(
        tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(builtin_content_dir(), root)
    guide = root / "guides" / "youth-imagery.yaml"
    guide.write_text(guide.read_text(encoding="utf-8").replace(
        "status: draft", "status: final", 1), encoding="utf-8")
    content = load_content(root)
    assert "youth-imagery" not in content.guides
    assert {"device-seizure", "outcome-21"} <= set(content.guides)
    assert [d.rule for d in content.report.errors] == ["bad-status"]
    assert any(k[0] == "device-seizure" for k in content.lost_links)


def test_an_impossible_date_in_one_guide_does_not_stop_the_others(tmp_path: Path) -> None:
    """A date the calendar lacks is that guide's own syntax error: the other guides load."""
    root = tmp_path / "c"
    shutil.copytree(SAMPLE, root)
    second = (root / "guides" / "sample.yaml").read_text().replace("guide: sample",
                                                                    "guide: other")
    (root / "guides" / "other.yaml").write_text(second.replace("reviewed: 2026-11-01",
                                                               "reviewed: 2026-02-30"))
    content = load_content(root)
    assert "sample" in content.guides and "other" not in content.guides
    assert [d.rule for d in content.report.errors] == ["yaml-syntax"]


def test_a_real_broken_link_still_refuses_its_guide(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(builtin_content_dir(), root)
    guide = root / "guides" / "device-seizure.yaml"
    text = guide.read_text(encoding="utf-8")
    assert "then: [youth-imagery]" in text
    guide.write_text(text.replace("then: [youth-imagery]", "then: [youth-imagry]", 1),
                     encoding="utf-8")
    content = load_content(root)
    assert "device-seizure" not in content.guides  # a typo is the guide's own error
    assert any(d.rule == "unknown-guide" for d in content.report.errors)
