"""Installing a verified pack into the data folder, and finding what is installed.

Layout: `data_dir()/content/<version>/` holds each installed version (plus `pack.json`, what
was installed and when), and `data_dir()/content/current` names the version in use. A new
version is unpacked beside the old one, checked by the same loader the app uses, and only then
does `current` switch (one atomic rename), so a refused or interrupted install leaves the
previous content in use.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from fieldkit.packs.errors import PackError

if TYPE_CHECKING:
    from fieldkit.packs.format import Pack

# The pack format (zipfile and its codecs) and the trusted keys are imported where a pack is
# installed or a version compared: the app starts by asking whether a pack is installed at all,
# and with none it needs neither before its first paint.

CURRENT = "current"
RECORD = "pack.json"
STAGING_PREFIX = ".incoming-"
# How far a pack's version may move up from the content in use without --allow-jump: the
# first number by one (2026.x to 2027.x), and, once the numbers before them match or have
# risen, each later number to at most MAX_STEP above (or, after a rise, at most MAX_STEP).
# A signed pack numbered 999999999.0 would otherwise block every genuine pack after it.
MAX_FIRST_STEP = 1
MAX_STEP = 50


class InstalledContent(NamedTuple):
    dir: Path
    version: str
    date: date  # when the pack was built (signed into its manifest)


@dataclass(frozen=True)
class Installed:
    dir: Path
    version: str
    previous: str | None
    signer: str


def content_root() -> Path:
    from fieldkit.settings import data_dir

    return data_dir() / "content"


def installed_content() -> InstalledContent | None:
    """The installed pack in use: (folder, version, date built), or None if there is none."""
    root = content_root()
    try:
        version = (root / CURRENT).read_text(encoding="utf-8")[:64].strip()
    except (OSError, UnicodeDecodeError):
        return None
    from fieldkit.packs.format import VERSION_RE

    if not VERSION_RE.match(version):
        return None
    folder = root / version
    try:
        record = json.loads((folder / RECORD).read_text(encoding="utf-8"))
        built = datetime.fromisoformat(str(record["created"]).replace("Z", "+00:00")).date()
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return InstalledContent(folder, version, built)


def _write_files(pack: Pack, staging: Path) -> None:
    base = staging.resolve()
    for rel, data in pack.files.items():
        dest = (staging / rel).resolve()
        if base not in dest.parents:  # names were checked already; never write outside
            raise PackError(f"refused: '{rel}' would be written outside the content folder")
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with os.fdopen(fd, "wb") as f:
            f.write(data)


def jump_too_far(new: str, in_use: str) -> bool:
    """True when `new` moves further up from `in_use` than MAX_FIRST_STEP / MAX_STEP allow."""
    from fieldkit.packs.format import version_key

    a, b = version_key(new), version_key(in_use)
    rose = False
    for i, part in enumerate(a):
        base = 0 if rose or i >= len(b) else b[i]
        if part > base + (MAX_FIRST_STEP if i == 0 else MAX_STEP):
            return True
        if part < base and not rose:
            return False  # lower here: an older or equal pack, refused elsewhere
        rose = rose or part > base
    return False


def version_in_use(builtin: Path | None = None) -> str | None:
    """The newest of the installed pack and the built-in content: the version in use."""
    from fieldkit.content import builtin_content_dir
    from fieldkit.packs.format import VERSION_RE, version_key

    found = installed_content()
    shipped = _builtin_version(builtin or builtin_content_dir())
    versions = [v for v in (found.version if found else "", shipped) if VERSION_RE.match(v)]
    return max(versions, key=version_key) if versions else None


def remove_stale_staging(root: Path) -> None:
    """Remove staging folders left by an install that was killed part-way."""
    for old in root.glob(STAGING_PREFIX + "*"):
        if old.is_dir() and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)


def install_pack(path: Path, *, allow_jump: bool = False) -> Installed:
    """Install a pack signed by a key this computer already trusts (never one the pack or
    its sender brings): newer than what is installed, and no bigger a jump than allowed."""
    from fieldkit.packs.format import open_pack, version_key
    from fieldkit.packs.keys import trusted_keys

    keys, _ = trusted_keys()
    pack = open_pack(path, keys)
    current = installed_content()
    if current is not None and version_key(pack.version) <= version_key(current.version):
        word = "the same as" if pack.version == current.version else "older than"
        raise PackError(f"{path}: refused: pack version {pack.version} is {word} the installed "
                        f"version {current.version}; only a newer version can be installed")
    in_use = version_in_use()
    if not allow_jump and in_use is not None and jump_too_far(pack.version, in_use):
        raise PackError(f"{path}: refused: pack version {pack.version} jumps too far from the "
                        f"content in use ({in_use}); a genuine pack moves up a step at a time. "
                        "Check the version with the content team; if it is right, install "
                        "with --allow-jump")
    root = content_root()
    root.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(root)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root))
    try:
        _write_files(pack, staging)
        from fieldkit.content.loader import load_content  # only when installing

        content = load_content(staging)
        if not content.report.ok:
            first = content.report.errors[0]
            raise PackError(f"{path}: refused: the pack's content does not check clean with "
                            f"this version of FieldKit ({len(content.report.errors)} error(s); "
                            f"first: {first.rule}: {first.message})")
        if content.digest != pack.manifest["content_digest"]:
            raise PackError(f"{path}: refused: the unpacked content does not match its digest")
        record = {
            "title": pack.title,
            "version": pack.version,
            "created": pack.created,
            "installed": datetime.now(UTC).replace(microsecond=0).isoformat(),
            "signer": pack.signer.fingerprint,
            "changelog": pack.manifest.get("changelog", []),
            "source": str(path),
        }
        (staging / RECORD).write_text(json.dumps(record, indent=2, ensure_ascii=False),
                                      encoding="utf-8")
        from fieldkit.content.snapshot import write_snapshot

        write_snapshot(content)  # the app starts from it while every file's hash matches
        final = root / pack.version
        if final.exists():  # left by an earlier, unfinished install: never the one in use
            shutil.rmtree(final)
        staging.rename(final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    pointer = root / f".{CURRENT}.tmp"
    pointer.write_text(pack.version + "\n", encoding="utf-8")
    os.replace(pointer, root / CURRENT)
    return Installed(final, pack.version, current.version if current else None,
                     pack.signer.fingerprint)


def _builtin_version(folder: Path) -> str:
    from fieldkit.diagnostics import FieldKitError
    from fieldkit.yamlread import load_file

    try:
        data = load_file(folder / "content.yaml")
    except FieldKitError:
        return ""
    version = data.get("version") if isinstance(data, dict) else None
    return str(version) if version is not None else ""


def content_in_use(chosen: str | Path | None = None) -> Path:
    """The content folder the app and the case commands read: the one the officer or author
    chose, else the installed pack when it is newer than the built-in content, so a note made
    at the command line quotes the guidance the officer was shown in the app."""
    return Path(chosen) if chosen else preferred_content_dir()


def preferred_content_dir(builtin: Path | None = None) -> Path:
    """The content the app should open: the installed pack when it is newer than the
    content built into the app (or the built-in content cannot be versioned), else the
    built-in content. A newer app build therefore never runs older installed guidance."""
    from fieldkit.content import builtin_content_dir

    builtin = builtin or builtin_content_dir()
    found = installed_content()
    if found is None:
        return builtin
    shipped = _builtin_version(builtin)
    from fieldkit.packs.format import VERSION_RE, version_key

    if not VERSION_RE.match(shipped):
        return found.dir
    return found.dir if version_key(found.version) > version_key(shipped) else builtin
