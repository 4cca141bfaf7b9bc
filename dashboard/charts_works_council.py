"""Works council: fairness of access by group (P3, P5, P6); the gaps as sentences and the charts behind them.

Everything here reads guarded Results; a hidden group keeps neither value nor population here, is left
out of charts and findings, and is only counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import plotly.graph_objects as go
import polars as pl

from dashboard.charts import ACCENT, CHANNEL_COLOURS, INK, MUTED, layout
from dashboard.components import hidden_text, rows_frame, shown
from dashboard.i18n import language, number, percent, t
from dashboard.texts import TEXTS
from metrics.compute import Result
from metrics.grouping import UNKNOWN
from metrics.participation_more import CHANNELS

DIMENSIONS = ("employment_type", "location", "age_band", "gender")
PART_TIME, FULL_TIME = "part_time", "full_time"
MIX_CHANNELS = (*CHANNELS, "other")
EMPLOYMENT_ORDER = ("full_time", "part_time", "apprentice", "working_student")
GENDER_ORDER = ("f", "w", "m", "d", "x")
WOMEN, MEN = ("f", "w"), ("m",)


# -- groups as people read them ------------------------------------------------------------------------------

def _text(key: str) -> str | None:
    return t(key) if key in TEXTS else None


def label(dimension: str, group: str) -> str:
    """A group as a label: 'part-time', 'women', 'Bonn', 'not supplied'."""
    if group == UNKNOWN:
        return t("unknown")
    if dimension == "employment_type":
        return _text(f"works_council_{group}") or group.replace("_", " ")
    if dimension == "gender":
        return _text(f"works_council_gender_{group.lower()}") or group
    return group


def subject(dimension: str, group: str) -> str:
    """A group as the subject of a sentence: 'Part-time staff', 'Women'."""
    key = f"works_council_staff_{group}" if dimension == "employment_type" else \
        f"works_council_staff_gender_{group.lower()}"
    found = _text(key)
    if found:
        return found
    text = label(dimension, group)
    return text[:1].upper() + text[1:]


def object_form(dimension: str, group: str) -> str:
    """A group as the object of a sentence: 'full-time staff', 'men' (German keeps its capitals)."""
    text = subject(dimension, group)
    return text if language() == "de" else text[:1].lower() + text[1:]


def _order_key(dimension: str, group: str, value: float | None):
    if group == UNKNOWN:
        return (2, 0, group)
    if dimension == "employment_type":
        known = group in EMPLOYMENT_ORDER
        return (0 if known else 1, EMPLOYMENT_ORDER.index(group) if known else 0, group)
    if dimension == "gender":
        known = group.lower() in GENDER_ORDER
        return (0 if known else 1, GENDER_ORDER.index(group.lower()) if known else 0, group)
    if dimension == "age_band":
        digits = re.findall(r"\d+", group)
        return (0, (int(digits[0]) - (0.5 if group.startswith("<") else 0)) if digits else 999, group)
    return (0 if value is not None else 1, -(value or 0), group)  # locations: highest first


# -- frames --------------------------------------------------------------------------------------------------

def groups(result: Result, dimension: str) -> pl.DataFrame:
    """group, label, value, population (value and population null when hidden), suppressed, in reading order."""
    frame = rows_frame(result)
    records = []
    for r in frame.iter_rows(named=True):
        hidden = r["suppressed"]
        records.append({"group": r["group"], "label": label(dimension, r["group"]),
                        "value": None if hidden else r.get("value"),
                        "population": None if hidden else r["population"], "suppressed": hidden})
    records.sort(key=lambda r: _order_key(dimension, r["group"], r["value"]))
    return pl.DataFrame(records, schema={"group": pl.String, "label": pl.String, "value": pl.Float64,
                                         "population": pl.Int64, "suppressed": pl.Boolean})


def mix(result: Result, dimension: str) -> pl.DataFrame:
    """P6 per group: group, label, share_<channel> (null when hidden), population, suppressed."""
    frame = rows_frame(result)
    records = []
    for r in frame.iter_rows(named=True):
        hidden = r["suppressed"]
        records.append({"group": r["group"], "label": label(dimension, r["group"]),
                        **{f"share_{c}": None if hidden else r.get(f"share_{c}") for c in MIX_CHANNELS},
                        "population": None if hidden else r["population"], "suppressed": hidden})
    records.sort(key=lambda r: _order_key(dimension, r["group"], r.get("share_peer")) if dimension != "location"
                 else (r["group"] == UNKNOWN, r["suppressed"], r["group"]))
    schema = {"group": pl.String, "label": pl.String, **{f"share_{c}": pl.Float64 for c in MIX_CHANNELS},
              "population": pl.Int64, "suppressed": pl.Boolean}
    return pl.DataFrame(records, schema=schema)


def value(frame: pl.DataFrame, group: str) -> float | None:
    found = frame.filter(pl.col("group") == group)
    return found["value"][0] if found.height else None


def hidden_count(frame: pl.DataFrame) -> int:
    return int(frame["suppressed"].sum()) if frame.height else 0


# -- findings ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Spread:
    low_group: str
    low: float
    high_group: str
    high: float

    @property
    def gap(self) -> float:
        return self.high - self.low


def spread(frame: pl.DataFrame, column: str = "value") -> Spread | None:
    """The lowest and highest visible value among the supplied groups (not `unknown`); None below two groups."""
    visible = frame.filter(pl.col(column).is_not_null() & (pl.col("group") != UNKNOWN))
    if visible.height < 2:
        return None
    ordered = visible.sort([column, "group"])
    return Spread(ordered["group"][0], ordered[column][0], ordered["group"][-1], ordered[column][-1])


def gap_points(a: float, b: float) -> float:
    """The difference of two shares in percentage points, as written (one decimal)."""
    return round((a - b) * 100, 1)


def mix_pair(frame: pl.DataFrame, a: str, b: str) -> tuple[str, float, float] | None:
    """The channel whose share of hours differs most between groups a and b."""
    rows = {r["group"]: r for r in frame.iter_rows(named=True) if not r["suppressed"]}
    if a not in rows or b not in rows:
        return None
    candidates = [(c, rows[a][f"share_{c}"], rows[b][f"share_{c}"]) for c in MIX_CHANNELS
                  if rows[a][f"share_{c}"] is not None and rows[b][f"share_{c}"] is not None]
    if not candidates:
        return None
    return max(candidates, key=lambda x: (abs(x[1] - x[2]), x[0] == "peer"))


def mix_spread(frame: pl.DataFrame) -> tuple[str, Spread] | None:
    """The channel whose share of hours varies most across the supplied groups."""
    best = None
    for channel in MIX_CHANNELS:
        found = spread(frame, f"share_{channel}")
        if found and (best is None or found.gap > best[1].gap):
            best = (channel, found)
    return best


def pair_groups(dimension: str, frame: pl.DataFrame) -> tuple[str, str] | None:
    """The two groups a sentence compares: part-time against full-time, women against men."""
    present = set(frame["group"])
    if dimension == "employment_type" and {PART_TIME, FULL_TIME} <= present:
        return PART_TIME, FULL_TIME
    if dimension == "gender":
        women = next((g for g in present if g.lower() in WOMEN), None)
        men = next((g for g in present if g.lower() in MEN), None)
        if women and men:
            return women, men
    return None


def sentence(metric_id: str, dimension: str, frame: pl.DataFrame) -> str:
    """The finding for one metric over one grouping: a pair's gap, else the range; hidden groups say so."""
    pair = pair_groups(dimension, frame)
    across = t(f"works_council_across_{dimension}")
    if pair:
        a, b = pair
        if metric_id == "P6":
            found = mix_pair(frame, a, b)
            if found:
                channel, share_a, share_b = found
                return t("works_council_p6_pair", a=subject(dimension, a), b=object_form(dimension, b),
                         channel=t(f"channel_{channel}"), value_a=percent(share_a), value_b=percent(share_b))
        else:
            value_a, value_b = value(frame, a), value(frame, b)
            if value_a is not None and value_b is not None:
                return _pair_sentence(metric_id, dimension, a, b, value_a, value_b)
        if frame.filter(pl.col("group").is_in([a, b]))["suppressed"].any():
            return t("works_council_pair_hidden", metric=t(metric_id), a=label(dimension, a), b=label(dimension, b),
                     k=hidden_text())
    if metric_id == "P6":
        found = mix_spread(frame)
        if found:
            channel, where = found
            return t("works_council_p6_spread", channel=t(f"channel_{channel}"), across=across,
                     **_ends(dimension, where, "P6"))
    else:
        where = spread(frame)
        if where:
            return t(f"works_council_{metric_id.lower()}_spread", across=across, gap=number(gap_points(
                where.high, where.low), 1), **_ends(dimension, where, metric_id))
    return _fallback(metric_id, dimension, frame, across)


def _pair_sentence(metric_id: str, dimension: str, a: str, b: str, value_a: float, value_b: float) -> str:
    names = {"a": subject(dimension, a), "b": object_form(dimension, b), "value_a": shown(metric_id, value_a),
             "value_b": shown(metric_id, value_b)}
    if metric_id == "P3":
        gap = gap_points(value_a, value_b)
        if gap == 0:
            return t("works_council_p3_same", **names)
        return t("works_council_p3_pair", gap=number(abs(gap), 1),
                 direction=t("works_council_less" if gap < 0 else "works_council_more"), **names)
    gap = round(value_a - value_b, 1)
    if gap == 0:
        return t("works_council_p5_same", **names)
    return t("works_council_p5_pair", gap=number(abs(gap), 1),
             direction=t("works_council_fewer_hours" if gap < 0 else "works_council_more_hours"), **names)


def _ends(dimension: str, where: Spread, metric_id: str) -> dict[str, str]:
    write = percent if metric_id == "P6" else (lambda v: shown(metric_id, v))
    return {"low": write(where.low), "high": write(where.high), "low_group": label(dimension, where.low_group),
            "high_group": label(dimension, where.high_group)}


def _fallback(metric_id: str, dimension: str, frame: pl.DataFrame, across: str) -> str:
    column = "share_peer" if metric_id == "P6" else "value"
    visible = frame.filter(~pl.col("suppressed"))
    if visible.is_empty():
        return t("works_council_all_hidden", metric=t(metric_id), across=across, k=hidden_text())
    first = visible.row(0, named=True)
    written = percent(first[column]) if metric_id == "P6" and first[column] is not None else (
        shown(metric_id, first[column]) if metric_id != "P6" else "–")
    return t("works_council_one_group", metric=t(metric_id), across=across, group=first["label"], value=written)


# -- charts --------------------------------------------------------------------------------------------------

def bars(frame: pl.DataFrame, metric_id: str, whole: float | None, people_label: str) -> go.Figure:
    """Visible groups as horizontal bars, values written on them; the whole view as a dashed line."""
    visible = frame.filter(pl.col("value").is_not_null())
    labels = visible["label"].to_list()
    figure = go.Figure(go.Bar(
        x=visible["value"].to_list(), y=labels, orientation="h", marker_color=MUTED,
        text=[shown(metric_id, v) for v in visible["value"]], textposition="inside", insidetextanchor="start",
        textfont={"color": INK}, cliponaxis=False,
        customdata=[people_label.format(n=number(n)) for n in visible["population"]],
        hovertemplate="%{y}: %{text}<br>%{customdata}<extra></extra>"))
    if whole is not None:
        figure.add_vline(x=whole, line={"color": ACCENT, "dash": "dash", "width": 1.5})
        figure.add_annotation(x=whole, y=1, yref="paper", yanchor="bottom", xanchor="right", showarrow=False,
                              text=t("works_council_organisation", value=shown(metric_id, whole)),
                              font={"color": ACCENT, "size": 11})
    top = max([*visible["value"].to_list(), whole or 0, 0]) or 1
    layout(figure, height=max(160, 70 + 28 * len(labels)), legend=False)
    figure.update_xaxes(visible=False, range=[0, top * 1.05])
    figure.update_yaxes(autorange="reversed", gridcolor="rgba(0,0,0,0)", automargin=True)
    figure.update_layout(hovermode="closest", margin={"l": 10, "r": 10, "t": 28, "b": 10}, bargap=0.3)
    return figure


def mix_bars(frame: pl.DataFrame) -> go.Figure:
    """P6 per visible group: stacked shares of learning hours by channel, 100 % each."""
    visible = frame.filter(~pl.col("suppressed") & pl.col("share_formal").is_not_null())
    labels = visible["label"].to_list()
    figure = go.Figure()
    for channel in MIX_CHANNELS:
        shares = visible[f"share_{channel}"].fill_null(0.0).to_list()
        if not any(shares):
            continue
        figure.add_bar(x=shares, y=labels, orientation="h", name=t(f"channel_{channel}"),
                       marker_color=CHANNEL_COLOURS[channel],
                       text=[percent(s, 0) if s >= 0.07 else "" for s in shares], textposition="inside",
                       insidetextanchor="middle", textfont={"color": "white" if channel != "other" else INK},
                       customdata=[percent(s) for s in shares],
                       hovertemplate="%{y} · " + t(f"channel_{channel}") + ": %{customdata}<extra></extra>")
    layout(figure, height=max(180, 110 + 26 * len(labels)))
    figure.update_layout(barmode="stack", hovermode="closest", legend={"orientation": "h", "y": 1.02, "x": 0,
                                                                        "yanchor": "bottom", "traceorder": "normal"},
                         margin={"l": 10, "r": 10, "t": 40, "b": 10}, bargap=0.3)
    figure.update_xaxes(visible=False, range=[0, 1])
    figure.update_yaxes(autorange="reversed", gridcolor="rgba(0,0,0,0)", automargin=True)
    return figure
