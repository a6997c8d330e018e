"""`fieldkit talk list` and `fieldkit talk build TALK_ID [--minutes N] --out FILE.pdf`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fieldkit.commands._common import add_content_arg, err, load_or_report
from fieldkit.talks.plan import TalkError, TalkPlan, talks_in_order


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("talk", help="prevention talks: list them, build a talk pack PDF")
    tsub = p.add_subparsers(dest="talk_command", metavar="ACTION")
    ls = tsub.add_parser("list", help="list the talks, with their audiences and lengths")
    add_content_arg(ls)
    ls.set_defaults(func=cmd_list)
    build = tsub.add_parser("build", help="write a talk pack: speaker notes, handout, "
                            "signposting card")
    build.add_argument("talk", help="talk id, e.g. pupils-14-16 (see: fieldkit talk list)")
    build.add_argument("--minutes", type=int, default=None, metavar="N",
                       help="length of the session (default: 40, or the nearest the talk offers)")
    build.add_argument("--out", type=Path, required=True, metavar="FILE",
                       help="where to write the PDF, e.g. talk.pdf")
    build.add_argument("--drop", action="append", default=[], metavar="SECTION",
                       help="leave out a section (repeatable)")
    build.add_argument("--add", action="append", default=[], metavar="SECTION",
                       help="include a section the default length leaves out (repeatable)")
    build.add_argument("--signpost", action="append", default=[], metavar="ID",
                       help="add a service, e.g. a local one, to the card (repeatable)")
    add_content_arg(build)
    build.set_defaults(func=cmd_build)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def cmd_list(args: argparse.Namespace) -> int:
    content = load_or_report(args)
    talks = talks_in_order(content)
    if not talks:
        return err("no talks loaded (expected files in talks/*.yaml)")
    for t in talks:
        ages = f"{t.age_min}-{t.age_max}" if t.age_min is not None else "-"
        lengths = ",".join(str(n) for n in t.durations)
        print(f"{t.id:<16} {t.audience:<8} {ages:<6} {lengths:<10} {t.header.status:<9} "
              f"{t.header.title}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    content = load_or_report(args)
    try:
        plan = TalkPlan.create(content, args.talk, args.minutes)
        for sid in args.add:
            plan.pick(sid)
        for sid in args.drop:
            plan.drop(sid)
        for sp in args.signpost:
            plan.add_signpost(sp)
        if not plan.sections():
            return err(f"talk '{plan.talk.id}' has no sections left to build")
        from fieldkit.talks.pdf import export_pdf

        path = export_pdf(plan, args.out)
    except TalkError as exc:
        return err(str(exc))
    if not plan.fits:
        print(f"warning: {plan.timing_text()}", file=sys.stderr)
    if plan.missing_signposts():
        print(f"warning: signposts not loaded, left off the card: "
              f"{', '.join(plan.missing_signposts())}", file=sys.stderr)
    print(f"{path}: {plan.talk.header.title}, {plan.minutes} minutes, "
          f"{len(plan.sections())} sections ({plan.running_time} min)")
    return 0
