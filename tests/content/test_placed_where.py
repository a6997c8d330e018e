"""Locations the loader makes from byte offsets, read only when asked, are the very ones the
full reader's eager locations give: every Where in the model, and every reported problem."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from fieldkit import yamlfast
from fieldkit.content import load_content
from fieldkit.content.model import Where
from fieldkit.ynodes import Lines

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = [ROOT / "content", ROOT / "tests" / "fixtures" / "sample-content",
           ROOT / "tests" / "fixtures" / "ui-content-broken"]

pytestmark = pytest.mark.skipif(not yamlfast.ENABLED, reason="rapidyaml not installed")


def wheres(x: Any, out: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Every Where in the model, in a fixed order, as plain (path, line, col)."""
    if isinstance(x, Where):
        out.append((x.path, x.line, x.col))
    elif dataclasses.is_dataclass(x) and not isinstance(x, type):
        for f in dataclasses.fields(x):
            wheres(getattr(x, f.name), out)
    elif isinstance(x, dict):
        for k, v in x.items():
            wheres(k, out)
            wheres(v, out)
    elif isinstance(x, (list, tuple)):
        for v in x:
            wheres(v, out)
    return out


def loaded(folder: Path, fast: bool) -> tuple[list[tuple[str, int, int]], list[str]]:
    enabled = yamlfast.ENABLED
    yamlfast.ENABLED = fast
    try:
        content = load_content(folder)
    finally:
        yamlfast.ENABLED = enabled
    found = wheres([content.facts, content.guides, content.scripts, content.checklists,
                    content.talks, content.signposts, content.scenarios], [])
    return found, [str(d) for d in content.report.items]


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_fast_and_full_reader_give_the_same_locations(folder: Path) -> None:
    fast, fast_report = loaded(folder, True)
    full, full_report = loaded(folder, False)
    assert len(fast) > 10
    assert fast == full
    assert fast_report == full_report


def test_a_placed_where_reads_and_compares_as_a_plain_one() -> None:
    raw = b"a: 1\nbb: [x, yy]\n"
    placed = Where.placed("f.yaml", Lines(raw, True), raw.index(b"yy"))
    plain = Where("f.yaml", 2, 9)
    assert placed == plain and hash(placed) == hash(plain)
    assert str(placed) == "f.yaml:2:9" and repr(placed) == repr(plain)
    assert dataclasses.replace(placed, col=1) == Where("f.yaml", 2, 1)
    with pytest.raises(AttributeError):
        placed.nothing  # noqa: B018
