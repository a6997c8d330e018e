"""Loading and checking guidance content (YAML under content/)."""

from typing import Any

from fieldkit.content.locate import builtin_content_dir

__all__ = ["builtin_content_dir", "load_content"]


def __getattr__(name: str) -> Any:
    """`load_content` is imported on first use: the app starting from a snapshot never needs
    the YAML reader, the schema or the checks."""
    if name == "load_content":
        from fieldkit.content.loader import load_content

        return load_content
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
