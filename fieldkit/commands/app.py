"""`fieldkit app`: the desktop app (Qt is imported only here, when the app actually opens)."""

from __future__ import annotations

import argparse

from fieldkit.commands._common import add_content_arg


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("app", help="open the desktop app (the default)")
    add_content_arg(p)
    p.add_argument("--smoke", action="store_true",
                   help="open the main window, wait for its first paint, print startup_ms, quit")
    p.add_argument("--author", action="store_true",
                   help="author mode: watch the content folder and show the checker's problems")
    p.set_defaults(func=cmd_app, resumes_gc=True)  # after the first paint (ui/app.py)


def cmd_app(args: argparse.Namespace) -> int:
    from fieldkit.ui.app import run

    return run(args)
