"""Checks every handover the suite writes must pass (run on each test's folder by conftest):
handover.json validates against docs/schemas/handover.schema.json; handover.pdf is PDF/A-2b
by its metadata, has an sRGB output intent, embeds every font it uses, refers to no font it
does not use, and passes qpdf's structural check (through pikepdf, which is qpdf)."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

SCHEMA = Path(__file__).parents[1] / "docs" / "schemas" / "handover.schema.json"


@lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def note_problems(path: Path) -> list[str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [f"{path}: {'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in _validator().iter_errors(data)]


def pdf_problems(path: Path) -> list[str]:
    import pikepdf

    problems: list[str] = []
    with pikepdf.open(path) as pdf:
        problems += [f"{path}: qpdf: {p}" for p in pdf.check_pdf_syntax()]
        meta = pdf.open_metadata()
        if (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) != ("2", "B"):
            problems.append(f"{path}: no PDF/A-2b identification in the XMP metadata")
        if meta.get("dc:title") != str(pdf.docinfo.get("/Title")):
            problems.append(f"{path}: XMP title and document information differ")
        intents = pdf.Root.get("/OutputIntents", [])
        if not any(i.get("/S") == "/GTS_PDFA1" and "/DestOutputProfile" in i
                   and i.DestOutputProfile.get("/N") == 3 for i in intents):
            problems.append(f"{path}: no RGB (sRGB) PDF/A output intent")
        for n, page in enumerate(pdf.pages, 1):
            for name, font in page.obj.Resources.get("/Font", {}).items():
                desc = font.get("/FontDescriptor")
                if desc is None or not any(k in desc for k in ("/FontFile", "/FontFile2",
                                                               "/FontFile3")):
                    problems.append(f"{path}: page {n}: font {name} "
                                    f"({font.get('/BaseFont')}) is not embedded")
        listed = {str(k) for page in pdf.pages for k in page.obj.Resources.get("/Font", {})}
        if listed - fonts_used(pdf):
            problems.append(f"{path}: fonts listed but never used: {listed - fonts_used(pdf)}")
    return problems


def handover_problems(folder: Path) -> list[str]:
    """Every handover.json and handover.pdf under `folder` (staging folders left out)."""
    problems: list[str] = []
    for path in sorted(folder.rglob("handover.*")):
        if any(part.startswith(".fieldkit-export-") for part in path.parts):
            continue
        if path.name == "handover.json":
            problems += note_problems(path)
        elif path.name == "handover.pdf" and path.read_bytes()[:4] == b"%PDF":
            problems += pdf_problems(path)
    return problems


def fonts_used(pdf: Any) -> set[str]:
    """The resource names of the fonts that the pages' drawing operators select (Tf)."""
    import pikepdf

    used: set[str] = set()
    for page in pdf.pages:
        for instruction in pikepdf.parse_content_stream(page, "Tf"):
            if isinstance(instruction, pikepdf.ContentStreamInstruction) and \
                    instruction.operands:
                used.add(str(instruction.operands[0]))
    return used
