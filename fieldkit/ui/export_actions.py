"""The export buttons: handover note (PDF, JSON, text) to a folder, handover text to the
clipboard, and the family leaflet. Each export is recorded on the case.

`fieldkit.handover` (and reportlab behind it) is imported only when a button is pressed, so
start-up never pays for it. If the handover package is missing, the buttons say so plainly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QFrame, QHBoxLayout

from fieldkit.diagnostics import FieldKitError
from fieldkit.ui.desktop import documents_dir
from fieldkit.ui.widgets import button, frame, label

if TYPE_CHECKING:
    from fieldkit.ui.main_window import MainWindow

NOT_AVAILABLE = ("The handover note cannot be made in this version of FieldKit. Write your "
                 "handover from your notes.")


def _handover() -> Any:
    try:
        import fieldkit.handover as handover
    except ImportError:
        return None
    return handover


class ExportPanel(QFrame):
    """`choose_folder` is a plain attribute so tests can answer the folder question."""

    def __init__(self, win: MainWindow):
        super().__init__()
        self.win = win
        self.choose_folder: Callable[[str], str] = self._ask_folder
        f, fl = frame("card", margins=18, spacing=8)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(f)
        fl.addWidget(label("Handover", "h2"))
        self.summary = label("", "muted")
        fl.addWidget(self.summary)
        row = QHBoxLayout()
        self.note_button = button("Handover note (PDF, JSON, text)\u2026", self.export_note,
                                  "primary", name="Write the handover note to a folder")
        self.note_button.setObjectName("exportNote")
        self.text_button = button("Copy handover as text", self.copy_text,
                                  name="Copy the handover note as plain text")
        self.text_button.setObjectName("copyHandover")
        self.leaflet_button = button("Family leaflet\u2026", self.export_leaflet,
                                     name="Write the family leaflet of services given to a "
                                     "folder")
        self.leaflet_button.setObjectName("exportLeaflet")
        self.labels_button = button("Exhibit labels\u2026", self.export_labels,
                                    name="Write printable exhibit labels to a folder")
        self.labels_button.setObjectName("exportLabels")
        for b in (self.note_button, self.text_button, self.leaflet_button, self.labels_button):
            row.addWidget(b)
        row.addStretch(1)
        fl.addLayout(row)
        self.status = label("", "lead", selectable=True)
        self.status.setObjectName("exportStatus")
        self.status.hide()
        fl.addWidget(self.status)

    def refresh(self) -> None:
        case = self.win.session.case()
        n = len(case.exhibits)
        walked = len(case.walks)
        self.summary.setText(
            f"Case {case.reference}: {walked} guide{'s' if walked != 1 else ''} walked, "
            f"{n} exhibit{'s' if n != 1 else ''}, {len(case.signposts)} service"
            f"{'s' if len(case.signposts) != 1 else ''} given.")

    def say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setAccessibleName(text)
        self.status.show()

    def _ask_folder(self, title: str) -> str:
        start = self.win.settings.get("export_dir") or str(documents_dir())
        return QFileDialog.getExistingDirectory(self, title, start)

    # -- the three exports -------------------------------------------------------------------
    def export_note(self) -> None:
        handover = _handover()
        if handover is None or not hasattr(handover, "write_handover"):
            self.say(NOT_AVAILABLE)
            return
        folder = self.choose_folder("Choose a folder for the handover note")
        if not folder:
            return
        case, content = self.win.session.case(), self.win.content
        try:
            written = handover.write_handover(case, content, Path(folder))
        except (FieldKitError, OSError) as exc:
            self.say(f"The handover note was not written: {exc}")
            return
        self.win.settings.set("export_dir", folder)
        paths = _paths(written, Path(folder))
        for p in paths:
            self.win.session.record_export("handover", str(p), _sha256(p))
        self.say(f"Handover note written to {folder}: " + ", ".join(p.name for p in paths))

    def copy_text(self) -> None:
        handover = _handover()
        text = None
        if handover is not None:
            try:
                from fieldkit.handover.blocks import note_text

                text = note_text(handover.build_note(self.win.session.case(), self.win.content))
            except ImportError:
                text = None
        if text is None:
            self.say(NOT_AVAILABLE)
            return
        QGuiApplication.clipboard().setText(text)
        self.win.session.record_export("handover-text", "clipboard")
        self.say("The handover note is on the clipboard as plain text (handover.txt). Paste it "
                 "into your records system.")

    def export_leaflet(self) -> None:
        """One leaflet per person given services, so each lists only what they were given."""
        case = self.win.session.case()
        from fieldkit.handover.leaflet import recipients

        people = recipients(case)
        if len(people) <= 1:
            self._write_pdf("write_leaflet", "family-leaflet.pdf", "leaflet", "Family leaflet",
                            (case, self.win.content))
            return
        folder = self.choose_folder("Choose a folder for the family leaflets")
        if not folder:
            return
        from fieldkit.handover.write import write_leaflet

        written = []
        for n, person in enumerate(people, 1):  # numbered: a file name never names a person
            out = Path(folder) / f"family-leaflet-{n}.pdf"
            try:
                write_leaflet(case, self.win.content, out, given_to=person)
            except (FieldKitError, OSError) as exc:
                self.say(f"Family leaflet for {person} not written: {exc}")
                return
            self.win.session.record_export("leaflet", str(out), _sha256(out))
            written.append(f"{out.name} for {person}")
        self.win.settings.set("export_dir", folder)
        self.say(f"Family leaflets written to {folder}, one for each person: "
                 + ", ".join(written))

    def export_labels(self) -> None:
        self._write_pdf("write_labels", "exhibit-labels.pdf", "labels", "Exhibit labels",
                        (self.win.session.case(), self.win.content))

    def _write_pdf(self, fn: str, name: str, kind: str, what: str, args: tuple) -> None:
        handover = _handover()
        if handover is None or not hasattr(handover, fn):
            self.say(f"{what} cannot be made in this version of FieldKit.")
            return
        folder = self.choose_folder(f"Choose a folder for the {what.lower()}")
        if not folder:
            return
        try:
            written = Path(getattr(handover, fn)(*args, Path(folder) / name))
        except (FieldKitError, OSError) as exc:
            self.say(f"{what} not written: {exc}")
            return
        self.win.settings.set("export_dir", folder)
        self.win.session.record_export(kind, str(written), _sha256(written))
        self.say(f"{what} written: {written}")


def _sha256(path: Path) -> str:
    import hashlib

    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _paths(written: Any, folder: Path) -> list[Path]:
    """Whatever the writer returned (a path, a list or a mapping of paths) as a list."""
    if isinstance(written, (str, Path)):
        return [Path(written)]
    if isinstance(written, dict):
        return [Path(p) for p in written.values()]
    if isinstance(written, (list, tuple)):
        return [Path(p) for p in written]
    return sorted(folder.glob("handover*")) or [folder]
