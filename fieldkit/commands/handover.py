"""`fieldkit handover CASE --out DIR`: the handover note as PDF, JSON, text and SHA-256."""

from __future__ import annotations

import argparse

from fieldkit.commands._export import add_export_args, run_export


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("handover", help="write the handover note (PDF, JSON, text, SHA-256)")
    add_export_args(p, "folder to write handover.pdf/.json/.txt/.sha256 into", "DIR")
    p.add_argument("--labels", action="store_true",
                   help="also write the exhibit labels (exhibit-labels.pdf)")
    p.add_argument("--leaflets", action="store_true",
                   help="also write the family leaflets, one per person given services")
    p.set_defaults(func=cmd_handover)


def cmd_handover(args: argparse.Namespace) -> int:
    from fieldkit.handover.export import export_handover

    return run_export(args, export_handover, labels=args.labels, leaflets=args.leaflets)
