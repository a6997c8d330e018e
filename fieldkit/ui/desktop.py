"""How FieldKit shows itself to the desktop: its name and icon on the window and in the
taskbar, and the folder its file dialogs open in (the officer's Documents, where Windows
users look for what they saved, not their profile root)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QGuiApplication

from fieldkit.content.locate import shipped_file

APP_NAME = "FieldKit"
# Windows groups taskbar buttons by this ID; without it a run from source shows under
# python.exe's icon and name. The installed app's shortcut carries the same ID.
APP_USER_MODEL_ID = "FieldKit.FieldKit"


def apply_identity(app: QGuiApplication) -> None:
    """Name and icon for every window, the taskbar and the Dock."""
    apply_names(app)
    apply_icon(app)


def apply_names(app: QGuiApplication) -> None:
    """The names, before the first window is shown: the desktop groups windows by them."""
    QGuiApplication.setApplicationDisplayName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setDesktopFileName("fieldkit")  # Wayland docks match the icon by this name
    if sys.platform == "win32":
        import ctypes

        ctypes.windll.shell32.SetCurrentProcessExplicitAppUserModelID(APP_USER_MODEL_ID)


def apply_icon(app: QGuiApplication) -> None:
    """The icon; the app sets it just after its first paint (reading the picture, and PySide
    setting up its icon classes, need not delay the window), and the desktop updates it."""
    from PySide6.QtGui import QIcon

    app.setWindowIcon(QIcon(str(shipped_file("icons", "fieldkit.png"))))  # shipped, not case


def documents_dir() -> Path:
    """Where a file dialog starts: the user's Documents folder (on Windows the known folder,
    wherever the force has redirected it), or the home folder if there is none."""
    import platformdirs

    folder = Path(platformdirs.user_documents_dir())
    return folder if folder.is_dir() else Path.home()
