"""Hostile files and folders: pipes, devices, links out of the content folder, a folder given
as a case file, a dangling database link, a damaged wrong-try counter, a read-only data folder.
Each is refused with the path the user gave, in plain words, quickly, and without a traceback."""

from __future__ import annotations

import json
import os
import shutil
import stat
import sys
import threading
from pathlib import Path

import pytest

from fieldkit.cli import main
from fieldkit.content import load_content
from fieldkit.diagnostics import FieldKitError
from fieldkit.yamlread import MAX_BYTES, load_file, read_regular

ROOT = Path(__file__).parents[2]
FIXTURES = Path(__file__).parents[1] / "fixtures"
EXAMPLE = FIXTURES / "cases" / "example-case.yaml"
SAMPLE = FIXTURES / "sample-content"
CONTENT = ["--content", str(ROOT / "content")]

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and /dev are POSIX")


def finishes(work, seconds: float = 20.0):  # type: ignore[no-untyped-def]
    """Run `work` on a thread; fail (not hang) if it does not finish in time."""
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:  # handed back to the test
            box["error"] = exc

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), "still reading after the time allowed: it would hang"
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box.get("value")


def content_with(tmp_path: Path, name: str, make) -> Path:  # type: ignore[no-untyped-def]
    root = tmp_path / "content"
    shutil.copytree(SAMPLE, root)
    make(root / "guides" / name)
    return root


def rules_for(content_root: Path, name: str) -> list[tuple[str, str]]:
    content = finishes(lambda: load_content(content_root))
    return [(d.rule, d.message) for d in content.report.errors if d.path.endswith(name)]


@posix_only
def test_a_fifo_in_content_is_refused_not_waited_on(tmp_path: Path) -> None:
    root = content_with(tmp_path, "zz.yaml", os.mkfifo)
    found = rules_for(root, "zz.yaml")
    assert found and found[0][0] == "file-special" and "pipe" in found[0][1]


@posix_only
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_link_to_a_device_is_refused_by_kind_not_size(tmp_path: Path, device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"{device} missing")
    root = content_with(tmp_path, "zz.yaml", lambda p: p.symlink_to(device))
    found = rules_for(root, "zz.yaml")
    assert found and found[0][0] in ("file-special", "file-outside")


@posix_only
def test_a_link_out_of_the_content_folder_never_echoes_that_file(tmp_path: Path) -> None:
    secret = tmp_path / "elsewhere.txt"
    secret.write_text("root:x:0:0:secret first line\n")
    root = content_with(tmp_path, "zz.yaml", lambda p: p.symlink_to(secret))
    content = finishes(lambda: load_content(root))
    text = "\n".join(str(d) for d in content.report.items)
    assert "secret first line" not in text and "root:x" not in text
    assert any(d.rule == "file-outside" and d.path.endswith("zz.yaml")
               for d in content.report.errors)
    if Path("/etc/passwd").exists():
        (root / "guides" / "zz.yaml").unlink()
        (root / "guides" / "zz.yaml").symlink_to("/etc/passwd")
        content = finishes(lambda: load_content(root))
        assert "root:" not in "\n".join(str(d) for d in content.report.items)


@posix_only
def test_content_check_on_a_fifo_finishes(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    root = content_with(tmp_path, "zz.yaml", os.mkfifo)
    assert finishes(lambda: main(["content", "check", str(root)])) == 1
    assert f"{root / 'guides' / 'zz.yaml'}:1:1: error[file-special]" in capsys.readouterr().out


def test_reading_stops_at_the_limit_plus_one(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that says it is small but keeps giving bytes is cut off just past the limit."""
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a: b\n" * 10)
    real_fstat = os.fstat
    reads: list[int] = []
    real_read = os.read

    def small(fd: int) -> os.stat_result:
        st = real_fstat(fd)
        return os.stat_result((st.st_mode, *st[1:6], 0, *st[7:10]))

    def endless(fd: int, n: int) -> bytes:
        reads.append(n)
        return b"x" * n if sum(reads) < 10 * 40 else real_read(fd, n)

    monkeypatch.setattr(os, "fstat", small)
    monkeypatch.setattr(os, "read", endless)
    with pytest.raises(FieldKitError, match="over 40 bytes"):
        read_regular(big, "big.yaml", limit=40)
    assert sum(reads) == 41


@posix_only
def test_facts_and_case_files_that_are_special_are_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "case.yaml"
    os.mkfifo(fifo)
    code = finishes(lambda: main(["handover", str(fifo), "--out", str(tmp_path / "o"),
                                  *CONTENT]))
    err = capsys.readouterr().err
    assert code == 1 and str(fifo) in err and "pipe" in err
    assert finishes(lambda: main(["walk", "youth-imagery", "--facts", str(fifo),
                                  *CONTENT])) == 1
    err = capsys.readouterr().err
    assert str(fifo) in err and "pipe" in err
    with pytest.raises(FieldKitError, match="pipe"):
        finishes(lambda: load_file(fifo))


def test_a_folder_given_as_a_case_file_is_called_a_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    for args in (["case", "import", str(folder), *CONTENT],
                 ["handover", str(folder), "--out", str(tmp_path / "o"), *CONTENT],
                 ["walk", "youth-imagery", "--facts", str(folder), *CONTENT]):
        assert main(args) == 1
        err = capsys.readouterr().err
        assert f"{folder}:1:1" in err and "is a folder" in err and "not found" not in err
        assert "Traceback" not in err


def test_a_missing_case_file_still_says_not_found(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gone = tmp_path / "gone.yaml"
    assert main(["handover", str(gone), "--out", str(tmp_path / "o"), *CONTENT]) == 1
    err = capsys.readouterr().err
    assert str(gone) in err and "not found" in err


@posix_only
def test_a_dangling_database_link_gets_a_plain_message(
        data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (data_dir / "cases.db").symlink_to(tmp_path / "moved-away.db")
    assert main(["case", "list"]) == 1
    err = capsys.readouterr().err
    assert str(data_dir / "cases.db") in err and "does not exist" in err
    assert "File exists" not in err and "Traceback" not in err
    assert not (tmp_path / "moved-away.db").exists()


def test_a_huge_wrong_try_count_is_the_limit_reached_with_the_wait_message(
        data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["case", "import", str(EXAMPLE), *CONTENT]) == 0
    capsys.readouterr()
    counter = data_dir / "cases.db.attempts"
    for damage in ('{"failures": ' + "9" * 400 + ', "last": 0}',
                   '{"failures": 1e999, "last": 0}',
                   '{"failures": 5, "last": 1e999}',
                   '{"failures": -4, "last": 0}'):
        counter.write_text(damage)
        assert main(["case", "list"]) == 1
        err = capsys.readouterr().err
        assert "Too many wrong passphrases. Wait" in err, damage
        assert "Traceback" not in err and "Overflow" not in err


def test_a_damaged_counter_wait_ends(tmp_path: Path) -> None:
    from fieldkit.security.attempts import FREE_TRIES, AttemptLimiter

    counter = tmp_path / "n.attempts"
    counter.write_text(json.dumps({"failures": 10**40, "last": 0}))
    written = counter.stat().st_mtime
    now = [written]
    limiter = AttemptLimiter(counter, lambda: now[0], lambda s: None)
    assert limiter.failures == FREE_TRIES and limiter.wait_seconds() > 0
    now[0] = written + 3
    assert limiter.wait_seconds() == 0  # the wait is counted from the damage, and ends


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="root ignores folder permissions")
def test_read_only_data_folder_lists_and_verifies(data_dir: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    _read_only_data_folder_lists_and_verifies(data_dir, capsys)


def test_a_data_folder_where_no_lock_can_be_made_lists_and_verifies(
        data_dir: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """As on a read-only disk, for a user who may write anywhere (root ignores modes): the
    lock file cannot be made, so nothing may be written."""
    from fieldkit.cases.db import LockFile

    def refuse(self: LockFile) -> bool:
        raise PermissionError(13, "Read-only file system", str(self.path))

    _read_only_data_folder_lists_and_verifies(
        data_dir, capsys, lambda: monkeypatch.setattr(LockFile, "acquire", refuse))


def _read_only_data_folder_lists_and_verifies(data_dir: Path,
                                              capsys: pytest.CaptureFixture[str],
                                              make_read_only=None) -> None:  # type: ignore[no-untyped-def]
    assert main(["case", "import", str(EXAMPLE), *CONTENT]) == 0
    cid = capsys.readouterr().out.split()[2].rstrip(":")
    (data_dir / "cases.db.lock").unlink(missing_ok=True)
    before = {p.name: p.read_bytes() for p in data_dir.iterdir()}
    mode = data_dir.stat().st_mode
    if make_read_only is not None:
        make_read_only()
    else:
        os.chmod(data_dir, stat.S_IRUSR | stat.S_IXUSR)
    try:
        assert main(["case", "list"]) == 0
        assert cid in capsys.readouterr().out
        assert main(["case", "verify", cid]) == 0
        assert "intact" in capsys.readouterr().out
    finally:
        os.chmod(data_dir, mode)
    assert {p.name: p.read_bytes() for p in data_dir.iterdir()} == before


def test_refused_weak_passphrase_leaves_nothing(data_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("FIELDKIT_PASSPHRASE", "password")
    assert main(["case", "import", str(EXAMPLE), *CONTENT]) == 1
    assert "Traceback" not in capsys.readouterr().err
    assert list(data_dir.iterdir()) == []


def test_limit_is_the_reader_limit() -> None:
    assert MAX_BYTES == 5 * 1024 * 1024
