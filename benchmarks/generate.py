"""Generated content of a given size, for load, check and search benchmarks."""

from __future__ import annotations

from pathlib import Path

HEADER = """guide: {gid}
title: Generated guide of {n} steps
version: 1.0.0
status: approved
owner: Benchmark
approved_by: Benchmark owner
approved_on: 2026-11-01
reviewed: 2026-11-01
review_due: 2099-01-01
sources:
  src: {{title: A source, publisher: Bench, year: 2026}}
start: q0
steps:
"""


def write_content(root: Path, steps: int, guides: int = 1) -> Path:
    """A content folder whose guides hold `steps` steps in all: questions, info and outcomes."""
    (root / "guides").mkdir(parents=True, exist_ok=True)
    per_guide = steps // guides
    facts = ["title: Generated facts", "facts:"]
    for g in range(guides):
        questions = per_guide // 3
        lines = [HEADER.format(gid=f"gen-{g}", n=per_guide)]
        for i in range(questions):
            fid = f"g{g}_f{i}"
            facts.append(f"  - id: {fid}\n    label: Fact {i} of guide {g}\n    type: "
                         "yesnounknown")
            nxt = f"q{i + 1}" if i + 1 < questions else "end"
            lines.append(
                f"  - id: q{i}\n    ask: Is condition {i} present at the scene of guide {g}?\n"
                f"    why: Generated reason {i}.\n    fact: {fid}\n    cite: [src]\n"
                f"    next:\n      - if: {{{fid}: [yes, unknown]}}\n        go: o{i}\n"
                f"      - go: i{i}\n"
                f"  - id: i{i}\n    show: Guidance line {i}, keep the device as found.\n"
                f"    cite: [src]\n    next: [{{go: {nxt}}}]\n"
                f"  - id: o{i}\n    outcome: refer-{i % 7}\n    title: Outcome {i}\n"
                f"    say: Generated outcome {i}.\n    do:\n      - text: Act on {i}.\n"
                f"        cite: [src]\n")
        lines.append("  - id: end\n    outcome: done\n    title: Done\n    say: Finished.\n"
                     "    do:\n      - text: Hand over.\n        cite: [src]\n")
        (root / "guides" / f"gen-{g}.yaml").write_text("".join(lines), encoding="utf-8")
    (root / "facts.yaml").write_text("\n".join(facts) + "\n", encoding="utf-8")
    return root
