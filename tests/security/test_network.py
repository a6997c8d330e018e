"""FieldKit never touches the network: its main flows run with every way of opening a socket
refused, and no module under fieldkit/ imports a networking library."""

from __future__ import annotations

import ast
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from fieldkit.cli import main

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLE = FIXTURES / "sample-content"
CASE_CONTENT = ROOT / "content"  # the example case is written against the shipped content
EXAMPLE = FIXTURES / "cases" / "example-case.yaml"
UI_CONTENT = FIXTURES / "ui-content"
PACK_CONTENT = FIXTURES / "authoring" / "base"

SOCKET_DOORS = ("socket", "create_connection", "create_server", "getaddrinfo", "gethostbyname",
                "gethostbyname_ex", "gethostbyaddr", "getnameinfo", "socketpair", "fromfd")


def block_sockets(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make every door to a socket refuse, and write each try down (so a caller that swallows
    the error is still caught)."""
    tried: list[str] = []

    def door(name: str) -> object:
        def refuse(*args: object, **kwargs: object) -> None:
            tried.append(f"socket.{name}{args!r}")
            raise OSError(f"FieldKit must not use the network (socket.{name})")
        return refuse

    for name in SOCKET_DOORS:
        monkeypatch.setattr(socket, name, door(name))
    return tried


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    tried = block_sockets(monkeypatch)
    yield tried
    assert tried == [], f"FieldKit tried to reach the network: {tried}"


def test_the_guard_catches_a_real_attempt(monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard is not blind: the standard library's own HTTP client is stopped by it."""
    import urllib.request

    tried = block_sockets(monkeypatch)
    with pytest.raises(OSError):
        urllib.request.urlopen("http://192.0.2.1/", timeout=1)
    assert tried and tried[0].startswith("socket.")


def test_the_command_line_flows_never_open_a_socket(
        no_network: list[str], tmp_path: Path, data_dir: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    facts = tmp_path / "facts.yaml"
    facts.write_text("subject_age: 15\nadult_involved: 'no'\nshared_widely: 'yes'\n",
                     encoding="utf-8")
    assert main(["content", "check", str(SAMPLE)]) == 0
    assert main(["content", "test", str(SAMPLE)]) == 0
    assert main(["walk", "sample", "--facts", str(facts), "--json", "--content",
                 str(SAMPLE)]) == 0
    capsys.readouterr()
    assert main(["case", "import", str(EXAMPLE), "--content", str(CASE_CONTENT)]) == 0
    case_id = capsys.readouterr().out.split()[2].rstrip(":")
    assert main(["case", "list"]) == 0
    assert main(["case", "export", case_id, "--out", str(out / "case.yaml")]) == 0
    assert main(["case", "verify", case_id]) == 0
    assert main(["handover", case_id, "--out", str(out / "note"), "--content",
                 str(CASE_CONTENT)]) == 0
    assert main(["handover", str(EXAMPLE), "--out", str(out / "note2"), "--content",
                 str(CASE_CONTENT)]) == 0
    assert main(["labels", case_id, "--out", str(out / "labels.pdf"), "--content",
                 str(CASE_CONTENT)]) == 0
    assert main(["leaflet", case_id, "--out", str(out / "leaflet.pdf"), "--content",
                 str(CASE_CONTENT)]) == 0
    assert main(["talk", "build", "pupils-test", "--minutes", "20", "--out",
                 str(out / "talk.pdf"), "--content", str(UI_CONTENT)]) == 0
    content = tmp_path / "pack-content"
    shutil.copytree(PACK_CONTENT, content)
    assert main(["pack", "keygen", "--out", str(tmp_path / "keys" / "k")]) == 0
    assert main(["pack", "build", str(content), "--key", str(tmp_path / "keys" / "k"),
                 "--out", str(out / "c.fkpack")]) == 0
    assert main(["pack", "verify", str(out / "c.fkpack"), "--trust",
                 str(tmp_path / "keys" / "k.pub")]) == 0
    assert main(["case", "delete", case_id, "--yes"]) == 0
    assert main(["case", "purge", "--older-than", "0", "--yes"]) == 0
    for name in ("handover.pdf", "handover.json", "handover.txt", "handover.sha256"):
        assert (out / "note" / name).is_file()
    # Exports went only where they were sent: nothing new in the data folder but the store.
    assert {p.name for p in data_dir.iterdir()} <= {
        "cases.db", "cases.db-wal", "cases.db-shm", "cases.db.lock", "cases.db.attempts",
        "trusted_keys", "content"}


def test_the_app_with_a_case_walked_never_opens_a_socket(
        no_network: list[str], qtbot: QtBot, tmp_path: Path) -> None:
    from fieldkit.content import load_content
    from fieldkit.ui.lock import LockController
    from fieldkit.ui.main_window import MainWindow
    from fieldkit.ui.saved_cases import create_case
    from fieldkit.ui.screens.export_actions import ExportPanel

    win = MainWindow(load_content(UI_CONTENT), content_dir=UI_CONTENT)
    qtbot.addWidget(win)
    lock = LockController(win)
    lock.unlock("tidy otter lantern 93")
    win.show()
    qtbot.waitExposed(win)
    win.set_session(create_case(win.case_store(), win.content, "CAD 5 21/11/2026",
                                "PC Sam Jones", "4471", "Central"))
    win.open_guide("youth-check")
    win.session.answer("youth-check", 10)
    win.toggle_notes()
    win.notes.editor.setPlainText("Seen at 23:05.")
    win.notes.flush()
    win.open_signposts()
    win.open_checklist("before-leaving")
    panel = ExportPanel(win)
    qtbot.addWidget(panel)
    panel.choose_folder = lambda _title: str(tmp_path / "exports")
    panel.export_note()
    panel.export_leaflet()
    panel.export_labels()
    assert (tmp_path / "exports" / "handover.pdf").is_file()
    lock.lock()
    assert lock.locked
    win.close()


GUARDED_SMOKE = """
import socket, sys
tried = []
def door(name):
    def refuse(*args, **kwargs):
        tried.append(name)
        raise OSError("FieldKit must not use the network")
    return refuse
for name in {doors!r}:
    setattr(socket, name, door(name))
from fieldkit.cli import main
code = main(["app", "--smoke", "--content", {content!r}])
print("socket tries:", tried)
sys.exit(code or (3 if tried else 0))
"""


def test_the_app_smoke_run_never_opens_a_socket(tmp_path: Path) -> None:
    """`fieldkit app --smoke` in its own process (it runs the app's own event loop), with
    the same guard installed before FieldKit is imported."""
    import os
    import subprocess
    import sys

    script = GUARDED_SMOKE.format(doors=SOCKET_DOORS, content=str(UI_CONTENT))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "startup_ms=" in done.stdout and "socket tries: []" in done.stdout


# -- no networking library anywhere in fieldkit/ ---------------------------------------------

BANNED_MODULES = (
    "socket", "ssl", "http", "urllib", "urllib3", "requests", "httpx", "aiohttp", "ftplib",
    "smtplib", "poplib", "imaplib", "nntplib", "telnetlib", "socketserver", "xmlrpc",
    "asyncio", "websocket", "websockets", "paramiko", "webbrowser", "grpc", "zmq",
    "PySide6.QtNetwork", "PySide6.QtNetworkAuth", "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets", "PySide6.QtWebEngineQuick", "PySide6.QtWebSockets",
    "PySide6.QtWebChannel", "PySide6.QtWebView", "PySide6.QtHttpServer",
    "PySide6.QtRemoteObjects",
)
BANNED_NAMES = ("QtNetwork", "QtWebEngineCore", "QtWebEngineWidgets", "QtWebSockets",
                "QtWebChannel", "QtWebView", "QDesktopServices", "QNetworkAccessManager",
                "QTcpSocket", "QUdpSocket", "QSslSocket", "QWebEngineView")


def _banned(module: str) -> bool:
    return any(module == b or module.startswith(b + ".") for b in BANNED_MODULES)


def network_uses(source: str, name: str = "<source>") -> list[str]:
    """Every import or use of a networking library in Python source, as 'file:line what'."""
    found = []
    for node in ast.walk(ast.parse(source, name)):
        where = f"{name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Import):
            found += [f"{where} import {a.name}" for a in node.names if _banned(a.name)]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if _banned(node.module):
                found.append(f"{where} from {node.module}")
            found += [f"{where} from {node.module} import {a.name}" for a in node.names
                      if _banned(f"{node.module}.{a.name}") or a.name in BANNED_NAMES]
        elif isinstance(node, ast.Call) and node.args:
            fn = node.func
            called = fn.attr if isinstance(fn, ast.Attribute) else getattr(fn, "id", "")
            arg = node.args[0]
            if called in ("import_module", "__import__") and isinstance(arg, ast.Constant) \
                    and isinstance(arg.value, str) and _banned(arg.value):
                found.append(f"{where} {called}({arg.value!r})")
        elif isinstance(node, ast.Attribute) and node.attr in BANNED_NAMES:
            found.append(f"{where} .{node.attr}")
        elif isinstance(node, ast.Name) and node.id in BANNED_NAMES:
            found.append(f"{where} {node.id}")
    return found


def test_the_check_finds_each_kind_of_networking_import() -> None:
    source = "\n".join([
        "import socket", "import urllib.request as u", "from http.client import HTTPConnection",
        "from PySide6 import QtNetwork", "from PySide6.QtWebEngineWidgets import QWebEngineView",
        "import importlib", "importlib.import_module('ssl')", "__import__('requests')",
        "from PySide6.QtGui import QDesktopServices", "from asyncio import open_connection",
        "import webbrowser",
    ])
    lines = {int(f.split()[0].split(":")[1]) for f in network_uses(source)}
    assert lines == {1, 2, 3, 4, 5, 7, 8, 9, 10, 11}  # line 6, import importlib, is fine
    assert network_uses("import json\nfrom pathlib import Path\nimport sqlite3\n") == []


def test_no_module_under_fieldkit_imports_a_networking_library() -> None:
    found = []
    files = sorted((ROOT / "fieldkit").rglob("*.py"))
    assert len(files) > 50
    for path in files:
        found += network_uses(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert found == []
