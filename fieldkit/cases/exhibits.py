"""Pre-filling an exhibit from what the device-seizure guide already knows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fieldkit.cases.model import POWER_STATES, YES_NO_UNKNOWN, Exhibit

# device-seizure fact -> exhibit field, with the values the exhibit field accepts
FROM_FACTS: dict[str, tuple[str, tuple[str, ...] | None]] = {
    "device_kind": ("kind", None),
    "device_power": ("power", POWER_STATES),
    "device_locked": ("locked", YES_NO_UNKNOWN),
    "passcode_given": ("passcode_given", YES_NO_UNKNOWN),
}


def exhibit_from_facts(facts: Mapping[str, Any], ref: str = "", **fields: Any) -> Exhibit:
    """A new exhibit with kind, power, lock and passcode taken from the walk's answers, so the
    officer does not type twice what the guide already asked. `fields` fill or override the
    rest (ref, seal, found...)."""
    data: dict[str, Any] = {}
    for fact, (name, allowed) in FROM_FACTS.items():
        value = facts.get(fact)
        if isinstance(value, str) and (allowed is None or value in allowed):
            data[name] = value
    data.update(fields)
    return Exhibit(ref=ref, **data)
