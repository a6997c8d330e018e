"""The import contract in pyproject.toml: each package imports only from the layers below it,
and only fieldkit.ui imports Qt; no screen imports the main window, and no widget a screen. A
back-import, or a new top-level module left out of the layers, fails here, so `make test`
keeps the layering."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_import_contracts_are_kept() -> None:
    lint_imports = Path(sys.executable).parent / "lint-imports"
    done = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    report = done.stdout + done.stderr
    assert done.returncode == 0, report
    assert "Contracts: 4 kept, 0 broken." in report, report
