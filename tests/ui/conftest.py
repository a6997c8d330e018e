"""The app's tests start from one fixture: the main window over the fixture content, shown."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot
from ui_helpers import open_window

from fieldkit.ui.main_window import MainWindow


@pytest.fixture
def win(qtbot: QtBot) -> MainWindow:
    """The main window on the home screen, shown and active, with no case open."""
    return open_window(qtbot)
