"""The one place the app meets the case store: opening it, listing cases, starting a session.

The store is opened on first use (never at start-up), and only once per app: it holds a lock
so a second FieldKit cannot write the same cases at the same time.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fieldkit.cases.model import Officer
from fieldkit.cases.session import CaseSession
from fieldkit.ui.sessions import ScreenSession
from fieldkit.ui.widgets.basic import uk_time

if TYPE_CHECKING:
    from fieldkit.cases.store import CaseStore
    from fieldkit.content.model import Content
    from fieldkit.ui.navigator import Navigator


def open_store() -> Any:
    from fieldkit.cases.store import CaseStore

    return CaseStore.open()


def unfinished_cases(nav: Navigator) -> list[tuple[str, str]]:
    """(case id, plain description) for each saved case, newest first. With no case database
    yet and none open, there is nothing to list, and none is created just to look."""
    from fieldkit.cases.paths import default_db_path

    if not nav.store_is_open() and not default_db_path().exists():
        return []
    out = []
    for c in nav.case_store().list_cases():
        opened = uk_time(c.opened)
        exhibits = f" \u00b7 {c.exhibits} exhibit{'s' if c.exhibits != 1 else ''}" \
            if c.exhibits else ""
        out.append((c.id, f"{c.reference} \u00b7 {c.officer} \u00b7 opened {opened}{exhibits}"))
    return out


def create_case(store: CaseStore, content: Content, reference: str, officer_name: str,
                officer_number: str, station: str, location: str = "",
                quick: ScreenSession | None = None) -> ScreenSession:
    """A new saved case; from a quick look, everything done in it is carried over."""
    if quick is not None and not quick.kept:
        officer = Officer(officer_name, officer_number, station)
        return ScreenSession(quick.inner.keep(store, reference, officer, location))
    case_id = store.create_case(reference, officer_name, officer_number, station, location)
    return ScreenSession(CaseSession(store, content, case_id))


def open_case(store: CaseStore, content: Content, case_id: str) -> ScreenSession:
    return ScreenSession(CaseSession(store, content, case_id))
