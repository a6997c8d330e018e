"""Load and check time and peak memory for shipped and generated content."""

from __future__ import annotations

import json
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
    per_step = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in (500, 2000, 10000):
            # Guides of up to 1,000 steps each, as a force would write them (one guide of
            # 10,000 steps in one file is also refused by nothing, but pays the hostile-input
            # scan that any file with over 10,000 flow brackets gets).
            root = write_content(Path(tmp) / f"c{n}", n, guides=max(1, n // 1000))
            m = measure(root, runs=5 if n < 10000 else 3)
            assert m["errors"] == 0, f"generated content of {n} steps has errors"
            med = statistics.median(m["times"])
            per_step.append(med / m["steps"])
            guides = max(1, n // 1000)
            rows.append((f"load+check generated content, {m['steps']} steps in {guides} "
                         f"guide{'s' if guides > 1 else ''}", med * 1000, "ms"))
            rows.append((f"  peak memory (process) for {m['steps']} steps",
                         m["rss_kb"] / 1024, "MB"))
    rows.append(("  growth: time per step at 10,000 vs 500 (1.0 = linear)",
                 per_step[-1] / per_step[0], "x"))
    return rows


if __name__ == "__main__":
    t = time.perf_counter()
    for name, value, unit in run():
        print(f"{name:<60} {value:10.2f} {unit}")
