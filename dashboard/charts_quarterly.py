"""The quarterly review's chart: one small panel per headline metric, three quarters and the target."""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.charts import GREY, INK, STATUS_COLOURS, layout
from dashboard.findings_quarterly import Line, value_text

EARLIER = ("#D5D9DE", "#A9B0B8")  # same quarter last year, previous quarter: quiet greys
ZERO = "#9AA5B1"
COLUMNS = 3


def small_multiples(review: list[Line], titles: dict[str, str], quarters: tuple[str, str, str]) -> go.Figure:
    """Per metric: bars for the same quarter last year, the previous quarter and the quarter (coloured by its
    status), each labelled with its value; the target as a dashed line. Values that are None are left out.

    `titles` holds each panel's title (metric, target and status, as the page words them)."""
    rows = -(-len(review) // COLUMNS)
    labels_drawn: list[dict] = []  # annotations and target lines set in one call: plotly copies them on every add
    targets: list[dict] = []
    figure = make_subplots(rows=rows, cols=COLUMNS, subplot_titles=[titles[line.metric_id] for line in review],
                           horizontal_spacing=0.05, vertical_spacing=0.2 if rows > 1 else 0)
    for index, line in enumerate(review):
        row, col = index // COLUMNS + 1, index % COLUMNS + 1
        values = [line.year_before, line.previous, line.value]
        colours = [*EARLIER, STATUS_COLOURS.get(line.status, GREY)]
        labels = ["" if v is None else value_text(line.metric_id, v) for v in values]
        figure.add_bar(x=list(quarters), y=values, marker_color=colours, hovertext=labels,
                       hovertemplate="%{x}: %{hovertext}<extra></extra>", showlegend=False, row=row, col=col)
        axis = "" if index == 0 else str(index + 1)
        for quarter, value, text in zip(quarters, values, labels):
            if value is None:
                continue
            # Labels as annotations with a backdrop, so that the target line never strikes through them.
            labels_drawn.append({"x": quarter, "y": value, "text": text, "showarrow": False, "xref": f"x{axis}",
                                 "yref": f"y{axis}", "yanchor": "top" if value < 0 else "bottom",
                                 "yshift": -2 if value < 0 else 2, "font": {"size": 11, "color": INK},
                                 "bgcolor": "rgba(255,255,255,0.85)", "borderpad": 1})
        if line.target is not None:  # what add_hline draws: across the panel's width at the target
            targets.append({"type": "line", "xref": f"x{axis} domain", "yref": f"y{axis}", "x0": 0, "x1": 1,
                            "y0": line.target, "y1": line.target,
                            "line": {"dash": "dash", "color": INK, "width": 1.2}})
        known = [v for v in values if v is not None] + ([line.target] if line.target is not None else [])
        high, low = max(known + [0]), min(known + [0])
        span = (high - low) or 1
        figure.update_yaxes(range=[low - 0.3 * span if low < 0 else 0, high + 0.25 * span], showticklabels=False,
                            showgrid=False, zeroline=True, zerolinecolor=ZERO, row=row, col=col)
        figure.update_xaxes(tickfont={"size": 10}, row=row, col=col)
    figure.update_layout(annotations=[*figure.layout.annotations, *labels_drawn], shapes=targets)
    figure = layout(figure, height=215 * rows + 20, legend=False)
    figure.update_layout(hovermode="closest", margin={"l": 10, "r": 10, "t": 40, "b": 10}, bargap=0.3)
    return figure


SUBTLE = "#5F6B7A"  # secondary text, readable on white


def status_colours(status: str | None) -> tuple[str, str]:
    """Background and text colour of a status label; the label always names the status in words too."""
    background = STATUS_COLOURS.get(status, "#E4E7EB")
    return background, ("white" if status in ("on track", "off track") else INK)


def badge(status: str | None, text: str) -> str:
    background, colour = status_colours(status)
    return (f'<span style="background:{background};color:{colour};border-radius:0.4rem;padding:0.05rem 0.45rem;'
            f'font-size:0.8rem;font-weight:600">{text}</span>')


def caption_html(text: str) -> str:
    return f"<span style='font-size:0.8rem;color:{SUBTLE}'>{text}</span>"


def status_styles(review: list[Line]) -> list[str]:
    """CSS for the table's status cells, one per line; no colour where there is no status."""
    styles = []
    for line in review:
        background, colour = status_colours(line.status)
        styles.append(f"background-color: {background}; color: {colour}; font-weight: 600"
                      if line.status in STATUS_COLOURS else "")
    return styles


def panel_title(title: str, subtitle: str) -> str:
    return f"{title}<br><span style='font-size:11px;color:{SUBTLE}'>{subtitle}</span>"
