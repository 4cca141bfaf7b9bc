"""The companionship page's charts and the findings their titles state, from the guarded rows of C1 to C5.

Pure functions of result rows (no Streamlit calls), so that the page only arranges.
"""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from dashboard import charts
from dashboard.i18n import month_label, number, percent, t

METRIC_IDS = ("C1", "C2", "C3", "C4", "C5")
GROUPINGS = ("org_unit:2", "org_unit:3", "country", "location", "job_family", "employment_type", "age_band",
             "gender")
MONTHLY_SCHEMA = {"month": pl.Date, "population": pl.Int64, "suppressed": pl.Boolean, "conversations": pl.Int64,
                  "companions": pl.Int64, "accompanied": pl.Int64, "accompanied_share": pl.Float64,
                  "per_learner": pl.Float64, "circles": pl.Int64, "members": pl.Int64, "reached_share": pl.Float64}
GROUP_SCHEMA = {"group": pl.String, "population": pl.Int64, "suppressed": pl.Boolean, "companions": pl.Int64,
                "accompanied": pl.Int64, "accompanied_share": pl.Float64, "per_learner": pl.Float64,
                "circles": pl.Int64, "members": pl.Int64, "reached_share": pl.Float64}


def field(row: dict | None, name: str | None = None):
    """A value of a result row ("value" itself, or one field of a multi-figure value); None when hidden."""
    if row is None or row["suppressed"]:
        return None
    value = row["value"]
    return value.get(name) if isinstance(value, dict) and name else value


def _flat(rows: dict[str, dict | None]) -> dict:
    c1, c2, c3, c4, c5 = (rows.get(m) for m in METRIC_IDS)
    return {"companions": field(c2), "accompanied": field(c3, "accompanied"),
            "accompanied_share": field(c3, "accompanied_share"), "per_learner": field(c4),
            "circles": field(c5, "circles"), "members": field(c5, "members"),
            "reached_share": field(c5, "reached_share"), "conversations": field(c1)}


def monthly_frame(months: list[date], rows: list[dict[str, dict | None]]) -> pl.DataFrame:
    """One row per month from each month's "all" rows of C1 to C5 (hidden months keep nulls, never zeros)."""
    records = []
    for month, found in zip(months, rows):
        first = next((r for r in found.values() if r is not None), None)
        hidden = any(r is None or r["suppressed"] for r in found.values())
        records.append({"month": month, "population": first["population"] if first else 0, "suppressed": hidden,
                        **_flat(found)})
    return pl.DataFrame(records, schema=MONTHLY_SCHEMA)


def group_frame(results: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """C2 to C5 by group, from each metric's rows_frame: one row per group, hidden groups with null values."""
    base = results["C3"].select("group", "population", "suppressed")
    if base.is_empty():
        return pl.DataFrame(schema=GROUP_SCHEMA)
    columns = {"C2": {"value": "companions"}, "C3": {"accompanied": "accompanied",
                                                     "accompanied_share": "accompanied_share"},
               "C4": {"value": "per_learner"}, "C5": {"circles": "circles", "members": "members",
                                                      "reached_share": "reached_share"}}
    frame = base
    for metric_id, renames in columns.items():
        source = results[metric_id]
        present = {old: new for old, new in renames.items() if old in source.columns}
        part = source.select("group", *[pl.col(old).alias(new) for old, new in present.items()])
        frame = frame.join(part, on="group", how="left")
    for name, dtype in GROUP_SCHEMA.items():
        if name not in frame.columns:
            frame = frame.with_columns(pl.lit(None, dtype).alias(name))
    return frame.select(list(GROUP_SCHEMA)).cast(GROUP_SCHEMA)


# --- findings -----------------------------------------------------------------------------------------


def visible(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.filter(~pl.col("suppressed"))


def earlier_month(frame: pl.DataFrame, month: date) -> dict | None:
    """The month to compare the latest with: a year before when shown, else the first visible month."""
    shown = visible(frame).filter(pl.col("month") < month)
    if shown.is_empty():
        return None
    year_before = shown.filter(pl.col("month") == month.replace(year=month.year - 1))
    return (year_before if year_before.height else shown).row(0, named=True)


def signed(value: float, decimals: int = 0) -> str:
    return ("+" if value >= 0 else "\u2212") + number(abs(value), decimals)


def activity_title(frame: pl.DataFrame) -> str | None:
    latest = visible(frame).tail(1)
    if latest.is_empty():
        return None
    now = latest.row(0, named=True)
    values = {"c1": number(now["conversations"]), "c2": number(now["companions"]), "c3": number(now["accompanied"]),
              "month": month_label(now["month"])}
    before = earlier_month(frame, now["month"])
    if before is None:
        return t("companionship_activity_title_single", **values)
    return t("companionship_activity_title", change=signed(now["conversations"] - before["conversations"]),
             earlier=month_label(before["month"]), **values)


def per_learner_title(frame: pl.DataFrame) -> str | None:
    shown = visible(frame)
    if shown.is_empty():
        return None
    defined = shown.filter(pl.col("per_learner").is_not_null())
    if defined.is_empty():
        return t("companionship_per_learner_title_none")
    now = defined.tail(1).row(0, named=True)
    return t("companionship_per_learner_title", c4=number(now["per_learner"], 1), month=month_label(now["month"]),
             low=number(defined["per_learner"].min(), 1), high=number(defined["per_learner"].max(), 1))


def circles_title(frame: pl.DataFrame) -> str | None:
    shown = visible(frame)
    if shown.is_empty():
        return None
    now = shown.tail(1).row(0, named=True)
    values = {"month": month_label(now["month"]), "circles": counted(now["circles"], "circle"),
              "members": counted(now["members"], "member")}
    if now["circles"]:
        if now["reached_share"] is None:
            return t("companionship_circles_title_noplan", **values)
        return t("companionship_circles_title", share=percent(now["reached_share"], 0), **values)
    met = shown.filter(pl.col("circles") > 0).tail(1)
    if met.is_empty():
        return t("companionship_circles_title_none")
    last = met.row(0, named=True)
    return t("companionship_circles_title_last", month=values["month"], last=month_label(last["month"]),
             circles=counted(last["circles"], "circle"), members=counted(last["members"], "member"))


def counted(n: int, noun: str) -> str:
    """'1 circle', '16 circles' (and the German forms)."""
    return t(f"companionship_one_{noun}") if n == 1 else t(f"companionship_n_{noun}s", n=number(n))


def share_extremes(frame: pl.DataFrame) -> tuple[dict, dict] | None:
    """The visible groups with the highest and the lowest share of accompanied learners."""
    shown = visible(frame).filter(pl.col("accompanied_share").is_not_null())
    if shown.is_empty():
        return None
    ordered = shown.sort(["accompanied_share", "group"], descending=[True, False])
    return ordered.row(0, named=True), ordered.sort(["accompanied_share", "group"]).row(0, named=True)


def group_title(frame: pl.DataFrame, labels: dict[str, str], period: str, k: int) -> str:
    extremes = share_extremes(frame)
    if extremes is None:
        return t("companionship_group_title_hidden", k=k)
    top, bottom = extremes
    if not top["accompanied_share"]:
        return t("companionship_group_title_zero", period=period)
    values = {"top": labels.get(top["group"], top["group"]), "top_share": percent(top["accompanied_share"]),
              "bottom": labels.get(bottom["group"], bottom["group"]),
              "bottom_share": percent(bottom["accompanied_share"])}
    if top["group"] == bottom["group"]:
        return t("companionship_group_title_one", **values)
    return t("companionship_group_title", **values)


def months_note(frame: pl.DataFrame, k: int, column: str | None = None, gaps_key: str | None = None) -> str:
    """How many months are hidden, and (for a ratio) what a gap in the line means."""
    hidden = int(frame["suppressed"].sum())
    parts = [t("companionship_months_hidden", n=hidden, k=k)] if hidden else []
    if column and gaps_key and visible(frame)[column].null_count():
        parts.append(t(gaps_key))
    return " ".join(parts)


# --- charts -------------------------------------------------------------------------------------------


def activity_chart(frame: pl.DataFrame) -> go.Figure:
    months = frame["month"].to_list()
    figure = go.Figure()
    figure.add_bar(x=months, y=frame["conversations"].to_list(), name=t("companionship_conversations"),
                   marker_color=charts.SKY)
    figure.add_scatter(x=months, y=frame["accompanied"].to_list(), name=t("companionship_accompanied"),
                       mode="lines+markers", line={"color": charts.BLUE, "width": 2.5})
    figure.add_scatter(x=months, y=frame["companions"].to_list(), name=t("companionship_companions"),
                       mode="lines+markers", line={"color": charts.GREEN, "width": 2.5, "dash": "dot"})
    figure.update_yaxes(tickformat=",~r")
    return charts.month_axis(charts.layout(figure), months, every=6)


def per_learner_chart(frame: pl.DataFrame) -> go.Figure:
    months = frame["month"].to_list()
    figure = go.Figure()
    figure.add_scatter(x=months, y=frame["per_learner"].to_list(), name=t("companionship_per_learner"),
                       mode="lines+markers", line={"color": charts.BLUE, "width": 2.5}, connectgaps=False)
    return charts.month_axis(charts.layout(figure, legend=False), months, every=6)


def circles_chart(frame: pl.DataFrame) -> go.Figure:
    months = frame["month"].to_list()
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    figure.add_bar(x=months, y=frame["circles"].to_list(), name=t("companionship_circles"), marker_color=charts.PINK,
                   customdata=frame["members"].to_list(),
                   hovertemplate="%{y} (" + t("companionship_members") + ": %{customdata})", secondary_y=False)
    figure.add_scatter(x=months, y=frame["reached_share"].to_list(), name=t("companionship_reached"),
                       mode="lines+markers", line={"color": charts.INK, "width": 2}, secondary_y=True)
    figure.update_yaxes(tickformat=",~r", secondary_y=False)
    shares = [0, 0.25, 0.5, 0.75, 1]
    figure.update_yaxes(tickvals=shares, ticktext=[percent(v, 0) for v in shares], range=[0, 1.05], secondary_y=True,
                        showgrid=False)
    return charts.month_axis(charts.layout(figure), months)


def group_chart(frame: pl.DataFrame, labels: dict[str, str]) -> go.Figure:
    """Accompanied learners as a share of each visible group's headcount, highest on top."""
    ordered = visible(frame).filter(pl.col("accompanied_share").is_not_null()).sort("accompanied_share")
    names = [labels.get(g, g) for g in ordered["group"]]
    figure = go.Figure()
    figure.add_bar(y=names, x=ordered["accompanied_share"].to_list(), orientation="h", marker_color=charts.GREEN,
                   text=[percent(v) for v in ordered["accompanied_share"]], textposition="outside", cliponaxis=False,
                   customdata=ordered["accompanied"].to_list(),
                   hovertemplate="%{y}: %{text} (%{customdata})<extra></extra>")
    charts.layout(figure, height=max(220, 80 + 28 * ordered.height), legend=False)
    top = ordered["accompanied_share"].max() or 0.01
    figure.update_layout(hovermode="closest", margin={"l": 10, "r": 40, "t": 10, "b": 10})
    figure.update_xaxes(title=t("companionship_share_axis"), showgrid=True, gridcolor=charts.GRID,
                        tickvals=_ticks(top), ticktext=[percent(v, _decimals(_ticks(top)[1])) for v in _ticks(top)],
                        range=[0, top * 1.2])
    figure.update_yaxes(gridcolor="white", rangemode="normal")
    return figure


def _ticks(top: float) -> list[float]:
    """Round ticks from 0 to at least `top`: steps of 1, 2, 2.5 or 5 times a power of ten, at most 6 ticks."""
    steps = [m * 10 ** e for e in range(-4, 1) for m in (1, 2, 2.5, 5)]
    step = next((s for s in steps if top / s <= 5), 1.0)
    return [step * i for i in range(int(top / step) + 2)]


def _decimals(step: float) -> int:
    """Decimals a percentage tick needs: 1 % steps none, 0.5 % steps one, 0.25 % steps two."""
    for decimals in range(4):
        if abs(round(step * 100, decimals) - step * 100) < 1e-9:
            return decimals
    return 3


def group_table(frame: pl.DataFrame, labels: dict[str, str], hidden: str) -> pl.DataFrame:
    """The by-group figures as the table shows them: formatted in the current language, hidden cells say so."""
    def cell(value, kind: str, suppressed: bool) -> str:
        if suppressed:
            return hidden
        if value is None:
            return "–"
        return percent(value) if kind == "share" else number(value, 1 if kind == "ratio" else 0)

    columns = [("companions", t("companionship_col_companions"), "count"),
               ("accompanied", t("companionship_col_accompanied"), "count"),
               ("accompanied_share", t("companionship_col_share"), "share"),
               ("per_learner", t("companionship_col_per_learner"), "ratio"),
               ("circles", t("companionship_col_circles"), "count"),
               ("members", t("companionship_col_members"), "count"),
               ("reached_share", t("companionship_col_reached"), "share")]
    records = []
    for row in frame.iter_rows(named=True):
        record = {t("companionship_col_group"): labels.get(row["group"], row["group"]),
                  t("companionship_col_headcount"): hidden if row["suppressed"] else number(row["population"])}
        for name, title, kind in columns:
            record[title] = cell(row[name], kind, row["suppressed"])
        records.append(record)
    return pl.DataFrame(records, schema={c: pl.String for c in [t("companionship_col_group"),
                                                                 t("companionship_col_headcount"),
                                                                 *[title for _, title, _ in columns]]})
