"""An outcome opened straight from search, clearly marked as not reached by walking the guide."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fieldkit.ui.screens.base import Screen
from fieldkit.ui.screens.outcome import OutcomeView
from fieldkit.ui.widgets.basic import label
from fieldkit.ui.widgets.unconfirmed import add_header

if TYPE_CHECKING:
    from fieldkit.content.model import Content
    from fieldkit.ui.navigator import Navigator
    from fieldkit.ui.sessions import ScreenSession


class OutcomePreview(Screen):
    def __init__(self, nav: Navigator, session: ScreenSession | None, content: Content,
                 guide_id: str, step_id: str):
        super().__init__()
        self.session = session
        guide = content.guides[guide_id]
        self.title = guide.title
        lay = self.scroll_column(1000)
        lay.addWidget(label(guide.title, "h1"))
        add_header(lay, guide.header, summary=False)
        lay.addWidget(OutcomeView(nav, session, content, guide,
                                  guide.steps[step_id], preview=True))
        lay.addStretch(1)
