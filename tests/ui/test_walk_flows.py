"""Walking guides in the app, driven with clicks and keys the way an officer would."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QSpinBox, QWidget
from pytestqt.qtbot import QtBot
from ui_helpers import (
    answer_key,
    answer_number,
    button_named,
    find,
    open_guide,
    open_window,
    press,
    question,
    start_case,
    texts,
    walk_device_to_keep_on,
    walk_to_educate,
)

from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.screens.walk import WalkView


def test_any_guide_is_two_clicks_from_start_up_as_a_marked_quick_look(
        qtbot: QtBot, win: MainWindow) -> None:
    view = open_guide(qtbot, win, "youth-check")  # one click from the home screen
    assert question(view) == "How old is the child?"
    assert find(view, QLabel, "modeBadge").text() == "Quick look: not recorded"
    assert win.top.session_badge.text() == "Quick look: not recorded"
    assert not win.session.kept


def test_start_a_case_and_walk_to_an_outcome_with_clicks_and_keys(
        qtbot: QtBot, win: MainWindow) -> None:
    start_case(qtbot, win)
    assert "CAD 1 21/11/2026" in win.top.session_badge.text()
    view = open_guide(qtbot, win, "youth-check")
    assert find(view, QLabel, "modeBadge").text() == "Recorded on the case"
    walk_to_educate(qtbot, view)
    assert find(view, QLabel, "outcomeTitle").text() == "Safeguard and educate"
    assert "Give advice on staying safe online." in texts(view)
    # Every answer is in the store, not only on screen.
    case = win.session.case()
    assert case.facts == {"child_age": 15, "adult_involved": "no", "worries": ("school",)}
    assert [w.guide for w in case.walks] == ["youth-check"]


def test_back_only_navigates_and_never_changes_an_answer(qtbot: QtBot, win: MainWindow) -> None:
    start_case(qtbot, win)
    view = open_guide(qtbot, win, "youth-check")
    answer_number(qtbot, view, 15)
    answer_key(qtbot, view, Qt.Key.Key_2)  # no adult -> guidance
    assert find(view, QPushButton, "continueButton")
    audit_before = len(win.session.store.audit(win.session.case_id))
    with qtbot.waitSignal(view.shown):
        qtbot.mouseClick(view.back_button, Qt.MouseButton.LeftButton)
    # Back shows the last answer, kept, with the choice to change it
    assert "CHANGE AN EARLIER ANSWER" in texts(view)
    assert "Current answer: No." in texts(view)
    assert win.session.facts == {"child_age": 15, "adult_involved": "no"}
    with qtbot.waitSignal(view.shown):
        press(qtbot, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert "Current answer: 15." in texts(view)
    # Nothing earlier: Alt+Left leaves the guide for the screen before it, answers intact
    press(qtbot, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert win.current_key() == "home"
    assert win.session.case().facts == {"child_age": 15, "adult_involved": "no"}
    assert len(win.session.store.audit(win.session.case_id)) == audit_before
    view = open_guide(qtbot, win, "youth-check")
    assert find(view, QPushButton, "continueButton")  # still where the officer left it


def test_undo_is_its_own_action_with_a_redo_notice(qtbot: QtBot, win: MainWindow) -> None:
    start_case(qtbot, win)
    view = open_guide(qtbot, win, "youth-check")
    answer_number(qtbot, view, 15)
    answer_key(qtbot, view, Qt.Key.Key_2)  # no adult -> guidance
    with qtbot.waitSignal(view.shown):
        qtbot.mouseClick(find(view, QPushButton, "undoButton"), Qt.MouseButton.LeftButton)
    notice = texts(find(view, QWidget, "undoNotice"))
    assert "Answer undone: \u201cIs an adult involved?\u201d was No." in notice
    assert question(view) == "Is an adult involved?"
    assert "adult_involved" not in win.session.case().facts
    with qtbot.waitSignal(view.shown):
        qtbot.mouseClick(find(view, QPushButton, "redoButton"), Qt.MouseButton.LeftButton)
    assert find(view, QPushButton, "continueButton")
    assert win.session.case().facts["adult_involved"] == "no"
    actions = [e.action for e in win.session.store.audit(win.session.case_id)]
    assert actions[-3:] == ["clear", "undo", "redo"]


def test_why_am_i_asked_this_shows_the_reason_and_its_source(qtbot: QtBot, win: MainWindow) -> None:
    view = open_guide(qtbot, win, "youth-check")
    panel = find(view, QWidget, "whyButton")
    assert not [w for w in view.findChildren(QWidget, "whyPanel") if w.isVisible()]
    qtbot.mouseClick(panel, Qt.MouseButton.LeftButton)
    why = find(view, QWidget, "whyPanel")
    assert "Under-13s take a different route." in texts(why)
    assert "Source: FieldKit tests 2026: Test source for the app" in texts(why)


def test_changing_an_earlier_answer_shows_what_changed(qtbot: QtBot, win: MainWindow) -> None:
    start_case(qtbot, win)
    view = open_guide(qtbot, win, "youth-check")
    walk_to_educate(qtbot, view)
    assert find(view, QLabel, "outcomeTitle").text() == "Safeguard and educate"
    entry = view.path.entry_button("age")
    assert entry is not None and "15" in entry.accessibleName()
    with qtbot.waitSignal(view.shown):
        qtbot.mouseClick(entry, Qt.MouseButton.LeftButton)
    assert "CHANGE AN EARLIER ANSWER" in texts(view)
    spin = find(view, QSpinBox, "numberAnswer")
    assert spin.value() == 15
    qtbot.waitUntil(lambda: QApplication.focusWidget() is spin)
    spin.selectAll()
    qtbot.keyClicks(spin, "10")
    with qtbot.waitSignal(view.shown):
        qtbot.keyClick(spin, Qt.Key.Key_Return)
    notice = texts(find(view, QWidget, "changeNotice"))
    assert "\u201cHow old is the child?\u201d: 15 \u2192 10." in notice
    assert "Outcome was: Safeguard and educate.\nOutcome now: Refer now." in notice
    assert "No longer needed, so removed (2):\n\u2022 Is an adult involved? (No)\n" \
        "\u2022 What is the child worried about? (School)" in notice
    assert find(view, QLabel, "outcomeTitle").text() == "Refer now"
    # The path now holds only the age, and the store agrees.
    assert list(view.path.entry_buttons) == ["age"]
    assert win.session.case().facts == {"child_age": 10}


def test_a_fact_answered_in_one_guide_is_reused_by_the_next(qtbot: QtBot, win: MainWindow) -> None:
    start_case(qtbot, win)
    view = open_guide(qtbot, win, "youth-check")
    answer_number(qtbot, view, 15)
    answer_key(qtbot, view, Qt.Key.Key_1)  # an adult is involved -> refer now
    assert find(view, QLabel, "outcomeTitle").text() == "Refer now"
    qtbot.mouseClick(find(view, QPushButton, "then-device-check"), Qt.MouseButton.LeftButton)
    nxt = win.current_screen()
    assert isinstance(nxt, WalkView) and nxt.guide.id == "device-check"
    # "Is an adult involved?" is not asked again: the walk starts at the next question.
    assert question(nxt) == "What kind of device is it?"
    notice = texts(find(nxt, QWidget, "reuseNotice"))
    assert "Is an adult involved? \u2192 Yes" in notice
    reused = nxt.path.entry_button("adult")
    assert reused is not None
    assert "Reused from Test guide about a young person" in reused.accessibleName()
    # Choice answers carry the guide's own wording.
    assert [b.text() for b in nxt.input.buttons] == [  # type: ignore[union-attr]
        "1   A phone or tablet", "2   A laptop", "3   Something else"]


def test_walking_next_within_a_quick_look_also_reuses_answers(
        qtbot: QtBot, win: MainWindow) -> None:
    view = open_guide(qtbot, win, "youth-check")
    answer_number(qtbot, view, 15)
    answer_key(qtbot, view, Qt.Key.Key_3)  # not known -> refer now
    qtbot.mouseClick(find(view, QPushButton, "then-device-check"), Qt.MouseButton.LeftButton)
    nxt = win.current_screen()
    assert isinstance(nxt, WalkView)
    assert question(nxt) == "What kind of device is it?"
    assert find(nxt, QLabel, "modeBadge").text() == "Quick look: not recorded"


def test_draft_and_overdue_guides_carry_banners_and_every_guide_its_version(
        qtbot: QtBot, win: MainWindow) -> None:
    ok = open_guide(qtbot, win, "youth-check")
    assert find(ok, QLabel, "guideVersion").text().startswith("Version 1.2.0 \u00b7 reviewed 1 Jan")
    # Approved: no draft banner; in its place, who approved it and when.
    assert texts(find(ok, QWidget, "trustBanner")) == \
        "Approved by Online CSA specialist team on 1 Jan 2026."
    draft = open_guide(qtbot, win, "device-check")
    assert "Draft guidance" in texts(find(draft, QWidget, "trustBanner"))
    old = open_guide(qtbot, win, "old-guide")
    banner = texts(find(old, QWidget, "trustBanner"))
    assert "Due for review" in banner and "1 Jan 2020" in banner


def test_text_and_date_questions(qtbot: QtBot, win: MainWindow) -> None:
    view = open_guide(qtbot, win, "old-guide")
    assert question(view) == "When were the images first seen?"
    with qtbot.waitSignal(view.shown):
        qtbot.mouseClick(button_named(view, "Continue with this date"),
                         Qt.MouseButton.LeftButton)
    assert question(view) == "Who reported it?"
    line = view.input.line  # type: ignore[union-attr]
    assert line is not None
    qtbot.keyClick(line, Qt.Key.Key_Return)  # empty: refused with a reason, nothing recorded
    assert "Type an answer first." in texts(view)
    qtbot.keyClicks(line, "The school")
    with qtbot.waitSignal(view.shown):
        qtbot.keyClick(line, Qt.Key.Key_Return)
    assert find(view, QLabel, "outcomeTitle").text() == "Record it"
    assert win.session.facts["who_reported"] == "The school"


def test_a_record_only_question_says_it_does_not_change_what_to_do(qtbot: QtBot) -> None:
    from fieldkit.content import builtin_content_dir, load_content

    content = load_content(builtin_content_dir())
    win = MainWindow(content)
    qtbot.addWidget(win)
    win.show()
    win.session = None
    win.ensure_session()
    win.session.facts.update({"device_owner": "suspect", "device_kind": "phone",
                              "device_power": "on", "destructive_process_suspected": "no"})
    view = win.open_guide("device-seizure")
    walk = win.session.walk("device-seizure")
    while walk.current.kind == "info":
        view._acknowledge()
    assert walk.current.id == "locked"
    assert "does not change what to do next" in texts(view)


def test_an_outcome_from_earlier_answers_is_confirmed_or_the_guide_removed(
        qtbot: QtBot) -> None:
    from fieldkit.content import builtin_content_dir, load_content
    from fieldkit.handover.model import build_note

    content = load_content(builtin_content_dir())
    win = open_window(qtbot, content)
    start_case(qtbot, win)
    view = open_guide(qtbot, win, "youth-imagery")
    with qtbot.waitSignal(view.shown):
        qtbot.mouseClick(find(view, QPushButton, "continueButton"), Qt.MouseButton.LeftButton)
    answer_key(qtbot, view, Qt.Key.Key_2)  # no immediate risk
    answer_key(qtbot, view, Qt.Key.Key_2)  # no adult
    answer_key(qtbot, view, Qt.Key.Key_1)  # coerced: a victim
    o21 = open_guide(qtbot, win, "outcome-21")
    assert build_note(win.session.case(), content).opened_only == [o21.guide.title]
    with qtbot.waitSignal(o21.shown):
        qtbot.mouseClick(find(o21, QPushButton, "continueButton"), Qt.MouseButton.LeftButton)
    banner = texts(find(o21, QWidget, "confirmBanner"))
    assert "comes from answers given elsewhere in this case" in banner
    assert "coerced" in banner.lower()
    # Only shown, not taken: the note leaves it out
    assert [g.id for g in build_note(win.session.case(), content).guides] == ["youth-imagery"]
    with qtbot.waitSignal(o21.shown):
        qtbot.mouseClick(find(o21, QPushButton, "confirmOutcome"), Qt.MouseButton.LeftButton)
    assert not [w for w in o21.findChildren(QWidget, "confirmBanner") if w.isVisibleTo(o21)]
    note = build_note(win.session.case(), content)
    assert [g.id for g in note.guides] == ["youth-imagery", "outcome-21"]
    qtbot.mouseClick(find(o21, QPushButton, "removeWalk"), Qt.MouseButton.LeftButton)
    assert win.current_key() == "home"
    note = build_note(win.session.case(), content)
    assert [g.id for g in note.guides] == ["youth-imagery"] and note.opened_only == []
    actions = [e.action for e in win.session.store.audit(win.session.case_id)]
    assert "walk-confirmed" in actions and actions[-1] == "walk-removed"


def test_a_carried_fact_this_guide_only_tests_is_in_your_answers_and_can_be_changed(
        qtbot: QtBot) -> None:
    from fieldkit.content import builtin_content_dir, load_content

    win = open_window(qtbot, load_content(builtin_content_dir()))
    start_case(qtbot, win)
    s = win.session
    s.acknowledge("outcome-21")
    s.answer("outcome-21", 19)  # the person who shared it is an adult
    view = open_guide(qtbot, win, "youth-imagery")
    with qtbot.waitSignal(view.shown):
        qtbot.mouseClick(find(view, QPushButton, "continueButton"), Qt.MouseButton.LeftButton)
    assert find(view, QLabel, "outcomeTitle").text().startswith("Refer now")
    entry = view.path.entry_button("fact:suspect_age")  # youth-imagery never asks it
    assert entry is not None and "19" in entry.accessibleName()
    assert "Reused from Is Outcome 21 appropriate" in entry.accessibleName()
    assert "Decided the route" in entry.accessibleName()
    with qtbot.waitSignal(view.shown):
        qtbot.mouseClick(entry, Qt.MouseButton.LeftButton)
    assert "CHANGE AN EARLIER ANSWER" in texts(view)
    spin = find(view, QSpinBox, "numberAnswer")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is spin)
    spin.selectAll()
    qtbot.keyClicks(spin, "15")
    with qtbot.waitSignal(view.shown):
        qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert question(view).startswith("Is any child at immediate risk")
    assert win.session.case().facts["suspect_age"] == 15


def test_going_back_from_exhibits_keeps_the_outcome(qtbot: QtBot, win: MainWindow) -> None:
    start_case(qtbot, win)
    view = walk_device_to_keep_on(qtbot, win)
    facts = dict(win.session.case().facts)
    qtbot.mouseClick(win.top.exhibits_button, Qt.MouseButton.LeftButton)
    assert win.current_key() == "exhibits"
    qtbot.mouseClick(win.top.back_button, Qt.MouseButton.LeftButton)
    assert win.current_screen() is view
    assert find(view, QLabel, "outcomeTitle").text() == "Keep it on and isolate it"
    # Back once more shows the last answer; still nothing is taken back
    qtbot.mouseClick(win.top.back_button, Qt.MouseButton.LeftButton)
    assert "CHANGE AN EARLIER ANSWER" in texts(view)
    assert win.session.case().facts == facts
