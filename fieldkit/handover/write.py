"""Writing the handover files, the labels and the leaflet without recording them: the
functions tests, the self-test and benchmarks call. Every write goes through
fieldkit.handover.export (one set, staged and moved into place)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from fieldkit.cases.casefile import read_casefile
from fieldkit.cases.model import Case
from fieldkit.content.model import Content
from fieldkit.diagnostics import Report
from fieldkit.handover import export

NAMES = {"pdf": "handover.pdf", "json": "handover.json", "txt": "handover.txt",
         "sha256": "handover.sha256"}


def as_case(case_or_casefile: Case | Path | str, content: Content,
            report: Report | None = None) -> Case:
    if isinstance(case_or_casefile, Case):
        return case_or_casefile
    return read_casefile(Path(case_or_casefile), content, report)


def write_handover(case_or_casefile: Case | Path | str, content: Content, out_dir: Path,
                   generated: datetime | None = None, force: bool = False) -> dict[str, Path]:
    """Write handover.pdf, .json, .txt and .sha256 (over all three) into `out_dir`."""
    case = as_case(case_or_casefile, content)
    export.export_handover(case, content, Path(out_dir), generated=generated, force=force)
    return {k: Path(out_dir) / name for k, name in NAMES.items()}


def write_labels(case_or_casefile: Case | Path | str, content: Content, out: Path,
                 skip: int = 0, force: bool = False) -> Path:
    """Printable exhibit labels, one per exhibit (see fieldkit.handover.labels)."""
    case = as_case(case_or_casefile, content)
    return export.export_labels(case, content, Path(out), skip=skip, force=force).paths[0]


def write_leaflet(case_or_casefile: Case | Path | str, content: Content, out: Path,
                  given_to: str | None = None, force: bool = False) -> Path:
    """The one-page family leaflet of the services given, to everyone or to one person (so a
    partner's leaflet does not list what the suspect was given); see fieldkit.handover.leaflet."""
    case = as_case(case_or_casefile, content)
    done = export.export_leaflets(case, content, Path(out), given_to=given_to, force=force)
    return done.paths[0]
