"""The fast path for reading content YAML: rapidyaml parses, this module builds the same
YMap/YList/scalars, with the same locations, that `yamlread`'s full reader builds.

Why: PyYAML (even with libyaml) spends about 2 s composing a 10,000-step guide; rapidyaml parses
it in about 50 ms. rapidyaml parses without recursion, so deep nesting cannot crash it, and the
builder here refuses depth and size before it recurses.

The full reader stays the authority. This path handles only plain, honest text it can locate
exactly, and answers None ("use the full reader") for anything else: a parse error, anchors,
aliases, tags, merge keys, duplicate keys, several documents, tabs, odd line breaks, characters
YAML refuses, values that do not construct, too deep, too many values. So every error message,
and every hostile-input guard, is the full reader's; this path can only be faster, not laxer.

Locations: rapidyaml hands each key and value as a view into the parsed buffer. The view's
address minus the buffer's address is the value's byte offset, and the newline offsets turn
that into line and column. Python does not expose a view's address, so it is read from the
view object itself; the field holding it is found, and checked, once at import against views
whose addresses are known. Where that check fails (or rapidyaml is not installed) the fast path
is off and the full reader does everything.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import platform
import re
import sys
import threading
from array import array
from collections.abc import Iterator
from typing import Any

import yaml

from fieldkit.yamlread import (
    _STR,
    MAX_DEPTH,
    MAX_NODES,
    SAFE_TAGS,
    Loc,
    YList,
    YMap,
    _Loader,
    _value_bound,
)

try:
    import ryml
    from ryml import _ryml
except ImportError:  # the full reader does everything
    ryml = None


_new_loc = tuple.__new__  # Loc(line, col) without the named tuple's extra Python call
_NONE = ryml.NONE if ryml is not None else -1


class _Defer(Exception):
    """This text is for the full reader."""


def _bits(*names: str) -> int:
    out = 0
    for name in names:
        out |= int(getattr(ryml, name, 0))
    return out


_MAP, _SEQ, _DOC, _STREAM = _bits("MAP"), _bits("SEQ"), _bits("DOC"), _bits("STREAM")
_FLOW = _bits("FLOW_SL", "FLOW_ML")
_VALNIL = _bits("VALNIL")
_ODD = _bits("KEYANCH", "VALANCH", "KEYREF", "VALREF", "KEYTAG", "VALTAG", "KEYNIL")
_KEY_QUOTED = _bits("KEY_SQUO", "KEY_DQUO")
_KEY_BLOCK = _bits("KEY_LITERAL", "KEY_FOLDED")  # never in content
_VAL_QUOTED = _bits("VAL_SQUO", "VAL_DQUO")
_VAL_BLOCK = _bits("VAL_LITERAL", "VAL_FOLDED")  # | or >
_NOT_PLAIN_VALUE = _MAP | _SEQ | _VALNIL | _VAL_QUOTED | _VAL_BLOCK
# Plain scalars whose first character is none of these are text to every implicit resolver.
_RESOLVED_FIRST = frozenset("-+0123456789.<~nN=tTfF?:@`%]}|>,!&*#'\"[{")
# Characters that cannot start a plain scalar for the full reader.
_RESERVED_FIRST = frozenset("?:@`%]}|>,!&*#'\"[{")
_UNSAFE_TEXT = re.compile("[\t\r\x85\u2028\u2029]")
_NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE
_PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\n\r"
_AFTER_KEY = re.compile(rb"[ ]*:")
_SPACES = re.compile(rb"[ \n]*")
_BLOCK_HEADER = re.compile(rb"[|>][-+1-9]*[ ]*$")


def _find_address_field() -> int | None:
    """Where a memoryview keeps its buffer's address, checked on views rapidyaml made."""
    if ryml is None or platform.python_implementation() != "CPython":
        return None
    buf = bytearray(b"key: value\n")
    tree = ryml.parse_in_place(buf)
    base = ctypes.addressof(ctypes.c_char.from_buffer(buf))
    node = tree.first_child(tree.root_id())
    key, val = tree.key(node), tree.val(node)
    if id(key) % _WORD or id(val) % _WORD:
        return None
    for offset in range(_WORD, sys.getsizeof(key) - _WORD + 1, _WORD):
        if (_MEMORY[(id(key) + offset) // _WORD] == base
                and _MEMORY[(id(val) + offset) // _WORD] == base + 5):
            return offset
    return None


# All memory as words, so a view's address field is read with one index, not a new ctypes object.
_WORD = ctypes.sizeof(ctypes.c_size_t)
_MEMORY = (ctypes.c_size_t * (sys.maxsize // _WORD)).from_address(0)
_ADDRESS_FIELD = _find_address_field()
ENABLED = _ADDRESS_FIELD is not None
_FIELD: int = _ADDRESS_FIELD or 0


def parse(text: str, path: str, sized: bool = False) -> Any:
    """The document as the full reader would build it, or None to ask the full reader.
    sized: the caller has already found the text cannot hold too many values."""
    if not ENABLED or not text:
        return None
    if not sized and len(text) > MAX_NODES and _value_bound(text) > MAX_NODES:
        return None  # could hold too many values: the full reader refuses it without building
    raw = text.encode("utf-8") if text.isascii() else b""
    if raw:  # the common case, checked at C speed: anything left is a tab or control character
        if raw.translate(None, _PLAIN_ASCII) or raw.count(b"\r") != raw.count(b"\r\n"):
            return None
    else:
        if _UNSAFE_TEXT.search(text.replace("\r\n", "\n")) or _NON_PRINTABLE.search(text):
            return None
        raw = text.encode("utf-8")
    buf = bytearray(raw)
    try:
        with _quiet_stderr():
            tree = ryml.parse_in_place(buf)
    except Exception:  # rapidyaml's parse errors: the full reader words them
        return None
    try:
        return _Build(tree, buf, raw, text.isascii()).root()
    except (_Defer, RecursionError):
        return None


_STDERR_LOCK = threading.Lock()


@contextlib.contextmanager
def _quiet_stderr() -> Iterator[None]:
    """rapidyaml writes each parse error to C's stderr before raising it. The full reader words
    errors for the author, so that text must not reach the terminal: while rapidyaml parses,
    file descriptor 2 points at the null device."""
    with _STDERR_LOCK:  # one parse at a time, or two threads could swap the saved stderr
        with contextlib.suppress(AttributeError, OSError, ValueError):
            sys.stderr.flush()
        try:
            saved = os.dup(2)
        except OSError:  # no stderr at all (a windowed app): nothing to keep clean
            yield
            return
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, 2)
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            os.close(null)


class _Build:
    def __init__(self, tree: Any, buf: bytearray, raw: bytes, ascii_only: bool):
        # The raw SWIG object, not the proxy: each call through the proxy costs ten times more.
        self.tree, self.raw, self.ascii = tree.this, raw, ascii_only
        self.proxy = tree
        self.buf = buf  # the views point into it: it must outlive them
        self.base = ctypes.addressof(ctypes.c_char.from_buffer(buf))
        newlines = [m.start() for m in re.finditer(b"\n", raw)]
        # line_of[offset]: how many line breaks come before it (its line, counted from 0).
        # One lookup per location, where a search of the line breaks cost a fifth of the read.
        line_of = array("I")
        start = 0
        for n, pos in enumerate(newlines):
            line_of.extend(array("I", (n,)) * (pos + 1 - start))
            start = pos + 1
        line_of.extend(array("I", (len(newlines),)) * (len(raw) + 1 - start))
        self.line_of = line_of
        self.newlines = [-1, *newlines]  # newlines[n] + 1 starts line n (from 0)
        self.resolved: dict[str, Any] = {}
        self.loader = _Loader("")
        self.count = 0  # values as the full reader counts them: containers, keys, scalars

    def root(self) -> Any:
        tree = self.proxy
        if tree.size() > MAX_NODES:
            raise _Defer
        root = tree.root_id()
        one_map = _ryml.Tree_type(self.tree, root) & (_MAP | _DOC | _STREAM) == _MAP
        if not one_map or tree.num_children(root) == 0:
            raise _Defer  # not one mapping: empty, a list, several documents
        value, _ = self.node(root, 0, None)
        return value

    # -- locations -----------------------------------------------------------------------

    def offset(self, view: Any) -> int:
        off = _MEMORY[(id(view) + _FIELD) // _WORD] - self.base  # type: ignore[operator]
        if not 0 <= off <= len(self.raw):
            raise _Defer
        return off

    def loc(self, off: int) -> Loc:
        n = self.line_of[off]
        if self.ascii:
            return _new_loc(Loc, (n + 1, off - self.newlines[n]))
        start = self.newlines[n] + 1
        return _new_loc(Loc, (n + 1, len(self.raw[start:off].decode("utf-8")) + 1))

    def before(self, off: int, want: bytes) -> int:
        """The offset of `want`, reached backwards from off over spaces and line breaks."""
        raw = self.raw
        off -= 1
        while off >= 0 and raw[off] in b" \n":
            off -= 1
        if off < 0 or raw[off:off + 1] not in want:
            raise _Defer
        return off

    def explicit_key(self, off: int) -> bool:
        raw = self.raw
        off -= 1
        while off >= 0 and raw[off] == 0x20:
            off -= 1
        return off >= 0 and raw[off] == 0x3F  # '?'

    # -- values --------------------------------------------------------------------------

    def scalar(self, text: str) -> Any:
        """A plain scalar, typed exactly as the full reader types it."""
        if text and text[0] not in _RESOLVED_FIRST:
            return text
        got = self.resolved.get(text, self)
        if got is not self:
            return got
        if text and text[0] in _RESERVED_FIRST:
            raise _Defer
        tag = self.loader.resolve(yaml.ScalarNode, text, (True, False))
        if tag == _STR:
            value: Any = text
        elif tag not in SAFE_TAGS:
            raise _Defer
        else:
            try:
                value = self.loader.construct_object(yaml.ScalarNode(tag, text), deep=True)
            except (yaml.YAMLError, ValueError, OverflowError):
                raise _Defer from None
        self.resolved[text] = value
        return value

    def node(self, n: int, depth: int, key_end: int | None) -> tuple[Any, int]:
        """The value of node n and its offset; key_end is where its plain key's text ended."""
        tree = self.tree
        ty = _ryml.Tree_type(tree, n)
        self.count += 1
        if ty & _ODD or depth > MAX_DEPTH or self.count > MAX_NODES:
            raise _Defer
        if ty & (_MAP | _SEQ):
            if ty & _MAP:
                return self.mapping(n, depth, ty, key_end)
            return self.sequence(n, depth, ty, key_end)
        if ty & _VALNIL:
            return None, self.after_colon(key_end)
        view = _ryml.Tree_val(tree, n)
        if view is None:
            raise _Defer
        off = self.offset(view)
        text = str(view, "utf-8")
        if ty & _VAL_QUOTED:
            off -= 1
            if self.raw[off:off + 1] not in b"'\"":
                raise _Defer
            return text, off
        if ty & _VAL_BLOCK:
            return text, self.block_indicator(off)
        return self.scalar(text), off

    def block_indicator(self, content: int) -> int:
        """Where `|` or `>` stands: the end of the line before the block's text."""
        end = content - 1
        if end < 0 or self.raw[end] != 0x0A:
            raise _Defer
        start = self.raw.rfind(b"\n", 0, end) + 1
        found = _BLOCK_HEADER.search(self.raw, start, end)
        if found is None or b"#" in self.raw[start:end]:
            raise _Defer
        return found.start()

    def after_colon(self, key_end: int | None) -> int:
        """Just after the ':' that follows a plain key (where the full reader puts an empty
        value)."""
        colon = None if key_end is None else _AFTER_KEY.match(self.raw, key_end)
        if colon is None:
            raise _Defer
        return colon.end()

    def empty_flow(self, key_end: int | None, opener: bytes) -> int:
        off = _SPACES.match(self.raw, self.after_colon(key_end)).end()  # type: ignore[union-attr]
        if self.raw[off:off + 1] != opener:
            raise _Defer
        return off

    def mapping(self, n: int, depth: int, ty: int, key_end: int | None) -> tuple[YMap, int]:
        # The commonest entry (plain key, plain value, ASCII file) is read inline: this loop
        # runs once for every key in the file.
        tree, raw, base, size = self.tree, self.raw, self.base, len(self.raw)
        newlines, line_of, fast_locs, scalar = self.newlines, self.line_of, self.ascii, self.scalar
        get_type, get_key, get_val = _ryml.Tree_type, _ryml.Tree_key, _ryml.Tree_val
        out = YMap()
        key_locs: dict[Any, Loc] = {}
        value_locs: dict[Any, Loc] = {}
        out.key_locs, out.value_locs = key_locs, value_locs
        first = -1
        child = _ryml.Tree_first_child(tree, n)
        while child != _NONE:
            cty = get_type(tree, child)
            if cty & (_ODD | _KEY_BLOCK):
                raise _Defer
            view = get_key(tree, child)
            koff = _MEMORY[(id(view) + _FIELD) // _WORD] - base
            if not 0 <= koff <= size:
                raise _Defer
            ktext = str(view, "utf-8")
            self.count += 1
            if cty & _KEY_QUOTED:
                koff -= 1
                if raw[koff:koff + 1] not in b"'\"":
                    raise _Defer
                key: Any = ktext
                kend = None
            else:
                key = ktext if ktext and ktext[0] not in _RESOLVED_FIRST else scalar(ktext)
                kend = koff + len(view)
            if key in out:
                raise _Defer  # the full reader names both lines
            if first < 0:
                first = koff
            if cty & _NOT_PLAIN_VALUE:
                value, voff = self.node(child, depth + 1, kend)
            else:
                self.count += 1
                vview = get_val(tree, child)
                if vview is None or depth >= MAX_DEPTH or self.count > MAX_NODES:
                    raise _Defer
                voff = _MEMORY[(id(vview) + _FIELD) // _WORD] - base
                if not 0 <= voff <= size:
                    raise _Defer
                text = str(vview, "utf-8")
                value = text if text and text[0] not in _RESOLVED_FIRST else scalar(text)
            out[key] = value
            if fast_locs:  # as loc(), inline
                line = line_of[koff]
                key_locs[key] = _new_loc(Loc, (line + 1, koff - newlines[line]))
                line = line_of[voff]
                value_locs[key] = _new_loc(Loc, (line + 1, voff - newlines[line]))
            else:
                key_locs[key] = self.loc(koff)
                value_locs[key] = self.loc(voff)
            child = _ryml.Tree_next_sibling(tree, child)
        if ty & _FLOW:
            off = self.before(first, b"{") if first >= 0 else self.empty_flow(key_end, b"{")
        elif first < 0:
            raise _Defer
        else:
            off = first
            if self.explicit_key(first):
                raise _Defer  # the full reader places the map at the '?'
        out.loc = self.loc(off)
        return out, off

    def sequence(self, n: int, depth: int, ty: int, key_end: int | None) -> tuple[YList, int]:
        tree = self.tree
        items = YList()
        locs: list[Loc] = []
        items.item_locs = locs
        first = -1
        child = _ryml.Tree_first_child(tree, n)
        while child != _NONE:
            value, off = self.node(child, depth + 1, None)
            if first < 0:
                first = off
            items.append(value)
            locs.append(self.loc(off))
            child = _ryml.Tree_next_sibling(tree, child)
        if first < 0:
            if not ty & _FLOW:
                raise _Defer
            off = self.empty_flow(key_end, b"[")
        else:
            off = self.before(first, b"[" if ty & _FLOW else b"-")
        items.loc = self.loc(off)
        return items, off
