"""The handover PDF made archival (PDF/A-2b): records of child abuse cases are kept for
decades, and archives take PDF/A.

Done with reportlab's own document objects, just before the PDF is written, so no second PDF
library ships in the app:
- XMP metadata (uncompressed, as PDF/A wants) with the PDF/A identification (part 2,
  conformance B), in step with the document information dictionary (same title, author,
  subject, creator, producer, dates);
- an sRGB output intent (fieldkit/resources/color/sRGB.icc: the ICC profile of IEC 61966-2-1
  sRGB as produced by Little CMS, which FieldKit ships as data);
- the document language and "show the title" for assistive technology.
Every font is embedded because the note uses only DejaVu Sans (its canvas starts in it and its
tables are set in it, so no page even names Helvetica). The note is not tagged: reportlab
writes no structure tree. Conformance is by construction; the suite checks these properties
and qpdf's structural check on every handover it writes.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from fieldkit.content.locate import resource_path

PART, CONFORMANCE = "2", "B"
OUTPUT_CONDITION = "sRGB IEC61966-2.1"
LANG = "en-GB"

_XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt>
    <rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
   <xmp:CreatorTool>{creator}</xmp:CreatorTool>
   <xmp:CreateDate>{when}</xmp:CreateDate>
   <xmp:ModifyDate>{when}</xmp:ModifyDate>
   <pdf:Producer>{producer}</pdf:Producer>
   <pdf:Trapped>{trapped}</pdf:Trapped>
   <pdfaid:part>{part}</pdfaid:part>
   <pdfaid:conformance>{conformance}</pdfaid:conformance>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def xmp_date(ts: Any) -> str:
    """The document information's date (reportlab's timestamp) in XMP's form."""
    y, mo, d, h, mi, s = ts.YMDhms
    sign = "-" if ts.dhh < 0 else "+"
    return f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}{sign}{abs(ts.dhh):02d}:{ts.dmm:02d}"


def make_archival(canvas: Any) -> None:
    """Add the PDF/A-2b parts to a reportlab canvas's document; call just before saving."""
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString

    doc = canvas._doc
    info = doc.info
    xmp = _XMP.format(
        title=escape(info.title or ""), author=escape(info.author or ""),
        subject=escape(info.subject or ""), creator=escape(info.creator or ""),
        producer=escape(info.producer or ""), trapped=escape(str(info.trapped)),
        when=xmp_date(doc._timeStamp), part=PART, conformance=CONFORMANCE)
    metadata = _unfiltered(PDFDictionary({"Type": PDFName("Metadata"),
                                          "Subtype": PDFName("XML")}), xmp.encode("utf-8"))
    profile = PDFStream(PDFDictionary({"N": 3, "Alternate": PDFName("DeviceRGB")}),
                        resource_path("color", "sRGB.icc").read_bytes())
    intent = PDFDictionary({
        "Type": PDFName("OutputIntent"), "S": PDFName("GTS_PDFA1"),
        "OutputConditionIdentifier": PDFString(OUTPUT_CONDITION),
        "RegistryName": PDFString("http://www.color.org"),
        "Info": PDFString(OUTPUT_CONDITION),
        "DestOutputProfile": doc.Reference(profile)})
    catalog = doc.Catalog
    catalog.Metadata = doc.Reference(metadata)
    # the catalog writes only the keys it lists: list OutputIntents for this document
    catalog.__NoDefault__ = [*type(catalog).__NoDefault__, "OutputIntents"]
    catalog.OutputIntents = PDFArray([intent])
    catalog.Lang = PDFString(LANG)
    canvas.setViewerPreference("DisplayDocTitle", "true")


def _unfiltered(dictionary: Any, content: bytes) -> Any:
    """A stream written without any Filter key (reportlab writes `/Filter []` otherwise)."""
    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFStream
    from reportlab.pdfbase.pdfdoc import format as pdf_format

    class Unfiltered(PDFStream):  # type: ignore[misc]
        def format(self, document: Any) -> bytes:
            d = PDFDictionary(self.dictionary.dict.copy())
            data = document.encrypt.encode(self.content)
            d["Length"] = len(data)
            return (pdf_format(d, document) + b"\nstream\n" + pdf_format(data, document)
                    + b"endstream\n")

    return Unfiltered(dictionary, content)
