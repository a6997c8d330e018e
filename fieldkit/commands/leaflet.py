"""`fieldkit leaflet CASE --out leaflet.pdf`: a one-page leaflet of the services given, with
nothing about the case on it; `--each` writes one per person given services."""

from __future__ import annotations

import argparse

from fieldkit.commands._export import add_export_args, run_export


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("leaflet", help="one-page family leaflet of the services given")
    add_export_args(p, "the leaflet's PDF file, or a folder (family-leaflet.pdf in it; with "
                    "--each, family-leaflet-1.pdf, -2... in it)", "leaflet.pdf")
    who = p.add_mutually_exclusive_group()
    who.add_argument("--for", dest="given_to", metavar="WHO",
                     help="only the services given to this person (as recorded, e.g. mother)")
    who.add_argument("--each", action="store_true",
                     help="one numbered leaflet per person given services, each listing only "
                     "what that person was given (--out is a folder)")
    p.set_defaults(func=cmd_leaflet)


def cmd_leaflet(args: argparse.Namespace) -> int:
    from fieldkit.handover.export import export_leaflets

    return run_export(args, export_leaflets, given_to=args.given_to, each=args.each)
