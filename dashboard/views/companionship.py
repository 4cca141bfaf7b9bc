"""Learning companionship and circles: C1 to C5 for the period, month by month, and by group."""

import polars as pl
import streamlit as st

from dashboard import charts_companionship as cc
from dashboard.charts_skills import value_label
from dashboard.components import (
    chart,
    change_text,
    page_start,
    finding,
    hidden_text,
    k,
    row,
    rows_frame,
    table,
    tile,
    trace,
)
from dashboard.i18n import t
from dashboard.loaders import result
from dashboard.periods import trend_window
from metrics.periods import Period

view = page_start("companionship", "companionship_caption")
period, filters = view.period, view.filters
previous = period.previous()

first, last = trend_window(view.data_range[0], period)
months = Period(first.start, last.end).months()
monthly = cc.monthly_frame([m.start for m in months],
                           [{m: row(result(m, month, filters=filters)) for m in cc.METRIC_IDS} for month in months])

# --- headline figures ---------------------------------------------------------------------------------
st.subheader(t("companionship_headline", period=period.label))
current = {m: row(result(m, period, filters=filters)) for m in cc.METRIC_IDS}
before = {m: row(result(m, previous, filters=filters)) for m in cc.METRIC_IDS}
# metric, field of its value, monthly column, label, unit override, what an undefined value means
TILES = (("C1", None, "conversations", None, None, None),
         ("C2", None, "companions", None, None, None),
         ("C3", "accompanied", "accompanied", None, None, None),
         ("C4", None, "per_learner", "companionship_c4_label", None, "companionship_c4_undefined"),
         ("C5", "reached_share", "reached_share", "companionship_c5_label", "share", "companionship_c5_undefined"))
spark = monthly.tail(12)
slots = [*st.columns(3), *st.columns(3)]  # five tiles in two rows: each wide enough for its label
for column, (metric_id, name, series, label, unit, undefined) in zip(slots, TILES):
    value, prior = cc.field(current[metric_id], name), cc.field(before[metric_id], name)
    hidden = current[metric_id] is None or current[metric_id]["suppressed"]
    change = None if value is None or prior is None else (value - prior) * (100 if unit == "share" else 1)
    tile(column, metric_id, value, suppressed=hidden, delta=change_text(metric_id, change, unit),
         delta_description=t("vs_previous", period=previous.label), label=t(label) if label else None, unit=unit,
         sparkline=spark[series].drop_nulls().to_list())  # a month hidden or undefined leaves no point
    if undefined and not hidden and value is None:
        column.caption(t(undefined))
slots[5].caption(t("companionship_sparkline"))

# --- month by month -----------------------------------------------------------------------------------
st.subheader(t("companionship_trend_header"))
columns = ["month", "population", "suppressed"]
if cc.visible(monthly).is_empty():
    finding(t("companionship_trend_hidden", what=t("C1"), k=k()), "C1", "C2", "C3", "C4", "C5")
    st.caption(hidden_text())
else:
    left, right = st.columns(2, gap="medium")
    with left:
        chart(cc.activity_chart(monthly), monthly.select(*columns, "conversations", "companions", "accompanied"),
              title=cc.activity_title(monthly), metric_ids=["C1", "C2", "C3"], key="companionship_activity",
              view=view, note=cc.months_note(monthly, k()))
    with right:
        chart(cc.per_learner_chart(monthly), monthly.select(*columns, "conversations", "accompanied", "per_learner"),
              title=cc.per_learner_title(monthly), metric_ids=["C4"], key="companionship_per_learner", view=view,
              note=cc.months_note(monthly, k(), "per_learner", "companionship_months_undefined"))
    chart(cc.circles_chart(monthly), monthly.select(*columns, "circles", "members", "reached_share"),
          title=cc.circles_title(monthly), metric_ids=["C5"], key="companionship_circles", view=view,
          note=cc.months_note(monthly, k(), "reached_share", "companionship_reached_gaps"))

# --- by group -----------------------------------------------------------------------------------------
st.subheader(t("companionship_group_header"))
by = st.columns([1, 2])[0].selectbox(t("companionship_grouping"), cc.GROUPINGS, key="companionship_grouping",
                                     format_func=lambda g: t(f"companionship_group_{g}"))
groups = cc.group_frame({m: rows_frame(result(m, period, by, filters)) for m in ("C2", "C3", "C4", "C5")})
labels = {g: value_label(by, g) for g in groups["group"]}
hidden_groups = int(groups["suppressed"].sum())
note = t("suppressed_cells", n=hidden_groups, k=k()) if hidden_groups else None
title = cc.group_title(groups, labels, period.label, k())
if cc.share_extremes(groups) is None:
    finding(title, "C3")
    st.caption(hidden_text())
else:
    data = groups.with_columns(pl.col("group").replace_strict(labels, default=pl.col("group")).alias("label"))
    chart(cc.group_chart(groups, labels), data, title=title, metric_ids=["C3"], key="companionship_groups",
          view=view, note=note)
table(cc.group_table(groups, labels, t("hidden")), title=t("companionship_table_title", period=period.label),
      metric_ids=["C2", "C3", "C4", "C5"], key="companionship_table", view=view)
st.caption(" ".join(filter(None, [t("companionship_table_note"), note])))

trace(view, list(cc.METRIC_IDS))
