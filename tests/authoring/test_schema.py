"""The published JSON Schema accepts what the checker accepts and rejects broken files."""

from __future__ import annotations

import copy
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from fieldkit.authoring.schema import KINDS, combined_schema, schema_for
from fieldkit.cli import main
from fieldkit.content import builtin_content_dir
from fieldkit.content.loader import SPEC_FOR, content_files
from fieldkit.content.schema import SPECS, Validator
from fieldkit.diagnostics import FieldKitError, Report
from fieldkit.yamlread import load_file, parse

FIX = Path(__file__).parents[1] / "fixtures" / "authoring"
STRUCTURE = {"unknown-key", "missing-key", "bad-type", "empty-text", "bad-id", "bad-version",
             "bad-date", "bad-status", "step-kind"}
SPEC_OF = {**SPEC_FOR, "facts": "facts-file", "manifest": "manifest"}
VALIDATOR = jsonschema.Draft202012Validator(combined_schema())



def plain(v: Any) -> Any:
    """YAML as an editor's language server sees it: dates are text."""
    if isinstance(v, dict):
        return {str(k): plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    if isinstance(v, (date, datetime)):
        return v.isoformat()
    return v


def schema_errors(data: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(plain(data))]


def checker_errors(data: Any, spec: str) -> set[str]:
    report = Report()
    Validator("x.yaml", report).mapping(data, spec, data.loc)
    return {d.rule for d in report.errors}


SHIPPED = content_files(builtin_content_dir())


@pytest.mark.parametrize(("kind", "path"), SHIPPED, ids=[p.name for _, p in SHIPPED])
def test_schema_agrees_with_checker_on_shipped_file(kind: str, path: Path) -> None:
    data = load_file(path)  # a shipped file that cannot be read is a failure, not a skip
    structural = checker_errors(data, SPEC_OF[kind]) & STRUCTURE
    if structural:
        assert schema_errors(data), f"checker found {structural} but the schema accepted it"
    else:
        assert schema_errors(data) == []


def test_schema_accepts_every_fixture_file() -> None:
    for folder in ("base", "changed"):
        for _, path in content_files(FIX / folder):
            assert schema_errors(load_file(path)) == [], path


def test_every_kind_file_is_accepted_by_its_own_schema() -> None:
    by_kind = {"guides": "guide", "scripts": "script", "checklists": "checklist",
               "talks": "talk", "signposts": "signposts", "scenarios": "scenarios",
               "facts": "facts", "manifest": "content", "synonyms": "synonyms"}
    for kind, path in content_files(builtin_content_dir()):
        try:
            data = load_file(path)
        except FieldKitError:
            continue
        if checker_errors(data, SPEC_OF[kind]) & STRUCTURE:
            continue
        own = jsonschema.Draft202012Validator(schema_for(by_kind[kind]))
        assert list(own.iter_errors(plain(data))) == [], path


GUIDE = (FIX / "base" / "guides" / "sample.yaml").read_text()

BROKEN = {
    "unknown key": ("title: Sample guide", "titel: Sample guide\ntitle: Sample guide"),
    "missing key": ("start: age\n", ""),
    "bad status": ("status: draft", "status: final"),
    "bad version": ("version: 1.0.0", "version: one"),
    "bad date": ("reviewed: 2026-11-21", "reviewed: last tuesday"),
    "empty text": ("ask: Is an adult involved?", 'ask: "  "'),
    "step with two kinds": ("    ask: Is an adult involved?",
                            "    ask: Is an adult involved?\n    show: And this."),
    "unknown key in a step": ("    fact: adult_involved", "    fact: adult_involved\n    hint: x"),
    "bad step id": ("- id: adult", "- id: Adult Step"),
    "missing outcome title": ("    title: Refer now\n", ""),
    "cite not a list": ("    cite: [test-src]\n    next:\n      - if: {adult",
                        "    cite: test-src\n    next:\n      - if: {adult"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_guides_are_rejected_by_schema_and_checker(case: str) -> None:
    old, new = BROKEN[case]
    assert old in GUIDE
    data = parse(GUIDE.replace(old, new, 1))
    assert checker_errors(data, "guide") & STRUCTURE, "the checker should reject it too"
    assert schema_errors(data), f"schema accepted a guide with {case}"


@pytest.mark.parametrize("text", [
    "{subject_age: {lt: 13, about: 2}}",  # unknown operator
    "[]",  # not a mapping
    "{}",  # empty
    "{any: []}",  # empty any
])
def test_bad_conditions_are_rejected(text: str) -> None:
    data = parse(GUIDE.replace("{subject_age: {lt: 13}}", text, 1))
    assert schema_errors(data)


def test_removing_any_required_key_is_rejected_like_the_checker() -> None:
    """A drift check: for each required key of a guide, its first step and first outcome,
    deleting it makes both the checker and the schema reject the file."""
    base = parse(GUIDE)
    places = [([], "guide"), (["steps", 0], "question"), (["steps", 4], "outcome")]
    for where, spec in places:
        for key, k in SPECS[spec].items():
            if not k.required:
                continue
            data = copy.deepcopy(base)
            node = data
            for part in where:
                node = node[part]
            del node[key]
            assert schema_errors(data), f"schema accepted {spec} without '{key}'"


def test_other_kinds_reject_unknown_and_missing_keys() -> None:
    bad_checklist = {"checklist": "c", "title": "T", "version": "1.0.0", "status": "draft",
                     "owner": "o", "reviewed": "2026-11-21", "review_due": "2027-05-21",
                     "sources": {}, "items": [{"id": "a"}]}
    assert schema_errors(bad_checklist)  # item without text
    bad_facts = {"facts": [{"id": "x", "label": "X", "type": "colour"}]}
    assert schema_errors(bad_facts)  # fact type the loader does not know
    bad_contact = {"signposts": [{"id": "s", "name": "S", "what": "w", "for": ["child"],
                                  "contact": [{"kind": "fax", "value": "1"}], "hours": "h",
                                  "verified": "2026-11-21"}]}
    assert schema_errors(bad_contact)


def test_schema_command_writes_valid_draft_2020_12(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["content", "schema", "--dir", str(tmp_path / "s")]) == 0
    files = sorted((tmp_path / "s").glob("*.json"))
    assert len(files) == len(KINDS) + 1
    for f in files:
        jsonschema.Draft202012Validator.check_schema(json.loads(f.read_text()))
    assert main(["content", "schema", "--kind", "guide", "--out", str(tmp_path / "g.json")]) == 0
    assert json.loads((tmp_path / "g.json").read_text())["$ref"] == "#/$defs/guide"
    capsys.readouterr()
    assert main(["content", "schema"]) == 0
    combined = json.loads(capsys.readouterr().out)
    assert combined["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert set(SPECS) <= set(combined["$defs"])
