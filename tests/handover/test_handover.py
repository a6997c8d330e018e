"""The handover note: one model, three renderings that say the same, in every character."""

from __future__ import annotations

import hashlib
import json
import random
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from fieldkit.cases.casefile import read_casefile
from fieldkit.cases.model import Case
from fieldkit.content import load_content
from fieldkit.content.model import Content
from fieldkit.handover import build_note, write_handover
from fieldkit.handover.blocks import note_blocks, note_text, reading_text
from fieldkit.handover.export import SCHEMA_VERSION
from fieldkit.handover.model import MARKING
from fieldkit.handover.pdf import furniture

FIXTURES = Path(__file__).parents[1] / "fixtures" / "cases"
AWKWARD = '<script>&"quotes" ŵŷ Zoë £5 — –'
WHEN = datetime(2026, 11, 22, 1, 30, tzinfo=UTC)

CASE = """\
case:
  reference: "CAD 4471 21/11/2026"
  officer: {name: PC Siân Ŵyn, number: "4471", station: Central}
  opened: 2026-11-21T22:40:00Z
  location: School premises & car park
facts:
  adult_involved: no
  coercion_or_blackmail: no
  subject_age: 14
  shared_widely: yes
  device_kind: phone
  device_power: on
  device_locked: yes
  incident_date: 2026-11-20
walks:
  - guide: youth-imagery
    version: 1.0.0
    answered: [adult_involved, coercion_or_blackmail, subject_age, shared_widely]
    acknowledged: [never-view]
  - guide: device-seizure
    version: 0.9.0
    answered: [device_kind, device_power, device_locked]
exhibits:
  - ref: SJ/1
    kind: phone
    make_model: Samsung Galaxy A14
    serial: "356938035643809"
    description: Black smartphone <cracked> & scratched
    found: Kitchen table
    seized_at: 2026-11-21T23:05:00Z
    seized_by: PC 4471 Ŵyn
    seal: "A1234567"
    power: on
    locked: "yes"
    passcode_given: "no"
    actions: [Flight mode on at 23:04, Faraday bag A1234567]
    charger_seized: "no"
    continuity:
      - {from: PC 4471 Ŵyn, to: DC Zoë Smith, at: 2026-11-22T09:00:00Z, why: Examination}
  - ref: SJ/2
    kind: laptop
    power: off
signposts:
  - {id: childline, given_to: the child, at: 2026-11-21T23:30:00Z}
  - {id: nspcc-helpline, given_to: "Mrs O'Brien (mother)", at: 2026-11-21T23:31:00Z}
  - unknown-service
checklists:
  before-leaving-scene: [exhibits-sealed]
scripts:
  - script: parent-of-victim
    sections: [introduce]
    lines:
      - {section: introduce, text: "Your child is not in trouble.", at: 2026-11-21T23:20:00Z}
notes: |
  NOTES_HERE
"""


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(FIXTURES / "content")


def _case(tmp_path: Path, content: Content, notes: str = AWKWARD) -> Case:
    body = "\n".join("  " + line if line else "" for line in notes.split("\n"))
    path = tmp_path / "case.yaml"
    path.write_text(CASE.replace("  NOTES_HERE", body), encoding="utf-8")
    return read_casefile(path, content)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdf_body(path: Path, reference: str) -> tuple[str, int]:
    """The PDF's text with each page's furniture checked and taken off."""
    reader = PdfReader(path)
    pages = len(reader.pages)
    body = ""
    for number, page in enumerate(reader.pages, 1):
        text = _flat(page.extract_text())
        furn = _flat("".join(furniture(reference, number, pages)))
        assert text.endswith(furn), f"page {number} lacks its marking, reference or number"
        body += text[: -len(furn)]
    return body, pages


def test_the_note_follows_the_contract(tmp_path: Path, content: Content) -> None:
    note = build_note(_case(tmp_path, content), content, WHEN)
    assert note.summary[:2] == [
        "Under-18s making or sharing nude or semi-nude images: Investigate (investigate).",
        "Seizing a device: not finished; the next question is \"Has the owner offered the "
        "passcode?\""]
    yi, ds = note.guides
    assert [(a.fact, a.answer, a.origin) for a in yi.path] == [
        ("adult_involved", "No", "answered"), ("coercion_or_blackmail", "No", "answered"),
        ("subject_age", "14", "answered"), ("shared_widely", "Yes", "answered")]
    assert yi.outcome_code == "investigate" and yi.do[0].cite == ["ukcis-2024"]
    assert [s.id for s in yi.sources] == ["ukcis-2024"]
    assert ds.walked_version == "0.9.0" and ds.version == "1.0.0" and ds.status == "draft"
    assert ds.path[0].answer == "Mobile phone"
    assert not ds.finished
    assert ds.stopped_at == "Has the owner offered the passcode?"
    assert ds.not_asked == []  # nothing was passed over: the walk simply stopped
    assert [c.title for c in note.checklists] == ["Before you leave the scene"]
    assert note.checklists[0].ticked == ["Every exhibit is sealed and labelled."]
    assert len(note.checklists[0].unticked) == 2
    assert note.signposts[0].contacts == ["Phone: 0800 1111"]
    assert note.signposts[2].name == "unknown-service" and "not in the content" in \
        note.signposts[2].caution
    assert note.scripts[0].sections_used == ["Introduce yourself"]
    assert [(f.fact, f.value) for f in note.other_facts] == [("incident_date", "20 Nov 2026")]
    assert note.notes == AWKWARD + "\n"
    assert (note.content_version, note.generated) == ("test-1", "2026-11-22T01:30:00Z")
    assert note.content_digest == content.digest


def test_reused_answers_and_questions_not_asked(tmp_path: Path, content: Content) -> None:
    case = _case(tmp_path, content)
    case.walks[0].answered.remove("subject_age")  # as if another guide had asked it first
    case.facts["adult_involved"] = "yes"  # route ends at once: the rest is not needed
    note = build_note(case, content, WHEN)
    yi = note.guides[0]
    assert [(a.fact, a.origin, a.decided) for a in yi.path] == [
        ("adult_involved", "answered", True)]
    # coercion and wide were answered in this walk: never listed as "not asked"
    assert {n.step: n.why for n in yi.not_asked} == {"age": (
        "not needed on this route: \u201cAn adult is involved in making, asking for or "
        "sharing the imagery\u201d is Yes")}  # the true reason: the fact that turned it away
    case.facts["adult_involved"] = "no"
    yi = build_note(case, content, WHEN).guides[0]
    assert ("subject_age", "case") in [(a.fact, a.origin) for a in yi.path]
    assert "age" not in [n.step for n in yi.not_asked]  # read from the case, so not "not asked"


def test_pdf_text_equals_the_note_text(tmp_path: Path, content: Content) -> None:
    case = _case(tmp_path, content)
    paths = write_handover(case, content, tmp_path / "out", WHEN)
    note = build_note(case, content, WHEN)
    body, _ = _pdf_body(paths["pdf"], case.reference)
    assert body == _flat(reading_text(note_blocks(note)))
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(paths["pdf"]).pages)
    for typed in (AWKWARD, "Black smartphone <cracked> & scratched", "Mrs O'Brien (mother)",
                  "PC Siân Ŵyn", "DC Zoë Smith", "School premises & car park"):
        assert typed in text


def test_a_3000_word_note_flows_across_pages(tmp_path: Path, content: Content) -> None:
    rng = random.Random(4471)
    words = ["the", "phone", "was", "seized", "at", "23:05", "Zoë", "ŵŷ", "£5", "—", "–",
             "<b>", "&amp;", '"quoted"', "O'Brien", "Caerdydd", "naïve", "café"]
    paras = [" ".join(rng.choice(words) for _ in range(150)) for _ in range(20)]
    long_notes = AWKWARD + "\n\n" + "\n\n".join(paras)
    assert len(long_notes.split()) >= 3000
    case = _case(tmp_path, content, long_notes)
    paths = write_handover(case, content, tmp_path / "out", WHEN)
    body, pages = _pdf_body(paths["pdf"], case.reference)
    assert pages >= 5
    assert body == _flat(reading_text(note_blocks(build_note(case, content, WHEN))))
    assert _flat(long_notes) in body


def test_the_files_agree_and_the_checksums_match(tmp_path: Path, content: Content) -> None:
    case = _case(tmp_path, content)
    out = tmp_path / "out"
    paths = write_handover(case, content, out, WHEN)
    assert sorted(p.name for p in out.iterdir()) == [
        "handover.json", "handover.pdf", "handover.sha256", "handover.txt"]
    lines = paths["sha256"].read_text(encoding="ascii").splitlines()
    for line in lines:
        digest, name = line.split("  ")
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest
    # every file written, text included, in `sha256sum -c` format
    assert [line.split("  ")[1] for line in lines] == ["handover.pdf", "handover.json",
                                                      "handover.txt"]
    if shutil.which("sha256sum"):
        subprocess.run(["sha256sum", "--quiet", "-c", "handover.sha256"], cwd=out, check=True)
    note = build_note(case, content, WHEN)
    assert json.loads(paths["json"].read_text(encoding="utf-8")) == {
        "schema_version": SCHEMA_VERSION, **note.as_dict()}
    text = paths["txt"].read_text(encoding="utf-8")
    assert text == note_text(note)
    assert text.startswith(MARKING) and text.rstrip().endswith(MARKING)
    assert AWKWARD in text and "Black smartphone <cracked> & scratched" in text


def test_the_same_note_makes_the_same_pdf(tmp_path: Path, content: Content) -> None:
    case = _case(tmp_path, content)
    a = write_handover(case, content, tmp_path / "a", WHEN)["pdf"].read_bytes()
    b = write_handover(case, content, tmp_path / "b", WHEN)["pdf"].read_bytes()
    assert a == b


def test_the_pdf_holds_no_images_and_embeds_its_font(tmp_path: Path,
                                                    content: Content) -> None:
    paths = write_handover(_case(tmp_path, content), content, tmp_path / "out", WHEN)
    reader = PdfReader(paths["pdf"])
    assert all(not page.images for page in reader.pages)
    raw = paths["pdf"].read_bytes()
    assert b"/Subtype /Image" not in raw and b"/XObject" not in raw
    assert b"FontFile2" in raw  # TrueType embedded, so it reads the same everywhere
    assert reader.metadata.title == "Handover note"


def test_the_shipped_example_case_makes_a_note(tmp_path: Path) -> None:
    """Smoke check against the content that ships (which is still being edited)."""
    shipped = load_content(Path(__file__).parents[2] / "content")
    case = read_casefile(FIXTURES / "example-case.yaml", shipped)
    paths = write_handover(case, shipped, tmp_path / "out", WHEN)
    note = build_note(case, shipped, WHEN)
    assert [g.finished for g in note.guides] == [True, True]
    assert len(note.exhibits) == 2 and len(note.signposts) == 3
    body, pages = _pdf_body(paths["pdf"], case.reference)
    assert pages >= 3
    assert body == _flat(reading_text(note_blocks(note)))


def test_a_guide_missing_from_the_content_is_said_plainly(tmp_path: Path,
                                                          content: Content) -> None:
    case = _case(tmp_path, content)
    case.walks[0].guide = "outcome-21"  # walked on content this note is not built with
    note = build_note(case, content, WHEN)
    gone = note.guides[0]
    assert gone.title == "outcome-21" and "not in the content" in gone.problem
    assert {f.fact for f in note.other_facts} >= {"adult_involved", "subject_age"}
    assert note.summary[0].startswith("outcome-21: could not be shown")
    paths = write_handover(case, content, tmp_path / "out", WHEN)
    body, _ = _pdf_body(paths["pdf"], case.reference)
    assert body == _flat(reading_text(note_blocks(note)))
