"""docs/pack-format.md's worked example, run as written with the system's openssl and
sha256sum: it accepts a pack FieldKit built and rejects tampered ones; and the key
fingerprint FieldKit prints is the key's true OpenSSH fingerprint."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from fieldkit.packs.build import build_pack
from fieldkit.packs.keys import fingerprint, generate_keypair, load_public_key

ROOT = Path(__file__).parents[2]
DOC = ROOT / "docs" / "pack-format.md"
FIX = ROOT / "tests" / "fixtures" / "authoring" / "base"

pytestmark = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("bash", "openssl", "sha256sum")),
    reason="the worked example needs bash, openssl and sha256sum")


def _script() -> str:
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"<!-- verify-pack:.*?-->\n```sh\n(.*?)```", text, re.S)
    assert block, "the verify-pack block is missing from docs/pack-format.md"
    return block.group(1)


def _run(tmp_path: Path, pack: Path, key: Path) -> subprocess.CompletedProcess[str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    if shutil.which("unzip") is None:  # a stand-in with the same arguments: -q PACK -d DIR
        shim = bin_dir / "unzip"
        shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m zipfile -e "$2" "$4"\n')
        shim.chmod(0o755)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "PACK": str(pack), "KEY": str(key),
           "LC_ALL": "C"}
    return subprocess.run(["bash", "-c", _script()], capture_output=True, text=True, env=env,
                          cwd=tmp_path)


def _rewrite(src: Path, dst: Path, change: dict[str, bytes | None],
             add: dict[str, bytes] | None = None) -> None:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            data = change.get(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info, data)
        for name, data in (add or {}).items():
            zout.writestr(name, data)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    tmp = tmp_path_factory.mktemp("pack")
    content = tmp / "content"
    shutil.copytree(FIX, content)
    pub, fp = generate_keypair(tmp / "key")
    pack = tmp / "good.fkpack"
    build_pack(content, tmp / "key", pack)
    return pack, pub, fp


def test_the_worked_example_accepts_a_good_pack(tmp_path: Path,
                                                built: tuple[Path, Path, str]) -> None:
    pack, pub, fp = built
    done = _run(tmp_path, pack, pub)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.rstrip().endswith("pack OK")
    assert f"key fingerprint: {fp}" in done.stdout


def test_the_worked_example_rejects_tampered_packs(tmp_path: Path,
                                                   built: tuple[Path, Path, str]) -> None:
    pack, pub, _ = built
    with zipfile.ZipFile(pack) as z:
        manifest = z.read("manifest.json")
        name = next(n for n in z.namelist() if n.startswith("content/guides/"))
        guide = z.read(name)
    cases = {
        "file": ({name: guide + b"\n# changed\n"}, None),
        "manifest": ({"manifest.json": manifest.replace(b'"title": "', b'"title": "X', 1)},
                     None),
        "extra": ({}, {"content/guides/zz-extra.yaml": b"id: zz\n"}),
    }
    for label, (change, add) in cases.items():
        bad = tmp_path / f"{label}.fkpack"
        _rewrite(pack, bad, change, add)
        done = _run(tmp_path, bad, pub)
        assert done.returncode != 0, f"{label}: accepted\n{done.stdout}"
        assert "pack OK" not in done.stdout, label
    other_pub, _ = generate_keypair(tmp_path / "other")
    assert _run(tmp_path, pack, other_pub).returncode != 0  # signed by another key


@pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="ssh-keygen is not installed")
def test_the_fingerprint_is_the_openssh_fingerprint(tmp_path: Path) -> None:
    import base64

    pub, fp = generate_keypair(tmp_path / "k")
    key = load_public_key(pub)
    raw = pub.read_bytes()
    assert fingerprint(key) == fp and fp.startswith("SHA256:") and "=" not in fp
    from cryptography.hazmat.primitives import serialization

    line = key.public_bytes(serialization.Encoding.OpenSSH,  # type: ignore[attr-defined]
                            serialization.PublicFormat.OpenSSH)
    (tmp_path / "k.openssh").write_bytes(line + b"\n")
    shown = subprocess.run(["ssh-keygen", "-lf", str(tmp_path / "k.openssh")],
                           capture_output=True, text=True, check=True).stdout
    assert shown.split()[1] == fp
    assert raw.startswith(b"-----BEGIN PUBLIC KEY-----")
    assert len(base64.b64decode(fp[7:] + "=")) == 32
