"""Reading a `--facts` file: a mapping of fact ids to values, or a case file's `facts:`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fieldkit.content.conditions import coerce
from fieldkit.content.model import Fact
from fieldkit.content.schema import describe, did_you_mean
from fieldkit.diagnostics import Diagnostic, FieldKitError
from fieldkit.yamlread import Loc, YMap, load_file, not_a_file


def read_facts(path: Path, declared: dict[str, Fact]) -> dict[str, Any]:
    """Facts as typed values; every problem is collected and raised as one located error."""
    shown = str(path)
    why = not_a_file(path, "facts file")
    if why:
        raise FieldKitError(Diagnostic(shown, 1, 1, "error", "missing-file", why))
    from fieldkit.security.imagery import refuse_file, refuse_in

    refuse_file(path, shown)  # FieldKit never reads an image, whatever a command is given
    data = load_file(path, shown)
    refuse_in(data, shown)
    if data is None:
        data = YMap()
        data.loc, data.key_locs, data.value_locs = Loc(1, 1), {}, {}
    if not isinstance(data, YMap):
        raise FieldKitError(Diagnostic(shown, 1, 1, "error", "bad-type",
                                       f"a facts file should be a mapping of fact id to value "
                                       f"(or a case file with 'facts:'); found {describe(data)}"))
    if "case" in data or "facts" in data:
        facts = data.get("facts")
        if facts is None:
            return {}
        if not isinstance(facts, YMap):
            loc = data.vloc("facts")
            raise FieldKitError(Diagnostic(shown, loc.line, loc.col, "error", "bad-type",
                                           f"'facts' should be a mapping; found "
                                           f"{describe(facts)}"))
        data = facts
    return typed_facts(data, declared, shown)


def typed_facts(data: YMap, declared: dict[str, Fact], shown: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    problems: list[Diagnostic] = []
    for key, raw in data.items():
        loc = data.kloc(key)
        fact = declared.get(key) if isinstance(key, str) else None
        if fact is None:
            problems.append(Diagnostic(shown, loc.line, loc.col, "error", "unknown-fact",
                                       f"'{key}' is not a declared fact"
                                       f"{did_you_mean(key, declared)}"))
            continue
        if raw is None:
            continue
        value, problem = coerce(fact, raw)
        if problem:
            vloc = data.vloc(key)
            problems.append(Diagnostic(shown, vloc.line, vloc.col, "error", "bad-value", problem))
            continue
        out[key] = value
    if problems:
        raise FieldKitError(problems)
    return out

