"""Exports: the one use case behind every set of files FieldKit hands over (the handover note,
exhibit labels, family leaflets), for the command line and the app alike.

An export renders every file in memory, hashes each once, writes the set into a staging
folder beside the target, then moves it into place: if anything fails (a full disk, Ctrl-C)
the old set stays whole and no part of the new one is left. Files already at the target that
FieldKit did not write are refused unless `force` is given. The export is then recorded on the
case under one audit convention (`Export.audit_detail`): which files, their SHA-256, and who
was given which leaflet. When the files were written but the record could not be, the result
says so plainly instead of raising.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from fieldkit.cases.model import Case
from fieldkit.content.model import Content
from fieldkit.diagnostics import FieldKitError

SCHEMA_VERSION = 4  # of handover.json; docs/schemas/handover.schema.json; bump on any change
NOTE_NAMES = ("handover.pdf", "handover.json", "handover.txt")
SUMS_NAME = "handover.sha256"
LABELS_NAME = "exhibit-labels.pdf"
LEAFLET_NAME = "family-leaflet.pdf"
STAGING_PREFIX = ".fieldkit-export-"
_LEAFLET_N = re.compile(r"^family-leaflet-\d+\.pdf$")
_SUM_LINE = re.compile(rb"^[0-9a-f]{64}  [^/\n]+\n")
_OWN_LIMIT = 256 * 1024 * 1024  # a file larger than this at the target is not one of ours


@dataclass(frozen=True)
class ExportFile:
    name: str
    data: bytes = field(repr=False)
    sha256: str
    given_to: str = ""  # leaflets: the person this one was made for

    @classmethod
    def of(cls, name: str, data: bytes, given_to: str = "") -> ExportFile:
        return cls(name, data, hashlib.sha256(data).hexdigest(), given_to)


@dataclass
class Export:
    """What one export wrote, and whether it is on the case's record."""

    kind: str  # handover | labels | leaflet
    folder: Path
    files: list[ExportFile]
    recorded: bool = False
    record_problem: str = ""  # set when the files were written but the record was not

    @property
    def paths(self) -> list[Path]:
        return [self.folder / f.name for f in self.files]

    def audit_detail(self) -> dict[str, Any]:
        """The one audit convention for every export: the kind, the folder, and each file's
        name and SHA-256 (and, for a leaflet, whom it was given to)."""
        files = []
        for f in self.files:
            entry = {"name": f.name, "sha256": f.sha256}
            if f.given_to:
                entry["given_to"] = f.given_to
            files.append(entry)
        return {"kind": self.kind, "path": str(self.folder), "files": files}

    def summary(self) -> str:
        """One plain sentence for the officer about what happened."""
        names = ", ".join(f.name + (f" for {f.given_to}" if f.given_to else "")
                          for f in self.files)
        said = f"written to {self.folder}: {names}."
        if self.record_problem:
            said += " " + self.record_problem
        return said


Recorder = Callable[[Export], None]


def recorder(record_export: Callable[..., None]) -> Recorder:
    """A Recorder over `record_export(kind, path, files=...)`: a case session's, or a store's
    with the case id bound (functools.partial), so every caller logs the same entry."""
    def record(export: Export) -> None:
        detail = export.audit_detail()
        record_export(detail["kind"], detail["path"], files=detail["files"])
    return record


# -- the three exports ----------------------------------------------------------------------------

def export_handover(case: Case, content: Content, folder: Path, *,
                    record: Recorder | None = None, force: bool = False,
                    labels: bool = False, leaflets: bool = False,
                    generated: datetime | None = None) -> Export:
    """handover.pdf, .json and .txt (with, if asked, the labels when there are exhibits and
    one leaflet per person when services were given), and handover.sha256 over every one of
    them, in `sha256sum -c` format."""
    files = handover_files(case, content, generated)
    if labels and case.exhibits:
        files.append(ExportFile.of(LABELS_NAME, labels_pdf(case)))
    if leaflets and _services_given(case, content):
        files += leaflet_files(case, content, each=True)
    files.append(ExportFile.of(SUMS_NAME, checksums(files)))
    return _finish("handover", Path(folder), files, record, force)


def export_labels(case: Case, content: Content, out: Path, *, skip: int = 0,
                  record: Recorder | None = None, force: bool = False) -> Export:
    folder, name = _target(Path(out), LABELS_NAME)
    return _finish("labels", folder, [ExportFile.of(name, labels_pdf(case, skip))], record,
                   force)


def export_leaflets(case: Case, content: Content, out: Path, *, given_to: str | None = None,
                    each: bool = False, record: Recorder | None = None,
                    force: bool = False) -> Export:
    """One leaflet of every service given (or of those given to `given_to`), or with `each`
    one numbered leaflet per person into the folder `out` (a file name never names a
    person; the audit says whose is whose)."""
    if each:
        files = leaflet_files(case, content, each=True)
        return _finish("leaflet", Path(out), files, record, force, stale=_LEAFLET_N)
    folder, name = _target(Path(out), LEAFLET_NAME)
    files = [ExportFile.of(name, leaflet_pdf(case, content, given_to), given_to or "")]
    return _finish("leaflet", folder, files, record, force)


# -- rendering (in memory, never through a temporary file) ----------------------------------------

def note_json(note: Any) -> bytes:
    data = {"schema_version": SCHEMA_VERSION, **note.as_dict()}
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def handover_files(case: Case, content: Content,
                   generated: datetime | None = None) -> list[ExportFile]:
    from fieldkit.handover.blocks import note_text
    from fieldkit.handover.model import build_note
    from fieldkit.handover.pdf import render_pdf

    note = build_note(case, content, generated)
    pdf, js, txt = NOTE_NAMES
    return [ExportFile.of(pdf, _render(render_pdf, note)), ExportFile.of(js, note_json(note)),
            ExportFile.of(txt, note_text(note).encode("utf-8"))]


def labels_pdf(case: Case, skip: int = 0) -> bytes:
    from fieldkit.handover.labels import render_labels

    return _render(render_labels, case, skip=skip)


def leaflet_pdf(case: Case, content: Content, given_to: str | None = None) -> bytes:
    from fieldkit.handover.leaflet import render_leaflet

    return _render(render_leaflet, case, content, given_to=given_to)


def leaflet_files(case: Case, content: Content, each: bool) -> list[ExportFile]:
    """Leaflets numbered one per person given services (one unnumbered when only one person,
    or nobody, was named)."""
    from fieldkit.handover.leaflet import recipients

    people = recipients(case)
    if not each or len(people) <= 1:
        return [ExportFile.of(LEAFLET_NAME, leaflet_pdf(case, content),
                              people[0] if people else "")]
    return [ExportFile.of(f"family-leaflet-{n}.pdf", leaflet_pdf(case, content, person),
                          person) for n, person in enumerate(people, 1)]


def _services_given(case: Case, content: Content) -> bool:
    from fieldkit.handover.leaflet import services_given

    return bool(services_given(case, content))


def checksums(files: list[ExportFile]) -> bytes:
    return "".join(f"{f.sha256}  {f.name}\n" for f in files).encode("utf-8")


def _render(render: Callable[..., None], *args: object, **kwargs: object) -> bytes:
    import io

    buffer = io.BytesIO()
    render(*args, buffer, **kwargs)
    return buffer.getvalue()


# -- writing the set ------------------------------------------------------------------------------

def _target(out: Path, default_name: str) -> tuple[Path, str]:
    """A file target as (folder, name); an existing folder gets the default name inside it."""
    if out.is_dir():
        return out, default_name
    return out.parent, out.name


def _finish(kind: str, folder: Path, files: list[ExportFile], record: Recorder | None,
            force: bool, stale: re.Pattern[str] | None = None) -> Export:
    folder = folder.absolute()
    write_set(folder, files, force=force, stale=stale)
    export = Export(kind, folder, files)
    if record is not None:
        try:
            record(export)
            export.recorded = True
        except (FieldKitError, OSError) as exc:
            export.record_problem = (
                "The files were written, but the export could not be recorded on the case, "
                f"so its audit log does not show it. Reason: {plain_reason(exc)}. Note the "
                "export in your records, and export again once the problem is fixed.")
    return export


def plain_reason(exc: BaseException) -> str:
    """The store's reason without its "nothing was half-saved" ending (files were written)."""
    text = str(exc).split(". Nothing was half-saved")[0].strip().rstrip(".")
    return text or type(exc).__name__


def write_set(folder: Path, files: list[ExportFile], *, force: bool = False,
              stale: re.Pattern[str] | None = None) -> None:
    """Put `files` into `folder` as one set: staged beside the targets, then moved into place;
    on any failure the old files are put back and nothing of the new set is left."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FieldKitError(f"{folder}: cannot make the folder ({exc.strerror or exc})") from exc
    names = [f.name for f in files]
    replaced = [n for n in names if _exists(folder / n)]
    if stale is not None:
        replaced += sorted(p.name for p in folder.iterdir()
                           if stale.match(p.name) and p.name not in names)
    if not force:
        for name in replaced:
            if not is_fieldkit_output(folder / name):
                raise FieldKitError(
                    f"{folder / name}: this file was not written by FieldKit, so it is not "
                    "replaced; choose another place, or give --force to replace it")
    _remove_leftovers(folder)
    stage = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder))
    try:
        for f in files:
            _write_synced(stage / f.name, f.data)
        _swap(folder, stage, names, replaced)
    except OSError as exc:
        raise FieldKitError(f"{folder}: the files were not written, and any earlier set there "
                            f"is unchanged ({exc.strerror or exc})") from exc
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _swap(folder: Path, stage: Path, names: list[str], replaced: list[str]) -> None:
    old = stage / ".old"
    old.mkdir()
    moved: list[str] = []
    placed: list[str] = []
    try:
        for name in replaced:
            os.replace(folder / name, old / name)
            moved.append(name)
        for name in names:
            os.replace(stage / name, folder / name)
            placed.append(name)
        _sync_dir(folder)
    except BaseException:
        for name in placed:
            with contextlib.suppress(OSError):
                os.replace(folder / name, stage / name)
        for name in moved:
            with contextlib.suppress(OSError):
                os.replace(old / name, folder / name)
        raise


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "xb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def _sync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _exists(path: Path) -> bool:
    return path.exists() or path.is_symlink()


def _remove_leftovers(folder: Path) -> None:
    """Staging folders left by an export that was killed (never a finished set)."""
    for p in folder.glob(STAGING_PREFIX + "*"):
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)


def is_fieldkit_output(path: Path) -> bool:
    """Whether a file at an export's target is one FieldKit wrote (so it may be replaced)."""
    try:
        if not path.is_file() or path.is_symlink() or path.stat().st_size > _OWN_LIMIT:
            return False
        data = path.read_bytes()
    except OSError:
        return False
    if data.startswith(b"%PDF"):
        return b"FieldKit" in data
    lines = data.splitlines(keepends=True)
    if lines and all(_SUM_LINE.match(line) for line in lines):
        return True
    from fieldkit.handover.model import MARKING

    if data.startswith(MARKING.encode()):
        return b"FieldKit" in data
    try:
        return isinstance(parsed := json.loads(data), dict) and "fieldkit_version" in parsed
    except (ValueError, TypeError):
        return False
