"""The deck as PDF (ReportLab): the same pages as the PowerPoint deck, charts drawn as vector graphics.

Pure Python, so neither CI nor a server needs LibreOffice or a browser; every figure is real text in the PDF
(searchable, copyable, and readable by a test). Helvetica is one of the PDF base fonts every reader has; it
covers German (ä, ö, ü, ß, „ “, –).
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph
from reportlab.platypus import Table as GridTable
from reportlab.platypus import TableStyle

from dashboard.report.content import Chart, Deck, Slide, Table
from dashboard.report.layout import (
    BLUE,
    BOXES,
    HEADER_FILL,
    HEIGHT,
    INK,
    RULE,
    SERIES_COLOURS,
    SOURCE_COLUMNS,
    SUBTLE,
    TABLE_COLUMNS,
    WIDTH,
    Box,
    status_colours,
    unbroken,
)

PT = 72.0
REGULAR, BOLD = "Helvetica", "Helvetica-Bold"
NAMED = {"white": "#FFFFFF"}


def colour(name: str) -> HexColor:
    return HexColor(NAMED.get(name, name))


def style(size: float, text_colour: str = INK, bold: bool = False, leading: float = 1.25, **options) -> ParagraphStyle:
    return ParagraphStyle("deck", fontName=BOLD if bold else REGULAR, fontSize=size, leading=size * leading,
                          textColor=colour(text_colour), **options)


def top(box_y: float) -> float:
    """A distance from the page's top (inches) as ReportLab's y (points from the bottom)."""
    return (HEIGHT - box_y) * PT


def paragraph(canvas: Canvas, box: Box, text: str, paragraph_style: ParagraphStyle, anchor: str = "top") -> float:
    """Text wrapped into the box; returns the height it took (points)."""
    flowable = Paragraph(escape(unbroken(text)), paragraph_style)
    _, height = flowable.wrap(box.w * PT, box.h * PT)
    y = {"top": top(box.y) - height, "bottom": top(box.y + box.h),
         "middle": top(box.y + box.h / 2) - height / 2}[anchor]
    flowable.drawOn(canvas, box.x * PT, y)
    return height


def bullets(canvas: Canvas, box: Box, items: list[str], size: float, heading: str | None = None,
            spacing: float = 10) -> None:
    y = top(box.y)
    if heading:
        flowable = Paragraph(escape(heading), style(size + 1, INK, True))
        _, height = flowable.wrap(box.w * PT, box.h * PT)
        flowable.drawOn(canvas, box.x * PT, y - height)
        y -= height + spacing / 2
    item_style = style(size, INK, leading=1.3, leftIndent=size * 1.1, bulletIndent=0,
                       bulletFontName="ZapfDingbats", bulletFontSize=size * 0.55, bulletColor=colour(BLUE))
    for item in items:
        flowable = Paragraph(escape(unbroken(item)), item_style, bulletText="n")  # ZapfDingbats n: a square
        _, height = flowable.wrap(box.w * PT, box.h * PT)
        flowable.drawOn(canvas, box.x * PT, y - height)
        y -= height + spacing


def header(canvas: Canvas, section: str | None, title: str) -> None:
    if section:
        paragraph(canvas, BOXES["section"], section.upper(), style(12, BLUE, True))
    paragraph(canvas, BOXES["title"], title, style(24 if len(title) < 80 else 21, INK, True, leading=1.15))


def footer(canvas: Canvas, deck: Deck, number: int, metric_ids: tuple[str, ...]) -> None:
    box = BOXES["footer"]
    canvas.setStrokeColor(colour(RULE))
    canvas.setLineWidth(0.75)
    y = top(box.y - 0.09)
    canvas.line(box.x * PT, y, (box.x + box.w) * PT, y)
    canvas.setFillColor(colour(SUBTLE))
    canvas.setFont(REGULAR, 9)
    baseline = top(box.y) - 9
    canvas.drawString(box.x * PT, baseline, deck.footer)
    right = " · ".join(filter(None, [", ".join(metric_ids), str(number)]))
    canvas.drawRightString((box.x + box.w) * PT, baseline, right)


def grid(canvas: Canvas, box: Box, data: Table, widths: tuple[float, ...], size: float, status_column: int | None,
         row_height: float, emphasis: int | None = None) -> float:
    """A table at the box's top left; returns its height (points)."""
    header = size - 1  # the header row's labels a size smaller, so that "2026-Q2 · Vorquartal" fits its column
    rows = [[Paragraph(escape(c), style(header, SUBTLE, True, leading=1.1)) for c in data.columns]]
    commands = [("BACKGROUND", (0, 0), (-1, 0), colour(HEADER_FILL)),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, colour(RULE)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
    numeric = data.metric_ids and status_column is not None
    for r, (row, status) in enumerate(zip(data.rows, data.statuses), start=1):
        cells = []
        for c, value in enumerate(row):
            right = numeric and 0 < c < status_column
            if c == status_column:
                background, foreground = status_colours(status)
                if status:
                    commands.append(("BACKGROUND", (c, r), (c, r), colour(background)))
                cells.append(Paragraph(escape(unbroken(value)), style(size, foreground if status else SUBTLE,
                                                                       bool(status), alignment=1)))
            else:
                cells.append(Paragraph(escape(unbroken(value)), style(size, INK, c == emphasis,
                                                                       alignment=2 if right else 0)))
        rows.append(cells)
    if numeric:  # the header's figures stand over right-aligned columns
        rows[0] = [Paragraph(escape(c), style(header, SUBTLE, True, leading=1.1,
                                              alignment=2 if 0 < i < status_column else 0))
                   for i, c in enumerate(data.columns)]
    table = GridTable(rows, colWidths=[w * PT for w in widths], rowHeights=[row_height * PT] * len(rows))
    table.setStyle(TableStyle(commands))
    _, height = table.wrap(box.w * PT, box.h * PT)
    table.drawOn(canvas, box.x * PT, top(box.y) - height)
    return height


# ---------------------------------------------------------------------------------------------------------------
# Charts, drawn with the canvas: clustered columns, clustered horizontal bars, lines with a dashed target.


def _legend(canvas: Canvas, data: Chart, x: float, y: float, width: float) -> None:
    entries = [(s.name, s.role) for s in data.series]
    canvas.setFont(REGULAR, 10)
    total = sum(canvas.stringWidth(name, REGULAR, 10) + 24 for name, _ in entries)
    cursor = x + (width - total) / 2
    for name, role in entries:
        canvas.setFillColor(colour(SERIES_COLOURS[role]))
        canvas.setStrokeColor(colour(SERIES_COLOURS[role]))
        if data.kind == "line":
            canvas.setLineWidth(1.25 if role == "target" else 2.5)
            canvas.setDash(3, 2) if role == "target" else canvas.setDash()
            canvas.line(cursor, y + 3.5, cursor + 14, y + 3.5)
            canvas.setDash()
        else:
            canvas.rect(cursor + 3, y, 8, 8, stroke=0, fill=1)
        canvas.setFillColor(colour(INK))
        canvas.drawString(cursor + 17, y, name)
        cursor += canvas.stringWidth(name, REGULAR, 10) + 24


def _scale(data: Chart) -> tuple[float, float]:
    values = [v for s in data.series for v in s.values if v is not None]
    low = min(values + [0.0])
    high = max(values + [0.0])
    return low, (high - low) * (1.18 if data.kind != "line" else 1.25) + low if high > low else low + 1


def _label(canvas: Canvas, text: str, x: float, y: float, role: str, size: float, align: str = "center") -> None:
    canvas.setFont(BOLD if role == "current" else REGULAR, size)
    canvas.setFillColor(colour(INK if role == "current" else SUBTLE))
    {"center": canvas.drawCentredString, "left": canvas.drawString, "right": canvas.drawRightString}[align](
        x, y, text)


def columns(canvas: Canvas, box: Box, data: Chart) -> None:
    left, bottom, width = box.x * PT, top(box.y + box.h), box.w * PT
    has_legend = len(data.series) > 1
    plot_top = top(box.y) - (28 if has_legend else 8)
    plot_bottom = bottom + 34
    low, high = _scale(data)
    span = high - low
    groups = len(data.categories)
    slot = width / groups
    bars = [s for s in data.series if s.role != "target"]
    bar = slot * 0.62 / len(bars)
    if has_legend:
        _legend(canvas, data, left, top(box.y) - 12, width)
    for g, category in enumerate(data.categories):
        start = left + g * slot + (slot - bar * len(bars)) / 2
        for b, series in enumerate(bars):
            value = series.values[g]
            if value is None:
                continue
            height = (value - low) / span * (plot_top - plot_bottom)
            canvas.setFillColor(colour(SERIES_COLOURS[series.role]))
            canvas.rect(start + b * bar + 1, plot_bottom, bar - 2, height, stroke=0, fill=1)
            _label(canvas, series.labels[g], start + (b + 0.5) * bar, plot_bottom + height + 4, series.role, 10)
        flowable = Paragraph(escape(category), style(10, INK, alignment=1, leading=1.1))
        _, h = flowable.wrap(slot - 4, 30)
        flowable.drawOn(canvas, left + g * slot + 2, plot_bottom - 6 - h)
    canvas.setStrokeColor(colour(RULE))
    canvas.setLineWidth(0.75)
    canvas.line(left, plot_bottom, left + width, plot_bottom)


def horizontal_bars(canvas: Canvas, box: Box, data: Chart) -> None:
    """Categories from the top down in reverse order, as PowerPoint draws a bar chart (first category at the bottom)."""
    label_width = min(2.6 * PT, max(canvas.stringWidth(c, REGULAR, 9) for c in data.categories) + 8)
    left, width = box.x * PT + label_width, box.w * PT - label_width - 40
    plot_top = top(box.y) - 28
    plot_bottom = top(box.y + box.h) + 4
    low, high = _scale(data)
    span = high - low
    groups = len(data.categories)
    slot = (plot_top - plot_bottom) / groups
    # PowerPoint draws the series of a bar chart bottom-up too: the last series on top within each group.
    bars = [s for s in data.series if s.role != "target"][::-1]
    bar = slot * 0.7 / len(bars)
    _legend(canvas, type(data)(data.kind, data.title, data.categories, bars, data.unit, data.metric_ids),
            box.x * PT, top(box.y) - 12, box.w * PT)
    for position, g in enumerate(reversed(range(groups))):
        y_top = plot_top - position * slot - (slot - bar * len(bars)) / 2
        canvas.setFont(REGULAR, 9)
        canvas.setFillColor(colour(INK))
        canvas.drawRightString(left - 6, plot_top - (position + 0.5) * slot - 3, data.categories[g])
        for b, series in enumerate(bars):
            value = series.values[g]
            if value is None:
                continue
            length = (value - low) / span * width
            y = y_top - (b + 1) * bar
            canvas.setFillColor(colour(SERIES_COLOURS[series.role]))
            canvas.rect(left, y + 0.5, length, bar - 1, stroke=0, fill=1)
            _label(canvas, series.labels[g], left + length + 3, y + bar / 2 - 3, series.role, 8, "left")
    canvas.setStrokeColor(colour(RULE))
    canvas.setLineWidth(0.75)
    canvas.line(left, plot_bottom, left, plot_top)


def lines(canvas: Canvas, box: Box, data: Chart) -> None:
    left, width = box.x * PT + 10, box.w * PT - 85  # room on the right for the target's label
    plot_top = top(box.y) - 40
    plot_bottom = top(box.y + box.h) + 50  # room for a label under a point at zero, above the quarters
    low, high = _scale(data)
    span = high - low
    count = len(data.categories)
    step = width / max(count - 1, 1)
    _legend(canvas, data, box.x * PT, top(box.y) - 12, box.w * PT)

    def y_of(value: float) -> float:
        return plot_bottom + (value - low) / span * (plot_top - plot_bottom)

    for series in data.series:
        points = [(left + i * step, y_of(v)) for i, v in enumerate(series.values) if v is not None]
        canvas.setStrokeColor(colour(SERIES_COLOURS[series.role]))
        canvas.setLineWidth(1.25 if series.role == "target" else 2.75)
        if series.role == "target":
            canvas.setDash(4, 3)
        path = canvas.beginPath()
        for i, (x, y) in enumerate(points):
            path.moveTo(x, y) if i == 0 else path.lineTo(x, y)
        canvas.drawPath(path, stroke=1, fill=0)
        canvas.setDash()
        for i, value in enumerate(series.values):
            if value is None or not series.labels[i]:
                continue
            x, y = left + i * step, y_of(value)
            if series.role == "target":
                _label(canvas, series.labels[i], x + 22, y - 3, "target", 10, "left")  # clear of the point's label
                continue
            canvas.setFillColor(colour(SERIES_COLOURS[series.role]))
            canvas.circle(x, y, 4, stroke=0, fill=1)
            _label(canvas, series.labels[i], x, y - 16 if data.label_below(i) else y + 9, "current", 10)
    canvas.setStrokeColor(colour(RULE))
    canvas.setLineWidth(0.75)
    canvas.line(left - 10, plot_bottom - 24, left + width + 10, plot_bottom - 24)
    canvas.setFont(REGULAR, 10)
    canvas.setFillColor(colour(INK))
    for i, category in enumerate(data.categories):
        canvas.drawCentredString(left + i * step, plot_bottom - 40, category)


CHARTS = {"column": columns, "bar": horizontal_bars, "line": lines}


# ---------------------------------------------------------------------------------------------------------------
# Pages


def title_page(canvas: Canvas, deck: Deck, slide: Slide) -> None:
    bar = BOXES["cover_bar"]
    canvas.setFillColor(colour(BLUE))
    canvas.rect(bar.x * PT, top(bar.y + bar.h), bar.w * PT, bar.h * PT, stroke=0, fill=1)
    paragraph(canvas, BOXES["cover_title"], slide.title, style(40, INK, True, leading=1.1), anchor="bottom")
    paragraph(canvas, BOXES["cover_subtitle"], slide.subtitle, style(20, SUBTLE))
    paragraph(canvas, BOXES["cover_summary"], " ".join(slide.highlights), style(16, INK, leading=1.3))
    paragraph(canvas, BOXES["cover_footnote"], slide.footnote, style(12, SUBTLE))


def headline_page(canvas: Canvas, deck: Deck, slide: Slide, number: int) -> None:
    header(canvas, None, slide.title)
    paragraph(canvas, BOXES["summary"], slide.highlights[0], style(16, INK, leading=1.3))
    rows = len(slide.table.rows) + 1
    grid(canvas, BOXES["table"], slide.table, TABLE_COLUMNS, 12, len(slide.table.columns) - 1,
         min(0.35, BOXES["table"].h / rows), emphasis=1)
    box = BOXES["below_table"]
    paragraph(canvas, Box(box.x, box.y, box.w, 0.3), " ".join(slide.highlights[1:]), style(12, INK))
    paragraph(canvas, Box(box.x, box.y + 0.32, box.w, 0.3), slide.footnote, style(9, SUBTLE))
    footer(canvas, deck, number, slide.metric_ids)


def topic_page(canvas: Canvas, deck: Deck, slide: Slide, number: int) -> None:
    header(canvas, slide.title, slide.subtitle)
    bullets(canvas, BOXES["highlights"], slide.highlights, 15, spacing=14)
    if slide.chart is not None:
        paragraph(canvas, BOXES["chart_title"], slide.chart.title, style(12, SUBTLE, True))
        if slide.chart.empty:  # not drawn: the note says why, where the chart would be
            paragraph(canvas, BOXES["chart"], slide.chart.note, style(14, SUBTLE, alignment=1), anchor="middle")
        else:
            CHARTS[slide.chart.kind](canvas, BOXES["chart"], slide.chart)
            if slide.chart.note:
                paragraph(canvas, BOXES["chart_note"], slide.chart.note, style(10, SUBTLE))
    footer(canvas, deck, number, slide.metric_ids)


def method_page(canvas: Canvas, deck: Deck, slide: Slide, number: int) -> None:
    header(canvas, None, slide.title)
    (definitions_heading, definitions), (rules_heading, rules) = slide.sections
    bullets(canvas, BOXES["definitions"], definitions, 12, definitions_heading, spacing=6)
    bullets(canvas, BOXES["rules"], rules, 11.5, rules_heading, spacing=6)
    sources = BOXES["sources"]
    paragraph(canvas, Box(sources.x, sources.y, sources.w, 0.3), slide.sources_heading, style(11.5, INK, True))
    if slide.sources is not None and slide.sources.rows:
        grid(canvas, Box(sources.x, sources.y + 0.35, sources.w, sources.h - 0.35), slide.sources, SOURCE_COLUMNS,
             10, None, min(0.24, (sources.h - 0.35) / (len(slide.sources.rows) + 1)))
    footer_box = BOXES["footer"]
    paragraph(canvas, Box(footer_box.x, footer_box.y - 0.42, footer_box.w, 0.3), slide.footnote, style(9, SUBTLE))
    footer(canvas, deck, number, ())


def render(deck: Deck) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(WIDTH * PT, HEIGHT * PT), pageCompression=1,
                    lang="de-DE" if deck.language == "de" else "en-GB")
    canvas.setTitle(deck.slides[0].title)
    canvas.setSubject(deck.footer)
    canvas.setAuthor("Dirigent")
    for number, slide in enumerate(deck.slides, start=1):
        if slide.kind == "title":
            title_page(canvas, deck, slide)
        elif slide.kind == "headline":
            headline_page(canvas, deck, slide, number)
        elif slide.kind == "topic":
            topic_page(canvas, deck, slide, number)
        else:
            method_page(canvas, deck, slide, number)
        canvas.showPage()
    canvas.save()
    return out.getvalue()
