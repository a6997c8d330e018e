"""Signed content packs: build, verify, install, and refuse every kind of tampering."""

from __future__ import annotations

import json
import shutil
import stat
import warnings
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from fieldkit.cli import main
from fieldkit.content import load_content
from fieldkit.packs.build import build_pack
from fieldkit.packs.errors import PackError
from fieldkit.packs.format import open_pack
from fieldkit.packs.install import install_pack, installed_content
from fieldkit.packs.keys import (
    fingerprint,
    generate_keypair,
    load_private_key,
    load_public_key,
    trust_key,
    trusted_keys,
)

FIX = Path(__file__).parents[1] / "fixtures" / "authoring"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    d = tmp_path / "data"
    monkeypatch.setenv("FIELDKIT_DATA_DIR", str(d))
    return d


@pytest.fixture
def key(tmp_path: Path) -> Path:
    path = tmp_path / "keys" / "signing"
    generate_keypair(path)
    return path


@pytest.fixture
def other_key(tmp_path: Path) -> Path:
    path = tmp_path / "keys" / "stranger"
    generate_keypair(path)
    return path


def pub(key: Path) -> Path:
    return key.with_name(key.name + ".pub")


def trusted(key: Path) -> Path:
    """Trust KEY.pub on this computer, as `pack trust add` does, with its true fingerprint."""
    public = pub(key)
    trust_key(public, fingerprint(load_public_key(public)))
    return public


def content_copy(tmp_path: Path, version: str, name: str = "c") -> Path:
    root = tmp_path / f"{name}-{version}"
    shutil.copytree(FIX / "base", root)
    manifest = root / "content.yaml"
    manifest.write_text(manifest.read_text().replace("version: 1.0.0\nowner",
                                                     f"version: {version}\nowner"))
    return root


@pytest.fixture
def pack(tmp_path: Path, key: Path) -> Path:
    out = tmp_path / "v2.fkpack"
    build_pack(content_copy(tmp_path, "2.0.0"), key, out)
    return out


def entries(path: Path) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(path) as zf:
        return [(i, zf.read(i)) for i in zf.infolist()]


def rewrite(src: Path, dst: Path,
            change: Callable[[list[tuple[zipfile.ZipInfo, bytes]]], None]) -> Path:
    items = entries(src)
    change(items)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are one of the attacks
        with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zf:
            for info, data in items:
                zf.writestr(info, data)
    return dst


def tmp_path_of(pack: Path) -> Path:
    return pack.parent


def refused(path: Path, trust: Path, match: str) -> None:
    with pytest.raises(PackError, match=match):
        open_pack(path, trusted_keys([trust], include_installed=False)[0])


# -- keys -------------------------------------------------------------------------------------

def test_keygen_writes_private_key_0600_and_never_overwrites(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]
                                                             ) -> None:
    out = tmp_path / "k" / "team"
    assert main(["pack", "keygen", "--out", str(out)]) == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert b"PRIVATE KEY" in out.read_bytes() and b"PUBLIC KEY" in pub(out).read_bytes()
    assert "SHA256:" in capsys.readouterr().out
    load_private_key(out)
    assert main(["pack", "keygen", "--out", str(out)]) == 1
    assert "already exists" in capsys.readouterr().err


# -- build ------------------------------------------------------------------------------------

def test_pack_holds_manifest_signature_and_content(pack: Path, key: Path) -> None:
    names = [i.filename for i, _ in entries(pack)]
    assert names[:2] == ["manifest.json", "manifest.sig"]
    assert "content/guides/sample.yaml" in names and "content/content.yaml" in names
    manifest = json.loads(dict((i.filename, d) for i, d in entries(pack))["manifest.json"])
    assert manifest["version"] == "2.0.0"
    assert manifest["changelog"][0]["changes"] == "First test release."
    assert set(manifest["files"]) == {n[len("content/"):] for n in names if
                                      n.startswith("content/")}
    verified = open_pack(pack, trusted_keys([pub(key)], include_installed=False)[0])
    assert verified.version == "2.0.0"
    content = load_content(content_copy(tmp_path_of(pack), "2.0.0", "again"))
    assert set(verified.manifest["items"]) == {f"{k}:{i}" for k, i, _ in content.headed()} | {
        f"signpost:{x}" for x in content.signposts}
    for gid, g in content.guides.items():
        item = verified.manifest["items"][f"guide:{gid}"]
        assert item["status"] == g.header.status
        assert item["approved_by"] == g.header.approved_by
        assert item["open_points"] == [p.id for p in g.header.open_points]


def test_build_refuses_checker_errors(tmp_path: Path, key: Path) -> None:
    root = tmp_path / "broken"
    shutil.copytree(FIX / "broken", root)
    (root / "content.yaml").write_text("title: T\nversion: 1.0.0\n")
    with pytest.raises(PackError, match="3 checker error"):
        build_pack(root, key, tmp_path / "x.fkpack")
    assert not (tmp_path / "x.fkpack").exists()


def test_build_refuses_failing_scenarios(tmp_path: Path, key: Path) -> None:
    root = content_copy(tmp_path, "2.0.0")
    sc = root / "scenarios" / "sample.yaml"
    sc.write_text(sc.read_text().replace("expect: {outcome: investigate}",
                                         "expect: {outcome: safeguard-educate}"))
    with pytest.raises(PackError, match="1 scenario"):
        build_pack(root, key, tmp_path / "x.fkpack")


def test_build_needs_a_content_yaml_version(tmp_path: Path, key: Path) -> None:
    root = content_copy(tmp_path, "2.0.0")
    (root / "content.yaml").unlink()
    with pytest.raises(PackError, match=r"no content\.yaml"):
        build_pack(root, key, tmp_path / "x.fkpack")


# -- tampering ----------------------------------------------------------------------------------

def test_one_byte_changed_in_a_file_is_refused(tmp_path: Path, pack: Path, key: Path) -> None:
    def flip(items: list[tuple[zipfile.ZipInfo, bytes]]) -> None:
        for n, (info, data) in enumerate(items):
            if info.filename == "content/guides/sample.yaml":
                items[n] = (info, data.replace(b"lt: 13", b"lt: 14"))
    refused(rewrite(pack, tmp_path / "t.fkpack", flip), pub(key), "changed after signing")


def test_one_byte_changed_in_the_raw_pack_is_refused(tmp_path: Path, pack: Path,
                                                     key: Path) -> None:
    raw = bytearray(pack.read_bytes())
    offset = raw.index(b"content/guides/sample.yaml") + 60  # inside that entry's data
    raw[offset] ^= 0x01
    bad = tmp_path / "t.fkpack"
    bad.write_bytes(bytes(raw))
    refused(bad, pub(key), "damaged|changed after signing|not the size")


def test_file_added_is_refused(tmp_path: Path, pack: Path, key: Path) -> None:
    def add(items: list[tuple[zipfile.ZipInfo, bytes]]) -> None:
        items.append((zipfile.ZipInfo("content/guides/extra.yaml"), b"guide: extra\n"))
    refused(rewrite(pack, tmp_path / "t.fkpack", add), pub(key), "not signed")


def test_file_removed_is_refused(tmp_path: Path, pack: Path, key: Path) -> None:
    def drop(items: list[tuple[zipfile.ZipInfo, bytes]]) -> None:
        items[:] = [(i, d) for i, d in items if i.filename != "content/scenarios/sample.yaml"]
    refused(rewrite(pack, tmp_path / "t.fkpack", drop), pub(key), "missing from the pack")


def test_manifest_edited_is_refused(tmp_path: Path, pack: Path, key: Path) -> None:
    def edit(items: list[tuple[zipfile.ZipInfo, bytes]]) -> None:
        for n, (info, data) in enumerate(items):
            if info.filename == "manifest.json":
                items[n] = (info, data.replace(b'"2.0.0"', b'"9.0.0"'))
    refused(rewrite(pack, tmp_path / "t.fkpack", edit), pub(key), "does not match any trusted")


def test_wrong_key_is_refused(pack: Path, other_key: Path) -> None:
    refused(pack, pub(other_key), "does not match any trusted key")


def test_resigned_by_an_unknown_key_is_refused(tmp_path: Path, key: Path,
                                                other_key: Path) -> None:
    forged = tmp_path / "forged.fkpack"
    build_pack(content_copy(tmp_path, "3.0.0", "evil"), other_key, forged)
    refused(forged, pub(key), "does not match any trusted key")
    trusted(key)
    with pytest.raises(PackError, match="does not match any trusted key"):
        install_pack(forged)
    assert installed_content() is None


def test_truncated_pack_is_refused(tmp_path: Path, pack: Path, key: Path) -> None:
    raw = pack.read_bytes()
    for cut in (len(raw) // 2, len(raw) - 10, 30):
        bad = tmp_path / f"cut{cut}.fkpack"
        bad.write_bytes(raw[:cut])
        refused(bad, pub(key), "damaged or truncated")


def test_not_a_zip_is_refused(tmp_path: Path, key: Path) -> None:
    bad = tmp_path / "x.fkpack"
    bad.write_text("hello")
    refused(bad, pub(key), "damaged or truncated")


# -- hostile zips -------------------------------------------------------------------------------

def _with_entry(name: str, data: bytes = b"x", mode: int | None = None,
                ) -> Callable[[list[tuple[zipfile.ZipInfo, bytes]]], None]:
    def add(items: list[tuple[zipfile.ZipInfo, bytes]]) -> None:
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        if mode is not None:
            info.external_attr = mode << 16
        items.append((info, data))
    return add


@pytest.mark.parametrize(("name", "mode", "match"), [
    ("content/../../evil.yaml", None, r"'\.\.'"),
    ("../evil.yaml", None, r"'\.\.'"),
    ("/etc/evil.yaml", None, "absolute path"),
    ("C:/evil.yaml", None, "absolute path"),
    ("content\\..\\evil.yaml", None, "backslash"),
    ("content/guides/link.yaml", stat.S_IFLNK | 0o777, "is a link"),
    ("content/guides/", None, "folder"),
    ("content/guides/sample.yaml", None, "appears twice"),
    ("content/GUIDES/../x", None, r"'\.\.'"),
    ("content/tools/run.py", None, "not a content file"),
    ("evil.txt", None, "not a content file"),
])
def test_hostile_entries_are_refused(tmp_path: Path, pack: Path, key: Path, name: str,
                                     mode: int | None, match: str) -> None:
    bad = rewrite(pack, tmp_path / "h.fkpack", _with_entry(name, mode=mode))
    refused(bad, pub(key), match)
    trusted(key)
    with pytest.raises(PackError, match=match):
        install_pack(bad)
    assert not list((tmp_path / "data").rglob("evil*"))


def test_case_folded_duplicate_is_refused(tmp_path: Path, pack: Path, key: Path) -> None:
    bad = rewrite(pack, tmp_path / "h.fkpack", _with_entry("content/guides/SAMPLE.yaml"))
    refused(bad, pub(key), "appears twice")


def test_oversize_and_zip_bomb_entries_are_refused(tmp_path: Path, pack: Path,
                                                   key: Path) -> None:
    big = rewrite(pack, tmp_path / "big.fkpack",
                  _with_entry("content/guides/big.yaml", b"#" * (6 * 1024 * 1024)))
    refused(big, pub(key), "would unpack to")
    bomb = rewrite(pack, tmp_path / "bomb.fkpack",
                   _with_entry("content/guides/bomb.yaml", b"\0" * (4 * 1024 * 1024)))
    refused(bomb, pub(key), "zip bomb")


def test_lying_size_header_is_caught_while_reading(tmp_path: Path, pack: Path,
                                                   key: Path) -> None:
    """A central directory that understates an entry's size cannot smuggle in more bytes."""
    raw = bytearray(pack.read_bytes())
    name = b"content/guides/sample.yaml"
    cd = raw.rindex(b"PK\x01\x02", 0, raw.rindex(name))  # its central directory header
    size = int.from_bytes(raw[cd + 24:cd + 28], "little")
    raw[cd + 24:cd + 28] = (size // 2).to_bytes(4, "little")
    bad = tmp_path / "lie.fkpack"
    bad.write_bytes(bytes(raw))
    refused(bad, pub(key), "damaged|not the size|changed after signing")


# -- install ------------------------------------------------------------------------------------

def test_install_then_refuse_downgrade_and_reinstall(tmp_path: Path, key: Path,
                                                     capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    trusted(key)
    v1 = tmp_path / "v1.fkpack"
    v2 = tmp_path / "v2.fkpack"
    build_pack(content_copy(tmp_path, "1.0.0"), key, v1)
    build_pack(content_copy(tmp_path, "2.0.0"), key, v2)
    assert installed_content() is None
    assert main(["pack", "install", str(v2)]) == 0
    assert "installed content version 2.0.0" in capsys.readouterr().out
    found = installed_content()
    assert found is not None and found.version == "2.0.0"
    folder, version, built = found  # the (dir, version, date) the app shows
    assert version == "2.0.0" and built == datetime.now(UTC).date()
    assert (folder / "guides" / "sample.yaml").is_file()
    loaded = load_content(folder)
    assert loaded.report.ok and loaded.version == "2.0.0"
    assert main(["pack", "install", str(v1)]) == 1
    assert "1.0.0 is older than the installed version 2.0.0" in capsys.readouterr().err
    assert main(["pack", "install", str(v2)]) == 1
    assert "the same as the installed version" in capsys.readouterr().err
    assert installed_content() == found


def test_refused_install_keeps_previous_content(tmp_path: Path, key: Path,
                                                other_key: Path) -> None:
    trusted(key)
    v1 = tmp_path / "v1.fkpack"
    build_pack(content_copy(tmp_path, "1.0.0"), key, v1)
    install_pack(v1)
    before = installed_content()
    v3 = tmp_path / "v3.fkpack"
    build_pack(content_copy(tmp_path, "3.0.0"), key, v3)
    truncated = tmp_path / "v3-cut.fkpack"
    truncated.write_bytes(v3.read_bytes()[:-40])
    for bad in (truncated,):
        with pytest.raises(PackError):
            install_pack(bad)
    forged = tmp_path / "forged.fkpack"
    build_pack(content_copy(tmp_path, "4.0.0", "evil"), other_key, forged)
    with pytest.raises(PackError):
        install_pack(forged)
    assert installed_content() == before
    assert before is not None and (before.dir / "guides" / "sample.yaml").is_file()
    assert not list((tmp_path / "data" / "content").glob(".incoming-*"))
    # A good newer pack still installs afterwards.
    install_pack(v3)
    after = installed_content()
    assert after is not None and after.version == "3.0.0"


def test_keys_in_the_data_folder_are_trusted(tmp_path: Path, key: Path, pack: Path,
                                             data_dir: Path) -> None:
    with pytest.raises(PackError, match=r"no trusted keys|does not match"):
        install_pack(pack)
    trust = data_dir / "trusted_keys"
    trust.mkdir(parents=True)
    (trust / "broken.pub").write_text("not a key")
    shutil.copy(pub(key), trust / "team.pub")
    keys, problems = trusted_keys()
    assert [k.source for k in keys] == [str(trust / "team.pub")]
    assert problems and "broken.pub" in problems[0]
    assert install_pack(pack).version == "2.0.0"


def test_verify_command(tmp_path: Path, pack: Path, key: Path, other_key: Path,
                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pack", "verify", str(pack), "--trust", str(pub(key))]) == 0
    out = capsys.readouterr().out
    assert out.startswith("OK: Authoring test content, version 2.0.0")
    assert "items: " in out and " approved; " in out and "open points" in out
    assert main(["pack", "verify", str(pack), "--trust", str(pub(other_key))]) == 1
    assert "refused: the signature does not match any trusted key" in capsys.readouterr().err


def test_installed_command(tmp_path: Path, pack: Path, key: Path,
                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pack", "installed"]) == 0
    assert "no content pack installed" in capsys.readouterr().out
    trusted(key)
    install_pack(pack)
    assert main(["pack", "installed"]) == 0
    assert "content version 2.0.0" in capsys.readouterr().out


def test_tampered_current_pointer_is_ignored(data_dir: Path) -> None:
    root = data_dir / "content"
    root.mkdir(parents=True)
    (root / "current").write_text("../../etc\n")
    assert installed_content() is None


def test_preferred_content_is_the_newer_of_installed_and_built_in(
        tmp_path: Path, key: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app and the case commands ask the same `content_in_use` which content to open."""
    import argparse

    from fieldkit.commands._common import case_content_dir
    from fieldkit.packs.install import content_in_use, preferred_content_dir

    older_builtin = content_copy(tmp_path, "1.5.0", "builtin")
    newer_builtin = content_copy(tmp_path, "2.5.0", "builtin")
    monkeypatch.setenv("FIELDKIT_CONTENT_DIR", str(older_builtin))
    assert preferred_content_dir(older_builtin) == older_builtin  # nothing installed
    assert content_in_use() == older_builtin
    v2 = tmp_path / "v2.fkpack"
    build_pack(content_copy(tmp_path, "2.0.0"), key, v2)
    trusted(key)
    install_pack(v2)
    found = installed_content()
    assert found is not None
    assert preferred_content_dir(older_builtin) == found.dir
    assert preferred_content_dir(newer_builtin) == newer_builtin
    assert content_in_use() == found.dir
    assert case_content_dir(argparse.Namespace(content=None)) == found.dir
    chosen = tmp_path / "mine"
    assert content_in_use(str(chosen)) == chosen  # a folder given always wins
    assert case_content_dir(argparse.Namespace(dir=str(chosen))) == chosen


# -- trust that cannot travel with the pack -----------------------------------------------------

def test_install_has_no_trust_option_and_never_suggests_one(
        tmp_path: Path, pack: Path, key: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["pack", "install", str(pack), "--trust", str(pub(key))])
    assert stop.value.code == 2
    capsys.readouterr()
    assert main(["pack", "install", str(pack)]) == 1
    err = capsys.readouterr().err
    assert "no trusted keys" in err and "--trust" not in err
    assert "pack trust add" in err
    assert installed_content() is None


def test_trust_add_needs_the_matching_fingerprint(
        tmp_path: Path, pack: Path, key: Path, other_key: Path, data_dir: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    right = fingerprint(load_public_key(pub(key)))
    wrong = fingerprint(load_public_key(pub(other_key)))
    assert main(["pack", "trust", "add", str(pub(key)), "--fingerprint", wrong]) == 1
    err = capsys.readouterr().err
    assert str(pub(key)) in err and right in err and "refused" in err
    assert main(["pack", "trust", "add", str(pub(key)), "--fingerprint", "not-hex"]) == 1
    capsys.readouterr()
    assert trusted_keys()[0] == []
    assert main(["pack", "install", str(pack)]) == 1
    capsys.readouterr()
    # Typed as read out on the phone: no 'SHA256:' label, a space in the middle.
    body = right.split(":", 1)[1]
    typed = body[:10] + " " + body[10:]
    assert main(["pack", "trust", "add", str(pub(key)), "--fingerprint", typed.swapcase()]) == 1
    capsys.readouterr()  # base64 is case-sensitive: another case is another fingerprint
    assert main(["pack", "trust", "add", str(pub(key)), "--fingerprint", typed]) == 0
    out = capsys.readouterr().out
    assert right in out and "matches" in out
    assert [k.fingerprint for k in trusted_keys()[0]] == [right]
    assert main(["pack", "trust", "list"]) == 0
    assert right in capsys.readouterr().out
    assert main(["pack", "install", str(pack)]) == 0


def test_a_far_version_jump_needs_allow_jump(tmp_path: Path, key: Path,
                                             monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """A signed pack at 999999999.0 would block every genuine pack after it."""
    monkeypatch.setattr("fieldkit.packs.install._builtin_version", lambda folder: "2026.11.0")
    trusted(key)
    rogue = tmp_path / "rogue.fkpack"
    build_pack(content_copy(tmp_path, "999999999.0"), key, rogue)
    assert main(["pack", "install", str(rogue)]) == 1
    err = capsys.readouterr().err
    assert "jumps too far" in err and "--allow-jump" in err and str(rogue) in err
    assert installed_content() is None
    next_year = tmp_path / "next.fkpack"
    build_pack(content_copy(tmp_path, "2027.1.0"), key, next_year)
    assert main(["pack", "install", str(next_year)]) == 0  # one step from built-in 2026.11.0
    capsys.readouterr()
    far = tmp_path / "far.fkpack"
    build_pack(content_copy(tmp_path, "2027.1.500"), key, far)
    assert main(["pack", "install", str(far)]) == 1
    assert main(["pack", "install", str(far), "--allow-jump"]) == 0
    found = installed_content()
    assert found is not None and found.version == "2027.1.500"


def test_jump_rule() -> None:
    from fieldkit.packs.install import jump_too_far

    assert not jump_too_far("2026.12.0", "2026.11.0")
    assert not jump_too_far("2027.1.0", "2026.11.4")
    assert not jump_too_far("1.0.0", "2026.11.0")  # older: refused elsewhere, not a jump
    assert jump_too_far("2028.1.0", "2026.11.0")
    assert jump_too_far("2026.11.999", "2026.11.0")
    assert jump_too_far("2027.99.0", "2026.11.0")
    assert jump_too_far("999999999.0", "2026.11.0")


def test_staging_folders_left_by_a_killed_install_are_removed(tmp_path: Path, key: Path,
                                                             data_dir: Path) -> None:
    trusted(key)
    root = data_dir / "content"
    for n in range(3):
        left = root / f".incoming-killed{n}" / "guides"
        left.mkdir(parents=True)
        (left / "sample.yaml").write_text("half written")
    v2 = tmp_path / "v2.fkpack"
    build_pack(content_copy(tmp_path, "2.0.0"), key, v2)
    install_pack(v2)
    assert not list(root.glob(".incoming-*"))
    assert installed_content() is not None

