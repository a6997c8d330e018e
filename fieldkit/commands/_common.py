"""Helpers the command modules share."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fieldkit.content import builtin_content_dir
from fieldkit.content.model import Content


def add_content_arg(parser: argparse.ArgumentParser, positional: bool = False) -> None:
    if positional:
        parser.add_argument("dir", nargs="?", default=None,
                            help="content folder (default: the built-in content)")
    else:
        parser.add_argument("--content", metavar="DIR", default=None,
                            help="content folder (default: the built-in content)")


def content_dir(args: argparse.Namespace) -> Path:
    """The folder a command reads content from: the one given, else the built-in content."""
    chosen = getattr(args, "dir", None) or getattr(args, "content", None)
    return Path(chosen) if chosen else builtin_content_dir()


def content_in_use(args: argparse.Namespace) -> Path:
    """For commands about a case (walk, handover, labels, leaflet, case): the content the app
    uses, i.e. an installed signed pack when it is newer than the built-in content, so a note
    made here quotes the guidance the officer was shown."""
    chosen = getattr(args, "dir", None) or getattr(args, "content", None)
    if chosen:
        return Path(chosen)
    from fieldkit.packs.install import preferred_content_dir

    return preferred_content_dir(builtin_content_dir())


def load_or_report(args: argparse.Namespace, quiet_warnings: bool = True) -> Content:
    """Load content for a command that uses it; print its errors, so they are never hidden."""
    from fieldkit.content.loader import load_content

    content = load_content(content_in_use(args))
    for d in content.report.sorted():
        if d.is_error or not quiet_warnings:
            print(d, file=sys.stderr)
    return content


def err(message: str) -> int:
    print(message, file=sys.stderr)
    return 1
