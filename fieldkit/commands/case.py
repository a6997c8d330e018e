"""`fieldkit case list|import|export|verify|delete|purge`: the cases kept on this computer.

`case list` also applies the retention rule (fieldkit.cases.retention): cases whose handover
was exported longer ago than the retention period are deleted, and the dates of the next
deletions are shown. `case purge --older-than DAYS` does the same by hand.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fieldkit.commands._casearg import quiet_content
from fieldkit.commands._common import add_content_arg
from fieldkit.diagnostics import FieldKitError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("case", help="list, import, export, verify, delete or purge saved cases")
    csub = p.add_subparsers(dest="case_command", metavar="ACTION")
    ls = csub.add_parser("list", help="the cases kept on this computer")
    ls.set_defaults(func=cmd_list)
    imp = csub.add_parser("import", help="save a case file as a new case")
    imp.add_argument("file", type=Path, metavar="CASE.yaml")
    add_content_arg(imp)
    imp.set_defaults(func=cmd_import)
    exp = csub.add_parser("export", help="write a saved case to a case file")
    exp.add_argument("case_id", metavar="ID")
    exp.add_argument("--out", type=Path, required=True, metavar="FILE.yaml")
    exp.set_defaults(func=cmd_export)
    ver = csub.add_parser("verify", help="check that a case's audit log is intact")
    ver.add_argument("case_id", metavar="ID")
    ver.set_defaults(func=cmd_verify)
    rm = csub.add_parser("delete", help="delete a case and its audit log from this computer")
    rm.add_argument("case_id", metavar="ID")
    rm.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    rm.set_defaults(func=cmd_delete)
    pg = csub.add_parser("purge", help="delete cases whose handover was exported more than "
                         "DAYS days ago, with their audit logs")
    pg.add_argument("--older-than", type=int, required=True, metavar="DAYS",
                    help="days since the case's latest handover export")
    pg.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    pg.set_defaults(func=cmd_purge)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def cmd_list(args: argparse.Namespace) -> int:
    from fieldkit.cases import retention
    from fieldkit.cases.store import CaseStore
    from fieldkit.cases.times import iso, utcnow
    from fieldkit.settings import data_dir, settings_path
    from fieldkit.textrule import printable

    days = retention.configured_days(settings_path())
    store, writable = CaseStore.open_for_reading()
    with store:
        purged = retention.purge_due(store, utcnow(), days) if writable else []
        cases = store.list_cases()
        coming = retention.scheduled(store, days)
    if not writable:
        print(f"note: the data folder {data_dir()} cannot be written; cases are shown, and "
              "none due for deletion was deleted", file=sys.stderr)
    for s in purged:
        print(f"deleted case {s.case_id} ({s.reference}): its handover was exported more than "
              f"{days} days ago")
    if not cases:
        print("no cases saved")
        return 0
    print(f"{'ID':<9} {'OPENED (UTC)':<21} {'EXHIBITS':>8}  {'LAST ACTION (UTC)':<24} "
          "REFERENCE / OFFICER")
    for c in cases:
        print(f"{c.id:<9} {iso(c.opened)[:19]:<21} {c.exhibits:>8}  {c.last_action:<24} "
              f"{printable(c.reference)} / {printable(c.officer)}")
    if coming:
        print()
        for line in retention.warnings(coming):
            print(f"{line} ({days} days after the handover was exported)")
        for s in coming:
            print(f"  {s.case_id}  {printable(s.reference)}: deleted on "
                  f"{retention.day(s.delete_on)}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from fieldkit.cases.casefile import file_sha256, read_casefile
    from fieldkit.cases.store import CaseStore
    from fieldkit.diagnostics import Report
    from fieldkit.textrule import printable

    content = quiet_content(args)
    report = Report()
    case = read_casefile(args.file, content, report)  # raises before anything is saved
    for d in report.sorted():
        print(d, file=sys.stderr)
    with CaseStore.open() as store:
        case_id = store.import_case(case, str(args.file), file_sha256(args.file))
    print(f"imported case {case_id}: {printable(case.reference)}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from fieldkit.cases.casefile import write_casefile
    from fieldkit.cases.store import CaseStore

    with CaseStore.open() as store:
        case = store.load(args.case_id)
        from fieldkit.handover.export import plain_reason

        digest = write_casefile(case, args.out)
        print(f"wrote {args.out}")
        where = args.out.resolve()
        try:  # the export audit convention: the folder, then each file and its hash
            store.record_export(args.case_id, "case-file", str(where.parent),
                                files=[{"name": where.name, "sha256": digest}])
        except FieldKitError as exc:
            print(f"error: {args.out} was written, but the export could not be recorded on "
                  "the case, so its audit log does not show it. Reason: "
                  f"{plain_reason(exc)}. Note the export in your records.", file=sys.stderr)
            return 1
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from fieldkit.cases.store import CaseStore

    store, _ = CaseStore.open_for_reading()
    with store:
        result = store.verify(args.case_id)
    print(result.message(), file=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else 1


def cmd_delete(args: argparse.Namespace) -> int:
    from fieldkit.cases.store import CaseStore

    with CaseStore.open() as store:
        case = store.load(args.case_id)
        if not args.yes and not _confirm_delete(
                f"case {args.case_id} ({case.reference}) and its audit log"):
            return 1
        store.delete(args.case_id)
    print(f"deleted case {args.case_id}")
    return 0


def _confirm_delete(what: str) -> bool:
    """Ask before deleting (`--yes` skips this): only a typed "yes" deletes."""
    print(f"Delete {what}? This cannot be undone. Type yes to delete: ", end="", flush=True)
    if sys.stdin.readline().strip().lower() != "yes":
        print("not deleted")
        return False
    return True


def cmd_purge(args: argparse.Namespace) -> int:
    from fieldkit.cases import retention
    from fieldkit.cases.store import CaseStore
    from fieldkit.cases.times import utcnow

    if args.older_than < 0:
        print("--older-than takes a number of days, 0 or more", file=sys.stderr)
        return 2
    with CaseStore.open() as store:
        cases = retention.due(store, utcnow(), args.older_than)
        if not cases:
            print(f"no case had its handover exported more than {args.older_than} days ago")
            return 0
        for s in cases:
            print(f"  {s.case_id}  {s.reference}: handover exported "
                  f"{retention.day(s.exported)}")
        if not args.yes and not _confirm_delete(
                f"these {len(cases)} case(s) and their audit logs"):
            return 1
        retention.purge(store, cases)
    print(f"deleted {len(cases)} case(s)")
    return 0
