"""The size guard's count of the characters a value can follow is exact, in any text: it
decides whether a file goes to the guarded reader, so it must never count fewer."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fieldkit.yamlread import _value_bound

MARKS = ",:-?[{\n"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(MARKS + " ab\u00e9\u20ac\U0001f600\x85\u2028\ud800"),
               max_size=80))
def test_counts_every_mark_once(text: str) -> None:
    assert _value_bound(text) == 1 + sum(text.count(c) for c in MARKS)


def test_a_large_text() -> None:
    text = "- id: q1\n  next: [{go: x}, {go: y}]\n  say: caf\u00e9, \u20ac5?\n" * 5000
    assert _value_bound(text) == 1 + sum(text.count(c) for c in MARKS)
