"""The content format as JSON Schema (draft 2020-12), for editors that check YAML as you type.

Generated from `fieldkit.content.schema.SPECS` (and the value lists the loader checks), so it
cannot drift from what the checker accepts. Meaning (references, reachability, facts of the
right type) is left to `fieldkit content check`: a schema sees one file at a time.
"""

from __future__ import annotations

from typing import Any

from fieldkit.content.conditions import OPS
from fieldkit.content.model import FACT_TYPES, FAMILY_FOR, STATUSES
from fieldkit.content.schema import (
    CONTACT_KINDS,
    FACT_ID_RE,
    ID_RE,
    SEMVER_RE,
    SIGNPOST_FOR,
    SITUATIONS,
    SPECS,
    TALK_AUDIENCES,
    K,
)

DRAFT = "https://json-schema.org/draft/2020-12/schema"
BASE_ID = "https://fieldkit.invalid/schema/"

# File kind -> (root spec, id key that marks the file, where such files live)
KINDS: dict[str, tuple[str, str, str]] = {
    "guide": ("guide", "guide", "guides/*.yaml"),
    "script": ("script", "script", "scripts/*.yaml"),
    "checklist": ("checklist", "checklist", "checklists/*.yaml"),
    "talk": ("talk", "talk", "talks/*.yaml"),
    "signposts": ("signposts-file", "signposts", "signposts/*.yaml"),
    "scenarios": ("scenarios-file", "scenarios", "scenarios/*.yaml"),
    "facts": ("facts-file", "facts", "facts.yaml, facts/*.yaml"),
    "synonyms": ("synonyms-file", "synonyms", "search-synonyms.yaml"),
    "content": ("manifest", "", "content.yaml"),
}

# Values the loader checks beyond SPECS: (spec, key) -> allowed values.
ENUMS: dict[tuple[str, str], tuple[str, ...]] = {
    ("fact", "type"): FACT_TYPES,
    ("contact", "kind"): CONTACT_KINDS,
    ("signpost", "for"): SIGNPOST_FOR,
    ("signpost", "situations"): SITUATIONS,
    ("talk", "audience"): TALK_AUDIENCES,
    ("script-family", "for"): FAMILY_FOR,
}

_TEXT = {"type": ["string", "number"], "minLength": 1, "pattern": r"\S"}
_SCALAR = {"type": ["string", "number", "boolean"]}
_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}"}


def _ref(spec: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{spec}"}


def _type(k: K, enum: tuple[str, ...] | None = None) -> dict[str, Any]:
    t = k.type
    if t == "any":
        return {}
    if t == "text":
        return {"type": "string", "enum": list(enum)} if enum else dict(_TEXT)
    if t == "scalar":
        return dict(_SCALAR)
    if t == "id":
        return {"type": "string", "pattern": ID_RE.pattern}
    if t == "factid":
        return {"type": "string", "pattern": FACT_ID_RE.pattern}
    if t == "version":
        return {"type": "string", "pattern": SEMVER_RE.pattern}
    if t == "date":
        return dict(_DATE)
    if t == "status":
        return {"enum": list(STATUSES)}
    if t == "int":
        return {"type": "integer"}
    if t == "number":
        return {"type": "number"}
    if t == "bool":
        return {"type": "boolean"}
    if t.startswith("list-") and t != "list-map":
        item = _type(K(t[5:]), enum)
        return {"type": "array", "items": item}
    if t == "cite":
        return {"type": "array", "items": {"type": "string", "minLength": 1, "pattern": r"\S"}}
    if t == "sources":
        return {"type": "object", "additionalProperties": _ref("source")}
    if t == "lines":
        line = {"type": "string", "pattern": r"\S"}
        return {"type": "array", "items": {"anyOf": [line, _ref("line")]}}
    if t == "map":
        return _ref(k.spec)
    if t == "list-map":
        return {"type": "array", "items": _ref(k.spec)}
    raise ValueError(f"no JSON Schema for spec type {t}")  # pragma: no cover


def _object(name: str) -> dict[str, Any]:
    spec = SPECS[name]
    props: dict[str, Any] = {}
    for key, k in spec.items():
        schema = _type(k, ENUMS.get((name, key)))
        if name == "branch" and key == "if":
            schema = _ref("condition")
        props[key] = schema
    out: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
    required = [key for key, k in spec.items() if k.required]
    if required:
        out["required"] = required
    return out


def _condition() -> dict[str, Any]:
    """The `if:` language of fieldkit.content.conditions (operators from its OPS)."""
    cond = _ref("condition")
    compare = {"type": "object", "minProperties": 1, "propertyNames": {"enum": list(OPS)}}
    return {
        "type": "object",
        "minProperties": 1,
        "properties": {
            "any": {"type": "array", "minItems": 1, "items": cond},
            "all": {"type": "array", "minItems": 1, "items": cond},
            "not": cond,
        },
        "propertyNames": {"anyOf": [{"enum": ["any", "all", "not"]},
                                    {"pattern": FACT_ID_RE.pattern}]},
        "additionalProperties": {"anyOf": [
            dict(_SCALAR),
            {"type": "array", "minItems": 1, "items": dict(_SCALAR)},
            compare,
        ]},
    }


def _step() -> dict[str, Any]:
    """A guide step is a question, an info step or an outcome, told apart by its keys."""
    return {
        "type": "object",
        "if": {"required": ["outcome"]},
        "then": _ref("outcome"),
        "else": {
            "if": {"required": ["show"]},
            "then": _ref("info"),
            "else": _ref("question"),
        },
    }


def definitions() -> dict[str, Any]:
    defs = {name: _object(name) for name in SPECS}
    defs["step"] = _step()
    defs["condition"] = _condition()
    return defs


def schema_for(kind: str) -> dict[str, Any]:
    """One file kind's schema, self-contained (it carries the $defs it needs)."""
    root, _, where = KINDS[kind]
    return {
        "$schema": DRAFT,
        "$id": f"{BASE_ID}{kind}.schema.json",
        "title": f"FieldKit content: {kind} file ({where})",
        "$ref": f"#/$defs/{root}",
        "$defs": definitions(),
    }


def combined_schema() -> dict[str, Any]:
    """Every file kind in one document: picks the kind by the file's id key."""
    chain: dict[str, Any] = _ref(KINDS["content"][0])
    for kind in reversed([k for k in KINDS if KINDS[k][1]]):
        root, key, _ = KINDS[kind]
        chain = {"if": {"required": [key]}, "then": _ref(root), "else": chain}
    return {
        "$schema": DRAFT,
        "$id": f"{BASE_ID}fieldkit-content.schema.json",
        "title": "FieldKit content (any file kind)",
        "description": "Structure only: run `fieldkit content check` for references, facts "
        "and reachability.",
        "type": "object",
        **chain,
        "$defs": definitions(),
    }
