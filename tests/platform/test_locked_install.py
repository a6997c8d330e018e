"""The locks in requirements/ are what every machine installs: they must cover what
pyproject.toml asks for, agree with each other, and install on Windows and macOS too."""

from __future__ import annotations

import re
import sys
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tools.lockfile import TARGETS, Pin, pins_for, read_lock, resolve_for  # noqa: E402

DEV = ROOT / "requirements" / "dev.lock"
PACKAGE = ROOT / "requirements" / "package.lock"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def by_name(pins: list[Pin], target: str = "linux") -> dict[str, Pin]:
    """The pins that apply on `target` with Python 3.11, by name (one each)."""
    applying = pins_for(pins, target)
    named = {canonicalize_name(p.name): p for p in applying}
    assert len(named) == len(applying), f"a package is pinned twice for {target}"
    return named


@pytest.mark.parametrize("lock", [DEV, PACKAGE], ids=["dev", "package"])
def test_every_pin_is_exact_and_hashed(lock: Path) -> None:
    pins = read_lock(lock)
    assert len(pins) > 30
    for pin in pins:
        assert re.fullmatch(r"[0-9][0-9A-Za-z.+!-]*", pin.version), pin
        assert pin.hashes and all(re.fullmatch(r"[0-9a-f]{64}", h) for h in pin.hashes), pin
    assert len({(canonicalize_name(p.name), p.marker) for p in pins}) == len(pins)
    for target in ("linux", *TARGETS):
        by_name(pins, target)  # one pin each where it installs


@pytest.mark.parametrize(("lock", "extras"), [(DEV, ["dev"]), (PACKAGE, ["dev", "package"])],
                         ids=["dev", "package"])
def test_the_lock_satisfies_pyproject(lock: Path, extras: list[str]) -> None:
    """A dependency added to pyproject.toml without `make lock` fails here, naming it."""
    pins = by_name(read_lock(lock))
    wanted = [*PYPROJECT["project"]["dependencies"], *PYPROJECT["build-system"]["requires"]]
    for extra in extras:
        wanted += PYPROJECT["project"]["optional-dependencies"][extra]
    for text in wanted:
        req = Requirement(text)
        pin = pins.get(canonicalize_name(req.name))
        assert pin is not None, f"{req.name} is in pyproject.toml but not in {lock.name}: " \
                                "run `make lock KEEP=1`"
        assert req.specifier.contains(pin.version, prereleases=True), \
            f"{lock.name} pins {pin.name}=={pin.version}, outside pyproject's {req}"


def test_the_package_lock_keeps_the_dev_locks_versions_and_hashes() -> None:
    """Installing the package set over a dev venv changes nothing already installed."""
    dev, package = set(read_lock(DEV)), set(read_lock(PACKAGE))
    assert dev < package  # every pin, marker, version and hash of dev.lock is in package.lock
    extra = {canonicalize_name(p.name) for p in package - dev}
    assert not extra & {canonicalize_name(p.name) for p in dev}
    assert {"pyinstaller", "pyinstaller-hooks-contrib"} <= extra


def test_windows_and_macos_only_dependencies_are_locked() -> None:
    """The lock is universal: packages only Windows or macOS need are in it, with markers."""
    pins = read_lock(PACKAGE)
    windows = {canonicalize_name(p.name) for p in pins_for(pins, "windows")}
    macos = {canonicalize_name(p.name) for p in pins_for(pins, "macos")}
    assert {"colorama", "pefile", "pywin32-ctypes"} <= windows - macos
    assert "macholib" in macos - windows


@pytest.fixture(scope="module")
def resolved() -> dict[str, tuple[int, str, list[dict[str, Any]]]]:
    """pip's answer for each target system, asked in parallel (each takes some seconds)."""
    with ThreadPoolExecutor(len(TARGETS)) as pool:
        futures = {t: pool.submit(resolve_for, PACKAGE, t) for t in TARGETS}
        return {t: f.result() for t, f in futures.items()}


@pytest.mark.network
@pytest.mark.parametrize("target", sorted(TARGETS))
def test_every_locked_dependency_installs_on(target: str, resolved: dict[str, Any]) -> None:
    """Every pin that applies on Windows (win_amd64) or macOS (arm64) has a wheel for it on
    PyPI whose hash is in the lock: pip resolves the whole lock for that platform, wheels
    only, hash-checked, downloading only metadata. Needs PyPI (as installing does)."""
    code, output, chosen = resolved[target]
    assert code == 0, f"the lock does not install on {target}:\n{output[-3000:]}"
    wanted = by_name(read_lock(PACKAGE), target)
    got: dict[str, tuple[str, str]] = {}
    for item in chosen:
        info = item["download_info"]
        got[canonicalize_name(item["metadata"]["name"])] = (
            info["url"].rsplit("/", 1)[-1], info["archive_info"]["hashes"]["sha256"])
    assert set(got) == set(wanted)
    platform = TARGETS[target][0]
    for name, (filename, sha256) in got.items():
        assert filename.endswith(".whl"), filename
        assert sha256 in wanted[name].hashes, f"{filename}: its hash is not in the lock"
        tag = filename[:-4].rsplit("-", 1)[-1]
        assert tag == "any" or tag.split("_")[0] == platform.split("_")[0], filename
