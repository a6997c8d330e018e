"""Draw FieldKit's app icon and write it in the three forms the platforms want.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tools.make_icon

Writes fieldkit/resources/icons/fieldkit.png (the window and taskbar icon, set by the app),
packaging/windows/fieldkit.ico (the .exe and installer) and packaging/macos/fieldkit.icns
(the .app). The picture is drawn here, in code, so it has no licence to track and can be
redrawn: a dark-blue shield with a white tick on a rounded square, plain enough to read at
16 pixels in a taskbar.
"""

from __future__ import annotations

import io
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PNG = ROOT / "fieldkit" / "resources" / "icons" / "fieldkit.png"
ICO = ROOT / "packaging" / "windows" / "fieldkit.ico"
ICNS = ROOT / "packaging" / "macos" / "fieldkit.icns"
SIZE = 512


def draw(size: int = SIZE) -> bytes:
    """The icon as PNG bytes, drawn with Qt (antialiased, transparent corners)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
    from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter, QPainterPath, QPen

    _app = QGuiApplication.instance() or QGuiApplication([])
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    s = size / 512
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#e8eef5"))
    p.drawRoundedRect(QRectF(16 * s, 16 * s, 480 * s, 480 * s), 96 * s, 96 * s)
    shield = QPainterPath()
    shield.moveTo(256 * s, 56 * s)
    shield.lineTo(428 * s, 118 * s)
    shield.cubicTo(428 * s, 290 * s, 370 * s, 400 * s, 256 * s, 460 * s)
    shield.cubicTo(142 * s, 400 * s, 84 * s, 290 * s, 84 * s, 118 * s)
    shield.closeSubpath()
    p.setBrush(QColor("#123a6b"))
    p.drawPath(shield)
    pen = QPen(QColor("#ffffff"), 44 * s)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    p.setPen(pen)
    p.setBrush(Qt.BrushStyle.NoBrush)
    tick = QPainterPath(QPointF(170 * s, 262 * s))
    tick.lineTo(232 * s, 324 * s)
    tick.lineTo(346 * s, 196 * s)
    p.drawPath(tick)
    p.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes
    return bytes(data.data())


def main() -> None:
    from PIL import Image

    big = Image.open(io.BytesIO(draw()))
    big.load()
    PNG.parent.mkdir(parents=True, exist_ok=True)
    big.resize((256, 256), Image.Resampling.LANCZOS).save(PNG, optimize=True)
    big.save(ICO, sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128),
                         (256, 256)])
    big.save(ICNS)
    for path in (PNG, ICO, ICNS):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
