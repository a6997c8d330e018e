"""The fast reader builds exactly what the full reader builds (values, types and every
location), or hands the text to the full reader; it never accepts what the full reader refuses,
and never prints rapidyaml's own messages."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldkit import yamlfast, yamlread
from fieldkit.diagnostics import FieldKitError
from fieldkit.yamlread import YList, YMap

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted((ROOT / "content").rglob("*.yaml")) + sorted(
    (ROOT / "tests" / "fixtures").rglob("*.yaml"))

pytestmark = pytest.mark.skipif(not yamlfast.ENABLED, reason="rapidyaml not installed")


def shape(x: Any) -> Any:
    """Values, their Python types and all locations, comparable with ==."""
    if isinstance(x, YMap):
        return ("map", x.loc, [(k, type(k).__name__, shape(v), x.key_locs[k], x.value_locs[k])
                               for k, v in x.items()])
    if isinstance(x, YList):
        return ("list", x.loc, [(shape(v), loc) for v, loc in zip(x, x.item_locs, strict=True)])
    return (type(x).__name__, x)


def full(text: str) -> Any:
    """The full reader alone: what the fast reader must match."""
    enabled = yamlfast.ENABLED
    yamlfast.ENABLED = False
    try:
        return shape(yamlread.parse(text, "t.yaml"))
    except FieldKitError as exc:
        return ("error", exc.diagnostics[0].rule)
    finally:
        yamlfast.ENABLED = enabled


def agrees(text: str) -> bool:
    """True if the fast reader built the document; fails if what it built differs."""
    quick = yamlfast.parse(text, "t.yaml")
    if quick is None:
        return False
    assert shape(quick) == full(text), text[:200]
    return True


def test_every_shipped_and_fixture_file_reads_the_same() -> None:
    built = [agrees(p.read_text(encoding="utf-8")) for p in FILES]
    assert sum(built) >= len(built) - 2, "the fast reader should take nearly every real file"


def test_generated_guides_read_the_same(tmp_path: Path) -> None:
    from benchmarks.generate import write_content

    root = write_content(tmp_path / "c", 300, guides=1)
    for path in [root / "facts.yaml", *sorted((root / "guides").glob("*.yaml"))]:
        assert agrees(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("text", [
    'a: "x\\ty"\n\'b\': \'q\'\n',  # quoted keys and values: located at the quote
    "say: |\n  one\n  two\nnext: >-\n  folded\n  text\n",  # block scalars: at the indicator
    "a:\nb: []\nc: {}\nd: ~\ne: [x, {go: y}]\n",  # empty values and empty flow collections
    "list:\n- a\n-   b\n- {id: c, cite: [s]}\n",  # indentless lists
    "title: Café — naïve ‘quotes’\nnext: [{go: x}, {go: ü}]\n",  # columns count characters
    "a: 1\r\nb: [x, y]\r\nc: text\r\n",  # Windows line ends
    "n: 12\nf: 1.5\nt: true\nw: yes\nd: 2026-11-21\ns: '12'\nnul: null\nneg: -3\n",  # types
    "multi: a plain\n  scalar over lines\nnext: x\n",
    "# a comment\nkey: value  # trailing\nother:    spaced\n",
])
def test_located_cases_read_the_same(text: str) -> None:
    assert agrees(text)


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n",  # aliases
    "base: &b {x: 1}\ncase:\n  <<: *b\n",  # merge keys
    "case: !!python/object/apply:os.system ['echo owned']\n",  # tags
    "a: 1\na: 2\n",  # duplicate key: the full reader names both lines
    "a: [1, 2\n",  # syntax error
    "a: b\tc\n",  # tabs
    "a: 2026-02-30\n",  # a date that does not exist
    "---\na: 1\n---\nb: 2\n",  # two documents
    "- a\n- b\n",  # not a mapping
    "a: " + "[" * 100 + "]" * 100 + "\n",  # deeper than the limit
    "a: @x\n",  # a reserved indicator
    "",
])
def test_anything_unusual_is_left_to_the_full_reader(text: str) -> None:
    assert yamlfast.parse(text, "t.yaml") is None


def test_parse_errors_print_nothing(capfd: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(FieldKitError) as exc:
        yamlread.parse("a: [1, 2\nb: c\n", "broken.yaml")
    assert exc.value.diagnostics[0].rule == "yaml-syntax"
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def _mutations(seed: int, count: int) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in FILES[:40]]
    rnd = random.Random(seed)
    out = []
    for _ in range(count):
        text = rnd.choice(texts)
        for _ in range(rnd.randint(1, 3)):
            pos = rnd.randrange(len(text) + 1)
            ch = rnd.choice(" \n:-[]{},#'\"|>&*!?%@`ab1.~")
            op = rnd.random()
            text = (text[:pos] + ch + text[pos:] if op < 0.4 else text[:pos] + text[pos + 1:]
                    if op < 0.8 else text[:pos] + ch + text[pos + 1:])
        out.append(text)
    return out


def test_damaged_files_read_the_same_or_go_to_the_full_reader() -> None:
    """Real files with a few characters inserted, removed or changed: the fast reader either
    builds exactly what the full reader builds, or leaves the text to it."""
    built = sum(agrees(text) for text in _mutations(seed=20, count=400))
    assert built > 50, "the comparison must actually exercise the fast reader"


yaml_scalars = st.one_of(st.text(max_size=15), st.integers(), st.booleans(), st.none(),
                         st.floats(allow_nan=False, allow_infinity=False), st.dates())
yaml_docs = st.dictionaries(
    st.text(max_size=8),
    st.recursive(yaml_scalars, lambda c: st.one_of(
        st.lists(c, max_size=4), st.dictionaries(st.text(max_size=8), c, max_size=4)),
        max_leaves=20),
    min_size=1, max_size=5)


@settings(max_examples=150, deadline=None)
@given(yaml_docs, st.booleans())
def test_random_documents_read_the_same(doc: dict[str, Any], flow: bool) -> None:
    text = yaml.safe_dump(doc, allow_unicode=True, default_flow_style=flow, sort_keys=False)
    agrees(text)


def test_parsing_on_several_threads_keeps_stderr(capfd: pytest.CaptureFixture[str]) -> None:
    """rapidyaml's own messages are hidden by pointing stderr away for a moment; parses on
    several threads at once must each hide theirs and leave stderr as it was."""
    import sys
    import threading

    def work() -> None:
        for _ in range(20):
            with pytest.raises(FieldKitError):
                yamlread.parse("a: [1\n", "x.yaml")
            assert yamlread.parse("a: b\n", "y.yaml") == {"a": "b"}

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("still here", file=sys.stderr)
    assert capfd.readouterr().err == "still here\n"
