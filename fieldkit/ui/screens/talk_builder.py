"""The talk builder screen: pick a talk and a length, shape the sections, add local services,
export the talk pack PDF.

All the rules live in fieldkit.talks (plain Python, tested without Qt); this widget only shows
a TalkPlan and forwards clicks to it, so the screen and `fieldkit talk build` can never
disagree about timings or content.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.content.model import Content
from fieldkit.talks import TalkError, TalkPlan, is_local, talks_in_order
from fieldkit.ui.desktop import documents_dir
from fieldkit.ui.screens.base import Screen
from fieldkit.ui.widgets.basic import button, clear, frame, label, scroll_area
from fieldkit.ui.widgets.unconfirmed import trust_banners

AUDIENCE_NAMES = {"pupils": "Pupils", "parents": "Parents and carers", "staff": "School staff"}


def talk_choice_text(content: Content, talk_id: str) -> str:
    """How a talk is named in the picker: who it is for first, since that is what one looks for."""
    t = content.talks[talk_id]
    who = AUDIENCE_NAMES.get(t.audience, t.audience.capitalize())
    if t.age_min is not None and t.age_max is not None:
        who += f" {t.age_min} to {t.age_max}"
    return f"{who}: {t.header.title}"


class TalkBuilder(Screen):
    """Build a talk pack. `exported(path)` fires after a PDF is written."""

    exported = Signal(str)

    def __init__(self, content: Content, talk_id: str | None = None,
                 export_dir: Path | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = "Build a talk"
        self.content = content
        self.export_dir = export_dir or documents_dir()
        self.plan: TalkPlan | None = None
        self._filling = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        area = scroll_area()
        body = QWidget()
        body.setMaximumWidth(1000)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(28, 28, 28, 28)
        lay.setSpacing(14)
        area.setWidget(body)
        outer.addWidget(area)

        lay.addWidget(label("Build a talk", "h1"))
        lay.addWidget(label("Choose who the talk is for and how long you have. Tick the sections "
                            "to give and put them in order; add your local services. The PDF "
                            "has speaker notes, a one-page handout and a signposting card.",
                            "muted"))

        pick = QHBoxLayout()
        pick.setSpacing(12)
        self.talk_box = QComboBox()
        self.talk_box.setAccessibleName("Talk")
        for t in talks_in_order(content):
            self.talk_box.addItem(talk_choice_text(content, t.id), t.id)
        self.length_box = QComboBox()
        self.length_box.setAccessibleName("Length in minutes")
        pick.addWidget(label("Talk", "h3", wrap=False))
        pick.addWidget(self.talk_box, 1)
        pick.addWidget(label("Length", "h3", wrap=False))
        pick.addWidget(self.length_box)
        lay.addLayout(pick)

        self.banners = QVBoxLayout()
        self.banners.setSpacing(8)
        lay.addLayout(self.banners)
        self.aim = label("", "lead")
        lay.addWidget(self.aim)

        # Sections: tick to give, move to reorder.
        sec_frame, sec_lay = frame("card", margins=16)
        sec_lay.addWidget(label("Sections", "h2"))
        row = QHBoxLayout()
        self.section_list = QListWidget()
        self.section_list.setAccessibleName("Sections")
        self.section_list.setMinimumHeight(380)
        row.addWidget(self.section_list, 1)
        side = QVBoxLayout()
        self.up_button = button("Move up", self.move_up, name="Move section up")
        self.down_button = button("Move down", self.move_down, name="Move section down")
        self.reset_button = button("Reset", self.reset, name="Reset sections",
                                   tip="Back to the sections and order for this length")
        for b in (self.up_button, self.down_button, self.reset_button):
            side.addWidget(b)
        side.addStretch(1)
        row.addLayout(side)
        sec_lay.addLayout(row)
        self.timing = label("", "lead")
        self.timing.setAccessibleName("Running time")
        sec_lay.addWidget(self.timing)
        lay.addWidget(sec_frame)

        # Services for the signposting card.
        sp_frame, sp_lay = frame("card", margins=16)
        sp_lay.addWidget(label("Services on the card", "h2"))
        sp_lay.addWidget(label("The talk's own services are always included. Add your force's "
                               "local services (signposts/local.yaml) or any other.", "muted"))
        self.service_list = QListWidget()
        self.service_list.setAccessibleName("Services on the card")
        self.service_list.setMinimumHeight(140)
        sp_lay.addWidget(self.service_list)
        add_row = QHBoxLayout()
        self.service_box = QComboBox()
        self.service_box.setAccessibleName("Service to add")
        add_row.addWidget(self.service_box, 1)
        self.add_service_button = button("Add service", self.add_service)
        self.remove_service_button = button("Remove service", self.remove_service)
        add_row.addWidget(self.add_service_button)
        add_row.addWidget(self.remove_service_button)
        sp_lay.addLayout(add_row)
        lay.addWidget(sp_frame)

        out_row = QHBoxLayout()
        self.export_button = button("Export PDF\u2026", self.choose_and_export, role="primary",
                                    name="Export PDF")
        out_row.addWidget(self.export_button)
        self.status = label("", "muted")
        self.status.setAccessibleName("Export status")
        out_row.addWidget(self.status, 1)
        lay.addLayout(out_row)
        lay.addStretch(1)

        self.talk_box.currentIndexChanged.connect(lambda _i: self._talk_chosen())
        self.length_box.currentIndexChanged.connect(lambda _i: self._length_chosen())
        self.section_list.itemChanged.connect(self._section_ticked)
        self.section_list.currentRowChanged.connect(lambda _r: self._update_buttons())
        self.service_list.currentRowChanged.connect(lambda _r: self._update_buttons())

        if talk_id is not None:
            i = self.talk_box.findData(talk_id)
            if i < 0:
                raise TalkError(f"no talk '{talk_id}'")
            self.talk_box.setCurrentIndex(i)
        self._talk_chosen()

    # --- choices ---------------------------------------------------------------------------

    def _talk_chosen(self) -> None:
        talk_id = self.talk_box.currentData()
        if talk_id is None:
            self.plan = None
            self.aim.setText("No talks are loaded.")
            self._update_buttons()
            return
        self.plan = TalkPlan.create(self.content, talk_id)
        self._filling = True
        self.length_box.clear()
        lengths = sorted(set(self.plan.talk.durations) | {self.plan.minutes})
        for n in lengths:
            self.length_box.addItem(f"{n} minutes", n)
        self.length_box.setCurrentIndex(self.length_box.findData(self.plan.minutes))
        self._filling = False
        clear(self.banners)
        for b in trust_banners(self.plan.talk.header):
            self.banners.addWidget(b)
        self.aim.setText(self.plan.talk.aim)
        self.status.setText("")
        self._fill_sections()
        self._fill_services()

    def _length_chosen(self) -> None:
        if self._filling or self.plan is None:
            return
        minutes = self.length_box.currentData()
        if minutes is not None:
            self.plan.set_length(int(minutes))
            self._fill_sections()

    def set_talk(self, talk_id: str) -> None:
        """Choose a talk from outside (e.g. the talk reading view's "Build this talk")."""
        i = self.talk_box.findData(talk_id)
        if i < 0:
            raise TalkError(f"no talk '{talk_id}'")
        self.talk_box.setCurrentIndex(i)

    def set_length(self, minutes: int) -> None:
        i = self.length_box.findData(minutes)
        if i < 0:
            offered = ", ".join(self.length_box.itemText(j)
                                for j in range(self.length_box.count()))
            raise TalkError(f"this talk is offered at {offered}, not {minutes} minutes")
        self.length_box.setCurrentIndex(i)

    # --- sections --------------------------------------------------------------------------

    def _fill_sections(self, keep: str | None = None) -> None:
        plan = self.plan
        self._filling = True
        self.section_list.clear()
        if plan is not None:
            start = 0
            for sec in plan.all_sections():
                picked = plan.is_picked(sec.id)
                when = f"{start}\u2013{start + sec.minutes} min" if picked else "left out"
                item = QListWidgetItem(f"{sec.title}  ({sec.minutes} min \u00b7 {when})")
                item.setData(Qt.ItemDataRole.UserRole, sec.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if picked else Qt.CheckState.Unchecked)
                self.section_list.addItem(item)
                if picked:
                    start += sec.minutes
                if sec.id == keep:
                    self.section_list.setCurrentItem(item)
        self._filling = False
        self._update_timing()
        self._update_buttons()

    def _section_ticked(self, item: QListWidgetItem) -> None:
        if self._filling or self.plan is None:
            return
        sid = item.data(Qt.ItemDataRole.UserRole)
        self.plan.set_picked(sid, item.checkState() == Qt.CheckState.Checked)
        self._fill_sections(keep=sid)

    def current_section(self) -> str | None:
        item = self.section_list.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def select_section(self, section_id: str) -> None:
        for i in range(self.section_list.count()):
            if self.section_list.item(i).data(Qt.ItemDataRole.UserRole) == section_id:
                self.section_list.setCurrentRow(i)
                return
        raise TalkError(f"no section '{section_id}' in this talk")

    def set_section_picked(self, section_id: str, picked: bool) -> None:
        """Tick or untick a section, as a click on its checkbox would."""
        for i in range(self.section_list.count()):
            item = self.section_list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == section_id:
                item.setCheckState(Qt.CheckState.Checked if picked else Qt.CheckState.Unchecked)
                return
        raise TalkError(f"no section '{section_id}' in this talk")

    def move_up(self) -> None:
        self._move(-1)

    def move_down(self) -> None:
        self._move(1)

    def _move(self, steps: int) -> None:
        sid = self.current_section()
        if self.plan is None or sid is None:
            return
        self.plan.move(sid, steps)
        self._fill_sections(keep=sid)

    def reset(self) -> None:
        if self.plan is not None:
            self.plan.reset()
            self._fill_sections()

    def _update_timing(self) -> None:
        if self.plan is None:
            self.timing.setText("")
            return
        text = self.plan.timing_text()
        if not self.plan.fits:  # a warning, in the warning colours, not just different words
            text = f"\u26a0 Over time. {text}"
        self.timing.setText(text)
        self.timing.setAccessibleName(text)
        self.timing.setProperty("role", "lead" if self.plan.fits else "over-time")
        self.timing.style().unpolish(self.timing)
        self.timing.style().polish(self.timing)

    # --- services --------------------------------------------------------------------------

    def _fill_services(self) -> None:
        self.service_list.clear()
        self.service_box.clear()
        plan = self.plan
        if plan is None:
            return
        own = set(plan.talk.signposts)
        for sp in plan.signposts():
            tag = "local" if is_local(sp) else ("this talk" if sp.id in own else "added")
            item = QListWidgetItem(f"{sp.name}  ({tag})")
            item.setData(Qt.ItemDataRole.UserRole, sp.id)
            self.service_list.addItem(item)
        for sp in plan.addable_signposts():
            prefix = "Local: " if is_local(sp) else ""
            self.service_box.addItem(f"{prefix}{sp.name}", sp.id)
        self._update_buttons()

    def add_service(self, signpost_id: str | None = None) -> None:
        """Add the service chosen in the picker (or the one named) to the card."""
        sid = signpost_id or self.service_box.currentData()
        if self.plan is None or not sid:
            return
        self.plan.add_signpost(sid)
        self._fill_services()

    def remove_service(self) -> None:
        item = self.service_list.currentItem()
        if self.plan is None or item is None:
            return
        self.plan.remove_signpost(item.data(Qt.ItemDataRole.UserRole))
        self._fill_services()

    # --- export ----------------------------------------------------------------------------

    def choose_and_export(self) -> None:
        if self.plan is None:
            return
        suggested = self.export_dir / f"talk-{self.plan.talk.id}-{self.plan.minutes}min.pdf"
        path, _ = QFileDialog.getSaveFileName(self, "Save the talk pack", str(suggested),
                                              "PDF files (*.pdf)")
        if path:
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
            self.export_to(Path(path))

    def export_to(self, path: Path) -> Path | None:
        """Write the PDF; say what happened in the status line rather than in a pop-up."""
        if self.plan is None:
            return None
        if not self.plan.sections():
            self._say("Tick at least one section before exporting.", error=True)
            return None
        from fieldkit.talks.pdf import export_pdf

        try:
            written = export_pdf(self.plan, path)
        except TalkError as exc:
            self._say(str(exc), error=True)
            return None
        self.export_dir = written.parent
        note = "" if self.plan.fits else f" Note: {self.plan.timing_text()}"
        self._say(f"Saved {written.name} in {written.parent}.{note}")
        self.exported.emit(str(written))
        return written

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setAccessibleName(text)
        self.status.setProperty("role", "dont" if error else "muted")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)

    # --- state of the buttons --------------------------------------------------------------

    def _update_buttons(self) -> None:
        has_plan = self.plan is not None
        row = self.section_list.currentRow()
        self.up_button.setEnabled(has_plan and row > 0)
        self.down_button.setEnabled(has_plan and 0 <= row < self.section_list.count() - 1)
        self.reset_button.setEnabled(has_plan)
        self.add_service_button.setEnabled(has_plan and self.service_box.count() > 0)
        item = self.service_list.currentItem()
        removable = (has_plan and item is not None and self.plan is not None
                     and item.data(Qt.ItemDataRole.UserRole) in self.plan.extra_signposts)
        self.remove_service_button.setEnabled(bool(removable))
        self.export_button.setEnabled(has_plan)

    def refresh(self) -> None:
        """Called by the main window when the screen is shown again: keep the officer's plan."""
        self._update_buttons()


__all__ = ["TalkBuilder", "talk_choice_text"]
