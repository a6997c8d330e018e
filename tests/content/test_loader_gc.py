"""Loading pauses the cycle collector and leaves what it loaded in the oldest generation, so
the next allocation does not walk every loaded object; nothing is left frozen for good."""

from __future__ import annotations

import gc
from pathlib import Path

from fieldkit.content import load_content
from fieldkit.content.loader import paused_gc

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "sample-content"


def test_loaded_content_is_in_the_oldest_generation_and_nothing_stays_frozen() -> None:
    assert gc.isenabled()
    content = load_content(SAMPLE)
    guide = next(iter(content.guides.values()))
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    assert gc.get_count()[0] < 100  # the youngest generation was emptied, not left to fill
    assert any(obj is guide for obj in gc.get_objects(generation=2))


def test_a_pause_inside_a_pause_leaves_the_collector_to_the_outer_one() -> None:
    with paused_gc():
        content = load_content(SAMPLE)
        assert not gc.isenabled()
        assert content.guides
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
