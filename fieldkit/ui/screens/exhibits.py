"""Exhibits and the handover: the exhibit log, adding and editing an exhibit (pre-filled from
the device-seizure answers), continuity, and the exports (note, plain text, family leaflet).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDateTime, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from fieldkit.content.answers import humanise
from fieldkit.diagnostics import FieldKitError
from fieldkit.ui.screens.base import Screen
from fieldkit.ui.screens.export_actions import ExportPanel
from fieldkit.ui.widgets.basic import button, clear, frame, label, uk_time

if TYPE_CHECKING:
    from fieldkit.content.model import Content
    from fieldkit.settings import Settings
    from fieldkit.ui.sessions import ScreenSession

COLUMNS = (("ref", "Ref"), ("kind", "Kind"), ("description", "Description"),
           ("found", "Found"), ("seized_at", "Seized"), ("seal", "Seal"),
           ("power", "Power"), ("locked", "Locked"), ("passcode_given", "Passcode"))
TEXT_FIELDS = (("ref", "Exhibit reference *"), ("description", "Description"),
               ("make_model", "Make and model"), ("serial", "IMEI or serial number"),
               ("found", "Where found"), ("seized_by", "Seized by"), ("seal", "Seal number"))
CHOICE_FIELDS = (("kind", "Kind", ("", "phone", "tablet", "laptop", "desktop", "storage",
                                   "console", "router", "smart-device", "other")),
                 ("power", "Power as found", ("", "on", "off", "unknown")),
                 ("locked", "Locked", ("", "yes", "no", "unknown")),
                 ("passcode_given", "Passcode given", ("", "yes", "no", "unknown")),
                 ("charger_seized", "Charger seized", ("", "yes", "no", "unknown")))
RANKS = {"pc", "dc", "ps", "ds", "sgt", "insp", "di", "dci", "pcso", "tdc", "ppc"}


def initials(name: str) -> str:
    parts = [p for p in name.replace(".", " ").split() if p.lower() not in RANKS]
    return "".join(p[0].upper() for p in parts if p[0].isalpha())[:3] or "EX"


def when(dt: datetime | None) -> str:
    return uk_time(dt)


class ExhibitsView(Screen):
    def __init__(self, session: ScreenSession, content: Content, settings: Settings):
        super().__init__()
        self.content, self.settings = content, settings
        self.session: ScreenSession = session  # opened only for a saved case
        self.title = "Exhibits and handover"
        self.editing: str | None = None  # exhibit id being edited; "" for a new one
        lay = self.scroll_column(1200)
        lay.addWidget(label("Exhibits and handover", "h1"))
        self.export = ExportPanel(self)
        lay.addWidget(self.export)

        lay.addWidget(label("Exhibit log", "h2"))
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("exhibitTable")
        self.table.setAccessibleName("Exhibit log")
        self.table.setHorizontalHeaderLabels([c[1] for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for n, (key, _t) in enumerate(COLUMNS):
            if key in ("description", "found"):
                head.setSectionResizeMode(n, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(200)
        self.table.itemSelectionChanged.connect(self._selected)
        self.table.itemActivated.connect(lambda _i: self.edit_selected())
        lay.addWidget(self.table)
        row = QHBoxLayout()
        add = button("Add exhibit", self.add_new, "primary",
                     name="Add an exhibit, pre-filled from the device answers")
        add.setObjectName("addExhibit")
        self.add_button = add
        row.addWidget(add)
        self.edit_button = button("Edit selected", self.edit_selected,
                                  name="Edit the selected exhibit")
        self.edit_button.setObjectName("editExhibit")
        row.addWidget(self.edit_button)
        self.withdraw_button = button("Withdraw selected\u2026", self.ask_withdraw,
                                      name="Withdraw the selected exhibit (entered in error)")
        self.withdraw_button.setObjectName("withdrawExhibit")
        row.addWidget(self.withdraw_button)
        row.addStretch(1)
        lay.addLayout(row)
        self.saved_notice = label("", "badge-ok")
        self.saved_notice.setObjectName("exhibitSaved")
        self.saved_notice.hide()
        lay.addWidget(self.saved_notice)

        self.form_box = QVBoxLayout()
        lay.addLayout(self.form_box)
        self.continuity_box = QVBoxLayout()
        lay.addLayout(self.continuity_box)
        lay.addStretch(1)
        self.refresh()

    # -- the table ---------------------------------------------------------------------------
    def exhibits(self) -> list[Any]:
        return list(self.session.case().exhibits)

    def refresh(self) -> None:
        exhibits = self.exhibits()
        self.table.setRowCount(len(exhibits))
        for r, ex in enumerate(exhibits):
            for c, (key, _t) in enumerate(COLUMNS):
                v = getattr(ex, key)
                text = when(v) if key == "seized_at" else (humanise(v) if key in (
                    "power", "locked", "passcode_given", "kind") and v else str(v or ""))
                if ex.withdrawn and key == "ref":
                    text = f"{text} (withdrawn)"
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, ex.id)
                if ex.withdrawn:  # kept in the log, struck through, with why
                    font = item.font()
                    font.setStrikeOut(True)
                    item.setFont(font)
                    item.setToolTip(f"Withdrawn {when(ex.withdrawn_at)}: {ex.withdrawn}")
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()
        self.edit_button.setEnabled(bool(exhibits))
        self.withdraw_button.setEnabled(any(not e.withdrawn for e in exhibits))
        self.export.refresh()
        self._selected()

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        item = self.table.item(rows[0].row(), 0)
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def _selected(self) -> None:
        clear(self.continuity_box)
        ex_id = self.selected_id()
        ex = next((e for e in self.exhibits() if e.id == ex_id), None)
        if ex is not None:
            self.continuity_box.addWidget(self._continuity(ex))

    # -- adding and editing ------------------------------------------------------------------
    def add_new(self) -> None:
        case = self.session.case()
        n = len(case.exhibits) + 1
        ref = f"{initials(case.officer.name)}/{n}"
        while any(e.ref == ref for e in case.exhibits):
            n += 1
            ref = f"{initials(case.officer.name)}/{n}"
        ex = self.session.new_exhibit(ref, seized_by=case.officer.name,
                                          seized_at=datetime.now(UTC))
        self._form(ex, "")

    def edit_selected(self) -> None:
        ex_id = self.selected_id()
        ex = next((e for e in self.exhibits() if e.id == ex_id), None)
        if ex is not None:
            self._form(ex, ex.id)

    def ask_withdraw(self) -> None:
        """Withdraw, not erase: the exhibit stays in the log and the note, struck through, and
        the audit log keeps the reason."""
        ex = next((e for e in self.exhibits() if e.id == self.selected_id()), None)
        if ex is None or ex.withdrawn:
            return
        clear(self.form_box)
        self.editing = None
        f, fl = frame("card", margins=20, spacing=10)
        fl.addWidget(label(f"Withdraw exhibit {ex.ref}", "h2"))
        fl.addWidget(label("Only for an exhibit entered in error. It stays in the log and the "
                           "handover note, struck through, with your reason.", "muted"))
        why = QLineEdit()
        why.setObjectName("withdrawReason")
        why.setAccessibleName(f"Why exhibit {ex.ref} is withdrawn")
        why.setPlaceholderText("Why, e.g. entered twice; belongs to another case")
        fl.addWidget(why)
        problem = label("", "avoid")
        problem.hide()
        fl.addWidget(problem)

        def confirm() -> None:
            try:
                self.session.withdraw_exhibit(ex.id, why.text())
            except FieldKitError as exc:
                problem.setText(str(exc))
                problem.show()
                return
            self.cancel()
            self.refresh()
            self.saved_notice.setText(f"\u2713 Withdrawn {ex.ref}")
            self.saved_notice.show()

        why.returnPressed.connect(confirm)
        self._form_end(fl, f, button("Withdraw exhibit", confirm, "primary",
                                     name=f"Withdraw exhibit {ex.ref}"), "confirmWithdraw",
                       "Cancel withdrawing the exhibit")
        why.setFocus()
        QTimer.singleShot(0, lambda: self.scroll.ensureWidgetVisible(f, 0, 0))

    def _form_end(self, fl: Any, f: QWidget, go: Any, go_name: str, cancel_name: str) -> None:
        """A form's last row (its action and Cancel), and the form shown."""
        row = QHBoxLayout()
        go.setObjectName(go_name)
        row.addWidget(go)
        row.addWidget(button("Cancel", self.cancel, name=cancel_name))
        row.addStretch(1)
        fl.addLayout(row)
        self.form_box.addWidget(f)

    def _form(self, ex: Any, ex_id: str) -> None:
        clear(self.form_box)
        self.editing = ex_id
        f, fl = frame("card", margins=20, spacing=10)
        fl.addWidget(label("New exhibit" if not ex_id else f"Edit exhibit {ex.ref}", "h2"))
        if not ex_id:
            filled = [text.lower() for key, text, _v in CHOICE_FIELDS if getattr(ex, key)]
            fl.addWidget(label(
                f"Filled in from the device answers in this case: {', '.join(filled)}. Check "
                "them against the device." if filled else "No device answers in this case "
                "yet: fill in kind, power and lock from the device itself.", "muted"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(24)
        left, right = QFormLayout(), QFormLayout()
        for form in (left, right):
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.fields: dict[str, Any] = {}
        for key, text in TEXT_FIELDS:
            e = QLineEdit(str(getattr(ex, key) or ""))
            e.setObjectName(f"ex-{key}")
            e.setAccessibleName(text)
            self.fields[key] = e
            left.addRow(label(text, "h3"), e)
        for key, text, values in CHOICE_FIELDS:
            box = QComboBox()
            box.setObjectName(f"ex-{key}")
            box.setAccessibleName(text)
            for v in values:
                box.addItem(humanise(v) if v else "Not recorded", v)
            current = getattr(ex, key) or ""
            if box.findData(current) < 0:
                box.addItem(str(current), current)
            box.setCurrentIndex(box.findData(current))
            self.fields[key] = box
            right.addRow(label(text, "h3"), box)
        dt = QDateTimeEdit()
        dt.setObjectName("ex-seized_at")
        dt.setAccessibleName("Time seized")
        dt.setDisplayFormat("d MMM yyyy HH:mm t")  # with the zone, as officers read times
        dt.setCalendarPopup(True)
        if ex.seized_at is not None:
            dt.setDateTime(QDateTime.fromSecsSinceEpoch(int(ex.seized_at.timestamp())))
        else:
            dt.setDateTime(QDateTime.currentDateTime())
        self.fields["seized_at"] = dt
        right.addRow(label("Time seized", "h3"), dt)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        fl.addLayout(grid)
        actions = QPlainTextEdit("\n".join(ex.actions))
        actions.setObjectName("ex-actions")
        actions.setAccessibleName("Actions taken, one per line")
        actions.setPlaceholderText("One per line, e.g. Flight mode at 23:04; Faraday bag")
        actions.setFixedHeight(90)
        self.fields["actions"] = actions
        fl.addWidget(label("Actions taken (one per line)", "h3"))
        fl.addWidget(actions)
        notes = QPlainTextEdit(ex.notes or "")
        notes.setObjectName("ex-notes")
        notes.setAccessibleName("Exhibit notes")
        notes.setFixedHeight(90)
        self.fields["notes"] = notes
        fl.addWidget(label("Notes", "h3"))
        fl.addWidget(notes)
        self.form_problem = label("", "avoid")
        self.form_problem.hide()
        fl.addWidget(self.form_problem)
        self._form_end(fl, f, button("Save exhibit", self.save, "primary",
                                     name="Save this exhibit"), "saveExhibit",
                       "Cancel editing the exhibit")
        self.saved_notice.hide()
        ref = self.fields["ref"]
        ref.setFocus()
        ref.selectAll()  # typing replaces the suggested reference rather than adding to it
        QTimer.singleShot(0, lambda: self.scroll.ensureWidgetVisible(f, 0, 0))

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, _t in TEXT_FIELDS:
            out[key] = self.fields[key].text().strip()
        for key, _t, _v in CHOICE_FIELDS:
            out[key] = self.fields[key].currentData() or ""
        secs = self.fields["seized_at"].dateTime().toSecsSinceEpoch()
        out["seized_at"] = datetime.fromtimestamp(secs, UTC)
        out["actions"] = [a.strip() for a in self.fields["actions"].toPlainText().splitlines()
                          if a.strip()]
        out["notes"] = self.fields["notes"].toPlainText()
        return out

    def save(self) -> None:
        from fieldkit.cases.model import Exhibit

        v = self.values()
        if not v["ref"]:
            self._problem("Give the exhibit a reference, e.g. SJ/1.")
            return
        try:
            if self.editing:
                self.session.update_exhibit(self.editing, **v)
            else:
                self.session.add_exhibit(Exhibit(**v))
        except FieldKitError as exc:
            self._problem(str(exc))
            return
        self.cancel()
        self.refresh()
        self.saved_notice.setText(f"\u2713 Saved {v['ref']}")
        self.saved_notice.setAccessibleName(f"Saved exhibit {v['ref']}")
        self.saved_notice.show()
        self.add_button.setFocus()

    def cancel(self) -> None:
        self.editing = None
        clear(self.form_box)

    def _problem(self, text: str) -> None:
        self.form_problem.setText(text)
        self.form_problem.show()

    # -- continuity --------------------------------------------------------------------------
    def _continuity(self, ex: Any) -> QWidget:
        from fieldkit.cases.model import Continuity

        f, fl = frame("card", margins=18, spacing=8)
        fl.addWidget(label(f"Continuity for {ex.ref}", "h2"))
        if not ex.continuity:
            fl.addWidget(label("No handovers recorded yet.", "muted"))
        for c in ex.continuity:
            why = f" ({c.why})" if c.why else ""
            fl.addWidget(label(f"{when(c.at)}: {c.from_} \u2192 {c.to}{why}"))
        row = QHBoxLayout()
        frm = QLineEdit(self.session.case().officer.name)
        frm.setAccessibleName("Handed over by")
        frm.setPlaceholderText("From")
        to = QLineEdit()
        to.setObjectName("cont-to")
        to.setAccessibleName("Handed over to")
        to.setPlaceholderText("To (name and number)")
        why = QLineEdit()
        why.setAccessibleName("Why")
        why.setPlaceholderText("Why, e.g. booked into property store")
        for w in (frm, to, why):
            row.addWidget(w, 1)

        def add() -> None:
            if not to.text().strip():
                to.setFocus()
                return
            try:
                self.session.add_continuity(ex.id, Continuity(
                    frm.text().strip(), to.text().strip(), datetime.now(UTC), why.text().strip()))
            except FieldKitError as exc:
                fl.addWidget(label(str(exc), "avoid"))
                return
            keep = ex.id
            self.refresh()
            self._select(keep)

        b = button("Add handover", add, name="Add a continuity entry")
        b.setObjectName("addContinuity")
        row.addWidget(b)
        fl.addLayout(row)
        return f

    def _select(self, ex_id: str) -> None:
        for r in range(self.table.rowCount()):
            item = self.table.item(r, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == ex_id:
                self.table.selectRow(r)
                return
