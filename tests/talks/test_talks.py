"""The talk builder and the talk pack PDF: timing, shaping, errors, and what the PDF says."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from fieldkit.cli import main
from fieldkit.content import builtin_content_dir, load_content
from fieldkit.content.model import Content
from fieldkit.talks import TalkError, TalkPlan, clock, talks_in_order
from fieldkit.talks.pdf import export_pdf

SHIPPED_TALKS = ("pupils-8-10", "pupils-11-13", "pupils-14-16", "pupils-16-18",
                 "parents-carers", "school-staff")

# A small talk whose sections add up to 10/20/30, with text that needs escaping.
TOY_TALK = """\
talk: toy
title: Tom & Jerry <stay safe> online
version: 1.0.0
status: approved
approved_by: Online CSA specialist team
approved_on: 2026-11-21
owner: Test team
reviewed: 2026-11-21
review_due: 2027-05-21
sources:
  src: {title: A source, publisher: Test}
audience: pupils
ages: {min: 11, max: 13}
aim: Test the builder.
durations: [10, 20, 30]
key_messages:
  - text: Key message one & only.
    cite: [src]
safeguarding:
  - text: Tell the DSL straight away.
    cite: [src]
sections:
  - id: a
    title: Alpha opening
    minutes: 5
    lengths: [10, 20, 30]
    say: [{text: Say alpha., cite: [src]}]
  - id: b
    title: Bravo scenario
    minutes: 10
    lengths: [20, 30]
    say: [{text: Say bravo., cite: [src]}]
    scenario:
      text: A story about Bravo.
      questions: [What would you do?]
    questions:
      - ask: Bravo question?
        answer: Bravo answer.
        cite: [src]
  - id: c
    title: Charlie extra
    minutes: 10
    lengths: [30]
    say: [{text: Say charlie., cite: [src]}]
    questions:
      - ask: Charlie question?
        answer: Charlie answer.
        cite: [src]
  - id: d
    title: Delta close
    minutes: 5
    lengths: [10, 20, 30]
    say: [{text: Say delta., cite: [src]}]
    handout: [{text: Handout line for delta., cite: [src]}]
signposts: [helpline]
"""

TOY_SIGNPOSTS = """\
title: Test services
version: 1.0.0
owner: Test team
sources:
  src: {title: A source, publisher: Test}
signposts:
  - id: helpline
    name: Test Helpline
    what: Helps children.
    for: [child]
    situations: [emotional-support]
    contact: [{kind: phone, value: "0800 000 000"}]
    hours: Every day
    verified: 2026-11-01
    cite: [src]
"""

TOY_LOCAL = """\
title: Local services
version: 1.0.0
owner: Test force
sources:
  src: {title: Force directory, publisher: Test force}
signposts:
  - id: testshire-mash
    name: Testshire MASH
    what: Takes referrals about children at risk.
    for: [professional]
    situations: [reporting]
    contact: [{kind: web, value: example.org/mash}]
    hours: Office hours
    verified: 2026-11-01
    cite: [src]
"""


@pytest.fixture(scope="module")
def shipped() -> Content:
    return load_content(builtin_content_dir())


@pytest.fixture
def toy(tmp_path: Path) -> Content:
    (tmp_path / "talks").mkdir()
    (tmp_path / "signposts").mkdir()
    (tmp_path / "talks" / "toy.yaml").write_text(TOY_TALK, encoding="utf-8")
    (tmp_path / "signposts" / "national.yaml").write_text(TOY_SIGNPOSTS, encoding="utf-8")
    (tmp_path / "signposts" / "local.yaml").write_text(TOY_LOCAL, encoding="utf-8")
    content = load_content(tmp_path)
    assert "toy" in content.talks, [str(d) for d in content.report.items]
    return content


def pdf_text(path: Path) -> list[str]:
    """Each page's text with all whitespace removed, so wrapped lines still match."""
    return ["".join((page.extract_text() or "").split()) for page in PdfReader(path).pages]


def squash(text: str) -> str:
    return "".join(text.split())


# --- timing ----------------------------------------------------------------------------------


def test_shipped_talks_are_loaded(shipped: Content) -> None:
    assert set(SHIPPED_TALKS) <= set(shipped.talks)
    assert [t.id for t in talks_in_order(shipped)][:4] == list(SHIPPED_TALKS[:4])


@pytest.mark.parametrize("talk_id", SHIPPED_TALKS)
def test_default_selection_fits_every_length(shipped: Content, talk_id: str) -> None:
    talk = shipped.talks[talk_id]
    assert tuple(talk.durations) == (20, 40, 60)
    for minutes in talk.durations:
        plan = TalkPlan.create(shipped, talk_id, minutes)
        assert [s.id for s in plan.sections()] == [
            s.id for s in talk.sections if minutes in s.lengths]
        assert plan.running_time == minutes
        assert plan.fits


def test_timeline_runs_without_gaps(toy: Content) -> None:
    plan = TalkPlan.create(toy, "toy", 30)
    slots = plan.timeline()
    assert [(s.section.id, s.start, s.end) for s in slots] == [
        ("a", 0, 5), ("b", 5, 15), ("c", 15, 25), ("d", 25, 30)]
    assert clock(slots[-1].end) == "0:30"
    assert clock(75) == "1:15"
    assert plan.timing_text() == "Running time 30 of 30 minutes."


def test_default_length_and_length_not_offered(toy: Content) -> None:
    assert TalkPlan.create(toy, "toy").minutes == 30  # 40 is not offered: the nearest is
    plan = TalkPlan.create(toy, "toy", 25)  # not offered: uses the 20-minute selection
    assert [s.id for s in plan.sections()] == ["a", "b", "d"]
    assert plan.spare == 5
    assert "5 spare" in plan.timing_text()
    plan = TalkPlan.create(toy, "toy", 5)  # shorter than any: the shortest selection
    assert [s.id for s in plan.sections()] == ["a", "d"]
    assert not plan.fits
    assert "5 over" in plan.timing_text()
    with pytest.raises(TalkError, match="at least 1 minute"):
        plan.set_length(0)


# --- shaping ---------------------------------------------------------------------------------


def test_drop_and_pick_keep_places(toy: Content) -> None:
    plan = TalkPlan.create(toy, "toy", 20)
    plan.drop("b")
    assert [s.id for s in plan.sections()] == ["a", "d"]
    assert plan.running_time == 10
    assert [s.id for s in plan.dropped()] == ["b", "c"]
    plan.pick("c")
    assert [s.id for s in plan.sections()] == ["a", "c", "d"]
    plan.set_picked("b", True)
    assert plan.is_picked("b")
    assert plan.running_time == 30
    assert not plan.fits
    plan.set_picked("b", False)
    assert not plan.is_picked("b")


def test_reorder_and_move(toy: Content) -> None:
    plan = TalkPlan.create(toy, "toy", 30)
    assert plan.move_down("a") == 1
    assert [s.id for s in plan.sections()] == ["b", "a", "c", "d"]
    assert plan.move_up("b") == 0  # already first: stays
    assert plan.move("d", -10) == 0
    assert [s.id for s in plan.all_sections()] == ["d", "b", "a", "c"]
    plan.reorder(["c", "a"])
    assert [s.id for s in plan.all_sections()] == ["c", "a", "d", "b"]
    assert [(s.section.id, s.start) for s in plan.timeline()][:2] == [("c", 0), ("a", 10)]
    with pytest.raises(TalkError, match="only once"):
        plan.reorder(["a", "a"])
    plan.reset()
    assert [s.id for s in plan.all_sections()] == ["a", "b", "c", "d"]


def test_set_length_resets_selection(toy: Content) -> None:
    plan = TalkPlan.create(toy, "toy", 10)
    plan.pick("c")
    plan.move_up("c")
    plan.set_length(20)
    assert [s.id for s in plan.sections()] == ["a", "b", "d"]


def test_unknown_ids_are_plain_errors(toy: Content) -> None:
    with pytest.raises(TalkError, match=r"no talk 'tyo'; did you mean 'toy'\? \(talks: toy\)"):
        TalkPlan.create(toy, "tyo")
    plan = TalkPlan.create(toy, "toy")
    with pytest.raises(TalkError, match="has no section 'zulu'"):
        plan.drop("zulu")
    with pytest.raises(TalkError, match="has no section 'zulu'"):
        plan.reorder(["zulu"])
    with pytest.raises(TalkError, match="no signpost 'nowhere'"):
        plan.add_signpost("nowhere")


def test_local_services(toy: Content) -> None:
    plan = TalkPlan.create(toy, "toy")
    assert [s.id for s in plan.addable_signposts()] == ["testshire-mash"]
    plan.add_signpost("testshire-mash")
    plan.add_signpost("testshire-mash")
    plan.add_signpost("helpline")  # already the talk's own: not repeated
    assert plan.signpost_ids() == ["helpline", "testshire-mash"]
    assert plan.addable_signposts() == []
    plan.remove_signpost("helpline")  # the talk's own services stay
    plan.remove_signpost("testshire-mash")
    assert plan.signpost_ids() == ["helpline"]


# --- the PDF ---------------------------------------------------------------------------------


def test_pdf_has_notes_handout_and_card(toy: Content, tmp_path: Path) -> None:
    plan = TalkPlan.create(toy, "toy", 20)
    plan.add_signpost("testshire-mash")
    out = export_pdf(plan, tmp_path / "toy.pdf")
    pages = pdf_text(out)
    text = "".join(pages)
    for title in ("Alpha opening", "Bravo scenario", "Delta close"):
        assert squash(title) in text
    # Escaped, not read as markup.
    assert squash("Tom & Jerry <stay safe> online") in text
    assert squash("Key message one & only.") in text
    assert squash("A story about Bravo.") in text and squash("What would you do?") in text
    assert squash("Bravo answer.") in text
    # The dropped section's question is still offered, its notes are not.
    assert squash("Charlie answer.") in text and squash("Say charlie.") not in text
    assert squash("Tell the DSL straight away.") in text
    assert squash("0:05–0:15") in text
    # Footer on every page.
    for n, page in enumerate(pages, 1):
        assert f"Page{n}of{len(pages)}" in page
        assert "Contentversion" in page
    handout = [p for p in pages if p.startswith("HANDOUT")]
    assert len(handout) == 1
    assert squash("Handout line for delta.") in handout[0]
    assert "0800000000" in handout[0]
    card = [p for p in pages if p.startswith("SIGNPOSTINGCARD")]
    assert card and "TestshireMASH" in card[0] and "LOCALSERVICE" in card[0]


def test_pdf_holds_no_case_data(shipped: Content, tmp_path: Path) -> None:
    plan = TalkPlan.create(shipped, "pupils-14-16", 60)
    text = "".join(pdf_text(export_pdf(plan, tmp_path / "t.pdf")))
    # The builder takes no case; no fact ids or case words can reach the pack.
    for fact_id in shipped.facts:
        assert fact_id not in text
    for word in ("Casereference", "Incidentnumber", "Officer:", "DOB"):
        assert word not in text


def test_pdf_into_missing_folder_is_a_plain_error(toy: Content, tmp_path: Path) -> None:
    plan = TalkPlan.create(toy, "toy")
    with pytest.raises(TalkError, match="does not exist"):
        export_pdf(plan, tmp_path / "nope" / "t.pdf")


@pytest.mark.parametrize("talk_id", SHIPPED_TALKS)
def test_every_shipped_talk_builds_at_every_length(shipped: Content, tmp_path: Path,
                                                   talk_id: str) -> None:
    talk = shipped.talks[talk_id]
    for minutes in talk.durations:
        plan = TalkPlan.create(shipped, talk_id, minutes)
        pages = pdf_text(export_pdf(plan, tmp_path / f"{talk_id}-{minutes}.pdf"))
        text = "".join(pages)
        for section in plan.sections():
            assert squash(section.title) in text, section.title
        for message in talk.key_messages:
            assert squash(message.text) in text
        assert sum(p.startswith("HANDOUT") for p in pages) == 1
        if plan.is_draft:
            assert "DRAFT" in pages[0] and squash("not yet confirmed") in pages[0]


# --- the command line ------------------------------------------------------------------------


def test_cli_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["talk", "list"]) == 0
    out = capsys.readouterr().out
    for talk_id in SHIPPED_TALKS:
        assert talk_id in out


def test_cli_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "talk.pdf"
    code = main(["talk", "build", "pupils-11-13", "--minutes", "20", "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    assert out.is_file() and "20 minutes" in capsys.readouterr().out


def test_cli_build_unknown_talk(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["talk", "build", "pupils-14-61", "--out", str(tmp_path / "t.pdf")])
    assert code == 1
    err = capsys.readouterr().err
    assert "no talk 'pupils-14-61'" in err and "did you mean 'pupils-14-16'" in err
    assert not (tmp_path / "t.pdf").exists()


def test_cli_build_with_local_service_and_drop(toy: Content, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    root = Path(toy.root)
    out = tmp_path / "t.pdf"
    code = main(["talk", "build", "toy", "--minutes", "20", "--drop", "b", "--add", "c",
                 "--signpost", "testshire-mash", "--out", str(out), "--content", str(root)])
    assert code == 0, capsys.readouterr().err
    text = "".join(pdf_text(out))
    assert "Charlieextra" in text and "TestshireMASH" in text
    code = main(["talk", "build", "toy", "--drop", "zulu", "--out", str(out),
                 "--content", str(root)])
    assert code == 1
    assert "has no section 'zulu'" in capsys.readouterr().err


def test_cli_build_warns_when_over(toy: Content, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["talk", "build", "toy", "--minutes", "10", "--add", "c",
                 "--out", str(tmp_path / "t.pdf"), "--content", toy.root])
    assert code == 0
    assert "10 over" in capsys.readouterr().err


def test_shipped_content_copy_still_builds(tmp_path: Path) -> None:
    """A force's copy of the content folder (with its own local.yaml) works the same."""
    root = tmp_path / "content"
    shutil.copytree(builtin_content_dir(), root)
    (root / "signposts" / "local.yaml").write_text(TOY_LOCAL, encoding="utf-8")
    content = load_content(root)
    plan = TalkPlan.create(content, "school-staff", 40)
    plan.add_signpost("testshire-mash")
    text = "".join(pdf_text(export_pdf(plan, tmp_path / "s.pdf")))
    assert "TestshireMASH" in text
