"""Plotly figures for the dashboard, built from frames the metrics layer returns."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

INK, ACCENT, MUTED = "#1F2933", "#2E5E8C", "#9DB4C8"


def _layout(figure: go.Figure, title: str, separators: str) -> go.Figure:
    figure.update_layout(
        separators=separators,
        title={"text": title, "font": {"size": 15}}, margin={"l": 10, "r": 10, "t": 50, "b": 10}, height=340,
        plot_bgcolor="white", paper_bgcolor="white", font={"color": INK},
        legend={"orientation": "h", "y": -0.18}, hovermode="x unified",
    )
    figure.update_xaxes(showgrid=False, dtick="M3", tickformat="%b\n%Y", tickangle=0, ticklabelmode="instant")
    figure.update_yaxes(gridcolor="#E4E7EB", rangemode="tozero")
    return figure


def learners_and_rate(trend: pl.DataFrame, title: str, learners_label: str, rate_label: str,
                      separators: str) -> go.Figure:
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    figure.add_bar(x=trend["month"].to_list(), y=trend["P2"].to_list(), name=learners_label,
                   marker_color=MUTED, secondary_y=False)
    figure.add_scatter(x=trend["month"].to_list(), y=trend["P3"].to_list(), name=rate_label, mode="lines+markers",
                       line={"color": ACCENT, "width": 2.5}, secondary_y=True)
    figure.update_yaxes(tickformat=",~r", secondary_y=False)
    figure.update_yaxes(tickformat=".0%", dtick=0.1, secondary_y=True, showgrid=False, rangemode="tozero")
    return _layout(figure, title, separators)


def hours_per_fte(trend: pl.DataFrame, title: str, label: str, separators: str) -> go.Figure:
    figure = go.Figure()
    figure.add_scatter(x=trend["month"].to_list(), y=trend["P5"].to_list(), name=label, mode="lines+markers",
                       line={"color": ACCENT, "width": 2.5}, fill="tozeroy", fillcolor="rgba(46,94,140,0.10)")
    return _layout(figure, title, separators)
