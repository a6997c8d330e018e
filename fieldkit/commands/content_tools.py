"""`fieldkit content graph|diff|schema`: tools for the specialists who keep the guidance right.

Adds actions to the `content` command that `content.py` registers (this module is registered
after it, so its sub-parsers exist by then).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fieldkit.commands._common import add_content_arg, content_dir, err
from fieldkit.content.schema import did_you_mean

DIFF_EPILOG = """exit codes:
  0  no outcome changes: every combination of decision facts and every scenario reaches the
     same outcome in both folders (wording may still have changed: read the report)
  1  some outcome changes (or a guide was added or removed): a reviewer must sign them off
  2  the folders could not be compared (a folder is missing)
"""


def register(sub: argparse._SubParsersAction) -> None:
    import fieldkit.commands.content as content_cmd

    csub = content_cmd._content_parser  # type: ignore[attr-defined]

    g = csub.add_parser(
        "graph", help="draw a guide as a tree diagram (SVG or PDF)",
        description="Draw every step and branch of a guide, with its conditions. Outcomes are "
        "coloured by code; unreachable steps and dead ends are marked. Guides with checker "
        "errors are drawn too, so you can see what to fix.")
    g.add_argument("guide", help="guide id, e.g. youth-imagery")
    g.add_argument("--out", metavar="FILE", type=Path, required=True,
                   help="where to write: FILE.svg, FILE.pdf, or FILE.json (the layout as data)")
    add_content_arg(g)
    g.set_defaults(func=cmd_graph)

    d = csub.add_parser(
        "diff", help="what changed between two content folders, and which outcomes",
        description="List, per guide, the steps added, removed and reworded and the branches "
        "changed; then walk every scenario and every combination of each guide's decision "
        "facts in both folders and list the fact combinations that now reach a different "
        "outcome.", epilog=DIFF_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    d.add_argument("old", metavar="OLD_DIR", type=Path, help="the content folder before")
    d.add_argument("new", metavar="NEW_DIR", type=Path, help="the content folder after")
    d.add_argument("--max-routes", type=int, default=None, metavar="N",
                   help="stop checking a guide after N distinct routes (default 50000)")
    d.add_argument("--all", action="store_true", help="also list unchanged guides")
    d.set_defaults(func=cmd_diff)

    s = csub.add_parser(
        "schema", help="publish the content format as JSON Schema for editors",
        description="Write the content format as JSON Schema (draft 2020-12), generated from "
        "the checker's own specs. With no --kind, one combined schema that picks the file "
        "kind by its id key; --dir writes one file per kind plus the combined one.")
    from fieldkit.authoring.schema import KINDS

    s.add_argument("--kind", choices=list(KINDS), help="one file kind only")
    s.add_argument("--out", metavar="FILE", type=Path, help="write to FILE (default: print)")
    s.add_argument("--dir", metavar="DIR", type=Path,
                   help="write KIND.schema.json for every kind, and fieldkit-content.schema.json")
    s.set_defaults(func=cmd_schema)


def cmd_graph(args: argparse.Namespace) -> int:
    from fieldkit.authoring.graph import guide_layout
    from fieldkit.authoring.loading import load_for_authoring

    out: Path = args.out
    suffix = out.suffix.lower()
    if suffix not in (".svg", ".pdf", ".json"):
        return err(f"{out}: give a file name ending in .svg, .pdf or .json")
    view = load_for_authoring(content_dir(args))
    guide = view.guides.get(args.guide)
    if guide is None:
        for d in view.content.report.errors:
            if d.path.endswith(f"{args.guide}.yaml"):
                print(d, file=sys.stderr)
        return err(f"no guide '{args.guide}'{did_you_mean(args.guide, view.guides)} "
                   f"(guides: {', '.join(sorted(view.guides)) or 'none could be read'})")
    layout = guide_layout(guide)
    out.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".svg":
        from fieldkit.authoring.render_svg import layout_svg

        out.write_text(layout_svg(layout), encoding="utf-8")
    elif suffix == ".pdf":
        from fieldkit.authoring.render_pdf import write_layout_pdf

        write_layout_pdf(layout, out)
    else:
        import json

        out.write_text(json.dumps(layout.as_dict(), indent=1), encoding="utf-8")
    real = [b for b in layout.boxes if b.kind != "missing"]
    print(f"wrote {out}: {len(real)} steps, {len(layout.arrows)} arrows")
    if view.refused(guide.id):
        print(f"note: '{guide.id}' has checker errors (run fieldkit content check); it is "
              "drawn so you can fix it", file=sys.stderr)
    for p in layout.problems:
        print(f"marked: {p}", file=sys.stderr)
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from fieldkit.authoring.diff import DEFAULT_LIMIT, diff_content
    from fieldkit.authoring.diff_report import diff_report

    for d in (args.old, args.new):
        if not d.is_dir():
            print(f"{d}: not a content folder", file=sys.stderr)
            return 2
    result = diff_content(args.old, args.new, args.max_routes or DEFAULT_LIMIT)
    sys.stdout.write(diff_report(result, show_same=args.all))
    return 1 if result.outcomes_changed else 0


def cmd_schema(args: argparse.Namespace) -> int:
    import json

    from fieldkit.authoring.schema import KINDS, combined_schema, schema_for

    def dump(obj: object) -> str:
        return json.dumps(obj, indent=2) + "\n"

    if args.dir:
        args.dir.mkdir(parents=True, exist_ok=True)
        for kind in KINDS:
            (args.dir / f"{kind}.schema.json").write_text(dump(schema_for(kind)), "utf-8")
        (args.dir / "fieldkit-content.schema.json").write_text(dump(combined_schema()), "utf-8")
        print(f"wrote {len(KINDS) + 1} schemas to {args.dir}")
        return 0
    text = dump(schema_for(args.kind) if args.kind else combined_schema())
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, "utf-8")
        print(f"wrote {args.out}")
    else:
        sys.stdout.write(text)
    return 0
