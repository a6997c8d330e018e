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
        # starts[n]: where line n (from 0) starts; made at C speed, with no loop in Python
        lengths = map(len, raw.split(b"\n"))
        self.starts = list(map(add, accumulate(lengths, initial=0), count()))

    def loc(self, off: int) -> Loc:
        n = bisect_right(self.starts, off) - 1
        start = self.starts[n]
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


class YMap(dict):  # type: ignore[type-arg]
    """A mapping that knows where it, each key and each value stood."""

    loc: Loc
    key_locs: dict[Any, Loc]
    value_locs: dict[Any, Loc]
    # From the fast reader, instead of the three above until first asked: the map's own offset
    # and each key's and value's, in order (key, value, key, value ...).
    _at: int
    _offs: list[int]
    _lines: Lines

    def __getattr__(self, name: str) -> Any:
        """Only reached for an attribute not set: a fast-read map's locations, made now."""
        lines = self.__dict__.get("_lines")
        if lines is None or name not in ("loc", "key_locs", "value_locs"):
            raise AttributeError(name)
        if name == "loc":
            self.loc = lines.loc(self._at)
            return self.loc
        loc, offs = lines.loc, self._offs
        self.key_locs = {k: loc(offs[2 * i]) for i, k in enumerate(self)}
        self.value_locs = {k: loc(offs[2 * i + 1]) for i, k in enumerate(self)}
        return self.__dict__[name]

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

    def kloc(self, key: Any) -> Loc:
        d = self.__dict__
        if "_lines" in d and "key_locs" not in d:
            return self._lazy(key, 0)
        return self.key_locs.get(key, self.loc)

    def vloc(self, key: Any) -> Loc:
        d = self.__dict__
        if "_lines" in d and "value_locs" not in d:
            return self._lazy(key, 1)
        return self.value_locs.get(key, self.kloc(key))


def located(at: Any) -> Loc:
    """A location given as itself, or as (mapping, key) for where a value stands, (mapping,
    key, "key") for where the key does, or (list, index): made only when a problem is reported,
    since a clean file of 10,000 steps holds some 100,000 values."""
    if type(at) is not tuple:
        return at  # type: ignore[no-any-return]
    if len(at) == 3:
        return at[0].kloc(at[1])  # type: ignore[no-any-return]
    parent, key = at
    return parent.vloc(key) if isinstance(parent, YMap) else parent.iloc(key)


class YList(list):  # type: ignore[type-arg]
    """A list that knows where it and each item stood."""

    loc: Loc
    item_locs: list[Loc]
    _at: int  # from the fast reader, as in YMap
    _offs: list[int]
    _lines: Lines

    def __getattr__(self, name: str) -> Any:
        lines = self.__dict__.get("_lines")
        if lines is None or name not in ("loc", "item_locs"):
            raise AttributeError(name)
        if name == "loc":
            self.loc = lines.loc(self._at)
            return self.loc
        self.item_locs = [lines.loc(off) for off in self._offs]
        return self.item_locs

    def iloc(self, index: int) -> Loc:
        d = self.__dict__
        if "item_locs" not in d and "_lines" in d:
            offs = self._offs
            return d["_lines"].loc(offs[index]) if 0 <= index < len(offs) else self.loc
        return self.item_locs[index] if 0 <= index < len(self.item_locs) else self.loc
