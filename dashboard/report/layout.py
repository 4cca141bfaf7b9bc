"""One page geometry and palette for both renderers, so that the PowerPoint deck and the PDF look alike.

Positions are in inches on a 16:9 page of 13.333 x 7.5 in (PowerPoint's widescreen); the PDF uses points.
Colours are the dashboard's: Okabe-Ito (colour-blind-safe), the current quarter in blue, earlier ones grey.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.charts import BLUE, INK, STATUS_COLOURS
from dashboard.charts_quarterly import EARLIER, SUBTLE, status_colours

WIDTH, HEIGHT = 13.333, 7.5
MARGIN = 0.6
RULE = "#D5D9DE"  # hairlines and table borders
HEADER_FILL = "#F2F4F7"  # the table's header row
SERIES_COLOURS = {"current": BLUE, "earlier": EARLIER[1], "target": INK}
FONT = "Calibri"  # PowerPoint's default; the PDF uses Helvetica (always embedded in readers)

__all__ = ["Box", "BLUE", "INK", "SUBTLE", "RULE", "HEADER_FILL", "SERIES_COLOURS", "STATUS_COLOURS",
           "status_colours", "WIDTH", "HEIGHT", "MARGIN", "FONT", "BOXES", "hex_rgb", "unbroken"]


@dataclass(frozen=True)
class Box:
    x: float
    y: float  # from the top
    w: float
    h: float


CONTENT_W = WIDTH - 2 * MARGIN
BOXES = {
    "section": Box(MARGIN, 0.42, CONTENT_W, 0.3),  # the topic's name above the title
    "title": Box(MARGIN, 0.68, CONTENT_W, 0.95),  # the finding, up to two lines
    "highlights": Box(MARGIN, 1.85, 4.55, 4.7),
    "chart_title": Box(5.45, 1.85, WIDTH - MARGIN - 5.45, 0.35),
    "chart": Box(5.45, 2.2, WIDTH - MARGIN - 5.45, 4.2),
    "chart_note": Box(5.45, 6.42, WIDTH - MARGIN - 5.45, 0.3),
    "summary": Box(MARGIN, 1.55, CONTENT_W, 0.75),  # the headline slide's status summary
    "table": Box(MARGIN, 2.35, CONTENT_W, 3.9),
    "below_table": Box(MARGIN, 6.2, CONTENT_W, 0.6),
    "footer": Box(MARGIN, 7.02, CONTENT_W, 0.28),
    "definitions": Box(MARGIN, 1.55, 6.3, 5.3),
    "rules": Box(7.2, 1.55, WIDTH - MARGIN - 7.2, 2.45),
    "sources": Box(7.2, 4.05, WIDTH - MARGIN - 7.2, 2.45),
    # The title slide.
    "cover_bar": Box(MARGIN, 2.05, 0.12, 2.6),
    "cover_title": Box(MARGIN + 0.4, 1.95, CONTENT_W - 0.4, 0.95),
    "cover_subtitle": Box(MARGIN + 0.4, 2.9, CONTENT_W - 0.4, 0.5),
    "cover_summary": Box(MARGIN + 0.4, 3.55, CONTENT_W - 1.6, 1.1),
    "cover_footnote": Box(MARGIN + 0.4, 6.3, CONTENT_W - 0.4, 0.4),
}
# Column widths of the headline table (inches): the metric's name is widest, the status wide enough for
# "nicht im Plan".
TABLE_COLUMNS = (3.1, 1.45, 1.75, 1.75, 1.2, 1.1, 1.78)
SOURCE_COLUMNS = (1.2, 1.5, 1.38, 1.45)


NAMED = {"white": "#FFFFFF"}
UNBROKEN = ((" %", "\u00a0%"), (" pp", "\u00a0pp"))


def unbroken(text: str) -> str:
    """A figure and its unit stay on one line: 75,1 % and +2,5 pp never break before the unit."""
    for plain, joined in UNBROKEN:
        text = text.replace(plain, joined)
    return text


def hex_rgb(colour: str) -> tuple[int, int, int]:
    colour = NAMED.get(colour, colour).lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)
