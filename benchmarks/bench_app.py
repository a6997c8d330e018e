"""The desktop app: answer -> next question on screen, start-up to first paint (beside a bare
PySide6 window's), and a search query. Each runs offscreen in its own process."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

STARTS = 5

# Time from process start (the kernel's record) to a bare window's first paint: the floor
# that Python plus Qt set, measured the same way `fieldkit app --smoke` measures itself.
BARE = r"""
import os, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
def age_ms():
    with open("/proc/self/stat") as fh:
        start = int(fh.read().rsplit(")", 1)[1].split()[19])
    return (time.clock_gettime(time.CLOCK_BOOTTIME) - start / os.sysconf("SC_CLK_TCK")) * 1000
app = QApplication([])
win = QMainWindow(); win.setCentralWidget(QLabel("FieldKit")); win.resize(1280, 800)
got = {}
class F(QObject):
    def eventFilter(self, o, e):
        if e.type() == QEvent.Type.Paint and not got:
            got["ms"] = age_ms(); QTimer.singleShot(0, app.quit)
        return False
f = F(); win.installEventFilter(f); win.show(); app.exec()
print(f"startup_ms={round(got['ms'])}")
"""

# Click an answer, then let Qt lay out and paint; undo with Back; repeat.
ANSWER = r"""
import json, statistics, sys, time
from PySide6.QtWidgets import QApplication
from fieldkit.content import builtin_content_dir, load_content
from fieldkit.ui.main_window import MainWindow
app = QApplication([])
content = load_content(builtin_content_dir())
win = MainWindow(content); win.resize(1280, 800); win.show()
for _ in range(5): app.processEvents()
gid = next((g for g in ("youth-imagery", "device-seizure") if g in content.guides),
           next(iter(content.guides)))
view = win.open_guide(gid)
walk = win.session.walk(gid)
while walk.current.kind == "info":
    view._acknowledge()
times = []
for i in range(41):
    app.processEvents()
    buttons = view.input.buttons if view.input is not None else []
    if not buttons:
        break
    t = time.perf_counter()
    buttons[0].click()
    app.processEvents()
    view.repaint()
    times.append((time.perf_counter() - t) * 1000)
    view.go_back()
print(json.dumps({"guide": gid, "times": times[1:]}))
"""

SEARCH = r"""
import json, time
from fieldkit.content import builtin_content_dir, load_content
from fieldkit.search import SearchIndex
content = load_content(builtin_content_dir())
t = time.perf_counter(); index = SearchIndex.build(content); build = time.perf_counter() - t
times = []
for q in ["phone", "flight mode", "parent", "s", "sextortion", "do not view", "outcome 21",
          "childline", "image", "a", "seize", "school"] * 5:
    t = time.perf_counter(); index.search(q); times.append((time.perf_counter() - t) * 1000)
print(json.dumps({"build_ms": build * 1000, "times": times, "entries": len(index.entries)}))
"""


def _env(data: str) -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FIELDKIT_DATA_DIR": data}


def _startup(cmd: list[str], env: dict[str, str]) -> float:
    times = []
    for _ in range(STARTS):
        out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120,
                             check=True).stdout
        times.append(float(next(ln for ln in out.splitlines()
                                if ln.startswith("startup_ms=")).split("=")[1]))
    return statistics.median(times)


def run() -> list[tuple[str, float, str]]:
    rows: list[tuple[str, float, str]] = []
    with tempfile.TemporaryDirectory() as data:
        env = _env(data)
        out = subprocess.run([sys.executable, "-c", ANSWER], capture_output=True, text=True,
                             env=env, timeout=300, check=True).stdout
        answer = json.loads(out.splitlines()[-1])
        rows.append((f"answer -> next question shown ({answer['guide']}, median)",
                     statistics.median(answer["times"]), "ms"))
        fieldkit = Path(sys.executable).with_name("fieldkit")
        app_ms = _startup([str(fieldkit), "app", "--smoke"], env)
        bare_ms = _startup([sys.executable, "-c", BARE], env)
        rows.append((f"app start-up to first paint (fieldkit app --smoke, median of {STARTS})",
                     app_ms, "ms"))
        rows.append((f"bare PySide6 window start-up to first paint (median of {STARTS})",
                     bare_ms, "ms"))
        rows.append(("  FieldKit's own share of start-up (app minus bare window)",
                     app_ms - bare_ms, "ms"))
        out = subprocess.run([sys.executable, "-c", SEARCH], capture_output=True, text=True,
                             env=env, timeout=120, check=True).stdout
        search = json.loads(out.splitlines()[-1])
        rows.append((f"search index build ({search['entries']} entries)", search["build_ms"],
                     "ms"))
        rows.append(("search query (median of 60)", statistics.median(search["times"]), "ms"))
        rows.append(("search query (slowest of 60)", max(search["times"]), "ms"))
    return rows


if __name__ == "__main__":
    for label, value, unit in run():
        print(f"{label:<64} {value:10.2f} {unit}")
