"""Author mode: reload on save, the problems panel, walking from any step, the tree view."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from fieldkit.ui.author.mode import DEBOUNCE_MS, AuthorWindow, open_author

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "authoring"
RELOAD_MS = 2000  # generous for a slow CI machine; the debounce itself is DEBOUNCE_MS


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(FIX / "base", root)
    return root


def author(qtbot: QtBot, root: Path) -> AuthorWindow:
    w = AuthorWindow(root)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def problem_lines(w: AuthorWindow) -> list[str]:
    return [w.problems.list.item(i).text() for i in range(w.problems.list.count())]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_reloads_within_a_second_of_a_save(qtbot: QtBot, folder: Path) -> None:
    assert DEBOUNCE_MS < 1000
    w = author(qtbot, folder)
    assert problem_lines(w) == []
    assert "content checks clean" in w.problems.summary.text()
    guide = folder / "guides" / "sample.yaml"
    with qtbot.waitSignal(w.reloaded, timeout=RELOAD_MS):
        edit(guide, "fact: adult_involved", "fact: adult_involvd")
    lines = problem_lines(w)
    assert any("error[unknown-fact]" in line and "adult_involvd" in line for line in lines)
    assert "1 error" in w.problems.summary.text()
    # An editor that saves by writing a new file and renaming it over the old one.
    with qtbot.waitSignal(w.reloaded, timeout=RELOAD_MS):
        tmp = guide.with_name(".sample.yaml.swp")
        tmp.write_text(guide.read_text().replace("adult_involvd", "adult_involved"))
        os.replace(tmp, guide)
    qtbot.waitUntil(lambda: problem_lines(w) == [], timeout=RELOAD_MS)
    # ...and the replaced file is still watched.
    with qtbot.waitSignal(w.reloaded, timeout=RELOAD_MS):
        edit(guide, "status: draft", "status: final")
    assert any("bad-status" in line for line in problem_lines(w))


def test_a_new_guide_file_is_picked_up(qtbot: QtBot, folder: Path) -> None:
    w = author(qtbot, folder)
    text = (folder / "guides" / "sample.yaml").read_text().replace("guide: sample",
                                                                   "guide: second")
    with qtbot.waitSignal(w.reloaded, timeout=RELOAD_MS):
        (folder / "guides" / "second.yaml").write_text(text)
    qtbot.waitUntil(lambda: w.guides.count() == 2, timeout=RELOAD_MS)
    assert [w.guides.item(i).text() for i in range(2)] == ["sample", "second"]


def test_clicking_a_problem_shows_file_line_and_offending_text(qtbot: QtBot,
                                                              tmp_path: Path) -> None:
    root = tmp_path / "broken"
    shutil.copytree(FIX / "broken", root)
    w = author(qtbot, root)
    lines = problem_lines(w)
    assert len(lines) == 3 and all("error[" in line for line in lines)
    target = next(i for i, line in enumerate(lines) if "unreachable-step" in line)
    item = w.problems.list.item(target)
    rect = w.problems.list.visualItemRect(item)
    qtbot.mouseClick(w.problems.list.viewport(), Qt.MouseButton.LeftButton,
                     pos=rect.center())
    assert w.tabs.currentWidget() is w.source
    assert "broken.yaml, line 29, column 9" in w.source.where.text()
    assert "unreachable-step" in w.source.where.text()
    assert "- id: orphan" in w.source.offending.text()
    assert w.source.offending_text().strip() == "- id: orphan"
    assert w.source.text.textCursor().blockNumber() == 28
    # The refused guide is still listed and drawn, so the author can fix it.
    assert w.guides.item(0).text() == "broken"
    assert "orphan" in w.graph.boxes


def click(qtbot: QtBot, w: AuthorWindow, name: str) -> None:
    qtbot.waitUntil(lambda: bool([b for b in w.walk_panel.findChildren(QPushButton, name)
                                  if b.isVisible()]), timeout=1000)
    button = next(b for b in w.walk_panel.findChildren(QPushButton, name) if b.isVisible())
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_walk_from_any_step_and_set_facts_directly(qtbot: QtBot, folder: Path) -> None:
    w = author(qtbot, folder)
    panel = w.walk_panel
    assert panel.current_step() == "age"
    w.walk_from("wide")
    assert panel.current_step() == "wide"
    click(qtbot, w, "author-answer-yes")
    assert panel.current_step() == "investigate"
    assert panel.step_tag.text().startswith("OUTCOME  investigate")
    # Set a fact in the facts panel: the walk re-routes at once.
    panel.restart("age")
    assert panel.current_step() == "age"
    age = panel.fact_editors["subject_age"]
    assert isinstance(age, QLineEdit)
    age.setText("12")
    age.editingFinished.emit()
    assert panel.current_step() == "refer"
    age.setText("16")
    age.editingFinished.emit()
    assert panel.current_step() == "adult"
    age.setText("not a number")
    age.editingFinished.emit()
    assert "number" in panel.error.text()
    # The tree outlines where the walk stands.
    assert w.graph.boxes["adult"].pen().widthF() == pytest.approx(4.0)


def test_walk_is_kept_across_reloads(qtbot: QtBot, folder: Path) -> None:
    w = author(qtbot, folder)
    panel = w.walk_panel
    entry = next(e for e in panel.findChildren(QLineEdit, "author-answer-text")
                 if e.isVisible())
    qtbot.keyClicks(entry, "15")
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    assert panel.current_step() == "adult"
    guide = folder / "guides" / "sample.yaml"
    with qtbot.waitSignal(w.reloaded, timeout=RELOAD_MS):
        edit(guide, "ask: Is an adult involved?", "ask: Is anyone 18 or over involved?")
    assert panel.current_step() == "adult"
    assert panel.step_text.text() == "Is anyone 18 or over involved?"
    assert panel.walk is not None and panel.walk.facts["subject_age"] == 15
    # Walk from a step, then delete that step: the walk starts again, keeping its facts.
    w.walk_from("note")
    assert panel.current_step() == "note"
    text = guide.read_text().replace("go: note", "go: wide")
    text = text.replace("  - id: note\n    show: Do not view or copy the imagery.\n"
                        "    cite: [test-src]\n    next: [{go: wide}]\n", "")
    with qtbot.waitSignal(w.reloaded, timeout=RELOAD_MS):
        guide.write_text(text)
    qtbot.waitUntil(lambda: "note" not in w.graph.boxes, timeout=RELOAD_MS)
    assert "step 'note' is gone" in panel.notes.text()
    assert panel.current_step() == "adult"  # from the start, age reused


def test_double_click_in_the_tree_walks_from_that_step(qtbot: QtBot, folder: Path) -> None:
    w = author(qtbot, folder)
    assert set(w.graph.boxes) == {"age", "adult", "note", "wide", "refer", "investigate",
                                  "educate"}
    box = w.graph.boxes["wide"]
    w.graph.centerOn(box)
    pos = w.graph.mapFromScene(box.sceneBoundingRect().center())
    qtbot.mouseDClick(w.graph.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert w.walk_panel.current_step() == "wide"
    assert w.walk_panel.start_box.currentText() == "wide"


def test_open_author_keeps_the_window_alive(qtbot: QtBot, folder: Path) -> None:
    class Host:
        author_window: AuthorWindow | None = None

    host = Host()
    win = open_author(host, folder)
    qtbot.addWidget(win)
    assert host.author_window is win and win.isVisible()


@pytest.mark.parametrize("theme_name", ["light", "dark", "contrast"])
def test_the_problem_line_and_list_are_readable_in_every_theme(qtbot: QtBot, tmp_path: Path,
                                                               theme_name: str) -> None:
    from ui_helpers import themed

    from fieldkit.ui import theme

    with themed(theme_name):
        root = tmp_path / "broken"
        shutil.copytree(FIX / "broken", root)
        w = author(qtbot, root)
        w.problems.list.setCurrentRow(0)
        [mark] = w.source.text.extraSelections()
        fmt = mark.format
        ink, paper = fmt.foreground().color().name(), fmt.background().color().name()
        assert (ink, paper) == theme.HIGHLIGHT[theme_name]
        assert theme.contrast_ratio(ink, paper) >= 4.5  # WCAG AA
        surface = theme.PALETTES[theme_name].surface
        for i in range(w.problems.list.count()):
            colour = w.problems.list.item(i).foreground().color().name()
            assert theme.contrast_ratio(colour, surface) >= 4.5, colour


def test_columns_resize_but_never_cut_a_guide_name(qtbot: QtBot, folder: Path) -> None:
    w = author(qtbot, folder)
    split = w.split
    assert not split.childrenCollapsible() and split.count() == 3
    assert all(split.widget(i).minimumWidth() > 0 for i in range(3))
    split.setSizes([1, 10_000, 1])  # dragged as far as it goes: the minimums hold
    qtbot.waitUntil(lambda: split.sizes()[0] >= split.widget(0).minimumWidth())
    fm = w.guides.fontMetrics()
    room = w.guides.viewport().width()
    for i in range(w.guides.count()):
        assert fm.horizontalAdvance(w.guides.item(i).text()) < room


def test_one_slip_is_one_problem_first_with_what_follows_folded_under_it(
        qtbot: QtBot, tmp_path: Path) -> None:
    from fieldkit.content import builtin_content_dir

    root = tmp_path / "content"
    shutil.copytree(builtin_content_dir(), root)
    guide = root / "guides" / "youth-imagery.yaml"
    guide.write_text(guide.read_text().replace("rph-evidence]", "rph-evidence", 1))
    w = author(qtbot, root)
    lines = problem_lines(w)
    assert lines[0].startswith("guides/youth-imagery.yaml:")
    assert "error[yaml-syntax]" in lines[0] and "more errors because youth-imagery.yaml" \
        in lines[0]
    rest = lines[1:]
    assert rest and all(line.startswith("    \u21b3 ") for line in rest)
    assert "1 error, 0 warnings" in w.problems.summary.text()


def test_an_outcome_that_lost_a_link_says_so(qtbot: QtBot, tmp_path: Path) -> None:
    from ui_helpers import open_window, texts

    from fieldkit.content import builtin_content_dir, load_content

    root = tmp_path / "content"
    shutil.copytree(builtin_content_dir(), root)
    guide = root / "guides" / "youth-imagery.yaml"
    guide.write_text(guide.read_text().replace("rph-evidence]", "rph-evidence", 1))
    content = load_content(root)
    win = open_window(qtbot, content)
    (gid, sid), _ = next(iter(content.lost_links.items()))
    view = win.open_outcome_preview(gid, sid)
    assert content.guides[gid].title in texts(view)  # the guide stays, minus the link
    said = [w.accessibleName() for w in view.findChildren(QLabel) if w.isVisibleTo(view)]
    assert any(s.startswith("Link missing. This outcome also points to the guide "
                            "'youth-imagery' (youth-imagery.yaml did not load).") for s in said)
