"""Day, night and high-contrast looks, and text size, applied to the whole app at once.

Views never pick colours: they give widgets a `role` property ("h1", "answer", "card",
"banner-warn" ...) and this module's stylesheet styles each role for the current theme and
text size. A visible focus ring on every control keeps the app usable by keyboard alone.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

THEMES = ("light", "dark", "contrast")
THEME_NAMES = {"light": "Day", "dark": "Night", "contrast": "High contrast"}
SCALES = (0.85, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0)
BASE_PX = 16
MIN_TARGET_PX = 44  # touch targets: no button is shorter than this


class Palette(NamedTuple):
    """One theme's colours. A named tuple, not a frozen dataclass: it is built before the
    first paint, and a dataclass of twenty fields compiles six methods to get there."""

    bg: str
    surface: str
    surface2: str
    text: str
    muted: str
    accent: str  # links and outlines
    button: str  # primary button fill
    button_text: str
    border: str
    focus: str
    warn_bg: str
    warn_text: str
    warn_border: str
    danger: str
    danger_bg: str
    ok: str
    ok_bg: str
    info_bg: str
    info_border: str
    selection: str


PALETTES: dict[str, Palette] = {
    "light": Palette(
        bg="#eef1f5", surface="#ffffff", surface2="#e3e8ef", text="#111b27", muted="#4a5767",
        accent="#1a4f94", button="#1a4f94", button_text="#ffffff", border="#c3ccd8",
        focus="#e08a00", warn_bg="#fff3cf", warn_text="#4d3300", warn_border="#d99a00",
        danger="#a8201a", danger_bg="#fce9e8", ok="#1b6e34", ok_bg="#e2f3e7",
        info_bg="#e4edf9", info_border="#8fb0dc", selection="#cfe0f7"),
    "dark": Palette(
        bg="#0d1218", surface="#172029", surface2="#212c38", text="#e8edf2", muted="#a3b0be",
        accent="#7fb2ff", button="#2f64b0", button_text="#ffffff", border="#35424f",
        focus="#ffd23f", warn_bg="#3a2d06", warn_text="#ffdf8f", warn_border="#b38600",
        danger="#ff9a90", danger_bg="#3d1714", ok="#86d9a0", ok_bg="#11301c",
        info_bg="#15253b", info_border="#3f6aa3", selection="#2a4468"),
    "contrast": Palette(
        bg="#000000", surface="#000000", surface2="#1a1a1a", text="#ffffff", muted="#ffffff",
        accent="#ffff00", button="#ffff00", button_text="#000000", border="#ffffff",
        focus="#00ffff", warn_bg="#000000", warn_text="#ffff00", warn_border="#ffff00",
        danger="#ff8080", danger_bg="#000000", ok="#80ff80", ok_bg="#000000",
        info_bg="#000000", info_border="#ffffff", selection="#0000aa"),
}


# The line a problem points at in author mode: text and background, readable in every theme
# (WCAG AA, at least 4.5:1; a test checks it).
HIGHLIGHT = {"light": ("#4d3300", "#fff3cf"), "dark": ("#ffffff", "#6b4f00"),
             "contrast": ("#000000", "#ffff00")}
current = "light"  # the theme last applied


def contrast_ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours (1 to 21)."""
    def lum(c: str) -> float:
        rgb = [int(c[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def default_theme(now: datetime | None = None) -> str:
    """Night look from 7 pm to 7 am when the officer has not chosen one."""
    hour = (now or datetime.now()).hour
    return "dark" if hour >= 19 or hour < 7 else "light"


def tick_image(colour: str) -> str:
    """The tick drawn in a ticked box, in the colour that reads on the box's fill."""
    from pathlib import Path

    name = "tick-black.png" if colour.lower() in ("#000000", "#000") else "tick-white.png"
    return (Path(__file__).resolve().parent.parent / "resources" / "ui" / name).as_posix()


def stylesheet(theme: str, scale: float = 1.0) -> str:
    p = PALETTES[theme]

    def px(n: float) -> str:
        return f"{round(n * scale)}px"

    target = f"{max(MIN_TARGET_PX, round(MIN_TARGET_PX * scale))}px"
    tick = tick_image(p.button_text)
    answer_h = f"{max(56, round(60 * scale))}px"
    ring = "3px"
    return f"""
* {{ font-family: "Segoe UI", "Noto Sans", "DejaVu Sans", sans-serif; }}
QWidget {{ font-size: {px(BASE_PX)}; color: {p.text}; }}
QMainWindow, QDialog, QWidget#screen, QWidget#familyView {{ background: {p.bg}; }}
QScrollArea {{ background: transparent; border: none; }}
QScrollArea > QWidget > QWidget {{ background: transparent; }}
QToolTip {{ background: {p.surface}; color: {p.text}; border: 1px solid {p.border}; }}

QLabel[role="h1"] {{ font-size: {px(27)}; font-weight: 700; }}
QLabel[role="h2"] {{ font-size: {px(21)}; font-weight: 700; }}
QLabel[role="h3"] {{ font-size: {px(18)}; font-weight: 700; }}
QLabel[role="question"] {{ font-size: {px(25)}; font-weight: 600; }}
QLabel[role="lead"] {{ font-size: {px(18)}; }}
QLabel[role="muted"] {{ color: {p.muted}; font-size: {px(14)}; }}
QLabel[role="source"] {{ color: {p.muted}; font-size: {px(13)}; }}
QLabel[role="kicker"] {{ color: {p.muted}; font-size: {px(13)}; font-weight: 700;
    letter-spacing: 1px; }}
QLabel[role="do"] {{ font-size: {px(17)}; }}
QLabel[role="dont"] {{ font-size: {px(17)}; }}
QLabel[role="mark-do"] {{ color: {p.ok}; font-size: {px(20)}; font-weight: 800; }}
QLabel[role="mark-dont"] {{ color: {p.danger}; font-size: {px(20)}; font-weight: 800; }}
QLabel[role="say"] {{ font-size: {px(19)}; }}
QLabel[role="avoid"] {{ color: {p.danger}; font-size: {px(16)}; }}
QLabel[role="instead"] {{ color: {p.ok}; font-size: {px(16)}; font-weight: 600; }}
QLabel[role="contact"] {{ font-size: {min(round(20 * scale), 34)}px; font-weight: 700; }}
QLabel[role="badge"] {{ background: {p.surface2}; border: 1px solid {p.border};
    border-radius: 6px; padding: 2px 8px; font-size: {px(13)}; font-weight: 700; }}
QLabel[role="badge-draft"] {{ background: {p.warn_bg}; color: {p.warn_text};
    border: 1px solid {p.warn_border}; border-radius: 6px; padding: 2px 8px;
    font-size: {px(13)}; font-weight: 700; }}
QLabel[role="badge-ok"] {{ background: {p.ok_bg}; color: {p.ok}; border: 1px solid {p.ok};
    border-radius: 6px; padding: 2px 8px; font-size: {px(13)}; font-weight: 700; }}
QLabel[role="badge-quick"] {{ background: {p.warn_bg}; color: {p.warn_text};
    border: 2px solid {p.warn_border}; border-radius: 6px; padding: 4px 10px;
    font-size: {px(15)}; font-weight: 700; }}
QLabel[role="badge-case"] {{ background: {p.info_bg}; color: {p.text};
    border: 2px solid {p.info_border}; border-radius: 6px; padding: 4px 10px;
    font-size: {px(15)}; font-weight: 700; }}

QFrame#topbar {{ background: {p.surface}; border-bottom: 1px solid {p.border}; }}
QFrame[role="card"] {{ background: {p.surface}; border: 1px solid {p.border};
    border-radius: 10px; }}
QFrame[role="card-do"] {{ background: {p.surface}; border: 2px solid {p.ok};
    border-radius: 10px; }}
QFrame[role="card-dont"] {{ background: {p.surface}; border: 2px solid {p.danger};
    border-radius: 10px; }}
QFrame[role="outcome-head"] {{ background: {p.info_bg}; border: 2px solid {p.info_border};
    border-radius: 10px; }}
QFrame[role="banner-warn"] {{ background: {p.warn_bg}; border: 2px solid {p.warn_border};
    border-radius: 8px; }}
QFrame[role="banner-warn"] QLabel {{ color: {p.warn_text}; }}
QFrame[role="banner-info"] {{ background: {p.info_bg}; border: 1px solid {p.info_border};
    border-radius: 8px; }}
QFrame[role="banner-danger"] {{ background: {p.danger_bg}; border: 2px solid {p.danger};
    border-radius: 8px; }}
QFrame[role="why"] {{ background: {p.surface2}; border-radius: 8px; }}
QFrame[role="path"] {{ background: {p.surface}; border-left: 1px solid {p.border}; }}
QFrame[role="rule"] {{ background: {p.border}; max-height: 1px; min-height: 1px; }}

QPushButton {{ min-height: {target}; padding: 4px 16px; border-radius: 8px;
    background: {p.surface2}; color: {p.text}; border: {ring} solid {p.border};
    font-weight: 600; }}
QPushButton:hover {{ border-color: {p.accent}; }}
QPushButton:pressed {{ background: {p.selection}; }}
QPushButton:checked {{ background: {p.selection}; border-color: {p.accent}; }}
QPushButton:disabled {{ color: {p.muted}; border-color: {p.surface2}; }}
QPushButton:focus {{ border: {ring} solid {p.focus}; }}
QPushButton[role="primary"] {{ background: {p.button}; color: {p.button_text};
    border-color: {p.button}; }}
QPushButton[role="primary"]:focus {{ border-color: {p.focus}; }}
QPushButton[role="primary"] QLabel[role="in-button"] {{ color: {p.button_text}; }}
QLabel[role="in-button"] {{ font-weight: 600; background: transparent; }}
QPushButton[role="answer"] {{ min-height: {answer_h}; font-size: {px(20)}; text-align: left;
    padding: 6px 20px; background: {p.surface}; border-color: {p.border}; }}
QPushButton[role="answer"]:hover {{ border-color: {p.accent}; background: {p.selection}; }}
QPushButton[role="answer"]:focus {{ border-color: {p.focus}; }}
QPushButton[role="tile"] {{ text-align: left; padding: 0px; background: {p.surface};
    border: 1px solid {p.border}; border-radius: 10px; }}
QPushButton[role="tile"]:hover {{ border: 2px solid {p.accent}; }}
QPushButton[role="tile"]:focus {{ border: {ring} solid {p.focus}; }}
QPushButton[role="link"] {{ background: transparent; border: {ring} solid transparent;
    color: {p.accent}; text-align: left; padding: 2px 6px; text-decoration: underline; }}
QPushButton[role="link"]:focus {{ border-color: {p.focus}; }}
QPushButton[role="path"] {{ text-align: left; background: transparent; padding: 6px 10px;
    border: {ring} solid transparent; font-weight: 400; }}
QPushButton[role="path"]:hover {{ background: {p.surface2}; border-color: {p.border}; }}
QPushButton[role="path"]:checked {{ background: {p.selection}; border-color: {p.accent}; }}
QPushButton[role="path"]:focus {{ border-color: {p.focus}; }}
QPushButton[role="row"] {{ text-align: left; padding: 8px 14px; font-weight: 500; }}
QPushButton[role="filter"] {{ border-radius: 18px; padding: 4px 14px; font-weight: 500; }}
QPushButton[role="filter"]:checked {{ background: {p.button}; color: {p.button_text};
    border-color: {p.button}; }}
QPushButton[role="filter"]:checked:focus {{ border-color: {p.focus}; }}
QPushButton[role="bar"] {{ background: transparent; border-color: transparent;
    padding: 4px 12px; }}
QPushButton[role="bar"]:hover {{ background: {p.surface2}; }}
QPushButton[role="bar"]:focus {{ border-color: {p.focus}; }}
QPushButton[role="bar"]:checked {{ background: {p.selection}; }}

QLineEdit, QPlainTextEdit, QTextEdit, QSpinBox, QDoubleSpinBox, QDateEdit, QDateTimeEdit,
QComboBox {{ background: {p.surface}; color: {p.text}; border: 2px solid {p.border};
    border-radius: 8px; padding: 6px 10px; min-height: {px(30)};
    selection-background-color: {p.selection}; selection-color: {p.text}; }}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QSpinBox:focus, QDoubleSpinBox:focus,
QDateEdit:focus, QDateTimeEdit:focus, QComboBox:focus {{ border: {ring} solid {p.focus}; }}
QLineEdit#search {{ font-size: {px(19)}; padding: 8px 14px; min-height: {px(36)}; }}
QSpinBox#numberAnswer {{ font-size: {px(24)}; min-width: {px(140)}; }}
QComboBox QAbstractItemView {{ background: {p.surface}; color: {p.text};
    selection-background-color: {p.selection}; }}

QCheckBox {{ spacing: 12px; padding: 8px; border: {ring} solid transparent; border-radius: 8px;
    min-height: {px(28)}; }}
QCheckBox:focus {{ border-color: {p.focus}; }}
QCheckBox::indicator {{ width: {px(26)}; height: {px(26)}; border: 2px solid {p.text};
    border-radius: 5px; background: {p.surface}; }}
QCheckBox::indicator:checked {{ background: {p.button}; border-color: {p.button};
    image: none; }}
QCheckBox[role="item"] {{ font-size: {px(18)}; }}

QListWidget, QTableWidget, QTreeWidget {{ background: {p.surface}; color: {p.text};
    border: 2px solid {p.border}; border-radius: 8px; alternate-background-color: {p.surface2};
    selection-background-color: {p.selection}; selection-color: {p.text}; }}
QListWidget:focus, QTableWidget:focus, QTreeWidget:focus {{ border: {ring} solid {p.focus}; }}
QListWidget::item {{ padding: 8px; min-height: {px(28)}; }}
QListView::indicator {{ width: {px(22)}; height: {px(22)}; border: 2px solid {p.text};
    border-radius: 4px; background: {p.surface}; }}
QListView::indicator:checked {{ background: {p.button}; border-color: {p.text};
    image: url({tick}); }}
QLabel[role="over-time"] {{ background: {p.warn_bg}; color: {p.warn_text};
    border: 2px solid {p.warn_border}; border-radius: 8px; padding: 8px 12px;
    font-size: {px(18)}; font-weight: 700; }}
QHeaderView::section {{ background: {p.surface2}; color: {p.text}; padding: 6px;
    border: none; border-bottom: 1px solid {p.border}; font-weight: 700; }}
QTableWidget QTableCornerButton::section {{ background: {p.surface2}; }}

QScrollBar:vertical {{ background: {p.bg}; width: 14px; margin: 0; }}
QScrollBar::handle:vertical {{ background: {p.border}; min-height: 40px; border-radius: 7px; }}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
QScrollBar:horizontal {{ background: {p.bg}; height: 14px; margin: 0; }}
QScrollBar::handle:horizontal {{ background: {p.border}; min-width: 40px; border-radius: 7px; }}
QScrollBar::add-line:horizontal, QScrollBar::sub-line:horizontal {{ width: 0; }}
QSplitter::handle {{ background: {p.border}; }}

QWidget#familyView QLabel {{ font-size: {px(24)}; }}
QWidget#familyView QLabel[role="h1"] {{ font-size: {px(36)}; }}
QWidget#familyView QLabel[role="h2"] {{ font-size: {px(28)}; }}
QWidget#familyView QLabel[role="contact"] {{ font-size: {min(round(32 * scale), 44)}px; }}
QWidget#familyView QLabel[role="muted"] {{ font-size: {px(16)}; }}
"""


def apply(app: QApplication, theme: str, scale: float) -> None:
    """Restyle every widget; fast enough to call on each toggle or text-size step."""
    global current
    current = theme
    p = PALETTES[theme]
    pal = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, p.bg), (QPalette.ColorRole.WindowText, p.text),
        (QPalette.ColorRole.Base, p.surface), (QPalette.ColorRole.AlternateBase, p.surface2),
        (QPalette.ColorRole.Text, p.text), (QPalette.ColorRole.Button, p.surface2),
        (QPalette.ColorRole.ButtonText, p.text), (QPalette.ColorRole.Highlight, p.selection),
        (QPalette.ColorRole.HighlightedText, p.text), (QPalette.ColorRole.Link, p.accent),
        (QPalette.ColorRole.ToolTipBase, p.surface), (QPalette.ColorRole.ToolTipText, p.text),
        (QPalette.ColorRole.PlaceholderText, p.muted),
    ):
        pal.setColor(role, QColor(colour))
    app.setPalette(pal)
    app.setStyleSheet(stylesheet(theme, scale))


def set_role(widget: QWidget, role: str) -> None:
    """Give a widget a style role, re-polishing it if it is already shown."""
    widget.setProperty("role", role)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
