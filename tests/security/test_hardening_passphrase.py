"""The passphrase rule in every script: judged by length and variety, and the common-word
check applies only to words it knows."""

from __future__ import annotations

import pytest

from fieldkit.security.policy import problems


@pytest.mark.parametrize("good", [
    "καλημέρα κόσμε φίλε",          # Greek
    "привет мир как дела",           # Russian
    "добрий ранок київ",             # Ukrainian
    "我喜欢在公园里散步",              # Chinese, 9 characters that count as 18
    "公園で散歩するのが好き",          # Japanese
    "صباح الخير يا صديقي",           # Arabic
    "tidy otter lantern 93",
])
def test_good_passphrases_in_every_script_pass(good: str) -> None:
    assert problems(good) == []


@pytest.mark.parametrize("weak, why", [
    ("αααααααααααααα", "repeated"),
    ("我我我我我我我我", "repeated"),
    ("短密码", "characters long"),
    ("password123!", "common password"),
    ("Summer2026!!", "common password"),
    ("p4ssw0rdpassword", "common password"),
    ("tidy otter\x85lantern", "control"),
])
def test_weak_passphrases_are_still_refused(weak: str, why: str) -> None:
    found = problems(weak)
    assert found and why in " ".join(found), found
