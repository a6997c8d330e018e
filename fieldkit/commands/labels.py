"""`fieldkit labels CASE --out labels.pdf`: one printable label per exhibit."""

from __future__ import annotations

import argparse

from fieldkit.commands._export import add_export_args, run_export


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("labels", help="exhibit labels for A4 sheets of 8 (99.1 x 67.7 mm)")
    add_export_args(p, "the labels' PDF file, or a folder (exhibit-labels.pdf in it)",
                    "labels.pdf")
    p.add_argument("--skip", type=int, default=0, metavar="N",
                   help="leave the first N labels of the sheet blank (already used)")
    p.set_defaults(func=cmd_labels)


def cmd_labels(args: argparse.Namespace) -> int:
    from fieldkit.handover.export import export_labels

    return run_export(args, export_labels, skip=args.skip)
