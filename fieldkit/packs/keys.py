"""Ed25519 signing keys: make a pair, read them back, and find the keys this computer trusts.

Trusted public keys live in two places: `fieldkit/resources/trusted_keys/*.pub` (shipped in
the build by whoever builds it) and `data_dir()/trusted_keys/*.pub` (added on this computer
with `fieldkit pack trust add KEY.pub --fingerprint SHA256:...`, which checks the fingerprint
given by a second channel). A pack can never bring its own key.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from fieldkit.packs.errors import PackError

MAX_KEY_FILE = 16 * 1024


@dataclass(frozen=True)
class TrustedKey:
    key: object  # Ed25519PublicKey (typed loosely so this module imports without cryptography)
    source: str  # where it was found, for messages
    fingerprint: str


def fingerprint(public_key: object) -> str:
    """The key's OpenSSH fingerprint, as `ssh-keygen -lf` prints it for the same key:
    "SHA256:" and the unpadded base64 of the SHA-256 of the OpenSSH public key blob
    (string "ssh-ed25519", string <32 raw key bytes>; each string is a 4-byte big-endian
    length then the bytes). docs/pack-format.md shows how to compute it with openssl."""
    from cryptography.hazmat.primitives import serialization

    raw = public_key.public_bytes(  # type: ignore[attr-defined]
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    blob = b"".join(len(part).to_bytes(4, "big") + part for part in (b"ssh-ed25519", raw))
    return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")


def generate_keypair(private_path: Path) -> tuple[Path, str]:
    """Write a new private key (mode 0600) and its public key beside it as PATH.pub."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    public_path = private_path.with_name(private_path.name + ".pub")
    for p in (private_path, public_path):
        if p.exists():
            raise PackError(f"{p}: already exists; choose another name (an existing key is "
                            "never overwritten)")
    private_path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    os.chmod(private_path, 0o600)
    public = key.public_key()
    public_path.write_bytes(public.public_bytes(serialization.Encoding.PEM,
                                                serialization.PublicFormat.SubjectPublicKeyInfo))
    return public_path, fingerprint(public)


def _read_key_file(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_KEY_FILE:
            raise PackError(f"{path}: too large to be a key file")
        return path.read_bytes()
    except OSError as exc:
        raise PackError(f"{path}: cannot read the key file ({exc.strerror})") from None


def load_private_key(path: Path) -> object:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    data = _read_key_file(path)
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raise PackError(f"{path}: not a private key made by 'fieldkit pack keygen' (or it "
                        "has a passphrase, which is not supported)") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise PackError(f"{path}: not an Ed25519 private key")
    return key


def load_public_key(path: Path) -> object:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    data = _read_key_file(path)
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError):
        raise PackError(f"{path}: not a public key (expected the KEY.pub file made by "
                        "'fieldkit pack keygen')") from None
    if not isinstance(key, Ed25519PublicKey):
        raise PackError(f"{path}: not an Ed25519 public key")
    return key


def key_fingerprint(public_key: object) -> str:
    """The fingerprint shown to people and compared by `pack trust add`: the one place this
    module names the fingerprint function, so its format can change in one spot."""
    return fingerprint(public_key)


def _fingerprint_body(text: str) -> str:
    """A fingerprint without its 'SHA256:' label or spaces, as typed from a phone call.
    Compared exactly: base64 is case-sensitive."""
    body = text.strip()
    if body[:7].lower() == "sha256:":
        body = body[7:]
    return "".join(body.split()).rstrip("=")


def added_keys_dir() -> Path:
    from fieldkit.cases.paths import data_dir

    return data_dir() / "trusted_keys"


def trust_key(public_path: Path, expected: str) -> tuple[Path, str]:
    """Trust a public key on this computer, only if its fingerprint is the one given.

    The fingerprint must come by a second channel (read out on the phone, printed in the
    force's change notice), so whoever sends a pack cannot also make it trusted."""
    key = load_public_key(public_path)
    actual = key_fingerprint(key)
    given = _fingerprint_body(expected)
    if not re.fullmatch(r"[A-Za-z0-9+/]{16,}", given):
        raise PackError(f"{public_path}: '{expected[:80]}' is not a fingerprint; one looks "
                        f"like {actual}")
    if given != _fingerprint_body(actual):
        raise PackError(f"{public_path}: refused: this key's fingerprint is {actual}, not the "
                        f"{expected[:80]} you were given. Do not trust it; ask the content "
                        "team again by phone or in person.")
    folder = added_keys_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha256(_fingerprint_body(actual).encode()).hexdigest()[:16]
    dest = folder / f"key-{name}.pub"
    from cryptography.hazmat.primitives import serialization

    pem = key.public_bytes(serialization.Encoding.PEM,  # type: ignore[attr-defined]
                           serialization.PublicFormat.SubjectPublicKeyInfo)
    tmp = folder / f".{dest.name}.tmp"
    tmp.write_bytes(pem)
    os.replace(tmp, dest)
    return dest, actual


def trust_dirs() -> list[Path]:
    from fieldkit.content.locate import resource_path

    return [resource_path("trusted_keys"), added_keys_dir()]


def trusted_keys(extra: list[Path] | None = None,
                 include_installed: bool = True) -> tuple[list[TrustedKey], list[str]]:
    """(keys, problems): every usable trusted key, and a note for each key file skipped."""
    paths: list[Path] = []
    if include_installed:
        for d in trust_dirs():
            if d.is_dir():
                paths += sorted(d.glob("*.pub"))
    paths += list(extra or [])
    keys: list[TrustedKey] = []
    problems: list[str] = []
    for p in paths:
        try:
            k = load_public_key(p)
        except PackError as exc:
            if p in (extra or []):
                raise
            problems.append(f"ignored {exc}")
            continue
        keys.append(TrustedKey(k, str(p), fingerprint(k)))
    return keys, problems
