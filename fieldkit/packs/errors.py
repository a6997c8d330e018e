"""The one error type of content packs: a plain message, no traceback."""

from __future__ import annotations

from fieldkit.diagnostics import FieldKitError


class PackError(FieldKitError):
    """A pack or key that cannot be used, with why in plain words."""
