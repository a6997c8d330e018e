"""Case files: import, export and re-import give the same case; bad files get located errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldkit.cases.casefile import casefile_text, read_casefile, write_casefile
from fieldkit.cases.store import CaseStore
from fieldkit.content import builtin_content_dir, load_content
from fieldkit.content.model import Content
from fieldkit.diagnostics import FieldKitError, Report

FIXTURES = Path(__file__).parents[1] / "fixtures" / "cases"
EXAMPLE = FIXTURES / "example-case.yaml"


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(FIXTURES / "content")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return path


V1 = """\
case:
  reference: "CAD 4471 21/11/2026"
  officer: {name: PC Sam Jones, number: "4471", station: Central}
  opened: 2026-11-21T22:40:00Z
  location: School premises (recorded in the force system)
facts:
  subject_age: 15
  adult_involved: no
  coercion_or_blackmail: no
  shared_widely: yes
  device_kind: phone
  device_power: on
walks: [youth-imagery, device-seizure]
exhibits:
  - ref: SJ/1
    kind: phone
    description: Black smartphone, cracked screen
    found: Kitchen table
    seized_at: 2026-11-21T23:05:00Z
    seal: "A1234567"
    power: on
    locked: "yes"
    passcode_given: "no"
    notes: Put in flight mode at 23:04; kept powered
signposts: [childline, ceop]
checklists:
  before-leaving-scene: [exhibits-sealed]
notes: |
  Free text, kept exactly as typed.
"""


def test_the_v1_contract_example_still_reads(tmp_path: Path, content: Content) -> None:
    report = Report()
    case = read_casefile(_write(tmp_path, V1), content, report)
    assert case.facts["adult_involved"] == "no" and case.facts["device_power"] == "on"
    assert case.exhibits[0].power == "on" and case.exhibits[0].seal == "A1234567"
    assert [s.signpost for s in case.signposts] == ["childline", "ceop"]
    assert case.notes == "Free text, kept exactly as typed.\n"
    # plain guide ids: each walk is credited with the facts it asked first
    assert case.walks[0].answered == ["adult_involved", "coercion_or_blackmail",
                                      "subject_age", "shared_widely"]
    assert case.walks[1].answered == ["device_kind", "device_power"]
    # 'ceop' is not in this content: a warning, and the case still loads
    [warning] = report.items
    assert warning.rule == "unknown-signpost" and (warning.line, warning.col) == (25, 24)


def test_import_export_reimport_round_trip(tmp_path: Path, content: Content) -> None:
    original = read_casefile(EXAMPLE, None)  # no content: facts as written
    with CaseStore.open() as store:
        cid = store.import_case(original, str(EXAMPLE))
        stored = store.load(cid)
        assert stored == original
        out = tmp_path / "exported.yaml"
        write_casefile(stored, out)
    again = read_casefile(out, None)
    assert again == original
    assert casefile_text(again) == out.read_text(encoding="utf-8")
    with CaseStore.open() as store:
        second = store.load(store.import_case(again, str(out)))
        assert second == original
        assert [e.action for e in store.audit(second.id)] == ["case-imported"]


def test_awkward_text_survives_the_round_trip(tmp_path: Path, content: Content) -> None:
    text = V1.replace("Free text, kept exactly as typed.",
                      '<script>&"quotes" ŵŷ Zoë £5 — –\n    yes\n      indented: no')
    case = read_casefile(_write(tmp_path, text), content)
    out = tmp_path / "out.yaml"
    write_casefile(case, out)
    assert read_casefile(out, content) == case
    assert case.notes == '<script>&"quotes" ŵŷ Zoë £5 — –\n  yes\n    indented: no\n'


@pytest.mark.parametrize(("snippet", "replacement", "expected"), [
    ("  adult_involved: no", "  adult_involved: nope",
     ":8:19: error[bad-value]: 'adult_involved' takes one of yes, no, unknown"),
    ("  subject_age: 15", "  subject_agee: 15",
     ":7:3: error[unknown-fact]: 'subject_agee' is not a declared fact; did you mean "
     "'subject_age'?"),
    ("    seal: \"A1234567\"", "    sael: \"A1234567\"",
     ":20:5: error[unknown-key]: an exhibit has no key 'sael'; did you mean 'seal'?"),
    ("    power: on", "    power: flat",
     ":21:12: error[bad-value]: 'power' takes one of on, off, unknown"),
    ("    seized_at: 2026-11-21T23:05:00Z", "    seized_at: 2026-11-21 23:05",
     ":19:16: error[bad-time]: 'seized_at' of an exhibit should be a date and time with its "
     "zone"),
    ("  opened: 2026-11-21T22:40:00Z\n", "",
     ":2:3: error[missing-key]: the case needs 'opened'"),
    ("notes: |", "note: |", ":28:1: error[unknown-key]: a case file has no key 'note'; did you "
     "mean 'notes'?"),
])
def test_bad_case_files_get_located_errors(tmp_path: Path, content: Content, snippet: str,
                                           replacement: str, expected: str) -> None:
    assert snippet in V1
    path = _write(tmp_path, V1.replace(snippet, replacement, 1))
    with pytest.raises(FieldKitError) as err:
        read_casefile(path, content)
    assert any(str(d).startswith(str(path)) and expected in str(d)
               for d in err.value.diagnostics), str(err.value)


def test_every_problem_is_reported_at_once(tmp_path: Path, content: Content) -> None:
    text = V1.replace("power: on", "power: flat").replace(
        "  subject_age: 15", "  subject_age: old").replace("    seal:", "    sael:")
    with pytest.raises(FieldKitError) as err:
        read_casefile(_write(tmp_path, text), content)
    found = [(d.line, d.rule) for d in err.value.diagnostics]
    assert sorted(found) == [(7, "bad-value"), (12, "bad-value"), (20, "unknown-key"),
                             (21, "bad-value")]


def test_unknown_keys_and_duplicate_refs_are_refused(tmp_path: Path, content: Content) -> None:
    text = V1 + "exhibits_again: 1\n"
    with pytest.raises(FieldKitError, match="unknown-key"):
        read_casefile(_write(tmp_path, text), content)
    two = V1.replace("signposts:", "  - ref: SJ/1\nsignposts:")
    with pytest.raises(FieldKitError, match=r":25:10: error\[duplicate-id\]: exhibit 'SJ/1' "
                       r"appears twice \(first at line 15\)"):
        read_casefile(_write(tmp_path, two), content)


def test_a_bad_file_saves_nothing(tmp_path: Path, content: Content) -> None:
    from fieldkit.cli import main

    with CaseStore.open() as store:
        cid = store.import_case(read_casefile(_write(tmp_path, V1), content))
        before = store.audit(cid)
    bad = tmp_path / "bad.yaml"
    bad.write_text(V1.replace("power: on", "power: flat"), encoding="utf-8")
    assert main(["case", "import", str(bad), "--content", str(FIXTURES / "content")]) == 1
    with CaseStore.open() as store:
        assert [c.id for c in store.list_cases()] == [cid]
        assert store.audit(cid) == before


def test_a_tick_listed_twice_imports_once(tmp_path: Path) -> None:
    """A checklist item ticked twice in a case file is one tick, with a warning."""
    content = load_content(builtin_content_dir())
    case = read_casefile(EXAMPLE, content)
    cid, items = next((k, v) for k, v in case.checklists.items() if v)
    case.checklists[cid] = [items[0], items[0]]
    path = tmp_path / "case.yaml"
    write_casefile(case, path)
    report = Report()
    again = read_casefile(path, content, report)
    assert again.checklists[cid] == [items[0]]
    assert "duplicate-item" in {d.rule for d in report.warnings}
