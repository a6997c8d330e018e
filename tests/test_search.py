"""Word search over content: what an officer types finds the step, line or service."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from fieldkit.content import builtin_content_dir, load_content
from fieldkit.search import SearchIndex, words

UI_CONTENT = Path(__file__).parent / "fixtures" / "ui-content"


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex.build(load_content(UI_CONTENT))


def test_words_are_lower_case_and_apostrophes_do_not_split_them() -> None:
    assert words("Don't VIEW the image's copy") == ["dont", "view", "the", "images", "copy"]


def test_every_word_must_match_the_start_of_a_word(index: SearchIndex) -> None:
    [hit] = index.search("flight mod")
    assert hit.entry.text == "Put it in flight mode and keep it powered."
    assert hit.entry.target == ("device-check", "live")
    assert index.search("light") == []  # inside a word is not a match
    assert index.search("flight zebra") == []


def test_it_finds_guide_steps_script_lines_and_services(index: SearchIndex) -> None:
    kinds = {h.entry.kind: h.entry.target for h in index.search("adult")}
    assert kinds["step"][0] in ("youth-check", "device-check")
    [line] = [h for h in index.search("not in trouble") if h.entry.kind == "script-line"]
    assert line.entry.target == ("first-contact", "introduce")
    [service] = index.search("thoughts service")
    assert service.entry.kind == "signpost" and service.entry.target == ("thoughts-line",)
    # Who a service is for counts too, in the officer's words.
    assert ("parents-line",) in [h.entry.target for h in index.search("professional")]


def test_better_matches_come_first(index: SearchIndex) -> None:
    hits = index.search("refer")
    assert hits[0].entry.text.startswith("Refer now")  # the outcome's own title
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_an_empty_query_finds_nothing(index: SearchIndex) -> None:
    assert index.search("") == [] and index.search("  ,.  ") == []


def test_a_query_on_the_shipped_content_takes_under_20_ms() -> None:
    index = SearchIndex.build(load_content(builtin_content_dir()))
    assert len(index.entries) > 100
    timings = []
    for query in ("phone", "flight mode", "parent", "s", "sextortion help", "do not view",
                  "outcome 21", "childline", "image", "a"):
        start = time.perf_counter()
        index.search(query)
        timings.append((time.perf_counter() - start) * 1000)
    assert max(timings) < 20, timings
