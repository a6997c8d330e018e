"""Word search over content: what an officer types finds the step, line or service."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from fieldkit.content import builtin_content_dir, load_content
from fieldkit.search import SearchIndex, words

UI_CONTENT = Path(__file__).parents[1] / "fixtures" / "ui-content"


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


@pytest.fixture(scope="module")
def shipped() -> SearchIndex:
    return SearchIndex.build(load_content(builtin_content_dir()))


def test_synonyms_find_what_the_content_words_differently(shipped: SearchIndex) -> None:
    # The device-seizure guide says "aeroplane mode"; officers say "flight mode".
    hits = shipped.search("flight mode")
    assert hits and all("aeroplane mode" in h.entry.text.lower() for h in hits)
    assert hits[0].entry.kind == "step" and hits[0].entry.target[0] == "device-seizure"
    for word in ("extortion", "blackmail", "sextortion"):
        assert ("sextortion-victim", "") in [h.entry.target for h in shipped.search(word)], word
    pictures = {h.entry.target for h in shipped.search("pictures")}
    assert {h.entry.target for h in shipped.search("nudes")} & pictures


def test_script_titles_and_section_headings_are_found(shipped: SearchIndex) -> None:
    [title] = [h for h in shipped.search("financially motivated") if h.entry.kind == "script"]
    assert title.entry.target == ("sextortion-victim", "")
    sections = [h.entry.target for h in shipped.search("what never to say")
                if h.entry.kind == "script-section"]
    assert ("sextortion-victim", "what-never-to-say") in sections


def test_results_are_guides_then_scripts_then_services_then_talks(shipped: SearchIndex) -> None:
    order = {"guide": 0, "step": 0, "script": 1, "script-section": 1, "script-line": 1,
             "signpost": 2, "checklist-item": 3, "talk": 4}
    for query in ("sextortion", "parent", "childline", "image"):
        groups = [order[h.entry.kind] for h in shipped.search(query)]
        assert groups == sorted(groups), query
        assert len(set(groups)) >= 3, query  # many guide steps never hide the other kinds


def test_every_example_in_the_search_box_finds_what_it_promises(shipped: SearchIndex) -> None:
    from fieldkit.ui.screens.home import SEARCH_EXAMPLES

    examples = list(SEARCH_EXAMPLES)
    promised = {
        # a guide step on cutting a seized phone off from networks
        "flight mode": lambda hs: hs[0].entry.kind == "step"
        and hs[0].entry.target[0] == "device-seizure",
        # the script for a young person being blackmailed, before any service or talk
        "sextortion": lambda hs: next(h.entry.target for h in hs if h.entry.kind in (
            "script", "signpost", "talk")) == ("sextortion-victim", ""),
        # the scripts for speaking to a parent, and services for parents
        "parent": lambda hs: {("parent-of-victim", ""), ("parent-of-child-who-shared", "")}
        <= {h.entry.target for h in hs} and any(h.entry.kind == "signpost" for h in hs),
    }
    assert set(examples) == set(promised)  # a new example needs its promise written here
    for example in examples:
        hits = shipped.search(example)
        assert hits and promised[example](hits), example


def test_synonym_groups_are_checked_like_other_content(tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "content"
    shutil.copytree(UI_CONTENT, root)
    (root / "search-synonyms.yaml").write_text(
        "synonyms:\n"
        "  - words: [flight mode, aeroplane mode]\n"
        "  - words: [lonely]\n"
        "  - words: [Flight  Mode, offline]\n", encoding="utf-8")
    content = load_content(root)
    errors = [(d.line, d.message) for d in content.report.errors]
    assert any(line == 3 and "at least two" in msg for line, msg in errors), errors
    assert any(line == 4 and "already in a synonym group" in msg for line, msg in errors), errors
    assert content.synonyms == [("flight mode", "aeroplane mode")]
