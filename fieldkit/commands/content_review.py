"""`fieldkit content review`: the sign-off list for a specialist (PDF, CSV or Markdown)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fieldkit.commands._common import add_content_arg, content_dir, err


def register(sub: argparse._SubParsersAction) -> None:
    import fieldkit.commands.content as content_cmd

    csub = content_cmd._content_parser  # type: ignore[attr-defined]
    r = csub.add_parser(
        "review", help="list what a specialist must check before approving content",
        description="Per guide, script, checklist, talk and signpost: status, owner, reviewed "
        "and review-due dates and any approval; every open point with its file and line, the "
        "source to check and what would settle it; every source with its title and URL; and, "
        "for guides, the scenarios that reach each outcome. Tick it off on paper (PDF) or in a "
        "spreadsheet (CSV).")
    add_content_arg(r, positional=True)
    r.add_argument("--out", metavar="FILE", type=Path, required=True,
                   help="where to write: FILE.pdf, FILE.csv or FILE.md")
    r.set_defaults(func=cmd_review)


def cmd_review(args: argparse.Namespace) -> int:
    from fieldkit.authoring.review import load_review
    from fieldkit.authoring.review_write import write_review

    out: Path = args.out
    if out.suffix.lower() not in (".pdf", ".csv", ".md"):
        return err(f"{out}: give a file name ending in .pdf, .csv or .md")
    root = content_dir(args)
    if not root.is_dir():
        return err(f"{root}: content folder not found")
    review = load_review(root)
    kind = write_review(review, out)
    drafts = sum(1 for i in review.items if i.status != "approved")
    print(f"wrote {out} ({kind}): {len(review.items)} items, {drafts} not approved, "
          f"{review.open_points} open points")
    if review.errors:
        print(f"note: the content has {review.errors} checker error(s); files with errors are "
              "left out: run fieldkit content check", file=sys.stderr)
    return 0
