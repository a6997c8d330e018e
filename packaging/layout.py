"""Names the PyInstaller spec, the installers, the CI workflow and their tests share.

One place, so the Windows installer can never name a file the build does not make: the spec
builds exactly `executables(sys.platform)` into dist/<NAME>/, and tests check the installer
script and the workflow against this module. Standard library only (the spec imports it).
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME = "fieldkit"  # the folder under dist/ and the command-line executable
APP_NAME = "FieldKit"  # what the officer sees: Start menu, taskbar, Dock, Add/remove programs
WINDOWED = f"{NAME}w"  # Windows only: opens the app with no console window
BUNDLE = f"{APP_NAME}.app"  # macOS only, beside dist/<NAME>/
BUNDLE_ID = "org.fieldkit.FieldKit"
PUBLISHER = "FieldKit"
ICON_ICO = ROOT / "packaging" / "windows" / "fieldkit.ico"
ICON_ICNS = ROOT / "packaging" / "macos" / "fieldkit.icns"


def version() -> str:
    """FieldKit's version, read from the package without importing it."""
    text = (ROOT / "fieldkit" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'__version__ = "([^"]+)"', text)
    if found is None:
        raise ValueError("fieldkit/__init__.py has no __version__")
    return found.group(1)


def version_tuple() -> tuple[int, int, int, int]:
    """The version as Windows' four numbers (file and product version in the exe)."""
    numbers = [int(n) for n in re.findall(r"\d+", version())[:4]]
    return tuple((numbers + [0, 0, 0, 0])[:4])  # type: ignore[return-value]


def executables(platform: str) -> list[str]:
    """The programs the spec builds into dist/<NAME>/ on `platform` (a sys.platform value)."""
    if platform == "win32":
        return [f"{NAME}.exe", f"{WINDOWED}.exe"]
    return [NAME]


def windows_version_info() -> str:
    """The version resource of the Windows executables (Properties > Details), in the text
    form PyInstaller's `version=` reads."""
    v = version_tuple()
    text = version()
    fields = {"CompanyName": PUBLISHER, "FileDescription": APP_NAME, "FileVersion": text,
              "InternalName": NAME, "LegalCopyright": f"{PUBLISHER} contributors",
              "OriginalFilename": f"{NAME}.exe", "ProductName": APP_NAME,
              "ProductVersion": text}
    strings = ",\n".join(f"        StringStruct({k!r}, {val!r})" for k, val in fields.items())
    return f"""VSVersionInfo(
  ffi=FixedFileInfo(filevers={v}, prodvers={v}, mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('080904B0', [
{strings}])]),
    VarFileInfo([VarStruct('Translation', [0x0809, 1200])])
  ]
)
"""
