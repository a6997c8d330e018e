"""No code path uses a POSIX-only call without a Windows branch.

Most force laptops run Windows, where `fcntl`, `os.fork`, `signal.SIGKILL`, `os.getuid` and
friends do not exist and raise at import or on first use. This reads FieldKit's source (and
the build tools') and accepts such a call only where it is guarded: inside an `if` that tests
the platform (`sys.platform`, `os.name`, `platform.system()`, `hasattr(...)`), so another
branch serves Windows, or inside a `try` whose `except` catches what Windows would raise
(ImportError, AttributeError, OSError and their parents), so a fallback runs there. Paths
spelled from the POSIX root ('/proc/...', '/tmp', ...) count the same way.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCANNED = [ROOT / "fieldkit", ROOT / "tools", ROOT / "packaging"]

POSIX_MODULES = {"fcntl", "pwd", "grp", "termios", "tty", "pty", "resource", "posix",
                 "syslog", "crypt", "spwd", "nis"}
POSIX_ATTRIBUTES = {
    "os": {"fork", "forkpty", "getuid", "geteuid", "getgid", "getegid", "getgroups",
           "setuid", "setgid", "seteuid", "setsid", "setpgid", "getpgid", "killpg",
           "chown", "lchown", "fchown", "mkfifo", "mknod", "uname", "sysconf", "pathconf",
           "getloadavg", "wait3", "wait4", "WNOHANG", "O_NOFOLLOW", "O_DIRECTORY", "O_SYNC",
           "O_NONBLOCK", "sched_getaffinity", "statvfs", "nice", "openpty"},
    "signal": {"SIGKILL", "SIGALRM", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGCHLD", "SIGPIPE",
               "SIGQUIT", "SIGSTOP", "SIGTSTP", "SIGCONT", "alarm", "setitimer", "pause",
               "siginterrupt", "pthread_kill", "pthread_sigmask"},
    "time": {"clock_gettime", "clock_settime", "CLOCK_BOOTTIME", "CLOCK_MONOTONIC_RAW",
             "tzset"},
}
POSIX_PATH = re.compile(r"^/(proc|sys|dev|tmp|etc|var|usr|home|opt|run|mnt|media|bin|Users|"
                        r"Library|Applications|Volumes)(/|$)")
FALLBACK_ERRORS = {"ImportError", "ModuleNotFoundError", "AttributeError", "OSError",
                   "NotImplementedError", "Exception", "BaseException"}


def _mentions_platform(test: ast.expr) -> bool:
    for node in ast.walk(test):
        if isinstance(node, ast.Attribute) and (
                isinstance(node.value, ast.Name) and (node.value.id, node.attr) in
                 {("sys", "platform"), ("os", "name"), ("platform", "system")}):
            return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id == "hasattr":
            return True
        if isinstance(node, ast.Name) and node.id in {"WINDOWS", "IS_WINDOWS", "POSIX"}:
            return True
    return False


def _catches_fallback(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    names = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(isinstance(n, ast.Name) and n.id in FALLBACK_ERRORS for n in names)


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) \
                and node.body and isinstance(node.body[0], ast.Expr) \
                and isinstance(node.body[0].value, ast.Constant):
            ids.add(id(node.body[0].value))
    return ids


def posix_only_uses(source: str, filename: str = "<source>") -> list[str]:
    """Each unguarded POSIX-only use in `source`, as 'file:line: what'."""
    tree = ast.parse(source, filename)
    docs = _docstrings(tree)
    found: list[str] = []

    def report(node: ast.AST, what: str) -> None:
        found.append(f"{filename}:{getattr(node, 'lineno', 0)}: {what}")

    def visit(node: ast.AST, guarded: bool) -> None:
        if isinstance(node, ast.If | ast.IfExp) and _mentions_platform(node.test):
            guarded = True
        if isinstance(node, ast.Try | ast.TryStar) and any(
                _catches_fallback(h) for h in node.handlers):
            for child in node.body:
                visit(child, True)
            for part in (node.handlers, node.orelse, node.finalbody):
                for child in part:
                    visit(child, guarded)
            return
        if not guarded:
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] in POSIX_MODULES:
                        report(node, f"import {alias.name}")
            elif isinstance(node, ast.ImportFrom):
                module = (node.module or "").split(".")[0]
                if module in POSIX_MODULES:
                    report(node, f"from {node.module} import ...")
                for alias in node.names:
                    if alias.name in POSIX_ATTRIBUTES.get(module, set()):
                        report(node, f"from {module} import {alias.name}")
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                    and node.attr in POSIX_ATTRIBUTES.get(node.value.id, set()):
                report(node, f"{node.value.id}.{node.attr}")
            elif isinstance(node, ast.Constant) and isinstance(node.value, str) \
                    and id(node) not in docs and POSIX_PATH.match(node.value):
                report(node, f"POSIX path {node.value!r}")
        for child in ast.iter_child_nodes(node):
            visit(child, guarded)

    visit(tree, False)
    return found


def python_files() -> list[Path]:
    files = [p for folder in SCANNED for p in folder.rglob("*.py")]
    files += list((ROOT / "packaging").glob("*.spec"))
    return sorted(files)


def test_no_unguarded_posix_only_call_in_fieldkit_or_its_build() -> None:
    files = python_files()
    assert len(files) > 50
    problems = [problem for path in files
                for problem in posix_only_uses(path.read_text(encoding="utf-8"),
                                               str(path.relative_to(ROOT)))]
    assert not problems, "POSIX-only, with no Windows branch:\n" + "\n".join(problems)


@pytest.mark.parametrize("source", [
    "import fcntl\n",
    "from fcntl import flock\n",
    "import os\nos.fork()\n",
    "import os, signal\nos.kill(1, signal.SIGKILL)\n",
    "import os\nuid = os.getuid()\n",
    "open('/proc/self/stat')\n",
    "import sys\nif sys.argv:\n    import resource\n",
    "try:\n    import fcntl\nexcept ValueError:\n    pass\n",
    "try:\n    pass\nexcept ImportError:\n    import fcntl\n",  # the fallback itself is POSIX
    "from time import clock_gettime\n",
])
def test_the_check_finds_posix_only_calls(source: str) -> None:
    assert posix_only_uses(source)


@pytest.mark.parametrize("source", [
    "import sys\nif sys.platform == 'win32':\n    import msvcrt\nelse:\n    import fcntl\n",
    "import os\nif os.name != 'nt':\n    os.chown('x', 1, 1)\n",
    "try:\n    import fcntl\nexcept ImportError:\n    fcntl = None\n",
    "try:\n    open('/proc/self/stat')\nexcept OSError:\n    pass\n",
    "import os\nif hasattr(os, 'fork'):\n    os.fork()\n",
    "import os, signal\nos.kill(1, signal.SIGTERM)\n",
    "def f():\n    '''Reads /proc/self/stat on Linux.'''\n",
    "x = 'a/b' + '/'\n",
])
def test_the_check_accepts_guarded_or_portable_code(source: str) -> None:
    assert posix_only_uses(source) == []
