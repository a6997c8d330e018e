"""Hostile text in case files: control and bidi characters, look-alike references, times at
the edge of the calendar, impossible ages, tags, and messages that leak Python internals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldkit.cases.casefile import read_casefile
from fieldkit.cli import main
from fieldkit.content import load_content
from fieldkit.diagnostics import FieldKitError
from fieldkit.textrule import identifier_key, quoted, refusal

ROOT = Path(__file__).parents[2]
CONTENT = ["--content", str(ROOT / "content")]
BASE = {
    "case": {"reference": "CAD 1 01/12/2026",
             "officer": {"name": "PC A Person", "number": "1", "station": "Central"},
             "opened": "2026-12-01T10:00:00Z", "location": "Home"},
    "facts": {"subject_age": 14},
    "exhibits": [{"ref": "SP/1", "kind": "phone", "description": "Black phone",
                  "found": "Kitchen", "seized_at": "2026-12-01T10:05:00Z", "seal": "A1",
                  "power": "on", "notes": "Flight mode",
                  "continuity": [{"from": "PC A", "to": "DC B",
                                  "at": "2026-12-01T12:00:00Z", "why": "To the lab"}]}],
    "signposts": ["childline"],
    "checklists": {"before-leaving-scene": ["item"]},
    "scripts": [{"script": "parent-of-victim", "sections": ["opening"],
                 "lines": [{"section": "opening", "text": "Said this",
                            "at": "2026-12-01T10:10:00Z"}]}],
    "notes": "Two\nlines",
}


def write(tmp_path: Path, data: dict, name: str = "case.yaml") -> Path:  # type: ignore[type-arg]
    """As JSON (which is YAML), so every character arrives as an escape, exactly."""
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=True, indent=1), encoding="utf-8")
    return path


def with_value(path: tuple, value: object) -> dict:  # type: ignore[type-arg]
    data = yaml.safe_load(yaml.safe_dump(BASE))
    node = data
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return data


# Every text field of a case file, as a path into BASE.
TEXT_FIELDS = [
    ("case", "reference"), ("case", "location"),
    ("case", "officer", "name"), ("case", "officer", "number"), ("case", "officer", "station"),
    ("exhibits", 0, "ref"), ("exhibits", 0, "kind"), ("exhibits", 0, "description"),
    ("exhibits", 0, "found"), ("exhibits", 0, "seal"), ("exhibits", 0, "notes"),
    ("exhibits", 0, "continuity", 0, "from"), ("exhibits", 0, "continuity", 0, "to"),
    ("exhibits", 0, "continuity", 0, "why"),
    ("signposts", 0), ("checklists", "before-leaving-scene", 0),
    ("scripts", 0, "script"), ("scripts", 0, "sections", 0),
    ("scripts", 0, "lines", 0, "section"), ("scripts", 0, "lines", 0, "text"),
    ("notes",),
]
IDENTIFIERS = {("case", "reference"), ("exhibits", 0, "ref"), ("exhibits", 0, "seal")}
MULTILINE = {("exhibits", 0, "description"), ("exhibits", 0, "notes"),
             ("exhibits", 0, "continuity", 0, "why"), ("scripts", 0, "lines", 0, "text"),
             ("notes",)}
CONTROLS = [chr(c) for c in (*range(0, 9), *range(11, 32), 127, *range(0x80, 0xA0))]
BIDI = list("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
INVISIBLE = list("\u200b\u200c\u200d\u2060\ufeff\u00ad\u3164")


def test_the_base_case_reads(tmp_path: Path) -> None:
    case = read_casefile(write(tmp_path, BASE))
    assert case.exhibits[0].ref == "SP/1"


@pytest.mark.parametrize("field", TEXT_FIELDS, ids=lambda f: ".".join(map(str, f)))
def test_escape_and_bell_are_refused_at_their_location_in_every_field(
        tmp_path: Path, field: tuple) -> None:  # type: ignore[type-arg]
    path = write(tmp_path, with_value(field, "ok\x1b]0;owned\x07\x1b[2J"))
    with pytest.raises(FieldKitError) as caught:
        read_casefile(path)
    text = str(caught.value)
    assert "error[bad-text]" in text and "control character \\x1b" in text
    assert "\x1b" not in text and "\x07" not in text
    line = next(d for d in caught.value.diagnostics if d.rule == "bad-text").line
    assert "ok" in path.read_text().splitlines()[line - 1]


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(TEXT_FIELDS),
       bad=st.sampled_from(CONTROLS + BIDI + INVISIBLE),
       before=st.text(alphabet="abcXYZ 12/", max_size=6),
       after=st.text(alphabet="abcXYZ 12/", max_size=6))
def test_fuzz_control_and_bidi_characters_in_every_text_field(
        tmp_path: Path, field: tuple, bad: str, before: str, after: str) -> None:  # type: ignore[type-arg]
    value = f"x{before}{bad}{after}x"
    path = write(tmp_path, with_value(field, value))
    refused = bad in CONTROLS and not (field in MULTILINE and bad in "\t\n")
    refused = refused or (field in IDENTIFIERS and bad not in CONTROLS)
    try:
        case = read_casefile(path)
    except FieldKitError as exc:
        text = str(exc)
        assert refused, text
        assert "bad-text" in text and bad not in text.replace("\n", "")
        assert all(len(line) < 400 for line in text.splitlines())
        return
    assert not refused, f"{field} accepted {value!r}"
    assert case is not None


def test_tab_and_newline_only_in_multiline_fields(tmp_path: Path) -> None:
    read_casefile(write(tmp_path, with_value(("notes",), "a\tb\nc")))
    with pytest.raises(FieldKitError, match="bad-text"):
        read_casefile(write(tmp_path, with_value(("case", "location"), "a\tb")))


def test_look_alike_exhibit_references_are_one_reference(tmp_path: Path) -> None:
    for twin in ("SP/1 ", "sp/1", "\u0053P/1"):
        data = with_value(("exhibits",), [dict(BASE["exhibits"][0]),
                                          {**BASE["exhibits"][0], "ref": twin}])
        data["exhibits"][1].pop("continuity")
        with pytest.raises(FieldKitError, match="duplicate-id"):
            read_casefile(write(tmp_path, data))
    for hidden in ("SP/1\u200b", "\u202eSP/1", "SP\u00a0/1"):
        with pytest.raises(FieldKitError, match="invisible or direction"):
            read_casefile(write(tmp_path, with_value(("exhibits", 0, "ref"), hidden)))
    decomposed = with_value(("exhibits", 0, "ref"), "  Sia\u0302n/1 ")
    case = read_casefile(write(tmp_path, decomposed))
    assert case.exhibits[0].ref == "Si\u00e2n/1"
    assert identifier_key("SI\u00c2N/1") == identifier_key(" si\u0061\u0302n/1")


def test_a_huge_bad_value_gives_a_short_message(tmp_path: Path) -> None:
    value = "\x1b" + "A" * 3_000_000
    with pytest.raises(FieldKitError) as caught:
        read_casefile(write(tmp_path, with_value(("notes",), value)))
    assert max(len(line) for line in str(caught.value).splitlines()) < 400
    assert len(quoted("x" * 500)) <= 85 and quoted("a\x00b") == "'a\\x00b'"
    assert refusal("fine") == ""


def test_import_and_list_never_print_control_characters(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, with_value(("case", "reference"),
                                      "\x1b[2J\x1b]0;pwned\x07imported ALL FINE"))
    assert main(["case", "import", str(path), *CONTENT]) == 1
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert "error[bad-text]" in err
    assert main(["case", "list"]) == 0
    assert "no cases saved" in capsys.readouterr().out


@pytest.mark.parametrize("when", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:30:00-01:00",
                                  "1899-12-31T23:00:00Z", "2201-01-01T00:00:00Z"])
@pytest.mark.parametrize("command", ["case-import", "handover", "labels", "leaflet"])
def test_times_outside_1900_to_2200_are_bad_time_at_their_location(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], when: str, command: str) -> None:
    path = write(tmp_path, with_value(("exhibits", 0, "seized_at"), when))
    args = {"case-import": ["case", "import", str(path)],
            "handover": ["handover", str(path), "--out", str(tmp_path / "o")],
            "labels": ["labels", str(path), "--out", str(tmp_path / "o")],
            "leaflet": ["leaflet", str(path), "--out", str(tmp_path / "o")]}[command]
    assert main([*args, *CONTENT]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "Overflow" not in err
    assert f"{path}:" in err and "error[bad-time]" in err and "1900" in err


@pytest.mark.parametrize("age", [-3, 14.7, 121, 10**38, "12345678901234567890123456789012345678"])
def test_ages_are_whole_numbers_from_0_to_120(tmp_path: Path, age: object,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, with_value(("facts", "subject_age"), age))
    assert main(["walk", "youth-imagery", "--facts", str(path), *CONTENT]) == 1
    err = capsys.readouterr().err
    assert "whole number from 0 to 120" in err and "Traceback" not in err


def test_age_0_and_120_are_fine(tmp_path: Path) -> None:
    content = load_content(ROOT / "content")
    for age in (0, 120):
        case = read_casefile(write(tmp_path, with_value(("facts", "subject_age"), age)), content)
        assert case.facts["subject_age"] == age


@pytest.mark.parametrize("text", ["case: !foo {reference: x}\n",
                                  "case: !!python/object:os.system {}\n",
                                  "exhibits: !bag [a]\n"])
def test_tags_on_mappings_and_lists_are_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(text)
    with pytest.raises(FieldKitError, match="yaml-tag"):
        read_casefile(path)


def test_messages_use_plain_words_not_python(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    data = with_value(("case", "location"), None)
    text = yaml.safe_dump(data).replace("location: null", "location: 2026-01-01")
    path = tmp_path / "case.yaml"
    path.write_text(text)
    assert main(["handover", str(path), "--out", str(tmp_path / "o"), *CONTENT]) == 1
    err = capsys.readouterr().err
    assert "datetime." not in err and "the date 2026-01-01" in err
    digits = tmp_path / "facts.yaml"
    digits.write_text("subject_age: " + "9" * 5000 + "\n")
    assert main(["walk", "youth-imagery", "--facts", str(digits), *CONTENT]) == 1
    err = capsys.readouterr().err
    assert "set_int_max_str_digits" not in err and "sys." not in err
    assert max(len(line) for line in err.splitlines()) < 400


def test_what_an_officer_types_follows_the_same_rule(tmp_path: Path) -> None:
    from fieldkit.cases.db import StoreError
    from fieldkit.cases.model import Exhibit
    from fieldkit.cases.store import CaseStore

    with CaseStore.open(tmp_path / "c.db") as store:
        with pytest.raises(StoreError, match="control character"):
            store.create_case("CAD\x1b[2J 1", "PC A")
        cid = store.create_case("  CAD 1  ", "PC A")
        assert store.load(cid).reference == "CAD 1"
        store.add_exhibit(cid, Exhibit("SP/1"))
        for twin in ("sp/1", " SP/1 ", "Sp/1"):
            with pytest.raises(StoreError, match="already used"):
                store.add_exhibit(cid, Exhibit(twin))
        for hidden in ("SP/2\u200b", "\u202eSP/2"):
            with pytest.raises(StoreError, match="invisible or direction"):
                store.add_exhibit(cid, Exhibit(hidden))
        with pytest.raises(StoreError, match="control character"):
            store.set_notes(cid, "fine\x07")
        store.set_notes(cid, "line one\n\tline two")
        ex = store.add_exhibit(cid, Exhibit("SP/2"))
        store.update_exhibit(cid, ex, ref="sp/2")  # its own reference, in another case
        assert [e.ref for e in store.load(cid).exhibits] == ["SP/1", "sp/2"]


def test_case_list_escapes_text_saved_before_the_rule(
        data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from fieldkit.cases.store import CaseStore

    with CaseStore.open() as store:
        cid = store.create_case("CAD 9", "PC A")
        store.conn.execute("UPDATE cases SET reference = ? WHERE id = ?",
                           ("CAD\x1b]0;owned\x07 9\u202e", cid))
    assert main(["case", "list"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "CAD\\x1b]0;owned\\x07 9\\u202e" in out
