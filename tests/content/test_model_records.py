"""The model's classes compare and print as dataclass's own would: field by field, in order."""

from __future__ import annotations

import dataclasses

import pytest

from fieldkit.content.model import Branch, Line, Option, Source, Where, record


def test_equal_when_every_field_is_and_only_with_the_same_class() -> None:
    assert Option("a", "A") == Option("a", "A")
    assert Option("a", "A") != Option("a", "A", help="more")
    assert Line("x", ("s1",)) != Line("x", ("s2",))
    assert Option.__eq__(Option("a", "A"), ("a", "A", "")) is NotImplemented
    assert Branch("next") != Option("next", "")  # another class is never equal


def test_repr_names_every_field_as_dataclass_does() -> None:
    @dataclasses.dataclass
    class Plain:
        id: str
        title: str
        year: int | None = None

    @record
    class Shared:
        id: str
        title: str
        year: int | None = None

    assert repr(Shared("a", "B", 2020)) == repr(Plain("a", "B", 2020)).replace(
        "Plain", "Shared")
    where = Where("guides/x.yaml", 3, 5)
    assert repr(Line("Say it", (), where)) == f"Line(text='Say it', cite=(), where={where!r})"


def test_records_are_dataclasses_and_not_hashable() -> None:
    assert dataclasses.is_dataclass(Source)
    assert [f.name for f in dataclasses.fields(Option)] == ["value", "label", "help"]
    with pytest.raises(TypeError):
        hash(Option("a", "A"))
