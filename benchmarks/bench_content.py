"""Load and check time and peak memory for shipped and generated content."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import json, sys, time
from pathlib import Path
from fieldkit.content import load_content
root = Path(sys.argv[1]); runs = int(sys.argv[2])
times = []
for _ in range(runs):
    t = time.perf_counter(); c = load_content(root); times.append(time.perf_counter() - t)
steps = sum(len(g.steps) for g in c.guides.values())
# VmHWM is this program's own peak: ru_maxrss would carry the parent's peak across the exec.
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(json.dumps({"times": times, "rss_kb": hwm,
                  "steps": steps, "errors": len(c.report.errors)}))
"""


# Growth: 500 and 10,000 steps loaded in turn in one process, each load starting from the same
# state (the last result dropped first), the fastest of each taken: this machine's speed swings
# within a minute, so medians measured at different moments can differ by half, and two sizes
# alternated in one process meet the same swings.
GROWTH = r"""
import json, sys, time
from pathlib import Path
from fieldkit.content import load_content
small, large, runs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
best = {}
for _ in range(runs):
    for root in (small, large):
        c = None
        t = time.perf_counter(); c = load_content(root); took = time.perf_counter() - t
        per_step = took / sum(len(g.steps) for g in c.guides.values())
        best[str(root)] = min(best.get(str(root), per_step), per_step)
print(json.dumps([best[str(small)], best[str(large)]]))
"""


# A whole `fieldkit content check` process: wall time from the parent, CPU time and peak memory
# from the kernel's rusage of the child, read by a small launcher (as bench_startup does).
WHOLE = r"""
import resource, subprocess, sys, time
t = time.perf_counter()
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
wall = time.perf_counter() - t
use = resource.getrusage(resource.RUSAGE_CHILDREN)
print(wall, use.ru_utime + use.ru_stime, use.ru_maxrss, code)
"""
WHOLE_RUNS = 5
AIM_CHECK_S, AIM_CHECK_MB = 1.0, 200.0
# As installed: Python's compiled bytecode is kept (pip and the packaged app both ship it), so
# a check does not compile FieldKit's modules again on every run as it would with
# PYTHONDONTWRITEBYTECODE set. One unmeasured run per folder writes it first.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def check_process(root: Path) -> tuple[float, float, float]:
    """One whole `fieldkit content check ROOT`: (wall s, CPU s, peak MB)."""
    fieldkit = str(Path(sys.executable).with_name("fieldkit"))
    out = subprocess.run([sys.executable, "-c", WHOLE, fieldkit, "content", "check", str(root)],
                         check=True, capture_output=True, text=True, env=CHILD_ENV).stdout.split()
    if out[3] != "0":
        raise RuntimeError(f"content check of {root} exited {out[3]}")
    return float(out[0]), float(out[1]), int(out[2]) / 1024


def whole_process_rows(tmp: Path) -> list[tuple[str, float, str]]:
    """10,000 steps in one file and in ten, checked by whole processes started in turn."""
    from benchmarks.generate import write_content

    roots = {"one file": write_content(tmp / "one", 10000, guides=1),
             "ten files": write_content(tmp / "ten", 10000, guides=10)}
    runs: dict[str, list[tuple[float, float, float]]] = {name: [] for name in roots}
    # The first run writes the compiled bytecode, as the first run after an install does.
    first = {name: check_process(root) for name, root in roots.items()}
    for _ in range(WHOLE_RUNS):
        for name, root in roots.items():
            runs[name].append(check_process(root))
    rows: list[tuple[str, float, str]] = []
    for name, got in runs.items():
        walls, cpus = sorted(r[0] for r in got), sorted(r[1] for r in got)
        rows += [
            (f"`content check`, 10,000 steps, {name}: median of {len(got)} processes",
             statistics.median(walls), "s"),
            (f"  aim < {AIM_CHECK_S:.0f} s; fastest run", walls[0], "s"),
            ("  slowest run", walls[-1], "s"),
            ("  CPU time (user + system), median", statistics.median(cpus), "s"),
            ("  first run, compiling FieldKit's bytecode (not in the median)", first[name][0],
             "s"),
            (f"  peak memory, largest (aim < {AIM_CHECK_MB:.0f} MB)",
             max(r[2] for r in got), "MB"),
        ]
    return rows


def growth(small: Path, large: Path, runs: int = 5) -> float:
    """Time per step for `large` divided by time per step for `small` (1.0 = linear)."""
    out = subprocess.run([sys.executable, "-c", GROWTH, str(small), str(large), str(runs)],
                         check=True, capture_output=True, text=True)
    small_step, large_step = json.loads(out.stdout)
    return float(large_step / small_step)


def measure(root: Path, runs: int = 5) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(root), str(runs)], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout)


def run() -> list[tuple[str, float, str]]:
    from benchmarks.generate import write_content
    from fieldkit.content import builtin_content_dir

    rows: list[tuple[str, float, str]] = []
    shipped = measure(builtin_content_dir())
    rows.append((f"load+check shipped content ({shipped['steps']} steps)",
                 statistics.median(shipped["times"]) * 1000, "ms"))
    with tempfile.TemporaryDirectory() as tmp:
        for n in (500, 2000, 10000):
            # Guides of up to 1,000 steps each, as a force would write them; the whole-process
            # figures below also check all 10,000 steps in one file.
            root = write_content(Path(tmp) / f"c{n}", n, guides=max(1, n // 1000))
            m = measure(root, runs=5 if n < 10000 else 3)
            assert m["errors"] == 0, f"generated content of {n} steps has errors"
            med = statistics.median(m["times"])
            guides = max(1, n // 1000)
            rows.append((f"load+check generated content, {m['steps']} steps in {guides} "
                         f"guide{'s' if guides > 1 else ''}", med * 1000, "ms"))
            rows.append((f"  peak memory (process) for {m['steps']} steps",
                         m["rss_kb"] / 1024, "MB"))
        rows.append(("  growth: per step, 10,000 vs 500 steps (1.0 = linear)",
                     growth(Path(tmp) / "c500", Path(tmp) / "c10000"), "x"))
        rows += whole_process_rows(Path(tmp))
        rows.append(("growth: per step, 10,000 steps in one file vs 500",
                     growth(Path(tmp) / "c500", Path(tmp) / "one"), "x"))
    return rows


if __name__ == "__main__":
    t = time.perf_counter()
    for name, value, unit in run():
        print(f"{name:<60} {value:10.2f} {unit}")
