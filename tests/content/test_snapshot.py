"""The content snapshot: used only while every source file matches it; read back, it is the
same content the YAML gives, and it walks every scenario the same way."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from fieldkit.content import builtin_content_dir
from fieldkit.content.conditions import coerce
from fieldkit.content.loader import load_content
from fieldkit.content.snapshot import (
    NAME,
    load_fast,
    read_snapshot,
    source_files,
    write_snapshot,
)
from fieldkit.guides.engine import walk_with_facts
from fieldkit.guides.scenarios import run_scenarios


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(builtin_content_dir(), root, ignore=shutil.ignore_patterns(NAME))
    return root


def test_snapshot_reads_back_as_the_same_content(content_copy: Path) -> None:
    loaded = load_content(content_copy)
    assert write_snapshot(loaded) == content_copy / NAME
    again = read_snapshot(content_copy)
    assert again is not None
    assert again == loaded  # every guide, step, branch, condition, line and location


def _lines(path: Path) -> tuple[dict, str]:
    """The snapshot's first line as JSON, and its second line as text."""
    first, later = path.read_text(encoding="utf-8").split("\n", 1)
    return json.loads(first), later


def _write(path: Path, first: dict, later: str) -> None:
    path.write_text(json.dumps(first) + "\n" + later, encoding="utf-8")


def test_snapshot_is_plain_json_naming_each_file_hash(content_copy: Path) -> None:
    write_snapshot(load_content(content_copy))
    lines = (content_copy / NAME).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and all(isinstance(json.loads(line), dict) for line in lines)
    data = json.loads(lines[0])
    files = {p.relative_to(content_copy).as_posix() for p in source_files(content_copy)}
    assert set(data["files"]) == files and len(files) > 10
    assert all(len(h) == 64 for h in data["files"].values())


def test_snapshot_follows_its_folder_when_moved(content_copy: Path, tmp_path: Path) -> None:
    write_snapshot(load_content(content_copy))
    moved = tmp_path / "elsewhere" / "content"
    shutil.move(content_copy, moved)
    again = read_snapshot(moved)
    assert again is not None and again == load_content(moved)
    assert all(g.header.path.startswith(str(moved)) for g in again.guides.values())


def test_scenarios_walk_identically_from_snapshot_and_yaml(content_copy: Path) -> None:
    loaded = load_content(content_copy)
    write_snapshot(loaded)
    snap = read_snapshot(content_copy)
    assert snap is not None and loaded.scenarios
    from_yaml = run_scenarios(loaded)
    from_snapshot = run_scenarios(snap)
    assert from_snapshot == from_yaml
    assert all(r.passed for r in from_yaml), [r.line() for r in from_yaml if not r.passed]
    for sc in loaded.scenarios:  # the same steps, answers and outcome, one by one
        routes = []
        for content in (loaded, snap):
            facts = {fid: coerce(content.facts[fid], raw)[0] for fid, raw in sc.facts.items()}
            walk = walk_with_facts(content.guides[sc.guide], facts, content.facts)
            path, end = walk.route()
            routes.append(([(e.step, e.fact, e.value) for e in path], end, walk.as_json()))
        assert routes[0] == routes[1], sc.name


def test_a_changed_byte_in_any_source_file_makes_the_snapshot_ignored(
        content_copy: Path) -> None:
    write_snapshot(load_content(content_copy))
    for path in source_files(content_copy):
        original = path.read_bytes()
        i = len(original) // 2
        path.write_bytes(original[:i] + bytes([original[i] ^ 0x01]) + original[i + 1:])
        assert read_snapshot(content_copy) is None, path.name
        path.write_bytes(original)
    assert read_snapshot(content_copy) is not None  # all restored: used again


def test_an_added_or_removed_file_makes_the_snapshot_ignored(content_copy: Path) -> None:
    write_snapshot(load_content(content_copy))
    extra = content_copy / "checklists" / "zz-extra.yaml"
    shutil.copy(next((content_copy / "checklists").glob("*.yaml")), extra)
    assert read_snapshot(content_copy) is None
    extra.unlink()
    assert read_snapshot(content_copy) is not None
    gone = next((content_copy / "scripts").glob("*.yaml"))
    gone.unlink()
    assert read_snapshot(content_copy) is None


def test_a_changed_file_falls_back_to_the_yaml_silently(content_copy: Path,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    write_snapshot(load_content(content_copy))
    guide = content_copy / "guides" / "device-seizure.yaml"
    guide.write_text(guide.read_text(encoding="utf-8").replace(
        "title:", "title: Changed -", 1), encoding="utf-8")
    content, read_yaml = load_fast(content_copy)
    assert read_yaml and content.guides["device-seizure"].title.startswith("Changed -")
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize("damage", [
    lambda d: d.update(format=999),
    lambda d: d.update(code="another build"),
    lambda d: d["content"].update({"$": "Popen"}),
    lambda d: d.update(content={"$": "Content", "f": {"root": {"$path": ""}, "bogus": 1}}),
])
def test_a_damaged_or_foreign_snapshot_is_ignored(content_copy: Path, damage: object) -> None:
    write_snapshot(load_content(content_copy))
    path = content_copy / NAME
    data, later = _lines(path)
    damage(data)  # type: ignore[operator]
    _write(path, data, later)
    assert read_snapshot(content_copy) is None


def test_truncated_snapshot_is_ignored(content_copy: Path) -> None:
    write_snapshot(load_content(content_copy))
    path = content_copy / NAME
    path.write_bytes(path.read_bytes()[:1000])
    assert read_snapshot(content_copy) is None


def test_content_with_errors_is_never_snapshotted(content_copy: Path) -> None:
    guide = content_copy / "guides" / "device-seizure.yaml"
    guide.write_text(guide.read_text(encoding="utf-8") + "\nbogus_key: 1\n", encoding="utf-8")
    loaded = load_content(content_copy)
    assert not loaded.report.ok
    assert write_snapshot(loaded) is None and not (content_copy / NAME).exists()


def test_content_check_reads_the_yaml_even_with_a_snapshot(content_copy: Path) -> None:
    """A snapshot that disagrees with its (unchanged) YAML is never what `content check`
    reports: the checker reads the files themselves."""
    loaded = load_content(content_copy)
    loaded.guides.clear()
    write_snapshot(loaded)
    assert read_snapshot(content_copy) is not None  # the app would use it (hashes match)
    assert load_content(content_copy).guides  # the checker does not


def test_an_installed_pack_carries_its_snapshot(content_copy: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from fieldkit.packs.build import build_pack
    from fieldkit.packs.install import install_pack
    from fieldkit.packs.keys import fingerprint, generate_keypair, load_public_key, trust_key

    monkeypatch.setenv("FIELDKIT_DATA_DIR", str(tmp_path / "data"))
    key = tmp_path / "keys" / "signing"
    generate_keypair(key)
    pack = tmp_path / "content.fkpack"
    build_pack(content_copy, key, pack)
    public = key.with_name(key.name + ".pub")
    trust_key(public, fingerprint(load_public_key(public)))
    installed = install_pack(pack)
    assert (installed.dir / NAME).is_file()
    snap = read_snapshot(installed.dir)
    assert snap is not None and snap == load_content(installed.dir)


def test_the_app_starts_from_the_snapshot_and_refreshes_its_own_copy(
        content_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No snapshot: the YAML is read, and the app keeps one in its data folder; the next start
    reads that one (the folder itself may not be writable, as in a checkout)."""
    from fieldkit.content.snapshot import cache_path, refresh_cache

    monkeypatch.setenv("FIELDKIT_DATA_DIR", str(tmp_path / "data"))
    content, read_yaml = load_fast(content_copy)
    assert read_yaml
    refresh_cache(content)
    assert cache_path(content_copy).is_file() and not (content_copy / NAME).exists()
    again, read_yaml = load_fast(content_copy)
    assert not read_yaml and again == content


def test_the_snapshot_hashes_every_file_the_loader_reads() -> None:
    """A file kind the loader reads but the snapshot does not hash (the search synonyms)
    would leave the app on stale content after an edit."""
    from fieldkit.content import builtin_content_dir
    from fieldkit.content.loader import content_files
    from fieldkit.content.snapshot import source_files

    root = builtin_content_dir()
    assert source_files(root) == [p for _kind, p in content_files(root)]
    assert root / "search-synonyms.yaml" in source_files(root)


def test_the_home_screens_part_is_read_at_once_and_the_rest_on_first_use(
        content_copy: Path) -> None:
    """Start-up reads the guides' headers; their steps, the scripts, talks, facts and the
    rest wait until first asked for, and then all come at once, equal to the YAML's."""
    from fieldkit.content.snapshot import LATER

    loaded = load_content(content_copy)
    write_snapshot(loaded)
    snap = read_snapshot(content_copy)
    assert snap is not None and list(snap.guides) == list(loaded.guides)
    assert all(g.header == loaded.guides[gid].header for gid, g in snap.guides.items())
    assert not set(LATER) & set(vars(snap))  # nothing of the second line read yet
    assert not any("steps" in vars(g) for g in snap.guides.values())
    guide = next(iter(snap.guides))
    assert snap.guides[guide].steps == loaded.guides[guide].steps  # the first asked for ...
    assert all(vars(snap)[name] == getattr(loaded, name) for name in LATER)  # ... reads all
    assert all(vars(g)["steps"] == loaded.guides[gid].steps for gid, g in snap.guides.items())
    assert "_later" not in vars(snap) and snap == loaded
    with pytest.raises(AttributeError):
        snap.no_such_field  # noqa: B018 (a missing name is still an AttributeError)


@pytest.mark.parametrize("later", [
    "not json at all",
    '{"scripts": {"$": "Popen", "f": {}}}',
    json.dumps({"scripts": {}}),  # well formed, but not the fields left for later
])
def test_a_second_line_that_does_not_read_back_comes_from_the_yaml(
        content_copy: Path, later: str) -> None:
    loaded = load_content(content_copy)
    write_snapshot(loaded)
    path = content_copy / NAME
    data, _ = _lines(path)
    _write(path, data, later)
    snap = read_snapshot(content_copy)
    assert snap is not None  # the guides read back ...
    assert snap.talks == loaded.talks and snap == loaded  # ... and the rest is the YAML's


@pytest.mark.parametrize("cut", [lambda text: text.split("\n")[0],  # no second line
                                 lambda text: text.split("\n")[0] + "\n"])  # an empty one
def test_a_snapshot_without_its_second_line_is_ignored(content_copy: Path, cut: object
                                                       ) -> None:
    write_snapshot(load_content(content_copy))
    path = content_copy / NAME
    path.write_text(cut(path.read_text(encoding="utf-8")), encoding="utf-8")  # type: ignore[operator]
    assert read_snapshot(content_copy) is None


def test_a_second_line_missing_a_guides_steps_comes_from_the_yaml(content_copy: Path) -> None:
    from fieldkit.content.snapshot import STEPS

    loaded = load_content(content_copy)
    write_snapshot(loaded)
    path = content_copy / NAME
    data, later = _lines(path)
    rest = json.loads(later)
    rest[STEPS].pop(next(iter(rest[STEPS])))
    _write(path, data, json.dumps(rest))
    snap = read_snapshot(content_copy)
    assert snap is not None and snap == loaded  # every guide's steps, and the rest, from YAML
