"""Exhibit labels and the family leaflet."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from fieldkit.cases.casefile import read_casefile
from fieldkit.cases.model import Case, Exhibit, Officer, SignpostGiven
from fieldkit.content import load_content
from fieldkit.content.model import Content
from fieldkit.diagnostics import FieldKitError
from fieldkit.handover import write_labels, write_leaflet
from fieldkit.handover.labels import (
    LABEL_H_MM,
    LABEL_W_MM,
    label_origin,
    parse_qr_payload,
    qr_payload,
)
from fieldkit.handover.leaflet import INTRO, TITLE

FIXTURES = Path(__file__).parents[1] / "fixtures" / "cases"


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(FIXTURES / "content")


@pytest.fixture(scope="module")
def shipped() -> Content:
    return load_content(Path(__file__).parents[2] / "content")


def _text(path: Path) -> list[str]:
    return [" ".join(p.extract_text().split()) for p in PdfReader(path).pages]


def test_label_sheet_geometry_fits_a4() -> None:
    xs = {label_origin(i)[0] for i in range(8)}
    ys = {label_origin(i)[1] for i in range(8)}
    assert len(xs) == 2 and len(ys) == 4
    assert min(xs) == pytest.approx(4.65) and max(xs) + LABEL_W_MM == pytest.approx(205.35)
    assert max(ys) + LABEL_H_MM == pytest.approx(297 - 13.1)
    assert min(ys) == pytest.approx(13.1)


def test_one_label_per_exhibit_with_a_qr_code(tmp_path: Path, shipped: Content) -> None:
    case = read_casefile(FIXTURES / "example-case.yaml", shipped)
    case.exhibits += [Exhibit(f"SP/{n}", kind="storage", seal=f"B{n}") for n in range(3, 10)]
    out = write_labels(case, shipped, tmp_path / "labels.pdf")
    pages = _text(out)
    assert len(pages) == 2  # 9 exhibits on sheets of 8
    for n in range(1, 9):
        assert f"SP/{n}" in pages[0]
    assert "SP/9" in pages[1] and "SP/1" not in pages[1]
    assert pages[0].count("Case: CAD 4471 21/11/2026") == 8
    assert "Seal: A1234567" in pages[0] and "OFFICIAL-SENSITIVE" in pages[0]
    raw = out.read_bytes()
    assert b"/Subtype /Image" not in raw
    # the QR code is drawn as vector squares: many rectangles in the page content
    content_stream = PdfReader(out).pages[0].get_contents().get_data()
    assert len(re.findall(rb" re\b", content_stream)) > 8 * 50


def test_labels_can_start_part_way_down_a_sheet(tmp_path: Path, content: Content) -> None:
    case = Case("CAD 1", Officer("PC Test"), datetime(2026, 11, 21, tzinfo=UTC))
    case.exhibits = [Exhibit(f"T/{n}") for n in range(1, 4)]
    out = write_labels(case, content, tmp_path / "labels.pdf", skip=6)
    pages = _text(out)
    assert len(pages) == 2 and "T/3" in pages[1] and "T/3" not in pages[0]
    case.exhibits = []
    with pytest.raises(FieldKitError, match="no exhibits"):
        write_labels(case, content, tmp_path / "none.pdf")


def test_the_leaflet_names_services_and_nothing_about_the_case(tmp_path: Path,
                                                               shipped: Content) -> None:
    case = read_casefile(FIXTURES / "example-case.yaml", shipped)
    case.signposts.append(SignpostGiven("childline", "again, to the father"))
    out = write_leaflet(case, shipped, tmp_path / "leaflet.pdf")
    [page] = _text(out)  # one page
    assert page.startswith(TITLE) and " ".join(INTRO.split()) in page
    for sid in ("report-remove", "childline", "nspcc-helpline"):
        assert shipped.signposts[sid].name in page
    assert page.count("0800 1111") == 1  # a service given twice appears once
    assert "0808 800 5000" in page
    case_words = [case.reference, "4471", "Prydderch", "Ffion", "Zoë", "Ŵilliams", "SP/1",
                  "A1234567", "School premises", "father", "OFFICIAL", "2026", "14:40"]
    for word in case_words:
        assert word not in page, word
    info = PdfReader(out).metadata
    assert all(word not in str(info) for word in case_words)


def test_no_services_no_leaflet(tmp_path: Path, content: Content) -> None:
    case = read_casefile(FIXTURES / "example-case.yaml", None)
    case.signposts = [SignpostGiven("not-a-service")]
    with pytest.raises(FieldKitError, match="nothing to put on a leaflet"):
        write_leaflet(case, content, tmp_path / "leaflet.pdf")
    assert not (tmp_path / "leaflet.pdf").exists()


def _scan(pdf: Path) -> list[str]:
    """Every QR code on every page, decoded from the rendered page (as a scanner sees it)."""
    import pypdfium2
    import zxingcpp

    found: list[str] = []
    doc = pypdfium2.PdfDocument(str(pdf))
    for page in doc:
        pixels = page.render(scale=200 / 72, grayscale=True).to_numpy()
        found += [r.text for r in zxingcpp.read_barcodes(pixels)
                  if r.format == zxingcpp.BarcodeFormat.QRCode]
    doc.close()
    return found


def test_the_qr_codes_scan_as_one_line_with_the_seal(tmp_path: Path, shipped: Content) -> None:
    case = read_casefile(FIXTURES / "example-case.yaml", shipped)
    case.exhibits.append(Exhibit("SP/3|b\\c", kind="storage", seal="S|9"))
    out = write_labels(case, shipped, tmp_path / "labels.pdf")
    scanned = sorted(_scan(out))
    assert scanned == sorted(qr_payload(case.reference, e.ref, e.seal) for e in case.exhibits)
    assert all("\n" not in s for s in scanned)
    assert sorted(parse_qr_payload(s) for s in scanned) == sorted(
        (case.reference, e.ref, e.seal) for e in case.exhibits)
    assert "FK1|CAD 4471 21/11/2026|SP/1|A1234567" in scanned
    assert r"FK1|CAD 4471 21/11/2026|SP/3\|b\\c|S\|9" in scanned
    if shutil.which("zbarimg") and shutil.which("pdftoppm"):  # and a second, system decoder
        subprocess.run(["pdftoppm", "-r", "200", "-png", str(out), str(tmp_path / "page")],
                       check=True)
        raw = subprocess.run(["zbarimg", "-q", "--raw", str(tmp_path / "page-1.png")],
                             capture_output=True, text=True).stdout
        assert sorted(raw.splitlines()) == scanned


def test_the_qr_payload_escapes_and_splits() -> None:
    assert qr_payload("CAD 1", "SP/1") == "FK1|CAD 1|SP/1|"
    tricky = ("a|b", "c\\d", "e\nf")
    assert qr_payload(*tricky) == r"FK1|a\|b|c\\d|e\nf"
    assert parse_qr_payload(qr_payload(*tricky)) == tricky
    with pytest.raises(ValueError):
        parse_qr_payload("Case: CAD 1\nExhibit: SP/1")


def test_every_service_still_fits_one_page(tmp_path: Path, shipped: Content) -> None:
    case = read_casefile(FIXTURES / "example-case.yaml", shipped)
    case.signposts = [SignpostGiven(sid) for sid in shipped.signposts]
    out = write_leaflet(case, shipped, tmp_path / "leaflet.pdf")
    [page] = _text(out)
    assert all(sp.name.split()[0] in page for sp in shipped.signposts.values())


def test_a_leaflet_for_one_person_lists_only_what_they_were_given(tmp_path: Path,
                                                                   shipped: Content) -> None:
    case = read_casefile(FIXTURES / "example-case.yaml", shipped)
    case.signposts = [SignpostGiven("stop-it-now", "the suspect"),
                      SignpostGiven("nspcc-helpline", "Mother"),
                      SignpostGiven("childline", "mother")]
    out = write_leaflet(case, shipped, tmp_path / "mother.pdf", given_to="MOTHER")
    [page] = _text(out)
    assert shipped.signposts["nspcc-helpline"].name in page
    assert shipped.signposts["childline"].name in page
    assert shipped.signposts["stop-it-now"].name not in page
    with pytest.raises(FieldKitError, match="given to 'father'"):
        write_leaflet(case, shipped, tmp_path / "father.pdf", given_to="father")
