"""The content FieldKit ships: clean, tested, complete, and never inventing a phone number."""

from __future__ import annotations

import random
import re
from datetime import date
from pathlib import Path

import pytest

from fieldkit.content import builtin_content_dir, load_content
from fieldkit.content.model import Content
from fieldkit.guides import walk_with_facts
from fieldkit.guides.scenarios import run_scenarios

STANDARD_OUTCOMES = {
    "youth-imagery": {"immediate-referral", "investigate", "safeguard-educate"},
    "outcome-21": {"outcome-21-appropriate", "outcome-21-not-appropriate"},
    "device-seizure": {"seize-leave-off", "isolate-and-seize-live", "seek-specialist-advice",
                       "victim-device-consent"},
}
SCENE_GUIDES = ("suspect-address", "activist-group-confrontation")

# Every phone number in the reference the content is written from. A number not here must not
# appear in content: FieldKit never invents a number.
REFERENCE_NUMBERS = {
    "08001111", "08088005000", "08081000900", "03456000459", "116123", "08000684141",
    "08081689111", "441372847161", "442038798560", "88858", "999", "101",
}


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(builtin_content_dir(), today=date.today())


def test_shipped_content_checks_clean(content: Content) -> None:
    assert [str(d) for d in content.report.errors] == []
    assert [str(d) for d in content.report.warnings if d.rule == "missing-cite"] == []
    assert content.refused == {}


def test_every_scenario_passes(content: Content) -> None:
    failed = [r.line() for r in run_scenarios(content) if not r.passed]
    assert failed == []


def test_scenario_coverage(content: Content) -> None:
    by_guide: dict[str, list[str]] = {}
    for sc in content.scenarios:
        by_guide.setdefault(sc.guide, []).append(sc.expect_outcome or "")
    assert sum(len(by_guide.get(g, [])) for g in STANDARD_OUTCOMES) >= 40
    for guide, codes in STANDARD_OUTCOMES.items():
        assert {s.outcome for s in content.guides[guide].outcomes()} == codes
        assert codes <= set(by_guide[guide]), f"{guide}: an outcome has no scenario"
    for guide in SCENE_GUIDES:
        assert len(by_guide[guide]) >= 10
        reached = {s.outcome for s in content.guides[guide].outcomes()}
        assert reached <= set(by_guide[guide])


def _values(fact_type: str, allowed: tuple[str, ...]) -> list[object]:
    if fact_type == "number":
        return [0, 5, 10, 12, 13, 14, 15, 16, 17, 18, 25, 40]
    if fact_type == "multi":
        return [(), *((v,) for v in allowed), tuple(allowed)]
    if fact_type == "date":
        return [date(2026, 1, 1), date(2026, 11, 21)]
    if fact_type == "text":
        return ["x"]
    return list(allowed)


@pytest.mark.parametrize("guide_id", [*STANDARD_OUTCOMES, *SCENE_GUIDES])
def test_every_fact_known_means_no_question(content: Content, guide_id: str) -> None:
    """Given every fact, a guide reaches an outcome without asking anything else."""
    guide = content.guides[guide_id]
    rng = random.Random(guide_id)
    choices = {f.id: _values(f.type, f.allowed_values()) for f in content.facts.values()}
    for _ in range(1500):
        facts = {fid: rng.choice(vals) for fid, vals in choices.items()}
        walk = walk_with_facts(guide, facts, content.facts)
        _path, step = walk.route()
        assert step.kind == "outcome", f"{guide_id} stopped at {step.id} with {facts}"


def test_guides_link_scripts_and_signposts_that_exist(content: Content) -> None:
    for guide in content.guides.values():
        for step in guide.outcomes():
            assert step.do, f"{guide.id}/{step.id} has no actions"
            for sid in step.scripts:
                assert sid in content.scripts
            for sid in step.signposts:
                assert sid in content.signposts
            for cid in step.checklists:
                assert cid in content.checklists
            for gid in step.then:
                assert gid in content.guides


def _strings(node: object, key: str = ""):  # type: ignore[no-untyped-def]
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _strings(v, str(k))
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v, key)
    elif isinstance(node, str) and key not in ("url", "version"):
        yield node


PHONE = re.compile(r"(?<![\d/])\+?\d[\d ]{1,}\d(?!\d)")


def unknown_numbers(node: object) -> list[str]:
    """Phone-like digit runs in any text of a YAML tree that the reference does not give."""
    out = []
    for text in _strings(node):
        for match in PHONE.findall(text):
            digits = re.sub(r"\D", "", match)
            if len(digits) >= 5 and digits not in REFERENCE_NUMBERS:
                out.append(match)
    return out


def test_no_phone_number_outside_the_reference() -> None:
    from fieldkit.yamlread import load_file

    found = []
    for path in Path(builtin_content_dir()).rglob("*.yaml"):
        found += [f"{path.name}: {n}" for n in unknown_numbers(load_file(path))]
    assert found == []


def test_the_number_check_can_fail() -> None:
    tree = {"a": ["Call 0800 123 4567.", "Childline: 0800 1111."], "url": "x/12345"}
    assert unknown_numbers(tree) == ["0800 123 4567"]


def test_signposts_carry_what_who_how_and_when(content: Content) -> None:
    required = {"childline", "report-remove", "nspcc-helpline", "ceop-safety-centre", "iwf",
                "stop-it-now", "shore", "samaritans", "papyrus", "victim-support",
                "take-it-down", "revenge-porn-helpline"}
    assert required <= set(content.signposts)
    for sp in content.signposts.values():
        assert sp.what and sp.for_ and sp.contact and sp.hours and sp.verified


def test_every_draft_says_what_is_unconfirmed_as_data(content: Content) -> None:
    """A shipped draft lists its doubts under open_points (not in prose), each naming steps or
    sections that exist; an approved item records who approved it and when."""
    for h in (obj.header for _, _, obj in content.headed()):
        if h.status == "draft":
            assert h.open_points, f"{h.path}: a draft with no open points"
        if h.status == "approved":
            assert h.approved_by and h.approved_on and not h.open_points, h.path
        assert not re.search(r"\(1\).*\(2\)", h.summary, re.S), f"{h.path}: points in prose"
    for sp in content.signposts.values():
        if sp.status == "draft":
            assert sp.open_points, f"signpost {sp.id}: a draft with no open point naming it"


def test_corrections_from_the_source_checks(content: Content) -> None:
    """The claims the source checks found wrong stay corrected."""
    ds = content.guides["device-seizure"]
    live = ds.steps["specialist-live-computer"]
    texts = [ln.text for ln in live.do]
    advice = next(i for i, t in enumerate(texts) if t.startswith("Get specialist advice first"))
    fallback = next(i for i, t in enumerate(texts) if "ACPO summary" in t)
    assert advice < fallback and "no specialist advice can be had" in texts[fallback]
    assert live.do[fallback].cite == ("fcl-seizing",)
    assert "not at the wall socket" in texts[fallback] and "laptop" in texts[fallback]
    every = " ".join(s.show + s.why + s.help + " ".join(x.text for x in s.do)
                     for s in ds.steps.values())
    assert "Investigatory Powers Act 2016" in every and "RIPA s.49, still in force" in every
    assert "s.51 is the same power for material found on a person" in every
    assert "written notice" in every and "(s.39)" in every
    assert "under 16" not in every.lower() and "under-16" not in every.lower()
    yi = content.guides["youth-imagery"]
    assert yi.steps["wales-guidance"].show.count("designated safeguarding person (DSP)") == 1
    assert "Welsh Government" in yi.steps["wales-guidance"].show
    assert "UKCIS" in yi.steps["england-guidance"].show and "(DSL)" in \
        yi.steps["england-guidance"].show
    assert any(p.id == "five-triggers" and "Section 2" in p.check
               for p in yi.header.open_points)
    o21 = content.guides["outcome-21"]
    assert "as summarised by the Police Foundation" in o21.steps["wide"].why
    assert any(p.id == "cleveland-item-5" for p in o21.header.open_points)
    appropriate = " ".join(x.text for x in o21.steps["appropriate"].do)
    assert "unlikely but possible" in appropriate and "chief officer decides" in appropriate
    sp = content.signposts
    assert any(c.value == "https://www.ceop.police.uk/Safety-Centre/"
               for c in sp["ceop-safety-centre"].contact)
    assert any(c.value == "https://www.mariecollinsfoundation.org.uk/"
               for c in sp["marie-collins-foundation"].contact)
    assert "optional" in sp["report-remove"].what
    assert "check" in sp["papyrus"].hours.lower()
    iwf = ("In the Internet Watch Foundation's confirmed reports of financially motivated sexual "
           "extortion in 2023 (176 reports), 91% were of boys, and 60% of the children shown "
           "were 16 or 17.")
    lines = [ln.text for sec in content.scripts["sextortion-victim"].sections for ln in sec.notes]
    assert any(iwf in t for t in lines)
    for path in Path(content.root).rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        assert "boys aged 14 to 18" not in text and "UK victims in" not in text, path


def test_welfare_card(content: Content) -> None:
    card = content.scripts["after-the-scene"]
    assert card.header.title == "After the scene: looking after yourself"
    words = " ".join(ln.text for sec in card.sections for ln in sec.notes)
    for needed in ("secondary trauma", "normal", "occupational health", "TRiM",
                   "Employee Assistance Programme", "Oscar Kilo"):
        assert needed in words
    assert not re.search(r"\d{3}[ \d]{4,}", words)  # no phone numbers
