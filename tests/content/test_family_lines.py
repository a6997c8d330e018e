"""Scripts' family lines are checked like other content: who they are for, and nothing left
for the officer to fill in."""

from __future__ import annotations

import shutil
from pathlib import Path

from fieldkit.content import load_content

UI_CONTENT = Path(__file__).parents[1] / "fixtures" / "ui-content"


def test_family_lines_load_with_their_audience() -> None:
    [block] = load_content(UI_CONTENT).scripts["first-contact"].family
    assert block.for_ == "child" and block.title == "The police are here to help"
    assert [ln.text for ln in block.lines] == ["My name is {officer}. I am a police officer.",
                                               "You are not in trouble."]


def test_a_wrong_audience_or_a_gap_to_fill_is_an_error(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(UI_CONTENT, root)
    path = root / "scripts" / "first-contact.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("  - for: child\n", "  - for: children\n")
    path.write_text(text + "  - for: parent\n    title: For you\n    lines:\n"
                    "      - text: \"I'm ..., from {team}.\"\n        cite: [test-src]\n",
                    encoding="utf-8")
    content = load_content(root)
    errors = [(d.line, d.message) for d in content.report.errors]
    assert any("family lines are for one of child, young-person, parent" in m and
               "did you mean 'child'" in m for _line, m in errors), errors
    assert any("no '...' to fill in" in m for _line, m in errors), errors
    assert "first-contact" not in content.scripts  # refused, like any script with errors
