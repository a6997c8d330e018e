"""The core must import and work with PySide6 unavailable: only fieldkit/ui may use Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BLOCK_QT = r"""
import importlib, pkgutil, sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6.") or name.startswith("shiboken6"):
            raise ImportError("PySide6 blocked for this test")
sys.meta_path.insert(0, Block())
import fieldkit
names = [m.name for m in pkgutil.walk_packages(fieldkit.__path__, "fieldkit.")
         if not m.name.startswith("fieldkit.ui") and m.name != "fieldkit.__main__"]
for name in names:
    importlib.import_module(name)
from fieldkit.cli import main
code = main(["content", "test", sys.argv[1]])
print("imported", len(names), "modules")
sys.exit(code)
"""


def test_core_imports_and_runs_without_qt() -> None:
    sample = ROOT / "tests" / "fixtures" / "sample-content"
    proc = subprocess.run([sys.executable, "-c", BLOCK_QT, str(sample)], capture_output=True,
                          text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "5 passed, 0 failed" in proc.stdout
    assert "imported" in proc.stdout


def test_no_core_module_imports_qt_in_source() -> None:
    offenders = []
    for path in (ROOT / "fieldkit").rglob("*.py"):
        if "ui" in path.relative_to(ROOT / "fieldkit").parts[:1]:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            stripped = line.strip()
            if stripped.startswith(("import PySide6", "from PySide6")):
                offenders.append(str(path))
    assert offenders == []
