"""Wrong passphrases slow further tries: a counter kept beside the database.

The first `FREE_TRIES` wrong passphrases cost nothing (typing errors happen at 2 a.m.); after
that each new try must wait twice as long as the last, up to `MAX_DELAY`. The counter is a
small JSON file next to the database (no case data in it), so closing and reopening FieldKit
does not reset it; a right passphrase does.

This slows someone guessing at the app or the command line. It does not slow someone who
copies the database and attacks it elsewhere: the key derivation and the passphrase rule are
what protect against that (docs/security.md says so).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import time
from collections.abc import Callable
from pathlib import Path

FREE_TRIES = 3
FIRST_DELAY = 2.0  # seconds, after the FREE_TRIES-th wrong passphrase
MAX_DELAY = 300.0
MAX_COUNT = 10_000  # more wrong tries than this is not a count FieldKit wrote: damaged


def delay_after(failures: int) -> float:
    """Seconds a new try must wait after this many wrong passphrases in a row."""
    if failures < FREE_TRIES:
        return 0.0
    return min(MAX_DELAY, FIRST_DELAY * 2 ** min(failures - FREE_TRIES, 32))


class AttemptLimiter:
    """`clock` (seconds, like time.time) and `sleep` are injected so tests never wait."""

    def __init__(self, path: Path, clock: Callable[[], float] = time.time,
                 sleep: Callable[[float], None] = time.sleep):
        self.path = path
        self.clock = clock
        self.sleep = sleep

    @classmethod
    def beside(cls, database: Path) -> AttemptLimiter:
        return cls(database.with_name(database.name + ".attempts"))

    def _read(self) -> tuple[int, float]:
        try:
            with self.path.open("rb") as f:
                data = json.loads(f.read(4096).decode("utf-8"))
            failures, last = int(data["failures"]), float(data["last"])
            if not 0 <= failures <= MAX_COUNT or not math.isfinite(last):
                raise ValueError("not a count FieldKit wrote")
            return failures, last
        except FileNotFoundError:
            return 0, 0.0
        except (OSError, ValueError, KeyError, TypeError, OverflowError, RecursionError):
            # A counter that cannot be read counts as the limit reached, not as a fresh start,
            # timed from when it was last written (so the wait ends, even on a read-only disk).
            return FREE_TRIES, self._damaged_since()

    def _damaged_since(self) -> float:
        now = self.clock()
        try:
            return min(now, self.path.stat().st_mtime)
        except OSError:
            return now

    @property
    def failures(self) -> int:
        return self._read()[0]

    def wait_seconds(self) -> float:
        """How long before the next try is allowed (0 if now)."""
        failures, last = self._read()
        delay = delay_after(failures)
        if not delay:
            return 0.0
        left = last + delay - self.clock()
        return max(0.0, min(delay, left))  # a clock set backwards never means a longer wait

    def wait_text(self) -> str:
        seconds = math.ceil(self.wait_seconds())
        return f"{seconds} second{'s' if seconds != 1 else ''}"

    def failed(self) -> None:
        failures, _ = self._read()
        self._write({"failures": failures + 1, "last": self.clock()})

    def succeeded(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()

    def _write(self, data: dict[str, float]) -> None:
        """Best effort: a read-only data folder must not stop an officer opening cases."""
        tmp = self.path.with_name(self.path.name + ".tmp")
        with contextlib.suppress(OSError):
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f)
            os.replace(tmp, self.path)
