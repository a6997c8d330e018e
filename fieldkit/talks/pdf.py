"""The talk pack PDF: speaker notes, a one-page audience handout and a signposting card.

reportlab is imported inside the functions so that loading FieldKit (and `fieldkit content
check`) never pays for it. Every piece of text comes from the talk plan (published content and
signposts), is escaped for reportlab's paragraph markup, and is set in DejaVu Sans so any
character a specialist types prints. No case data is ever passed in, so none can appear.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from fieldkit.content.contacts import contact_label
from fieldkit.content.model import Line, Question, Signpost, Source, Talk
from fieldkit.pdf.fonts import SANS, SANS_BOLD, register_fonts
from fieldkit.pdf.style import inline as _t
from fieldkit.talks.plan import TalkError, TalkPlan, clock, is_local

NAVY = "#1f3a5f"
INK = "#1d1d1f"
GREY = "#5f6368"
PALE = "#eef3f8"
AMBER_BG = "#fff4e0"
AMBER = "#b86200"
RULE = "#c5d0dc"

FOR_LABELS = {"child": "children", "parent": "parents and carers", "professional":
              "professionals", "own-thoughts": "people worried about their own thoughts",
              "adult": "adults"}


def audience_label(talk: Talk) -> str:
    """Who the talk is for, in words a school office would print."""
    if talk.audience == "pupils":
        if talk.age_min is not None and talk.age_max is not None:
            return f"Pupils aged {talk.age_min} to {talk.age_max}"
        return "Pupils"
    return {"parents": "Parents and carers", "staff": "School staff"}.get(
        talk.audience, talk.audience.capitalize())


def _styles() -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("base", fontName=SANS, fontSize=9.5, leading=12.8,
                          textColor=colors.HexColor(INK), spaceAfter=2)
    s: dict[str, Any] = {"base": base}
    s["title"] = ParagraphStyle("title", base, fontName=SANS_BOLD, fontSize=17, leading=21,
                                textColor=colors.HexColor(NAVY), spaceAfter=3)
    s["subtitle"] = ParagraphStyle("subtitle", base, fontSize=10.5, leading=14,
                                   textColor=colors.HexColor(GREY), spaceAfter=8)
    s["h2"] = ParagraphStyle("h2", base, fontName=SANS_BOLD, fontSize=12, leading=15,
                             textColor=colors.HexColor(NAVY), spaceBefore=10, spaceAfter=4)
    s["h3"] = ParagraphStyle("h3", base, fontName=SANS_BOLD, fontSize=10, leading=13,
                             textColor=colors.HexColor(NAVY), spaceBefore=5, spaceAfter=2)
    s["bullet"] = ParagraphStyle("bullet", base, leftIndent=12, bulletIndent=2)
    s["small"] = ParagraphStyle("small", base, fontSize=8, leading=10.5,
                                textColor=colors.HexColor(GREY))
    s["source"] = ParagraphStyle("source", s["small"], leftIndent=20, bulletIndent=0,
                                 spaceAfter=1.5)
    s["cell"] = ParagraphStyle("cell", base, spaceAfter=0)
    s["cellbold"] = ParagraphStyle("cellbold", s["cell"], fontName=SANS_BOLD)
    s["q"] = ParagraphStyle("q", base, fontName=SANS_BOLD, spaceBefore=3, spaceAfter=1)
    s["a"] = ParagraphStyle("a", base, leftIndent=12)
    return s


def _handout_styles(s: dict[str, Any], scale: float = 1.0) -> dict[str, Any]:
    """Handout styles: larger and friendlier than the notes, scaled down only to fit a page."""
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    def size(n: float) -> float:
        return round(n * scale, 2)

    h = dict(s)
    h["ho_title"] = ParagraphStyle("ho_title", s["title"], fontSize=size(19), leading=size(23),
                                   spaceAfter=size(4))
    h["ho_h2"] = ParagraphStyle("ho_h2", s["h2"], fontSize=size(13.5), leading=size(17),
                                spaceBefore=size(12), spaceAfter=size(4))
    h["ho_h2_first"] = ParagraphStyle("ho_h2_first", h["ho_h2"], spaceBefore=0)
    h["ho_text"] = ParagraphStyle("ho_text", s["base"], fontSize=size(11), leading=size(15),
                                  spaceAfter=size(3))
    h["ho_bullet"] = ParagraphStyle("ho_bullet", h["ho_text"], leftIndent=size(14),
                                    bulletIndent=2)
    h["ho_key"] = ParagraphStyle("ho_key", h["ho_text"], fontSize=size(11.5),
                                 leading=size(15.5), leftIndent=size(16), bulletIndent=2,
                                 spaceAfter=size(4), bulletColor=colors.HexColor(NAVY),
                                 bulletFontName=SANS_BOLD)
    return h


class _Cites:
    """Numbers sources in the order the notes first cite them, for a compact [n] marker."""

    def __init__(self, sources: dict[str, Source]) -> None:
        self.sources = sources
        self.order: list[str] = []

    def mark(self, cite: Iterable[str]) -> str:
        nums: list[int] = []
        for key in cite:
            if key not in self.sources:
                continue
            if key not in self.order:
                self.order.append(key)
            nums.append(self.order.index(key) + 1)
        if not nums:
            return ""
        return f' <font size="7" color="{GREY}">[{", ".join(map(str, sorted(set(nums))))}]</font>'


def _boxed(flowables: list[Any], width: float, bg: str, border: str | None = None,
           pad: float = 6) -> Any:
    """Flowables in a shaded box, so the eye finds the safeguarding note and scenarios fast.

    One row per flowable, so a long box can run on to the next page instead of leaving a gap.
    """
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    table = Table([[f] for f in flowables], colWidths=[width])
    last = len(flowables) - 1
    style: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(bg)),
        ("LEFTPADDING", (0, 0), (-1, -1), pad + 2), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("TOPPADDING", (0, 0), (-1, 0), pad), ("BOTTOMPADDING", (0, last), (-1, last), pad),
    ]
    if border:
        style.append(("LINEBEFORE", (0, 0), (0, -1), 3, colors.HexColor(border)))
    table.setStyle(TableStyle(style))
    return table


def _bullets(lines: Sequence[Line], style: Any, cites: _Cites | None = None,
             bullet: str = "•") -> list[Any]:
    from reportlab.platypus import Paragraph

    return [Paragraph(_t(line.text) + (cites.mark(line.cite) if cites else ""), style,
                      bulletText=bullet) for line in lines]


def _questions(questions: Sequence[Question], s: dict[str, Any], cites: _Cites) -> list[Any]:
    from reportlab.platypus import KeepTogether, Paragraph

    out: list[Any] = []
    for q in questions:
        out.append(KeepTogether([
            Paragraph("Q: " + _t(q.ask), s["q"]),
            Paragraph(_t(q.answer) + cites.mark(q.cite), s["a"]),
        ]))
    return out


def _who_for(sp: Signpost) -> str:
    who = ", ".join(FOR_LABELS.get(f, f) for f in sp.for_)
    if sp.age_min is not None and sp.age_max is not None:
        who += f"; ages {sp.age_min} to {sp.age_max}"
    elif sp.age_min is not None:
        who += f"; ages {sp.age_min} and over"
    elif sp.age_max is not None:
        who += f"; up to age {sp.age_max}"
    return who


# --- the three parts -------------------------------------------------------------------------


def _speaker_notes(plan: TalkPlan, s: dict[str, Any], width: float) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, Paragraph, Spacer, Table, TableStyle

    talk = plan.talk
    cites = _Cites(talk.header.sources)
    story: list[Any] = [
        Paragraph(_t(talk.header.title), s["title"]),
        Paragraph(f"Speaker notes · {_t(audience_label(talk))} · {plan.minutes}-minute talk · "
                  f"version {_t(talk.header.version)}", s["subtitle"]),
    ]
    if plan.is_draft:
        story.append(_boxed([
            Paragraph(f'<font color="{AMBER}"><b>Draft: not yet confirmed by a specialist.</b>'
                      "</font> Parts of this talk rest on points that are unconfirmed or missing "
                      "from national guidance. They are marked in the text. Open points:",
                      s["cell"]),
            Paragraph(_t(talk.header.summary), s["small"]),
        ], width, AMBER_BG, AMBER))
        story.append(Spacer(1, 6))
    story += [Paragraph("Aim", s["h3"]), Paragraph(_t(talk.aim), s["base"])]

    # Running order with a clock, so the speaker can pace against a watch.
    rows: list[list[Any]] = [[Paragraph("<b>Clock</b>", s["cell"]),
                              Paragraph("<b>Section</b>", s["cell"]),
                              Paragraph("<b>Min</b>", s["cell"])]]
    for slot in plan.timeline():
        rows.append([Paragraph(f"{clock(slot.start)}–{clock(slot.end)}", s["cell"]),
                     Paragraph(_t(slot.section.title), s["cell"]),
                     Paragraph(str(slot.minutes), s["cell"])])
    rows.append([Paragraph("", s["cell"]), Paragraph(f"<b>{_t(plan.timing_text())}</b>",
                                                     s["cell"]), Paragraph("", s["cell"])])
    table = Table(rows, colWidths=[24 * mm, width - 38 * mm, 14 * mm], repeatRows=1)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(PALE)),
        ("LINEBELOW", (0, 0), (-1, -2), 0.4, colors.HexColor(RULE)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]))
    story += [Paragraph("Running order", s["h2"]), table]
    if not plan.fits:
        story.append(Paragraph(f'<font color="{AMBER}"><b>This plan runs {-plan.spare} minutes '
                               "over.</b></font>", s["base"]))

    story += [Paragraph("Key messages", s["h2"])]
    story += _bullets(talk.key_messages, s["bullet"], cites)

    story.append(Spacer(1, 6))
    story.append(_boxed(
        [Paragraph("If someone tells you something", s["h3"]),
         *_bullets(talk.safeguarding, s["bullet"], cites)],
        width, PALE, NAVY))

    for slot in plan.timeline():
        sec = slot.section
        story.append(CondPageBreak(90))
        story.append(Paragraph(
            f'<font color="{GREY}">{clock(slot.start)}–{clock(slot.end)}</font>  '
            f"{_t(sec.title)}  <font size=\"9\" color=\"{GREY}\">({sec.minutes} min)</font>",
            s["h2"]))
        if sec.say:
            story += _bullets(sec.say, s["bullet"], cites)
        if sec.scenario_text:
            inner: list[Any] = [Paragraph("Scenario for discussion", s["h3"]),
                                Paragraph(_t(sec.scenario_text), s["cell"])]
            if sec.scenario_questions:
                inner.append(Paragraph("<b>Ask the room</b>", s["cell"]))
                inner += [Paragraph(_t(q), s["bullet"], bulletText=f"{i}.")
                          for i, q in enumerate(sec.scenario_questions, 1)]
            story += [Spacer(1, 4), _boxed(inner, width, PALE)]
        if sec.questions:
            story.append(Paragraph("Likely questions", s["h3"]))
            story += _questions(sec.questions, s, cites)

    extra = plan.extra_questions()
    if extra:
        story += [CondPageBreak(80), Paragraph("Other questions you may be asked", s["h2"]),
                  Paragraph("From sections left out of this session.", s["small"])]
        story += _questions(extra, s, cites)

    missing = plan.missing_signposts()
    if missing:
        story.append(Paragraph(
            f'<font color="{AMBER}">Services named by this talk but not in the loaded content '
            f"(left off the card): {_t(', '.join(missing))}.</font>", s["small"]))

    story += [CondPageBreak(60), Paragraph("Sources", s["h2"])]
    for n, key in enumerate(cites.order, 1):
        src = talk.header.sources[key]
        bits = [src.title, src.publisher, str(src.year) if src.year else "", src.url, src.note]
        story.append(Paragraph(_t(". ".join(b.rstrip(".") for b in bits if b)) + ".",
                               s["source"], bulletText=f"[{n}]"))
    return story


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    for end in (". ", "! ", "? "):
        if end in text:
            return text[: text.index(end) + 1]
    return text


def _handout_contact(sp: Signpost) -> str:
    """The one or two ways in an audience needs: a number first, then a web address."""
    usable = [c for c in sp.contact if c.value.strip() != "999"]  # the handout ends with 999
    ordered = sorted(usable, key=lambda c: {"phone": 0, "web": 1, "text": 2}.get(c.kind, 3))
    picked: dict[str, str] = {}
    for c in ordered:  # the first of each kind: a UK number before one from abroad
        picked.setdefault(c.kind, c.value)
    return " · ".join(list(picked.values())[:2])


def _repeats(text: str, others: Iterable[str]) -> bool:
    """True when a handout line says nearly what a key message already says."""
    from difflib import SequenceMatcher

    low = text.lower()
    return any(SequenceMatcher(None, low, o.lower()).ratio() >= 0.7 for o in others)


def _handout_body(plan: TalkPlan, s: dict[str, Any], width: float) -> list[Any]:
    from reportlab.platypus import Paragraph

    talk = plan.talk
    body: list[Any] = [
        Paragraph(_t(talk.header.title), s["ho_title"]),
        Paragraph(_t(audience_label(talk)), s["subtitle"]),
        _boxed([Paragraph("Remember", s["ho_h2_first"]),
                *_bullets(talk.key_messages, s["ho_key"], bullet="✓")],
               width, PALE, NAVY, pad=8),
    ]
    keys = [m.text for m in talk.key_messages]
    lines = [line for line in plan.handout_lines() if not _repeats(line.text, keys)]
    if lines:
        body += [Paragraph("Good to know", s["ho_h2"]), *_bullets(lines, s["ho_bullet"])]
    services = plan.signposts()
    if services:
        body += [Paragraph("Where to get help", s["ho_h2"])]
        for sp in services:
            text = f"<b>{_t(sp.name)}</b>: {_t(_first_sentence(sp.what))}"
            contact = _handout_contact(sp)
            if contact:
                text += f" <b>{_t(contact)}</b>"
            body.append(Paragraph(text, s["ho_bullet"], bulletText="•"))
        body.append(Paragraph("<b>In an emergency, call 999.</b>", s["ho_bullet"],
                              bulletText="•"))
    return body


def _handout(plan: TalkPlan, s: dict[str, Any], width: float, height: float) -> list[Any]:
    """One page, always: step the type down until it fits, rather than spill onto a second
    sheet; KeepInFrame is only a last resort for very long local content."""
    from reportlab.platypus import KeepInFrame

    body: list[Any] = []
    for scale in (1.0, 0.95, 0.9, 0.85, 0.8, 0.75, 0.7):
        body = _handout_body(plan, _handout_styles(s, scale), width)
        used = sum(f.wrap(width, height)[1] + f.getSpaceBefore() + f.getSpaceAfter()
                   for f in body)
        if used <= height:
            break
    return [KeepInFrame(width, height, body, mode="shrink")]


def _card(plan: TalkPlan, s: dict[str, Any], width: float) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table, TableStyle

    story: list[Any] = [
        Paragraph("Where to get help: services for this talk", s["title"]),
        Paragraph(f"For “{_t(plan.talk.header.title)}”. Check local details before the "
                  "session, and keep a copy by the phone.", s["subtitle"]),
    ]
    services = plan.signposts()
    if not services:
        story.append(Paragraph("No services are linked to this talk.", s["base"]))
        return story
    cards: list[list[Any]] = []
    for sp in services:
        tag = (f' <font size="7.5" color="{NAVY}">LOCAL SERVICE</font>' if is_local(sp)
               else "")
        cell: list[Any] = [Paragraph(f"<b>{_t(sp.name)}</b>{tag}", s["h3"]),
                           Paragraph(_t(sp.what), s["cell"])]
        who = _who_for(sp)
        if who:
            cell.append(Paragraph(f"<b>For:</b> {_t(who)}", s["cell"]))
        for c in sp.contact:
            label = contact_label(c.kind)
            note = f' <font color="{GREY}">({_t(c.note)})</font>' if c.note else ""
            cell.append(Paragraph(f"{label}: <b>{_t(c.value)}</b>{note}", s["cell"]))
        if sp.hours:
            cell.append(Paragraph(f"<b>Hours:</b> {_t(sp.hours)}", s["cell"]))
        if sp.caution:
            cell.append(Paragraph(f'<font color="{AMBER}">{_t(sp.caution)}</font>', s["cell"]))
        if sp.verified:
            cell.append(Paragraph(f"Details checked {sp.verified.isoformat()}", s["small"]))
        cards.append(cell)
    half = (width - 8) / 2
    rows = [cards[i:i + 2] + ([[]] if len(cards[i:i + 2]) == 1 else [])
            for i in range(0, len(cards), 2)]
    table = Table(rows, colWidths=[half, half], hAlign="LEFT")
    style: list[tuple[Any, ...]] = [
             ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("LEFTPADDING", (0, 0), (-1, -1), 7), ("RIGHTPADDING", (0, 0), (-1, -1), 7),
             ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 7)]
    for r, row in enumerate(rows):
        for col, cell in enumerate(row):
            if cell:
                style += [("BOX", (col, r), (col, r), 0.6, colors.HexColor(RULE)),
                          ("BACKGROUND", (col, r), (col, r), colors.HexColor("#fbfcfe"))]
    table.setStyle(TableStyle(style))
    story.append(table)
    return story


# --- the document ----------------------------------------------------------------------------


def _footer_canvas(title: str, version: str) -> Any:
    """A canvas class that waits for the last page, so every footer can say "page x of y"."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen.canvas import Canvas

    class FooterCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._draw_footer(total)
                super().showPage()
            super().save()

        def _draw_footer(self, total: int) -> None:
            w, _ = self._pagesize
            y = 10 * mm
            self.saveState()
            self.setStrokeColor(colors.HexColor(RULE))
            self.setLineWidth(0.5)
            self.line(18 * mm, y + 4 * mm, w - 18 * mm, y + 4 * mm)
            self.setFont(SANS, 7.5)
            self.setFillColor(colors.HexColor(GREY))
            right = f"Content version {version}"
            middle = f"Page {self._pageNumber} of {total}"
            room = (w - 36 * mm) / 2 - stringWidth(middle, SANS, 7.5) / 2 - 6 * mm
            left = title
            while left and stringWidth(left, SANS, 7.5) > room:
                left = left[:-2] + "…" if len(left) > 2 else ""
            self.drawString(18 * mm, y, left)
            self.drawCentredString(w / 2, y, middle)
            self.drawRightString(w - 18 * mm, y, right)
            self.restoreState()

    return FooterCanvas


def export_pdf(plan: TalkPlan, out: str | Path) -> Path:
    """Write the talk pack for this plan to `out` and return the path written."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        NextPageTemplate,
        PageBreak,
        PageTemplate,
    )

    register_fonts()
    out = Path(out)
    if not out.parent.is_dir():
        raise TalkError(f"cannot write the talk pack: folder {out.parent} does not exist")
    s = _styles()
    margin = 18 * mm
    top = 16 * mm
    bottom = 20 * mm
    page_w, page_h = A4
    width = page_w - 2 * margin
    height = page_h - top - bottom

    def header(label: str) -> Any:
        def draw(canvas: Any, doc: Any) -> None:
            canvas.saveState()
            canvas.setFont(SANS_BOLD, 7.5)
            canvas.setFillColor(colors.HexColor(NAVY))
            canvas.drawString(margin, page_h - 10 * mm, label.upper())
            if plan.is_draft:
                canvas.setFillColor(colors.HexColor(AMBER))
                canvas.drawRightString(page_w - margin, page_h - 10 * mm, "DRAFT")
            canvas.restoreState()
        return draw

    frame = Frame(margin, bottom, width, height, id="body", leftPadding=0, rightPadding=0,
                  topPadding=0, bottomPadding=0)
    doc = BaseDocTemplate(
        str(out), pagesize=A4, leftMargin=margin, rightMargin=margin, topMargin=top,
        bottomMargin=bottom, title=f"Talk pack: {plan.talk.header.title}",
        author=plan.talk.header.owner or "FieldKit", subject="Prevention talk pack",
        creator="FieldKit", pageTemplates=[
            PageTemplate("notes", [frame], onPage=header("Speaker notes")),
            PageTemplate("handout", [frame], onPage=header("Handout")),
            PageTemplate("card", [frame], onPage=header("Signposting card")),
        ])
    story: list[Any] = _speaker_notes(plan, s, width)
    story += [NextPageTemplate("handout"), PageBreak()]
    story += _handout(plan, s, width, height)
    story += [NextPageTemplate("card"), PageBreak()]
    story += _card(plan, s, width)
    try:
        doc.build(story, canvasmaker=_footer_canvas(plan.talk.header.title, plan.content_version))
    except OSError as exc:
        raise TalkError(f"cannot write the talk pack to {out}: {exc.strerror or exc}") from exc
    return out
