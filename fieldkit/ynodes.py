"""The located mappings and lists the YAML reader builds (fieldkit.yamlread).

They live apart from the reader so that code which only looks at them (the condition
language, the schema, the guide engine) does not import the YAML library: the app starting
from a snapshot never reads YAML before its first paint.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class Loc(NamedTuple):
    line: int  # 1-based
    col: int  # 1-based


class YMap(dict):  # type: ignore[type-arg]
    """A mapping that knows where it, each key and each value stood."""

    loc: Loc
    key_locs: dict[Any, Loc]
    value_locs: dict[Any, Loc]

    def kloc(self, key: Any) -> Loc:
        return self.key_locs.get(key, self.loc)

    def vloc(self, key: Any) -> Loc:
        return self.value_locs.get(key, self.kloc(key))


class YList(list):  # type: ignore[type-arg]
    """A list that knows where it and each item stood."""

    loc: Loc
    item_locs: list[Loc]

    def iloc(self, index: int) -> Loc:
        return self.item_locs[index] if 0 <= index < len(self.item_locs) else self.loc
