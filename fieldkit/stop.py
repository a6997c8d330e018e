"""Ctrl-C, handled the same way from the first line of start-up to the last write.

`install()` runs before any heavy import. The first Ctrl-C raises KeyboardInterrupt as usual,
so `finally` blocks and temporary-file clean-ups run; `main()` then prints "stopped" and
exits 130. A second Ctrl-C while that clean-up runs stops at once, still saying "stopped".
Standard library only, so installing it costs nothing.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from types import FrameType

STOPPED = 130
_installed = False


def _second(signum: int, frame: FrameType | None) -> None:
    with_message()
    os._exit(STOPPED)


def _first(signum: int, frame: FrameType | None) -> None:
    signal.signal(signal.SIGINT, _second)
    raise KeyboardInterrupt


def install() -> None:
    """Take over SIGINT (only in the main thread, and only once)."""
    global _installed
    if _installed:
        return
    try:
        signal.signal(signal.SIGINT, _first)
    except ValueError:  # not the main thread (e.g. an embedding host): leave it alone
        return
    _installed = True


def with_message() -> int:
    """Say "stopped" (even if the terminal is gone) and give the exit code."""
    try:
        sys.stderr.write("stopped\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # no terminal left: the exit code says it
        with contextlib.suppress(OSError):
            os.write(2, b"stopped\n")
    return STOPPED


def run(entry: str = "fieldkit.cli") -> int:
    """Import the command line and run it, with Ctrl-C covered from before the import."""
    install()
    try:
        import importlib

        module = importlib.import_module(entry)
        return int(module.main())
    except KeyboardInterrupt:
        return with_message()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(run())
