"""Starting the desktop app: Qt, the content, the main window; and `--smoke` timing.

`startup_ms` is measured from the moment the operating system started the process (read from
/proc/self/stat on Linux, so Python's own start-up and every import are included) to the main
window's first paint, with the content loaded and the home screen built. Where /proc is not
available it falls back to the time since this module was imported, and says so.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path

_IMPORTED = time.perf_counter()


def process_age_ms() -> tuple[float, str]:
    """Milliseconds since the process started, and what that number is measured from."""
    try:
        with open("/proc/self/stat", encoding="ascii") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        start_ticks = int(fields[19])  # field 22 of stat, counting from after the name
        since_boot = time.clock_gettime(time.CLOCK_BOOTTIME)
        age = since_boot - start_ticks / os.sysconf("SC_CLK_TCK")
        return age * 1000, "process start"
    except (OSError, ValueError, IndexError, AttributeError):
        return (time.perf_counter() - _IMPORTED) * 1000, "app module import"


def run(args: argparse.Namespace) -> int:
    """Open the app; with args.smoke, quit after the first paint and print startup_ms."""
    # Everything that needs no Qt comes first: the content, the settings and the core modules
    # the window and the lock use. Once PySide is imported, it reads the source of every
    # module imported after it (to see whether that module uses PySide), which these never do.
    from fieldkit.content.snapshot import load_fast, refresh_cache  # noqa: I001 (before Qt)
    from fieldkit.packs.install import content_in_use
    from fieldkit.settings import Settings
    from fieldkit.cases import paths, times  # noqa: F401 (the lock's and the screens')
    from fieldkit.content import answers  # noqa: F401 (the screens')
    from fieldkit.security import attempts, passphrase  # noqa: F401 (the lock's)

    content_dir = content_in_use(getattr(args, "content", None))
    author = getattr(args, "author", False)
    if author:  # authors always see their YAML read and checked
        from fieldkit.content.loader import load_content

        content, read_yaml = load_content(content_dir), True
    else:  # from the verified snapshot when every file matches it, else from the YAML
        content, read_yaml = load_fast(content_dir)
    settings = Settings()

    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    _known_to_pyside()
    from fieldkit.ui.desktop import apply_icon, apply_names
    from fieldkit.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "fieldkit"])
    assert isinstance(app, QApplication)
    apply_names(app)
    win = MainWindow(content, settings, content_dir)
    win.after_first_paint(lambda: apply_icon(app))
    if read_yaml and not author:  # after first paint: next start reads the snapshot
        win.after_first_paint(lambda: refresh_cache(content))
    win.after_first_paint(_resume_gc)

    if author:
        _open_author(win, content_dir)
    from fieldkit.ui.lock import install_lock

    install_lock(win)  # saved cases open with the passphrase; Ctrl+L and idle minutes lock

    if getattr(args, "smoke", False):
        result: dict[str, float] = {}

        class FirstPaint(QObject):
            def eventFilter(self, obj: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint and "ms" not in result:
                    result["ms"], result["from"] = process_age_ms()  # type: ignore[assignment]
                    QTimer.singleShot(0, app.quit)
                return False

        watcher = FirstPaint()
        win.installEventFilter(watcher)
        QTimer.singleShot(20_000, app.quit)  # never hang a build: give up after 20 s
        win.show()
        app.exec()
        win.removeEventFilter(watcher)
        win.close()
        if "ms" not in result:
            print("the main window was never painted", file=sys.stderr)
            return 1
        print(f"startup_ms={round(result['ms'])}")
        print(f"(measured from {result['from']} to the main window's first paint; "
              f"{len(content.guides)} guides loaded)", file=sys.stderr)
        return 0

    win.show()
    return int(app.exec())


def _known_to_pyside() -> None:
    """Tell PySide that the modules imported so far do not use its `__feature__` switches.

    Once imported, PySide looks at every module that imports anything, the first time it
    does, to see whether it uses those optional switches: it reads the module's whole source
    file looking for "PySide6" (typing, inspect, argparse, datetime and some eighty more at
    start-up, 6-12 ms). The modules imported so far (the standard library and FieldKit's
    core) never use them, so this enters in its table what it would have found for them. The
    table is PySide's own, so if a release no longer has it, this does nothing."""
    feature = sys.modules.get("shibokensupport.feature")
    table = getattr(feature, "pyside_feature_dict", None)
    if isinstance(table, dict):
        for name in list(sys.modules):
            table.setdefault(name, -1)  # -1: does not use PySide (PySide's own value)


def _resume_gc() -> None:
    """The garbage collector, paused for start-up (fieldkit/cli.py), runs again. What start-up
    made (modules, classes, the content) lasts as long as the app, so it is left out of every
    later collection, which then looks only at what the officer's work makes."""
    gc.freeze()
    gc.enable()


def _open_author(win: object, content_dir: Path) -> None:
    """Open the specialists' author mode (fieldkit/ui/author/) when this build has it."""
    try:
        from fieldkit.ui.author import mode as author
    except ImportError:
        print("author mode is not available in this build", file=sys.stderr)
        return
    opener = getattr(author, "open_author", None)
    if callable(opener):
        opener(win, content_dir)
