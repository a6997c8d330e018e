"""Reading the locks in requirements/, and asking pip whether they install on another system.

The locks are universal (one file for every system, with environment markers), so checking a
lock for Windows means evaluating its markers as Windows would (pip evaluates them for the
machine it runs on, even with --platform) and then letting pip resolve each pinned file for
that platform, wheels only, against the lock's hashes. Standard library only, plus
`packaging`, which every venv made from the lock has.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = "3.11"

# The systems FieldKit ships on, as pip's --platform tags and as marker environments.
# macOS 15 on Apple silicon is what the hosted runner (macos-latest) is, and the dev set needs
# it: pikepdf 10.18 has macOS wheels for 15 only. The app itself (PySide6) needs macOS 14.
TARGETS: dict[str, tuple[str, dict[str, str]]] = {
    "windows": ("win_amd64", {"sys_platform": "win32", "platform_system": "Windows",
                              "os_name": "nt", "platform_machine": "AMD64"}),
    "macos": ("macosx_15_0_arm64", {"sys_platform": "darwin", "platform_system": "Darwin",
                                    "os_name": "posix", "platform_machine": "arm64"}),
}
# Where the suite itself runs (this machine, a developer's, CI's), for reading the lock as it
# installs here.
LINUX = {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix",
         "platform_machine": "x86_64"}
_COMMON = {"implementation_name": "cpython", "platform_python_implementation": "CPython",
           "python_version": PYTHON, "python_full_version": f"{PYTHON}.9",
           "implementation_version": f"{PYTHON}.9", "platform_release": "",
           "platform_version": "", "extra": ""}

_ENTRY = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


@dataclass(frozen=True)
class Pin:
    name: str
    version: str
    marker: str | None
    hashes: frozenset[str]

    def line(self) -> str:
        """The requirement as pip reads it, without its marker."""
        hashes = " ".join(f"--hash=sha256:{h}" for h in sorted(self.hashes))
        return f"{self.name}=={self.version} {hashes}"


def read_lock(path: Path) -> list[Pin]:
    """Every pinned package in a lock, with its marker and its sha256 hashes."""
    pins: list[Pin] = []
    current: tuple[str, str, str | None] | None = None
    hashes: set[str] = set()
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        entry = _ENTRY.match(line)
        if entry:
            if current:
                pins.append(Pin(*current, frozenset(hashes)))
            current, hashes = (entry.group(1), entry.group(2), entry.group(3)), set()
        elif line.startswith("--hash=sha256:"):
            hashes.add(line.split(":", 1)[1].rstrip(" \\"))
        else:
            raise ValueError(f"{path}: cannot read lock line {raw!r}")
    if current:
        pins.append(Pin(*current, frozenset(hashes)))
    return pins


def pins_for(pins: list[Pin], target: str) -> list[Pin]:
    """The pins whose markers hold on `target` (a key of TARGETS, or "linux") with Python
    3.11: a universal lock may pin one package twice, for different systems or Pythons."""
    from packaging.markers import Marker

    env = {**_COMMON, **(LINUX if target == "linux" else TARGETS[target][1])}
    return [p for p in pins if p.marker is None or Marker(p.marker).evaluate(env)]


def resolve_for(lock: Path, target: str) -> tuple[int, str, list[dict[str, object]]]:
    """Ask pip to resolve every pin of `lock` that applies on `target` as a wheel for that
    platform, hash-checked against the lock, without installing anything: pip's exit code,
    its output, and the files it chose (from its JSON report)."""
    platform, _env = TARGETS[target]
    with tempfile.TemporaryDirectory(prefix="fieldkit-resolve-") as tmp:
        reqs = Path(tmp) / "requirements.txt"
        reqs.write_text("\n".join(p.line() for p in pins_for(read_lock(lock), target)) + "\n",
                        encoding="utf-8")
        report = Path(tmp) / "report.json"
        cmd = [sys.executable, "-m", "pip", "install", "--dry-run", "--quiet",
               "--ignore-installed", "--no-deps", "--only-binary=:all:", "--require-hashes",
               "--platform", platform, "--python-version", PYTHON, "--implementation", "cp",
               "--abi", f"cp{PYTHON.replace('.', '')}", "--target", str(Path(tmp) / "target"),
               "--index-url", "https://pypi.org/simple", "--report", str(report),
               "-r", str(reqs)]
        # PyPI only, as a new machine sees it: no local indexes, links or constraints.
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("PIP_") or k in ("PIP_CERT", "PIP_DEFAULT_TIMEOUT")}
        env.update({"PIP_CONFIG_FILE": os.devnull, "PIP_NO_CACHE_DIR": "1",
                    "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600,
                              check=False)
        chosen = json.loads(report.read_text())["install"] if report.exists() else []
    return done.returncode, done.stdout + done.stderr, chosen
