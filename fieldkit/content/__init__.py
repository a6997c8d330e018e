"""Loading and checking guidance content (YAML under content/)."""

from fieldkit.content.loader import load_content
from fieldkit.content.locate import builtin_content_dir

__all__ = ["builtin_content_dir", "load_content"]
