"""The `fieldkit` command line: one parser, with a subcommand per module in fieldkit.commands.

Each module in `fieldkit/commands/` exposes `register(subparsers)` and sets `func` on its
parsers; adding a command never means editing this file. Handlers import heavy libraries
(Qt, reportlab) only when they run, so `fieldkit content check` stays quick.
"""

from __future__ import annotations

from fieldkit import stop

stop.install()  # first: a Ctrl-C during the imports below says "stopped", not a traceback

import argparse  # noqa: E402
import gc  # noqa: E402
import importlib  # noqa: E402
import pkgutil  # noqa: E402
import sys  # noqa: E402
from collections.abc import Sequence  # noqa: E402

from fieldkit import __version__  # noqa: E402
from fieldkit.diagnostics import FieldKitError  # noqa: E402

COMMAND_ORDER = ("app", "content", "walk", "case", "handover", "labels", "leaflet", "talk",
                 "pack")


def command_modules() -> list[str]:
    import fieldkit.commands as pkg

    names = [m.name for m in pkgutil.iter_modules(pkg.__path__) if not m.name.startswith("_")]
    rank = {n: i for i, n in enumerate(COMMAND_ORDER)}
    return sorted(names, key=lambda n: (rank.get(n, len(rank)), n))


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser; with `only`, just the modules for that command (`content` and
    `content_tools` for `content`), so opening the app does not import every command."""
    parser = argparse.ArgumentParser(
        prog="fieldkit",
        description="FieldKit: offline field triage for officers meeting online child sexual "
        "abuse. With no command, opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"fieldkit {__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help="check this build (content, scenarios, handover note) and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    names = command_modules()
    if only is not None:
        names = [n for n in names if n == only or n.startswith(f"{only}_")] or names
    for name in names:
        module = importlib.import_module(f"fieldkit.commands.{name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; Ctrl-C anywhere in it (parsing, imports, writing) prints "stopped"
    and gives 130.

    Start-up runs with the garbage collector paused: importing and reading content make tens
    of thousands of objects that live as long as the process, and collecting among them
    (some fifty times before the app's first paint, 10-15 ms) finds nothing to free. It
    resumes before the command runs, or, for a command that says it resumes it itself
    (`resumes_gc`: the app, after its first paint), then."""
    stop.install()
    gc.disable()
    try:
        return _main(argv)
    except KeyboardInterrupt:
        return stop.with_message()
    finally:
        gc.enable()


def _main(argv: Sequence[str] | None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or (args_list[0].startswith("-") and args_list[0] not in (
            "-h", "--help", "--version", "--self-test")):
        args_list = ["app", *args_list]
    first = args_list[0]
    parser = build_parser(None if first.startswith("-") else first)
    args = parser.parse_args(args_list)
    if not getattr(args, "resumes_gc", False):
        gc.enable()
    if args.self_test:
        from fieldkit.selftest import run

        return run()
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    try:
        return int(func(args) or 0)
    except FieldKitError as exc:
        for line in str(exc).splitlines():
            print(line, file=sys.stderr)
        return 1
    except OSError as exc:  # a file that cannot be written or read: say which, in plain words
        where = exc.filename or "file"
        print(f"{where}: {exc.strerror or exc}", file=sys.stderr)
        return 1
