"""Start-up runs with the garbage collector paused, and every command gets it back: the app
after its first paint, every other command before it runs, and the caller in any case."""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys

import pytest

from fieldkit import cli


def _parser_running(seen: list[bool], resumes_gc: bool = False,
                    fails: bool = False) -> argparse.ArgumentParser:
    def func(args: argparse.Namespace) -> int:
        seen.append(gc.isenabled())
        if fails:
            raise RuntimeError("the command failed")
        return 0

    parser = argparse.ArgumentParser()
    parser.add_argument("--self-test", action="store_true")
    parser.add_argument("command")
    parser.set_defaults(func=func, resumes_gc=resumes_gc)
    return parser


def test_a_command_runs_with_the_collector_on_and_the_caller_gets_it_back(
        monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    monkeypatch.setattr(cli, "build_parser", lambda only=None: _parser_running(seen))
    assert cli.main(["walk"]) == 0
    assert seen == [True] and gc.isenabled()


def test_a_command_that_resumes_it_itself_starts_with_it_paused(
        monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    monkeypatch.setattr(cli, "build_parser",
                        lambda only=None: _parser_running(seen, resumes_gc=True))
    assert cli.main(["app"]) == 0
    assert seen == [False] and gc.isenabled()


def test_the_collector_comes_back_when_a_command_fails(monkeypatch: pytest.MonkeyPatch
                                                       ) -> None:
    seen: list[bool] = []
    monkeypatch.setattr(cli, "build_parser",
                        lambda only=None: _parser_running(seen, resumes_gc=True, fails=True))
    with pytest.raises(RuntimeError):
        cli.main(["app"])
    assert gc.isenabled()


def test_the_app_resumes_the_collector_after_its_first_paint(tmp_path: object) -> None:
    """A whole process: paused while the window is built, back on (with start-up's objects
    frozen out of later collections) once it has been painted."""
    code = (
        "import gc, sys\n"
        "import fieldkit.ui.app as app\n"
        "measure = app.process_age_ms\n"
        "def at_paint():\n"
        "    print('at first paint:', gc.isenabled(), gc.get_freeze_count() > 0)\n"
        "    return measure()\n"
        "app.process_age_ms = at_paint\n"
        "resume = app._resume_gc\n"
        "def resumed():\n"
        "    resume()\n"
        "    print('after first paint:', gc.isenabled(), gc.get_freeze_count() > 0)\n"
        "app._resume_gc = resumed\n"
        "from fieldkit.cli import main\n"
        "sys.exit(main(['app', '--smoke']))\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FIELDKIT_DATA_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "at first paint: False False" in out.stdout
    assert "after first paint: True True" in out.stdout
