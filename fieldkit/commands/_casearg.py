"""What the case-using commands share: quiet content loading and reading a CASE argument that
is either a case file or the id of a case kept in the store."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from fieldkit.commands._common import content_in_use
from fieldkit.content import load_content
from fieldkit.content.model import Content
from fieldkit.diagnostics import Diagnostic, FieldKitError, Report

if TYPE_CHECKING:
    from fieldkit.cases.model import Case
    from fieldkit.cases.store import CaseStore

CASE_ID = re.compile(r"^[0-9a-f]{8}$")


def quiet_content(args: argparse.Namespace) -> Content:
    """Content for building outputs: its problems are summed up in one line, not listed (that
    is `fieldkit content check`'s job), and never stop a handover."""
    content = load_content(content_in_use(args))
    errors = content.report.errors
    if errors:
        files = len({d.path for d in errors})
        print(f"warning: the content has {len(errors)} error(s) in {files} file(s); run "
              f"'fieldkit content check {content.root}' for details", file=sys.stderr)
    return content


def read_case_arg(arg: str, content: Content) -> tuple[Case, CaseStore | None]:
    """A case from a case file, or from the store by id (the store is returned, still open,
    so the caller can record the export and must close it)."""
    from fieldkit.cases.casefile import read_casefile
    from fieldkit.cases.store import CaseStore

    path = Path(arg)
    if CASE_ID.match(arg) and not os.path.lexists(arg):
        store = CaseStore.open()
        try:
            return store.load(arg), store
        except BaseException:
            store.close()
            raise
    if not os.path.lexists(arg):
        raise FieldKitError(Diagnostic(arg, 1, 1, "error", "missing-file",
                                       "case file not found (give a case file, or the id of a "
                                       "case from 'fieldkit case list')"))
    report = Report()
    case = read_casefile(path, content, report)  # says so if it is a folder or a device
    for d in report.sorted():
        print(d, file=sys.stderr)
    return case, None
