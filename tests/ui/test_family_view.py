"""The family view shows only what content wrote for the family: on the shipped scripts, no
officer heading, officer line, note, line to avoid, screening question, title or placeholder
reaches it, and the officer's name comes from the case."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot
from ui_helpers import open_window, settle

from fieldkit.content import builtin_content_dir, load_content
from fieldkit.ui.saved_cases import create_case


def shown_text(widget: object) -> list[str]:
    settle()
    return [lbl.text() for lbl in widget.findChildren(QLabel)  # type: ignore[attr-defined]
            if lbl.isVisibleTo(widget) and lbl.text()]


def test_no_officer_only_text_reaches_the_family_view(qtbot: QtBot) -> None:
    content = load_content(builtin_content_dir())
    win = open_window(qtbot, content)
    win.set_session(create_case(win.case_store(), win.content, reference="CAD 4471 21/11/2026",
                                officer_name="PC Sam Jones", officer_number="4471",
                                station="Central"))
    checked = 0
    for sid, script in content.scripts.items():
        officer_only = {script.header.title, script.header.summary}
        for sec in script.sections:
            officer_only.add(sec.title)  # "Make safe", "What to say" ...
            officer_only |= {ln.text for ln in sec.notes}
            officer_only |= {a.text for a in sec.avoid} | {a.why for a in sec.avoid if a.why}
        for block in script.family:
            family = {ln.text.replace("{officer}", "PC Sam Jones") for ln in block.lines}
            view = win.open_family("script", [sid], block.for_)
            qtbot.waitExposed(view)
            shown = shown_text(view)
            body = [t for t in shown if t not in (block.title, "Close (Esc)")]
            assert shown[0] == block.title
            assert set(body) == family, sid  # exactly the lines written for the family
            for text in shown:
                assert text not in officer_only, (sid, text)
                assert "..." not in text and "\u2026" not in text and "{" not in text, text
                assert "hurting yourself" not in text and "hurt themselves" not in text, text
                assert "CAD 4471" not in text
            assert any("PC Sam Jones" in t for t in shown), sid  # the name, from the case
            view.close()
            checked += 1
    # Every script for a child, young person or parent has lines for them.
    for_family = [s for s in content.scripts.values()
                  if s.for_ in ("child", "young-person", "parent")]
    assert for_family and all(s.family for s in for_family)
    assert checked >= len(for_family)
    QApplication.processEvents()


def test_without_a_case_no_line_shows_a_gap_for_the_name(qtbot: QtBot) -> None:
    content = load_content(builtin_content_dir())
    win = open_window(qtbot, content)
    view = win.open_family("script", ["sextortion-victim"], "young-person")
    qtbot.waitExposed(view)
    shown = shown_text(view)
    assert not any("{officer}" in t or "I'm ," in t or "I'm ..." in t for t in shown)
    assert "Don't pay them anything, and don't send anything more. If you've already paid, " \
           "that's not your fault." in shown
    view.close()
