"""Plotly figures for the dashboard, built from frames the metrics layer returns; colour-blind-safe colours."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from dashboard.i18n import month_label, plotly_separators

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


def learners_and_rate(trend: pl.DataFrame, learners_label: str, rate_label: str) -> go.Figure:
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    months = trend["month"].to_list()
    figure.add_bar(x=months, y=trend["P2"].to_list(), name=learners_label, marker_color=MUTED, secondary_y=False)
    figure.add_scatter(x=months, y=trend["P3"].to_list(), name=rate_label, mode="lines+markers",
                       line={"color": ACCENT, "width": 2.5}, secondary_y=True)
    figure.update_yaxes(tickformat=",~r", secondary_y=False)
    figure.update_yaxes(tickformat=".0%", secondary_y=True, showgrid=False, rangemode="tozero")
    return month_axis(layout(figure), months)


def hours_per_fte(trend: pl.DataFrame, label: str) -> go.Figure:
    figure = go.Figure()
    months = trend["month"].to_list()
    figure.add_scatter(x=months, y=trend["P5"].to_list(), name=label, mode="lines+markers",
                       line={"color": ACCENT, "width": 2.5}, fill="tozeroy", fillcolor="rgba(0,114,178,0.10)")
    return month_axis(layout(figure), months)
