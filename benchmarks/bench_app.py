"""The desktop app: an answer until the next screen is laid out and painted, offscreen.

Two figures, because they differ in kind: answer -> next question (the step an officer repeats,
aim under one 16 ms frame) and answer -> outcome (a long page, once per walk). Start-up and
search have their own modules (bench_startup, bench_search).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile

# Click each answer in turn, let Qt lay out and paint, note what came next, then go back.
ANSWER = r"""
import json, sys, time
from PySide6.QtWidgets import QApplication
from fieldkit.content import builtin_content_dir, load_content
from fieldkit.ui.main_window import MainWindow
app = QApplication([])
content = load_content(builtin_content_dir())
win = MainWindow(content); win.resize(1280, 800)
from fieldkit.ui.lock import install_lock
install_lock(win)  # as the app does: its idle timer watches every event in the app
win.show()
for _ in range(5): app.processEvents()
out = {"question": [], "outcome": []}
for gid in ("youth-imagery", "device-seizure", "outcome-21"):
    view = win.open_guide(gid)
    walk = win.session.walk(gid)
    while walk.current.kind == "info":
        view._acknowledge()
    for i in range(30):
        app.processEvents()
        buttons = view.input.buttons if view.input is not None else []
        if not buttons:
            break
        t = time.perf_counter()
        buttons[i % len(buttons)].click()
        app.processEvents()
        view.repaint()
        ms = (time.perf_counter() - t) * 1000
        kind = "outcome" if walk.current.kind == "outcome" else "question"
        if i >= len(buttons):  # the first round warms Qt's caches
            out[kind].append(ms)
        view.undo()
        while walk.current.kind == "info":
            view.undo()
print(json.dumps(out))
"""


def run() -> list[tuple[str, float, str]]:
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FIELDKIT_DATA_DIR": data}
        out = subprocess.run([sys.executable, "-c", ANSWER], capture_output=True, text=True,
                             env=env, timeout=300, check=True).stdout
    times = json.loads(out.splitlines()[-1])
    rows: list[tuple[str, float, str]] = []
    for kind, aim in (("question", " (aim < 16 ms)"), ("outcome", "")):
        if times[kind]:
            rows.append((f"answer -> next {kind} shown, median of {len(times[kind])}{aim}",
                         statistics.median(times[kind]), "ms"))
            rows.append((f"  slowest answer -> {kind}", max(times[kind]), "ms"))
    return rows


if __name__ == "__main__":
    for label, value, unit in run():
        print(f"{label:<64} {value:10.2f} {unit}")
