"""docs/recovery.md, run as written on a store FieldKit made: its SQL through SQLCipher 4 (the
sqlcipher3 package, the same SQL a SQLCipher 4 shell runs), its audit check with bash and
sha256sum."""

from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest

from fieldkit.cli import main
from tests.conftest import TEST_PASSPHRASE

ROOT = Path(__file__).parents[2]
DOC = ROOT / "docs" / "recovery.md"
EXAMPLE = ROOT / "tests" / "fixtures" / "cases" / "example-case.yaml"


def _block(name: str) -> str:
    m = re.search(rf"<!-- recovery:{name} -->\n```(?:sql|sh)\n(.*?)```",
                  DOC.read_text(encoding="utf-8"), re.S)
    assert m, f"recovery:{name} block missing from docs/recovery.md"
    return m.group(1)


def _statements(name: str, passphrase: str) -> list[str]:
    sql = _block(name).replace("'your passphrase'", "'" + passphrase.replace("'", "''") + "'")
    return [s.strip() for s in sql.split(";\n") if s.strip()]


def _open(db: Path, passphrase: str) -> tuple[Any, dict[str, list[tuple[Any, ...]]]]:
    """Run the doc's open-and-check statements; returns the connection and each result."""
    from sqlcipher3 import dbapi2  # type: ignore[import-not-found]

    conn = dbapi2.connect(str(db), isolation_level=None)
    results = {s: conn.execute(s).fetchall() for s in _statements("open", passphrase)}
    return conn, results


@pytest.fixture
def store_copy(tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]) -> tuple[
        Path, str]:
    assert main(["case", "import", str(EXAMPLE), "--content", str(ROOT / "content")]) == 0
    cid = capsys.readouterr().out.split()[2].rstrip(":")
    assert main(["handover", cid, "--out", str(tmp_path / "out"), "--content",
                 str(ROOT / "content")]) == 0
    copy = tmp_path / "copy"
    copy.mkdir()
    for name in ("cases.db", "cases.db-wal"):  # as the doc says: the file and its log
        if (data_dir / name).exists():
            shutil.copy2(data_dir / name, copy / name)
    return copy / "cases.db", cid


def test_the_documented_sql_opens_checks_and_exports_the_store(
        store_copy: tuple[Path, str], tmp_path: Path) -> None:
    db, cid = store_copy
    conn, results = _open(db, TEST_PASSPHRASE)
    by_name = {k.split(";")[0]: v for k, v in results.items()}
    assert by_name["PRAGMA cipher_version"][0][0].startswith("4.")
    assert by_name["PRAGMA cipher_integrity_check"] == []
    assert by_name["PRAGMA integrity_check"] == [("ok",)]
    cases = next(v for k, v in results.items() if k.startswith("SELECT id, reference"))
    assert [(c[0], c[1]) for c in cases] == [(cid, "CAD 4471 21/11/2026")]
    import os

    here = os.getcwd()
    os.chdir(db.parent)  # the doc's export names a file in the shell's folder
    try:
        for statement in _statements("export", TEST_PASSPHRASE):
            conn.execute(statement)
    finally:
        os.chdir(here)
    conn.close()
    plain = sqlite3.connect(db.parent / "cases-plain.db")
    assert plain.execute("SELECT reference FROM cases").fetchall() == [("CAD 4471 21/11/2026",)]
    assert plain.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    actions = [a for (a,) in plain.execute("SELECT action FROM audit ORDER BY n")]
    assert actions[0] == "case-imported" and "export" in actions
    plain.close()


def test_a_wrong_passphrase_and_a_changed_page_are_caught(store_copy: tuple[Path, str]) -> None:
    from sqlcipher3 import dbapi2

    db, _ = store_copy
    conn, _ = _open(db, TEST_PASSPHRASE)  # fold the log into the file first
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with pytest.raises(dbapi2.DatabaseError, match="file is not a database"):
        _open(db, "not the passphrase")
    data = bytearray(db.read_bytes())
    data[-4096 + 100] ^= 0xFF  # one byte of the last page
    db.write_bytes(bytes(data))
    conn = dbapi2.connect(str(db), isolation_level=None)
    for statement in _statements("open", TEST_PASSPHRASE):
        if statement.startswith("PRAGMA cipher_integrity_check"):
            problems = conn.execute(statement).fetchall()
            break
        conn.execute(statement)
    conn.close()
    assert problems and "hmac" in " ".join(str(p) for p in problems).lower()


def _export_plain(db: Path) -> Path:
    conn, _ = _open(db, TEST_PASSPHRASE)
    plain = db.parent / "cases-plain.db"
    conn.execute(f"ATTACH DATABASE '{plain}' AS plaintext KEY ''")
    conn.execute("SELECT sqlcipher_export('plaintext')")
    conn.execute("DETACH DATABASE plaintext")
    conn.close()
    return plain


def _audit_check(plain: Path, cid: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    script = _block("audit")
    if shutil.which("sqlite3") is None:  # the same query via Python sqlite3
        shim = tmp_path / "bin" / "sqlite3"
        shim.parent.mkdir(exist_ok=True)
        shim.write_text(
            "#!/usr/bin/env python3\nimport sqlite3, sys\n"
            "db, sql = sys.argv[-2], sys.argv[-1]\n"
            "for row in sqlite3.connect(db).execute(sql):\n"
            "    print('\\t'.join(str(v) for v in row))\n")
        shim.chmod(0o755)
    env = {"PATH": f"{tmp_path / 'bin'}:/usr/bin:/bin", "DB": str(plain), "CASE": cid}
    return subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env,
                          cwd=tmp_path)


@pytest.mark.skipif(not (shutil.which("bash") and shutil.which("sha256sum")),
                    reason="the audit check by hand needs bash and sha256sum")
def test_the_audit_chain_checks_by_hand(store_copy: tuple[Path, str], tmp_path: Path) -> None:
    db, cid = store_copy
    plain = _export_plain(db)
    done = _audit_check(plain, cid, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    n = sqlite3.connect(plain).execute("SELECT COUNT(*) FROM audit").fetchone()[0]
    assert done.stdout.strip() == f"audit chain intact: {n} entries"
    # the rule as FieldKit writes it, once more from Python
    conn = sqlite3.connect(plain)
    for payload, stored in conn.execute("SELECT json_array(case_id, n, at, action, detail, "
                                        "prev), hash FROM audit"):
        assert hashlib.sha256(payload.encode("utf-8")).hexdigest() == stored
    conn.execute("DROP TRIGGER IF EXISTS audit_append_only")
    conn.execute("DROP TRIGGER IF EXISTS audit_no_delete")
    conn.execute("DROP TRIGGER IF EXISTS audit_no_update")
    conn.execute("UPDATE audit SET at = '2026-01-01T00:00:00Z' WHERE n = 1")
    conn.commit()
    conn.close()
    done = _audit_check(plain, cid, tmp_path)
    assert done.returncode != 0 and "entry 1 was changed after it was written" in done.stdout
