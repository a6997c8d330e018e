"""The located mappings and lists the YAML reader builds (fieldkit.yamlread).

They live apart from the reader so that code which only looks at them (the condition
language, the schema, the guide engine) does not import the YAML library: the app starting
from a snapshot never reads YAML before its first paint.

The full reader sets every location as it builds. The fast reader (fieldkit.yamlfast) gives
each mapping and list its node's number in a `Places`, which holds the byte offsets of every
node of the file and a `Lines` that turns them into locations when first asked: a large guide
has some 200,000 locations, and a clean check looks at hardly any.
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


class Places:
    """Where every node of a fast-read file stands, one entry a node: its key's byte offset
    (kat) and its value's (at; a mapping's or list's own for a container), with the links to
    a node's first child and next sibling (`none` ends them). A mapping or list keeps only
    its node's number, not offsets of its own: 50,000 of them in a large guide."""

    def __init__(self, lines: Lines, first: Any, next_: Any, kat: Any, at: Any, none: int):
        self.lines, self.first, self.next, self.kat, self.at = lines, first, next_, kat, at
        self.none = none

    def children(self, node: int) -> list[int]:
        """The node's children, in order."""
        out: list[int] = []
        nxt, none, child = self.next, self.none, self.first[node]
        while child != none:
            out.append(child)
            child = nxt[child]
        return out

    # Never changed once the file is read: copies share it.
    def __copy__(self) -> Places:
        return self

    def __deepcopy__(self, memo: Any) -> Places:
        return self


class _Placed:
    """Where a mapping or list itself stood: set by the full reader, or made from the fast
    reader's offset when first asked."""

    # No slots of its own (with dict or list beside it they would not fit): YMap and YList
    # each declare _node, _places and _loc in theirs, which mypy cannot see from here.
    __slots__ = ()
    _node: int
    _places: Places
    _loc: Loc

    @property
    def loc(self) -> Loc:
        try:
            return self._loc
        except AttributeError:
            places = self._places
            self._loc = places.lines.loc(places.at[self._node])  # type: ignore[misc]
            return self._loc

    @loc.setter
    def loc(self, value: Loc) -> None:
        self._loc = value  # type: ignore[misc]


class YMap(_Placed, dict):  # type: ignore[type-arg]
    """A mapping that knows where it, each key and each value stood."""

    # Slots, not a __dict__ each: a large guide has some 50,000 mappings and lists. The fast
    # reader sets _node and _places (its entries are its node's children, in order); loc,
    # key_locs and value_locs are made from them when first asked. The full reader sets loc,
    # key_locs and value_locs as it builds.
    __slots__ = ("_key_locs", "_loc", "_node", "_places", "_value_locs")
    _node: int
    _places: Places
    _loc: Loc
    _key_locs: dict[Any, Loc]
    _value_locs: dict[Any, Loc]

    def _make(self) -> None:
        places = self._places
        loc, kat, at = places.lines.loc, places.kat, places.at
        children = places.children(self._node)
        self._key_locs = {k: loc(kat[c]) for k, c in zip(self, children, strict=False)}
        self._value_locs = {k: loc(at[c]) for k, c in zip(self, children, strict=False)}

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

    def _offset(self, key: Any, of_key: bool) -> int | None:
        """The byte offset of key (of_key) or of its value, in a fast-read map that holds it."""
        places = self._places
        nxt, child = places.next, places.first[self._node]
        for k in self:  # keys are in the order of the node's children
            if k == key:
                return (places.kat if of_key else places.at)[child]
            child = nxt[child]
        return None

    def _lazy(self, key: Any, of_key: bool) -> Loc:
        """One location of a fast-read map (no need to make them all): the key's or its
        value's, or the map's own for a key it does not hold."""
        off = self._offset(key, of_key) if key in self else None
        return self.loc if off is None else self._places.lines.loc(off)

    def place(self, key: Any) -> tuple[Lines, int] | None:
        """Where key's value stands as (the file's Lines, byte offset), for a map the fast
        reader made that holds key; None otherwise (then ask vloc)."""
        try:
            places = self._places
        except AttributeError:
            return None
        nxt, child = places.next, places.first[self._node]
        for k in self:  # as in _offset, inline: the loader asks this for most steps and lines
            if k == key:
                return places.lines, places.at[child]
            child = nxt[child]
        return None

    def kloc(self, key: Any) -> Loc:
        try:
            locs = self._key_locs
        except AttributeError:
            return self._lazy(key, True)
        return locs.get(key, self.loc)

    def vloc(self, key: Any) -> Loc:
        try:
            locs = self._value_locs
        except AttributeError:
            return self._lazy(key, False)
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


_WALK = 16  # items of a fast-read list reached by following links, before a list is made


class YList(_Placed, list):  # type: ignore[type-arg]
    """A list that knows where it and each item stood."""

    # As in YMap; _offs: its items' offsets, made once when one is first asked for.
    __slots__ = ("_item_locs", "_loc", "_node", "_offs", "_places")
    _node: int
    _places: Places
    _offs: list[int]
    _loc: Loc
    _item_locs: list[Loc]

    def _offsets(self) -> list[int]:
        try:
            return self._offs
        except AttributeError:
            places = self._places
            self._offs = list(map(places.at.__getitem__, places.children(self._node)))
            return self._offs

    @property
    def item_locs(self) -> list[Loc]:
        try:
            return self._item_locs
        except AttributeError:
            self._item_locs = list(map(self._places.lines.loc, self._offsets()))
            return self._item_locs

    @item_locs.setter
    def item_locs(self, value: list[Loc]) -> None:
        self._item_locs = value

    def place(self, index: int) -> tuple[Lines, int] | None:
        """Where item index stands as (the file's Lines, byte offset), for a list the fast
        reader made; None otherwise (then ask iloc)."""
        try:
            places = self._places
        except AttributeError:
            return None
        if 0 <= index < _WALK:  # a few links followed, no list made
            nxt, none, child = places.next, places.none, places.first[self._node]
            for _ in range(index):
                if child == none:
                    return None
                child = nxt[child]
            return None if child == none else (places.lines, places.at[child])
        offs = self._offsets()
        return (places.lines, offs[index]) if 0 <= index < len(offs) else None

    def iloc(self, index: int) -> Loc:
        try:
            locs = self._item_locs
        except AttributeError:
            offs = self._offsets()
            return self._places.lines.loc(offs[index]) if 0 <= index < len(offs) else self.loc
        return locs[index] if 0 <= index < len(locs) else self.loc
