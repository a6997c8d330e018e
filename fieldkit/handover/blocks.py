"""The note laid out as an ordered list of blocks: the one text both the PDF and the plain
text render, so the two can never say different things.

`reading_text()` is the note's words in reading order, exactly as the PDF shows them; the
tests compare the PDF read back against it.
"""

from __future__ import annotations

from dataclasses import dataclass

from fieldkit.cases.times import parse_time, uk_text
from fieldkit.handover.model import DECIDED_MARK, MARKING, ExhibitNote, HandoverNote

BULLET = "•"


@dataclass(frozen=True)
class Block:
    kind: str  # title meta h1 about h2 p label bullet source table verbatim
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()  # table: header first; meta: (label, value) pairs
    widths: tuple[float, ...] = ()  # relative column widths of a table
    struck: tuple[int, ...] = ()  # rows (of a table, header 0) or 0 (the text) struck through


def when(value: str) -> str:
    return uk_text(parse_time(value)) if value else ""


def _join(*parts: str, sep: str = "\n") -> str:
    return sep.join(p for p in parts if p)


def _meta(*pairs: tuple[str, str]) -> Block:
    return Block("meta", rows=tuple((k, v) for k, v in pairs if v))


def note_blocks(note: HandoverNote) -> list[Block]:
    """The note in reading order: who and what first (summary, the officer's own account,
    exhibits, services given), then how FieldKit's guidance was followed, then provenance."""
    return [*_header(note), *_notes(note), *_exhibits(note.exhibits), *_signposts(note),
            *_guides(note), *_checklists(note), *_scripts(note), *_other_facts(note),
            *_about(note)]


def _header(note: HandoverNote) -> list[Block]:
    officer = _join(note.officer, f"({note.officer_number})" if note.officer_number else "",
                    sep=" ")
    return [Block("title", "Handover note"),
            _meta(("Case reference", note.reference or "not recorded"), ("Officer", officer),
                  ("Station", note.station), ("Case opened", when(note.opened)),
                  ("Location", note.location), ("FieldKit case id", note.case_id)),
            Block("h1", "Summary of outcomes"),
            *[Block("bullet", s) for s in note.summary]]


def _notes(note: HandoverNote) -> list[Block]:
    return [Block("h1", "Officer's notes"),
            Block("verbatim", note.notes) if note.notes.strip()
            else Block("p", "No notes recorded.")]


def _guides(note: HandoverNote) -> list[Block]:
    b: list[Block] = []
    for g in note.guides:
        b.append(Block("h1", f"Guide: {g.title}"))
        about = f"Guide id {g.id}"
        if g.version:
            about += f", version {g.version}"
        if g.walked_version and g.version and g.walked_version != g.version:
            about += (f" (the officer walked version {g.walked_version}; the route below is "
                      f"worked out again on version {g.version})")
        if g.status and g.status != "approved":
            about += f". Status: {g.status}"
        b.append(Block("about", about + "."))
        if g.problem:
            b.append(Block("p", g.problem))
            continue
        b.append(Block("h2", "Decision path"))
        if g.path:
            b.append(_table(("Question", "Answer", "Where it came from"),
                            [(a.question, a.answer,
                              _join(a.how, f"\u2605 {DECIDED_MARK}" if a.decided else ""))
                             for a in g.path], (0.52, 0.2, 0.28)))
        else:
            b.append(Block("p", "No facts were used on this route."))
        b.append(Block("h2", "Questions not asked"))
        if g.not_asked:
            b.append(_table(("Question", "Why it was not asked"),
                            [(n.question, n.why) for n in g.not_asked], (0.55, 0.45)))
        else:
            b.append(Block("p", "None: every question of this guide was asked."
                           if g.finished else "None passed over."))
        if g.finished:
            b.append(Block("h2", f"Outcome: {g.outcome_title} ({g.outcome_code})"))
            if g.why:
                b.append(Block("p", f"Why this outcome: {g.why}"))
            if g.outcome_say:
                b.append(Block("p", g.outcome_say))
            for label, lines in (("Do", g.do), ("Do not", g.dont)):
                if lines:
                    b.append(Block("label", label))
                    b += [Block("bullet", _cite(c.text, c.cite)) for c in lines]
            for label, items in (("Scripts suggested", g.suggested_scripts),
                                 ("Services suggested", g.suggested_signposts),
                                 ("Checklists suggested", g.suggested_checklists),
                                 ("Guides suggested next", g.next_guides)):
                if items:
                    b.append(Block("p", f"{label}: {', '.join(items)}."))
        else:
            b.append(Block("h2", "Not finished"))
            b.append(Block("p", f"The walk stopped at: {g.stopped_at}"))
        if g.sources:
            b.append(Block("label", "Sources"))
            b += [Block("source", f"[{s.id}] {s.text}") for s in g.sources]
    if note.opened_only:
        b.append(Block("p", "Guides opened but not used (nothing answered, no outcome taken): "
                       f"{', '.join(note.opened_only)}."))
    return b


def _checklists(note: HandoverNote) -> list[Block]:
    b = [Block("h1", "Checklists")]
    if not note.checklists:
        b.append(Block("p", "No checklists used."))
    for c in note.checklists:
        b.append(Block("h2", c.title))
        if c.ticked:
            b.append(Block("label", "Ticked"))
            b += [Block("bullet", t) for t in c.ticked]
        else:
            b.append(Block("p", "No items ticked."))
        if c.unticked:
            b.append(Block("label", "Not ticked"))
            b += [Block("bullet", t) for t in c.unticked]
    return b


def _signposts(note: HandoverNote) -> list[Block]:
    b = [Block("h1", "Signposting given")]
    if not note.signposts:
        b.append(Block("p", "No support services recorded as given."))
    for s in note.signposts:
        if s.withdrawn:  # kept, struck through, with why
            b.append(Block("h2", f"{s.name} (withdrawn)", struck=(0,)))
            b.append(_meta(("Given to", s.given_to or "not recorded"),
                           ("When", when(s.given_at)),
                           ("Withdrawn", _join(when(s.withdrawn_at), s.withdrawn, sep=": "))))
            continue
        b.append(Block("h2", s.name))
        b.append(_meta(("Given to", s.given_to or "not recorded"), ("When", when(s.given_at)),
                       ("What it does", s.what), ("Contact", "\n".join(s.contacts)),
                       ("Hours", s.hours), ("Caution", s.caution)))
    return b


def _scripts(note: HandoverNote) -> list[Block]:
    if not note.scripts:
        return []
    b = [Block("h1", "Scripts used")]
    for sc in note.scripts:
        b.append(Block("h2", sc.title))
        if sc.sections_used:
            b.append(Block("p", f"Sections used: {', '.join(sc.sections_used)}."))
        if sc.lines_copied:
            b.append(Block("label", "Lines copied"))
            b += [Block("bullet", t) for t in sc.lines_copied]
    return b


def _other_facts(note: HandoverNote) -> list[Block]:
    if not note.other_facts:
        return []
    return [Block("h1", "Other facts recorded"),
            _table(("Fact", "Value"), [(f.label, f.value) for f in note.other_facts],
                   (0.7, 0.3))]


def _about(note: HandoverNote) -> list[Block]:
    return [Block("h1", "About this note"),
            _meta(("FieldKit version", note.fieldkit_version), ("Content", note.content_title),
                  ("Content version", note.content_version),
                  ("Content digest (SHA-256)", note.content_digest),
                  ("Generated", when(note.generated)), ("Marking", MARKING)),
            Block("p", "Made by FieldKit from the case as the officer recorded it. No images "
                  "are held in FieldKit or in this note.")]


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]],
           widths: tuple[float, ...]) -> Block:
    return Block("table", rows=(header, *rows), widths=widths)


def _cite(text: str, cite: list[str]) -> str:
    return f"{text} [{', '.join(cite)}]" if cite else text


def _exhibits(exhibits: list[ExhibitNote]) -> list[Block]:
    b = [Block("h1", "Exhibits")]
    if not exhibits:
        return [*b, Block("p", "No exhibits logged.")]
    rows: list[tuple[str, ...]] = []
    struck: list[int] = []
    for e in exhibits:
        seized = _join(when(e.seized_at), f"by {e.seized_by}" if e.seized_by else "", sep=" ")
        if e.withdrawn:  # kept in the log, struck through, with why
            struck.append(len(rows) + 1)
        rows.append((
            _join(e.ref, f"WITHDRAWN {when(e.withdrawn_at)}: {e.withdrawn}"
                  if e.withdrawn else ""),
            _join(e.kind, e.make_model, e.description,
                  f"IMEI/serial: {e.serial}" if e.serial else ""),
            _join(f"Found: {e.found}" if e.found else "",
                  f"Seized: {seized}" if seized else "", f"Seal: {e.seal}" if e.seal else ""),
            _join(f"Power: {e.power}" if e.power else "",
                  f"Locked: {e.locked}" if e.locked else "",
                  f"Passcode offered: {e.passcode_given}" if e.passcode_given else ""),
            _join(*e.actions, f"Charger seized: {e.charger_seized}" if e.charger_seized else ""),
            e.notes,
        ))
    table = _table(("Ref", "Item", "Found and seized", "As found", "What was done", "Notes"),
                   rows, (0.075, 0.2, 0.22, 0.145, 0.19, 0.17))
    b.append(Block("table", rows=table.rows, widths=table.widths, struck=tuple(struck)))
    moves = [(e.ref, c) for e in exhibits for c in e.continuity]
    if moves:
        b.append(Block("h2", "Continuity"))
        b.append(_table(("Exhibit", "From", "To", "When", "Why"),
                        [(ref, c.from_, c.to, when(c.at), c.why) for ref, c in moves],
                        (0.1, 0.2, 0.2, 0.2, 0.3)))
    return b


def reading_text(blocks: list[Block]) -> str:
    """Every word of the note in the order the PDF shows it (one string per line)."""
    out: list[str] = []
    for block in blocks:
        if block.kind in ("table", "meta"):
            out += [cell for row in block.rows for cell in row]
        elif block.kind in ("bullet", "source"):
            out.append(f"{BULLET} {block.text}")
        else:
            out.append(block.text)
    return "\n".join(out)


def note_text(note: HandoverNote) -> str:
    """The note as plain text that pastes cleanly into a records system."""
    lines = [MARKING, ""]
    for block in note_blocks(note):
        k = block.kind
        if k == "title":
            lines += [block.text.upper(), "=" * len(block.text)]
        elif k == "h1":
            lines += ["", block.text.upper(), "=" * len(block.text)]
        elif k == "h2":
            lines += ["", block.text, "-" * len(block.text)]
        elif k == "label":
            lines.append(f"{block.text}:")
        elif k in ("bullet", "source"):
            lines.append("- " + block.text.replace("\n", "\n  "))
        elif k == "meta":
            for label, value in block.rows:
                lines.append(f"{label}: " + value.replace("\n", "; "))
        elif k == "table":
            header, *rows = block.rows
            for row in rows:
                lines.append("- " + row[0].replace("\n", "; "))
                lines += [f"  {h}: " + c.replace("\n", "; ")
                          for h, c in zip(header[1:], row[1:], strict=True) if c]
        else:
            lines.append(block.text)
    lines += ["", MARKING]
    return "\n".join(lines) + "\n"
