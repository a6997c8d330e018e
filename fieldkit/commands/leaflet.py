"""`fieldkit leaflet CASE --out leaflet.pdf`: a one-page leaflet of the services given, with
nothing about the case on it."""

from __future__ import annotations

import argparse
from pathlib import Path

from fieldkit.commands._casearg import quiet_content, read_case_arg
from fieldkit.commands._common import add_content_arg


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("leaflet", help="one-page family leaflet of the services given")
    p.add_argument("case", metavar="CASE", help="a case file (CASE.yaml) or a saved case's id")
    p.add_argument("--out", type=Path, required=True, metavar="leaflet.pdf")
    p.add_argument("--for", dest="given_to", metavar="WHO",
                   help="only the services given to this person (as recorded, e.g. mother)")
    add_content_arg(p)
    p.set_defaults(func=cmd_leaflet)


def cmd_leaflet(args: argparse.Namespace) -> int:
    from fieldkit.handover.write import write_leaflet

    content = quiet_content(args)
    case, store = read_case_arg(args.case, content)
    try:
        write_leaflet(case, content, args.out, given_to=args.given_to)
        if store is not None:
            store.record_export(case.id, "leaflet", str(args.out.resolve()))
    finally:
        if store is not None:
            store.close()
    print(args.out)
    return 0
