"""A verified snapshot of checked content: plain JSON the app can read instead of the YAML.

Why: reading and checking the YAML is most of what the app does before its first paint. The
snapshot holds the loaded model (guides, scripts, signposts, ...) exactly as the loader built it,
plus the SHA-256 of every source file. The app uses it only when the same files are there with
the same hashes, the same FieldKit wrote it, and it reads back whole; otherwise it says nothing
and loads and checks the YAML as before. Author mode and `content check` never use it.

It is JSON, never pickle: reading it cannot run code. Only the model's own dataclasses can be
rebuilt from it (by name, from a fixed table), with their own fields.

Written when content is built into the package, when a pack is installed, and by the app
itself (into the data folder) after a clean full load, so a source checkout starts fast from
its second run. Only content with no errors is written.

The file is two lines, each one JSON document. The first holds the hashes and what the home
screen lists (each guide without its steps), read at once; the second holds the rest (the
guides' steps, facts, scripts, signposts, checklists, talks, scenarios: nine tenths of the
file), read the first time any of it is asked for, which in the app is just after the first
paint. Should the second line ever fail to read back, all of that comes from the YAML.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import sys
import threading
from datetime import date
from pathlib import Path
from typing import Any

try:  # Python's own SHA-256, as the random module takes its SHA-512: importing hashlib loads
    from _sha256 import sha256  # OpenSSL first, some 3 ms before the app's first paint
except ImportError:  # a Python built without it
    from hashlib import sha256

from fieldkit import __version__
from fieldkit.content import model
from fieldkit.diagnostics import Diagnostic, Report

FORMAT = 2
NAME = ".fieldkit-snapshot.json"  # beside the content it was made from (package, pack)
KINDS = ("guides", "scripts", "signposts", "checklists", "talks", "scenarios")
# The fields of Content read the first time one of them is asked for, not at start-up.
LATER = ("facts", "scripts", "signposts", "signpost_points", "checklists", "talks",
         "scenarios", "synonyms")
STEPS = "guide_steps"  # each guide's steps, by guide id: read with them

_TYPES: dict[str, type] = {
    cls.__name__: cls
    for cls in (*(getattr(model, n) for n in dir(model)), Diagnostic, Report)
    if isinstance(cls, type) and dataclasses.is_dataclass(cls)
}


def source_files(root: Path) -> list[Path]:
    """The files the loader reads, found the way it finds them (content_files in loader)."""
    out = [p for p in (root / "content.yaml", root / "facts.yaml") if p.is_file()]
    out += sorted((root / "facts").glob("*.yaml"))
    for kind in KINDS:
        out += sorted((root / kind).glob("*.yaml"))
    if (root / "search-synonyms.yaml").is_file():
        out.append(root / "search-synonyms.yaml")
    return out


def _hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): sha256(p.read_bytes()).hexdigest()
            for p in source_files(root)}


def _code_stamp(with_sources: bool | None = None) -> str:
    """FieldKit's version and, run from source, a hash of the loader's own code: a snapshot
    made by other checks is not this build's. A frozen build keeps no sources, so for it (and
    for the snapshot written into it) the version stands for them."""
    if with_sources is None:
        with_sources = not getattr(sys, "frozen", False)
    digest = sha256(f"{FORMAT} {__version__}".encode())
    here = Path(__file__).resolve().parent
    for path in sorted([*here.glob("*.py"), here.parent / "yamlread.py",
                        here.parent / "yamlfast.py", here.parent / "ynodes.py"]
                       ) if with_sources else []:
        with contextlib.suppress(OSError):
            digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_path(root: Path) -> Path:
    """Where the app keeps the snapshot of a folder it may not write to (a checkout)."""
    from fieldkit.settings import data_dir

    key = sha256(str(Path(root).resolve()).encode()).hexdigest()[:20]
    return data_dir() / "snapshots" / f"{key}.json"


# -- encoding ---------------------------------------------------------------------------------


class _Encoder:
    def __init__(self, root: str):
        self.root = root
        self.prefix = root.rstrip(os.sep) + os.sep

    def __call__(self, x: Any) -> Any:
        if x is None or isinstance(x, (bool, int, float)):
            return x
        if isinstance(x, str):
            if x == self.root:
                return {"$path": ""}
            if x.startswith(self.prefix):
                return {"$path": Path(x[len(self.prefix):]).as_posix()}
            return x
        if isinstance(x, date):
            return {"$date": x.isoformat(), "$time": type(x).__name__ != "date"}
        if isinstance(x, tuple):
            return {"$tuple": [self(v) for v in x]}
        if isinstance(x, list):
            return [self(v) for v in x]
        if isinstance(x, dict):
            if any(isinstance(k, str) and k.startswith("$") for k in x):
                raise ValueError("a key starting with $ cannot be snapshotted")
            if all(isinstance(k, str) for k in x):
                return {"$map": {k: self(v) for k, v in x.items()}}
            return {"$pairs": [[self(k), self(v)] for k, v in x.items()]}
        if isinstance(x, model.Where):  # the commonest object by far: kept small
            return {"$w": [self(x.path), x.line, x.col]}
        if dataclasses.is_dataclass(x) and type(x).__name__ in _TYPES:
            fields = {}
            for name, default in _defaults(type(x)):
                value = getattr(x, name)
                if default is _REQUIRED or value != default or type(value) is not type(default):
                    fields[name] = self(value)
            return {"$": type(x).__name__, "f": fields}
        raise TypeError(f"cannot snapshot {type(x).__name__}")


_REQUIRED = object()


def _defaults(cls: type) -> list[tuple[str, Any]]:
    """Each field and its default (_REQUIRED if none): fields at their default are left out."""
    got = _DEFAULTS.get(cls)
    if got is None:
        got = []
        for f in dataclasses.fields(cls):
            if f.default is not dataclasses.MISSING:
                got.append((f.name, f.default))
            elif f.default_factory is not dataclasses.MISSING:
                got.append((f.name, f.default_factory()))
            else:
                got.append((f.name, _REQUIRED))
        _DEFAULTS[cls] = got
    return got


_DEFAULTS: dict[type, list[tuple[str, Any]]] = {}


class _Decoder:
    """Rebuilds values as json.loads meets each object (innermost first, from C)."""

    def __init__(self, root: Path):
        self.root = str(root)
        self.paths: dict[str, str] = {"": self.root}

    def path(self, rel: str) -> str:
        """The file's path as the loader names it (str(root / kind / name)), made once."""
        got = self.paths.get(rel)
        if got is None:
            got = self.paths[rel] = os.path.join(self.root, *rel.split("/"))
        return got

    def __call__(self, x: dict[str, Any]) -> Any:
        if "$w" in x:
            path, line, col = x["$w"]
            return model.Where(path, line, col)
        if "$" in x:
            cls = _TYPES[x["$"]]  # KeyError for anything else: the snapshot is not used
            return cls(**x["f"])
        if "$map" in x:
            return x["$map"]
        if "$tuple" in x:
            return tuple(x["$tuple"])
        if "$path" in x:
            return self.path(x["$path"])
        if "$pairs" in x:
            return {_hashable(k): v for k, v in x["$pairs"]}
        if "$date" in x:
            from datetime import datetime

            return (datetime.fromisoformat(x["$date"]) if x["$time"]
                    else date.fromisoformat(x["$date"]))
        return x  # a dataclass's fields, or a mapping's entries: used by the object around it


def _hashable(x: Any) -> Any:
    return tuple(_hashable(v) for v in x) if isinstance(x, (list, tuple)) else x


# -- writing and reading ----------------------------------------------------------------------


def write_snapshot(content: model.Content, dest: Path | None = None,
                   for_package: bool = False) -> Path | None:
    """Write the snapshot of content just loaded and checked from content.root (beside it,
    or at dest; for_package: for the frozen app being built). Content with errors is never
    written. Returns where it went, or None."""
    if not content.report.ok or content.refused:
        return None
    root = Path(content.root)
    import tempfile  # only when writing: the app reads snapshots before its first paint

    stamp = _code_stamp(with_sources=not for_package)
    encode = _Encoder(str(root))
    now = encode(content)
    for name in LATER:  # left out of the content read at once, kept as one JSON text
        now["f"].pop(name, None)
    later = {name: encode(getattr(content, name)) for name in LATER}
    guides = now["f"].get("guides", {"$map": {}})["$map"]
    later[STEPS] = {gid: g["f"]["steps"] for gid, g in guides.items()}
    for g in guides.values():
        g["f"]["steps"] = {"$map": {}}  # read back as the second line's
    data = {"format": FORMAT, "code": stamp, "files": _hashes(root), "content": now}
    dest = dest or root / NAME
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".snapshot-", dir=dest.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            for part in (data, later):  # the C encoder; it writes a newline only as \n
                fh.write(json.dumps(part, ensure_ascii=False, separators=(",", ":")) + "\n")
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return dest


def read_snapshot(root: str | Path, path: Path | None = None) -> model.Content | None:
    """The content of root from its snapshot, if every source file's hash matches; else None.

    Anything wrong (no snapshot, another build's, a changed, added or removed file, a damaged
    or foreign snapshot) is None, and the caller loads the YAML.
    """
    root = Path(root)
    candidates = [path] if path is not None else [root / NAME, cache_path(root)]
    for candidate in candidates:
        try:
            first, later = candidate.read_bytes().split(b"\n", 1)
            data = json.loads(first, object_hook=_Decoder(root))
            if (data.get("format") != FORMAT or data.get("code") != _code_stamp()
                    or data.get("files") != _hashes(root)):
                continue
            content = data["content"]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            continue
        if isinstance(content, model.Content) and content.report.ok and later.strip():
            filler = _Later(later, root, content)
            for name in LATER:  # the constructor's defaults: read from `later` when asked
                del content.__dict__[name]
            content.__dict__["_later"] = filler
            for guide in content.guides.values():
                del guide.__dict__["steps"]
                guide.__dict__["_later"] = filler
            return content
    return None


class _Later:
    """Reads the snapshot's second line into the content and its guides the first time any of
    it is asked for (model.ReadOnFirstUse). Should it not read back, all of it comes from the
    YAML instead, which the hashes say is what the snapshot was made from."""

    def __init__(self, text: bytes, root: Path, content: model.Content):
        self.text, self.root, self.content = text, root, content
        self.lock = threading.Lock()

    def __call__(self) -> None:
        with self.lock:
            content = self.content
            if content.__dict__.get("_later") is not self:
                return  # another thread read it while this one waited
            guides = content.guides
            try:
                fields = json.loads(self.text, object_hook=_Decoder(self.root))
                if not isinstance(fields, dict) or sorted(fields) != sorted([*LATER, STEPS]):
                    raise ValueError("not the fields a snapshot leaves for later")
                steps = fields.pop(STEPS)
                if not isinstance(steps, dict) or set(steps) != set(guides):
                    raise ValueError("not the steps of the snapshot's guides")
            except (ValueError, KeyError, TypeError, AttributeError):
                from fieldkit.content.loader import load_content

                full = load_content(self.root)
                fields = {name: getattr(full, name) for name in LATER}
                steps = {gid: full.guides[gid].steps for gid in guides}
            content.__dict__.update(fields)
            del content.__dict__["_later"]
            for gid, guide in guides.items():
                guide.__dict__["steps"] = steps[gid]
                del guide.__dict__["_later"]


def load_fast(root: str | Path) -> tuple[model.Content, bool]:
    """For the app: the content from its snapshot, else loaded and checked from the YAML.
    The second value says whether the YAML was read (and so whether a snapshot is worth
    writing after first paint)."""
    got = read_snapshot(root)
    if got is not None:
        return got, False
    from fieldkit.content.loader import load_content

    return load_content(root), True


def refresh_cache(content: model.Content) -> None:
    """After a full load in the app: keep a snapshot in the data folder for next time.
    Never fails the app: a folder that cannot be written is simply not used."""
    try:
        write_snapshot(content, cache_path(Path(content.root)))
    except (OSError, TypeError, ValueError) as exc:
        print(f"content snapshot not written: {exc}", file=sys.stderr)
