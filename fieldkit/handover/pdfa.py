"""The handover PDF made archival (PDF/A-2b): records of child abuse cases are kept for
decades, and archives take PDF/A.

reportlab draws the note with every font embedded (DejaVu Sans subsets, never a standard-14
font); what it cannot add is done here with pikepdf (qpdf underneath):
- XMP metadata carrying the PDF/A identification (part 2, conformance B), in step with the
  document information dictionary;
- an sRGB output intent (fieldkit/resources/color/sRGB.icc: the ICC profile of IEC 61966-2-1
  sRGB as produced by Little CMS, which FieldKit ships as data);
- no font resource that no page uses;
- the document language and "show the title" for assistive technology.
The file is written with qpdf's deterministic ID, so the same note still gives the same bytes.
Conformance is by construction; see README for what is and is not validated.
"""

from __future__ import annotations

import io
from typing import Any

from fieldkit.content.locate import resource_path

PART, CONFORMANCE = "2", "B"
OUTPUT_CONDITION = "sRGB IEC61966-2.1"
LANG = "en-GB"


def archival(data: bytes) -> bytes:
    """`data` (a PDF from reportlab) as PDF/A-2b."""
    import pikepdf

    with pikepdf.open(io.BytesIO(data)) as pdf:
        drop_unused_fonts(pdf)
        icc = pdf.make_stream(resource_path("color", "sRGB.icc").read_bytes())
        icc.N = 3
        icc.Alternate = pikepdf.Name.DeviceRGB
        pdf.Root.OutputIntents = pikepdf.Array([pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFA1,
            OutputConditionIdentifier=pikepdf.String(OUTPUT_CONDITION),
            RegistryName=pikepdf.String("http://www.color.org"),
            Info=pikepdf.String(OUTPUT_CONDITION), DestOutputProfile=icc)])
        pdf.Root.Lang = pikepdf.String(LANG)
        pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)
        if "/Trapped" in pdf.docinfo:  # XMP has no place for it; PDF/A wants the two equal
            del pdf.docinfo["/Trapped"]
        with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
            meta.load_from_docinfo(pdf.docinfo)
            meta["pdfaid:part"] = PART
            meta["pdfaid:conformance"] = CONFORMANCE
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.disable)
        return out.getvalue()


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


def drop_unused_fonts(pdf: Any) -> None:
    used = fonts_used(pdf)
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font")
        if fonts is None:
            continue
        for name in list(fonts.keys()):
            if name not in used:
                del fonts[name]
