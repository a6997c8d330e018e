"""Start-up to the main window's first paint, from source and packaged, beside a bare PySide6
window measured the same way; the packaged app's size on disk; the app's peak memory.

Aims: start-up within 2x the bare window's, packaged app under 150 MB, app memory under 200 MB.
Every start is a fresh process (offscreen, an empty data folder), timed by the process itself
from the moment the kernel started it to its first paint, as `fieldkit app --smoke` does; peak
memory is the process's own maximum resident set, read from the kernel when it exits. One
untimed start of each comes first (it fills the file cache, the app's content snapshot and
Python's bytecode cache, as any first start does). Starts of the app and of the bare window
alternate, so a busy moment on the machine hits both; the ratio is taken round by round and
its median and spread printed.
"""

from __future__ import annotations

import math
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

STARTS = 11  # rounds: the machine swings by a third from one start to the next
ROOT = Path(__file__).resolve().parents[1]
PACKAGED = ROOT / "dist" / "fieldkit" / ("fieldkit.exe" if sys.platform == "win32" else "fieldkit")
AIM_RATIO, AIM_SIZE_MB, AIM_MEMORY_MB = 2.0, 150.0, 200.0

# A bare QWidget, shown and timed exactly as fieldkit/ui/app.py times the main window.
BARE = r"""
import os, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

def age_ms():
    with open("/proc/self/stat", encoding="ascii") as fh:
        start = int(fh.read().rsplit(")", 1)[1].split()[19])
    return (time.clock_gettime(time.CLOCK_BOOTTIME) - start / os.sysconf("SC_CLK_TCK")) * 1000

app = QApplication([])
win = QWidget()
win.resize(1280, 800)
got = {}

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not got:
            got["ms"] = age_ms()
            QTimer.singleShot(0, app.quit)
        return False

watcher = FirstPaint()
win.installEventFilter(watcher)
win.show()
app.exec()
print(f"startup_ms={round(got['ms'])}")
"""


# Peak memory comes from the kernel's rusage of the child, read by a small launcher process.
# Linux carries a parent's peak RSS over into a child it forks, so reading the app's rusage
# from this (large, long-running) benchmark process would report this process's peak instead;
# the launcher is a fresh, small Python whose own peak (about 10 MB) is far below the app's.
LAUNCH = r"""
import resource, subprocess, sys
code = subprocess.call(sys.argv[1:], stderr=subprocess.DEVNULL)
sys.stdout.flush()
print(f"maxrss_kb={resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
sys.exit(code)
"""


def start_once(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """One start: (ms to first paint as the process reports it, peak RSS in MB)."""
    proc = subprocess.run([sys.executable, "-c", LAUNCH, *cmd], capture_output=True, text=True,
                          env=env, timeout=120)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}")
    found = dict(line.split("=", 1) for line in proc.stdout.splitlines() if "=" in line)
    return float(found["startup_ms"]), int(found["maxrss_kb"]) / 1024  # KB on Linux


def paired_starts(commands: dict[str, list[str]], env: dict[str, str]
                  ) -> dict[str, list[tuple[float, float]]]:
    """STARTS rounds; in each, every command starts once, in turn (bare first), so a busy
    moment on the shared machine lands on the app and the bare window alike."""
    for cmd in commands.values():  # warm the file cache once, untimed (and, as any first
        start_once(cmd, env)  # start does, let the app keep its content snapshot)
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(STARTS):
        for name, cmd in commands.items():
            samples[name].append(start_once(cmd, env))
    return samples


def ratio_rows(label: str, runs: list[tuple[float, float]], bare: list[tuple[float, float]]
               ) -> list[tuple[str, float, str]]:
    """Start-up of one command beside the bare window started in the same rounds: the median
    of the per-round ratios, and their spread."""
    ratios = sorted(ms / b for (ms, _), (b, _) in zip(runs, bare, strict=True))
    times = [ms for ms, _ in runs]
    return [
        (f"{label}: start-up to first paint (median of {len(times)})",
         statistics.median(times), "ms"),
        (f"  ratio to the bare window, median of {len(ratios)} rounds (aim <= {AIM_RATIO:.0f}x)",
         statistics.median(ratios), "x"),
        ("    lowest ratio in a round", ratios[0], "x"),
        ("    highest ratio in a round", ratios[-1], "x"),
        (f"  peak memory of the process (aim < {AIM_MEMORY_MB:.0f} MB)",
         statistics.median(mb for _, mb in runs), "MB"),
    ]


def folder_size_mb(folder: Path) -> float:
    """Bytes of the files in a folder (symlinks not counted twice), in MB."""
    files = (p for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    return sum(p.stat().st_size for p in files) / 2**20


def run() -> list[tuple[str, float, str]]:
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FIELDKIT_DATA_DIR": data}
        env.pop("FIELDKIT_CONTENT_DIR", None)
        # The untimed first start writes Python's bytecode cache, as a first start on a laptop
        # does (and the package ships it): with writing forbidden, every timed start would
        # compile FieldKit's own sources again, which no installed copy does.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        commands = {
            "bare": [sys.executable, "-c", BARE],
            "source": [str(Path(sys.executable).with_name("fieldkit")), "app", "--smoke"],
        }
        if PACKAGED.is_file():
            commands["packaged"] = [str(PACKAGED), "app", "--smoke"]
        got = paired_starts(commands, env)

    bare = got["bare"]
    rows = [
        (f"bare PySide6 window: start-up to first paint (median of {STARTS})",
         statistics.median(ms for ms, _ in bare), "ms"),
        ("  its start-up, fastest to slowest round (spread)",
         max(ms for ms, _ in bare) - min(ms for ms, _ in bare), "ms"),
        ("  peak memory of the bare window process, for reference",
         statistics.median(mb for _, mb in bare), "MB"),
    ]
    rows += ratio_rows("fieldkit app --smoke from source", got["source"], bare)
    if "packaged" in got:
        rows += ratio_rows("packaged dist/fieldkit/fieldkit app --smoke", got["packaged"], bare)
        rows.append((f"  package size on disk, dist/fieldkit (aim < {AIM_SIZE_MB:.0f} MB)",
                     folder_size_mb(PACKAGED.parent), "MB"))
    else:
        rows.append(("packaged app: not built (make package builds dist/fieldkit)",
                     math.nan, ""))
    return rows


if __name__ == "__main__":
    for label, value, unit in run():
        print(f"{label:<64} {value:10.2f} {unit}")
