"""The Windows installer, the macOS scripts and the CI workflow that builds them: checked here
on Linux against the spec's names (packaging/layout.py) so they cannot drift apart. Building
and installing on Windows and macOS happens only in the hosted CI (packaging/README.md)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))
import layout  # noqa: E402

from tests.platform.test_desktop import LOCAL, as_windows  # noqa: E402, F401 (a fixture)

ISS = ROOT / "packaging" / "windows" / "fieldkit.iss"
WORKFLOW = ROOT / ".github" / "workflows" / "package.yml"
ISS_TEXT = ISS.read_text(encoding="utf-8")


def iss_define(name: str) -> str:
    found = re.search(rf'^#define {name} "([^"]*)"', ISS_TEXT, flags=re.MULTILINE)
    assert found, f"{ISS.name} has no #define {name}"
    return found.group(1)


def iss_setting(name: str) -> str:
    found = re.search(rf"^{name}=(.*)$", ISS_TEXT, flags=re.MULTILINE)
    assert found, f"{ISS.name} has no {name}="
    return found.group(1).strip()


def app_id() -> str:
    return iss_setting("AppId").removeprefix("{{").removesuffix("}")


def workflow() -> dict[Any, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


# -- the installer script ----------------------------------------------------------------------

def test_the_installer_packs_the_specs_output_folder() -> None:
    dist = iss_define("DistDir").split("\\")
    assert dist == ["..", "..", "dist", layout.NAME]  # COLLECT(name=NAME) -> dist/<NAME>/
    assert (ISS.parent / "/".join(dist[:2])).resolve() == ROOT
    assert re.search(r'^Source: "\{#DistDir\}\\\*"; DestDir: "\{app\}"; .*recursesubdirs',
                     ISS_TEXT, flags=re.MULTILINE)


def test_every_file_the_installer_names_is_built_by_the_spec() -> None:
    built = set(layout.executables("win32"))
    assert {iss_define("ConsoleExe"), iss_define("WindowedExe")} == built
    named = set(re.findall(r"\{app\}\\([^\"\s;]+)", ISS_TEXT))
    named = {n.replace("{#WindowedExe}", iss_define("WindowedExe"))
             .replace("{#ConsoleExe}", iss_define("ConsoleExe")) for n in named}
    assert named, "the installer names no installed file"
    assert named <= built | {"_internal"}, named - built
    assert (ISS.parent / iss_setting("SetupIconFile")).resolve() == layout.ICON_ICO


def test_the_start_menu_shortcut_groups_with_the_running_app_in_the_taskbar() -> None:
    from fieldkit.ui.desktop import APP_USER_MODEL_ID

    shortcut = re.search(r'^Name: "\{autoprograms\}\\FieldKit"; Filename: "\{app\}\\'
                         r'\{#WindowedExe\}"; AppUserModelID: "([^"]+)"', ISS_TEXT, re.M)
    assert shortcut and shortcut.group(1) == APP_USER_MODEL_ID


def test_the_installer_is_per_machine_silent_and_upgrades_in_place() -> None:
    assert re.fullmatch(r"[0-9A-F]{8}-([0-9A-F]{4}-){3}[0-9A-F]{12}", app_id())
    assert iss_setting("PrivilegesRequired") == "admin"  # installing only: see the header
    assert "PrivilegesRequiredOverridesAllowed" not in ISS_TEXT  # no per-user install
    assert iss_setting("DefaultDirName") == r"{autopf}\FieldKit"
    assert iss_setting("UsePreviousAppDir") == "yes"
    assert iss_setting("VersionInfoVersion") == "{#AppVersion}"
    assert "/VERYSILENT" in ISS_TEXT
    assert r'Type: filesandordirs; Name: "{app}\_internal"' in ISS_TEXT  # nothing stale


@pytest.mark.usefixtures("as_windows")
def test_the_uninstaller_keeps_the_case_data_unless_asked_and_says_so() -> None:
    from fieldkit.cases.paths import data_dir

    app_folder = Path(str(data_dir()).removeprefix(LOCAL).lstrip("\\/")).name
    assert iss_define("DataDir") == rf"{{localappdata}}\{app_folder}"
    confirm = iss_setting("ConfirmUninstall")
    assert "is kept" in confirm and "%LOCALAPPDATA%\\FieldKit" in confirm
    code = ISS_TEXT.split("[Code]", 1)[1]
    assert "usPostUninstall" in code and "DelTree(DataFolder()" in code
    assert "'/DELETEDATA'" in code and "MB_DEFBUTTON2" in code  # asked; "No" is the default
    assert "if (not Delete) and (not UninstallSilent())" in code  # silent never deletes


def test_the_windows_version_resource_carries_fieldkits_version() -> None:
    """The text PyInstaller reads into the exe's Properties > Details, evaluated with stand-in
    classes: PyInstaller's own reader needs pefile, which is locked for Windows only, so
    the real parse happens in the Windows CI build."""
    made: dict[str, Any] = {}

    def record(kind: str) -> Any:
        def make(*args: Any, **kwargs: Any) -> tuple[str, tuple[Any, ...], dict[str, Any]]:
            made.setdefault(kind, []).append((args, kwargs))
            return kind, args, kwargs
        return make

    names = ["VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable",
             "StringStruct", "VarFileInfo", "VarStruct"]
    eval(layout.windows_version_info(), {n: record(n) for n in names})
    fixed = made["FixedFileInfo"][0][1]
    assert fixed["filevers"] == fixed["prodvers"] == layout.version_tuple()
    strings = {args[0]: args[1] for args, _ in made["StringStruct"]}
    assert strings["ProductName"] == "FieldKit"
    assert strings["ProductVersion"] == layout.version()
    assert strings["OriginalFilename"] == layout.executables("win32")[0]


def test_the_icons_have_every_size_a_desktop_asks_for() -> None:
    from PIL import Image

    with Image.open(layout.ICON_ICO) as ico:
        assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= set(ico.info["sizes"])
    with Image.open(layout.ICON_ICNS) as icns:
        assert icns.size[0] >= 512
    with Image.open(ROOT / "fieldkit" / "resources" / "icons" / "fieldkit.png") as png:
        assert png.size == (256, 256) and png.mode == "RGBA"


# -- signing hooks -----------------------------------------------------------------------------

def test_macos_signing_is_skipped_with_one_clear_line_without_a_certificate() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MACOS_")}
    done = subprocess.run(["bash", str(ROOT / "packaging" / "macos" / "sign.sh"),
                           "dist/FieldKit.app"], capture_output=True, text=True, env=env,
                          timeout=30, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "code signing skipped: MACOS_SIGN_P12_BASE64 is not set, so dist/FieldKit.app stays "
        "unsigned (ad-hoc)"]


def test_windows_signing_skips_before_touching_a_certificate() -> None:
    """PowerShell is not on this machine: the script's first decision is read instead."""
    script = (ROOT / "packaging" / "windows" / "sign.ps1").read_text(encoding="utf-8")
    skip = re.search(r"if \(-not \$env:WINDOWS_SIGN_PFX_BASE64\) \{(.*?)\}", script, re.S)
    assert skip and "code signing skipped" in skip.group(1) and "exit 0" in skip.group(1)
    assert script.index(skip.group(0)) < script.index("signtool")


# -- the CI workflow ---------------------------------------------------------------------------

def test_the_workflow_is_valid_yaml_with_a_windows_and_a_macos_job() -> None:
    flow = workflow()
    assert flow["name"] == "package"
    jobs = flow["jobs"]
    assert {job["runs-on"] for job in jobs.values()} == {"windows-latest", "macos-latest"}
    for job in jobs.values():
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), step  # each step does one thing


@pytest.mark.parametrize(("runner", "installed"), [
    ("windows-latest", r"$env:ProgramFiles\FieldKit\fieldkit.exe"),
    ("macos-latest", f"/Applications/{layout.BUNDLE}/Contents/MacOS/{layout.NAME}"),
])
def test_each_job_installs_from_the_lock_tests_builds_installs_and_self_tests(
        runner: str, installed: str) -> None:
    job = next(j for j in workflow()["jobs"].values() if j["runs-on"] == runner)
    runs = [step.get("run", "") for step in job["steps"]]
    uses = [step.get("uses", "") for step in job["steps"]]
    order = [
        next(i for i, r in enumerate(runs) if "python -m tools.ci venv package" in r),
        next(i for i, r in enumerate(runs) if re.search(r"python -m tools\.ci test\s*$", r)),
        next(i for i, r in enumerate(runs) if "python -m tools.ci package" in r),
        next(i for i, r in enumerate(runs) if "Install silently" in
             job["steps"][i].get("name", "")),
        next(i for i, r in enumerate(runs) if f"{installed}\" --self-test" in r
             or f"{installed} --self-test" in r),
        next(i for i, r in enumerate(runs) if "Uninstall" in job["steps"][i].get("name", "")),
        next(i for i, u in enumerate(uses) if u.startswith("actions/upload-artifact")),
    ]
    assert order == sorted(order), "the steps run out of order"
    text = WORKFLOW.read_text(encoding="utf-8")
    if runner == "windows-latest":
        assert "/VERYSILENT" in text and app_id() in text  # the upgrade check finds this AppId


def test_one_definition_of_the_tests() -> None:
    """make test, .ci/run and both CI jobs all run `python -m tools.ci test`."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^test: venv\n((?:\t.*\n)+)", makefile, flags=re.MULTILINE)
    assert recipe and recipe.group(1).strip() == "$(BIN)/python -m tools.ci test"
    ci_run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert [ln for ln in ci_run.splitlines() if ln and not ln.startswith(("#", "set ", "cd "))] \
        == ["make test"]
    for job in workflow()["jobs"].values():
        tests = [s["run"] for s in job["steps"] if "tools.ci test" in s.get("run", "")]
        assert len(tests) == 1 and "pytest" not in tests[0]
