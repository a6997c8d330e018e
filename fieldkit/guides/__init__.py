"""The guide engine: walking decision trees over a case's facts."""

from fieldkit.guides.engine import Change, PathEntry, Walk, WalkError, walk_with_facts

__all__ = ["Change", "PathEntry", "Walk", "WalkError", "walk_with_facts"]
