"""Prevention talks: shape a talk plan for a session and export a talk pack (no Qt here)."""

from fieldkit.talks.plan import (
    Slot,
    TalkError,
    TalkPlan,
    clock,
    default_section_ids,
    get_talk,
    is_local,
    talks_in_order,
)

__all__ = [
    "Slot",
    "TalkError",
    "TalkPlan",
    "clock",
    "default_section_ids",
    "get_talk",
    "is_local",
    "talks_in_order",
]
