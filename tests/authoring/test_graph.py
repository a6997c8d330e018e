"""Guide diagrams: every step drawn, problems marked, a layout that stays readable."""

from __future__ import annotations

import itertools
import random
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from fieldkit.authoring.condtext import cond_text
from fieldkit.authoring.graph import GuideLayout, guide_layout
from fieldkit.authoring.loading import load_for_authoring
from fieldkit.authoring.render_pdf import write_layout_pdf
from fieldkit.authoring.render_svg import layout_svg
from fieldkit.cli import main
from fieldkit.content import builtin_content_dir

FIX = Path(__file__).parents[1] / "fixtures" / "authoring"
SVG = "{http://www.w3.org/2000/svg}"
SHIPPED = sorted((builtin_content_dir() / "guides").glob("*.yaml"))



def _groups(svg: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    return {g.get("id", "")[5:]: g for g in root.iter(f"{SVG}g")
            if g.get("id", "").startswith("step-")}


def _texts(el: ET.Element) -> list[str]:
    return [t.text or "" for t in el.iter(f"{SVG}text")]


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax < bx + bw - 0.5 and bx < ax + aw - 0.5 and ay < by + bh - 0.5 and by < ay + ah - 0.5


def assert_readable(layout: GuideLayout) -> None:
    """No box overlaps another box or a branch label; every arrow ends on its target's top."""
    rects = [(b.x, b.y, b.w, b.h) for b in layout.boxes]
    labels = [a.label_box for a in layout.arrows if a.label_box]
    for r, s in itertools.combinations(rects + labels, 2):
        assert not _overlap(r, s), f"{r} overlaps {s}"
    for a in layout.arrows:
        if a.source == a.target:
            continue
        end = a.curves[-1][3]
        box = layout.box(a.target)
        edge_y = box.y + box.h if a.back else box.y
        assert box.x <= end[0] <= box.x + box.w
        assert end[1] == pytest.approx(edge_y)


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_shipped_guide_svg_parses_and_shows_every_step(path: Path) -> None:
    view = load_for_authoring(builtin_content_dir())
    guide = next((g for g in view.guides.values() if g.header.path == str(path)), None)
    assert guide is not None, f"{path.name} cannot be read (content check reports why)"
    layout = guide_layout(guide)
    groups = _groups(layout_svg(layout))
    assert set(guide.steps) <= set(groups)
    for sid, step in guide.steps.items():
        assert sid in _texts(groups[sid])
        if step.kind == "outcome":
            assert any(step.outcome in t for t in _texts(groups[sid]))
    assert_readable(layout)


def test_unreachable_and_dead_end_steps_are_marked() -> None:
    view = load_for_authoring(FIX / "broken")
    assert view.refused("broken")  # the checker refuses it; authors still see it drawn
    layout = guide_layout(view.guides["broken"])
    groups = _groups(layout_svg(layout))
    assert "UNREACHABLE" in _texts(groups["orphan"])
    assert "DEAD END" in _texts(groups["circle-a"])
    assert "DEAD END" in _texts(groups["circle-b"])
    for sid in ("age", "refer"):
        assert not {"UNREACHABLE", "DEAD END"} & set(_texts(groups[sid]))
    assert layout.box("age").start and not layout.box("orphan").start
    assert len(layout.problems) == 3
    assert any(a.back for a in layout.arrows), "the loop back to circle-a is drawn as a loop"


def test_branch_labels_are_readable_conditions() -> None:
    layout = guide_layout(load_for_authoring(FIX / "base").guides["sample"])
    labels = {(a.source, a.target): " ".join(a.label) for a in layout.arrows}
    assert labels[("age", "refer")] == "subject_age < 13"
    assert labels[("age", "adult")] == "otherwise"
    assert labels[("adult", "refer")] == "adult_involved is yes or unknown"
    assert labels[("note", "wide")] == ""  # a single way on needs no label
    colours = {b.id: b.fill for b in layout.boxes if b.kind == "outcome"}
    assert len(set(colours.values())) == 3, "each outcome code has its own colour"
    assert [code for code, *_ in layout.legend] == [
        "immediate-referral", "investigate", "safeguard-educate"]


def test_cond_text_reads_as_words() -> None:
    assert cond_text(("cmp", "subject_age", "lt", 13)) == "subject_age < 13"
    assert cond_text(("cmp", "adult_involved", "in", ("yes", "unknown"))) == \
        "adult_involved is yes or unknown"
    assert cond_text(("any", [("cmp", "a", "eq", "yes"), ("all", [
        ("cmp", "b", "ge", 18.0), ("cmp", "c", "known", False)])])) == \
        "a is yes or (b >= 18 and c is not known)"
    assert cond_text(("not", ("cmp", "d", "has", "phone"))) == "not d includes phone"
    assert cond_text(None) == "otherwise"


def test_text_is_escaped_in_svg(tmp_path: Path) -> None:
    root = tmp_path / "c"
    root.mkdir()
    (root / "guides").mkdir()
    (root / "facts.yaml").write_text((FIX / "base" / "facts.yaml").read_text())
    text = (FIX / "base" / "guides" / "sample.yaml").read_text()
    (root / "guides" / "sample.yaml").write_text(
        text.replace("ask: How old is the child?", 'ask: "Is <b>age</b> & \\"name\\" known?"'))
    svg = layout_svg(guide_layout(load_for_authoring(root).guides["sample"]))
    ET.fromstring(svg)
    assert "<b>" not in svg and "&lt;b&gt;" in svg


def big_guide(steps: int = 60, seed: int = 7) -> str:
    """A generated guide of `steps` steps: questions that jump ahead or to outcomes."""
    rnd = random.Random(seed)
    n_out, n_info = 8, 12
    kinds = ["q"] * (steps - n_out - n_info) + ["i"] * n_info
    rnd.shuffle(kinds)
    kinds[0] = "q"
    body = len(kinds)
    lines = ["guide: big", "title: A sixty-step guide", "version: 1.0.0", "status: draft",
             "owner: Test team", "reviewed: 2026-11-21", "review_due: 2099-05-21",
             "sources:", "  s:", "    title: Test source", "start: s0", "steps:"]
    for i, k in enumerate(kinds):
        nxt = f"s{i + 1}" if i + 1 < body else f"o{rnd.randrange(n_out)}"
        if k == "q":
            f = f"f{i % 10}"
            jump = (f"s{min(body - 1, i + rnd.randint(2, 9))}"
                    if rnd.random() < 0.5 and i + 2 < body else f"o{rnd.randrange(n_out)}")
            lines += [f"  - id: s{i}", f"    ask: Question {i} asks about {f} at some length.",
                      f"    fact: {f}", "    cite: [s]", "    next:",
                      f"      - if: {{{f}: [yes, unknown]}}", f"        go: {jump}",
                      f"      - go: {nxt}"]
        else:
            lines += [f"  - id: s{i}", f"    show: Information step {i}, then carry on.",
                      "    cite: [s]", f"    next: [{{go: {nxt}}}]"]
    for o in range(n_out):
        lines += [f"  - id: o{o}", f"    outcome: code-{o % 5}", f"    title: Outcome {o}",
                  "    say: Do the thing.", "    do:", "      - text: Act.", "        cite: [s]"]
    return "\n".join(lines) + "\n"


def test_sixty_step_guide_lays_out_quickly_and_readably(tmp_path: Path) -> None:
    (tmp_path / "guides").mkdir()
    (tmp_path / "facts.yaml").write_text("facts:\n" + "".join(
        f"  - id: f{i}\n    label: Fact {i}\n    type: yesnounknown\n" for i in range(10)))
    (tmp_path / "guides" / "big.yaml").write_text(big_guide())
    view = load_for_authoring(tmp_path)
    assert view.content.report.ok, view.content.report.errors
    t0 = time.perf_counter()
    layout = guide_layout(view.guides["big"])
    assert time.perf_counter() - t0 < 5
    assert len([b for b in layout.boxes]) == 60
    assert_readable(layout)
    # Rows run top to bottom: every forward arrow goes down the page.
    for a in layout.arrows:
        if not a.back:
            assert layout.box(a.target).y > layout.box(a.source).y


def test_pdf_holds_every_step(tmp_path: Path) -> None:
    from pypdf import PdfReader

    layout = guide_layout(load_for_authoring(FIX / "broken").guides["broken"])
    out = tmp_path / "g.pdf"
    write_layout_pdf(layout, out)
    text = PdfReader(str(out)).pages[0].extract_text()
    for sid in ("age", "circle-a", "circle-b", "orphan", "refer", "UNREACHABLE", "DEAD END"):
        assert sid in text


def test_pdf_shows_welsh_letters_in_the_embedded_font(tmp_path: Path) -> None:
    from pypdf import PdfReader

    layout = guide_layout(load_for_authoring(FIX / "broken").guides["broken"])
    layout.title = "Canllaw ŵyr a ŷd"  # letters outside the base PDF fonts
    out = tmp_path / "g.pdf"
    write_layout_pdf(layout, out)
    page = PdfReader(str(out)).pages[0]
    assert "Canllaw ŵyr a ŷd" in (page.extract_text() or "")
    fonts = {str(f["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
    assert fonts and not any("Helvetica" in f for f in fonts), fonts


def test_graph_command_writes_svg_pdf_and_json(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    content = str(FIX / "base")
    for name in ("g.svg", "g.pdf", "g.json"):
        code = main(["content", "graph", "sample", "--content", content, "--out",
                     str(tmp_path / name)])
        assert code == 0
        assert (tmp_path / name).stat().st_size > 200
    assert (tmp_path / "g.pdf").read_bytes().startswith(b"%PDF")
    assert '"guide": "sample"' in (tmp_path / "g.json").read_text()
    out = capsys.readouterr().out
    assert "wrote" in out and "7 steps" in out


def test_graph_command_errors_in_plain_words(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    content = str(FIX / "base")
    assert main(["content", "graph", "sampel", "--content", content, "--out",
                 str(tmp_path / "g.svg")]) == 1
    assert "did you mean 'sample'" in capsys.readouterr().err
    assert main(["content", "graph", "sample", "--content", content, "--out",
                 str(tmp_path / "g.png")]) == 1
    assert ".svg, .pdf or .json" in capsys.readouterr().err
    assert not (tmp_path / "g.svg").exists()
