"""Where the passphrase comes from: typed once in this process, FIELDKIT_PASSPHRASE for
scripted use, or a hidden prompt in a terminal.

The app never prompts in a terminal (it asks on its own screen and calls `no_prompt()`), and
a run with no terminal and no FIELDKIT_PASSPHRASE is refused with a plain message rather than
left waiting for input that cannot come.
"""

from __future__ import annotations

import getpass
import os
import sys
from dataclasses import dataclass

from fieldkit.security.policy import normalise

PASSPHRASE_ENV = "FIELDKIT_PASSPHRASE"
ASK = "FieldKit passphrase for the saved cases: "
NONE_GIVEN = ("FieldKit needs the passphrase of the saved cases. Run this command in a terminal "
              "to type it, or set FIELDKIT_PASSPHRASE for scripted use.")


@dataclass
class _State:
    held: str | None = None
    prompt: bool = True


_state = _State()  # one process, one officer


def hold(passphrase: str) -> None:
    """Keep a passphrase typed at the prompt, so one command asks only once."""
    _state.held = normalise(passphrase)


def held() -> str | None:
    return _state.held


def forget() -> None:
    _state.held = None


def no_prompt() -> None:
    """The app asks on its own screen; never read the terminal behind its back."""
    _state.prompt = False


def allow_prompt() -> None:
    _state.prompt = True


def from_env() -> str | None:
    value = os.environ.get(PASSPHRASE_ENV)
    return normalise(value) if value else None


def can_prompt() -> bool:
    stdin = sys.stdin
    return _state.prompt and stdin is not None and stdin.isatty()


def ask(text: str = ASK) -> str:
    """Read a passphrase without echoing it (getpass)."""
    return normalise(getpass.getpass(text))


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)
