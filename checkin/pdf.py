"""Badge PDFs: pure functions from badge cards to PDF bytes (reportlab; QR codes by segno).

One badge is 4 x 3 inches, the common badge-holder size; an A4 sheet holds six (two across,
three down) with cut marks in the margins. Text is set in DejaVu Sans, which has every letter
of the Nordic languages (å ä ö æ ø þ ð) and most of Europe's.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import segno
from reportlab.lib.colors import HexColor, black, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import inch, mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

# Debian's fonts-dejavu-core (the Dockerfile and .ci/run install it).
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"

WIDTH, HEIGHT = 4 * inch, 3 * inch
COLUMNS, ROWS = 2, 3
MARGIN = 4 * mm
BAND = 14 * mm
QR_SIZE = 34 * mm
MARK = 6 * mm  # length of a cut mark; they stop 1 mm short of the badge edge

ROLE_COLOURS = {
    "delegate": "#1f4e9c",
    "speaker": "#b3261e",
    "moderator": "#a14a00",
    "organizer": "#1b6e37",
    "press": "#6a1b9a",
    "staff": "#37474f",
}


@dataclass(frozen=True)
class BadgeCard:
    """Everything printed on one badge, already in the reader's language."""

    name: str
    office: str
    city: str
    country: str
    delegation: str
    role: str  # a checkin.models.Role value: picks the colour
    role_label: str
    event: str
    dates: str
    payload: str  # what the QR code holds


def register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FONT, str(FONT_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSans-Bold.ttf")))


def single_badges(cards: Iterable[BadgeCard], *, title: str) -> bytes:
    """One badge per page, each page the badge's size."""
    canvas, out = _canvas((WIDTH, HEIGHT), title)
    for card in cards:
        draw_badge(canvas, card, 0, 0)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def badge_sheets(
    cards: Sequence[BadgeCard], *, title: str, progress: Callable[[int], None] | None = None
) -> bytes:
    """A4 pages of six badges each, with cut marks. `progress` is told after each page how
    many badges are drawn so far."""
    canvas, out = _canvas(A4, title)
    per_page = COLUMNS * ROWS
    for start in range(0, max(len(cards), 1), per_page):
        _cut_marks(canvas)
        for index, card in enumerate(cards[start : start + per_page]):
            x, y = _slot(index)
            draw_badge(canvas, card, x, y)
        canvas.showPage()
        if progress is not None:
            progress(min(start + per_page, len(cards)))
    canvas.save()
    return out.getvalue()


def draw_badge(canvas: Canvas, card: BadgeCard, x: float, y: float) -> None:
    top = y + HEIGHT
    canvas.setFillColor(HexColor(ROLE_COLOURS.get(card.role, ROLE_COLOURS["delegate"])))
    canvas.rect(x, top - BAND, WIDTH, BAND, stroke=0, fill=1)
    canvas.setFillColor(white)
    _fit(canvas, card.role_label.upper(), x + MARGIN, top - BAND + 4.5 * mm, BOLD, 15, WIDTH / 2)
    _fit_right(canvas, card.event, x + WIDTH - MARGIN, top - 6 * mm, WIDTH / 2 - MARGIN, 8)
    _fit_right(canvas, card.dates, x + WIDTH - MARGIN, top - 10.5 * mm, WIDTH / 2 - MARGIN, 7)
    canvas.setFillColor(black)
    text_width = WIDTH - QR_SIZE - 3 * MARGIN
    line = top - BAND - 9 * mm
    parts = simpleSplit(card.name, BOLD, 16, text_width)
    # Two lines at most: the second takes the rest and shrinks to fit.
    for part in [*parts[:1], " ".join(parts[1:])] if len(parts) > 2 else parts:
        _fit(canvas, part, x + MARGIN, line, BOLD, 16, text_width)
        line -= 7 * mm
    for text, size in ((card.office, 10), (f"{card.city}, {card.country}", 10)):
        _fit(canvas, text, x + MARGIN, line, FONT, size, text_width)
        line -= 5 * mm
    canvas.setFillColor(HexColor("#444444"))
    _fit(canvas, card.delegation, x + MARGIN, y + MARGIN + 1 * mm, FONT, 8, text_width)
    draw_qr(canvas, card.payload, x + WIDTH - MARGIN - QR_SIZE, y + MARGIN, QR_SIZE)


def draw_qr(canvas: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """The QR code as filled rectangles (one per dark run of a row), with its quiet zone."""
    matrix = [list(row) for row in segno.make(payload, error="m", micro=False).matrix_iter()]
    module = size / len(matrix)
    canvas.setFillColor(black)
    path = canvas.beginPath()
    for r, row in enumerate(matrix):
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            path.rect(x + start * module, y + size - (r + 1) * module, (c - start) * module, module)
    canvas.drawPath(path, stroke=0, fill=1)


def _canvas(size: tuple[float, float], title: str) -> tuple[Canvas, io.BytesIO]:
    register_fonts()
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=size, pageCompression=1)
    canvas.setTitle(title)
    canvas.setCreator("Summit")
    return canvas, out


def _origin() -> tuple[float, float]:
    page_w, page_h = A4
    return (page_w - COLUMNS * WIDTH) / 2, (page_h - ROWS * HEIGHT) / 2


def _slot(index: int) -> tuple[float, float]:
    x0, y0 = _origin()
    column, row = index % COLUMNS, index // COLUMNS
    return x0 + column * WIDTH, y0 + (ROWS - 1 - row) * HEIGHT


def _cut_marks(canvas: Canvas) -> None:
    """Marks in the margins on the line of every cut, never over a badge."""
    page_w, page_h = A4
    x0, y0 = _origin()
    x1, y1 = x0 + COLUMNS * WIDTH, y0 + ROWS * HEIGHT
    canvas.setStrokeColor(black)
    canvas.setLineWidth(0.3)
    for column in range(COLUMNS + 1):
        x = x0 + column * WIDTH
        canvas.line(x, y1 + 1 * mm, x, min(y1 + 1 * mm + MARK, page_h))
        canvas.line(x, y0 - 1 * mm, x, max(y0 - 1 * mm - MARK, 0))
    for row in range(ROWS + 1):
        y = y0 + row * HEIGHT
        canvas.line(max(x0 - 1 * mm - MARK, 0), y, x0 - 1 * mm, y)
        canvas.line(x1 + 1 * mm, y, min(x1 + 1 * mm + MARK, page_w), y)


def _fit(
    canvas: Canvas, text: str, x: float, y: float, font: str, size: float, width: float
) -> None:
    """Draw text at `size`, smaller if it is too wide (down to 60 %), then cut with an ellipsis."""
    floor = size * 0.6
    while pdfmetrics.stringWidth(text, font, size) > width and size > floor:
        size -= 0.5
    while len(text) > 1 and pdfmetrics.stringWidth(text, font, size) > width:
        text = text[:-2] + "…"
    canvas.setFont(font, size)
    canvas.drawString(x, y, text)


def _fit_right(
    canvas: Canvas, text: str, right: float, y: float, width: float, size: float
) -> None:
    while len(text) > 1 and pdfmetrics.stringWidth(text, FONT, size) > width:
        text = text[:-2] + "…"
    canvas.setFont(FONT, size)
    canvas.drawRightString(right, y, text)
