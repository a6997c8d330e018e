"""The review report written as CSV (one row per thing to tick), Markdown or PDF.

The CSV is the one a specialist sorts and ticks in a spreadsheet: every row names its item and
says what it is (`item`, `open-point`, `citation`, `outcome`), with a blank `done` column.
"""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from fieldkit.content.review import Item, Review

CSV_COLUMNS = ("kind", "item", "title", "status", "owner", "version", "reviewed", "review_due",
               "approved_by", "approved_on", "row", "id", "text", "location", "source", "url",
               "check", "settle", "done")


def _d(value: date | None) -> str:
    return value.isoformat() if value else ""


def _status(item: Item) -> str:
    if item.status == "approved" and item.approved_by:
        return f"approved by {item.approved_by} on {_d(item.approved_on)}"
    return item.status


def _sources(row_sources: list) -> tuple[str, str]:
    return ("; ".join(s.title for s in row_sources), "; ".join(s.url for s in row_sources if s.url))


def review_csv(review: Review) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for it in review.items:
        head = [it.kind, it.id, it.title, it.status, it.owner, it.version, _d(it.reviewed),
                _d(it.review_due), it.approved_by, _d(it.approved_on)]
        w.writerow([*head, "item", it.id, f"{len(it.points)} open point(s)", it.path, "", "",
                    "", "", ""])
        for p in it.points:
            title, url = _sources(p.sources)
            w.writerow([*head, "open-point", p.id, p.claim, p.where, title, url, p.check,
                        p.settle, ""])
        for c in it.citations:
            s = c.source
            w.writerow([*head, "citation", s.id, f"cited {c.uses} time(s)"
                        + (f"; {s.note}" if s.note else ""), it.path,
                        ", ".join(x for x in (s.title, s.publisher, str(s.year or "")) if x),
                        s.url, "", "", ""])
        for o in it.outcomes:
            names = "; ".join(f"{n} ({where})" for n, where in o.scenarios) or "NO SCENARIO"
            w.writerow([*head, "outcome", o.step, f"{o.code}: {o.title}", it.path, names, "",
                        "", "", ""])
    return out.getvalue()


def _md_cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def review_markdown(review: Review) -> str:
    lines = [f"# Content review: {review.title} {review.version}", "",
             f"Folder `{review.root}`, made {_d(review.made)}. {len(review.items)} items, "
             f"{review.open_points} open points"
             + (f", {review.errors} checker errors (run `fieldkit content check`)"
                if review.errors else "") + ".", ""]
    for it in review.items:
        lines += [f"## {it.kind}: {it.title} (`{it.id}`)", "",
                  f"- File: `{it.path}`, version {it.version}",
                  f"- Status: **{_status(it)}**; owner: {it.owner or 'not given'}",
                  f"- Reviewed: {_d(it.reviewed) or 'not given'}; review due: "
                  f"{_d(it.review_due) or 'not given'}", ""]
        if it.points:
            lines += [f"### Open points ({len(it.points)})", "",
                      "| Done | Point | Claim | Affects | Where | Source to check | Look at | "
                      "Settled when |", "|---|---|---|---|---|---|---|---|"]
            for p in it.points:
                title, url = _sources(p.sources)
                src = f"{title}" + (f" <{url}>" if url else "")
                lines.append("| [ ] | " + " | ".join(_md_cell(x) for x in (
                    p.id, p.claim, ", ".join(p.affects), f"`{p.where}`", src, p.check,
                    p.settle)) + " |")
            lines.append("")
        if it.outcomes:
            lines += ["### Scenarios covering each outcome", "",
                      "| Outcome step | Code | Scenarios |", "|---|---|---|"]
            for o in it.outcomes:
                names = "; ".join(f"{n} (`{w}`)" for n, w in o.scenarios) or "**none**"
                lines.append(f"| {o.step} | {o.code} | {_md_cell(names)} |")
            lines.append("")
        if it.citations:
            lines += ["### Citations", "", "| Source | Title | URL | Lines citing it |",
                      "|---|---|---|---|"]
            for c in it.citations:
                s = c.source
                title = ", ".join(x for x in (s.title, s.publisher, str(s.year or "")) if x)
                lines.append(f"| {s.id} | {_md_cell(title)} | {s.url or 'none given'} | "
                             f"{c.uses} |")
            lines.append("")
    return "\n".join(lines) + "\n"


def review_pdf(review: Review) -> bytes:
    """An A4 PDF laid out like the Markdown: a page a specialist can tick off with a pen."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from fieldkit.handover.fonts import SANS, SANS_BOLD, register_fonts

    register_fonts()
    body = ParagraphStyle("b", fontName=SANS, fontSize=8, leading=10)
    h1 = ParagraphStyle("h1", fontName=SANS_BOLD, fontSize=15, leading=19, spaceAfter=6)
    h2 = ParagraphStyle("h2", fontName=SANS_BOLD, fontSize=11, leading=14, spaceBefore=10,
                        spaceAfter=4)
    h3 = ParagraphStyle("h3", fontName=SANS_BOLD, fontSize=9, leading=12, spaceBefore=4,
                        spaceAfter=2)

    def p(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(text), style)

    def table(rows: list[list[str]], widths: list[float]) -> Table:
        t = Table([[p(c) for c in r] for r in rows], colWidths=widths, repeatRows=1)
        t.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        return t

    story: list = [p(f"Content review: {review.title} {review.version}", h1),
                   p(f"Folder {review.root}, made {_d(review.made)}. {len(review.items)} items, "
                     f"{review.open_points} open points.")]
    for it in review.items:
        story += [p(f"{it.kind}: {it.title} ({it.id})", h2),
                  p(f"File {it.path}, version {it.version}. Status: {_status(it)}. Owner: "
                    f"{it.owner or 'not given'}. Reviewed {_d(it.reviewed) or 'not given'}; "
                    f"review due {_d(it.review_due) or 'not given'}.")]
        if it.points:
            rows = [["Done", "Point and claim", "Affects", "Where", "Source to check",
                     "Settled when"]]
            for pt in it.points:
                title, url = _sources(pt.sources)
                rows.append(["[ ]", f"{pt.id}: {pt.claim}", ", ".join(pt.affects), pt.where,
                             f"{title} {url}".strip() + (f". Look at: {pt.check}"
                                                          if pt.check else ""), pt.settle])
            story += [p(f"Open points ({len(it.points)})", h3),
                      table(rows, [13 * mm, 74 * mm, 35 * mm, 40 * mm, 70 * mm, 45 * mm])]
        if it.outcomes:
            rows = [["Outcome step", "Code", "Scenarios"]]
            rows += [[o.step, o.code, "; ".join(f"{n} ({w})" for n, w in o.scenarios)
                      or "NONE"] for o in it.outcomes]
            story += [p("Scenarios covering each outcome", h3),
                      table(rows, [45 * mm, 50 * mm, 182 * mm])]
        if it.citations:
            rows = [["Source", "Title", "URL", "Lines"]]
            rows += [[c.source.id, ", ".join(x for x in (c.source.title, c.source.publisher,
                                                         str(c.source.year or "")) if x),
                      c.source.url or "none given", str(c.uses)] for c in it.citations]
            story += [p("Citations", h3), table(rows, [40 * mm, 120 * mm, 105 * mm, 12 * mm])]
        story.append(Spacer(1, 4 * mm))
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=landscape(A4), leftMargin=10 * mm,
                            rightMargin=10 * mm, topMargin=10 * mm, bottomMargin=10 * mm,
                            title=f"Content review {review.version}", invariant=1)
    def footer(canvas, doc_) -> None:  # type: ignore[no-untyped-def]
        canvas.setFont(SANS, 7)
        canvas.drawString(10 * mm, 5 * mm, f"FieldKit content review, {review.title} "
                          f"{review.version}, made {_d(review.made)}: page {doc_.page}")

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buf.getvalue()


def write_review(review: Review, out: Path) -> str:
    """Write the report in the format its file name asks for; return the format's name."""
    suffix = out.suffix.lower()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    if suffix == ".csv":
        tmp.write_text(review_csv(review), encoding="utf-8", newline="")
    elif suffix == ".md":
        tmp.write_text(review_markdown(review), encoding="utf-8")
    elif suffix == ".pdf":
        tmp.write_bytes(review_pdf(review))
    else:
        raise ValueError(f"{out}: give a file name ending in .pdf, .csv or .md")
    tmp.replace(out)
    return suffix[1:]
