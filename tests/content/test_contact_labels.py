"""The note, the leaflet and the talk pack name each kind of contact with the same word."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from fieldkit.cases.casefile import read_casefile
from fieldkit.content import builtin_content_dir, load_content
from fieldkit.content.contacts import CONTACT_LABELS, contact_label
from fieldkit.content.model import Content
from fieldkit.content.schema import CONTACT_KINDS
from fieldkit.handover import build_note
from fieldkit.handover.leaflet import leaflet_lines
from fieldkit.talks import TalkPlan
from fieldkit.talks.pdf import export_pdf

EXAMPLE = Path(__file__).parents[1] / "fixtures" / "cases" / "example-case.yaml"
WEB_SERVICE = "report-remove"  # a shipped service with a web contact


@pytest.fixture(scope="module")
def shipped() -> Content:
    return load_content(builtin_content_dir())


def test_every_contact_kind_the_schema_allows_has_a_word() -> None:
    assert set(CONTACT_LABELS) == set(CONTACT_KINDS)
    assert contact_label("web") == "Website" and contact_label("chat") == "Online chat"
    assert contact_label("fax") == "Fax"  # an unknown kind still reads as a word


def test_the_note_leaflet_and_talk_pack_use_the_same_words(shipped: Content,
                                                          tmp_path: Path) -> None:
    sp = shipped.signposts[WEB_SERVICE]
    web = next(c for c in sp.contact if c.kind == "web")
    expected = f"Website: {web.value}"

    note = build_note(read_casefile(EXAMPLE, shipped), shipped)
    given = next(s for s in note.signposts if s.id == WEB_SERVICE)
    assert any(line.startswith(expected) for line in given.contacts), given.contacts

    assert any(kind == "contact" and text == expected
               for kind, text, _ in leaflet_lines([sp]))

    plan = TalkPlan.create(shipped, "pupils-11-13", 40)
    if WEB_SERVICE not in plan.talk.signposts:
        plan.add_signpost(WEB_SERVICE)
    out = export_pdf(plan, tmp_path / "talk.pdf")
    text = "".join("".join((p.extract_text() or "").split()) for p in PdfReader(out).pages)
    assert "".join(expected.split()) in text
    assert "Web:" not in text
