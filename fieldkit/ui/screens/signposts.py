"""Support services: filter by who needs help and by situation, read how to reach each one,
and record on the case that a service was given to someone ("Given to...").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldkit.content.contacts import contact_label
from fieldkit.content.model import Content, Signpost
from fieldkit.diagnostics import FieldKitError
from fieldkit.ui.screens.base import Screen
from fieldkit.ui.widgets.basic import (
    FlowLayout,
    banner,
    button,
    clear,
    fmt_date,
    frame,
    label,
    source_label,
    uk_time,
)
from fieldkit.ui.widgets.unconfirmed import unconfirmed_marker

if TYPE_CHECKING:
    from fieldkit.ui.navigator import Navigator
    from fieldkit.ui.sessions import ScreenSession

WHO = (("", "Anyone"), ("child", "A child or young person"), ("parent", "A parent or carer"),
       ("professional", "A professional"), ("own-thoughts", "Someone worried about their own "
                                            "thoughts"), ("adult", "An adult"))
SITUATION_WORDS = {
    "": "Any situation", "removal": "Getting images removed", "sextortion": "Sextortion",
    "emotional-support": "Someone to talk to", "crisis": "Crisis or risk to life",
    "reporting": "Reporting", "own-behaviour": "Own behaviour", "advice": "Advice",
    "adult-images": "Adult's images",
}
GIVEN_TO = ("the child or young person", "a parent or carer", "a professional",
            "another adult")


def who_words(for_: tuple[str, ...]) -> str:
    names = {"child": "children and young people", "parent": "parents and carers",
             "professional": "professionals",
             "own-thoughts": "people worried about their own thoughts", "adult": "adults"}
    return ", ".join(names.get(f, f) for f in for_)


class SignpostView(Screen):
    def __init__(self, nav: Navigator, session: ScreenSession, content: Content):
        super().__init__()
        self.nav, self.content = nav, content
        self.session: ScreenSession = session  # opened inside a case or quick look
        self.title = "Support services"
        self.who = ""
        self.situation = ""
        self.only: list[str] = []
        self.highlight = ""
        self.cards: dict[str, QFrame] = {}
        self.given_buttons: dict[str, QPushButton] = {}

        lay = self.scroll_column(1100)

        top = QHBoxLayout()
        top.addWidget(label("Support services", "h1"), 1)
        fam = button("Show to family", self._family, "primary",
                     name="Show the services given to a parent or child, full screen",
                     tip="A clean full-screen view; Esc to leave")
        fam.setObjectName("familyButton")
        top.addWidget(fam, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(top)
        self.family_box = QVBoxLayout()
        lay.addLayout(self.family_box)
        lay.addWidget(label("Only details checked against each service's own information are "
                            "shown. Where a detail is unsure, the entry says so.", "muted"))

        self.only_row = QHBoxLayout()
        self.only_button = button("", lambda: self._set_only_on(True), "filter")
        self.all_button = button("All services", lambda: self._set_only_on(False), "filter")
        for b in (self.only_button, self.all_button):
            b.setCheckable(True)
            self.only_row.addWidget(b)
        self.only_row.addStretch(1)
        lay.addLayout(self.only_row)
        self.only_on = False

        used_for = {f for s in content.signposts.values() for f in s.for_}
        used_sit = {x for s in content.signposts.values() for x in s.situations}
        lay.addWidget(label("WHO NEEDS HELP", "kicker"))
        self.who_group = self._filters(lay, [w for w in WHO if not w[0] or w[0] in used_for],
                                       self._set_who, "who")
        lay.addWidget(label("SITUATION", "kicker"))
        sits = [("", SITUATION_WORDS[""])] + [(k, v) for k, v in SITUATION_WORDS.items()
                                             if k and k in used_sit]
        self.sit_group = self._filters(lay, sits, self._set_situation, "situation")

        self.count = label("", "muted")
        self.count.setObjectName("signpostCount")
        lay.addWidget(self.count)
        self.list = QVBoxLayout()
        self.list.setSpacing(12)
        lay.addLayout(self.list)
        lay.addStretch(1)
        self.render()

    def _filters(self, lay: QVBoxLayout, items: list[tuple[str, str]], fn: object,
                 prefix: str) -> QButtonGroup:
        row = FlowLayout(8)
        group = QButtonGroup(self)
        group.setExclusive(True)
        for key, text in items:
            b = button(text, role="filter", name=f"Filter: {text}")
            b.setCheckable(True)
            b.setChecked(key == "")
            b.setObjectName(f"{prefix}-{key or 'all'}")
            b.clicked.connect(lambda _=False, k=key: fn(k))  # type: ignore[operator]
            group.addButton(b)
            row.addWidget(b)
        wrap = QWidget()
        wrap.setLayout(row)
        lay.addWidget(wrap)
        return group

    # -- filters -----------------------------------------------------------------------------
    def set_only(self, only: list[str], highlight: str = "") -> None:
        """Show just these services (an outcome's), or all; optionally pick one out."""
        self.only = [s for s in only if s in self.content.signposts]
        self.highlight = highlight
        self.only_on = bool(self.only)
        self.render()
        if highlight and highlight in self.cards:
            card = self.cards[highlight]
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, card, lambda: self.scroll.ensureWidgetVisible(card, 0, 40))

    def _set_only_on(self, on: bool) -> None:
        self.only_on = on and bool(self.only)
        self.render()

    def _set_who(self, key: str) -> None:
        self.who = key
        self.render()

    def _set_situation(self, key: str) -> None:
        self.situation = key
        self.render()

    def visible_ids(self) -> list[str]:
        out = []
        for sid, sp in self.content.signposts.items():
            if self.only_on and sid not in self.only:
                continue
            if self.who and self.who not in sp.for_:
                continue
            if self.situation and self.situation not in sp.situations:
                continue
            out.append(sid)
        return out

    def render(self) -> None:
        clear(self.list)
        self.cards = {}
        self.given_buttons = {}
        n_only = len(self.only)
        self.only_button.setVisible(bool(self.only))
        self.all_button.setVisible(bool(self.only))
        self.only_button.setText(f"For this outcome ({n_only})")
        self.only_button.setChecked(self.only_on)
        self.all_button.setChecked(not self.only_on)
        ids = self.visible_ids()
        total = len(self.content.signposts)
        self.count.setText(f"Showing {len(ids)} of {total} services")
        if not ids:
            self.list.addWidget(label("No service matches these filters. Choose \u201cAnyone\u201d "
                                      "or \u201cAny situation\u201d to see more.", "lead"))
        for sid in ids:
            card = self._card(self.content.signposts[sid])
            self.cards[sid] = card
            self.list.addWidget(card)

    def _card(self, sp: Signpost) -> QFrame:
        f, fl = frame("outcome-head" if sp.id == self.highlight else "card", margins=18,
                      spacing=6)
        f.setObjectName(f"signpost-{sp.id}")
        head = QHBoxLayout()
        head.addWidget(label(sp.name, "h2"), 1)
        if sp.status == "draft":
            head.addWidget(label("Details unconfirmed", "badge-draft", wrap=False), 0,
                           Qt.AlignmentFlag.AlignTop)
        fl.addLayout(head)
        fl.addWidget(label(sp.what, "lead", selectable=True))
        ages = ""
        if sp.age_min is not None or sp.age_max is not None:
            lo = sp.age_min if sp.age_min is not None else 0
            ages = f" \u00b7 ages {lo} to {sp.age_max}" if sp.age_max is not None \
                else f" \u00b7 ages {lo} and over"
        fl.addWidget(label(f"For {who_words(sp.for_)}{ages}", "muted"))
        for c in sp.contact:
            row = QHBoxLayout()
            row.addWidget(label(f"{contact_label(c.kind)}:", "muted", wrap=False))
            row.addWidget(label(c.value, "contact", selectable=True), 1)
            fl.addLayout(row)
            if c.note:
                fl.addWidget(label(c.note, "muted"))
        fl.addWidget(label(f"Hours: {sp.hours}", selectable=True))
        if sp.caution:
            fl.addWidget(banner(sp.caution, "banner-warn"))
        marker = unconfirmed_marker(sp.open_points)
        if marker is not None:
            fl.addWidget(marker)
        fl.addWidget(label(f"Details last checked {fmt_date(sp.verified)}", "muted"))
        src = source_label(sp.cite, sp.sources)
        if src is not None:
            fl.addWidget(src)
        session = self.session
        if session.kept:  # a case keeps each entry, withdrawn ones too (struck through)
            entries = [(n, g) for n, g in enumerate(session.case().signposts)
                       if g.signpost == sp.id]
        else:
            entries = [(-1, g) for g in session.signposts_given() if g.signpost == sp.id]
        for n, g in entries:
            line = QHBoxLayout()
            why = getattr(g, "withdrawn", "")
            lbl = label(f"\u2713 Given to {g.given_to} at {uk_time(g.at, with_date=False)}"
                        + (f" \u2014 withdrawn: {why}" if why else ""),
                        "muted" if why else "badge-ok")
            lbl.setObjectName(f"given-{sp.id}")
            if why:
                font = lbl.font()
                font.setStrikeOut(True)
                lbl.setFont(font)
            line.addWidget(lbl, 1)
            if n >= 0 and not why:
                out = button("Withdraw\u2026", lambda n=n: self._ask_withdraw(n, fl), "link",
                             name=f"Withdraw: {sp.name} given to {g.given_to} (recorded in "
                             "error)")
                out.setObjectName(f"withdraw-{sp.id}-{n}")
                line.addWidget(out)
            fl.addLayout(line)
        row = QHBoxLayout()
        give = button("Given to\u2026", lambda: self._ask_given(sp.id, fl, give),
                      name=f"Record that {sp.name} was given to someone")
        give.setObjectName(f"give-{sp.id}")
        self.given_buttons[sp.id] = give
        row.addWidget(give)
        row.addStretch(1)
        fl.addLayout(row)
        return f

    def _ask_given(self, sid: str, fl: QVBoxLayout, give: QPushButton) -> None:
        """An inline choice (no dialog): who was the service given to?"""
        give.setEnabled(False)
        box, bl = frame("why", QHBoxLayout(), margins=10)
        bl.addWidget(label("Given to", wrap=False))
        who = QComboBox()
        who.setEditable(True)
        who.addItems(list(GIVEN_TO))
        who.setAccessibleName("Who the service was given to")
        who.setObjectName(f"givenTo-{sid}")
        bl.addWidget(who, 1)
        ok = button("Record", lambda: self._record(sid, who.currentText()), "primary",
                    name="Record that the service was given")
        ok.setObjectName(f"record-{sid}")
        bl.addWidget(ok)
        bl.addWidget(button("Cancel", self.render, name="Cancel"))
        fl.addWidget(box)
        who.setFocus()

    def _ask_withdraw(self, index: int, fl: QVBoxLayout) -> None:
        """Withdrawn, not erased: the entry stays on the case and the note, with the reason."""
        box, bl = frame("why", QHBoxLayout(), margins=10)
        why = QLineEdit()
        why.setObjectName("withdrawGivenReason")
        why.setAccessibleName("Why this service given is withdrawn")
        why.setPlaceholderText("Why, e.g. recorded against the wrong person")
        bl.addWidget(why, 1)

        def confirm() -> None:
            try:
                self.session.withdraw_signpost(index, why.text())
            except FieldKitError as exc:
                why.setPlaceholderText(str(exc))
                return
            self.render()

        why.returnPressed.connect(confirm)
        ok = button("Withdraw", confirm, "primary", name="Withdraw this service given")
        ok.setObjectName("confirmWithdrawGiven")
        bl.addWidget(ok)
        bl.addWidget(button("Cancel", self.render, name="Cancel"))
        fl.addWidget(box)
        why.setFocus()

    def _record(self, sid: str, who: str) -> None:
        who = who.strip() or GIVEN_TO[0]
        self.session.give_signpost(sid, who)
        self.render()
        b = self.given_buttons.get(sid)
        if b is not None:
            b.setFocus()

    def _family(self) -> None:
        """The family view lists only what was given to the person in front of the officer:
        with one person, at once; with more, the officer picks whom."""
        given: dict[str, list[str]] = {}
        session = self.session
        standing = [g for g in session.case().signposts if not g.withdrawn] \
            if session.kept else session.signposts_given()
        for g in standing:
            if g.signpost in self.content.signposts:
                ids = given.setdefault(g.given_to, [])
                if g.signpost not in ids:
                    ids.append(g.signpost)
        clear(self.family_box)
        if len(given) == 1:
            self.nav.open_family("signposts", next(iter(given.values())))
            return
        f, fl = frame("why", margins=12, spacing=8)
        if not given:
            fl.addWidget(label("Record what you gave first (\u201cGiven to\u2026\u201d on a "
                               "service): the family view then lists what that person was "
                               "given, and nothing else.", "lead"))
        else:
            fl.addWidget(label("Show the family view for:", "h3"))
            row = FlowLayout()
            for who, ids in given.items():
                b = button(who, lambda ids=ids: self.nav.open_family("signposts", ids),
                           "primary", name=f"Show what was given to {who}")
                b.setObjectName(f"familyFor-{who}")
                row.addWidget(b)
            fl.addLayout(row)
        self.family_box.addWidget(f)
        first = f.findChildren(QPushButton)
        if first:
            first[0].setFocus()

    def refresh(self) -> None:
        self.render()
