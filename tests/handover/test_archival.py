"""The archival handover: PDF/A-2b metadata, an sRGB output intent, only embedded fonts and
none unused, sound to qpdf; a JSON note that validates against the published schema. The
conftest hook runs the same checks on every handover the suite writes; these tests prove the
checks can fail."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from fieldkit.cases.casefile import read_casefile
from fieldkit.content import load_content
from fieldkit.content.model import Content
from fieldkit.handover.export import SCHEMA_VERSION, export_handover
from tests.handover_checks import SCHEMA, handover_problems

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "tests" / "fixtures" / "cases" / "example-case.yaml"


@pytest.fixture(scope="module")
def shipped() -> Content:
    return load_content(ROOT / "content")


def test_the_handover_pdf_is_archival_and_the_json_valid(tmp_path: Path,
                                                        shipped: Content) -> None:
    import pikepdf

    export_handover(read_casefile(EXAMPLE, shipped), shipped, tmp_path / "out")
    assert handover_problems(tmp_path) == []
    with pikepdf.open(tmp_path / "out" / "handover.pdf") as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
        [intent] = pdf.Root.OutputIntents
        assert str(intent.OutputConditionIdentifier) == "sRGB IEC61966-2.1"
        assert intent.DestOutputProfile.read_bytes()[36:40] == b"acsp"  # an ICC profile
        fonts = {str(o.get("/BaseFont")) for o in pdf.objects
                 if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/Font"}
        assert fonts and all("DejaVuSans" in f for f in fonts), fonts  # no Helvetica at all
        assert str(pdf.Root.Lang) == "en-GB"
    note = json.loads((tmp_path / "out" / "handover.json").read_text(encoding="utf-8"))
    assert note["schema_version"] == SCHEMA_VERSION
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    assert schema["properties"]["schema_version"]["const"] == SCHEMA_VERSION


def test_the_checks_catch_a_plain_pdf_and_a_note_of_another_shape(tmp_path: Path,
                                                                   shipped: Content) -> None:
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    c = Canvas(buffer)
    c.drawString(72, 72, "not archival")
    c.save()
    (tmp_path / "handover.pdf").write_bytes(buffer.getvalue())
    export_handover(read_casefile(EXAMPLE, shipped), shipped, tmp_path / "out")
    note_path = tmp_path / "out" / "handover.json"
    note = json.loads(note_path.read_text(encoding="utf-8"))
    del note["exhibits"][0]["seal"]
    note["guides"][0]["path"].append({"question": 1})
    note_path.write_text(json.dumps(note), encoding="utf-8")
    problems = "\n".join(handover_problems(tmp_path))
    assert "no PDF/A-2b identification" in problems and "no RGB (sRGB)" in problems
    assert "Helvetica) is not embedded" in problems
    assert "'seal' is a required property" in problems
    assert "1 is not of type 'string'" in problems
    note_path.unlink()
    (tmp_path / "handover.pdf").unlink()


@pytest.mark.skipif(shutil.which("qpdf") is None,
                    reason="the qpdf command is not installed here; pikepdf (qpdf's library) "
                    "checks every handover the suite writes")
def test_qpdf_check_passes(tmp_path: Path, shipped: Content) -> None:
    export_handover(read_casefile(EXAMPLE, shipped), shipped, tmp_path)
    done = subprocess.run(["qpdf", "--check", str(tmp_path / "handover.pdf")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No syntax or stream encoding errors found" in done.stdout
