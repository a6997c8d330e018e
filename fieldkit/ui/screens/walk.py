"""Walking one guide: the question (or guidance, or outcome) beside the answers so far.

The view holds no state of its own about the route: after every action it asks the session's
walk for the path and the current step and redraws, so it can never disagree with the engine.
Back only navigates (it shows the earlier answer, which stays unless the officer changes it);
undoing an answer is its own labelled action, with a notice that offers Redo.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QVBoxLayout, QWidget

from fieldkit.content.answers import answer_text
from fieldkit.content.model import Content, Guide, Step
from fieldkit.diagnostics import FieldKitError
from fieldkit.guides.engine import Change, FactUse, Undone, WalkError
from fieldkit.ui.screens.base import Screen
from fieldkit.ui.screens.path_panel import PathPanel
from fieldkit.ui.widgets.answer_input import AnswerInput
from fieldkit.ui.widgets.basic import (
    FlowLayout,
    badges_for,
    banner,
    button,
    clear,
    frame,
    header_line,
    label,
    scroll_page,
    short,
    source_label,
)
from fieldkit.ui.widgets.unconfirmed import add_unconfirmed, trust_banners

if TYPE_CHECKING:
    from fieldkit.ui.navigator import Navigator
    from fieldkit.ui.sessions import ScreenSession


class WalkView(Screen):
    """`shown(step_id)` fires after each redraw (tests and the benchmark wait on it)."""

    shown = Signal(str)

    def __init__(self, nav: Navigator, session: ScreenSession, content: Content, guide_id: str):
        super().__init__()
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # takes keys 1-9; never a Tab stop
        self.setAccessibleName("Guide")
        self.nav, self.content = nav, content
        self.session: ScreenSession = session  # opened inside a case or quick look
        self.guide: Guide = content.guides[guide_id]
        self.title = self.guide.title
        self.input: AnswerInput | None = None
        self.changing: str = ""  # key (question step, or "fact:ID") of the answer shown to change
        self.last_change: Change | None = None
        self.last_undo: Undone | None = None

        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        outer.addWidget(split)

        area, body, lay = scroll_page(28)
        self.scroll = area
        body.setMaximumWidth(980)
        self._header(lay)
        self.notices = QVBoxLayout()
        self.notices.setSpacing(8)
        lay.addLayout(self.notices)
        self.page = QVBoxLayout()
        self.page.setSpacing(12)
        lay.addLayout(self.page)
        lay.addStretch(1)
        nav = QHBoxLayout()
        self.back_button = button("\u2190 Back", self.go_back, name="Back to the last question",
                                  tip="Alt+Left or Backspace: shows it; your answer stays")
        nav.addWidget(self.back_button)
        self.undo_button = button("\u21b6 Undo last answer", self.undo, name="Undo last answer",
                                  tip="Ctrl+Z: takes the last answer back (Redo puts it back)")
        self.undo_button.setObjectName("undoButton")
        nav.addWidget(self.undo_button)
        nav.addStretch(1)
        lay.addLayout(nav)
        self.remove_button = button("Remove this guide from the case", self.remove_walk, "link",
                                    name="Remove this guide from the case")
        self.remove_button.setObjectName("removeWalk")
        lay.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
        split.addWidget(area)

        self.path = PathPanel(content, self.guide, self.session.fact_origin)
        self.path.change_requested.connect(self.start_change)
        split.addWidget(self.path)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([900, 340])
        self.render()

    # -- drawing -----------------------------------------------------------------------------
    def _header(self, lay: QVBoxLayout) -> None:
        top = QHBoxLayout()
        t = label(self.guide.title, "h2")
        t.setObjectName("guideTitle")
        top.addWidget(t, 1)
        if self.session.kept:
            badge = label("Recorded on the case", "badge-case", wrap=False)
        else:
            badge = label("Quick look: not recorded", "badge-quick", wrap=False)
        badge.setObjectName("modeBadge")
        # Once the walk is under way the header folds (version line and banners give way to
        # small badges), so the question stays above the fold on a short screen.
        self.fold_badges = [label(text, role, wrap=False)
                            for text, role in badges_for(self.guide.header)]
        top.addWidget(badge, 0, Qt.AlignmentFlag.AlignTop)
        lay.addLayout(top)
        folded = FlowLayout(6)
        for b in self.fold_badges:
            folded.addWidget(b)
        lay.addLayout(folded)
        meta = QHBoxLayout()
        line = label(header_line(self.guide.header), "muted")
        line.setObjectName("guideVersion")
        meta.addWidget(line, 1)
        about = button("About this guide", self._toggle_about, "link",
                       name="About this guide: its summary and sources")
        about.setCheckable(True)
        meta.addWidget(about, 0, Qt.AlignmentFlag.AlignRight)
        lay.addLayout(meta)
        f, fl = frame("why", margins=14)
        if self.guide.header.summary:
            fl.addWidget(label(self.guide.header.summary, selectable=True))
        for s in self.guide.header.sources.values():
            bits = ", ".join(x for x in (s.publisher, str(s.year or ""), s.url) if x)
            fl.addWidget(label(f"\u2022 {s.title}" + (f" ({bits})" if bits else ""), "source",
                               selectable=True))
        f.hide()
        self.about = f
        lay.addWidget(f)
        self.folded = False
        self.header_details: list[QWidget] = [line]
        for b in trust_banners(self.guide.header):
            b.setObjectName("trustBanner")
            lay.addWidget(b)
            self.header_details.append(b)

    def _toggle_about(self) -> None:
        self.about.setVisible(not self.about.isVisible())
        self._fold_header(self.folded)

    def _fold_header(self, fold: bool) -> None:
        self.folded = fold
        for w in self.header_details:
            w.setVisible(not fold or self.about.isVisible())
        for b in self.fold_badges:
            b.setVisible(fold and not self.about.isVisible())

    def render(self) -> None:
        """Redraw from the walk: notices, the page for the current step, and the path."""
        clear(self.notices)
        clear(self.page)
        self.input = None
        walk = self.session.walk(self.guide.id)
        try:
            path, step = walk.route()
            uses = walk.uses()
        except WalkError as exc:
            self.notices.addWidget(banner(
                f"{exc} Tell the content owner; use your force's own guidance for now.",
                "banner-danger", "This guide cannot go on"))
            self.shown.emit("")
            return
        self._notices(uses)
        self._fold_header(any(e.kind == "question" for e in path))
        add_unconfirmed(self.page, self.guide.header, self.changing or step.id)
        if self.changing:
            self._change_page(self.changing)
        elif step.kind == "question":
            self._question_page(step, len([e for e in path if e.kind == "question"]) + 1)
        elif step.kind == "info":
            self._info_page(step)
        else:
            from fieldkit.ui.screens.outcome import OutcomeView

            if not walk.acted:
                self.page.addWidget(self._confirm_banner(uses))
            self.page.addWidget(OutcomeView(self.nav, self.session, self.content, self.guide,
                                            step))
        self.back_button.setEnabled(bool(uses) or self.nav.can_go_back())
        self.undo_button.setEnabled(walk.can_undo())
        self.path.show_path(path, step, self.changing, uses)
        self.scroll.verticalScrollBar().setValue(0)
        self.shown.emit(step.id)

    def _notices(self, uses: list[FactUse]) -> None:
        if self.last_undo is not None and not self.changing:
            self.notices.addWidget(self._undo_notice(self.last_undo))
        reused = [u for u in uses if not u.answered]
        if reused and not self.changing:
            n = len(reused)
            text = (f"{n} answer{' was' if n == 1 else 's were'} reused from earlier in this "
                    "case, so you were not asked again")
            if n <= 3:
                facts = self.content.facts
                text += ": " + "; ".join(
                    f"{short(self._ask(u.fact), 60)} \u2192 "
                    f"{answer_text(facts.get(u.fact), u.value, self._question(u.fact))}"
                    for u in reused)
            text += ". They are marked \u201cReused\u201d in Your answers: click one to change it."
            b = banner(text, "banner-info")
            b.setObjectName("reuseNotice")
            self.notices.addWidget(b)
        if self.last_change is not None and not self.changing:
            self.notices.addWidget(self._change_notice(self.last_change))

    def _change_notice(self, ch: Change) -> QWidget:
        facts = self.content.facts
        by_fact = {s.fact: s for s in self.guide.steps.values() if s.kind == "question"}
        step = by_fact.get(ch.fact)
        fact = facts.get(ch.fact)
        outcomes = {s.outcome: s.title for s in self.guide.outcomes()}
        lines = [f"\u201c{step.ask if step else ch.fact}\u201d: "
                 f"{answer_text(fact, ch.old, step)} \u2192 {answer_text(fact, ch.new, step)}."]
        before = outcomes.get(ch.outcome_before or "", "")
        after = outcomes.get(ch.outcome_after or "", "")
        changed_outcome = ch.outcome_before != ch.outcome_after
        if changed_outcome:
            lines.append(f"Outcome was: {before or 'not reached yet'}.")
            lines.append(f"Outcome now: {after or 'not reached yet: answer the question below'}.")
        elif after:
            lines.append(f"The outcome is still \u201c{after}\u201d.")
        gone = []
        for f_id, v in ch.dropped.items():
            s = by_fact.get(f_id)
            gone.append(f"\u2022 {short(s.ask, 90) if s else f_id} "
                        f"({answer_text(facts.get(f_id), v, s)})")
        if gone:
            lines.append(f"No longer needed, so removed ({len(gone)}):")
            lines += gone[:5]
            if len(gone) > 5:
                lines.append(f"\u2022 and {len(gone) - 5} more")
        f, fl = frame("banner-warn" if changed_outcome else "banner-info", margins=12, spacing=2)
        head = QHBoxLayout()
        head.addWidget(label("Answer changed" + (": the outcome changed" if changed_outcome
                                                 else ""), "h3"), 1)
        ok = button("Dismiss", self._dismiss_change, name="Dismiss the change summary")
        head.addWidget(ok, 0, Qt.AlignmentFlag.AlignTop)
        fl.addLayout(head)
        for ln in lines:
            fl.addWidget(label(ln))
        f.setObjectName("changeNotice")
        f.setAccessibleName(" ".join(lines))
        return f

    def _question(self, fact_id: str) -> Step | None:
        return next((s for s in self.guide.steps.values()
                     if s.kind == "question" and s.fact == fact_id), None)

    def _ask(self, fact_id: str) -> str:
        step = self._question(fact_id)
        fact = self.content.facts.get(fact_id)
        return step.ask if step else (fact.label if fact else fact_id)

    def _undo_notice(self, u: Undone) -> QWidget:
        if u.kind == "answer":
            fact = self.content.facts.get(u.key)
            text = (f"Answer undone: \u201c{self._ask(u.key)}\u201d was "
                    f"{answer_text(fact, u.value, self._question(u.key))}.")
        else:
            text = "Undone: the guidance is shown again."
        f, fl = frame("banner-info", margins=12, spacing=2)
        row = QHBoxLayout()
        row.addWidget(label(text), 1)
        redo = button("Redo", self.redo, name="Redo: put the answer back", tip="Ctrl+Shift+Z")
        redo.setObjectName("redoButton")
        redo.setEnabled(self.session.walk(self.guide.id).can_redo())
        row.addWidget(redo, 0, Qt.AlignmentFlag.AlignTop)
        fl.addLayout(row)
        f.setObjectName("undoNotice")
        f.setAccessibleName(text + " Redo")
        return f

    def _confirm_banner(self, uses: list[FactUse]) -> QWidget:
        """An outcome shown only from answers given elsewhere: the officer takes it, or not."""
        facts = self.content.facts
        known = "; ".join(f"{short(self._ask(u.fact), 60)} \u2192 "
                          f"{answer_text(facts.get(u.fact), u.value, self._question(u.fact))}"
                          for u in uses if u.decided) or "answers given earlier in this case"
        f, fl = frame("banner-warn", margins=12, spacing=6)
        fl.addWidget(label("This outcome comes from answers given elsewhere in this case "
                           f"({known}). It goes into the handover note only if you use them.",
                           "h3"))
        row = QHBoxLayout()
        use = button("Use these answers", self.confirm, "primary",
                     name="Use these answers: this outcome goes into the case")
        use.setObjectName("confirmOutcome")
        row.addWidget(use)
        row.addWidget(button("Remove this guide from the case", self.remove_walk,
                             name="Remove this guide from the case"))
        row.addStretch(1)
        fl.addLayout(row)
        f.setObjectName("confirmBanner")
        return f

    def _dismiss_change(self) -> None:
        self.last_change = None
        self.render()

    def _question_page(self, step: Step, number: int) -> None:
        fact = self.content.facts[step.fact]
        kicker = f"QUESTION {number}" + (" \u00b7 FOR THE RECORD" if step.record_only else "")
        self.page.addWidget(label(kicker, "kicker"))
        q = label(step.ask, "question", selectable=False)
        q.setObjectName("questionText")
        self.page.addWidget(q)
        if step.help:
            self.page.addWidget(label(step.help, "lead"))
        if step.record_only:
            note = label("Your answer goes into the case and the handover note; it does not "
                         "change what to do next.", "muted")
            note.setObjectName("recordNote")
            self.page.addWidget(note)
        self._why(step)
        self.input = AnswerInput(step, fact)
        self.input.answered.connect(self._answered)
        self.page.addWidget(self.input)
        if fact.type in ("yesno", "yesnounknown", "choice"):
            self.page.addWidget(label("Press a number key to answer, Backspace to go back.",
                                      "muted"))
        QTimer.singleShot(0, self._focus_input)

    def _why(self, step: Step) -> None:
        src = source_label(step.cite, self.guide.header.sources)
        if not step.why and src is None:
            return
        toggle = button("Why am I asked this?", role="link",
                        name="Why am I asked this? Shows the reason and the sources")
        toggle.setCheckable(True)
        f, fl = frame("why", margins=12)
        if step.why:
            fl.addWidget(label(step.why, "lead", selectable=True))
        if src is not None:
            fl.addWidget(src)
        f.setObjectName("whyPanel")
        f.setVisible(False)
        toggle.toggled.connect(f.setVisible)
        toggle.setObjectName("whyButton")
        self.page.addWidget(toggle, 0, Qt.AlignmentFlag.AlignLeft)
        self.page.addWidget(f)

    def _info_page(self, step: Step) -> None:
        self.page.addWidget(label("READ THIS FIRST", "kicker"))
        f, fl = frame("card", margins=18)
        text = label(step.show, "question", selectable=True)
        text.setObjectName("infoText")
        fl.addWidget(text)
        src = source_label(step.cite, self.guide.header.sources)
        if src is not None:
            fl.addWidget(src)
        self.page.addWidget(f)
        go = button("Continue", self._acknowledge, "primary", name="Continue: I have read this",
                    tip="Enter")
        go.setAutoDefault(True)
        go.setObjectName("continueButton")
        self.page.addWidget(go, 0, Qt.AlignmentFlag.AlignLeft)
        self.continue_button = go
        QTimer.singleShot(0, lambda: go.setFocus() if go.isVisible() else None)

    def _change_step(self, key: str) -> Step:
        """The question behind a key: the guide's own, or one made from the fact's label for a
        fact this guide only tests (carried from another guide or given with the case)."""
        if not key.startswith("fact:"):
            return self.guide.steps[key]
        fid = key[5:]
        fact = self.content.facts[fid]
        return Step(id=key, kind="question", where=self.guide.steps[self.guide.start].where,
                    ask=fact.label, fact=fid)

    def _change_page(self, key: str) -> None:
        step = self._change_step(key)
        walk = self.session.walk(self.guide.id)
        fact = self.content.facts[step.fact]
        current = walk.facts.get(step.fact)
        self.page.addWidget(label("CHANGE AN EARLIER ANSWER", "kicker"))
        self.page.addWidget(label(step.ask, "question"))
        self.page.addWidget(label(f"Current answer: {answer_text(fact, current, step)}. "
                                  "It stays as it is unless you choose another. Answers after "
                                  "it may no longer be needed; you will see what changed.",
                                  "muted"))
        self._why(step)
        self.input = AnswerInput(step, fact, current, submit_text="Change answer")
        self.input.answered.connect(self._changed)
        self.page.addWidget(self.input)
        cancel = button("Keep this answer and carry on", self.cancel_change,
                        name="Keep this answer and carry on", tip="Esc")
        cancel.setObjectName("cancelChange")
        self.page.addWidget(cancel, 0, Qt.AlignmentFlag.AlignLeft)
        QTimer.singleShot(0, self._focus_input)

    def _focus_input(self) -> None:
        """Number, text and date answers get the focus; for choices the view takes it, so
        keys 1-9 work without a focus ring sitting on one answer as if it were suggested."""
        if self.input is None or not self.input.isVisible():
            return
        if self.input.buttons or self.input.boxes:
            self.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.input.focus_first()

    # -- actions -----------------------------------------------------------------------------
    def _answered(self, value: Any) -> None:
        try:
            self.session.answer(self.guide.id, value)
        except WalkError as exc:
            if self.input is not None:
                self.input.say_problem(str(exc))
            return
        except FieldKitError as exc:  # the store could not write: say so, show what is saved
            self._not_saved(exc)
            return
        self.last_change = self.last_undo = None
        self.render()

    def _not_saved(self, exc: Exception) -> None:
        self.nav.report_problem(f"Not saved: {exc}")
        self.render()

    def _acknowledge(self) -> None:
        try:
            self.session.acknowledge(self.guide.id)
        except FieldKitError as exc:
            self._not_saved(exc)
            return
        self.last_change = self.last_undo = None
        self.render()

    def start_change(self, key: str) -> None:
        self.changing = key
        self.render()

    def cancel_change(self) -> None:
        self.changing = ""
        self.render()

    def _changed(self, value: Any) -> None:
        step = self._change_step(self.changing)
        walk = self.session.walk(self.guide.id)
        try:
            if walk.read_answer(step.fact, value, step) == walk.facts.get(step.fact):
                self.changing = ""
                self.render()
                return
            self.last_change = self.session.change(self.guide.id, step.fact, value)
            self.last_undo = None
        except WalkError as exc:
            if self.input is not None:
                self.input.say_problem(str(exc))
            return
        except FieldKitError as exc:
            self.changing = ""
            self._not_saved(exc)
            return
        self.changing = ""
        self.render()

    def _answer_keys(self) -> list[str]:
        """The answers on the route, in order, as the path panel keys them."""
        return [self.path.key_for(u) for u in self.session.walk(self.guide.id).uses()]

    def go_back(self) -> bool:
        """Show the answer before the one on screen; no answer changes. False at the first
        one (the window goes back a screen)."""
        keys = self._answer_keys()
        at = keys.index(self.changing) if self.changing in keys else len(keys)
        if at == 0:
            if self.changing:
                self.cancel_change()
            return False
        self.start_change(keys[at - 1])
        return True

    def undo(self) -> None:
        """Take back the last answer (or page read) in this guide, with a Redo notice."""
        try:
            undone = self.session.undo(self.guide.id)
        except FieldKitError as exc:
            self._not_saved(exc)
            return
        if undone is not None:
            self.changing = ""
            self.last_change, self.last_undo = None, undone
        self.render()

    def redo(self) -> None:
        try:
            self.session.redo(self.guide.id)
        except FieldKitError as exc:
            self._not_saved(exc)
            return
        self.last_undo = None
        self.render()

    def confirm(self) -> None:
        try:
            self.session.confirm(self.guide.id)
        except FieldKitError as exc:
            self._not_saved(exc)
            return
        self.render()

    def remove_walk(self) -> None:
        """Take this guide off the case (audited) and go home; opening it again starts afresh."""
        try:
            self.session.remove_walk(self.guide.id)
        except FieldKitError as exc:
            self._not_saved(exc)
            return
        self.nav.show_home()
        self.nav.forget_screen(f"walk:{self.guide.id}")

    def refresh(self) -> None:
        """Facts may have changed in another guide of the case since this view was drawn."""
        self.render()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key == Qt.Key.Key_Backspace and mods == Qt.KeyboardModifier.NoModifier:
            self.go_back()
            return
        if key == Qt.Key.Key_Escape and self.changing:
            self.cancel_change()
            return
        if key == Qt.Key.Key_Z and mods == Qt.KeyboardModifier.ControlModifier:
            self.undo()
            return
        if (key == Qt.Key.Key_Z and mods == (Qt.KeyboardModifier.ControlModifier
                                             | Qt.KeyboardModifier.ShiftModifier)) or \
                (key == Qt.Key.Key_Y and mods == Qt.KeyboardModifier.ControlModifier):
            self.redo()
            return
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9 and mods == Qt.KeyboardModifier.NoModifier \
                and self.input is not None and self.input.press_number(key - Qt.Key.Key_0):
            return
        super().keyPressEvent(event)
