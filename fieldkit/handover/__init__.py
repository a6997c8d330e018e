"""The handover note: one model built from a case and the content, rendered as PDF, JSON and
plain text. Also the exhibit labels and the family leaflet.

Importing this package is cheap: reportlab is imported only by the functions that draw PDFs.
"""

from fieldkit.handover.model import HandoverNote, build_note
from fieldkit.handover.write import write_handover, write_labels, write_leaflet

__all__ = ["HandoverNote", "build_note", "write_handover", "write_labels", "write_leaflet"]
