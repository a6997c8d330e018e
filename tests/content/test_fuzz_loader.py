"""Hostile and random input: the loader and checker only ever return a report or raise
FieldKitError, never anything else, and in bounded time."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldkit import yamlread
from fieldkit.content import load_content
from fieldkit.diagnostics import Diagnostic, FieldKitError
from fieldkit.yamlread import parse

SAMPLE = Path(__file__).parents[1] / "fixtures" / "sample-content"
GUIDE_TEXT = (SAMPLE / "guides" / "sample.yaml").read_text(encoding="utf-8")

yaml_scalars = st.one_of(st.text(max_size=20), st.integers(), st.booleans(), st.none(),
                         st.floats(allow_nan=False))
yaml_docs = st.recursive(
    yaml_scalars,
    lambda children: st.one_of(st.lists(children, max_size=5),
                               st.dictionaries(st.text(max_size=10), children, max_size=5)),
    max_leaves=30,
)


def parse_only_raises_ours(text: str) -> None:
    try:
        parse(text, "fuzz.yaml")
    except FieldKitError as exc:
        assert exc.diagnostics and exc.diagnostics[0].path == "fuzz.yaml"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_random_text_parses_or_fails_located(text: str) -> None:
    parse_only_raises_ours(text)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=len(GUIDE_TEXT) - 1), st.integers(0, 40),
       st.text(max_size=12))
def test_mutated_guide_parses_or_fails_located(pos: int, cut: int, insert: str) -> None:
    parse_only_raises_ours(GUIDE_TEXT[:pos] + insert + GUIDE_TEXT[pos + cut:])


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(doc=yaml_docs, pos=st.integers(0, len(GUIDE_TEXT) - 1), cut=st.integers(0, 60),
       insert=st.text(alphabet=" :-[]{}\n#&*!'\"abcyesno0123", max_size=15))
def test_checker_never_crashes(tmp_path_factory, doc, pos: int, cut: int, insert: str) -> None:
    import yaml

    root = tmp_path_factory.mktemp("fuzz") / "content"
    shutil.copytree(SAMPLE, root)
    (root / "guides" / "sample.yaml").write_text(GUIDE_TEXT[:pos] + insert +
                                                 GUIDE_TEXT[pos + cut:], encoding="utf-8")
    (root / "guides" / "random.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    content = load_content(root)
    for d in content.report.items:
        assert d.line >= 1 and d.col >= 1 and d.rule and d.message


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    try:
        parse("\n".join(lines), "laughs.yaml")
    except FieldKitError as exc:
        assert exc.diagnostics[0].rule == "yaml-alias"
        assert exc.diagnostics[0].line == 2
    else:
        raise AssertionError("aliases must be refused")


def test_deep_nesting_is_refused() -> None:
    try:
        parse("[" * 5000 + "]" * 5000, "deep.yaml")
    except FieldKitError as exc:
        assert exc.diagnostics[0].rule in ("yaml-too-deep", "yaml-syntax")
    else:
        raise AssertionError("deep nesting must be refused")


def test_bare_yes_no_on_off_are_words() -> None:
    data = parse("a: yes\nb: no\nc: on\nd: off\ne: true\nf: [yes, No]\n")
    assert data == {"a": "yes", "b": "no", "c": "on", "d": "off", "e": True, "f": ["yes", "No"]}


def refused_for_depth(d: Diagnostic) -> bool:
    """Refused for its nesting: by our own guard (`yaml-too-deep`) or, first, by libyaml,
    which since PyYAML 6.0.4 stops deep flow nesting itself with a located syntax error. Which
    rule names the reason is a detail; that it is refused, located and bounded is what counts."""
    return d.rule == "yaml-too-deep" or (d.rule == "yaml-syntax"
                                         and "maximum nesting depth" in d.message)


@pytest.fixture(params=["usual", "pure-python"])
def reader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test runs on the usual readers (rapidyaml, then libyaml) and on the pure-Python
    one that PyYAML falls back to where neither is installed, where only our guard stands."""
    if request.param == "pure-python":
        from fieldkit import yamlfast

        monkeypatch.setattr(yamlfast, "ENABLED", False)
        monkeypatch.setattr(yamlread, "_FastLoader", None)
    return str(request.param)


def test_brackets_hidden_in_quotes_cannot_overflow_the_stack(reader: str) -> None:
    """Closing brackets inside quotes fool a bracket count; the composer's stack still has
    room for every bracket, and the nesting is refused with its line."""
    n = 5000
    with pytest.raises(FieldKitError) as raised:
        parse("a: " + '["]", ' * n + "]" * n, "hidden.yaml")
    d = raised.value.diagnostics[0]
    assert (d.path, d.line) == ("hidden.yaml", 1) and d.col >= 1
    assert refused_for_depth(d), d
    if reader == "pure-python":
        assert d.rule == "yaml-too-deep"  # our guard, with no libyaml in front of it


def test_deep_nesting_is_refused_by_our_guard_before_libyamls_limit(reader: str) -> None:
    """Nesting past our limit but short of libyaml's own (1,000 levels) is refused by our
    guard on either reader, at the bracket where it passes the limit."""
    depth = yamlread.MAX_DEPTH + 200
    with pytest.raises(FieldKitError) as raised:
        parse("key: " + "[" * depth + "]" * depth, "deep.yaml")
    d = raised.value.diagnostics[0]
    assert (d.path, d.line, d.rule) == ("deep.yaml", 1, "yaml-too-deep")
    assert 5 < d.col <= 5 + yamlread.MAX_DEPTH + 2


def test_many_shallow_brackets_parse_without_the_slow_scan() -> None:
    from fieldkit import yamlread

    text = "steps:\n" + "".join(f"  - {{id: s{i}, cite: [a, b], next: [{{go: x}}]}}\n"
                               for i in range(2000))
    assert not yamlread._needs_scan(text)
    assert len(parse(text, "many.yaml")["steps"]) == 2000
