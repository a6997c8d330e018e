"""`fieldkit --self-test`: proves a build works before it goes on an officer's laptop.

Run on the packaged app after every build (and by `make package-test`), it checks what a frozen
build most often gets wrong: a resource or a command module left out, content that no longer
loads, a scenario that no longer passes, a handover note that cannot be written. It needs no
network and no display, and never imports Qt, so it runs on a build server or a locked-down
laptop alike. One line per check; exit 0 only if every check passed.
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from fieldkit.content.locate import builtin_content_dir, resource_path
from fieldkit.content.model import Content
from fieldkit.diagnostics import FieldKitError

CASE_FILE = ("selftest-case.yaml",)
FONTS = (("fonts", "DejaVuSans.ttf"), ("fonts", "DejaVuSans-Bold.ttf"))
HANDOVER_FILES = ("handover.pdf", "handover.json", "handover.txt", "handover.sha256")
MAX_DETAIL = 12  # problem lines shown under a failed check; the rest are counted


class CheckFailed(Exception):
    """A check found a problem: the message says what, `details` lists the located lines."""

    def __init__(self, message: str, details: list[str] | None = None):
        super().__init__(message)
        self.details = details or []


@dataclass
class SelfTest:
    content_dir: Path
    out: TextIO
    content: Content | None = None
    failed: list[str] = field(default_factory=list)
    passed: int = 0

    def check(self, name: str, fn: Callable[[], str]) -> None:
        """Run one check and print its line; a check that crashes is a failure, not a crash."""
        try:
            summary = fn()
        except CheckFailed as exc:
            self._fail(name, str(exc), exc.details)
        except FieldKitError as exc:
            self._fail(name, "error", str(exc).splitlines())
        except Exception as exc:  # any other fault in a build is exactly what this must report
            self._fail(name, f"{type(exc).__name__}: {exc}")
        else:
            self.passed += 1
            print(f"ok    {name:<10} {summary}", file=self.out)

    def _fail(self, name: str, message: str, details: list[str] | None = None) -> None:
        self.failed.append(name)
        print(f"FAIL  {name:<10} {message}", file=self.out)
        details = details or []
        for line in details[:MAX_DETAIL]:
            print(f"        {line}", file=self.out)
        if len(details) > MAX_DETAIL:
            print(f"        ... and {len(details) - MAX_DETAIL} more", file=self.out)

    # -- the checks ------------------------------------------------------------------------

    def resources(self) -> str:
        wanted = [*FONTS, CASE_FILE]
        missing = [str(resource_path(*p)) for p in wanted if not resource_path(*p).is_file()]
        if missing:
            raise CheckFailed(f"{len(missing)} resource file(s) missing", missing)
        return f"{len(wanted)} files found under {resource_path()}"

    def commands(self) -> str:
        from fieldkit.cli import build_parser, command_modules

        names = command_modules()
        if not names:
            raise CheckFailed("no command modules found in fieldkit.commands")
        build_parser()  # imports and registers every one of them
        return f"{len(names)} commands: {', '.join(names)}"

    def load(self) -> str:
        from fieldkit.content import load_content

        if not self.content_dir.is_dir():
            raise CheckFailed(f"content folder not found: {self.content_dir}")
        content = load_content(self.content_dir)
        self.content = content
        report = content.report
        if not report.ok:
            raise CheckFailed(f"{len(report.errors)} error(s) in {self.content_dir}",
                              [str(d) for d in report.errors])
        if not content.guides:
            raise CheckFailed(f"no guides in {self.content_dir}")
        return (f"{len(content.files)} files, {len(content.guides)} guides, "
                f"{len(content.scripts)} scripts, {len(content.checklists)} checklists, "
                f"{len(content.signposts)} services, {len(content.talks)} talks: 0 errors, "
                f"{len(report.warnings)} warnings (version {content.version}, "
                f"digest {content.digest[:12]}){self._fast_start(content)}")

    def _fast_start(self, content: Content) -> str:
        """A build must carry the fast YAML reader and a snapshot the app can start from."""
        from fieldkit import yamlfast
        from fieldkit.content.snapshot import NAME, read_snapshot

        frozen = getattr(sys, "frozen", False)
        if frozen and not yamlfast.ENABLED:
            raise CheckFailed("the fast YAML reader (rapidyaml) is not in this build")
        if not (self.content_dir / NAME).is_file():
            if frozen:
                raise CheckFailed(f"no content snapshot in {self.content_dir}")
            return "; no snapshot"
        if read_snapshot(self.content_dir, self.content_dir / NAME) != content:
            raise CheckFailed("the content snapshot does not match the content")
        return "; snapshot verified"

    def scenarios(self) -> str:
        from fieldkit.guides.scenarios import run_scenarios

        content = self._content()
        results = run_scenarios(content)
        if not results:
            raise CheckFailed("no scenarios found in scenarios/*.yaml")
        failed = [r for r in results if not r.passed]
        if failed:
            raise CheckFailed(f"{len(failed)} of {len(results)} scenarios failed",
                              [r.line() for r in failed])
        guides = len({r.scenario.guide for r in results})
        return f"{len(results)} scenarios over {guides} guides: all passed"

    def handover(self) -> str:
        from fieldkit.cases.casefile import read_casefile
        from fieldkit.diagnostics import Report
        from fieldkit.handover.write import write_handover

        content = self._content()
        case = read_casefile(resource_path(*CASE_FILE), content, Report())
        with tempfile.TemporaryDirectory(prefix="fieldkit-selftest-") as tmp:
            paths = write_handover(case, content, Path(tmp))
            return self._verify_handover(Path(tmp), paths, case.reference)

    def case_store(self) -> str:
        """An encrypted case store opens, keeps a case, and shows no case text on disk: proves
        the SQLCipher library is in this build."""
        from fieldkit.cases.store import CaseStore

        reference = "SELFTEST 0001 neverplaintext"
        passphrase = "selftest lantern orbit 4711"
        with tempfile.TemporaryDirectory(prefix="fieldkit-selftest-") as tmp:
            path = Path(tmp) / "cases.db"
            with CaseStore.open(path, key=passphrase) as store:
                case_id = store.create_case(reference, "PC Self Test")
                store.set_notes(case_id, reference)
            with CaseStore.open(path, key=passphrase) as store:
                if store.load(case_id).notes != reference:
                    raise CheckFailed("the case did not come back as written")
            raw = b"".join(p.read_bytes() for p in Path(tmp).iterdir() if p.is_file())
            if reference.encode() in raw:
                raise CheckFailed("case text is readable in the database files")
        return "encrypted store opened, case written and read back, no readable case text"

    def _verify_handover(self, folder: Path, paths: dict[str, Path], reference: str) -> str:
        missing = [n for n in HANDOVER_FILES if not (folder / n).is_file()]
        if missing:
            raise CheckFailed(f"not written: {', '.join(missing)}")
        pdf = (folder / "handover.pdf").read_bytes()
        if not pdf.startswith(b"%PDF-") or b"%%EOF" not in pdf[-1024:]:
            raise CheckFailed("handover.pdf is not a complete PDF")
        sums = {}  # sha256sum format: "<hex>  <name>"
        for line in (folder / "handover.sha256").read_text(encoding="ascii").splitlines():
            digest, _, name = line.partition("  ")
            sums[name] = digest
        for name in ("handover.pdf", "handover.json"):
            if sums.get(name) != hashlib.sha256((folder / name).read_bytes()).hexdigest():
                raise CheckFailed(f"handover.sha256 does not match {name}")
        note = json.loads((folder / "handover.json").read_text(encoding="utf-8"))
        if note.get("reference") != reference:
            raise CheckFailed(f"handover.json names case {note.get('reference')!r}, "
                              f"not {reference!r}")
        guides = note.get("guides", [])
        if not guides:
            raise CheckFailed("the note holds no guide walked")
        if reference not in (folder / "handover.txt").read_text(encoding="utf-8"):
            raise CheckFailed("handover.txt does not name the case")
        walked = ", ".join(f"{g.get('id')} > {g.get('outcome_code') or 'no outcome'}"
                           for g in guides)
        return (f"note for {reference} written and verified ({len(pdf) // 1024} KB PDF, "
                f"JSON, text, SHA-256): {walked}")

    def _content(self) -> Content:
        if self.content is None:
            raise CheckFailed("content did not load")
        return self.content


def qt_modules() -> set[str]:
    return {m for m in sys.modules if m == "PySide6" or m.startswith(("PySide6.", "shiboken6"))}


def run(content_dir: Path | None = None, out: TextIO | None = None) -> int:
    """Run every check on `content_dir` (default: the built-in content, or
    FIELDKIT_CONTENT_DIR); print one line per check; 0 if all passed, 1 if any failed."""
    out = out or sys.stdout
    qt_before = qt_modules()
    test = SelfTest(Path(content_dir) if content_dir else builtin_content_dir(), out)
    print(f"FieldKit self-test: {'packaged build' if getattr(sys, 'frozen', False) else 'source'}"
          f", content {test.content_dir}", file=out)
    test.check("resources", test.resources)
    test.check("commands", test.commands)
    test.check("content", test.load)
    test.check("scenarios", test.scenarios)
    test.check("handover", test.handover)
    test.check("store", test.case_store)

    def headless() -> str:
        added = sorted(qt_modules() - qt_before)
        if added:
            raise CheckFailed(f"the self-test imported Qt: {', '.join(added)}")
        return "no Qt module imported: needs no display"

    test.check("headless", headless)
    total = test.passed + len(test.failed)
    if test.failed:
        print(f"self-test FAILED: {len(test.failed)} of {total} checks failed "
              f"({', '.join(test.failed)})", file=out)
        return 1
    print(f"self-test passed: {total} of {total} checks", file=out)
    return 0
