"""Any officer text is written: long cells split across pages, long words wrap, right-to-left
text reads in order, characters the font lacks are shown as a placeholder with a note; the
TXT and JSON hold the text whole."""

from __future__ import annotations

import io
import json
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from fieldkit.cases.casefile import read_casefile
from fieldkit.cases.model import Case
from fieldkit.cli import main
from fieldkit.content import load_content
from fieldkit.content.model import Content
from fieldkit.handover.export import handover_files
from fieldkit.handover.pdftext import MISSING_NOTE, PLACEHOLDER, wrap

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "tests" / "fixtures" / "cases" / "example-case.yaml"


@pytest.fixture(scope="module")
def shipped() -> Content:
    return load_content(ROOT / "content")


def _case(shipped: Content) -> Case:
    return read_casefile(EXAMPLE, shipped)


def _words(n: int, tag: str) -> str:
    return " ".join(f"{tag}{i:05d}" for i in range(n))


def _render(case: Case, content: Content) -> tuple[str, dict, str]:
    pdf, js, txt = handover_files(case, content)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    return text, json.loads(js.data), txt.data.decode("utf-8")


@pytest.mark.parametrize("field", ["description", "exhibit notes", "location", "continuity",
                                   "given to"])
def test_long_text_in_any_field_is_written_whole(field: str, shipped: Content) -> None:
    """Each of these ended in a reportlab LayoutError (no files) before."""
    case = _case(shipped)
    long = _words(700, "w")  # about 4,200 characters
    ex = case.exhibits[0]
    if field == "description":
        ex.description = long
    elif field == "exhibit notes":
        ex.notes = long
    elif field == "location":
        case.location = long
    elif field == "continuity":
        ex.continuity[0].why = long
    else:
        case.signposts[0].given_to = long
    pdf_text, data, txt = _render(case, shipped)
    found = [w.strip(";,.()") for w in pdf_text.split() if w.startswith("w0")]
    assert found[:700] == long.split(), "every word, in order"  # "given to" is shown twice
    assert len(found) in (700, 1400)
    assert long in txt.replace("\n  ", " ").replace("; ", " ") or long in txt
    assert long in json.dumps(data, ensure_ascii=False)


def test_a_word_longer_than_a_line_wraps_instead_of_running_off() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from fieldkit.pdf.fonts import SANS, register_fonts

    register_fonts()
    lines = wrap("start " + "x" * 3000 + " end", SANS, 9, 200)
    assert all(stringWidth(line, SANS, 9) <= 200 for line in lines)
    assert "".join(lines).replace(" ", "") == "start" + "x" * 3000 + "end"
    assert lines[0] == "start" and lines[-1].endswith(" end")


def test_a_long_note_with_right_to_left_text_reads_in_order(shipped: Content) -> None:
    case = _case(shipped)
    hebrew = "שלום כהן"  # "Shalom Cohen", right to left
    arabic = "محمد"
    case.notes = "\n".join([_words(8000, "n"), f"Name: {hebrew}", f"Quote: {arabic}"])
    case.exhibits[0].description = _words(1700, "d")  # about 10,000 characters
    pdf_text, data, txt = _render(case, shipped)
    assert [w for w in pdf_text.split() if w.startswith("n0")] == _words(8000, "n").split()
    assert [w for w in pdf_text.split() if w.startswith("d0")] == _words(1700, "d").split()
    # Drawn in display order, so a reader (and pypdf, which reverses right-to-left runs as
    # it extracts) gets the words back in reading order; drawn as typed, they would come
    # back reversed. Arabic letters are drawn in their joined forms.
    assert "Name: " + hebrew in pdf_text and hebrew[::-1] not in pdf_text
    assert "Quote: " + arabic in unicodedata.normalize("NFKC", pdf_text)
    assert hebrew in txt and data["notes"] == case.notes
    assert MISSING_NOTE.split(".")[0] not in " ".join(pdf_text.split())


def test_a_right_to_left_paragraph_is_right_aligned(shipped: Content, tmp_path: Path) -> None:
    from pypdf import PdfReader

    case = _case(shipped)
    case.exhibits[0].notes = "שלום"
    pdf = handover_files(case, shipped)[0].data
    xs: list[float] = []

    def visit(text: str, cm: list, tm: list, _fd: object, _fs: object) -> None:
        if "שלום" in text or "םולש" in text:
            xs.append(tm[4] + cm[4])

    for page in PdfReader(io.BytesIO(pdf)).pages:
        page.extract_text(visitor_text=visit)
    notes_col_left = 595.27 - 18 * 72 / 25.4 - 0.17 * (595.27 - 36 * 72 / 25.4)
    assert xs and xs[0] > notes_col_left + 20  # pushed to the right of its cell


def test_characters_the_font_lacks_are_marked_and_kept_in_txt_and_json(
        shipped: Content) -> None:
    case = _case(shipped)
    case.notes = "Name given: 王小明 (Chinese)"
    pdf_text, data, txt = _render(case, shipped)
    flat = " ".join(pdf_text.split())
    assert PLACEHOLDER * 3 in flat and "王" not in flat
    assert " ".join(MISSING_NOTE.split()) in flat
    assert "王小明" in txt and data["notes"] == case.notes


def test_officer_markup_is_shown_verbatim(shipped: Content) -> None:
    case = _case(shipped)
    case.notes = "<b>not bold</b> & <br/> " + "<i>x</i> " * 200  # long: drawn directly
    case.location = "<font size=40>big</font>"
    pdf_text, _, _ = _render(case, shipped)
    flat = " ".join(pdf_text.split())
    assert "<b>not bold</b> & <br/>" in flat and "<font size=40>big</font>" in flat
    assert flat.count("<i>x</i>") == 200


def test_the_cli_writes_a_note_with_a_1500_character_description(
        tmp_path: Path, shipped: Content) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    long = "a" * 20 + " " + _words(250, "q")
    case_file = tmp_path / "long.yaml"
    case_file.write_text(text.replace("description: Black smartphone",
                                      f"description: {long} Black smartphone", 1),
                         encoding="utf-8")
    assert long in case_file.read_text(encoding="utf-8")
    out = tmp_path / "out"
    assert main(["handover", str(case_file), "--out", str(out), "--content",
                 str(ROOT / "content")]) == 0
    assert long in (out / "handover.json").read_text(encoding="utf-8")
