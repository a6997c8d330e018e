"""What the export commands (handover, labels, leaflet) share: the --out/--force options and
one way to run an export, print what was written and say when it could not be recorded."""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fieldkit.commands._casearg import quiet_content, read_case_arg
from fieldkit.commands._common import add_content_arg


def add_export_args(p: argparse.ArgumentParser, out_help: str, metavar: str) -> None:
    p.add_argument("case", metavar="CASE", help="a case file (CASE.yaml) or a saved case's id")
    p.add_argument("--out", type=Path, required=True, metavar=metavar, help=out_help)
    p.add_argument("--force", action="store_true",
                   help="replace files at --out even if FieldKit did not write them")
    add_content_arg(p)


def run_export(args: argparse.Namespace, export: Callable[..., Any], **options: Any) -> int:
    """Read the case, run `export(case, content, out, record=..., force=..., **options)`,
    print each file written; exit 1 if the files were written but not recorded."""
    from fieldkit.handover.export import recorder

    content = quiet_content(args)
    case, store = read_case_arg(args.case, content)
    try:
        record = (recorder(functools.partial(store.record_export, case.id))
                  if store is not None else None)
        done = export(case, content, args.out, record=record, force=args.force, **options)
    finally:
        if store is not None:
            store.close()
    for f in done.files:
        path = done.folder / f.name
        print(f"{path}  for {f.given_to}" if f.given_to else path)
    if done.record_problem:
        print(f"error: {done.record_problem}", file=sys.stderr)
        return 1
    return 0
