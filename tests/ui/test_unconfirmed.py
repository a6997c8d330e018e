"""Doubt shown where it is: markers on the steps an open point names, the draft banner as a
count that opens the list, who approved what, and the way to the officer-welfare card."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from ui_helpers import (
    answer_key,
    answer_number,
    find,
    open_guide,
    open_window,
    question,
    settle,
    texts,
)

from fieldkit.content import builtin_content_dir, load_content
from fieldkit.ui.screens.script import ScriptView


def shots_dir(tmp_path: Path) -> Path:
    """Where pictures go: docs/screenshots when FIELDKIT_SCREENSHOTS names it, else tmp."""
    return Path(os.environ.get("FIELDKIT_SCREENSHOTS") or tmp_path)


def markers(view: QWidget) -> list[str]:
    settle()
    return [lbl.text() for lbl in view.findChildren(QLabel, "unconfirmedClaim")
            if lbl.isVisibleTo(view)]


def test_marker_only_on_steps_an_open_point_names(qtbot: QtBot) -> None:
    win = open_window(qtbot)
    view = open_guide(qtbot, win, "device-check")
    assert question(view) == "Is an adult involved?"
    assert markers(view) == []  # no point names this step: no marker
    answer_key(qtbot, view, Qt.Key.Key_2)
    assert question(view) == "What kind of device is it?"
    assert markers(view) == ["The list of device kinds has not been checked against a source."]
    assert find(view, QLabel, "unconfirmedChip").text() == "\u26a0 Unconfirmed"
    answer_key(qtbot, view, Qt.Key.Key_1)
    assert markers(view) == ["Keeping a live device on is not confirmed for every kind of "
                             "device."]
    answer_key(qtbot, view, Qt.Key.Key_1)  # on: the outcome is named by the same point
    assert find(view, QLabel, "outcomeTitle").text() == "Keep it on and isolate it"
    assert markers(view) == ["Keeping a live device on is not confirmed for every kind of "
                             "device."]


def test_draft_banner_is_a_count_that_opens_the_list(qtbot: QtBot) -> None:
    win = open_window(qtbot)
    view = open_guide(qtbot, win, "device-check")
    banner = find(view, QWidget, "trustBanner")  # the walk names its banners so
    toggle = find(banner, QPushButton, "openPointsButton")
    assert toggle.text() == "2 points unconfirmed"
    listing = banner.findChild(QWidget, "openPointsList")
    assert listing is not None and not listing.isVisibleTo(banner)
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    settle()
    assert listing.isVisibleTo(banner)
    shown = texts(listing)
    assert "The list of device kinds has not been checked against a source." in shown
    assert "To check: The test source, its list of devices." in shown
    assert "To check: Test source for the app" in shown  # no `check:`: the source's title


def test_shipped_guide_screens(qtbot: QtBot, tmp_path: Path) -> None:
    """The built-in youth-imagery guide: the count banner, and a trigger question with its
    marker. The pictures are saved for the docs."""
    content = load_content(builtin_content_dir())
    win = open_window(qtbot, content)
    win.resize(1100, 800)
    view = open_guide(qtbot, win, "youth-imagery")
    n = len(content.guides["youth-imagery"].header.open_points)
    toggle = find(view, QPushButton, "openPointsButton")
    assert toggle.text() == f"{n} points unconfirmed"
    qtbot.mouseClick(find(view, QPushButton, "continueButton"), Qt.MouseButton.LeftButton)
    assert question(view).startswith("Is any child at immediate risk")
    assert markers(view) == [next(p.claim for p in content.guides["youth-imagery"].header
                                  .open_points if p.id == "five-triggers")]
    shots = shots_dir(tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    settle()
    assert win.grab().save(str(shots / "unconfirmed-step.png"))
    for _ in range(5):  # risk, adult, coercion, capacity, acts: all "No"
        answer_key(qtbot, view, Qt.Key.Key_2)
    answer_number(qtbot, view, 15)
    assert question(view) == "Is your force in England or in Wales?"
    answer_key(qtbot, view, Qt.Key.Key_2)  # Wales
    assert "designated safeguarding person (DSP)" in texts(view)
    assert markers(view)  # the Wales guidance step carries the wales-process point
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    settle()
    assert win.grab().save(str(shots / "open-points-banner.png"))


def test_welfare_card_from_every_outcome_and_from_home(qtbot: QtBot, tmp_path: Path) -> None:
    content = load_content(builtin_content_dir())
    win = open_window(qtbot, content)
    home = win.show_home()
    link = find(home, QPushButton, "welfareLink")
    assert not home.findChildren(QWidget, "scriptTile-after-the-scene")
    qtbot.mouseClick(link, Qt.MouseButton.LeftButton)
    screen = win.current_screen()
    assert isinstance(screen, ScriptView) and screen.script.id == "after-the-scene"
    assert "Oscar Kilo" in texts(screen)
    settle()  # the officer's own card: nothing to show a family, nothing to mark on the case
    assert not [w for w in screen.findChildren(QWidget, "familyButton") if w.isVisibleTo(screen)]
    assert not [w for w in screen.findChildren(QCheckBox) if w.isVisibleTo(screen)]
    for gid, guide in content.guides.items():
        for step in guide.outcomes():
            preview = win.open_outcome_preview(gid, step.id)
            assert find(preview, QPushButton, "welfareLink").text() == \
                "After the scene: looking after yourself", f"{gid}/{step.id}"
    win.resize(1100, 800)
    win.open_outcome_preview("device-seizure", "specialist-live-computer")
    settle()
    assert win.grab().save(str(shots_dir(tmp_path) / "outcome-live-computer.png"))
    win.open_script("after-the-scene")
    settle()
    assert win.grab().save(str(shots_dir(tmp_path) / "welfare-card.png"))


def test_signpost_shows_its_open_point(qtbot: QtBot) -> None:
    content = load_content(builtin_content_dir())
    win = open_window(qtbot, content)
    view = win.open_signposts()
    papyrus = find(view, QWidget, "signpost-papyrus")
    claim = content.signposts["papyrus"].open_points[0].claim
    assert markers(papyrus) == [claim]
    assert markers(find(view, QWidget, "signpost-childline")) == []
