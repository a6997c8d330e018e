"""The handover note with long officer text: 10,000 characters of exhibit description, 50 KB of
notes and right-to-left text (the brief's 2 s case), and 1 MB of notes (aim: under 10 s)."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).parents[1]


def run() -> list[tuple[str, float, str]]:
    from fieldkit.cases.casefile import read_casefile
    from fieldkit.content import load_content
    from fieldkit.handover.export import export_handover

    content = load_content(ROOT / "content")
    case = read_casefile(ROOT / "tests" / "fixtures" / "cases" / "example-case.yaml", content)
    out: list[tuple[str, float, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        export_handover(case, content, Path(tmp) / "warm")  # fonts and imports loaded once
        rtl = "\nالهاتف ملك ابني محمد\nשלום כהן\n"
        cases = [
            ("10,000-char description + 50 KB notes + RTL", ("word " * 2000)[:10_000],
             ("a line of the officer's notes " * 1700)[:50_000] + rtl),
            ("1 MB of notes", "", ("a line of the officer's notes\n" * 35_000)[:1_000_000]),
        ]
        for n, (label, description, notes) in enumerate(cases):
            case.exhibits[0].description = description or case.exhibits[0].description
            case.notes = notes
            wall, cpu = time.perf_counter(), time.process_time()
            export_handover(case, content, Path(tmp) / str(n))
            out.append((f"handover: write the set, {label}", time.perf_counter() - wall, "s"))
            out.append((f"handover: CPU time, {label}", time.process_time() - cpu, "s"))
    return out
