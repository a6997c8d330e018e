"""`fieldkit handover CASE --out DIR`: the handover note as PDF, JSON, text and SHA-256."""

from __future__ import annotations

import argparse
from pathlib import Path

from fieldkit.commands._casearg import quiet_content, read_case_arg
from fieldkit.commands._common import add_content_arg


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("handover", help="write the handover note (PDF, JSON, text, SHA-256)")
    p.add_argument("case", metavar="CASE", help="a case file (CASE.yaml) or a saved case's id")
    p.add_argument("--out", type=Path, required=True, metavar="DIR",
                   help="folder to write handover.pdf/.json/.txt/.sha256 into")
    add_content_arg(p)
    p.set_defaults(func=cmd_handover)


def cmd_handover(args: argparse.Namespace) -> int:
    from fieldkit.handover.write import write_handover

    content = quiet_content(args)
    case, store = read_case_arg(args.case, content)
    try:
        paths = write_handover(case, content, args.out)
        if store is not None:
            sums = paths["sha256"].read_text(encoding="ascii").split()[0]
            store.record_export(case.id, "handover", str(args.out.resolve()), sums)
    finally:
        if store is not None:
            store.close()
    for path in paths.values():
        print(path)
    return 0
