"""The case store and the handover note: time to write one action (on disk, fsync'd, with its
audit entry), to import case files of 1,000, 5,000 and 20,000 exhibits, and to build and write a
handover note for a case with 1 and 100 exhibits."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "fixtures" / "cases" / "example-case.yaml"
ACTIONS = 200
NOTE_RUNS = 7
IMPORT_SIZES = (1_000, 5_000, 20_000)


def import_seconds(case: Any, content: Any, n: int, tmp: Path) -> float:
    """`fieldkit case import` on a case file with n exhibits: read and check the file, then
    save it (one transaction), into a fresh store."""
    from fieldkit.cases.casefile import read_casefile, write_casefile
    from fieldkit.cases.model import Exhibit
    from fieldkit.cases.store import CaseStore

    # A short exhibit entry (about 150 bytes), so 20,000 fit the 5 MB a case file may hold.
    first = case.exhibits[0]
    many = replace(case, exhibits=[
        Exhibit(f"SP/{i + 1}", kind=first.kind, description=f"Item {i + 1}",
                seized_at=first.seized_at, seal=f"A{i + 1:07d}", power=first.power)
        for i in range(n)])
    source = tmp / f"import-{n}.yaml"
    write_casefile(many, source)
    start = time.perf_counter()
    loaded = read_casefile(source, content)
    with CaseStore.open(tmp / f"import-{n}.db", key="bench lantern orbit 2026") as store:
        store.import_case(loaded, str(source))
    return time.perf_counter() - start


def _median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def run() -> list[tuple[str, float, str]]:
    from fieldkit.cases.casefile import read_casefile
    from fieldkit.cases.session import CaseSession
    from fieldkit.cases.store import CaseStore
    from fieldkit.content import builtin_content_dir, load_content
    from fieldkit.handover import build_note, write_handover

    content = load_content(builtin_content_dir())
    case = read_casefile(EXAMPLE, content)
    out: list[tuple[str, float, str]] = []
    with tempfile.TemporaryDirectory(prefix="fieldkit-bench-") as tmp:
        os.environ["FIELDKIT_DATA_DIR"] = tmp
        # The store is encrypted: a benchmark-only passphrase (timings include SQLCipher).
        with CaseStore.open(Path(tmp) / "cases.db", key="bench lantern orbit 2026") as store:
            cid = store.import_case(case)
            counter = iter(range(10**9))
            out.append(("case: write one action (notes edit, audited, fsync)",
                        _median_ms(lambda: store.set_notes(cid, f"note {next(counter)}"),
                                   ACTIONS), "ms"))
            out.append(("case: write one answer (fact + audit)",
                        _median_ms(lambda: store.set_fact(cid, "subject_age",
                                                          next(counter) % 17, "youth-imagery",
                                                          "change"), ACTIONS), "ms"))
            fresh = store.create_case("BENCH", "PC Bench")
            session = CaseSession(store, content, fresh)
            session.walk("youth-imagery")

            def answer_and_back() -> None:
                walk = session.walk("youth-imagery")
                if walk.current.kind == "info":
                    session.acknowledge("youth-imagery")
                else:
                    session.answer("youth-imagery", "no")
                    session.undo("youth-imagery")

            out.append(("case: session answer then undo (2 actions, walk state)",
                        _median_ms(answer_and_back, ACTIONS // 4), "ms"))
            out.append(("case: load a case with its 400+ entry history",
                        _median_ms(lambda: store.load(cid), 50), "ms"))
            out.append(("case: verify a 400+ entry audit chain",
                        _median_ms(lambda: store.verify(cid), 20), "ms"))

        for n in IMPORT_SIZES:
            out.append((f"case import: read and save a case file, {n} exhibits",
                        import_seconds(case, content, n, Path(tmp)), "s"))

        when = datetime(2026, 11, 22, tzinfo=UTC)
        for n in (1, 100):
            big = replace(case, exhibits=[replace(case.exhibits[i % 2], ref=f"SP/{i + 1}")
                                          for i in range(n)])
            out.append((f"handover: build the note model, {n} exhibit(s)",
                        _median_ms(lambda big=big: build_note(big, content, when), NOTE_RUNS),
                        "ms"))
            target = Path(tmp) / f"note-{n}"
            out.append((f"handover: write PDF + JSON + TXT + SHA-256, {n} exhibit(s)",
                        _median_ms(lambda big=big, target=target:
                                   write_handover(big, content, target, when), NOTE_RUNS),
                        "ms"))
    return out


if __name__ == "__main__":
    for label, value, unit in run():
        print(f"{label:<64} {value:10.2f} {unit}")
