"""A safe, line-aware YAML reader.

Every mapping and list remembers where each of its keys and items stood, so that a checker can
point at the exact line and column of an offending key or value. Bare `yes`/`no`/`on`/`off` stay
words (only `true`/`false` are booleans): authors write `adult_involved: yes` and mean the word.
Anchors and aliases are refused: content never needs them, and refusing them makes
"billion laughs" documents impossible.
"""

from __future__ import annotations

import os
import re
import stat
import threading
from pathlib import Path
from typing import Any

import yaml

from fieldkit.diagnostics import Diagnostic, FieldKitError
from fieldkit.ynodes import Loc, YList, YMap

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 64
MAX_NODES = 500_000


class _Loader(yaml.SafeLoader):
    """SafeLoader whose booleans are only true/false (YAML 1.2 style), refusing aliases."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise _AliasFound(event.start_mark)
        return super().compose_node(parent, index)


class _AliasFound(Exception):
    def __init__(self, mark: Any):
        super().__init__("alias")
        self.mark = mark


_STR = "tag:yaml.org,2002:str"
SAFE_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


_FastLoader: Any = None
if getattr(yaml, "__with_libyaml__", False):

    class _CLoader(yaml.CSafeLoader):  # type: ignore[misc, name-defined]
        """The same rules, parsed by libyaml: about ten times faster on large guides."""

    _CLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
    _FastLoader = _CLoader


def _loc(node: yaml.Node) -> Loc:
    mark = node.start_mark
    return Loc(mark.line + 1, mark.column + 1)


class _Builder:
    def __init__(self, path: str):
        self.path = path
        self.seen: set[int] = set()
        self.count = 0
        self.scalar = _Loader("")  # only for construct_scalar-style resolution

    def fail(self, node: yaml.Node, rule: str, message: str) -> FieldKitError:
        loc = _loc(node)
        return FieldKitError(Diagnostic(self.path, loc.line, loc.col, "error", rule, message))

    def child(self, node: yaml.Node, depth: int) -> Any:
        """A child node: plain text is by far the commonest, so it skips the general path."""
        if node.tag == _STR and node.__class__ is yaml.ScalarNode:
            nid = id(node)
            if nid in self.seen:
                raise self.fail(node, "yaml-alias", "anchors and aliases are not allowed in "
                                "content")
            self.seen.add(nid)
            self.count += 1
            return node.value
        return self.build(node, depth + 1)

    def build(self, node: yaml.Node, depth: int = 0) -> Any:
        if id(node) in self.seen:
            raise self.fail(node, "yaml-alias", "anchors and aliases are not allowed in content")
        self.seen.add(id(node))
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(node, "yaml-too-large", f"more than {MAX_NODES} values in one file")
        if depth > MAX_DEPTH:
            raise self.fail(node, "yaml-too-deep", f"nested more than {MAX_DEPTH} levels deep")
        if node.tag not in SAFE_TAGS:  # a tag on a mapping or list is refused too
            raise self.fail(node, "yaml-tag", f"tag '{node.tag[:80]}' is not allowed")
        if isinstance(node, yaml.MappingNode):
            out = YMap()
            key_locs: dict[Any, Loc] = {}
            value_locs: dict[Any, Loc] = {}
            out.loc, out.key_locs, out.value_locs = _loc(node), key_locs, value_locs
            for knode, vnode in node.value:
                if knode.tag == "tag:yaml.org,2002:merge":
                    raise self.fail(knode, "yaml-alias", "merge keys (<<) are not allowed")
                key = self.child(knode, depth)
                if isinstance(key, (dict, list)):
                    raise self.fail(knode, "yaml-syntax", "a key must be a plain value")
                if key in out:
                    raise self.fail(
                        knode,
                        "duplicate-key",
                        f"key '{key}' appears twice in this mapping "
                        f"(first at line {key_locs[key].line}); remove one",
                    )
                out[key] = self.child(vnode, depth)
                mark = knode.start_mark
                key_locs[key] = Loc(mark.line + 1, mark.column + 1)
                mark = vnode.start_mark
                value_locs[key] = Loc(mark.line + 1, mark.column + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            items = YList()
            locs: list[Loc] = []
            items.loc, items.item_locs = _loc(node), locs
            for child in node.value:
                items.append(self.child(child, depth))
                mark = child.start_mark
                locs.append(Loc(mark.line + 1, mark.column + 1))
            return items
        assert isinstance(node, yaml.ScalarNode)
        if node.tag == _STR:
            return node.value
        if node.tag not in SAFE_TAGS:
            raise self.fail(node, "yaml-tag", f"tag '{node.tag[:80]}' is not allowed in "
                            "content")
        try:
            return self.scalar.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError):  # e.g. 2026-02-30, 5,000 digits
            raise self.fail(node, "yaml-syntax", "cannot read this value: it is not a real "
                            "date or time, or the number is too long; check it or put it in "
                            "quotes") from None


def _compose(text: str, fast: bool) -> Any:
    loader = (_FastLoader if fast else _Loader)(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _located(path: str, line: int, col: int, rule: str, message: str) -> FieldKitError:
    return FieldKitError(Diagnostic(path, line, col, "error", rule, message))


# Hostile input: libyaml builds the whole tree before `_Builder` can count or measure it, and
# its composer recurses in C, so 25,000 nested brackets crash the process (about 3,000 where
# the stack is 1 MB) and a 5 MB file of tiny values takes gigabytes. Three guards, cheapest
# first, so that large honest files are not slowed:
# - at most SCAN_OVER flow brackets and no deep block indentation: nesting is shallow, parse;
# - brackets that, counted as if none were quoted, nest no deeper than MAX_DEPTH, and at most
#   STACK_OPENERS of them: the composer runs in a thread whose stack has room for every
#   bracket nesting (STACK_PER_LEVEL bytes a level, far above what it uses), so even brackets
#   hidden in quotes cannot overflow it;
# - anything else, or text that could hold more than MAX_NODES values (counted from the
#   characters every value must follow), is first read as a stream of events (nothing built,
#   nothing recursive) and refused at the first node past the limits: fast, since a deep
#   document fails within its first levels.
SCAN_OVER = 256  # flow brackets, or indicator columns, below which depth is always safe
STACK_OPENERS = 10_000
STACK_PER_LEVEL = 2048
_DEEP_BLOCK = re.compile(r"^[ \t?-]{" + str(SCAN_OVER) + ",}", re.MULTILINE)
_OPENS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSES = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _openers(text: str) -> int:
    return text.count("[") + text.count("{")


_NOT_BEFORE_A_VALUE = bytes(sorted(set(range(256)) - set(b",:-?[{\n")))


def _value_bound(text: str) -> int:
    """More than the number of values the text can hold: each one follows one of these.
    Counted in one pass over the UTF-8 bytes (no multi-byte character holds one of them),
    not one pass for each."""
    return 1 + len(text.encode("utf-8", "surrogatepass").translate(None, _NOT_BEFORE_A_VALUE))


_BRACKETS = re.compile(r"[^\[\]{}]+")


def _bracket_depth(text: str) -> int:
    """How deep the brackets nest, counting every bracket (quoted ones too)."""
    depth = deepest = 0
    for ch in _BRACKETS.sub("", text):
        if ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif depth:
            depth -= 1
    return deepest


def _needs_scan(text: str) -> bool:
    if len(text) > MAX_NODES and _value_bound(text) > MAX_NODES:
        return True
    if _DEEP_BLOCK.search(text) is not None:
        return True
    openers = _openers(text)
    return openers > SCAN_OVER and (openers > STACK_OPENERS
                                    or _bracket_depth(text) > MAX_DEPTH)


def _compose_guarded(text: str, fast: bool) -> Any:
    """Compose; where the text may nest deeply, on a thread with stack enough for it."""
    openers = _openers(text)
    if openers <= SCAN_OVER:
        return _compose(text, fast)
    result: dict[str, Any] = {}

    def work() -> None:
        try:
            result["node"] = _compose(text, fast)
        except BaseException as exc:  # handed to the caller's thread as it was
            result["error"] = exc

    size = 8 * 1024 * 1024 + openers * STACK_PER_LEVEL
    old = threading.stack_size(size)
    try:
        worker = threading.Thread(target=work, name="fieldkit-yaml")
        worker.start()
    finally:
        threading.stack_size(old)
    worker.join()
    if "error" in result:
        raise result["error"]
    return result.get("node")


def _prescan(text: str, path: str) -> None:
    loader = (_FastLoader or _Loader)(text)
    depth = count = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, _OPENS):
                depth += 1
                count += 1
            elif isinstance(event, _CLOSES):
                depth -= 1
            elif isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
                count += 1
            if depth - 1 > MAX_DEPTH or count > MAX_NODES:
                mark: Any = event.start_mark
                line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
                if count > MAX_NODES:
                    raise _located(path, line, col, "yaml-too-large",
                                   f"more than {MAX_NODES} values in one file")
                raise _located(path, line, col, "yaml-too-deep",
                               f"nested more than {MAX_DEPTH} levels deep")
    finally:
        loader.dispose()


def _alias_error(path: str, found: _AliasFound) -> FieldKitError:
    return _located(path, found.mark.line + 1, found.mark.column + 1, "yaml-alias",
                    "anchors and aliases (*name) are not allowed in content; write the value "
                    "out in full")


def parse(text: str, path: str = "<string>") -> Any:
    """Parse one YAML document into YMap/YList/scalars; raise FieldKitError with a location."""
    if len(text) > MAX_BYTES:
        raise _located(path, 1, 1, "yaml-too-large", f"file is over {MAX_BYTES} bytes")
    from fieldkit import yamlfast  # imports this module: loaded on first use

    huge = len(text) > MAX_NODES and _value_bound(text) > MAX_NODES  # counted once, here
    quick = None if huge else yamlfast.parse(text, path, sized=True)
    if quick is not None:  # None: this text is for the full reader below
        return quick
    fast = _FastLoader is not None
    try:
        if huge or _needs_scan(text):
            _prescan(text, path)
        node = _compose_guarded(text, fast)
        if node is None:
            return None
        return _Builder(path).build(node)
    except FieldKitError as exc:
        if fast and exc.diagnostics and exc.diagnostics[0].rule == "yaml-alias":
            try:  # the pure reader names the alias itself, not the anchor it points at
                _compose(text, fast=False)
            except _AliasFound as found:
                raise _alias_error(path, found) from None
        raise
    except _AliasFound as found:
        raise _alias_error(path, found) from None
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line, col = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        raise _located(path, line, col, "yaml-syntax",
                       f"character {exc.character!r} is not allowed in YAML; remove it") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "cannot read this YAML"
        if "maximum nesting depth" in problem:  # PyYAML 6.0.4's own limit, met first
            raise _located(path, line, col, "yaml-too-deep",
                           f"nested more than {MAX_DEPTH} levels deep") from None
        opened = exc.context_mark
        if exc.context and exc.context.startswith("while parsing a flow") and opened is not None \
                and (opened.line + 1, opened.column + 1) != (line, col):
            # An unclosed [ or {: the slip is where it opens, not where the parser gave up.
            bracket = "[" if "sequence" in exc.context else "{"
            raise _located(path, opened.line + 1, opened.column + 1, "yaml-syntax",
                           f"this '{bracket}' is never closed: {problem} (noticed at line "
                           f"{line}, column {col}); check the brackets and quoting on this "
                           "line") from None
        if exc.context:
            problem = f"{problem} ({exc.context})"
        raise _located(path, line, col, "yaml-syntax",
                       f"{problem}; check indentation and quoting on this line") from None
    except yaml.YAMLError as exc:
        raise _located(path, 1, 1, "yaml-syntax", f"cannot read this YAML: {exc}") from None
    except RecursionError:
        raise _located(path, 1, 1, "yaml-too-deep", "nested too deeply to read") from None


def read_regular(path: Path, shown: str, limit: int = MAX_BYTES,
                 within: Path | None = None) -> bytes:
    """A plain file's bytes, reading at most `limit` + 1 of them.

    Pipes, devices, folders and sockets are refused by what they are, not by their size
    (`/dev/zero` reports a size of 0 and never ends; a pipe blocks for ever), and so is a link
    that leads out of `within` (so a message can never quote a file from elsewhere)."""
    def refuse(rule: str, message: str) -> FieldKitError:
        return FieldKitError(Diagnostic(shown, 1, 1, "error", rule, message))

    if within is not None:
        try:
            real, base = path.resolve(), within.resolve()
        except (OSError, RuntimeError):
            raise refuse("file-unreadable", "cannot follow this link") from None
        if base not in real.parents:
            raise refuse("file-outside", "this is a link to a file outside the content folder; "
                         "put the file itself in the folder")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if stat.S_ISDIR(_mode(path)):
            raise refuse("file-special", "this is a folder, not a file") from None
        raise refuse("file-unreadable", f"cannot read file: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            what = "a folder" if stat.S_ISDIR(info.st_mode) else "a device, pipe or socket"
            raise refuse("file-special", f"this is {what}, not a plain file; only plain files "
                         "are read")
        if info.st_size > limit:  # never read a huge file into memory to refuse it
            raise refuse("yaml-too-large", f"file is over {limit} bytes")
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1024 * 1024))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise refuse("file-unreadable", f"cannot read file: {exc.strerror}") from None
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > limit:  # it grew, or lied about its size
        raise refuse("yaml-too-large", f"file is over {limit} bytes")
    return raw


def not_a_file(path: Path, what: str) -> str:
    """Why `path` cannot be read as the `what` the user named, in plain words, or ''."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        if path.is_symlink():
            return f"{what} not found: this is a link to a file that does not exist"
        return f"{what} not found"
    except OSError as exc:
        return f"cannot read the {what}: {exc.strerror}"
    if stat.S_ISDIR(mode):
        return f"this is a folder, not a {what}; give the file itself"
    if not stat.S_ISREG(mode):
        return f"this is a device, pipe or socket, not a {what}; only plain files are read"
    return ""


def _mode(path: Path) -> int:
    try:
        return path.stat().st_mode
    except OSError:
        return 0


def load_file(path: Path, display: str | None = None, within: Path | None = None) -> Any:
    """Read and parse a file; unreadable files and bad encodings become located errors."""
    shown = display or str(path)
    return load_bytes(read_regular(path, shown, MAX_BYTES, within), shown)


def load_bytes(raw: bytes, shown: str) -> Any:
    """Parse a file's bytes (already read, e.g. to hash them too); errors as in load_file."""
    if len(raw) > MAX_BYTES:
        raise FieldKitError(
            Diagnostic(shown, 1, 1, "error", "yaml-too-large", f"file is over {MAX_BYTES} bytes")
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise FieldKitError(
            Diagnostic(shown, line, col, "error", "encoding", "file is not UTF-8 text; "
                       "save it as UTF-8")
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return parse(text, shown)
