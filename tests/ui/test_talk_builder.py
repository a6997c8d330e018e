"""The talk builder screen drives a TalkPlan: pickers, ticks, moves, services, export."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from fieldkit.content import builtin_content_dir, load_content
from fieldkit.content.model import Content
from fieldkit.talks import TalkError
from fieldkit.ui.screens.talk_builder import TalkBuilder


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(builtin_content_dir())


def section_ids(w: TalkBuilder) -> list[str]:
    return [w.section_list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(w.section_list.count())]


def ticked(w: TalkBuilder) -> list[str]:
    return [w.section_list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(w.section_list.count())
            if w.section_list.item(i).checkState() == Qt.CheckState.Checked]


def test_pickers_and_default_selection(qtbot: QtBot, content: Content) -> None:
    w = TalkBuilder(content, "pupils-14-16")
    qtbot.addWidget(w)
    assert w.talk_box.currentData() == "pupils-14-16"
    assert [w.length_box.itemData(i) for i in range(w.length_box.count())] == [20, 40, 60]
    assert w.length_box.currentData() == 40
    talk = content.talks["pupils-14-16"]
    assert ticked(w) == [s.id for s in talk.sections if 40 in s.lengths]
    assert w.timing.text() == "Running time 40 of 40 minutes."
    w.set_length(20)
    assert ticked(w) == [s.id for s in talk.sections if 20 in s.lengths]
    assert w.timing.text() == "Running time 20 of 20 minutes."
    with pytest.raises(TalkError):
        w.set_length(35)
    w.set_talk("parents-carers")
    assert w.plan is not None and w.plan.talk.id == "parents-carers"
    assert "curious" in " ".join(m.text for m in w.plan.talk.key_messages)


def test_ticks_moves_and_reset(qtbot: QtBot, content: Content) -> None:
    w = TalkBuilder(content, "pupils-11-13")
    qtbot.addWidget(w)
    w.set_length(20)
    order = section_ids(w)
    # Untick a section: running time drops and the plan follows.
    w.set_section_picked("online-friends", False)
    assert w.plan is not None and not w.plan.is_picked("online-friends")
    assert w.timing.text().startswith("Running time 13 of 20")
    # Tick one the 20-minute talk leaves out: over time, said plainly.
    w.set_section_picked("online-blackmail", True)
    w.set_section_picked("new-friend-scenario", True)
    assert "over" in w.timing.text()
    # Move the selected section up with the button.
    w.select_section("getting-help")
    start = section_ids(w).index("getting-help")
    qtbot.mouseClick(w.up_button, Qt.MouseButton.LeftButton)
    assert section_ids(w).index("getting-help") == start - 1
    assert w.current_section() == "getting-help"
    qtbot.mouseClick(w.down_button, Qt.MouseButton.LeftButton)
    assert section_ids(w).index("getting-help") == start
    w.select_section("opening")
    assert not w.up_button.isEnabled()
    qtbot.mouseClick(w.reset_button, Qt.MouseButton.LeftButton)
    assert section_ids(w) == order
    assert w.timing.text() == "Running time 20 of 20 minutes."


def test_services_and_export(qtbot: QtBot, content: Content, tmp_path: Path) -> None:
    w = TalkBuilder(content, "school-staff", export_dir=tmp_path)
    qtbot.addWidget(w)
    assert w.plan is not None
    before = w.service_list.count()
    extra = w.service_box.itemData(0)
    assert extra and extra not in w.plan.talk.signposts
    qtbot.mouseClick(w.add_service_button, Qt.MouseButton.LeftButton)
    assert w.service_list.count() == before + 1
    assert extra in w.plan.extra_signposts
    # The talk's own services cannot be removed; an added one can.
    w.service_list.setCurrentRow(0)
    assert not w.remove_service_button.isEnabled()
    w.service_list.setCurrentRow(before)
    assert w.remove_service_button.isEnabled()

    out = tmp_path / "staff.pdf"
    with qtbot.waitSignal(w.exported, timeout=20000) as sig:
        assert w.export_to(out) == out
    assert sig.args == [str(out)]
    assert "Saved staff.pdf" in w.status.text()
    text = "".join("".join((p.extract_text() or "").split()) for p in PdfReader(out).pages)
    name = content.signposts[extra].name
    assert "".join(name.split()) in text

    qtbot.mouseClick(w.remove_service_button, Qt.MouseButton.LeftButton)
    assert w.service_list.count() == before


def test_export_errors_are_shown_not_raised(qtbot: QtBot, content: Content, tmp_path: Path) -> None:
    w = TalkBuilder(content, "pupils-8-10")
    qtbot.addWidget(w)
    assert w.export_to(tmp_path / "missing" / "t.pdf") is None
    assert "does not exist" in w.status.text()
    for sid in list(section_ids(w)):
        w.set_section_picked(sid, False)
    assert w.export_to(tmp_path / "t.pdf") is None
    assert "Tick at least one section" in w.status.text()


def test_export_button_uses_save_dialog(qtbot: QtBot, content: Content, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from fieldkit.ui.screens import talk_builder

    target = tmp_path / "from-dialog"
    monkeypatch.setattr(talk_builder.QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "PDF files (*.pdf)")))
    w = TalkBuilder(content, "pupils-16-18")
    qtbot.addWidget(w)
    qtbot.mouseClick(w.export_button, Qt.MouseButton.LeftButton)
    assert (tmp_path / "from-dialog.pdf").is_file()


def test_unknown_talk(qtbot: QtBot, content: Content) -> None:
    with pytest.raises(TalkError, match="no talk"):
        TalkBuilder(content, "pupils-99")


@pytest.mark.parametrize("theme_name", ["light", "dark", "contrast"])
def test_tick_boxes_are_visible_and_over_time_is_a_warning(qtbot: QtBot, content: Content,
                                                           theme_name: str) -> None:
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem
    from ui_helpers import themed

    from fieldkit.ui import theme

    with themed(theme_name):
        w = TalkBuilder(content, "pupils-11-13")
        qtbot.addWidget(w)
        w.resize(1024, 900)
        w.show()
        qtbot.waitExposed(w)
        w.set_length(20)
        p = theme.PALETTES[theme_name]
        view = w.section_list
        shot = view.viewport().grab().toImage()
        ring = QColor(p.text)
        for row in range(2):  # one ticked, one not: each box's edge is drawn in the text colour
            opt = QStyleOptionViewItem()
            opt.initFrom(view)
            opt.rect = view.visualRect(view.model().index(row, 0))
            opt.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
            box: QRect = view.style().subElementRect(
                QStyle.SubElement.SE_ItemViewItemCheckIndicator, opt, view)
            assert box.width() >= 16, box
            edge = sum(1 for x in range(box.left(), box.right() + 1)
                       for y in range(box.top(), box.bottom() + 1)
                       if _near(QColor(shot.pixel(x, y)), ring))
            assert edge >= box.width() * 2, (theme_name, row, edge)  # a visible outline
            assert theme.contrast_ratio(p.text, p.surface) >= 4.5
        # Over time: a warning, in the warning colours.
        w.set_section_picked("online-blackmail", True)
        w.set_section_picked("new-friend-scenario", True)
        assert w.timing.text().startswith("\u26a0 Over time. Running time")
        assert w.timing.property("role") == "over-time"
        assert theme.contrast_ratio(p.warn_text, p.warn_bg) >= 4.5
        assert 'QLabel[role="over-time"]' in theme.stylesheet(theme_name)


def _near(a: object, b: object) -> bool:
    from PySide6.QtGui import QColor

    assert isinstance(a, QColor) and isinstance(b, QColor)
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < 60
