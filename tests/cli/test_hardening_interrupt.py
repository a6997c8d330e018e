"""Ctrl-C at any point, including while the command line is still being imported: "stopped"
and exit code 130, never a traceback. The interrupt is delivered by the process itself at a
chosen import, so each run is the same."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]

# Sends SIGINT to itself the first time `target` is imported, then starts FieldKit as `how`.
HARNESS = r"""
import builtins, os, signal, sys
target, how = sys.argv[1], sys.argv[2]
sys.argv = ["fieldkit", *sys.argv[3:]]
real = builtins.__import__
fired = []
def hook(name, globals=None, locals=None, fromlist=(), level=0):
    full = name if not level else (globals or {}).get("__package__", "") + "." + name
    if not fired and (full == target or name == target):
        fired.append(1)
        os.kill(os.getpid(), signal.SIGINT)
    return real(name, globals, locals, fromlist, level)
builtins.__import__ = hook
if how == "module":
    import runpy
    runpy.run_module("fieldkit", run_name="__main__")
elif how == "packaged":
    import runpy
    runpy.run_path(os.environ["ENTRY"], run_name="__main__")
else:  # what the installed `fieldkit` script does
    from fieldkit.cli import main
    sys.exit(main())
"""

TARGETS = ["argparse", "fieldkit.diagnostics", "fieldkit.commands.content", "yaml",
           "fieldkit.content.loader"]


@pytest.mark.parametrize("how", ["module", "packaged", "script"])
@pytest.mark.parametrize("target", TARGETS)
def test_ctrl_c_during_start_up_says_stopped(tmp_path: Path, how: str, target: str) -> None:
    if how == "script" and target in ("argparse", "fieldkit.diagnostics"):
        pytest.skip("the installed script imports fieldkit.cli itself, before any handler")
    env = {**os.environ, "ENTRY": str(ROOT / "packaging" / "fieldkit_entry.py"),
           "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", HARNESS, target, how, "content", "check", str(ROOT / "content")],
        capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 130, (done.returncode, done.stderr[-500:])
    assert done.stderr.strip().endswith("stopped")
