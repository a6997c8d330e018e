"""`fieldkit content check` and `fieldkit content test`."""

from __future__ import annotations

import argparse
import sys

from fieldkit.commands._common import add_content_arg, content_dir
from fieldkit.content import load_content


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("content", help="check, test and inspect guidance content")
    csub = p.add_subparsers(dest="content_command", metavar="ACTION")
    check = csub.add_parser("check", help="validate content; located errors and warnings")
    add_content_arg(check, positional=True)
    check.set_defaults(func=cmd_check)
    test = csub.add_parser("test", help="run the scenarios in scenarios/*.yaml")
    add_content_arg(test, positional=True)
    test.set_defaults(func=cmd_test)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])
    globals()["_content_parser"] = csub


def cmd_check(args: argparse.Namespace) -> int:
    from fieldkit.content.loader import paused_gc

    with paused_gc():  # until the report is out: see paused_gc
        content = load_content(content_dir(args))
        for d in content.report.sorted():
            print(d)
        print(content.report.summary(len(content.files)))
        return 0 if content.report.ok else 1


def cmd_test(args: argparse.Namespace) -> int:
    from fieldkit.guides.scenarios import run_scenarios  # `content check` has no use for it

    content = load_content(content_dir(args))
    for d in content.report.errors:
        print(d, file=sys.stderr)
    results = run_scenarios(content)
    failed = [r for r in results if not r.passed]
    for r in failed:
        print(r.line())
    if not results:
        print(f"{content_dir(args)}: no scenarios found in scenarios/*.yaml", file=sys.stderr)
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed")
    return 0 if results and not failed else 1
