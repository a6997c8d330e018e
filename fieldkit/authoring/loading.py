"""Loading content for authors: like the app, but keeping guides the checker refused.

The app drops a guide with errors so an officer never walks it; an author needs the opposite:
to see the broken guide (its unreachable steps, its dead ends) in order to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from fieldkit.content import load_content
from fieldkit.content.loader import FileLoader, content_files
from fieldkit.content.model import Content, Guide
from fieldkit.diagnostics import FieldKitError, Report
from fieldkit.yamlread import YMap, load_file


@dataclass
class AuthorView:
    """The checked content, plus every guide that could be read at all (refused or not)."""

    content: Content
    guides: dict[str, Guide] = field(default_factory=dict)

    def refused(self, guide_id: str) -> bool:
        return guide_id in self.guides and guide_id not in self.content.guides


def load_for_authoring(root: str | Path, today: date | None = None) -> AuthorView:
    content = load_content(root, today)
    view = AuthorView(content, dict(content.guides))
    for kind, path in content_files(Path(root)):
        if kind != "guides" or any(g.header.path == str(path) for g in view.guides.values()):
            continue
        try:
            data = load_file(path, str(path))
        except FieldKitError:
            continue
        if not isinstance(data, YMap):
            continue
        # A scratch report: these problems are already in content.report.
        guide = FileLoader(str(path), data, Report(), today or date.today()).guide(content.facts)
        if guide.id and guide.id not in view.guides:
            view.guides[guide.id] = guide
    return view
