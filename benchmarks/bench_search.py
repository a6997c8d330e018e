"""Search speed: every query an officer types must answer well inside one keystroke (aim: under
20 ms), over the shipped content and over a generated set of 10,000 guide steps.

Queries mix what an officer types at a scene (one or two words, often half-typed) with words
drawn from the content itself, so short prefixes that match almost everything are measured too.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path

AIM_MS = 20.0
TYPED = ["phone", "flight mode", "parent", "sextortion", "do not view", "outcome 21",
         "childline", "image", "seize", "school", "faraday", "passcode", "under 13", "report",
         "blackmail", "suspect address", "nude", "laptop off", "p", "s", "a", "ch", "de",
         "condition 12", "guidance line", "keep the device", "refer", "scene"]
DRAWN = 200  # further queries of one or two words taken from the index's own vocabulary


def queries(vocab: list[str], seed: int = 7) -> list[str]:
    """The typed queries, plus words and half-words drawn from the content (fixed seed)."""
    rng = random.Random(seed)
    words = [w for w in vocab if len(w) > 2]
    drawn = []
    for _ in range(DRAWN):
        picked = rng.sample(words, rng.choice((1, 1, 2)))
        drawn.append(" ".join(w[: rng.randint(2, len(w))] for w in picked))
    return TYPED + drawn


def measure(index: object, qs: list[str], rounds: int = 3) -> tuple[list[float], float]:
    """Per-query times in ms (each query's median over `rounds`), and the slowest query's."""
    search = index.search  # type: ignore[attr-defined]
    per_query = []
    for q in qs:
        times = []
        for _ in range(rounds):
            t = time.perf_counter()
            search(q)
            times.append((time.perf_counter() - t) * 1000)
        per_query.append(statistics.median(times))
    return per_query, max(per_query)


def rows_for(name: str, content: object) -> list[tuple[str, float, str]]:
    from fieldkit.search import SearchIndex

    t = time.perf_counter()
    index = SearchIndex.build(content)  # type: ignore[arg-type]
    build_ms = (time.perf_counter() - t) * 1000
    qs = queries(index._vocab)
    times, slowest = measure(index, qs)
    p95 = statistics.quantiles(times, n=20)[-1]
    worst = qs[times.index(slowest)]
    return [
        (f"search {name}: index build ({len(index.entries)} entries)", build_ms, "ms"),
        (f"search {name}: query, median of {len(qs)} (aim < {AIM_MS:.0f} ms)",
         statistics.median(times), "ms"),
        (f"  95th percentile query, {name}", p95, "ms"),
        (f"  slowest query, {name} ({worst!r})", slowest, "ms"),
    ]


def run() -> list[tuple[str, float, str]]:
    from benchmarks.generate import write_content
    from fieldkit.content import builtin_content_dir, load_content

    rows = rows_for("shipped content", load_content(builtin_content_dir()))
    with tempfile.TemporaryDirectory() as tmp:
        content = load_content(write_content(Path(tmp) / "gen", 10000))
        steps = sum(len(g.steps) for g in content.guides.values())
        rows += rows_for(f"{steps:,} generated steps", content)
    return rows


if __name__ == "__main__":
    for label, value, unit in run():
        print(f"{label:<64} {value:10.2f} {unit}")
