"""The Skills page's charts and the findings their titles state, from the guarded rows of S3 to S6.

Pure functions of result rows (no Streamlit), so that the page only arranges and the findings can be tested.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass

import plotly.graph_objects as go
import polars as pl

from dashboard import charts
from dashboard.i18n import number, percent, t
from metrics.catalogue import METRICS
from metrics.filters import subtree

TOTAL = "__total__"  # the heatmap's first row: the whole view
MAX_LEVELS = 2  # the heatmap offers the next two org-unit levels below the view
GROUPINGS = ("org_unit:2", "org_unit:3", "country", "location", "job_family", "employment_type", "age_band")
TOP = 5  # risers and fallers shown


# --- S3 by org unit and skill cluster -----------------------------------------------------------------


def heatmap_levels(org_units: pl.DataFrame, within: str | None) -> list[int]:
    """The org-unit levels the heatmap can show below the view's org unit (below the root without a filter)."""
    units = _within(org_units, within)
    if units.is_empty():
        return []
    top = units["level"].min() if within is None else units.filter(pl.col("org_unit_id") == within)["level"][0]
    return sorted(level for level in units["level"].unique() if level > top)[:MAX_LEVELS]


def heatmap_units(org_units: pl.DataFrame, within: str | None, level: int | None) -> list[str]:
    """The org units at `level` inside the view's org unit, by name."""
    if level is None:
        return []
    units = _within(org_units, within).filter(pl.col("level") == level)
    return units.with_columns(pl.coalesce("name", "org_unit_id").alias("_name")).sort("_name")[
        "org_unit_id"].to_list()


def _within(org_units: pl.DataFrame, within: str | None) -> pl.DataFrame:
    if within is None:
        return org_units
    return org_units.filter(pl.col("org_unit_id").is_in(list(subtree(org_units, within))))


def coverage_cells(rows: list[tuple[str, pl.DataFrame]]) -> pl.DataFrame:
    """One frame of heatmap cells from (row id, rows_frame of S3 by skill_cluster) pairs.

    Columns row, cluster, population, coverage (null when hidden or undefined), suppressed."""
    schema = {"row": pl.String, "cluster": pl.String, "population": pl.Int64, "coverage": pl.Float64,
              "suppressed": pl.Boolean}
    frames = [frame.select(pl.lit(row).alias("row"), pl.col("group").alias("cluster"), "population",
                           pl.col("value").cast(pl.Float64).alias("coverage"), "suppressed")
              for row, frame in rows if frame.height and "value" in frame.columns]
    return pl.concat([f.cast(schema) for f in frames]) if frames else pl.DataFrame(schema=schema)


@dataclass(frozen=True)
class Cell:
    row: str
    cluster: str
    coverage: float


def coverage_extremes(cells: pl.DataFrame) -> tuple[Cell, Cell] | None:
    """The least and the most covered visible cell; org-unit rows first, the total row when no unit shows."""
    shown = cells.filter(~pl.col("suppressed") & pl.col("coverage").is_not_null())
    units = shown.filter(pl.col("row") != TOTAL)
    pool = units if units.height else shown
    if pool.is_empty():
        return None
    ordered = pool.sort(["coverage", "row", "cluster"])
    low, high = ordered.row(0, named=True), ordered.sort(["coverage", "row", "cluster"],
                                                         descending=[True, False, False]).row(0, named=True)
    return (Cell(low["row"], low["cluster"], low["coverage"]), Cell(high["row"], high["cluster"], high["coverage"]))


def cluster_order(cells: pl.DataFrame) -> list[str]:
    """Clusters from the least to the most covered in the total row; clusters without a total figure last."""
    total = {r["cluster"]: r["coverage"] for r in cells.filter(pl.col("row") == TOTAL).iter_rows(named=True)}
    clusters = sorted(set(cells["cluster"]))
    return sorted(clusters, key=lambda c: (total.get(c) is None, total.get(c) or 0.0, c))


def wrap(label: str | None, width: int = 16) -> str:
    """A label over lines of `width`; a skill without a label (no framework synced yet) shows a dash."""
    if label is None:
        return "–"
    return "<br>".join(textwrap.wrap(label, width, break_long_words=False, break_on_hyphens=False)) or label


def coverage_heatmap(cells: pl.DataFrame, rows: list[str], row_labels: dict[str, str],
                     cluster_labels: dict[str, str]) -> go.Figure:
    """Skill clusters (rows, least covered on top) by org unit (columns, the total first); hidden cells say so,
    cells without requirements show –."""
    clusters = cluster_order(cells)
    found = {(r["row"], r["cluster"]): r for r in cells.iter_rows(named=True)}
    many = len(rows) > 8
    x_labels = [wrap(row_labels.get(r, r), 14 if not many else 40) for r in rows]
    y_labels = [cluster_labels.get(c, c) for c in clusters]
    figure = go.Figure()
    z, text, marks = [], [], []  # marks set in one call below: plotly copies its annotations on every add
    for cluster, y in zip(clusters, y_labels):
        z_row, text_row = [], []
        for row, x in zip(rows, x_labels):
            cell = found.get((row, cluster))
            value = None if cell is None or cell["suppressed"] else cell["coverage"]
            z_row.append(value)
            text_row.append("" if value is None else percent(value, 0))
            if cell is not None and cell["suppressed"]:
                marks.append({"x": x, "y": y, "text": t("hidden"), "showarrow": False,
                              "font": {"color": charts.GREY, "size": 10 if many else 11}})
            elif value is None:
                marks.append({"x": x, "y": y, "text": "–", "showarrow": False, "font": {"color": charts.GREY}})
        z.append(z_row)
        text.append(text_row)
    figure.update_layout(annotations=marks)
    values = [v for r in z for v in r if v is not None]
    top = max(0.1, math.ceil(max(values, default=0.1) * 10) / 10)
    step = 0.1 if top <= 0.6 else 0.2
    ticks = [i * step for i in range(int(round(top / step)) + 1)]
    figure.add_heatmap(
        x=x_labels, y=y_labels, z=z, text=text, texttemplate="%{text}", zmin=0, zmax=top,
        textfont={"size": 10 if many else 12}, colorscale=charts.SEQUENTIAL, xgap=2, ygap=2, hoverongaps=False,
        hovertemplate="%{y} · %{x}<br>" + t("skills_coverage") + ": %{text}<extra></extra>",
        colorbar={"title": {"text": t("skills_coverage"), "side": "right"}, "tickvals": ticks,
                  "ticktext": [percent(v, 0) for v in ticks], "thickness": 12},
    )
    charts.layout(figure, height=(150 if many else 110) + 34 * len(clusters), legend=False)
    figure.update_layout(hovermode="closest", margin={"l": 10, "r": 10, "t": 10, "b": 10})
    figure.update_xaxes(side="top", tickangle=-45 if many else 0, tickfont={"size": 11})
    figure.update_yaxes(autorange="reversed", gridcolor="white", rangemode="normal", tickfont={"size": 12})
    return figure


# --- S4 ----------------------------------------------------------------------------------------------


def supply_demand(frame: pl.DataFrame) -> pl.DataFrame:
    """S4's visible rows as skill, supply, demand, at_risk (hidden rows left out), at-risk first."""
    if frame.is_empty() or "supply" not in frame.columns:
        return pl.DataFrame(schema={"skill": pl.String, "supply": pl.Int64, "demand": pl.Int64, "at_risk": pl.Boolean})
    return (frame.filter(~pl.col("suppressed"))
            .select(pl.col("group").alias("skill"), pl.col("supply").cast(pl.Int64), pl.col("demand").cast(pl.Int64),
                    pl.col("at_risk").cast(pl.Boolean))
            .sort(["at_risk", "demand", "skill"], descending=[True, True, False]))


def largest_gap(frame: pl.DataFrame) -> dict | None:
    """The at-risk skill with the most demand (then the fewest experts)."""
    risky = frame.filter(pl.col("at_risk")).sort(["demand", "supply", "skill"], descending=[True, False, False])
    return risky.row(0, named=True) if risky.height else None


def in_demand(frame: pl.DataFrame) -> pl.DataFrame:
    """The skills somebody needs (demand above zero): the ones a supply-against-demand chart can place."""
    return frame.filter(pl.col("demand") > 0)


def supply_demand_chart(frame: pl.DataFrame) -> go.Figure:
    """Each skill in demand as a point (demand, supply); at-risk skills as vermilion diamonds."""
    figure = go.Figure()
    for at_risk, name, colour in ((False, t("skills_not_at_risk"), charts.BLUE), (True, t("skills_at_risk"),
                                                                                   charts.VERMILION)):
        part = frame.filter(pl.col("at_risk") == at_risk)
        figure.add_scatter(
            x=part["demand"].to_list(), y=part["supply"].to_list(), name=name, mode="markers",
            marker={"color": colour, "size": 12 if at_risk else 8, "opacity": 1 if at_risk else 0.6,
                    "symbol": "diamond" if at_risk else "circle", "line": {"width": 1, "color": "white"}},
            customdata=part["skill"].to_list(),
            hovertemplate="%{customdata}<br>" + t("skills_col_demand") + ": %{x}<br>" + t("skills_col_supply")
                          + ": %{y}<extra></extra>")
    top = max(frame["supply"].max() or 1, 1)
    charts.layout(figure, height=380)
    figure.update_layout(hovermode="closest", legend={"y": -0.25})
    figure.update_xaxes(title=t("skills_demand_axis"), showgrid=True, gridcolor=charts.GRID, rangemode="tozero")
    figure.update_yaxes(title=t("skills_supply_axis"), range=[-0.06 * top, 1.08 * top], zeroline=True,
                        zerolinecolor=charts.GRID)
    return figure


# --- S5 ----------------------------------------------------------------------------------------------


def time_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """S5 by group: the visible groups with a defined median (group, population, days), longest first."""
    if frame.is_empty() or "value" not in frame.columns:
        return pl.DataFrame(schema={"group": pl.String, "population": pl.Int64, "days": pl.Float64})
    return (frame.filter(~pl.col("suppressed") & pl.col("value").is_not_null())
            .select("group", "population", pl.col("value").cast(pl.Float64).alias("days"))
            .sort(["days", "group"], descending=[True, False]))


def slowest_and_fastest(frame: pl.DataFrame) -> tuple[dict, dict] | None:
    """The group with the longest and the one with the shortest median time to skill (two or more groups)."""
    if frame.height < 2:
        return None
    ordered = frame.sort(["days", "group"], descending=[True, False])
    return ordered.row(0, named=True), ordered.sort(["days", "group"]).row(0, named=True)


def time_chart(frame: pl.DataFrame, labels: dict[str, str], overall: float | None) -> go.Figure:
    ordered = frame.sort("days")
    figure = go.Figure()
    figure.add_bar(y=[labels.get(g, g) for g in ordered["group"]], x=ordered["days"].to_list(), orientation="h",
                   marker_color=charts.BLUE, text=[number(d, 0) for d in ordered["days"]], textposition="outside",
                   cliponaxis=False, hovertemplate="%{y}: %{x}<extra></extra>")
    if overall is not None:
        figure.add_vline(x=overall, line={"color": charts.ORANGE, "dash": "dash", "width": 2},
                         annotation_text=t("skills_overall", days=number(overall, 0)),
                         annotation_position="bottom right", annotation_font_color=charts.INK)
    charts.layout(figure, height=max(240, 90 + 30 * frame.height), legend=False)
    figure.update_layout(hovermode="closest", margin={"l": 10, "r": 30, "t": 10, "b": 10})
    figure.update_xaxes(title=t("skills_days_axis"), showgrid=True, gridcolor=charts.GRID, rangemode="tozero")
    figure.update_yaxes(gridcolor="white", rangemode="normal")
    return figure


# --- S6 ----------------------------------------------------------------------------------------------


def movers(frame: pl.DataFrame, count: int = TOP) -> pl.DataFrame:
    """The `count` skills whose learning hours rose most and the `count` that fell most (visible rows only).

    Columns skill, hours, previous_hours, change; risers first (largest first), then fallers (largest fall last)."""
    schema = {"skill": pl.String, "hours": pl.Float64, "previous_hours": pl.Float64, "change": pl.Float64}
    if frame.is_empty() or "change" not in frame.columns:
        return pl.DataFrame(schema=schema)
    shown = frame.filter(~pl.col("suppressed") & pl.col("change").is_not_null()).select(
        pl.col("group").alias("skill"), *[pl.col(c).cast(pl.Float64) for c in ("hours", "previous_hours", "change")])
    risers = shown.filter(pl.col("change") > 0).sort(["change", "skill"], descending=[True, False]).head(count)
    fallers = shown.filter(pl.col("change") < 0).sort(["change", "skill"]).head(count).reverse()
    return pl.concat([risers, fallers])


def movers_chart(frame: pl.DataFrame) -> go.Figure:
    ordered = frame.sort("change")
    figure = go.Figure()
    for positive, name, colour in ((True, t("skills_risers"), charts.BLUE), (False, t("skills_fallers"),
                                                                              charts.VERMILION)):
        part = ordered.filter((pl.col("change") > 0) == positive)
        figure.add_bar(y=[wrap(s, 34) for s in part["skill"]], x=part["change"].to_list(), orientation="h", name=name,
                       marker_color=colour, text=[signed_hours(c) for c in part["change"]], textposition="outside",
                       cliponaxis=False, customdata=part["skill"].to_list(),
                       hovertemplate="%{customdata}: %{text}<extra></extra>")
    charts.layout(figure, height=max(260, 100 + 30 * frame.height))
    figure.update_layout(hovermode="closest", margin={"l": 10, "r": 40, "t": 10, "b": 10}, legend={"y": -0.15})
    figure.update_yaxes(gridcolor="white", rangemode="normal",
                        categoryorder="array", categoryarray=[wrap(s, 34) for s in ordered["skill"]])
    low, high = min(0.0, frame["change"].min()), max(0.0, frame["change"].max())
    pad = 0.18 * (high - low or 1.0)  # room for the values written outside the bars
    figure.update_xaxes(showgrid=True, gridcolor=charts.GRID, zeroline=True, zerolinecolor=charts.INK,
                        range=[low - (pad if low < 0 else 0), high + (pad if high > 0 else 0)])
    return figure


def signed_hours(change: float) -> str:
    """+12.3 or −4.5 (a true minus sign, in the language's decimal format)."""
    return ("+" if change >= 0 else "\u2212") + number(abs(change), 1)


def value_label(by: str | None, group: str) -> str:
    """A group as people read it: org units by name, employment types in the current language."""
    from dashboard.components import group_label
    from dashboard.texts import TEXTS

    key = f"skills_value_{group}"
    if by == "employment_type" and key in TEXTS:
        return t(key)
    return group_label(by, group)


def cluster_label(cluster: str) -> str:
    """The taxonomy's label, capitalised; the unclustered rest in the current language."""
    if cluster == "unclustered":
        return t("skills_unclustered")
    return cluster[:1].upper() + cluster[1:]


def quoted(skill: str | None) -> str:
    """A skill's label inside a sentence: capitalised and in the language's quotation marks."""
    if skill is None:
        return t("skills_unlabelled")
    return t("skills_quoted", name=skill[:1].upper() + skill[1:])


# --- the findings the titles state ----------------------------------------------------------------------


def heatmap_title(cells: pl.DataFrame, row_labels: dict[str, str], cluster_labels: dict[str, str], k: int) -> str:
    extremes = coverage_extremes(cells)
    if extremes is None:
        return t("skills_heatmap_title_hidden", k=k)
    low, high = extremes
    return t("skills_heatmap_title", low=percent(low.coverage, 0), high=percent(high.coverage, 0),
             low_cluster=cluster_labels[low.cluster], high_cluster=cluster_labels[high.cluster],
             low_unit=row_labels[low.row], high_unit=row_labels[high.row])


def heatmap_note(cells: pl.DataFrame, rows: int, k: int) -> str:
    """How many cells are hidden, and what a – means (when a cell has no requirement)."""
    hidden = int(cells["suppressed"].sum())
    missing = rows * cells["cluster"].n_unique() - cells.height + int(
        (~cells["suppressed"] & cells["coverage"].is_null()).sum())
    parts = []
    if hidden:
        parts.append(t("skills_heatmap_hidden_one", k=k) if hidden == 1 else t("skills_heatmap_hidden", n=hidden, k=k))
    if missing:
        parts.append(t("skills_heatmap_none"))
    return " ".join(parts)


def risk_title(supply: pl.DataFrame) -> str:
    gap = largest_gap(supply)
    if gap is None:
        return t("skills_risk_title_none")
    at_risk = int(supply["at_risk"].sum())
    values = {"skill": quoted(gap["skill"]), "demand": number(gap["demand"]),
              "experts": t(f"skills_experts_{min(gap['supply'], 1)}")}
    return t("skills_risk_title_one", **values) if at_risk == 1 else t("skills_risk_title", n=number(at_risk),
                                                                        **values)


def time_title(times: pl.DataFrame, labels: dict[str, str], overall: float | None) -> str:
    every = number(overall, 0) if overall is not None else "–"
    extremes = slowest_and_fastest(times)
    if extremes is None:
        return t("skills_time_title_one", all=every)
    slow, fast = extremes
    return t("skills_time_title", slow=labels[slow["group"]], fast=labels[fast["group"]], all=every,
             slow_days=number(slow["days"], 0), fast_days=number(fast["days"], 0))


def time_note(s5: pl.DataFrame, k: int) -> str:
    """Groups hidden below k, and groups without a first evidence in the period (median not defined)."""
    if s5.is_empty():
        return ""
    hidden = int(s5["suppressed"].sum())
    undefined = int((~s5["suppressed"] & s5["value"].is_null()).sum()) if "value" in s5.columns else 0
    parts = [t("suppressed_cells", n=hidden, k=k)] if hidden else []
    if undefined:
        parts.append(t("skills_time_undefined_one") if undefined == 1 else t("skills_time_undefined", n=undefined))
    return " ".join(parts)


def trend_title(moved: pl.DataFrame, previous: str) -> str:
    riser = moved.filter(pl.col("change") > 0).head(1)
    faller = moved.filter(pl.col("change") < 0).tail(1)
    if riser.is_empty() and faller.is_empty():
        return t("skills_trend_title_none", previous=previous)
    values = {"previous": previous,
              "riser": quoted(riser["skill"][0]) if riser.height else None,
              "gain": signed_hours(riser["change"][0]) + " h" if riser.height else None,
              "faller": quoted(faller["skill"][0]) if faller.height else None,
              "loss": signed_hours(faller["change"][0]) + " h" if faller.height else None}
    key = "skills_trend_title" if riser.height and faller.height else (
        "skills_trend_title_rise" if riser.height else "skills_trend_title_fall")
    return t(key, **values)


def headline_change(metric_id: str, now: dict | None, before: dict | None) -> tuple[float | None, bool, float | None]:
    """A headline figure's value, whether it is hidden, and its change against the previous period (points for
    shares), from the two "all" rows."""
    hidden = now is None or now["suppressed"]
    value = None if hidden else now["value"]
    prior = None if before is None or before["suppressed"] else before["value"]
    if value is None or prior is None:
        return value, hidden, None
    return value, hidden, (value - prior) * (100 if METRICS[metric_id].unit == "share" else 1)
