"""The .fkpack format, and reading one as hostile input.

A pack is a zip holding `manifest.json` (format, title, version, created, changelog, files:
{path: sha256}, content_digest), `manifest.sig` (base64 Ed25519 signature of the manifest's
exact bytes) and `content/<path>` for each file in the manifest. Nothing else is allowed.
docs/pack-format.md is the published description, with a check by hand using openssl.

Reading never trusts the zip: names are checked before anything is read (no absolute paths,
no `..`, no backslashes, no duplicates, no links or special files, only content file paths),
sizes are capped before and during decompression, and every byte read is checked against
the signed manifest.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from fieldkit.packs.errors import PackError
from fieldkit.packs.keys import TrustedKey

FORMAT = "fieldkit-pack/1"
MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
PREFIX = "content/"
MAX_PACK_BYTES = 64 * 1024 * 1024
MAX_ENTRY_BYTES = 5 * 1024 * 1024  # the YAML reader's own limit
MAX_TOTAL_BYTES = 64 * 1024 * 1024
MAX_ENTRIES = 2000
MAX_RATIO = 100  # uncompressed / compressed, for entries over 1 MiB
MAX_MANIFEST_BYTES = 1024 * 1024

VERSION_RE = re.compile(r"^\d{1,9}(?:\.\d{1,9}){1,3}$")
HEX64 = re.compile(r"^[0-9a-f]{64}$")
# The only files a pack may carry: what the content loader reads.
CONTENT_PATH = re.compile(
    r"^(?:content\.yaml|facts\.yaml|search-synonyms\.yaml|"
    r"(?:facts|guides|scripts|signposts|checklists|talks|scenarios)/[A-Za-z0-9][A-Za-z0-9_.-]*"
    r"\.yaml)$")


def version_key(version: str) -> tuple[int, ...]:
    if not VERSION_RE.match(version):
        raise PackError(f"version '{version}' should be numbers joined by dots, like 2026.11.0")
    return tuple(int(p) for p in version.split("."))


def file_digest(files: dict[str, bytes]) -> str:
    """The content digest, computed as the loader computes `Content.digest` (same order)."""
    h = hashlib.sha256()
    for rel in _loader_order(files):
        h.update(rel.encode() + b"\0")
        h.update(files[rel])
    return h.hexdigest()


def _loader_order(files: dict[str, Any]) -> list[str]:
    kinds = ("guides", "scripts", "signposts", "checklists", "talks", "scenarios")
    out: list[str] = [p for p in ("content.yaml", "facts.yaml") if p in files]
    out += sorted(p for p in files if p.startswith("facts/"))
    for kind in kinds:
        out += sorted(p for p in files if p.startswith(kind + "/"))
    if "search-synonyms.yaml" in files:
        out.append("search-synonyms.yaml")
    return out


@dataclass
class Pack:
    """A pack whose signature, manifest and every file have been checked."""

    manifest: dict[str, Any]
    files: dict[str, bytes]  # content path -> bytes
    signer: TrustedKey

    @property
    def version(self) -> str:
        return str(self.manifest["version"])

    @property
    def title(self) -> str:
        return str(self.manifest.get("title", ""))

    @property
    def created(self) -> str:
        return str(self.manifest["created"])


def _bad_name(name: str) -> str:
    """Why a zip entry name is unsafe, or an empty string."""
    if not name or len(name) > 255:
        return "an empty or overlong name"
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return "an absolute path"
    if "\\" in name:
        return "a backslash in its name"
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        return "control characters in its name"
    parts = name.split("/")
    if any(p in ("", ".", "..") for p in parts):
        return "a '..', '.' or empty part in its path"
    return ""


def _check_entry(info: zipfile.ZipInfo) -> None:
    name = info.filename
    mode = info.external_attr >> 16
    if info.is_dir() or (mode and stat.S_IFMT(mode) not in (0, stat.S_IFREG)):
        kind = "a link" if stat.S_ISLNK(mode) else "a folder or special file"
        raise PackError(f"refused: {name[:80]!r} in the pack is {kind}; a pack holds only "
                        "files")
    why = _bad_name(name)
    if why:
        raise PackError(f"refused: the pack has an entry with {why} ({name[:80]!r})")
    if info.flag_bits & 0x1:
        raise PackError(f"refused: '{name}' in the pack is encrypted")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise PackError(f"refused: '{name}' uses a compression FieldKit does not read")
    if info.file_size > MAX_ENTRY_BYTES:
        raise PackError(f"refused: '{name}' would unpack to {info.file_size:,} bytes "
                        f"(the limit is {MAX_ENTRY_BYTES:,})")
    if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise PackError(f"refused: '{name}' is compressed more than {MAX_RATIO} to 1, like a "
                        "zip bomb")


def _read_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    with zf.open(info) as f:
        data = f.read(limit + 1)  # reading to the end also checks the CRC
    if len(data) > limit:
        raise PackError(f"refused: '{info.filename}' unpacks to more than {limit:,} bytes")
    if len(data) != info.file_size:
        raise PackError(f"refused: '{info.filename}' is not the size the zip says it is")
    return data


def read_entries(path: Path) -> tuple[bytes, bytes, dict[str, bytes]]:
    """(manifest bytes, signature bytes, content files) from a pack, checked for shape only."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PackError(f"{path}: cannot read the pack ({exc.strerror})") from None
    if size > MAX_PACK_BYTES:
        raise PackError(f"{path}: {size:,} bytes is too large for a content pack")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            if len(infos) > MAX_ENTRIES:
                raise PackError(f"{path}: refused: {len(infos):,} entries is too many")
            seen: set[str] = set()
            total = 0
            for info in infos:
                _check_entry(info)
                folded = info.filename.casefold()
                if folded in seen:
                    raise PackError(f"{path}: refused: '{info.filename}' appears twice in the "
                                    "pack")
                seen.add(folded)
                total += info.file_size
                if total > MAX_TOTAL_BYTES:
                    raise PackError(f"{path}: refused: the pack would unpack to more than "
                                    f"{MAX_TOTAL_BYTES:,} bytes")
                if info.filename not in (MANIFEST, SIGNATURE) and not (
                        info.filename.startswith(PREFIX) and
                        CONTENT_PATH.match(info.filename[len(PREFIX):])):
                    raise PackError(f"{path}: refused: '{info.filename}' is not a content file "
                                    "a pack may carry")
            names = {i.filename for i in infos}
            for required in (MANIFEST, SIGNATURE):
                if required not in names:
                    raise PackError(f"{path}: not a FieldKit content pack (no {required})")
            manifest = _read_entry(zf, zf.getinfo(MANIFEST), MAX_MANIFEST_BYTES)
            signature = _read_entry(zf, zf.getinfo(SIGNATURE), 1024)
            files = {i.filename[len(PREFIX):]: _read_entry(zf, i, MAX_ENTRY_BYTES)
                     for i in infos if i.filename.startswith(PREFIX)}
    except PackError as exc:
        if str(exc).startswith(str(path)):
            raise
        raise PackError(f"{path}: {exc}") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError,
            ValueError, NotImplementedError) as exc:
        raise PackError(f"{path}: the pack is damaged or truncated and cannot be read "
                        f"({exc})") from None
    return manifest, signature, files


def _check_manifest(path: Path, raw: bytes) -> dict[str, Any]:
    try:
        m = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise PackError(f"{path}: the manifest is not readable JSON") from None
    if not isinstance(m, dict) or m.get("format") != FORMAT:
        raise PackError(f"{path}: not a {FORMAT} manifest (made by another FieldKit version?)")
    for key in ("version", "created", "content_digest", "title"):
        if not isinstance(m.get(key), str):
            raise PackError(f"{path}: the manifest has no '{key}'")
    version_key(m["version"])
    try:
        datetime.fromisoformat(m["created"].replace("Z", "+00:00"))
    except ValueError:
        raise PackError(f"{path}: the manifest's 'created' is not a date and time") from None
    files = m.get("files")
    if not isinstance(files, dict) or not files:
        raise PackError(f"{path}: the manifest lists no files")
    for rel, digest in files.items():
        if not isinstance(rel, str) or not CONTENT_PATH.match(rel) or _bad_name(rel):
            raise PackError(f"{path}: the manifest names a file FieldKit will not install: "
                            f"{str(rel)[:80]!r}")
        if not isinstance(digest, str) or not HEX64.match(digest):
            raise PackError(f"{path}: the manifest's hash for '{rel}' is not a SHA-256")
    if not HEX64.match(m["content_digest"]):
        raise PackError(f"{path}: the manifest's content digest is not a SHA-256")
    return m


def verify_signature(path: Path, manifest: bytes, signature: bytes,
                     keys: list[TrustedKey]) -> TrustedKey:
    from cryptography.exceptions import InvalidSignature

    try:
        sig = base64.b64decode(signature.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise PackError(f"{path}: the pack's signature is not readable") from None
    if len(sig) != 64:
        raise PackError(f"{path}: the pack's signature is not an Ed25519 signature")
    if not keys:
        raise PackError(f"{path}: no trusted keys are set up on this computer, so no pack "
                        "can be installed; ask the content team for their public key and its "
                        "fingerprint, then run 'fieldkit pack trust add KEY.pub --fingerprint "
                        "SHA256:...'")
    for k in keys:
        try:
            k.key.verify(sig, manifest)  # type: ignore[attr-defined]
        except InvalidSignature:
            continue
        return k
    raise PackError(f"{path}: refused: the signature does not match any trusted key. The pack "
                    "was changed after it was signed, or it was signed by a key this computer "
                    "does not trust.")


def open_pack(path: Path, keys: list[TrustedKey]) -> Pack:
    """Read and fully verify a pack: signature first, then the manifest, then every file."""
    raw_manifest, signature, files = read_entries(path)
    signer = verify_signature(path, raw_manifest, signature, keys)
    m = _check_manifest(path, raw_manifest)
    listed: dict[str, str] = m["files"]
    missing = sorted(set(listed) - set(files))
    extra = sorted(set(files) - set(listed))
    if missing:
        raise PackError(f"{path}: refused: {len(missing)} signed file(s) missing from the pack "
                        f"({', '.join(missing[:5])})")
    if extra:
        raise PackError(f"{path}: refused: {len(extra)} file(s) in the pack that were not "
                        f"signed ({', '.join(extra[:5])})")
    changed = sorted(rel for rel, data in files.items()
                     if hashlib.sha256(data).hexdigest() != listed[rel])
    if changed:
        raise PackError(f"{path}: refused: {len(changed)} file(s) changed after signing "
                        f"({', '.join(changed[:5])})")
    if file_digest(files) != m["content_digest"]:
        raise PackError(f"{path}: refused: the content digest does not match its files")
    return Pack(m, files, signer)


def write_pack(out: Path, manifest: bytes, signature: bytes, files: dict[str, bytes],
               when: datetime) -> None:
    """Write the zip (entries in a fixed order with fixed times, so builds are repeatable)."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)

    def info(name: str) -> zipfile.ZipInfo:
        zi = zipfile.ZipInfo(name, date_time=stamp)
        zi.compress_type = zipfile.ZIP_DEFLATED
        zi.external_attr = (stat.S_IFREG | 0o644) << 16
        return zi

    tmp = out.with_name(out.name + ".part")
    with zipfile.ZipFile(tmp, "w") as zf:
        zf.writestr(info(MANIFEST), manifest)
        zf.writestr(info(SIGNATURE), signature)
        for rel in _loader_order(files):
            zf.writestr(info(PREFIX + rel), files[rel])
    tmp.replace(out)
