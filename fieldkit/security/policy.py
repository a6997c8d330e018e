"""The passphrase rule: long, and not a pattern a guesser tries first.

The rule in plain words is `RULE`; `problems()` says which part a passphrase breaks. It is
checked whenever a passphrase is set (first run, or when an old unencrypted database is
encrypted), wherever it comes from: the app, the terminal prompt or FIELDKIT_PASSPHRASE.
"""

from __future__ import annotations

import re

from fieldkit.security.kdf import RAW_KEY, normalise

MIN_LENGTH = 12
MIN_DIFFERENT = 6

RULE = (f"Use at least {MIN_LENGTH} characters. Three or four ordinary words that have nothing "
        "to do with each other work well and are easy to type at 2 a.m. FieldKit refuses a "
        "passphrase that is one character or a short group repeated, a run along the keyboard "
        f"or the alphabet, has fewer than {MIN_DIFFERENT} different characters, or is a common "
        "password, month, season or football club with a few letters or numbers added. There "
        "is no way round this rule, and no way to recover a forgotten passphrase: the cases "
        "cannot be opened without it.")

# Passwords and words that guessers try first (lower case, letters only). Checked after
# numbers and symbols are removed and look-alike digits are read as letters (p4ssw0rd).
_COMMON_WORDS = """
password passphrase passwort letmein welcome iloveyou admin administrator qwerty qwertz azerty
monkey dragon football baseball cricket rugby sunshine princess shadow master superman batman
trustno whatever freedom charlie michael jennifer jessica thomas daniel william
liverpool arsenal chelsea everton tottenham manchester united city villa newcastle celtic
rangers leeds england wales scotland london cardiff birmingham
summer winter autumn spring january february march april may june july august september
october november december monday tuesday wednesday thursday friday saturday sunday
police constable officer sergeant inspector detective station custody warrant
fieldkit changeme secret default login access hello computer internet laptop guest user
test testing abc iloveu lovely love baby angel
correcthorsebatterystaple
"""
COMMON = frozenset(_COMMON_WORDS.split())

SEQUENCES = (
    "abcdefghijklmnopqrstuvwxyz",
    "0123456789",
    "qwertyuiopasdfghjklzxcvbnm",
    "1234567890qwertyuiopasdfghjklzxcvbnm",
    "qwertzuiopasdfghjklyxcvbnm",
    "azertyuiopqsdfghjklmwxcvbn",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
    "zaq1xsw2cde3vfr4bgt5nhy6mju7",
)

LOOKALIKES = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t",
                            "8": "b", "9": "g", "@": "a", "$": "s", "!": "i", "|": "l",
                            "+": "t"})


def _repeated(s: str) -> bool:
    """One character or a short group over and over (aaaa..., abcabc..., 1212...)."""
    for size in range(1, len(s) // 2 + 1):
        chunk = s[:size]
        if (chunk * (len(s) // size + 1))[: len(s)] == s:
            return True
    return False


def _run(s: str) -> bool:
    """Along the alphabet, the digits or a keyboard row, either way round (it may wrap)."""
    flat = re.sub(r"\s+", "", s.lower())
    if len(flat) < 4:
        return False
    for seq in SEQUENCES:
        for line in (seq, seq[::-1]):
            if flat in line * (len(flat) // len(line) + 2):
                return True
    return False


def _letters(s: str) -> str:
    return "".join(c for c in s if c.isalpha())


def _common(s: str) -> bool:
    """A common password (or several) with fewer than 4 other letters added. Numbers and
    symbols at either end are dropped first; inside, look-alikes are read as letters. Letters
    of every script count as letters: the list only knows some Latin words, so a passphrase
    in Greek, Cyrillic or Chinese is judged on what is left, never stripped to nothing."""
    core = s.casefold()
    while core and not core[0].isalpha():
        core = core[1:]
    while core and not core[-1].isalpha():
        core = core[:-1]
    for variant in (core, core.translate(LOOKALIKES)):
        rest = _letters(variant)
        for word in sorted(COMMON, key=len, reverse=True):
            if len(word) >= 3:
                rest = rest.replace(word, "")
        if _length(rest) < 4:
            return True
    return False


def _length(s: str) -> int:
    """Length as strength: a wide character (a Chinese or Japanese ideograph, a Korean
    syllable) is one of thousands, so it counts as two; every other character as one."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in s)


def problems(passphrase: str) -> list[str]:
    """What is wrong with a passphrase, in plain words; empty if it may be used."""
    p = normalise(passphrase)
    out: list[str] = []
    if _length(p) < MIN_LENGTH:
        out.append(f"it is {len(p)} characters long; use at least {MIN_LENGTH}"
                   + (" (a Chinese, Japanese or Korean character counts as two)"
                      if _length(p) != len(p) else ""))
    if p != p.strip():
        out.append("it starts or ends with a space, which is easy to forget")
    if any(ord(c) < 32 or 127 <= ord(c) < 160 for c in p):
        out.append("it has control characters in it")
    if RAW_KEY.match(p):
        out.append("it starts with x' (FieldKit would read that as a raw key)")
    if out:
        return out
    if _repeated(p.lower()):
        out.append("it is one character or a short group repeated")
    elif _run(p):
        out.append("it is a run along the keyboard, the alphabet or the digits")
    elif len(set(p.lower())) < MIN_DIFFERENT:
        out.append(f"it has fewer than {MIN_DIFFERENT} different characters")
    elif _common(p):
        out.append("it is a common password, month, season, place or club with only a few "
                   "letters or numbers added")
    return out


def explain(found: list[str]) -> str:
    """One sentence for a refused passphrase."""
    return "That passphrase cannot be used: " + "; ".join(found) + "."
