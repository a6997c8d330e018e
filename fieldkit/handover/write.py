"""Writing the handover files, the labels and the leaflet: the functions the app and the
command line both call."""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from fieldkit.cases.casefile import read_casefile
from fieldkit.cases.files import write_atomic
from fieldkit.cases.model import Case
from fieldkit.content.model import Content
from fieldkit.diagnostics import Report
from fieldkit.handover.blocks import note_text
from fieldkit.handover.model import build_note

NAMES = {"pdf": "handover.pdf", "json": "handover.json", "txt": "handover.txt",
         "sha256": "handover.sha256"}


def as_case(case_or_casefile: Case | Path | str, content: Content,
            report: Report | None = None) -> Case:
    if isinstance(case_or_casefile, Case):
        return case_or_casefile
    return read_casefile(Path(case_or_casefile), content, report)


def pdf_bytes(render: Callable[..., None], *args: object, **kwargs: object) -> bytes:
    """Render in memory, never through a temporary file: case text must not be left in the
    system's temp folder, and the final write is then one atomic step."""
    buffer = io.BytesIO()
    render(*args, buffer, **kwargs)
    return buffer.getvalue()


def write_handover(case_or_casefile: Case | Path | str, content: Content, out_dir: Path,
                   generated: datetime | None = None) -> dict[str, Path]:
    """Write handover.pdf, .json, .txt and .sha256 into `out_dir`; returns their paths.

    The SHA-256 file covers the PDF and the JSON (the records a receiver may verify)."""
    from fieldkit.handover.pdf import render_pdf

    case = as_case(case_or_casefile, content)
    note = build_note(case, content, generated)
    out_dir = Path(out_dir)
    paths = {k: out_dir / name for k, name in NAMES.items()}
    pdf = pdf_bytes(render_pdf, note)
    data = (json.dumps(note.as_dict(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    write_atomic(paths["pdf"], pdf)
    write_atomic(paths["json"], data)
    write_atomic(paths["txt"], note_text(note).encode("utf-8"))
    sums = "".join(f"{hashlib.sha256(b).hexdigest()}  {NAMES[k]}\n"
                   for k, b in (("pdf", pdf), ("json", data)))
    write_atomic(paths["sha256"], sums.encode("ascii"))
    return paths


def write_labels(case_or_casefile: Case | Path | str, content: Content, out: Path,
                 skip: int = 0) -> Path:
    """Printable exhibit labels, one per exhibit (see fieldkit.handover.labels)."""
    from fieldkit.handover.labels import render_labels

    case = as_case(case_or_casefile, content)
    write_atomic(Path(out), pdf_bytes(render_labels, case, skip=skip))
    return Path(out)


def write_leaflet(case_or_casefile: Case | Path | str, content: Content, out: Path,
                  given_to: str | None = None) -> Path:
    """The one-page family leaflet of the services given, to everyone or to one person (so a
    partner's leaflet does not list what the suspect was given); see fieldkit.handover.leaflet."""
    from fieldkit.handover.leaflet import render_leaflet

    case = as_case(case_or_casefile, content)
    write_atomic(Path(out), pdf_bytes(render_leaflet, case, content, given_to=given_to))
    return Path(out)
