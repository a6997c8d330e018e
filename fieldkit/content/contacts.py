"""How each kind of service contact is named, so the screen, the note and the talk pack agree."""

from __future__ import annotations

CONTACT_LABELS: dict[str, str] = {
    "phone": "Phone",
    "web": "Website",
    "email": "Email",
    "text": "Text",
    "chat": "Online chat",
}


def contact_label(kind: str) -> str:
    """The word shown before a contact's value; an unknown kind is shown capitalised."""
    return CONTACT_LABELS.get(kind, kind.capitalize())
