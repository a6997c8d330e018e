"""The export buttons: handover note (PDF, JSON, text) to a folder, handover text to the
clipboard, and the family leaflet. Each export is recorded on the case.

`fieldkit.handover` (and reportlab behind it) is imported only when a button is pressed, so
start-up never pays for it. If the handover package is missing, the buttons say so plainly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QFrame, QHBoxLayout

from fieldkit.diagnostics import FieldKitError
from fieldkit.ui.desktop import documents_dir
from fieldkit.ui.widgets.basic import FlowLayout, button, frame, label

if TYPE_CHECKING:
    from fieldkit.content.model import Content
    from fieldkit.settings import Settings
    from fieldkit.ui.sessions import ScreenSession


class ExportSource(Protocol):
    """What the exports read: the open case's session, the content and the settings (the
    exhibits screen is one)."""

    session: ScreenSession
    content: Content
    settings: Settings


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

    def __init__(self, source: ExportSource):
        super().__init__()
        self.source = source
        self.choose_folder: Callable[[str], str] = self._ask_folder
        f, fl = frame("card", margins=18, spacing=8)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(f)
        fl.addWidget(label("Handover", "h2"))
        self.summary = label("", "muted")
        fl.addWidget(self.summary)
        row = FlowLayout()
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
        fl.addLayout(row)
        self.status = label("", "lead", selectable=True)
        self.status.setObjectName("exportStatus")
        self.status.hide()
        fl.addWidget(self.status)

    def refresh(self) -> None:
        case = self.source.session.case()
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
        start = self.source.settings.get("export_dir") or str(documents_dir())
        return QFileDialog.getExistingDirectory(self, title, start)

    # -- the three exports: thin callers of fieldkit.handover.export ------------------------
    def _record(self) -> Any:
        from fieldkit.handover.export import recorder

        record_export = getattr(self.source.session, "record_export", None)
        return recorder(record_export) if record_export is not None else None

    def _export(self, title: str, what: str, run: Callable[[Path, Any], Any]) -> None:
        if _handover() is None:
            self.say(NOT_AVAILABLE if what == "Handover note"
                     else f"{what} cannot be made in this version of FieldKit.")
            return
        folder = self.choose_folder(title)
        if not folder:
            return
        try:
            done = run(Path(folder), self._record())
        except (FieldKitError, OSError) as exc:
            self.say(f"{what} not written: {exc}")
            return
        except Exception as exc:  # never an uncaught error for the officer: say it plainly
            self.say(f"{what} not written: FieldKit could not make it ({type(exc).__name__}: "
                     f"{str(exc)[:200]}). Nothing was written; tell IT support.")
            return
        self.source.settings.set("export_dir", folder)
        self.say(f"{what} {done.summary()}")

    def export_note(self) -> None:
        from_case = self.source.session.case()

        def run(folder: Path, record: Any) -> Any:
            from fieldkit.handover.export import export_handover

            return export_handover(from_case, self.source.content, folder, record=record)

        self._export("Choose a folder for the handover note", "Handover note", run)

    def copy_text(self) -> None:
        handover = _handover()
        text = None
        if handover is not None:
            try:
                from fieldkit.handover.blocks import note_text

                case, content = self.source.session.case(), self.source.content
                text = note_text(handover.build_note(case, content))
            except ImportError:
                text = None
        if text is None:
            self.say(NOT_AVAILABLE)
            return
        QGuiApplication.clipboard().setText(text)
        self.source.session.record_export("handover-text", "clipboard")
        self.say("The handover note is on the clipboard as plain text (handover.txt). Paste it "
                 "into your records system.")

    def export_leaflet(self) -> None:
        """One leaflet per person given services, so each lists only what they were given."""
        case = self.source.session.case()

        def run(folder: Path, record: Any) -> Any:
            from fieldkit.handover.export import export_leaflets

            return export_leaflets(case, self.source.content, folder, each=True, record=record)

        self._export("Choose a folder for the family leaflets", "Family leaflet", run)

    def export_labels(self) -> None:
        case = self.source.session.case()

        def run(folder: Path, record: Any) -> Any:
            from fieldkit.handover.export import LABELS_NAME, export_labels

            return export_labels(case, self.source.content, folder / LABELS_NAME, record=record)

        self._export("Choose a folder for the exhibit labels", "Exhibit labels", run)


