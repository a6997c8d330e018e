"""`fieldkit walk GUIDE --facts FILE [--json]`: walk a guide headless with known facts."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from fieldkit.commands._common import add_content_arg, err, load_or_report
from fieldkit.content.schema import did_you_mean
from fieldkit.factsfile import read_facts
from fieldkit.guides.engine import walk_with_facts

EXIT_QUESTION = 3


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("walk", help="walk a guide with known facts, headless")
    p.add_argument("guide", help="guide id, e.g. youth-imagery")
    p.add_argument("--facts", metavar="FILE", type=Path, required=True,
                   help="YAML mapping of fact ids to values, or a case file")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    add_content_arg(p)
    p.set_defaults(func=cmd_walk)


def cmd_walk(args: argparse.Namespace) -> int:
    content = load_or_report(args)
    guide = content.guides.get(args.guide)
    if guide is None:
        return err(f"no guide '{args.guide}'{did_you_mean(args.guide, content.guides)} "
                   f"(guides: {', '.join(sorted(content.guides)) or 'none loaded'})")
    facts = read_facts(args.facts, content.facts)
    walk = walk_with_facts(guide, facts, content.facts)
    result = walk.as_json()
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        print(f"{guide.title} (v{guide.version})")
        for e in result["path"]:
            how = "reused" if e["skipped"] else "answered"
            how += ", decided the route" if e.get("decided") else ""
            print(f"  {e['step']}: {e['fact']} = {e['value']} ({how})")
        if result["status"] == "outcome":
            o = result["outcome"]
            print(f"Outcome: {o['code']}: {o['title']}")
            for line in o["do"]:
                print(f"  do: {line}")
            for line in o["dont"]:
                print(f"  don't: {line}")
        else:
            q = result["question"]
            print(f"Stopped at question '{q['step']}': {q['ask']} (fact {q['fact']})")
    return 0 if result["status"] == "outcome" else EXIT_QUESTION
