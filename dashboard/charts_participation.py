"""The Participation page's frames, findings and figures, built only from guarded metric results.

Frames: pure functions of `metrics.compute.Result` objects (hidden rows keep their flag, never a value).
Findings: the numbers a chart's title states, picked from those frames. Figures: plotly, house style.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any, Callable

import plotly.graph_objects as go
import polars as pl

from dashboard.charts import (ACCENT, CHANNEL_COLOURS, GREY, GRID, INK, ORANGE, SEQUENTIAL, SKY, layout,
                              month_ticks)
from dashboard.i18n import language, month_label, number, percent
from metrics.compute import Result
from metrics.filters import subtree
from metrics.participation_more import CHANNELS, LORENZ_DECILES

MIX_CHANNELS = (*CHANNELS, "other")
GROUP_LIMIT = 24  # more groups than this: the lowest and highest half each, the rest in the CSV


# -- frames -----------------------------------------------------------------------------------------------

def figure(result: Result, field: str | None = None, group: str = "all") -> tuple[Any, bool]:
    """One group's value (or one field of a multi-figure value) and whether it is hidden."""
    row = next((r for r in result.rows if r["group"] == group), None)
    if row is None:
        return None, True
    value = row["value"]
    if field is not None and isinstance(value, dict):
        value = value.get(field)
    return value, bool(row["suppressed"])


def monthly_frame(results: list[tuple[date, Result]], fields: list[str] | None = None) -> pl.DataFrame:
    """month, population, suppressed and the values (one column per field, or `value`) of one result per month."""
    fields = fields or ["value"]
    records = []
    for month, result in results:
        row = next((r for r in result.rows if r["group"] == "all"), None)
        value = row["value"] if row else None
        values = {f: (value.get(f) if isinstance(value, dict) else value) for f in fields} if value is not None \
            else dict.fromkeys(fields)
        records.append({"month": month, "population": row["population"] if row else 0,
                        "suppressed": bool(row["suppressed"]) if row else True, **values})
    schema = {"month": pl.Date, "population": pl.Int64, "suppressed": pl.Boolean, **dict.fromkeys(fields, pl.Float64)}
    return pl.DataFrame(records, schema=schema)


def year_before(day: date) -> date:
    return day.replace(year=day.year - 1)


def reference_row(shown: pl.DataFrame) -> dict | None:
    """The month a trend's last month is compared with: the same month a year before where shown (no season in
    the change), else the first shown month; None with fewer than two shown months."""
    if shown.height < 2:
        return None
    last = shown["month"][-1]
    same = shown.filter(pl.col("month") == year_before(last))
    return (same if same.height else shown).row(0, named=True)


def trend_finding(trend: pl.DataFrame) -> dict | None:
    """The last shown month's P3 and P2, and the change of P3 (percentage points) against the reference month."""
    shown = trend.filter(~pl.col("suppressed") & pl.col("P3").is_not_null())
    if shown.is_empty():
        return None
    last = shown.row(-1, named=True)
    found = {"month": last["month"], "rate": last["P3"], "learners": last["P2"]}
    reference = reference_row(shown)
    if reference is not None:
        found.update(ref_month=reference["month"], change=(last["P3"] - reference["P3"]) * 100)
    return found


def group_frame(p3: Result, p2: Result, label: Callable[[str], str]) -> pl.DataFrame:
    """group, label, population, P2, P3, suppressed, note: one row per group, sorted by P3 (hidden last)."""
    learners = {r["group"]: r["value"] for r in p2.rows}
    records = [{"group": r["group"], "label": label(r["group"]), "population": r["population"],
                "P2": None if r["suppressed"] else learners.get(r["group"]),
                "P3": r["value"], "suppressed": bool(r["suppressed"]), "note": r.get("note", "")} for r in p3.rows]
    schema = {"group": pl.String, "label": pl.String, "population": pl.Int64, "P2": pl.Int64, "P3": pl.Float64,
              "suppressed": pl.Boolean, "note": pl.String}
    return pl.DataFrame(records, schema=schema).sort(["suppressed", "P3", "label"], nulls_last=True)


def org_levels(org_units: pl.DataFrame, within: str | None = None) -> dict[int, int]:
    """The levels of the org tree a grouping can split the view by, with how many units each has in the view:
    below the top level (unless it has several units), or below the filtered unit, counting its subtree only."""
    if org_units.is_empty():
        return {}
    top = int(org_units["level"].min())
    several_roots = org_units.filter(pl.col("level") == top).height > 1
    units, above = org_units, top - 1 if several_roots else top
    if within:
        units = org_units.filter(pl.col("org_unit_id").is_in(list(subtree(org_units, within))))
        above = int(org_units.filter(pl.col("org_unit_id") == within)["level"][0])
    counts = units.filter(pl.col("level") > above).group_by("level").len()
    return {int(level): int(n) for level, n in counts.sort("level").iter_rows()}


def visible_groups(frame: pl.DataFrame, limit: int = GROUP_LIMIT) -> tuple[pl.DataFrame, int]:
    """Shown groups sorted by P3 ascending; above `limit`, the limit/2 lowest and highest and how many were left out."""
    shown = frame.filter(~pl.col("suppressed") & pl.col("P3").is_not_null()).sort("P3", "label")
    if shown.height <= limit:
        return shown, 0
    half = limit // 2
    return pl.concat([shown.head(half), shown.tail(half)]), shown.height - 2 * half


def group_gap(frame: pl.DataFrame) -> dict | None:
    """The lowest and highest shown group and the gap between them (in the value's unit)."""
    shown = frame.filter(~pl.col("suppressed") & pl.col("P3").is_not_null()).sort("P3", "label")
    if shown.is_empty():
        return None
    low, high = shown.row(0, named=True), shown.row(-1, named=True)
    return {"low_group": low["label"], "low": low["P3"], "high_group": high["label"], "high": high["P3"],
            "gap": high["P3"] - low["P3"], "groups": shown.height}


def mix_frame(results: list[tuple[date, Result]]) -> pl.DataFrame:
    """P6 per month: month, population, suppressed, share_formal ... share_other (null without hours)."""
    return monthly_frame(results, [f"share_{c}" for c in MIX_CHANNELS])


def mix_finding(frame: pl.DataFrame) -> dict | None:
    """The channel with the largest share in the last month with hours, and the channel whose share moved most
    against the reference month (`reference_row`)."""
    shown = frame.filter(~pl.col("suppressed") & pl.col("share_formal").is_not_null())
    if shown.is_empty():
        return None
    last, first = shown.row(-1, named=True), reference_row(shown)
    top = max(MIX_CHANNELS, key=lambda c: last[f"share_{c}"] or 0)
    found = {"top": top, "top_share": last[f"share_{top}"], "month": last["month"], "months": shown.height}
    if first is not None:
        found["first"] = first["month"]
        mover = max(MIX_CHANNELS, key=lambda c: abs((last[f"share_{c}"] or 0) - (first[f"share_{c}"] or 0)))
        found.update(mover=mover, before=first[f"share_{mover}"], after=last[f"share_{mover}"])
    return found


def _month_start(text: str) -> date:
    return date(int(text[:4]), int(text[5:7]), 1)


def cohort_frame(p8: Result) -> pl.DataFrame:
    """P8's cohort rows: cohort (first day of month), months_since, size, share, suppressed."""
    records = []
    for r in p8.rows:
        if not r["group"].startswith("cohort "):
            continue
        month, since = r["group"].removeprefix("cohort ").split(" +")[:2]
        records.append({"cohort": _month_start(month), "months_since": int(since.split(" ")[0]),
                        "size": r["population"], "share": r["value"], "suppressed": bool(r["suppressed"])})
    schema = {"cohort": pl.Date, "months_since": pl.Int64, "size": pl.Int64, "share": pl.Float64,
              "suppressed": pl.Boolean}
    return pl.DataFrame(records, schema=schema).sort("cohort", "months_since")


def returning_frame(p8: Result) -> pl.DataFrame:
    """P8's monthly rows: month, population, returning_rate, suppressed."""
    records = [{"month": date.fromisoformat(r["group"][:10]), "population": r["population"],
                "returning_rate": r["value"], "suppressed": bool(r["suppressed"])}
               for r in p8.rows if not r["group"].startswith("cohort ")]
    schema = {"month": pl.Date, "population": pl.Int64, "returning_rate": pl.Float64, "suppressed": pl.Boolean}
    return pl.DataFrame(records, schema=schema).sort("month")


def next_month(day: date) -> tuple[date, date]:
    """First and last day of the month after `day`'s month."""
    first = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def returning_known(month: date, data_last: date, today: date) -> bool:
    """Whether month m's return can be read: m + 1 has data and is over."""
    first, last = next_month(month)
    return first <= data_last and last < today


def hidden_cohorts(frame: pl.DataFrame) -> int:
    return frame.filter(pl.col("suppressed"))["cohort"].n_unique()


def cohort_finding(frame: pl.DataFrame) -> dict | None:
    """The size-weighted share of shown cohorts active again one month after their first, and the best cohort."""
    one = frame.filter(~pl.col("suppressed") & (pl.col("months_since") == 1) & pl.col("share").is_not_null())
    if one.is_empty():
        return None
    average = (one["share"] * one["size"]).sum() / one["size"].sum()
    best = one.sort("share", "cohort", descending=[True, False]).row(0, named=True)
    return {"avg": average, "best_cohort": best["cohort"], "best": best["share"], "cohorts": one.height}


def returning_finding(frame: pl.DataFrame) -> dict | None:
    """The last shown month's returning rate and the mean over the shown months."""
    shown = frame.filter(~pl.col("suppressed") & pl.col("returning_rate").is_not_null())
    if shown.is_empty():
        return None
    last = shown.row(-1, named=True)
    return {"month": last["month"], "next": next_month(last["month"])[0], "rate": last["returning_rate"],
            "avg": shown["returning_rate"].mean(), "n": shown.height}


def lorenz_curve(value: dict) -> tuple[list[float], list[float]]:
    """P9's Lorenz points: x the exact share of active persons counted (floor(d % of n) of n), y their events."""
    n = value.get("active") or 0
    xs, ys = [0.0], [0.0]
    for d in LORENZ_DECILES:
        y = value.get(f"lorenz_{d}")
        if y is None or n == 0:
            continue
        xs.append(((d * n) // 100) / n)
        ys.append(y)
    xs.append(1.0)
    ys.append(1.0)
    return xs, ys


def split_shares(value: dict) -> dict[str, tuple[int, float]] | None:
    """P9's 90-9-1 split: (persons, share of active persons) for lurkers, occasional and heavy contributors."""
    active = value.get("active") or 0
    if not active:
        return None
    return {key: (value[key], value[key] / active) for key in ("lurkers", "occasional", "heavy")}


def has_values(frame: pl.DataFrame, column: str) -> bool:
    """Whether a monthly frame has at least one shown value to draw."""
    return frame.filter(~pl.col("suppressed") & pl.col(column).is_not_null()).height > 0


def extremes(frame: pl.DataFrame, column: str) -> dict | None:
    """The lowest and highest shown month of a monthly column (at least two months)."""
    shown = frame.filter(~pl.col("suppressed") & pl.col(column).is_not_null())
    if shown.height < 2:
        return None
    low = shown.sort(column, "month").row(0, named=True)
    high = shown.sort(column, "month", descending=[True, False]).row(0, named=True)
    return {"low": low[column], "low_month": low["month"], "high": high[column], "high_month": high["month"]}


# -- figures ----------------------------------------------------------------------------------------------

def _percent_suffix() -> str:
    return " %" if language() == "de" else "%"


def _percent_axis(figure: go.Figure, axis: str = "y", **options) -> None:
    """A 0..100 axis written the way the language writes percentages."""
    update = figure.update_yaxes if axis == "y" else figure.update_xaxes
    update(ticksuffix=_percent_suffix(), tickformat=",~r", **options)


def group_bars(frame: pl.DataFrame, overall: float | None, overall_label: str,
               hover: Callable[[dict], str]) -> go.Figure:
    """P3 per group as horizontal bars, the highest on top; the whole view as a dashed line."""
    rows = frame.to_dicts()
    figure = go.Figure(go.Bar(
        x=[r["P3"] * 100 for r in rows], y=[r["label"] for r in rows], orientation="h", marker_color=ACCENT,
        text=[percent(r["P3"]) for r in rows], textposition="outside", cliponaxis=False,
        customdata=[hover(r) for r in rows], hovertemplate="%{y}: %{text}<br>%{customdata}<extra></extra>"))
    height = max(220, 26 * len(rows) + 70)
    layout(figure, height=height, legend=False)
    figure.update_layout(hovermode="closest", margin={"l": 10, "r": 40, "t": 30, "b": 10}, bargap=0.25)
    top = max([r["P3"] for r in rows] + [overall or 0])
    _percent_axis(figure, "x", range=[0, min(105, top * 115)], gridcolor=GRID, showgrid=True)
    figure.update_yaxes(type="category", automargin=True, showgrid=False)
    if overall is not None:
        figure.add_vline(x=overall * 100, line={"color": ORANGE, "dash": "dash", "width": 2})
        figure.add_annotation(x=overall * 100, y=1, yref="paper", yanchor="bottom", showarrow=False,
                              text=overall_label, font={"color": INK, "size": 12})
    return figure


def channel_mix(frame: pl.DataFrame, names: dict[str, str]) -> go.Figure:
    """P6 per month as stacked shares of learning hours, one colour per channel."""
    figure = go.Figure()
    months = frame["month"].to_list()
    for channel in MIX_CHANNELS:
        column = f"share_{channel}"
        values = [None if (h or v is None) else v * 100 for v, h in zip(frame[column], frame["suppressed"])]
        if channel == "other" and not any(values):
            continue
        figure.add_bar(x=months, y=values, name=names[channel], marker_color=CHANNEL_COLOURS[channel],
                       customdata=[percent(v / 100) if v is not None else "" for v in values],
                       hovertemplate=f"{names[channel]}: %{{customdata}}<extra></extra>")
    layout(figure)
    figure.update_layout(barmode="stack", bargap=0.15, legend={"traceorder": "normal", "orientation": "h", "y": -0.15})
    _percent_axis(figure, "y", range=[0, 100])
    return month_ticks(figure, months)


def cohort_heatmap(frame: pl.DataFrame, x_title: str) -> go.Figure:
    """P8's cohort table: one row per cohort (newest on top), one column per month since the first activity."""
    shown = frame.filter(~pl.col("suppressed") & (pl.col("months_since") > 0))
    cohorts = sorted(shown["cohort"].unique().to_list())
    width = int(shown["months_since"].max() or 0)
    sizes = dict(shown.select("cohort", "size").unique().iter_rows())
    cells = {(c, m): s for c, m, s in shown.select("cohort", "months_since", "share").iter_rows()}
    labels = [f"{month_label(c)} ({number(sizes[c])})" for c in cohorts]
    z = [[None if cells.get((c, m)) is None else cells[(c, m)] * 100 for m in range(1, width + 1)] for c in cohorts]
    text = [[percent(v / 100, 0) if v is not None else "" for v in row] for row in z]
    figure = go.Figure(go.Heatmap(
        z=z, x=list(range(1, width + 1)), y=labels, text=text, texttemplate="%{text}", textfont={"size": 10},
        colorscale=SEQUENTIAL, zmin=0, zmax=100, xgap=2, ygap=2, hoverongaps=False, showscale=False,
        hovertemplate="%{y}, +%{x}: %{text}<extra></extra>"))
    layout(figure, height=max(260, 28 * len(cohorts) + 90), legend=False)
    figure.update_layout(hovermode="closest", plot_bgcolor="white")
    figure.update_xaxes(title_text=x_title, dtick=1, side="bottom", showgrid=False)
    figure.update_yaxes(type="category", autorange="reversed", showgrid=False, rangemode="normal")
    return figure


def returning_line(frame: pl.DataFrame, label: str) -> go.Figure:
    """P8's monthly share of a month's learners active again the next month."""
    months = frame["month"].to_list()
    values = [None if h or v is None else v * 100 for v, h in zip(frame["returning_rate"], frame["suppressed"])]
    figure = go.Figure(go.Scatter(
        x=months, y=values, name=label, mode="lines+markers", line={"color": ACCENT, "width": 2.5},
        customdata=[percent(v / 100) if v is not None else "" for v in values],
        hovertemplate=f"{label}: %{{customdata}}<extra></extra>"))
    layout(figure, legend=False)
    _percent_axis(figure, "y", range=[0, 100])
    return month_ticks(figure, months)


def lorenz(xs: list[float], ys: list[float], curve_label: str, equal_label: str, x_title: str,
           y_title: str) -> go.Figure:
    """The Lorenz curve of events per active person against the line of equal participation."""
    figure = go.Figure()
    figure.add_scatter(x=[0, 100], y=[0, 100], name=equal_label, mode="lines",
                       line={"color": GREY, "dash": "dot", "width": 1.5}, hoverinfo="skip")
    figure.add_scatter(x=[x * 100 for x in xs], y=[y * 100 for y in ys], name=curve_label, mode="lines+markers",
                       line={"color": ACCENT, "width": 2.5}, fill="tonexty", fillcolor="rgba(0,114,178,0.10)",
                       customdata=[[percent(x, 0), percent(y)] for x, y in zip(xs, ys)],
                       hovertemplate="%{customdata[0]} → %{customdata[1]}<extra></extra>")
    layout(figure)
    figure.update_layout(hovermode="closest")
    _percent_axis(figure, "x", range=[0, 100], title_text=x_title, dtick=20)
    _percent_axis(figure, "y", range=[0, 100], title_text=y_title, dtick=20)
    return figure


def split_bars(split: dict[str, tuple[int, float]], labels: dict[str, str], people: Callable[[int], str],
               rule_label: str) -> go.Figure:
    """P9's 90-9-1 split: share of active persons per kind, with the rule of thumb as markers."""
    keys = ["lurkers", "occasional", "heavy"]
    names = [labels[k] for k in keys]
    shares = [split[k][1] * 100 for k in keys]
    figure = go.Figure()
    figure.add_bar(x=names, y=shares, marker_color=[SKY, ORANGE, CHANNEL_COLOURS["coaching"]], name="",
                   text=[percent(s / 100) for s in shares], textposition="outside", cliponaxis=False,
                   customdata=[people(split[k][0]) for k in keys],
                   hovertemplate="%{x}: %{text} (%{customdata})<extra></extra>", showlegend=False)
    figure.add_scatter(x=names, y=[90, 9, 1], name=rule_label, mode="markers",
                       marker={"symbol": "line-ew", "size": 38, "line": {"width": 3, "color": INK}},
                       hovertemplate=f"{rule_label}: %{{y}}{_percent_suffix()}<extra></extra>")
    layout(figure)
    figure.update_layout(hovermode="closest", bargap=0.35,
                         legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1.02, "yanchor": "bottom"},
                         margin={"l": 10, "r": 10, "t": 40, "b": 10})
    _percent_axis(figure, "y", range=[0, 108])
    figure.update_xaxes(tickangle=0)
    return figure


def completion_bars(frame: pl.DataFrame, label: str) -> go.Figure:
    """P7 by the month the enrolments started."""
    months = frame["month"].to_list()
    values = [None if h or v is None else v * 100 for v, h in zip(frame["value"], frame["suppressed"])]
    figure = go.Figure(go.Bar(
        x=months, y=values, name=label, marker_color=ACCENT,
        customdata=[percent(v / 100) if v is not None else "" for v in values],
        hovertemplate=f"{label}: %{{customdata}}<extra></extra>"))
    layout(figure, legend=False)
    _percent_axis(figure, "y", range=[0, 100])
    return month_ticks(figure, months)


def satisfaction_chart(frame: pl.DataFrame, rating_label: str, nps_label: str) -> go.Figure:
    """P10 per month: mean rating (line, 1 to 5) and NPS (bars, -100 to +100) on a second axis."""
    from plotly.subplots import make_subplots

    months = frame["month"].to_list()
    keep = [not h for h in frame["suppressed"]]
    ratings = [v if k else None for v, k in zip(frame["mean_rating"], keep)]
    nps = [v if k else None for v, k in zip(frame["nps"], keep)]
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    figure.add_bar(x=months, y=nps, name=nps_label, marker_color=SKY, secondary_y=True, opacity=0.7,
                   customdata=[number(v, 0) if v is not None else "" for v in nps],
                   hovertemplate=f"{nps_label}: %{{customdata}}<extra></extra>")
    figure.add_scatter(x=months, y=ratings, name=rating_label, mode="lines+markers", secondary_y=False,
                       line={"color": ACCENT, "width": 2.5},
                       customdata=[number(v, 2) if v is not None else "" for v in ratings],
                       hovertemplate=f"{rating_label}: %{{customdata}}<extra></extra>")
    layout(figure)
    figure.update_yaxes(range=[1, 5], secondary_y=False, rangemode="normal", dtick=1)
    figure.update_yaxes(range=[-100, 100], secondary_y=True, showgrid=False, rangemode="normal",
                        zeroline=True, zerolinecolor=GRID)
    return month_ticks(figure, months)


def signed(value: float, decimals: int = 0) -> str:
    """NPS and other point values with their sign: +18, -4."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return ("+" if value > 0 else ("-" if value < 0 else "±")) + number(abs(value), decimals)


def rating_change(change: float | None) -> str | None:
    """A change of the mean rating, to two decimals (a 1-to-5 scale moves in small steps)."""
    if change is None:
        return None
    return ("+" if change >= 0 else "-") + number(abs(change), 2)
