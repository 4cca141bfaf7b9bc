"""Plotly figures for the dashboard, built from frames the metrics layer returns; colour-blind-safe colours."""

from __future__ import annotations

import math

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from dashboard.i18n import month_label, percent, plotly_separators

INK, GRID = "#1F2933", "#E4E7EB"
# Okabe & Ito's palette: distinguishable with every common colour-vision deficiency.
BLUE, ORANGE, GREEN, PINK, SKY, VERMILION, YELLOW, GREY = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#8C8C8C")
PALETTE = [BLUE, ORANGE, GREEN, PINK, SKY, VERMILION, YELLOW, GREY]
ACCENT, MUTED = BLUE, SKY
CHANNEL_COLOURS = {"formal": BLUE, "peer": ORANGE, "coaching": GREEN, "circle": PINK, "other": GREY}
STATUS_COLOURS = {"on track": BLUE, "at risk": ORANGE, "off track": VERMILION}
SEQUENTIAL = "cividis"  # perceptually even and readable for colour-blind viewers
DIVERGING = [[0, VERMILION], [0.5, "#F7F7F7"], [1, BLUE]]


def layout(figure: go.Figure, height: int = 340, legend: bool = True) -> go.Figure:
    """The house style: white, quiet grid, legend below, separators of the current language."""
    figure.update_layout(
        separators=plotly_separators(), margin={"l": 10, "r": 10, "t": 20, "b": 10}, height=height,
        plot_bgcolor="white", paper_bgcolor="white", font={"color": INK}, colorway=PALETTE,
        showlegend=legend, legend={"orientation": "h", "y": -0.2}, hovermode="x unified",
    )
    figure.update_yaxes(gridcolor=GRID, rangemode="tozero")
    figure.update_xaxes(showgrid=False)
    return figure


def month_axis(figure: go.Figure, months: list, every: int = 3) -> go.Figure:
    """Month ticks in the current language (plotly only knows English month names)."""
    ticks = months[::every] if len(months) > 12 else months
    figure.update_xaxes(tickvals=ticks, ticktext=[month_label(m) for m in ticks], tickangle=0)
    return figure


def month_ticks(figure: go.Figure, months: list, ticks: int = 5) -> go.Figure:
    """At most `ticks` month labels in the current language, so that a half-width chart's labels do not collide."""
    every = max(1, math.ceil(len(months) / ticks))
    shown = months[::-1][::every][::-1]  # count back from the newest month, which is always labelled
    figure.update_xaxes(tickvals=shown, ticktext=[month_label(m) for m in shown], tickangle=0)
    return figure


def share_ticks(figure: go.Figure, values: list, axis: str = "yaxis2") -> go.Figure:
    """A share axis (0..1 values) labelled the way the language writes percentages (plotly writes 40% in German)."""
    top = max([v for v in values if v is not None] or [0.0])
    step = next((s for s in (0.01, 0.02, 0.05, 0.1, 0.2, 0.25) if top / s <= 5), 0.25)
    ticks = [round(i * step, 2) for i in range(int(top / step + 1e-9) + 2)]
    figure.update_layout({axis: {"tickvals": ticks, "ticktext": [percent(v, 0) for v in ticks],
                                 "range": [0, ticks[-1]], "tickformat": None}})
    return figure


def learners_and_rate(trend: pl.DataFrame, learners_label: str, rate_label: str) -> go.Figure:
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    months = trend["month"].to_list()
    figure.add_bar(x=months, y=trend["P2"].to_list(), name=learners_label, marker_color=MUTED, secondary_y=False)
    figure.add_scatter(x=months, y=trend["P3"].to_list(), name=rate_label, mode="lines+markers",
                       line={"color": ACCENT, "width": 2.5}, secondary_y=True)
    figure.update_yaxes(tickformat=",~r", secondary_y=False)
    figure.update_yaxes(secondary_y=True, showgrid=False, rangemode="tozero")
    return share_ticks(month_ticks(layout(figure), months), trend["P3"].to_list())


def hours_per_fte(trend: pl.DataFrame, label: str) -> go.Figure:
    figure = go.Figure()
    months = trend["month"].to_list()
    figure.add_scatter(x=months, y=trend["P5"].to_list(), name=label, mode="lines+markers",
                       line={"color": ACCENT, "width": 2.5}, fill="tozeroy", fillcolor="rgba(0,114,178,0.10)")
    return month_ticks(layout(figure), months)
