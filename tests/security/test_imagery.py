"""FieldKit never handles imagery: the case importer refuses picture and video files by content
and by name, and text carrying an image; no file dialog offers them; no code decodes them."""

from __future__ import annotations

import ast
import base64
import re
from pathlib import Path

import pytest

from fieldkit.cases.casefile import read_casefile
from fieldkit.cases.store import CaseStore
from fieldkit.cli import main
from fieldkit.diagnostics import FieldKitError
from fieldkit.security.imagery import embedded, sniff

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "tests" / "fixtures" / "cases" / "example-case.yaml"
SAMPLE = ROOT / "tests" / "fixtures" / "sample-content"

SIGNATURES = {
    "JPEG": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01",
    "PNG": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
    "GIF": b"GIF89a\x10\x00\x10\x00\x80\x00\x00",
    "BMP": b"BM\x36\x03\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00",
    "WEBP": b"RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00",
    "HEIC": b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic",
    "MP4": b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2",
    "MOV": b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  ",
    "AVI": b"RIFF\x24\x00\x00\x00AVI LIST\x00\x00",
}


def a_case_file(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data + b"\x00" * 64)
    return path


@pytest.mark.parametrize("kind", sorted(SIGNATURES))
def test_each_picture_or_video_is_recognised_by_its_first_bytes(kind: str) -> None:
    found = sniff(SIGNATURES[kind])
    assert found and (kind in found or (kind == "HEIC" and "HEIC" in found))


@pytest.mark.parametrize("kind", sorted(SIGNATURES))
def test_a_picture_renamed_case_yaml_is_refused_before_it_is_read(tmp_path: Path,
                                                                   kind: str) -> None:
    path = a_case_file(tmp_path, "case.yaml", SIGNATURES[kind])
    with pytest.raises(FieldKitError) as err:
        read_casefile(path)
    [d] = err.value.diagnostics
    assert d.rule == "imagery" and (d.line, d.col) == (1, 1)
    assert "FieldKit never handles images or video" in d.message


@pytest.mark.parametrize("name", ["photo.jpg", "screenshot.PNG", "clip.mp4", "IMG_0001.HEIC",
                                  "video.mov", "film.avi", "pic.webp"])
def test_a_picture_or_video_name_is_refused_whatever_it_holds(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(EXAMPLE.read_bytes())  # a perfectly good case file, by content
    with pytest.raises(FieldKitError, match="picture or video file"):
        read_casefile(path)


def test_case_import_of_a_png_renamed_yaml_is_refused_and_nothing_is_stored(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with CaseStore.open() as store:
        cid = store.create_case("CAD 1", "PC Test")
        before = store.state_digest(cid)
    png = a_case_file(tmp_path, "case.yaml", SIGNATURES["PNG"])
    assert main(["case", "import", str(png)]) == 1
    err = capsys.readouterr().err
    assert "case.yaml:1:1: error[imagery]: refused: this is a PNG image" in err
    assert main(["handover", str(png), "--out", str(tmp_path / "out")]) == 1
    assert not (tmp_path / "out").exists()
    with CaseStore.open() as store:
        assert [c.id for c in store.list_cases()] == [cid]
        assert store.state_digest(cid) == before


HEAD = """case:
  reference: CAD 1 21/11/2026
  officer: {name: PC Test}
  opened: 2026-11-21T22:40:00Z
"""
PNG_B64 = base64.b64encode(SIGNATURES["PNG"] + bytes(range(48))).decode()
JPEG_B64 = base64.b64encode(SIGNATURES["JPEG"] + bytes(48)).decode()


@pytest.mark.parametrize("extra,line,what", [
    ('notes: "<img src=\\"data:image/png;base64,iVBORw0KGgo\\">"\n', 5, "data:"),
    (f"exhibits:\n  - ref: SJ/1\n    description: {PNG_B64}\n", 7, "PNG image"),
    (f"notes: |\n  Pasted from a chat:\n  {JPEG_B64[:40]}\n  {JPEG_B64[40:]}\n", 5,
     "JPEG image"),
    (f"facts:\n  {PNG_B64}: yes\n", 6, "PNG image"),  # a key is text too
])
def test_text_carrying_an_image_is_refused_at_its_line(tmp_path: Path, extra: str, line: int,
                                                       what: str) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(HEAD + extra, encoding="utf-8")
    with pytest.raises(FieldKitError) as err:
        read_casefile(path)
    [d] = err.value.diagnostics
    assert d.rule == "imagery" and what in d.message
    assert d.line == line
    (tmp_path / "plain.yaml").write_text(HEAD + "notes: Seen at 23:05.\n", encoding="utf-8")
    assert read_casefile(tmp_path / "plain.yaml").notes == "Seen at 23:05."


def test_ordinary_text_is_not_mistaken_for_an_image(tmp_path: Path) -> None:
    for text in ("Seen at 23:05. Black smartphone, cracked screen, SJ/1 seal A1234567",
                 "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ0123456789+/",
                 "The passcode was 135792468 and the serial 356938035643809",
                 "Notes: imagery was NOT viewed; described by the mother"):
        assert embedded(text) == ""
    assert read_casefile(EXAMPLE).reference  # the example case still reads


# -- the source: file dialogs and image decoding ---------------------------------------------------

ALLOWED = {"yaml", "yml", "pdf", "json", "txt", "fkpack"}
DIALOG_CALLS = {"getOpenFileName", "getOpenFileNames", "getOpenFileUrl", "getOpenFileUrls",
                "getSaveFileName", "getSaveFileUrl", "getExistingDirectory",
                "getExistingDirectoryUrl", "setNameFilter", "setNameFilters",
                "selectNameFilter", "setMimeTypeFilters", "setDefaultSuffix"}
OPENERS = {"getOpenFileName", "getOpenFileNames", "getOpenFileUrl", "getOpenFileUrls"}


def dialog_problems(source: str, name: str = "<source>") -> tuple[list[str], int]:
    """Problems with file dialogs in Python source, and how many dialog calls were seen."""
    problems: list[str] = []
    seen = 0
    for node in ast.walk(ast.parse(source, name)):
        if not isinstance(node, ast.Call):
            continue
        fn = node.func
        called = fn.attr if isinstance(fn, ast.Attribute) else getattr(fn, "id", "")
        if called == "QFileDialog":
            problems.append(f"{name}:{node.lineno} a QFileDialog built by hand; use the static "
                            "functions with a filter")
            continue
        if called not in DIALOG_CALLS:
            continue
        seen += 1
        strings = [n.value for n in ast.walk(node)
                   if isinstance(n, ast.Constant) and isinstance(n.value, str)]
        patterns = [p for s in strings for p in re.findall(r"\*(?:\.[^\s;)]*)?", s)]
        if called == "setMimeTypeFilters":
            problems.append(f"{name}:{node.lineno} MIME filters are not allowed")
        for p in patterns:
            ext = p[2:].lower() if p.startswith("*.") else ""
            if ext not in ALLOWED:
                problems.append(f"{name}:{node.lineno} {called} accepts {p!r}")
        if called in OPENERS and not patterns:
            problems.append(f"{name}:{node.lineno} {called} without a filter")
    return problems, seen


def test_the_dialog_check_catches_image_filters() -> None:
    bad = "\n".join([
        'QFileDialog.getOpenFileName(self, "Open", "", "Images (*.png *.jpg)")',
        'QFileDialog.getOpenFileName(self, "Open", "")',
        'QFileDialog.getSaveFileName(self, "Save", "", "All files (*)")',
        'd = QFileDialog(self)',
        'd.setNameFilters(["Video (*.mp4)"])',
    ])
    problems, seen = dialog_problems(bad)
    assert seen == 4 and len(problems) == 6
    ok = 'QFileDialog.getOpenFileName(self, "Open", "", "Case files (*.yaml *.yml)")'
    assert dialog_problems(ok) == ([], 1)


def test_every_file_dialog_in_the_app_names_only_case_document_types() -> None:
    problems: list[str] = []
    seen = 0
    for path in sorted((ROOT / "fieldkit").rglob("*.py")):
        found, n = dialog_problems(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
        problems += found
        seen += n
    assert seen >= 2  # the talk pack save and the export folder today
    assert problems == []


IMAGE_LIBRARIES = ("PIL", "cv2", "imageio", "av", "moviepy", "skimage", "exifread",
                   "PySide6.QtMultimedia", "PySide6.QtMultimediaWidgets", "PySide6.QtPdf")
IMAGE_NAMES = {"QImageReader", "QMovie", "QMediaPlayer", "QVideoWidget", "QtMultimedia",
               "QImageIOHandler"}
FROM_FILE = {"QPixmap", "QImage", "QIcon", "QPicture", "ImageReader"}


def image_uses(source: str, name: str = "<source>") -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source, name)):
        where = f"{name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Import):
            found += [f"{where} import {a.name}" for a in node.names
                      if any(a.name == m or a.name.startswith(m + ".") for m in IMAGE_LIBRARIES)]
        elif isinstance(node, ast.ImportFrom) and node.module:
            if any(node.module == m or node.module.startswith(m + ".") for m in IMAGE_LIBRARIES):
                found.append(f"{where} from {node.module}")
            found += [f"{where} {a.name}" for a in node.names if a.name in IMAGE_NAMES]
        elif isinstance(node, ast.Name) and node.id in IMAGE_NAMES:
            found.append(f"{where} {node.id}")
        elif isinstance(node, ast.Call) and node.args:
            fn = node.func
            called = fn.attr if isinstance(fn, ast.Attribute) else getattr(fn, "id", "")
            first = node.args[0]
            if isinstance(first, ast.Call) and getattr(first.func, "id", "") == "str" \
                    and first.args:  # Qt takes a str: str(shipped_file(...)) is the same
                first = first.args[0]
            from_resource = isinstance(first, ast.Call) and getattr(
                first.func, "id", getattr(first.func, "attr", "")) == "shipped_file"
            if called in FROM_FILE and not from_resource:
                found.append(f"{where} {called}(...) from something other than shipped_file")
            if called == "load" and isinstance(fn, ast.Attribute) and isinstance(
                    fn.value, ast.Name) and fn.value.id in FROM_FILE:
                found.append(f"{where} {fn.value.id}.load(...)")
    return found


def test_the_image_check_catches_decoding() -> None:
    src = "\n".join(["from PIL import Image", "from PySide6.QtGui import QImageReader",
                     "p = QPixmap(path)", "QImage.load(path)", "import cv2",
                     "ok = QIcon(shipped_file('icons', 'app.svg'))",
                     "ok = QIcon(str(shipped_file('icons', 'app.png')))",
                     "no = QIcon(str(path))"])
    assert len(image_uses(src)) == 6


def test_no_code_in_fieldkit_opens_or_decodes_an_image_or_video() -> None:
    found = []
    for path in sorted((ROOT / "fieldkit").rglob("*.py")):
        found += image_uses(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert found == []


def test_walk_refuses_a_picture_given_as_facts(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """A facts file is sniffed like a case file: a JPEG named .yaml is refused, not parsed."""
    photo = tmp_path / "photo.yaml"
    photo.write_bytes(b"\xff\xd8\xff\xe0" + b"\0" * 64)
    code = main(["walk", "sample", "--facts", str(photo), "--content", str(SAMPLE)])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert re.search(r"picture|image|video", err, re.IGNORECASE)


def test_ui_labels_show_content_as_plain_text_never_markup() -> None:
    """Content and diagnostics shown in a label must never be read as rich text: an <img> in a
    guide would make Qt open a picture. Every `self.x = QLabel(` in fieldkit/ui, in any
    subfolder, sets PlainText within the next three lines."""
    offenders = []
    for path in sorted((ROOT / "fieldkit" / "ui").rglob("*.py")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for i, line in enumerate(lines):
            m = re.match(r"^\s*(self\.\w+) = QLabel\(", line)
            if m and not any(f"{m.group(1)}.setTextFormat(Qt.TextFormat.PlainText)" in nxt
                             for nxt in lines[i + 1:i + 4]):
                offenders.append(f"{path.relative_to(ROOT)}:{i + 1}")
    assert offenders == []
