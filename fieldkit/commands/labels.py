"""`fieldkit labels CASE --out labels.pdf`: one printable label per exhibit."""

from __future__ import annotations

import argparse
from pathlib import Path

from fieldkit.commands._casearg import quiet_content, read_case_arg
from fieldkit.commands._common import add_content_arg


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("labels", help="exhibit labels for A4 sheets of 8 (99.1 x 67.7 mm)")
    p.add_argument("case", metavar="CASE", help="a case file (CASE.yaml) or a saved case's id")
    p.add_argument("--out", type=Path, required=True, metavar="labels.pdf")
    p.add_argument("--skip", type=int, default=0, metavar="N",
                   help="leave the first N labels of the sheet blank (already used)")
    add_content_arg(p)
    p.set_defaults(func=cmd_labels)


def cmd_labels(args: argparse.Namespace) -> int:
    from fieldkit.handover.write import write_labels

    content = quiet_content(args)
    case, store = read_case_arg(args.case, content)
    try:
        write_labels(case, content, args.out, skip=args.skip)
        if store is not None:
            store.record_export(case.id, "labels", str(args.out.resolve()))
    finally:
        if store is not None:
            store.close()
    print(args.out)
    return 0
