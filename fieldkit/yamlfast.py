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

Locations: rapidyaml keeps a tree's nodes in one array, each node a fixed run of machine
words (its type, its key's and value's text as address and length, its links). The whole array
is copied out at once and read as columns, so building costs no call through the binding per
node; a text's address minus the parsed buffer's address is its byte offset, and the line
breaks turn that into line and column. Where each field sits is checked once at import, for
every node of a sample, against rapidyaml's own accessors; where that check fails (or
rapidyaml is not installed) the fast path is off and the full reader does everything.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
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
    YList,
    YMap,
    _Loader,
    _value_bound,
)
from fieldkit.ynodes import Lines, Places

try:
    import ryml
    from ryml import _ryml
except ImportError:  # the full reader does everything
    ryml = None


_NONE = ryml.NONE if ryml is not None else -1


class _Defer(Exception):
    """This text is for the full reader."""


def _bits(*names: str) -> int:
    out = 0
    for name in names:
        out |= int(getattr(ryml, name, 0))
    return out


_MAP, _SEQ, _DOC, _STREAM = _bits("MAP"), _bits("SEQ"), _bits("DOC"), _bits("STREAM")
_KEY = _bits("KEY")
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


# A node's fields, in machine words from its start (rapidyaml 0.15's NodeData): type; key
# tag, text and anchor; value tag, text and anchor (two words each); parent, first child, last
# child, next sibling, previous sibling. A tree starts with its nodes' address, capacity, size.
_NODE_WORDS = 18
_W_TYPE, _W_KEY, _W_KEY_LEN, _W_VAL, _W_VAL_LEN, _W_FIRST, _W_NEXT = 0, 3, 4, 9, 10, 14, 16
_WORD = ctypes.sizeof(ctypes.c_size_t)


class _Columns:
    """A parsed tree's nodes as columns: types, key and value addresses and lengths, links.

    Each column is read straight from the tree's memory, one field of every node at a time
    (a strided view): the nodes themselves (144 bytes each, 16 MB for 10,000 steps) are never
    copied whole."""

    def __init__(self, tree: Any):
        head = (ctypes.c_size_t * 3).from_address(int(tree.this))
        size = head[2]
        if size != tree.size() or head[1] != tree.capacity() or not 0 < size <= head[1]:
            raise _Defer
        nodes = (ctypes.c_uint64 * (size * _NODE_WORDS)).from_address(head[0])
        words = memoryview(nodes).cast("B").cast("Q")

        def column(field: int) -> array[int]:
            out = array("Q")
            out.frombytes(words[field::_NODE_WORDS].tobytes())
            return out

        self.size = size
        self.types = column(_W_TYPE)
        self.key = column(_W_KEY)
        self.key_len = column(_W_KEY_LEN)
        self.val = column(_W_VAL)
        self.val_len = column(_W_VAL_LEN)
        self.first = column(_W_FIRST)
        self.next = column(_W_NEXT)


_SAMPLE = (b"a: 1\nb: [x, 'y', {c: d, e: []}]\n'q': \"v\"\nlist:\n  - one\n  - k: |\n"
           b"      block\n    m: >-\n      folded\n  - {}\nnil:\nlast: ~\n")


def _layout_holds() -> bool:
    """Whether the columns read for every node of a sample match rapidyaml's own accessors."""
    if ryml is None or sys.implementation.name != "cpython" or _WORD != 8:
        return False
    buf = bytearray(_SAMPLE)
    tree = ryml.parse_in_place(buf)
    base = ctypes.addressof(ctypes.c_char.from_buffer(buf))
    try:
        cols = _Columns(tree)
    except _Defer:
        return False
    for n in range(cols.size):
        if (cols.types[n] != _ryml.Tree_type(tree.this, n)
                or cols.first[n] != tree.first_child(n)
                or cols.next[n] != tree.next_sibling(n)):
            return False
        for has, get, addr, length in ((tree.has_key, tree.key, cols.key, cols.key_len),
                                       (tree.has_val, tree.val, cols.val, cols.val_len)):
            if has(n):
                view = get(n)
                if view is None:  # no text at all (`key:`): no address either
                    if addr[n] != 0:
                        return False
                    continue
                off = addr[n] - base
                if (length[n] != len(view) or not 0 <= off <= len(buf) - len(view)
                        or bytes(buf[off:off + length[n]]) != bytes(view)):
                    return False
    return True


ENABLED = _layout_holds()


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
        build = _Build(tree, buf, raw, text.isascii())
        del tree  # all it holds is copied out: its memory goes back before the build
        return build.root()
    except (_Defer, RecursionError, IndexError, UnicodeDecodeError):
        return None  # IndexError: a link past the nodes read; never expected, never trusted


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
        cols = _Columns(tree)
        self.cols, self.root_id = cols, tree.root_id()
        self.types, self.first, self.next = cols.types, cols.first, cols.next
        self.raw = raw
        self.base = ctypes.addressof(ctypes.c_char.from_buffer(buf))
        # The text as parsed: rapidyaml rewrites quoted, block and multi-line scalars in place.
        parsed = bytes(buf)
        self.parsed = parsed
        self.parsed_text = parsed.decode("ascii") if parsed.isascii() else None
        # Each node's key and value offsets, kept by node number rather than in a list of
        # each mapping's or list's own.
        self.kat, self.at = array("q", bytes(8 * cols.size)), array("q", bytes(8 * cols.size))
        self.places = Places(Lines(raw, ascii_only), cols.first, cols.next, self.kat, self.at,
                             _NONE)
        self.resolved: dict[str, Any] = {}
        self.plain_keys: dict[str, Any] = {}  # a plain key's text -> its value: few, repeated
        self.loader = _Loader("")

    def root(self) -> Any:
        # Values as the full reader counts them: every container and scalar (one node each
        # here), and every key.
        size = self.cols.size
        if size > MAX_NODES or (2 * size > MAX_NODES  # keys are at most one a node
                                and size + len(list(filter(_KEY.__and__, self.types))) > MAX_NODES):
            raise _Defer
        root = self.root_id
        one_map = self.types[root] & (_MAP | _DOC | _STREAM) == _MAP
        if not one_map or self.first[root] == _NONE:
            raise _Defer  # not one mapping: empty, a list, several documents
        value, _ = self.node(root, 0, None)
        return value

    # -- locations -----------------------------------------------------------------------

    def text(self, addr: int, length: int) -> tuple[str, int]:
        """A key's or value's text as parsed, and its byte offset in the file."""
        off = addr - self.base
        if not 0 <= off <= len(self.raw) - length:
            raise _Defer
        if self.parsed_text is not None:
            return self.parsed_text[off:off + length], off
        return self.parsed[off:off + length].decode("utf-8"), off

    def before(self, off: int, want: bytes) -> int:
        """The offset of `want`, reached backwards from off over spaces and line breaks."""
        raw = self.raw
        if off >= 2 and raw[off - 1] == 0x20 and raw[off - 2:off - 1] in want:  # `- item`
            return off - 2
        if off >= 1 and raw[off - 1:off] in want:  # `[item`
            return off - 1
        off -= 1
        while off >= 0 and raw[off] in b" \n":
            off -= 1
        if off < 0 or raw[off:off + 1] not in want:
            raise _Defer
        return off

    def explicit_key(self, off: int) -> bool:
        raw = self.raw
        if off == 0 or raw[off - 1] == 0x0A or raw[off - 2:off] == b"- ":
            return False  # the commonest: a key first on its line, or first in a list item
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
        ty = self.types[n]
        if ty & _ODD or depth > MAX_DEPTH:
            raise _Defer
        if ty & (_MAP | _SEQ):
            if ty & _MAP:
                return self.mapping(n, depth, ty, key_end)
            return self.sequence(n, depth, ty, key_end)
        if ty & _VALNIL:
            return None, self.after_colon(key_end)
        text, off = self.text(self.cols.val[n], self.cols.val_len[n])
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
        cols, raw, base = self.cols, self.raw, self.base
        types, nxt, keys, key_lens, vals, val_lens = (
            self.types, self.next, cols.key, cols.key_len, cols.val, cols.val_len)
        text_of, parsed_text, size, scalar = self.text, self.parsed_text, len(raw), self.scalar
        plain_keys, kat, at = self.plain_keys, self.kat, self.at
        out = YMap()
        entries = 0
        first = -1
        value: Any
        child = self.first[n]
        if depth >= MAX_DEPTH and child != _NONE:
            raise _Defer  # its entries would be deeper than the limit
        while child != _NONE:
            cty = types[child]
            if cty & (_ODD | _KEY_BLOCK):
                raise _Defer
            klen = key_lens[child]
            koff = keys[child] - base
            if parsed_text is not None and 0 <= koff <= size - klen:
                ktext = parsed_text[koff:koff + klen]
            else:
                ktext, koff = text_of(keys[child], klen)
            if cty & _KEY_QUOTED:
                koff -= 1
                if raw[koff:koff + 1] not in b"'\"":
                    raise _Defer
                key: Any = ktext
                kend = None
            else:
                key = plain_keys.get(ktext, plain_keys)
                if key is plain_keys:
                    key = ktext if ktext and ktext[0] not in _RESOLVED_FIRST else scalar(ktext)
                    plain_keys[ktext] = key
                kend = koff + klen
            if cty & _MAP:  # containers built straight away, not through node()
                value, voff = self.mapping(child, depth + 1, cty, kend)
            elif cty & _SEQ:
                value, voff = self.sequence(child, depth + 1, cty, kend)
            elif cty & _NOT_PLAIN_VALUE:
                value, voff = self.node(child, depth + 1, kend)
            else:
                vlen = val_lens[child]
                voff = vals[child] - base
                if parsed_text is not None and 0 <= voff <= size - vlen:
                    text = parsed_text[voff:voff + vlen]
                else:
                    text, voff = text_of(vals[child], vlen)
                value = text if text and text[0] not in _RESOLVED_FIRST else scalar(text)
            out[key] = value
            kat[child], at[child] = koff, voff
            if first < 0:
                first = koff
            entries += 1
            child = nxt[child]
        if len(out) != entries:
            raise _Defer  # a key given twice: the full reader names both lines
        # The commonest places, as before() and explicit_key() find them, tested inline: this
        # runs for every mapping.
        if ty & _FLOW:
            if first < 0:
                off = self.empty_flow(key_end, b"{")
            else:
                off = first - 1 if first and raw[first - 1] == 0x7B else self.before(first, b"{")
        elif first < 0:
            raise _Defer
        else:
            off = first
            if (first and raw[first - 1] != 0x0A and raw[first - 2:first] != b"- "
                    and self.explicit_key(first)):
                raise _Defer  # the full reader places the map at the '?'
        at[n] = off
        out._node, out._places = n, self.places
        return out, off

    def sequence(self, n: int, depth: int, ty: int, key_end: int | None) -> tuple[YList, int]:
        items = YList()
        at = self.at
        first = -1
        nxt, node, types = self.next, self.node, self.types
        vals, val_lens, base, size = self.cols.val, self.cols.val_len, self.base, len(self.raw)
        parsed_text, scalar = self.parsed_text, self.scalar
        value: Any
        child = self.first[n]
        if depth >= MAX_DEPTH and child != _NONE:
            raise _Defer  # its items would be deeper than the limit
        while child != _NONE:
            cty = types[child]
            if cty & _ODD:
                raise _Defer
            if cty & _MAP:  # containers built straight away, not through node()
                value, off = self.mapping(child, depth + 1, cty, None)
            elif cty & _SEQ:
                value, off = self.sequence(child, depth + 1, cty, None)
            elif cty & _NOT_PLAIN_VALUE or parsed_text is None:
                value, off = node(child, depth + 1, None)
            else:  # a plain scalar in an ASCII file, as node() reads it, inline
                vlen = val_lens[child]
                off = vals[child] - base
                if not 0 <= off <= size - vlen:
                    raise _Defer
                text = parsed_text[off:off + vlen]
                value = text if text and text[0] not in _RESOLVED_FIRST else scalar(text)
            if first < 0:
                first = off
            items.append(value)
            at[child] = off
            child = nxt[child]
        if first < 0:
            if not ty & _FLOW:
                raise _Defer
            off = self.empty_flow(key_end, b"[")
        elif ty & _FLOW:  # the commonest places tested inline, as in mapping()
            raw = self.raw
            off = first - 1 if first and raw[first - 1] == 0x5B else self.before(first, b"[")
        else:
            raw = self.raw
            if first >= 2 and raw[first - 1] == 0x20 and raw[first - 2] == 0x2D:
                off = first - 2  # `- item`
            else:
                off = self.before(first, b"-")
        at[n] = off
        items._node, items._places = n, self.places
        return items, off
