"""Checklists, scripts, services, the family view, notes, exhibits and exports, in a case."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot
from ui_helpers import (
    answer_number,
    button_named,
    find,
    open_guide,
    open_window,
    press,
    settle,
    start_case,
    texts,
    walk_device_to_keep_on,
)

from fieldkit.cases.store import CaseStore
from fieldkit.ui.main_window import MainWindow
from fieldkit.ui.screens.walk import WalkView

LEFT = Qt.MouseButton.LeftButton


def at_refer_outcome(qtbot: QtBot, win: MainWindow) -> WalkView:
    view = open_guide(qtbot, win, "youth-check")
    answer_number(qtbot, view, 10)  # under 13: refer now
    assert find(view, QLabel, "outcomeTitle").text() == "Refer now"
    return view


def test_an_outcome_says_what_to_do_and_not_do_each_with_its_source(
        qtbot: QtBot, win: MainWindow) -> None:
    view = at_refer_outcome(qtbot, win)
    shown = texts(view)
    for line in ("Refer to children's social care today.",
                 "Tell the child they are not in trouble.",
                 "Do not ask for the image to be sent to you."):
        assert line in shown
    assert shown.count("Source: FieldKit tests 2026: Test source for the app") >= 4
    for name in ("script-first-contact", "signposts-link", "checklist-before-leaving",
                 "then-device-check"):
        assert find(view, QWidget, name)


def test_tick_a_checklist_item_from_an_outcome(qtbot: QtBot, win: MainWindow) -> None:
    start_case(qtbot, win)
    view = at_refer_outcome(qtbot, win)
    qtbot.mouseClick(find(view, QWidget, "checklist-before-leaving"), LEFT)
    screen = win.current_screen()
    assert screen is not None and win.current_key() == "checklist:before-leaving"
    assert find(screen, QLabel, "checklistProgress").text() == "0 of 2 done"
    box = find(screen, QCheckBox, "item-family-told")
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked()
    assert find(screen, QLabel, "checklistProgress").text() == "1 of 2 done"
    assert win.session.case().checklists == {"before-leaving": ["family-told"]}
    # The outcome's tile counts it when the officer goes back.
    win.go_back()
    assert "1 of 2 ticked" in texts(find(win.current_screen(), QWidget,
                                         "checklist-before-leaving"))


def test_copy_a_script_line_and_mark_a_section_used(qtbot: QtBot, win: MainWindow) -> None:
    start_case(qtbot, win)
    view = at_refer_outcome(qtbot, win)
    qtbot.mouseClick(find(view, QWidget, "script-first-contact"), LEFT)
    screen = win.current_screen()
    copy = next(b for b in screen.copy_buttons  # type: ignore[union-attr]
                if b.accessibleName() == "Copy line: I am here to help you.")
    qtbot.mouseClick(copy, LEFT)
    assert QGuiApplication.clipboard().text() == "I am here to help you."
    assert copy.text() == "Copied \u2713"
    used = find(screen, QCheckBox, "used-listen")
    qtbot.mouseClick(used, LEFT)
    case = win.session.case()
    [use] = case.scripts
    assert use.script == "first-contact"
    assert [ln.text for ln in use.lines] == ["I am here to help you."]
    assert use.sections == ["listen"]
    shown = texts(screen)
    assert "\u201cWhy did you send it?\u201d" in shown  # the line to avoid ...
    assert "\u201cCan you tell me what happened next?\u201d" in shown  # ... and what to say


def test_filter_services_and_record_one_given_to_a_parent(qtbot: QtBot, win: MainWindow) -> None:
    start_case(qtbot, win)
    screen = win.open_signposts()
    assert find(screen, QLabel, "signpostCount").text() == "Showing 4 of 4 services"
    qtbot.mouseClick(find(screen, QPushButton, "who-parent"), LEFT)
    assert find(screen, QLabel, "signpostCount").text() == "Showing 1 of 4 services"
    qtbot.mouseClick(find(screen, QPushButton, "who-all"), LEFT)
    qtbot.mouseClick(find(screen, QPushButton, "situation-removal"), LEFT)
    assert screen.visible_ids() == ["kids-line", "remove-service"]  # type: ignore[attr-defined]
    qtbot.mouseClick(find(screen, QPushButton, "give-kids-line"), LEFT)
    who = find(screen, QComboBox, "givenTo-kids-line")
    who.setCurrentText("a parent or carer")
    qtbot.mouseClick(find(screen, QPushButton, "record-kids-line"), LEFT)
    [given] = win.session.case().signposts
    assert (given.signpost, given.given_to) == ("kids-line", "a parent or carer")
    assert given.at is not None
    assert find(screen, QLabel, "given-kids-line").text().startswith(
        "\u2713 Given to a parent or carer at ")


def test_services_of_an_outcome_are_shown_first(qtbot: QtBot, win: MainWindow) -> None:
    view = at_refer_outcome(qtbot, win)
    qtbot.mouseClick(find(view, QWidget, "signposts-link"), LEFT)
    screen = win.current_screen()
    assert screen.visible_ids() == ["kids-line", "remove-service"]  # type: ignore[union-attr]
    qtbot.mouseClick(screen.all_button, LEFT)  # type: ignore[union-attr]
    assert len(screen.visible_ids()) == 4  # type: ignore[union-attr]


def test_family_view_shows_nothing_from_the_case_and_esc_leaves_it(
        qtbot: QtBot, win: MainWindow) -> None:
    start_case(qtbot, win, reference="SECRET REF 99")
    script = win.open_script("first-contact")
    qtbot.mouseClick(find(script, QPushButton, "familyButton"), LEFT)
    family = win.family
    assert family is not None
    qtbot.waitExposed(family)
    shown = texts(family)
    assert "You are not in trouble." in shown  # the lines written for the child
    assert "My name is PC Sam Jones. I am a police officer." in shown  # the officer's name
    assert "SECRET REF 99" not in shown
    assert "I am here to help you." not in shown  # the officer's script stays off it
    assert "Why did you send it?" not in shown
    assert "Keep it short." not in shown
    assert family.isFullScreen()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    with qtbot.waitSignal(family.closed):
        press(qtbot, Qt.Key.Key_Escape)
    assert win.family is None
    assert win.current_key() == "script:first-contact"


def test_family_view_of_services_lists_only_what_that_person_was_given(
        qtbot: QtBot, win: MainWindow) -> None:
    start_case(qtbot, win)
    screen = win.open_signposts()
    qtbot.mouseClick(find(screen, QPushButton, "familyButton"), LEFT)
    assert win.family is None  # nothing given yet: it says to record what was given first
    assert "Record what you gave first" in texts(screen)
    win.session.give_signpost("thoughts-line", "Child")
    win.session.give_signpost("kids-line", "Child")
    win.session.give_signpost("parents-line", "Mother")
    screen.render()  # type: ignore[attr-defined]
    qtbot.mouseClick(find(screen, QPushButton, "familyButton"), LEFT)
    qtbot.mouseClick(find(screen, QPushButton, "familyFor-Child"), LEFT)
    shown = texts(win.family)
    assert "Example Thoughts Service" in shown and "Example Children's Line" in shown
    assert "Example Parents' Line" not in shown  # given to someone else
    assert "Please note: For children and young people up to their 19th birthday." in shown
    win.family.close()


def test_notes_save_after_a_pause_and_at_once_on_leaving_the_box(
        qtbot: QtBot, win: MainWindow) -> None:
    start_case(qtbot, win)
    win.toggle_notes()
    notes = win.notes
    qtbot.waitUntil(lambda: QApplication.focusWidget() is notes.editor)
    qtbot.keyClicks(notes.editor, "Mum arrived 23:10")
    qtbot.waitUntil(lambda: win.session.case().notes == "Mum arrived 23:10", timeout=3000)
    qtbot.keyClicks(notes.editor, ". Dad at work")
    assert notes.dirty
    win.open_signposts()  # focus leaves the notes box: saved now, not after the pause
    find(win.current_screen(), QPushButton, "who-all").setFocus()
    qtbot.waitUntil(lambda: not notes.dirty)
    assert win.session.case().notes == "Mum arrived 23:10. Dad at work"


def test_notes_are_flushed_when_the_app_closes(
        qtbot: QtBot, win: MainWindow, data_dir: Path) -> None:
    start_case(qtbot, win)
    case_id = win.session.case_id
    win.toggle_notes()
    win.notes.editor.setPlainText("Typed just before closing")
    win.close()
    store = CaseStore.open()
    try:
        assert store.load(case_id).notes == "Typed just before closing"
    finally:
        store.close()


def test_continue_an_unfinished_case(qtbot: QtBot, win: MainWindow) -> None:
    start_case(qtbot, win, reference="CAD 7")
    view = open_guide(qtbot, win, "youth-check")
    answer_number(qtbot, view, 15)
    home = win.show_home()
    qtbot.mouseClick(find(home, QPushButton, "closeCase"), LEFT)
    assert win.session is None
    home = win.current_screen()

    def continue_buttons() -> list[QPushButton]:
        settle()
        return [b for b in home.findChildren(QPushButton)
                if b.objectName().startswith("continue-") and b.isVisibleTo(home)]

    qtbot.waitUntil(lambda: len(continue_buttons()) == 1)
    [case_button] = continue_buttons()
    assert "CAD 7" in case_button.text()
    qtbot.mouseClick(case_button, LEFT)
    assert win.session is not None and win.session.kept
    view = open_guide(qtbot, win, "youth-check")
    assert find(view, QLabel, "questionText").text() == "Is an adult involved?"
    assert view.path.entry_button("age") is not None


def test_a_quick_look_becomes_a_case_with_its_answers(qtbot: QtBot, win: MainWindow) -> None:
    view = open_guide(qtbot, win, "youth-check")
    answer_number(qtbot, view, 15)
    start_case(qtbot, win)  # everything done in the quick look is carried into the case
    view = open_guide(qtbot, win, "youth-check")
    assert find(view, QLabel, "questionText").text() == "Is an adult involved?"
    case = win.session.case()
    assert case.facts == {"child_age": 15}
    assert [(w.guide, w.answered) for w in case.walks] == [("youth-check", ["child_age"])]


def test_exhibit_is_prefilled_from_device_answers_and_takes_continuity(
        qtbot: QtBot, win: MainWindow) -> None:
    start_case(qtbot, win)
    walk_device_to_keep_on(qtbot, win)
    qtbot.mouseClick(win.top.exhibits_button, LEFT)
    screen = win.current_screen()
    qtbot.mouseClick(find(screen, QPushButton, "addExhibit"), LEFT)
    assert find(screen, QLineEdit, "ex-ref").text() == "SJ/1"
    assert find(screen, QComboBox, "ex-kind").currentData() == "phone"
    assert find(screen, QComboBox, "ex-power").currentData() == "on"
    assert find(screen, QLineEdit, "ex-seized_by").text() == "PC Sam Jones"
    qtbot.keyClicks(find(screen, QLineEdit, "ex-seal"), "A1234567")
    qtbot.mouseClick(find(screen, QPushButton, "saveExhibit"), LEFT)
    table = find(screen, QTableWidget, "exhibitTable")
    assert table.rowCount() == 1
    assert [table.item(0, c).text() for c in (0, 1, 5, 6)] == ["SJ/1", "Phone", "A1234567", "On"]
    table.selectRow(0)
    qtbot.keyClicks(find(screen, QLineEdit, "cont-to"), "PC Lee 99")
    qtbot.mouseClick(find(screen, QPushButton, "addContinuity"), LEFT)
    [ex] = win.session.case().exhibits
    assert (ex.ref, ex.kind, ex.power, ex.seal) == ("SJ/1", "phone", "on", "A1234567")
    assert [(c.from_, c.to) for c in ex.continuity] == [("PC Sam Jones", "PC Lee 99")]
    assert "PC Sam Jones \u2192 PC Lee 99" in texts(screen)
    # Editing keeps the same exhibit.
    table.selectRow(0)
    qtbot.mouseClick(find(screen, QPushButton, "editExhibit"), LEFT)
    find(screen, QLineEdit, "ex-found").setText("Kitchen table")
    qtbot.mouseClick(find(screen, QPushButton, "saveExhibit"), LEFT)
    [ex] = win.session.case().exhibits
    assert ex.found == "Kitchen table" and ex.seal == "A1234567"


def test_export_buttons_write_the_note_leaflet_and_labels(
        qtbot: QtBot, win: MainWindow, tmp_path: Path) -> None:
    start_case(qtbot, win, reference="CAD 55")
    at_refer_outcome(qtbot, win)
    win.session.give_signpost("kids-line", "the child or young person")
    win.session.add_exhibit(win.session.new_exhibit("SJ/1", kind="phone"))
    screen = win.open_exhibits()
    panel = screen.export  # type: ignore[attr-defined]
    out = tmp_path / "out"
    out.mkdir()
    panel.choose_folder = lambda _title: str(out)
    qtbot.mouseClick(find(screen, QPushButton, "exportNote"), LEFT)
    status = find(screen, QLabel, "exportStatus").text()
    assert status == (f"Handover note written to {out}: handover.pdf, handover.json, "
                      "handover.txt, handover.sha256.")
    assert (out / "handover.pdf").read_bytes().startswith(b"%PDF")
    assert "CAD 55" in (out / "handover.txt").read_text(encoding="utf-8")
    qtbot.mouseClick(find(screen, QPushButton, "copyHandover"), LEFT)
    text = QGuiApplication.clipboard().text()
    assert "CAD 55" in text and "Refer now" in text
    qtbot.mouseClick(find(screen, QPushButton, "exportLeaflet"), LEFT)
    assert (out / "family-leaflet.pdf").read_bytes().startswith(b"%PDF")
    qtbot.mouseClick(find(screen, QPushButton, "exportLabels"), LEFT)
    assert (out / "exhibit-labels.pdf").read_bytes().startswith(b"%PDF")
    # Services given to a second person: one leaflet each, each with only their services.
    win.session.give_signpost("kids-line", "Mother")
    qtbot.mouseClick(find(screen, QPushButton, "exportLeaflet"), LEFT)
    status = find(screen, QLabel, "exportStatus").text()
    assert "family-leaflet-1.pdf for the child or young person, " \
           "family-leaflet-2.pdf for Mother" in status
    assert (out / "family-leaflet-2.pdf").read_bytes().startswith(b"%PDF")
    exports = [a.detail for a in win.session.store.audit(win.session.case_id)
               if a.action == "export"]
    kinds = [e["kind"] for e in exports]
    # One audit entry per export, each naming its files with their hashes (and whose
    # leaflet is whose).
    assert kinds == ["handover", "handover-text", "leaflet", "labels", "leaflet"]
    names = [[f["name"] for f in e.get("files", [])] for e in exports]
    assert names[0] == ["handover.pdf", "handover.json", "handover.txt", "handover.sha256"]
    assert names[4] == ["family-leaflet-1.pdf", "family-leaflet-2.pdf"]
    assert [f["given_to"] for f in exports[4]["files"]] == ["the child or young person",
                                                            "Mother"]
    for f in exports[0]["files"]:
        assert f["sha256"] == hashlib.sha256((out / f["name"]).read_bytes()).hexdigest()


def test_exports_say_plainly_when_the_handover_is_missing(qtbot: QtBot,
                                                          monkeypatch: object) -> None:
    import fieldkit.ui.screens.export_actions as export_actions

    monkeypatch.setattr(export_actions, "_handover", lambda: None)  # type: ignore[attr-defined]
    win = open_window(qtbot)
    start_case(qtbot, win)
    screen = win.open_exhibits()
    panel = screen.export  # type: ignore[attr-defined]
    panel.choose_folder = lambda _t: pytest.fail("no folder should be asked for")
    qtbot.mouseClick(find(screen, QPushButton, "exportNote"), LEFT)
    assert find(screen, QLabel, "exportStatus").text().startswith(
        "The handover note cannot be made in this version")
    qtbot.mouseClick(find(screen, QPushButton, "copyHandover"), LEFT)
    assert find(screen, QLabel, "exportStatus").text().startswith(
        "The handover note cannot be made in this version")


def test_a_failed_write_is_said_plainly_and_the_screen_shows_what_was_saved(
        qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    from fieldkit.cases.db import StoreError

    win = open_window(qtbot)
    start_case(qtbot, win)
    view = open_guide(qtbot, win, "youth-check")
    store = win.session.store

    def busy(*_a: object, **_k: object) -> None:
        raise StoreError("locked", "The case database is busy and this action was not saved.")

    monkeypatch.setattr(store, "set_fact", busy)
    monkeypatch.setattr(store, "tick", busy)
    answer_number(qtbot, view, 15)
    bar = find(win, QWidget, "problemBar")
    assert "Not saved: The case database is busy" in texts(bar)
    assert find(view, QLabel, "questionText").text() == "How old is the child?"
    assert win.session.case().facts == {}
    qtbot.mouseClick(button_named(bar, "Dismiss the problem message"), LEFT)
    assert not bar.isVisible()
    win.session.tick("before-leaving", "family-told", True)
    assert bar.isVisible() and win.session.case().checklists == {}


def test_notes_typed_in_a_quick_look_are_kept_when_a_case_starts(
        qtbot: QtBot, win: MainWindow) -> None:
    open_guide(qtbot, win, "youth-check")
    win.toggle_notes()
    qtbot.keyClicks(win.notes.editor, "Called by the school at 22:40")
    start_case(qtbot, win)
    assert win.session.case().notes == "Called by the school at 22:40"
    assert win.notes.editor.toPlainText() == "Called by the school at 22:40"
    assert win.notes.state.text() == "Saved on the case as you type."


def test_withdraw_an_exhibit_and_a_service_given_with_a_reason(
        qtbot: QtBot, win: MainWindow) -> None:
    start_case(qtbot, win)
    ex_id = win.session.add_exhibit(win.session.new_exhibit("SJ/1", kind="phone"))
    win.session.give_signpost("kids-line", "Child")
    screen = win.open_exhibits()
    screen.table.selectRow(0)  # type: ignore[attr-defined]
    qtbot.mouseClick(find(screen, QPushButton, "withdrawExhibit"), LEFT)
    why = find(screen, QLineEdit, "withdrawReason")
    assert QApplication.focusWidget() is why
    qtbot.mouseClick(find(screen, QPushButton, "confirmWithdraw"), LEFT)
    assert "say why" in texts(screen)  # a reason is required
    qtbot.keyClicks(why, "Entered twice")
    qtbot.keyClick(why, Qt.Key.Key_Return)
    [ex] = win.session.case().exhibits
    assert (ex.id, ex.withdrawn) == (ex_id, "Entered twice")  # kept, not erased
    item = screen.table.item(0, 0)  # type: ignore[attr-defined]
    assert item.text() == "SJ/1 (withdrawn)" and item.font().strikeOut()
    services = win.open_signposts()
    qtbot.mouseClick(find(services, QPushButton, "withdraw-kids-line-0"), LEFT)
    reason = find(services, QLineEdit, "withdrawGivenReason")
    qtbot.keyClicks(reason, "Wrong person")
    qtbot.keyClick(reason, Qt.Key.Key_Return)
    assert [g.withdrawn for g in win.session.case().signposts] == ["Wrong person"]
    assert "withdrawn: Wrong person" in texts(services)
    # What was withdrawn never reaches the family view.
    qtbot.mouseClick(find(services, QPushButton, "familyButton"), LEFT)
    assert win.family is None and "Record what you gave first" in texts(services)
