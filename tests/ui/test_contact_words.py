"""The signposting screen names contacts with the words the note and the talk pack use."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot
from ui_helpers import open_window, settle

from fieldkit.content import builtin_content_dir, load_content


def test_the_signpost_card_says_website_as_the_paper_does(qtbot: QtBot) -> None:
    content = load_content(builtin_content_dir())
    win = open_window(qtbot, content)
    view = win.open_signposts(["report-remove"])
    settle()
    words = [lbl.text() for lbl in view.findChildren(QLabel) if lbl.isVisibleTo(view)]
    assert "Website:" in words, words
    assert "Web:" not in words
