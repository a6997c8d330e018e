"""The packaged app, built from packaging/fieldkit.spec the way `make package` builds it.

Slow (a PyInstaller build takes about half a minute), so `make test` leaves it out and
`make package-test` runs it. The build goes into a temporary folder: it never replaces dist/.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "fieldkit.spec"
EXE = "fieldkit.exe" if sys.platform == "win32" else "fieldkit"
SIZE_AIM_MB = 150
# Qt modules FieldKit does not use: none of their libraries may be in the bundle.
UNUSED_QT = ("Qt6Network", "Qt6Qml", "Qt6Quick", "Qt6Pdf", "Qt6Sql", "Qt6Designer",
             "Qt6OpenGLWidgets", "Qt63D", "Qt6Multimedia", "Qt6WebEngine")


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build once for the module; the path of the packaged executable."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        pytest.fail("PyInstaller is not installed: run `make package-test`, which installs it")
    work = tmp_path_factory.mktemp("package")
    build = subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(work / "dist"), "--workpath", str(work / "build"), str(SPEC)],
        cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert build.returncode == 0, build.stderr[-4000:]
    exe = work / "dist" / "fieldkit" / EXE
    assert exe.is_file()
    return exe


def headless_env(**extra: str) -> dict[str, str]:
    """The environment of a machine with no display at all (and no Qt platform chosen)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "FIELDKIT_CONTENT_DIR")}
    env.update(extra)
    return env


def run(exe: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=120,
                          env=headless_env(**env), cwd=exe.parent.parent)


def test_self_test_passes_on_the_package_with_no_display(app: Path) -> None:
    result = run(app, "--self-test")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("FieldKit self-test: packaged build")
    bundled = app.parent / "_internal" / "content"
    assert str(bundled) in lines[0]  # it checked the content inside the bundle
    oks = [ln.split()[1] for ln in lines if ln.startswith("ok ")]
    assert oks == ["resources", "commands", "content", "scenarios", "handover", "store",
                   "headless"]
    assert lines[-1] == "self-test passed: 7 of 7 checks"


def test_packaged_self_test_fails_on_broken_content(app: Path, tmp_path: Path) -> None:
    broken = Path(shutil.copytree(app.parent / "_internal" / "content", tmp_path / "content"))
    (broken / "guides" / "broken.yaml").write_text("guide: [unclosed\n", encoding="utf-8")
    result = run(app, "--self-test", FIELDKIT_CONTENT_DIR=str(broken))
    assert result.returncode == 1
    assert re.search(r"^FAIL\s+content\s", result.stdout, flags=re.MULTILINE)
    assert "broken.yaml" in result.stdout


def test_packaged_commands_work(app: Path) -> None:
    check = run(app, "content", "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert " 0 errors" in check.stdout.splitlines()[-1]
    helped = run(app, "--help")
    for command in ("app", "content", "walk", "handover"):  # found by pkgutil in the bundle
        assert re.search(rf"^\s+{command}\s", helped.stdout, flags=re.MULTILINE), helped.stdout


def test_packaged_app_paints_its_main_window(app: Path) -> None:
    result = run(app, "app", "--smoke", QT_QPA_PLATFORM="offscreen")
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"startup_ms=\d+", result.stdout.strip().splitlines()[-1])


def test_bundle_leaves_out_what_fieldkit_does_not_use(app: Path) -> None:
    folder = app.parent
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    names = [p.name for p in files]
    for lib in UNUSED_QT:
        assert not [n for n in names if lib in n], f"{lib} was bundled"
    assert not [p for p in files if "translations" in p.parts], "Qt translations were bundled"
    assert not [p for p in files if "imageformats" in p.parts]
    assert (folder / "_internal" / "fieldkit" / "resources" / "fonts" / "DejaVuSans.ttf").is_file()
    size_mb = sum(p.stat().st_size for p in files) / 2**20
    assert size_mb < SIZE_AIM_MB, f"package is {size_mb:.0f} MB"


def test_bundle_runs_no_multiprocessing_hook_at_start(app: Path) -> None:
    """multiprocessing's runtime hook imports it at every start; nothing FieldKit runs needs
    it, asyncio or the test runners that brought them in. Read from the build's own lists."""
    build = app.parents[2] / "build" / "fieldkit"
    analysis = (build / "Analysis-00.toc").read_text(encoding="utf-8")
    modules = (build / "PYZ-00.toc").read_text(encoding="utf-8")
    assert "pyi_rth_pkgutil" in analysis  # the list names the runtime hooks it bundles
    assert "pyi_rth_multiprocessing" not in analysis
    # FieldKit's own hook runs first, pausing the collector before PyInstaller's import PySide6
    hooks = re.findall(r"'(rthook_pause_gc|pyi_rth_\w+)'", analysis)
    assert hooks[0] == "rthook_pause_gc" and "pyi_rth_pyside6" in hooks, hooks
    for name in ("multiprocessing", "asyncio", "concurrent.futures", "unittest", "doctest"):
        assert f"'{name}'" not in modules, f"{name} was bundled"
    assert "'reportlab.lib.colors'" in modules  # the list names the modules it bundles


def test_the_build_makes_the_files_the_installers_name(app: Path) -> None:
    """packaging/layout.py is what the Windows installer and the workflow are checked against
    (tests/platform/test_packaging.py); here the real build is checked against it."""
    sys.path.insert(0, str(ROOT / "packaging"))
    import layout

    assert app.parent.name == layout.NAME  # dist/<NAME>/, the folder the installer packs
    for name in layout.executables(sys.platform):
        assert (app.parent / name).is_file(), name
    assert (app.parent / "_internal" / "fieldkit" / "resources" / "icons" / "fieldkit.png"
            ).is_file()  # the window and taskbar icon

