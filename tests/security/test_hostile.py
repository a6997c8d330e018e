"""Hostile input: the content loader, the case-file importer and the pack reader, given random,
truncated, huge, deeply nested, alias-bomb or badly encoded input, each answer with a located
error in bounded time and memory, and nothing already stored changes. Text typed into any field
reaches the PDFs exactly as typed (escaped, never read as markup)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldkit.cases.casefile import read_casefile
from fieldkit.cases.model import Continuity, Exhibit
from fieldkit.cases.store import CaseStore
from fieldkit.cli import main
from fieldkit.content import load_content
from fieldkit.diagnostics import FieldKitError
from fieldkit.packs.build import build_pack
from fieldkit.packs.errors import PackError
from fieldkit.packs.format import open_pack
from fieldkit.packs.install import install_pack, installed_content
from fieldkit.packs.keys import (
    fingerprint,
    generate_keypair,
    load_public_key,
    trust_key,
    trusted_keys,
)

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
SAMPLE = FIXTURES / "sample-content"
EXAMPLE = FIXTURES / "cases" / "example-case.yaml"
EXAMPLE_BYTES = EXAMPLE.read_bytes()
GUIDE_BYTES = (SAMPLE / "guides" / "sample.yaml").read_bytes()
PACK_CONTENT = FIXTURES / "authoring" / "base"

SECONDS = 3.0  # for any one hostile input
PYTHON_BYTES = 80 * 1024 * 1024  # peak Python allocations for any one hostile input
PROCESS_BYTES = 1024 * 1024 * 1024  # address space of the process reading the worst cases


def bounded(fn: Callable[[], Any]) -> Any:
    """Run `fn`, failing if it takes too long or allocates too much; returns what it raised
    (or None)."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        fn()
        raised = None
    except Exception as exc:
        raised = exc
    finally:
        took = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert took < SECONDS, f"took {took:.1f} s"
    assert peak < PYTHON_BYTES, f"peaked at {peak / 1e6:.0f} MB"
    return raised


def assert_located(exc: BaseException | None, shown: str) -> None:
    assert isinstance(exc, FieldKitError), f"not a located error: {exc!r}"
    assert exc.diagnostics, "an error with no location"
    for d in exc.diagnostics:
        assert d.path == shown and d.line >= 1 and d.col >= 1 and d.rule and d.message


# -- the store that must not change ----------------------------------------------------------------

class Stored:
    """One case in the store, and what it looked like before the hostile input."""

    def __init__(self) -> None:
        with CaseStore.open() as store:
            self.case_id = store.create_case("CAD 77 07/12/2026", "PC Nia Rhys", "4471")
            store.set_notes(self.case_id, "Kept exactly as typed.")
            store.add_exhibit(self.case_id, Exhibit(ref="NR/1", kind="phone"))
            store.record_export(self.case_id, "handover", "/media/usb")
            self.digest = store.state_digest(self.case_id)
            self.audit = len(store.audit(self.case_id))

    def unchanged(self, new_cases_allowed: bool = False) -> None:
        with CaseStore.open() as store:
            assert store.state_digest(self.case_id) == self.digest
            assert len(store.audit(self.case_id)) == self.audit
            assert store.verify(self.case_id).ok
            if not new_cases_allowed:
                assert [c.id for c in store.list_cases()] == [self.case_id]


@pytest.fixture
def stored(data_dir: Path) -> Iterator[Stored]:
    s = Stored()
    yield s
    s.unchanged()


# -- the worst cases, in a process with a hard memory limit ----------------------------------------

def _laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


WORST: dict[str, bytes] = {
    "deep-flow": b"[" * 100_000 + b"]" * 100_000,
    "deep-flow-map": b"{a: " * 60_000 + b"1" + b"}" * 60_000,
    "deep-block": b"- " * 200_000 + b"x\n",
    "deep-indent": "".join("  " * i + f"k{i}:\n" for i in range(2_000)).encode(),
    "many-values": b"{" + b"a," * 2_400_000 + b"}",
    "many-list": b"case:\n  reference: [" + b"1," * 2_400_000 + b"1]\n",
    "too-large": b"notes: " + b"x" * 6_000_000 + b"\n",
    "long-line": b"notes: " + b"y" * 4_000_000 + b"\n",
    "billion-laughs": _laughs().encode(),
    "merge-keys": b"base: &b {x: 1}\ncase:\n  <<: *b\n",
    "python-tag": b"case: !!python/object/apply:os.system ['echo owned']\n",
    "invalid-utf8": EXAMPLE_BYTES[:200] + b"\xff\xfe\xc3\x28" + EXAMPLE_BYTES[200:],
    "nul-bytes": EXAMPLE_BYTES[:300] + b"\x00" * 50 + EXAMPLE_BYTES[300:],
    "utf16": EXAMPLE.read_text(encoding="utf-8").encode("utf-16"),
    "bom-garbage": b"\xef\xbb\xbf" + os.urandom(4000),
    "empty": b"",
    "truncated": EXAMPLE_BYTES[: len(EXAMPLE_BYTES) // 3],
}

WORST_RUNNER = r"""
import json, sys, time
from pathlib import Path
try:
    import resource
    resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
except ImportError:  # Windows has no address-space limit to set; the time limits still hold
    pass
if {pure}:  # the pure-Python reader (no rapidyaml, PyYAML without libyaml): our guard alone
    import fieldkit.yamlfast, fieldkit.yamlread
    fieldkit.yamlfast.ENABLED = False
    fieldkit.yamlread._FastLoader = None
from fieldkit.cases.casefile import read_casefile
from fieldkit.content import load_content
from fieldkit.diagnostics import FieldKitError
out = {{}}
# CPU seconds of this process (every thread): the work each input costs, which a busy
# machine does not inflate; the parent's timeout bounds the wall-clock time as a whole.
for path in sorted(Path(sys.argv[1]).glob("*.yaml")):
    start = time.process_time()
    try:
        read_casefile(path)
        result = "read"
    except FieldKitError as exc:
        d = exc.diagnostics[0]
        result = [d.path, d.line, d.col, d.rule, d.message]
    took = time.process_time() - start
    guide_dir = Path(sys.argv[2]) / path.stem
    start = time.process_time()
    content = load_content(guide_dir)
    errors = [[d.path, d.line, d.col, d.rule, d.message] for d in content.report.errors
              if d.path.endswith("hostile.yaml")]
    out[path.stem] = {{"case": result, "case_s": took, "content": errors,
                      "content_s": time.process_time() - start}}
print(json.dumps(out))
"""


def _read_worst(tmp_path: Path, names: list[str], pure: bool = False) -> dict[str, Any]:
    """Read each named worst input as a case file and as a guide, in a child process whose
    address space is capped; what each read gave and how long it took."""
    cases, contents = tmp_path / "cases", tmp_path / "contents"
    cases.mkdir()
    for name in names:
        (cases / f"{name}.yaml").write_bytes(WORST[name])
        root = contents / name
        shutil.copytree(SAMPLE, root)
        (root / "guides" / "hostile.yaml").write_bytes(WORST[name])
    script = WORST_RUNNER.format(limit=PROCESS_BYTES, pure=pure)
    done = subprocess.run([sys.executable, "-c", script, str(cases), str(contents)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"the reader died ({done.returncode}): {done.stderr[-2000:]}"
    results: dict[str, Any] = json.loads(done.stdout)
    assert set(results) == set(names)
    for name, r in results.items():
        if r["case"] == "read":  # only a cut that still leaves a whole, smaller case
            assert name == "truncated", f"{name} was read as a case"
        else:
            path, line, col, rule, message = r["case"]
            assert path.endswith(f"{name}.yaml") and line >= 1 and col >= 1 and rule, name
            assert message, name
        assert r["case_s"] < SECONDS and r["content_s"] < SECONDS, (name, r)
        assert r["content"], f"{name}: the content loader found nothing wrong"
        for path, line, col, rule, _message in r["content"]:
            assert path.endswith("hostile.yaml") and line >= 1 and col >= 1 and rule, name
    return results


def _refused_for_depth(found: list[Any]) -> bool:
    """Our `yaml-too-deep`, or libyaml's own located refusal of deep nesting (PyYAML 6.0.4
    and later stop deep flow nesting in C, before our guard is reached)."""
    _path, _line, _col, rule, message = found
    return rule == "yaml-too-deep" or (rule == "yaml-syntax"
                                       and "maximum nesting depth" in message)


def test_the_worst_inputs_are_refused_quickly_within_a_hard_memory_limit(
        tmp_path: Path, stored: Stored) -> None:
    results = _read_worst(tmp_path, list(WORST))
    for name in ("deep-flow", "deep-flow-map", "deep-block", "deep-indent"):
        assert _refused_for_depth(results[name]["case"]), (name, results[name]["case"])
        assert any(_refused_for_depth(e) for e in results[name]["content"]), name
    assert results["many-values"]["case"][3] == "yaml-too-large"
    assert results["billion-laughs"]["case"][3] == "yaml-alias"
    assert results["invalid-utf8"]["case"][3] == "encoding"


def test_our_guard_alone_refuses_deep_input_without_libyaml(tmp_path: Path) -> None:
    """Where PyYAML has no libyaml (or its libyaml stops refusing), deep input is still
    refused by FieldKit's own guard, located, within the same time and memory."""
    deep = ["deep-flow", "deep-flow-map", "deep-block", "deep-indent"]
    results = _read_worst(tmp_path, deep, pure=True)
    for name in deep:
        assert results[name]["case"][3] == "yaml-too-deep", (name, results[name]["case"])
        assert "yaml-too-deep" in {e[3] for e in results[name]["content"]}, name


# -- random input, in-process, each one bounded ----------------------------------------------------

def _mutate(data: bytes, pos: int, cut: int, insert: bytes) -> bytes:
    pos = pos % (len(data) + 1)
    return data[:pos] + insert + data[pos + cut:]


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.one_of(
    st.binary(max_size=3000),
    st.builds(_mutate, st.just(EXAMPLE_BYTES), st.integers(0, len(EXAMPLE_BYTES)),
              st.integers(0, 400), st.binary(max_size=40)),
    st.builds(lambda n: EXAMPLE_BYTES[:n], st.integers(0, len(EXAMPLE_BYTES))),
    st.text(alphabet=" \n:-[]{}&*!|>'\"#%@`,?abcyesno019\t", max_size=400).map(str.encode),
))
def test_random_case_files_are_read_or_refused_with_a_location(
        tmp_path: Path, stored: Stored, data: bytes) -> None:
    path = tmp_path / "case.yaml"
    path.write_bytes(data)
    raised = bounded(lambda: read_casefile(path))
    if raised is not None:
        assert_located(raised, str(path))


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(pos=st.integers(0, len(EXAMPLE_BYTES)), cut=st.integers(0, 200),
       insert=st.binary(max_size=30))
def test_case_import_of_a_damaged_file_stores_nothing(
        tmp_path: Path, stored: Stored, pos: int, cut: int, insert: bytes,
        capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "case.yaml"
    path.write_bytes(_mutate(EXAMPLE_BYTES, pos, cut, insert))
    code = main(["case", "import", str(path)])
    captured = capsys.readouterr()
    if code != 0:
        assert f"{path}:" in captured.err and "Traceback" not in captured.err
    stored.unchanged(new_cases_allowed=code == 0)
    if code == 0:  # a harmless edit still imports: as a new case, beside the old one
        with CaseStore.open() as store:
            for c in store.list_cases():
                if c.id != stored.case_id:
                    store.delete(c.id)


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.one_of(
    st.binary(max_size=3000),
    st.builds(_mutate, st.just(GUIDE_BYTES), st.integers(0, len(GUIDE_BYTES)),
              st.integers(0, 300), st.binary(max_size=40)),
))
def test_random_content_files_give_located_problems_never_a_crash(
        tmp_path_factory: pytest.TempPathFactory, stored: Stored, data: bytes) -> None:
    root = tmp_path_factory.mktemp("content")
    shutil.copytree(SAMPLE, root, dirs_exist_ok=True)
    (root / "guides" / "sample.yaml").write_bytes(data)
    holder: dict[str, Any] = {}
    raised = bounded(lambda: holder.setdefault("content", load_content(root)))
    assert raised is None, f"the loader raised {raised!r}"
    for d in holder["content"].report.items:
        assert d.line >= 1 and d.col >= 1 and d.rule and d.message


# -- packs -----------------------------------------------------------------------------------------

@pytest.fixture
def signed(tmp_path: Path, data_dir: Path) -> tuple[Path, Path]:
    """A good pack, signed by a key this computer trusts, and version 1 installed from it."""
    key = tmp_path / "keys" / "k"
    generate_keypair(key)
    content = tmp_path / "c"
    shutil.copytree(PACK_CONTENT, content)
    good = tmp_path / "good.fkpack"
    build_pack(content, key, good)
    pub = key.with_name("k.pub")
    trust_key(pub, fingerprint(load_public_key(pub)))
    install_pack(good)
    return good, key.with_name("k.pub")


def _hostile_pack(tmp_path: Path, good: bytes, kind: int, pos: int, blob: bytes) -> Path:
    out = tmp_path / "hostile.fkpack"
    if kind == 0:
        out.write_bytes(blob)
    elif kind == 1:
        out.write_bytes(good[: pos % (len(good) + 1)])
    elif kind == 2:
        raw = bytearray(good)
        for i, b in enumerate(blob[:8]):
            raw[(pos + i * 97) % len(raw)] ^= b or 1
        out.write_bytes(bytes(raw))
    else:  # a well-formed zip whose files are hostile YAML
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("manifest.json", blob.decode("latin-1"))
            zf.writestr("manifest.sig", b"AAAA")
            zf.writestr("content/guides/x.yaml", b"[" * 50_000)
    return out


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(kind=st.integers(0, 3), pos=st.integers(0, 10_000), blob=st.binary(max_size=600))
def test_hostile_packs_are_refused_and_the_installed_content_stays(
        tmp_path: Path, stored: Stored, signed: tuple[Path, Path], kind: int, pos: int,
        blob: bytes) -> None:
    good, pub = signed
    before = installed_content()
    assert before is not None
    path = _hostile_pack(tmp_path, good.read_bytes(), kind, pos, blob)
    keys = trusted_keys([pub], include_installed=False)[0]
    raised = bounded(lambda: open_pack(path, keys))
    if raised is None:  # only possible if the damage missed every checked byte
        return
    assert isinstance(raised, PackError), f"not a plain refusal: {raised!r}"
    assert str(raised).startswith(str(path)), str(raised)
    with pytest.raises(PackError):
        install_pack(path)
    assert installed_content() == before


# -- typed text reaches PDFs verbatim --------------------------------------------------------------

TRICKY = "<b>&amp;</font>"


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join((p.extract_text() or "") for p in PdfReader(str(path)).pages)
                    .split())


def test_typed_markup_reaches_the_pdfs_exactly_as_typed(tmp_path: Path, data_dir: Path) -> None:
    from fieldkit.handover import write_handover, write_labels, write_leaflet

    content = load_content(ROOT / "content")
    fields = {"reference": f"CAD {TRICKY}", "officer": f"PC {TRICKY}", "number": f"N{TRICKY}",
              "station": f"S{TRICKY}", "location": f"L{TRICKY}", "notes": f"Said: {TRICKY}",
              "description": f"Case {TRICKY}", "exhibit notes": f"EN{TRICKY}",
              "continuity": f"DC {TRICKY}", "given to": f"mother {TRICKY}"}
    with CaseStore.open() as store:
        cid = store.create_case(fields["reference"], fields["officer"], fields["number"],
                                fields["station"], fields["location"])
        store.set_notes(cid, fields["notes"] + " and <script>alert(1)</script> & <br/>")
        ex = store.add_exhibit(cid, Exhibit(ref="SJ/1", kind="phone",
                                            description=fields["description"],
                                            notes=fields["exhibit notes"]))
        store.add_continuity(cid, ex, Continuity("PC One", fields["continuity"]))
        store.give_signpost(cid, "childline", fields["given to"])
        case = store.load(cid)
    paths = write_handover(case, content, tmp_path / "note")
    text = pdf_text(paths["pdf"])
    squeezed = "".join(text.split())  # table cells wrap long words; the characters stay
    for name, typed in fields.items():
        assert "".join(typed.split()) in squeezed, f"{name} did not reach the PDF as typed"
    assert "<script>alert(1)</script>" in text and "& <br/>" in text
    written = paths["txt"].read_text(encoding="utf-8")
    note = json.dumps(json.loads(paths["json"].read_text(encoding="utf-8")), ensure_ascii=False)
    for typed in fields.values():
        assert typed in written and typed in note
    labels = pdf_text(write_labels(case, content, tmp_path / "labels.pdf"))
    assert f"Case: CAD {TRICKY}" in labels and f"Case {TRICKY}" in labels
    leaflet = pdf_text(write_leaflet(case, content, tmp_path / "leaflet.pdf"))
    assert TRICKY not in leaflet and "CAD" not in leaflet  # the leaflet carries no case text
