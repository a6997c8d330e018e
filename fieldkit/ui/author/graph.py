"""The guide tree drawn with Qt from the same layout the SVG and PDF use.

Click a step to select it; double-click to walk the guide from there. The walk's route and
current step are outlined, so the author sees where the facts lead.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsView,
)

from fieldkit.authoring import graph as g
from fieldkit.authoring.render_svg import BACK_EDGE, BADGE_COLOURS, DEFAULT_EDGE, EDGE
from fieldkit.authoring.textfit import text_width

ROUTE = "#e08a00"


def _font(size: float, bold: bool = False) -> QFont:
    f = QFont("Helvetica")
    f.setStyleHint(QFont.StyleHint.SansSerif)
    f.setPixelSize(max(1, round(size)))
    f.setBold(bold)
    return f


class GuideGraphView(QGraphicsView):
    """`step_clicked(id)` on a click, `step_activated(id)` on a double-click."""

    step_clicked = Signal(str)
    step_activated = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("author-graph")
        self.setAccessibleName("Guide tree")
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setBackgroundBrush(QBrush(QColor("#ffffff")))
        self.layout_data: g.GuideLayout | None = None
        self.boxes: dict[str, QGraphicsPathItem] = {}

    def show_layout(self, layout: g.GuideLayout | None) -> None:
        scene = self.scene()
        scene.clear()
        self.boxes = {}
        self.layout_data = layout
        if layout is None:
            return
        scene.setSceneRect(QRectF(0, 0, layout.width, layout.height))
        self._text(24, 26, layout.title, 15, bold=True)
        self._text(24, 43, g.meta_line(layout), 10, "#5d6d7e")
        if layout.problems:
            self._text(24 + text_width(g.meta_line(layout), 10) / g.FIT + 16, 43,
                       g.problems_line(layout), 10, g.PROBLEM_COLOUR, bold=True)
        for x, code, fill, stroke in g.legend_items(layout):
            r = scene.addRect(QRectF(24 + x, g.LEGEND_Y, 16, 12), QPen(QColor(stroke), 1.5),
                              QBrush(QColor(fill)))
            r.setZValue(1)
            self._text(24 + x + 22, g.LEGEND_Y + 10, code, 9)
        for arrow in layout.arrows:
            self._arrow(arrow)
        for box in layout.boxes:
            self._box(box)

    def _text(self, x: float, baseline: float, text: str, size: float,
              colour: str = "#1c2833", bold: bool = False, centre: bool = False,
              z: float = 3) -> QGraphicsItem:
        item = self.scene().addSimpleText(text, _font(size, bold))
        item.setBrush(QBrush(QColor(colour)))
        w = item.boundingRect().width()
        ascent = item.boundingRect().height() * 0.78
        item.setPos(x - (w / 2 if centre else 0), baseline - ascent)
        item.setZValue(z)
        return item

    def _arrow(self, arrow: g.Arrow) -> None:
        if not arrow.curves:
            return
        colour = QColor(BACK_EDGE if arrow.back else DEFAULT_EDGE if arrow.default else EDGE)
        path = QPainterPath(QPointF(*arrow.curves[0][0]))
        for _, c1, c2, end in arrow.curves:
            path.cubicTo(QPointF(*c1), QPointF(*c2), QPointF(*end))
        pen = QPen(colour, 1.3)
        if arrow.back:
            pen.setStyle(Qt.PenStyle.DashLine)
        self.scene().addPath(path, pen).setZValue(0)
        head = QPolygonF([QPointF(*p) for p in g.arrow_head(arrow.curves[-1])])
        self.scene().addPolygon(head, QPen(Qt.PenStyle.NoPen), QBrush(colour)).setZValue(0)
        if arrow.label and arrow.label_box:
            x, y, w, h = arrow.label_box
            rect = QPainterPath()
            rect.addRoundedRect(QRectF(x, y, w, h), 3, 3)
            self.scene().addPath(rect, QPen(QColor("#d5d8dc"), 0.8),
                                 QBrush(QColor("#ffffff"))).setZValue(1)
            for i, line in enumerate(arrow.label):
                self._text(x + w / 2, y + 3 + (i + 0.8) * g.LABEL_SIZE * g.LINE, line,
                           g.LABEL_SIZE, "#283747", centre=True, z=2)

    def _box(self, box: g.StepBox) -> None:
        stroke = g.PROBLEM_COLOUR if box.unreachable or box.kind == "missing" else (
            g.DEAD_END_COLOUR if box.dead_end else box.stroke)
        pen = QPen(QColor(stroke), 2.4 if box.start else 2.0 if box.kind == "outcome"
                   or box.problem else 1.2)
        if box.problem:
            pen.setStyle(Qt.PenStyle.DashLine)
        shape = QPainterPath()
        shape.addRoundedRect(QRectF(box.x, box.y, box.w, box.h), 6, 6)
        item = self.scene().addPath(shape, pen, QBrush(QColor(box.fill)))
        item.setZValue(2)
        item.setData(0, box.id)
        item.setData(1, pen)
        item.setToolTip(f"{box.id}: {box.full_text}\n(double-click to walk from here)")
        item.setCursor(Qt.CursorShape.PointingHandCursor)
        self.boxes[box.id] = item
        top, x = box.y + g.PAD, box.x + g.PAD
        if box.badges:
            bx = x
            for badge in box.badges:
                self._text(bx, top + g.TAG_SIZE, badge, g.TAG_SIZE, BADGE_COLOURS[badge],
                           bold=True)
                bx += text_width(badge, g.TAG_SIZE, bold=True) / g.FIT + 8
            top += g.TAG_SIZE * g.LINE + 2
        self._text(x, top + g.TAG_SIZE, box.tag, g.TAG_SIZE, "#5d6d7e")
        top += g.TAG_SIZE * g.LINE
        self._text(x, top + g.TITLE_SIZE, box.title, g.TITLE_SIZE, bold=True)
        top += g.TITLE_SIZE * g.LINE
        for line in box.lines:
            self._text(x, top + g.BODY_SIZE, line, g.BODY_SIZE, "#212f3d")
            top += g.BODY_SIZE * g.LINE

    def highlight(self, route: list[str], current: str | None) -> None:
        """Outline the walk's route, and the step it stands at more strongly."""
        for sid, item in self.boxes.items():
            base = item.data(1)
            if sid == current:
                item.setPen(QPen(QColor(ROUTE), 4.0))
            elif sid in route:
                item.setPen(QPen(QColor(ROUTE), 2.4, Qt.PenStyle.DotLine))
            elif isinstance(base, QPen):
                item.setPen(base)
        if current in self.boxes:
            self.ensureVisible(self.boxes[current], 40, 40)

    def fit(self) -> None:
        self.fitInView(self.scene().sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def _step_at(self, event: QMouseEvent) -> str:
        for item in self.items(event.position().toPoint()):
            sid = item.data(0)
            if isinstance(sid, str) and sid:
                return sid
        return ""

    def mousePressEvent(self, event: QMouseEvent) -> None:
        sid = self._step_at(event)
        if sid:
            self.step_clicked.emit(sid)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        sid = self._step_at(event)
        if sid:
            self.step_activated.emit(sid)
            return
        super().mouseDoubleClickEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            factor = 1.15 if event.angleDelta().y() > 0 else 1 / 1.15
            self.scale(factor, factor)
            return
        super().wheelEvent(event)
