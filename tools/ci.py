"""One definition of how FieldKit is installed and tested: the Makefile and the hosted CI
(Windows has no make) both call this, so "the tests" and "the install" mean one thing.

    python -m tools.ci venv [SET]     # a fresh .venv from requirements/SET.lock (default: dev)
    python -m tools.ci install SET    # add requirements/SET.lock to the existing .venv
    python -m tools.ci test [ARGS]    # the suite, headless (make test); ARGS go to pytest
    python -m tools.ci package-test   # the packaged-build tests (make package-test)
    python -m tools.ci package        # build dist/fieldkit/ from packaging/fieldkit.spec
    python -m tools.ci lock [--keep]  # regenerate requirements/*.lock from pyproject (make lock)

Standard library only: `venv` and `lock` run on the system Python, before .venv exists.
Every install is hash-checked against the lock, so a fresh machine gets exactly the files the
suite was run against, or stops with pip's hash error.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
REQUIREMENTS = ROOT / "requirements"
LOCK_TOOL_VENV = ROOT / "build" / "lock-tool"
# The sets that are locked, in order: each later one is resolved with the earlier ones as
# constraints, so a package shared by two sets has one version and one set of hashes.
LOCKED_SETS: dict[str, tuple[str, ...]] = {"dev": ("dev",), "package": ("dev", "package")}
PYPI = "https://pypi.org/simple"  # the lock always records what PyPI serves
PYTHON = "3.11"


def venv_python(venv: Path = VENV) -> Path:
    """The interpreter inside a venv, on Windows or elsewhere."""
    if sys.platform == "win32":
        return venv / "Scripts" / "python.exe"
    return venv / "bin" / "python"


def lock_path(name: str) -> Path:
    return REQUIREMENTS / f"{name}.lock"


def run(cmd: Sequence[str | os.PathLike[str]], **kwargs: object) -> None:
    """Run a command from the repository root, echoing it; stop with its exit code if it fails."""
    shown = " ".join(str(c) for c in cmd)
    print(f"+ {shown}", flush=True)
    done = subprocess.run([str(c) for c in cmd], cwd=ROOT, check=False, **kwargs)  # type: ignore[call-overload]
    if done.returncode != 0:
        raise SystemExit(done.returncode)


def install(name: str) -> None:
    """Install one locked set into .venv (hash-checked, wheels only), then FieldKit itself
    without its dependencies, built by the locked setuptools (no unpinned build download)."""
    python = venv_python()
    if not python.exists():
        raise SystemExit(f"{python} not found: run `python -m tools.ci venv` first")
    run([python, "-m", "pip", "install", "--quiet", "--require-hashes", "--only-binary=:all:",
         "-r", lock_path(name)])
    run([python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation",
         "-e", "."])


def make_venv(name: str) -> None:
    """A fresh .venv with exactly the locked set: a package dropped from the lock goes too."""
    if sys.version_info[:2] != (3, 11):
        print(f"warning: FieldKit is locked for Python {PYTHON}; this is "
              f"{sys.version_info.major}.{sys.version_info.minor}", file=sys.stderr)
    if VENV.exists():
        shutil.rmtree(VENV)
    run([sys.executable, "-m", "venv", VENV])
    install(name)


def test(args: Sequence[str], slow: bool = False) -> int:
    """The suite with no display (Qt offscreen). Run it with the venv's Python."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    marker = ["-m", "slow"] if slow else []
    cmd = [sys.executable, "-m", "pytest", *marker, *args]
    print("+ QT_QPA_PLATFORM=offscreen " + " ".join(cmd), flush=True)
    return subprocess.run(cmd, cwd=ROOT, env=env, check=False).returncode


def package() -> None:
    """Build the one-folder app (and on macOS FieldKit.app) into dist/ with the venv's
    PyInstaller (from the package lock)."""
    run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", "dist", "--workpath", str(Path("build") / "pyinstaller"),
         str(Path("packaging") / "fieldkit.spec")])


def build_requirements() -> list[str]:
    """What pyproject's build backend needs: locked too, so `pip install -e .` downloads
    nothing unpinned (it runs with --no-build-isolation)."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return list(pyproject["build-system"]["requires"])


def lock(keep: bool) -> None:
    """Regenerate every lock from pyproject.toml with the pinned lock tool, in a throwaway
    venv. By default every package moves to the newest release its range allows; with
    `keep`, pins already in the lock stay and only new or changed requirements are resolved."""
    tool_reqs = REQUIREMENTS / "lock-tool.txt"
    tool_python = venv_python(LOCK_TOOL_VENV)
    stamp = LOCK_TOOL_VENV / "installed-from.txt"
    if not stamp.exists() or stamp.read_text() != tool_reqs.read_text():
        if LOCK_TOOL_VENV.exists():
            shutil.rmtree(LOCK_TOOL_VENV)
        run([sys.executable, "-m", "venv", LOCK_TOOL_VENV])
        run([tool_python, "-m", "pip", "install", "--quiet", "--require-hashes",
             "--only-binary=:all:", "-r", tool_reqs])
        stamp.write_text(tool_reqs.read_text())
    build = "\n".join(build_requirements()) + "\n"
    earlier: list[Path] = []
    for name, extras in LOCKED_SETS.items():
        out = lock_path(name)
        cmd: list[str | os.PathLike[str]] = [
            tool_python, "-m", "uv", "pip", "compile", "pyproject.toml", "-",
            *(a for e in extras for a in ("--extra", e)),
            *(a for c in earlier for a in ("-c", c.relative_to(ROOT).as_posix())),
            "--no-config", "--index-url", PYPI, "--universal", "--python-version", PYTHON,
            "--generate-hashes", "--custom-compile-command", "make lock", "--quiet",
            "-o", out.relative_to(ROOT).as_posix()]
        if not keep:
            cmd.append("--upgrade")
        run(cmd, input=build.encode(), env={**os.environ, "UV_NO_CACHE": "1"})
        earlier.append(out)
    print("locks written: " + ", ".join(p.relative_to(ROOT).as_posix() for p in earlier)
          + "; now run `make test` and review the diff")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.ci", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("venv", help="a fresh .venv from a lock")
    p.add_argument("set", nargs="?", default="dev", choices=sorted(LOCKED_SETS))
    p = sub.add_parser("install", help="add a locked set to .venv")
    p.add_argument("set", choices=sorted(LOCKED_SETS))
    sub.add_parser("test", help="the suite, headless", add_help=False)
    sub.add_parser("package-test", help="build the package and test it", add_help=False)
    sub.add_parser("package", help="build the package into dist/")
    p = sub.add_parser("lock", help="regenerate the locks")
    p.add_argument("--keep", action="store_true", help="keep existing pins where they fit")
    args, rest = parser.parse_known_args(argv)
    if args.command == "test":
        return test(rest)
    if args.command == "package-test":
        return test(rest, slow=True)
    if rest:
        parser.error(f"unrecognised arguments: {' '.join(rest)}")
    if args.command == "venv":
        make_venv(args.set)
    elif args.command == "install":
        install(args.set)
    elif args.command == "package":
        package()
    elif args.command == "lock":
        lock(args.keep)
    return 0


if __name__ == "__main__":
    sys.exit(main())
