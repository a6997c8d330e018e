"""The located mappings and lists the YAML reader builds (fieldkit.yamlread).

They live apart from the reader so that code which only looks at them (the condition
language, the schema, the guide engine) does not import the YAML library: the app starting
from a snapshot never reads YAML before its first paint.

The full reader sets every location as it builds. The fast reader (fieldkit.yamlfast) sets
byte offsets and a `Lines` that turns them into locations when first asked: a large guide has
some 200,000 locations, and a clean check looks at about a quarter of them.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate, count
from operator import add
from typing import Any, NamedTuple

_new_tuple = tuple.__new__


class Loc(NamedTuple):
    line: int  # 1-based
    col: int  # 1-based


class Lines:
    """Byte offsets in one file's text, as line and column (columns count characters)."""

    def __init__(self, raw: bytes, ascii_only: bool):
        self.raw, self.ascii = raw, ascii_only
        self._starts: list[int] | None = None

    @property
    def starts(self) -> list[int]:
        """starts[n]: where line n (from 0) starts. Made when a location is first asked for
        (a clean file may never ask), at C speed, with no loop in Python."""
        if self._starts is None:
            lengths = map(len, self.raw.split(b"\n"))
            self._starts = list(map(add, accumulate(lengths, initial=0), count()))
        return self._starts

    def loc(self, off: int) -> Loc:
        starts = self.starts
        n = bisect_right(starts, off) - 1
        start = starts[n]
        if self.ascii:
            return _new_tuple(Loc, (n + 1, off - start + 1))
        return _new_tuple(Loc, (n + 1, len(self.raw[start:off].decode("utf-8")) + 1))

    # Never changed once made: copies share it, and pickling makes it again from the text.
    def __copy__(self) -> Lines:
        return self

    def __deepcopy__(self, memo: Any) -> Lines:
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Lines, (self.raw, self.ascii))


class _Placed:
    """Where a mapping or list itself stood: set by the full reader, or made from the fast
    reader's offset when first asked."""

    # No slots of its own (with dict or list beside it they would not fit): YMap and YList
    # each declare _at, _lines and _loc in theirs, which mypy cannot see from here.
    __slots__ = ()
    _at: int
    _lines: Lines
    _loc: Loc

    @property
    def loc(self) -> Loc:
        try:
            return self._loc
        except AttributeError:
            self._loc = self._lines.loc(self._at)  # type: ignore[misc]
            return self._loc

    @loc.setter
    def loc(self, value: Loc) -> None:
        self._loc = value  # type: ignore[misc]


class YMap(_Placed, dict):  # type: ignore[type-arg]
    """A mapping that knows where it, each key and each value stood."""

    # Slots, not a __dict__ each: a large guide has some 50,000 mappings and lists. The fast
    # reader sets _at (the map's own offset), _offs (each key's and value's, in order: key,
    # value, key, value ...) and _lines; loc, key_locs and value_locs are made from them when
    # first asked. The full reader sets loc, key_locs and value_locs as it builds.
    __slots__ = ("_at", "_key_locs", "_lines", "_loc", "_offs", "_value_locs")
    _at: int
    _offs: list[int]
    _lines: Lines
    _loc: Loc
    _key_locs: dict[Any, Loc]
    _value_locs: dict[Any, Loc]

    def _make(self) -> None:
        loc, offs = self._lines.loc, self._offs
        self._key_locs = {k: loc(offs[2 * i]) for i, k in enumerate(self)}
        self._value_locs = {k: loc(offs[2 * i + 1]) for i, k in enumerate(self)}

    @property
    def key_locs(self) -> dict[Any, Loc]:
        try:
            return self._key_locs
        except AttributeError:
            self._make()
            return self._key_locs

    @key_locs.setter
    def key_locs(self, value: dict[Any, Loc]) -> None:
        self._key_locs = value

    @property
    def value_locs(self) -> dict[Any, Loc]:
        try:
            return self._value_locs
        except AttributeError:
            self._make()
            return self._value_locs

    @value_locs.setter
    def value_locs(self, value: dict[Any, Loc]) -> None:
        self._value_locs = value

    def _lazy(self, key: Any, which: int) -> Loc:
        """One location of a fast-read map (no need to make them all): the key's (which 0) or
        its value's (1), or the map's own for a key it does not hold."""
        if key in self:
            i = which
            for k in self:  # keys are in the order their offsets were kept
                if k == key:
                    return self._lines.loc(self._offs[i])
                i += 2
        return self.loc

    def place(self, key: Any) -> tuple[Lines, int] | None:
        """Where key's value stands as (the file's Lines, byte offset), for a map the fast
        reader made that holds key; None otherwise (then ask vloc)."""
        try:
            offs = self._offs
        except AttributeError:
            return None
        i = 1
        for k in self:  # keys are in the order their offsets were kept
            if k == key:
                return self._lines, offs[i]
            i += 2
        return None

    def kloc(self, key: Any) -> Loc:
        try:
            locs = self._key_locs
        except AttributeError:
            return self._lazy(key, 0)
        return locs.get(key, self.loc)

    def vloc(self, key: Any) -> Loc:
        try:
            locs = self._value_locs
        except AttributeError:
            return self._lazy(key, 1)
        return locs.get(key, self.kloc(key))


def located(at: Any) -> Loc:
    """A location given as itself, as a mapping or list (where it stands), or as (mapping, key)
    for where a value stands, (mapping, key, "key") for where the key does, or (list, index):
    made only when a problem is reported, since a clean file of 10,000 steps holds some 100,000
    values."""
    if type(at) is not tuple:
        return at.loc if isinstance(at, _Placed) else at  # type: ignore[no-any-return]
    if len(at) == 3:
        return at[0].kloc(at[1])  # type: ignore[no-any-return]
    parent, key = at
    return parent.vloc(key) if isinstance(parent, YMap) else parent.iloc(key)


class YList(_Placed, list):  # type: ignore[type-arg]
    """A list that knows where it and each item stood."""

    __slots__ = ("_at", "_item_locs", "_lines", "_loc", "_offs")  # as in YMap
    _at: int
    _offs: list[int]
    _lines: Lines
    _loc: Loc
    _item_locs: list[Loc]

    @property
    def item_locs(self) -> list[Loc]:
        try:
            return self._item_locs
        except AttributeError:
            self._item_locs = [self._lines.loc(off) for off in self._offs]
            return self._item_locs

    @item_locs.setter
    def item_locs(self, value: list[Loc]) -> None:
        self._item_locs = value

    def place(self, index: int) -> tuple[Lines, int] | None:
        """Where item index stands as (the file's Lines, byte offset), for a list the fast
        reader made; None otherwise (then ask iloc)."""
        try:
            offs = self._offs
        except AttributeError:
            return None
        return (self._lines, offs[index]) if 0 <= index < len(offs) else None

    def iloc(self, index: int) -> Loc:
        try:
            locs = self._item_locs
        except AttributeError:
            offs = self._offs
            return self._lines.loc(offs[index]) if 0 <= index < len(offs) else self.loc
        return locs[index] if 0 <= index < len(locs) else self.loc
