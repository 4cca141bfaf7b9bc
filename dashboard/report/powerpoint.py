"""The deck as PowerPoint (python-pptx): 16:9, one font, native charts that executives can restyle.

Every chart is a native PowerPoint chart (clustered columns or bars, lines) holding the raw figures in its
embedded workbook; its data labels carry the figures as the deck's language writes them (75,1 % or 75.1%).
"""

from __future__ import annotations

import io
import re

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION, XL_MARKER_STYLE
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from dashboard.report.content import Chart, Deck, Slide, Table
from dashboard.report.layout import (
    BLUE,
    BOXES,
    FONT,
    HEADER_FILL,
    HEIGHT,
    INK,
    RULE,
    SERIES_COLOURS,
    SOURCE_COLUMNS,
    SUBTLE,
    TABLE_COLUMNS,
    Box,
    hex_rgb,
    status_colours,
    unbroken,
)
from metrics.export_safety import safe_cell

CHART_TYPES = {"column": XL_CHART_TYPE.COLUMN_CLUSTERED, "bar": XL_CHART_TYPE.BAR_CLUSTERED,
               "line": XL_CHART_TYPE.LINE_MARKERS}
QUARTER = re.compile(r"(\d{4})-Q")
SLIDE_WIDTH = Emu(12192000)  # exactly 16:9 with 7.5 in (13.333 in)
NUMBER_FORMATS = {"share": "0.0%", "persons": "#,##0", "count": "#,##0"}


def unbreakable(text: str) -> str:
    """Units stay with their figures, and a quarter (2026-Q3) never breaks at its hyphen (a non-breaking one)."""
    return QUARTER.sub("\\1\u2011Q", unbroken(text))


def rgb(colour: str) -> RGBColor:
    return RGBColor(*hex_rgb(colour))


def _box(slide, box: Box):
    return slide.shapes.add_textbox(Inches(box.x), Inches(box.y), Inches(box.w), Inches(box.h))


def text(slide, box: Box, content: str, size: float, colour: str = INK, bold: bool = False,
         anchor=MSO_ANCHOR.TOP, align=PP_ALIGN.LEFT):
    shape = _box(slide, box)
    frame = shape.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    paragraph = frame.paragraphs[0]
    paragraph.alignment = align
    run = paragraph.add_run()
    run.text = unbroken(content)
    _font(run.font, size, colour, bold)
    return shape


def _font(font, size: float, colour: str = INK, bold: bool = False) -> None:
    font.name, font.size, font.bold = FONT, Pt(size), bold
    font.color.rgb = rgb(colour)


def bullets(slide, box: Box, items: list[str], size: float, heading: str | None = None,
            spacing: float = 10) -> None:
    """Paragraphs with a blue marker, the way a consultant's slide lists its points."""
    shape = _box(slide, box)
    frame = shape.text_frame
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    first = True
    if heading:
        paragraph = frame.paragraphs[0]
        run = paragraph.add_run()
        run.text = heading
        _font(run.font, size + 1, INK, True)
        paragraph.space_after = Pt(spacing / 2)
        first = False
    for item in items:
        paragraph = frame.paragraphs[0] if first else frame.add_paragraph()
        first = False
        run = paragraph.add_run()
        run.text = unbreakable(item)
        _font(run.font, size, INK)
        paragraph.space_after = Pt(spacing)
        paragraph.line_spacing = 1.08
        bullet(paragraph, size)


def bullet(paragraph, size: float) -> None:
    """A real PowerPoint bullet (a small square in the accent colour) with a hanging indent, so that a wrapped line
    starts under the text, not under the marker."""
    properties = paragraph._p.get_or_add_pPr()
    indent = int(Pt(size * 1.1))
    properties.set("marL", str(indent))
    properties.set("indent", str(-indent))
    colour = properties.makeelement(qn("a:buClr"), {})
    colour.append(colour.makeelement(qn("a:srgbClr"), {"val": BLUE.lstrip("#")}))
    properties.append(colour)
    properties.append(properties.makeelement(qn("a:buSzPct"), {"val": "70000"}))
    properties.append(properties.makeelement(qn("a:buFont"), {"typeface": "Arial"}))
    properties.append(properties.makeelement(qn("a:buChar"), {"char": "\u25A0"}))


def header(slide, section: str | None, title: str) -> None:
    if section:
        text(slide, BOXES["section"], section.upper(), 12, BLUE, True)
    text(slide, BOXES["title"], title, 24 if len(title) < 80 else 21, INK, True, anchor=MSO_ANCHOR.TOP)


def footer(slide, deck: Deck, number: int, metric_ids: tuple[str, ...]) -> None:
    box = BOXES["footer"]
    rule = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(box.x), Inches(box.y - 0.09), Inches(box.w),
                                  Inches(0.012))
    rule.fill.solid()
    rule.fill.fore_color.rgb = rgb(RULE)
    rule.line.fill.background()
    rule.shadow.inherit = False
    text(slide, Box(box.x, box.y, box.w * 0.6, box.h), deck.footer, 9, SUBTLE)
    right = " · ".join(filter(None, [", ".join(metric_ids), str(number)]))
    text(slide, Box(box.x + box.w * 0.6, box.y, box.w * 0.4, box.h), right, 9, SUBTLE, align=PP_ALIGN.RIGHT)


def table(slide, box: Box, data: Table, widths: tuple[float, ...], size: float, status_column: int | None,
          row_height: float, emphasis: int | None = None) -> None:
    rows, columns = len(data.rows) + 1, len(data.columns)
    shape = slide.shapes.add_table(rows, columns, Inches(box.x), Inches(box.y), Inches(sum(widths)),
                                   Inches(row_height * rows))
    grid = shape.table
    grid.first_row = True
    grid.horz_banding = False
    for index, width in enumerate(widths):
        grid.columns[index].width = Inches(width)
    for index in range(rows):
        grid.rows[index].height = Inches(row_height)
    for r in range(rows):
        for c in range(columns):
            value = data.columns[c] if r == 0 else data.rows[r - 1][c]
            cell = grid.cell(r, c)
            cell.margin_left = cell.margin_right = Inches(0.08)
            cell.margin_top = cell.margin_bottom = Inches(0.03)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            fill, colour, bold = ("#FFFFFF", INK, False)
            if r == 0:
                fill, colour, bold = HEADER_FILL, SUBTLE, True
            elif c == status_column:
                status = data.statuses[r - 1]
                background, foreground = status_colours(status)
                fill, colour, bold = (background, foreground, True) if status else ("#FFFFFF", SUBTLE, False)
            elif c == emphasis:
                bold = True  # the quarter's own figure
            cell.fill.solid()
            cell.fill.fore_color.rgb = rgb(fill)
            hairlines(cell)
            frame = cell.text_frame
            frame.word_wrap = True
            paragraph = frame.paragraphs[0]
            numeric = 0 < c and (status_column is None or c < status_column)
            paragraph.alignment = PP_ALIGN.RIGHT if numeric and data.metric_ids else PP_ALIGN.LEFT
            if c == status_column and r > 0:
                paragraph.alignment = PP_ALIGN.CENTER
            run = paragraph.add_run()
            run.text = unbroken(value)
            _font(run.font, size - 1 if r == 0 else size, colour, bold)  # the header a size smaller


def hairlines(cell) -> None:
    """A grey hairline under the cell and none beside it, as in the PDF (python-pptx has no API for borders)."""
    properties = cell._tc.get_or_add_tcPr()
    for position, (name, colour) in enumerate((("a:lnL", None), ("a:lnR", None), ("a:lnT", None), ("a:lnB", RULE))):
        line = properties.makeelement(qn(name), {"w": "6350" if colour else "0"})
        if colour:
            fill = line.makeelement(qn("a:solidFill"), {})
            fill.append(fill.makeelement(qn("a:srgbClr"), {"val": colour.lstrip("#")}))
        else:
            fill = line.makeelement(qn("a:noFill"), {})
        line.append(fill)
        properties.insert(position, line)  # borders come before the cell's fill


def chart(slide, box: Box, data: Chart) -> None:
    chart_data = CategoryChartData(number_format=NUMBER_FORMATS.get(data.unit, "0.00" if data.unit == "ratio"
                                                                     else "0.0"))
    # The chart's embedded workbook ("Edit Data") is a spreadsheet: a name that starts like a formula stays text.
    chart_data.categories = [safe_cell(c) for c in data.categories]
    for series in data.series:
        chart_data.add_series(safe_cell(series.name), series.values)
    frame = slide.shapes.add_chart(CHART_TYPES[data.kind], Inches(box.x), Inches(box.y), Inches(box.w),
                                   Inches(box.h), chart_data)
    drawn = frame.chart
    drawn.font.name, drawn.font.size = FONT, Pt(11)
    drawn.font.color.rgb = rgb(INK)
    drawn.has_title = False  # the slide says what the chart shows
    drawn.has_legend = len(data.series) > 1
    if drawn.has_legend:
        drawn.legend.position = XL_LEGEND_POSITION.TOP
        drawn.legend.include_in_layout = False
        drawn.legend.font.size = Pt(11)
    values = drawn.value_axis
    values.visible = False
    values.has_major_gridlines = False
    values.minimum_scale = 0 if min((v for s in data.series for v in s.values if v is not None), default=0) >= 0 \
        else None
    highest = max((v for s in data.series for v in s.values if v is not None), default=0)
    if highest > 0:
        values.maximum_scale = highest * (1.18 if data.kind != "line" else 1.25)
    categories = drawn.category_axis
    categories.has_major_gridlines = False
    categories.format.line.color.rgb = rgb(RULE)
    categories.tick_labels.font.size = Pt(10 if data.kind == "bar" else 11)
    categories.tick_labels.font.color.rgb = rgb(INK)
    plot = drawn.plots[0]
    if data.kind in ("column", "bar"):
        plot.gap_width = 55 if len(data.categories) > 6 else 80
        plot.overlap = -5
    small = data.kind == "bar" and len(data.categories) > 8
    for series, drawn_series in zip(data.series, plot.series):
        colour = rgb(SERIES_COLOURS[series.role])
        if data.kind == "line":
            drawn_series.smooth = False
            drawn_series.format.line.color.rgb = colour
            drawn_series.format.line.width = Pt(1.25 if series.role == "target" else 2.75)
            if series.role == "target":
                drawn_series.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
                drawn_series.marker.style = XL_MARKER_STYLE.NONE
            else:
                drawn_series.marker.style = XL_MARKER_STYLE.CIRCLE
                drawn_series.marker.size = 8
                drawn_series.marker.format.fill.solid()
                drawn_series.marker.format.fill.fore_color.rgb = colour
                drawn_series.marker.format.line.color.rgb = colour
        else:
            drawn_series.format.fill.solid()
            drawn_series.format.fill.fore_color.rgb = colour
            drawn_series.invert_if_negative = False
        for index, label in enumerate(series.labels):
            if not label:
                continue
            point_label = drawn_series.points[index].data_label
            frame_ = point_label.text_frame
            frame_.text = label
            run = frame_.paragraphs[0].runs[0]
            size = 9 if small else 11
            _font(run.font, size, SUBTLE if series.role != "current" else INK, series.role == "current")
            if data.kind == "line":
                point_label.position = (XL_LABEL_POSITION.RIGHT if series.role == "target" else
                                        XL_LABEL_POSITION.BELOW if data.label_below(index) else
                                        XL_LABEL_POSITION.ABOVE)
            else:
                point_label.position = XL_LABEL_POSITION.OUTSIDE_END


def title_slide(presentation, deck: Deck, slide: Slide) -> None:
    page = presentation.slides.add_slide(presentation.slide_layouts[6])
    bar = BOXES["cover_bar"]
    shape = page.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(bar.x), Inches(bar.y), Inches(bar.w), Inches(bar.h))
    shape.fill.solid()
    shape.fill.fore_color.rgb = rgb(BLUE)
    shape.line.fill.background()
    shape.shadow.inherit = False
    text(page, BOXES["cover_title"], slide.title, 40, INK, True, anchor=MSO_ANCHOR.BOTTOM)
    text(page, BOXES["cover_subtitle"], slide.subtitle, 20, SUBTLE)
    text(page, BOXES["cover_summary"], " ".join(slide.highlights), 16, INK)
    text(page, BOXES["cover_footnote"], slide.footnote, 12, SUBTLE)


def headline_slide(presentation, deck: Deck, slide: Slide, number: int) -> None:
    page = presentation.slides.add_slide(presentation.slide_layouts[6])
    header(page, None, slide.title)
    text(page, BOXES["summary"], slide.highlights[0], 16, INK)
    rows = len(slide.table.rows) + 1
    table(page, BOXES["table"], slide.table, TABLE_COLUMNS, 12, len(slide.table.columns) - 1,
          min(0.35, BOXES["table"].h / rows), emphasis=1)
    below = " ".join(slide.highlights[1:])
    box = BOXES["below_table"]
    text(page, Box(box.x, box.y, box.w, 0.3), below, 12, INK)
    text(page, Box(box.x, box.y + 0.32, box.w, 0.3), slide.footnote, 9, SUBTLE)
    footer(page, deck, number, slide.metric_ids)


def topic_slide(presentation, deck: Deck, slide: Slide, number: int) -> None:
    page = presentation.slides.add_slide(presentation.slide_layouts[6])
    header(page, slide.title, slide.subtitle)
    bullets(page, BOXES["highlights"], slide.highlights, 15, spacing=14)
    if slide.chart is not None:
        text(page, BOXES["chart_title"], slide.chart.title, 12, SUBTLE, True)
        if slide.chart.empty:  # not drawn: the note says why, where the chart would be
            text(page, BOXES["chart"], slide.chart.note, 14, SUBTLE, anchor=MSO_ANCHOR.MIDDLE, align=PP_ALIGN.CENTER)
        else:
            chart(page, BOXES["chart"], slide.chart)
            if slide.chart.note:
                text(page, BOXES["chart_note"], slide.chart.note, 10, SUBTLE)
    footer(page, deck, number, slide.metric_ids)


def method_slide(presentation, deck: Deck, slide: Slide, number: int) -> None:
    page = presentation.slides.add_slide(presentation.slide_layouts[6])
    header(page, None, slide.title)
    (definitions_heading, definitions), (rules_heading, rules) = slide.sections
    bullets(page, BOXES["definitions"], definitions, 12, definitions_heading, spacing=6)
    bullets(page, BOXES["rules"], rules, 11.5, rules_heading, spacing=6)
    sources = BOXES["sources"]
    text(page, Box(sources.x, sources.y, sources.w, 0.3), slide.sources_heading, 11.5, INK, True)
    if slide.sources is not None and slide.sources.rows:
        table(page, Box(sources.x, sources.y + 0.35, sources.w, sources.h - 0.35), slide.sources, SOURCE_COLUMNS,
              10, None, min(0.24, (sources.h - 0.35) / (len(slide.sources.rows) + 1)))
    text(page, Box(BOXES["footer"].x, BOXES["footer"].y - 0.42, BOXES["footer"].w, 0.3), slide.footnote, 9, SUBTLE)
    footer(page, deck, number, ())


def render(deck: Deck) -> bytes:
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = SLIDE_WIDTH, Emu(Inches(HEIGHT))
    presentation.core_properties.title = deck.slides[0].title
    presentation.core_properties.subject = deck.footer
    presentation.core_properties.author = "Dirigent"
    presentation.core_properties.language = "de-DE" if deck.language == "de" else "en-GB"
    for number, slide in enumerate(deck.slides, start=1):
        if slide.kind == "title":
            title_slide(presentation, deck, slide)
        elif slide.kind == "headline":
            headline_slide(presentation, deck, slide, number)
        elif slide.kind == "topic":
            topic_slide(presentation, deck, slide, number)
        else:
            method_slide(presentation, deck, slide, number)
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()
