"""What an officer on a Windows laptop meets: the data folder on the local disk (not a roaming
profile), file dialogs that open in Documents, FieldKit's own name and icon in the taskbar,
and a window that starts and draws at 150% scaling."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import platformdirs
import platformdirs.windows
import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog

from fieldkit.content import builtin_content_dir, load_content
from fieldkit.ui import desktop

ROOT = Path(__file__).resolve().parents[2]
LOCAL = r"C:\Users\pc4471\AppData\Local"
ROAMING = r"C:\Users\pc4471\AppData\Roaming"


@pytest.fixture
def as_windows(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """platformdirs answering as it does on Windows, with the known folders it asks for
    written down (no Windows API here: the folder lookup is replaced by a table)."""
    asked: list[str] = []
    folders = {"CSIDL_LOCAL_APPDATA": LOCAL, "CSIDL_APPDATA": ROAMING,
               "CSIDL_PERSONAL": r"C:\Users\pc4471\Documents"}

    def resolve(csidl: str) -> str:
        asked.append(csidl)
        return folders[csidl]

    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.windows.Windows)
    monkeypatch.setattr(platformdirs.windows, "_RESOLVE_WIN_FOLDER", resolve)
    monkeypatch.delenv("FIELDKIT_DATA_DIR")
    return asked


def test_the_data_folder_is_in_local_appdata_not_the_roaming_profile(
        as_windows: list[str]) -> None:
    from fieldkit.settings import data_dir, settings_path

    for folder in (data_dir(), settings_path().parent):
        assert str(folder).startswith(LOCAL) and str(folder).endswith("FieldKit"), folder
    assert "CSIDL_APPDATA" not in as_windows  # never the roaming profile


@pytest.fixture
def documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "Documents"
    folder.mkdir()
    monkeypatch.setattr(platformdirs, "user_documents_dir", lambda: str(folder))
    return folder


def test_documents_folder_or_home_when_there_is_none(
        documents: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert desktop.documents_dir() == documents
    documents.rmdir()
    assert desktop.documents_dir() == Path.home()


def test_export_folder_dialog_starts_in_documents(qapp: QApplication, documents: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from fieldkit.ui.screens.export_actions import ExportPanel

    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        lambda _parent, title, start: asked.append((title, start)) or "")
    settings: dict[str, str] = {}
    panel = ExportPanel(SimpleNamespace(settings=settings))  # type: ignore[arg-type]
    panel.choose_folder("Where should the handover note go?")
    assert asked == [("Where should the handover note go?", str(documents))]
    settings["export_dir"] = "/media/usb"  # once chosen, the officer's last folder wins
    panel.choose_folder("again")
    assert asked[-1][1] == "/media/usb"


def test_talk_pack_save_dialog_starts_in_documents(qapp: QApplication, documents: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from fieldkit.ui.screens.talk_builder import TalkBuilder

    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda _parent, _title, start, _filter: asked.append(start) or ("", ""))
    builder = TalkBuilder(load_content(builtin_content_dir()), "pupils-14-16")
    builder.choose_and_export()
    assert len(asked) == 1 and Path(asked[0]).parent == documents
    assert Path(asked[0]).suffix == ".pdf"


def test_the_app_has_its_own_name_and_icon(qapp: QApplication) -> None:
    name, shown, icon = qapp.applicationName(), qapp.applicationDisplayName(), qapp.windowIcon()
    try:
        desktop.apply_identity(qapp)
        assert qapp.applicationName() == QGuiApplication.applicationDisplayName() == "FieldKit"
        assert not qapp.windowIcon().isNull()
        sizes = qapp.windowIcon().availableSizes()
        assert sizes and max(s.width() for s in sizes) >= 256  # sharp at 200% in a taskbar
    finally:
        qapp.setApplicationName(name)
        QGuiApplication.setApplicationDisplayName(shown)
        qapp.setWindowIcon(icon)


ICON_AFTER_FIRST_PAINT = r"""
import sys
import fieldkit.ui.app as app
from PySide6.QtWidgets import QApplication
measure = app.process_age_ms
def at_paint():
    print("icon at first paint:", not QApplication.windowIcon().isNull())
    return measure()
app.process_age_ms = at_paint
from fieldkit.cli import main
code = main(["app", "--smoke"])
print("icon once painted:", not QApplication.windowIcon().isNull())
sys.exit(code)
"""


def test_the_app_sets_its_icon_just_after_its_first_paint(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FIELDKIT_DATA_DIR": str(tmp_path)}
    run = subprocess.run([sys.executable, "-c", ICON_AFTER_FIRST_PAINT], capture_output=True,
                         text=True, env=env, timeout=120, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "icon at first paint: False" in run.stdout
    assert "icon once painted: True" in run.stdout


SCALED_WINDOW = r"""
import sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from fieldkit.content import builtin_content_dir, load_content
from fieldkit.ui.desktop import apply_identity
from fieldkit.ui.main_window import MainWindow
from fieldkit.settings import Settings
apply_identity(app)
win = MainWindow(load_content(builtin_content_dir()), Settings(), builtin_content_dir())
win.resize(1024, 600)
win.show()
app.processEvents()
picture = win.grab()
picture.save(sys.argv[1])
print(win.devicePixelRatioF(), win.width(), win.height(), picture.width(), picture.height())
"""


def test_the_app_starts_and_draws_at_150_percent_scaling(tmp_path: Path) -> None:
    env = {**os.environ, "QT_SCALE_FACTOR": "1.5", "QT_QPA_PLATFORM": "offscreen"}
    smoke = subprocess.run([sys.executable, "-c",
                            "import sys; from fieldkit.cli import main; "
                            "sys.exit(main(['app', '--smoke']))"],
                           capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)
    assert smoke.returncode == 0, smoke.stderr[-2000:]
    assert "startup_ms=" in smoke.stdout
    shot = tmp_path / "scaled.png"
    drawn = subprocess.run([sys.executable, "-c", SCALED_WINDOW, str(shot)],
                           capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)
    assert drawn.returncode == 0, drawn.stderr[-2000:]
    ratio, width, height, px_w, px_h = drawn.stdout.split()
    assert float(ratio) == 1.5
    assert (int(px_w), int(px_h)) == (round(int(width) * 1.5), round(int(height) * 1.5))
    assert shot.stat().st_size > 10_000
