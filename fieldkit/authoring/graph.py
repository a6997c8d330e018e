"""A guide as a drawable tree: boxes for steps, labelled arrows for branches, laid out.

`guide_layout(guide)` returns a `GuideLayout`, a plain data structure (boxes, Bezier curves,
legend) that the SVG and PDF writers and the app's author mode all draw from, so every view
of a guide shows the same picture. Unreachable steps, dead ends and `go` targets that do not
exist are marked on the boxes themselves.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from fieldkit.authoring.condtext import cond_text
from fieldkit.authoring.layout import Curve, Layout, LEdge, LNode, Point, Spacing
from fieldkit.authoring.textfit import text_width, wrap
from fieldkit.content.model import Guide, Step

BOX_W = 232.0
PAD = 8.0
TITLE_SIZE = 11.0
TAG_SIZE = 8.0
BODY_SIZE = 9.5
LABEL_SIZE = 9.0
LABEL_MAX_W = 176.0
BODY_LINES = 4
# Viewers without Helvetica or Arial fall back to wider fonts: leave them room.
FIT = 0.88
LINE = 1.25  # line height as a multiple of the font size

# (fill, stroke) per outcome code, in order of first appearance in the guide.
# Chosen to stay apart for colour-blind readers, and to carry no red/green "good/bad" meaning:
# the order follows the guide, not how serious an outcome is.
OUTCOME_COLOURS = (
    ("#dde8fa", "#2e5fa8"),  # blue
    ("#fff0cc", "#b7770b"),  # amber
    ("#ecdff5", "#7d3c98"),  # purple
    ("#d5f2f0", "#117a65"),  # teal
    ("#f6e3d5", "#a04000"),  # brown
    ("#fbdff0", "#a5326e"),  # pink
    ("#e9f5cf", "#5d7a12"),  # olive
    ("#e6e9ec", "#4d5b66"),  # slate
    ("#fde0dc", "#b03a2e"),  # red
    ("#d9f2e3", "#1e8449"),  # green
)
QUESTION_STYLE = ("#ffffff", "#34495e")
INFO_STYLE = ("#f2f3f4", "#7f8c8d")
MISSING_STYLE = ("#ffffff", "#c0392b")
PROBLEM_COLOUR = "#c0392b"
DEAD_END_COLOUR = "#d35400"
HEADER_H = 74.0
LEGEND_Y = 52.0  # top of the legend swatches


@dataclass
class StepBox:
    """One step drawn as a box; x, y are its top-left corner."""

    id: str
    kind: str  # question | info | outcome | missing
    x: float
    y: float
    w: float
    h: float
    tag: str  # small caps line above the title, e.g. "QUESTION  subject_age"
    title: str
    lines: list[str]
    fill: str
    stroke: str
    outcome: str = ""
    start: bool = False
    unreachable: bool = False
    dead_end: bool = False
    full_text: str = ""  # untruncated, for tooltips

    @property
    def badges(self) -> list[str]:
        out = []
        if self.start:
            out.append("START")
        if self.unreachable:
            out.append("UNREACHABLE")
        if self.dead_end:
            out.append("DEAD END")
        if self.kind == "missing":
            out.append("MISSING STEP")
        return out

    @property
    def problem(self) -> bool:
        return self.unreachable or self.dead_end or self.kind == "missing"


@dataclass
class Arrow:
    """One branch (or several to the same step, merged), as Bezier curves ending at `target`."""

    source: str
    target: str
    curves: list[Curve]
    label: list[str] = field(default_factory=list)
    label_box: tuple[float, float, float, float] | None = None  # x, y, w, h
    default: bool = False  # the branch with no `if`
    back: bool = False  # points back up the tree (a loop)


@dataclass
class GuideLayout:
    guide: str
    title: str
    version: str
    status: str
    width: float
    height: float
    boxes: list[StepBox]
    arrows: list[Arrow]
    legend: list[tuple[str, str, str, str]]  # (code, title, fill, stroke)
    problems: list[str]

    def box(self, step_id: str) -> StepBox:
        return next(b for b in self.boxes if b.id == step_id)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def reachable(guide: Guide) -> set[str]:
    seen: set[str] = set()
    todo = [guide.start]
    while todo:
        sid = todo.pop()
        if sid in seen or sid not in guide.steps:
            continue
        seen.add(sid)
        todo.extend(b.go for b in guide.steps[sid].next)
    return seen


def finishing(guide: Guide) -> set[str]:
    """Steps from which some route reaches an outcome."""
    done = {sid for sid, s in guide.steps.items() if s.kind == "outcome"}
    changed = True
    while changed:
        changed = False
        for sid, s in guide.steps.items():
            if sid not in done and any(b.go in done for b in s.next):
                done.add(sid)
                changed = True
    return done


def _body(step: Step) -> tuple[str, str]:
    """(tag, text) of a step's box."""
    if step.kind == "question":
        return f"QUESTION  {step.fact}", step.ask
    if step.kind == "info":
        return "INFO", step.show
    return f"OUTCOME  {step.outcome}", step.title


def _box_size(tag: str, title: str, lines: list[str], badges: int) -> tuple[float, float]:
    h = PAD + TAG_SIZE * LINE + TITLE_SIZE * LINE + len(lines) * BODY_SIZE * LINE + PAD
    if badges:
        h += TAG_SIZE * LINE + 2
    return BOX_W, h


def guide_layout(guide: Guide) -> GuideLayout:
    """Lay out every step and branch of a guide (broken guides included)."""
    reach = reachable(guide)
    finish = finishing(guide)
    codes: list[str] = []
    for s in guide.steps.values():
        if s.kind == "outcome" and s.outcome not in codes:
            codes.append(s.outcome)
    colours = {c: OUTCOME_COLOURS[i % len(OUTCOME_COLOURS)] for i, c in enumerate(codes)}

    boxes: dict[str, StepBox] = {}
    inner = (BOX_W - 2 * PAD) * FIT
    for sid, s in guide.steps.items():
        tag, text = _body(s)
        lines = wrap(text, inner, BODY_SIZE, max_lines=BODY_LINES)
        fill, stroke = (colours[s.outcome] if s.kind == "outcome" else
                        QUESTION_STYLE if s.kind == "question" else INFO_STYLE)
        box = StepBox(sid, s.kind, 0, 0, 0, 0, tag, sid, lines, fill, stroke, s.outcome,
                      start=sid == guide.start, unreachable=sid not in reach,
                      dead_end=sid not in finish, full_text=text)
        box.w, box.h = _box_size(tag, sid, lines, len(box.badges))
        boxes[sid] = box
    for s in list(guide.steps.values()):
        for b in s.next:
            if b.go not in boxes:
                lines = wrap(f"'go: {b.go}' points at no step", inner, BODY_SIZE)
                box = StepBox(b.go, "missing", 0, 0, 0, 0, "MISSING", b.go, lines,
                              *MISSING_STYLE, dead_end=False, full_text=f"no step '{b.go}'")
                box.w, box.h = _box_size(box.tag, b.go, lines, 1)
                boxes[b.go] = box

    # One arrow per (step, target): several branches to the same step share it.
    merged: dict[tuple[str, str], list[Any]] = {}
    for s in guide.steps.values():
        only_default = len(s.next) == 1 and s.next[0].cond is None
        for b in s.next:
            texts = merged.setdefault((s.id, b.go), [])
            texts.append(None if only_default else cond_text(b.cond))
    arrows: list[Arrow] = []
    ledges: list[LEdge] = []
    for (src, dst), texts in merged.items():
        words = [t for t in texts if t is not None]
        label: list[str] = []
        for k, t in enumerate(words):
            label += wrap(("or " if k else "") + t, LABEL_MAX_W * FIT, LABEL_SIZE)
        size = None
        if label:
            size = (max(text_width(x, LABEL_SIZE) for x in label) / FIT + 10,
                    len(label) * LABEL_SIZE * LINE + 6)
        arrows.append(Arrow(src, dst, [], label, None, default="otherwise" in words))
        ledges.append(LEdge(src, dst, size))

    # Lay out in reading order: start first, then the file's order.
    order = [guide.start] if guide.start in boxes else []
    order += [sid for sid in boxes if sid not in order]
    lnodes = [LNode(sid, boxes[sid].w, boxes[sid].h) for sid in order]
    lay = Layout(lnodes, ledges, Spacing()).run()
    for sid, box in boxes.items():
        n = lay.nodes[sid]
        box.x, box.y = n.x - n.w / 2, n.y - n.h / 2 + HEADER_H
    for arrow, le in zip(arrows, ledges, strict=True):
        arrow.back = le.reversed
        arrow.curves = [tuple((p[0], p[1] + HEADER_H) for p in c)  # type: ignore[misc]
                        for c in le.curves]
        if le.label_centre and le.label_size:
            cx, cy = le.label_centre
            w, h = le.label_size
            arrow.label_box = (cx - w / 2, cy - h / 2 + HEADER_H, w, h)

    problems = []
    for box in boxes.values():
        if box.kind == "missing":
            problems.append(f"'{box.id}' is named by a 'go' but is not a step")
        elif box.unreachable:
            problems.append(f"step '{box.id}' cannot be reached from '{guide.start}'")
        elif box.dead_end:
            problems.append(f"no route from step '{box.id}' reaches an outcome")
    legend = [(c, next(s.title for s in guide.steps.values() if s.outcome == c), *colours[c])
              for c in codes]
    width = max(lay.width, _legend_width(guide, legend))
    return GuideLayout(guide.id, guide.title, guide.version, guide.header.status, width,
                       lay.height + HEADER_H, list(boxes.values()), arrows, legend, problems)


def legend_items(layout: GuideLayout) -> list[tuple[float, str, str, str]]:
    """(x offset, text, fill, stroke) of each legend swatch, laid out on one line."""
    out = []
    x = 0.0
    for code, _title, fill, stroke in layout.legend:
        out.append((x, code, fill, stroke))
        x += 22 + text_width(code, 9.0) / FIT + 18
    return out


def meta_line(layout: GuideLayout) -> str:
    return f"{layout.guide}  version {layout.version}  {layout.status}"


def problems_line(layout: GuideLayout) -> str:
    n = len(layout.problems)
    return f"{n} problem{'s' if n != 1 else ''} marked" if n else ""


def _legend_width(guide: Guide, legend: list[tuple[str, str, str, str]]) -> float:
    widths = [22 + text_width(code, 9.0) / FIT + 18 for code, *_ in legend]
    title = text_width(guide.title, 15, bold=True) / FIT
    meta = text_width(f"{guide.id}  version {guide.version}  {guide.header.status}", 10) / FIT
    return max(sum(widths), title, meta + 140) + 48


def arrow_head(curve: Curve, size: float = 7.0) -> tuple[Point, Point, Point]:
    """The triangle at the end of a curve, pointing along its last tangent."""
    (_, _, c2, end) = curve
    dx, dy = end[0] - c2[0], end[1] - c2[1]
    length = (dx * dx + dy * dy) ** 0.5
    if length < 1e-6:
        dx, dy, length = 0.0, 1.0, 1.0
    ux, uy = dx / length, dy / length
    base = (end[0] - ux * size, end[1] - uy * size)
    return (end, (base[0] - uy * size * 0.5, base[1] + ux * size * 0.5),
            (base[0] + uy * size * 0.5, base[1] - ux * size * 0.5))
