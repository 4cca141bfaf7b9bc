"""Skills: coverage by org unit and skill cluster (S3), expert supply and demand (S4), time to skill (S5), trends (S6).

The heatmap's rows are S3 by skill cluster for each org unit of the chosen level, through the org-unit filter:
`python -m metrics show S3 --by skill_cluster --org-unit UNIT` gives every row, guarded by the cell's population.
"""

from dataclasses import replace

import polars as pl
import streamlit as st

from dashboard import charts_skills as cs
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
from dashboard.loaders import metrics, result

view = page_start("skills", "skills_caption")
period, filters = view.period, view.filters
previous = period.previous()

# --- headline figures ---------------------------------------------------------------------------------
st.subheader(t("skills_headline", period=period.label))
for column, metric_id in zip(st.columns(4), ("S1", "S2", "S3", "S5")):
    value, hidden, change = cs.headline_change(metric_id, row(result(metric_id, period, filters=filters)),
                                               row(result(metric_id, previous, filters=filters)))
    tile(column, metric_id, value, suppressed=hidden, delta=change_text(metric_id, change),
         delta_description=t("vs_previous", period=previous.label),
         delta_color={"S1": "off", "S5": "inverse"}.get(metric_id, "normal"),
         label=t("skills_s5_label") if metric_id == "S5" else None)
    if metric_id == "S5" and not hidden and value is None:
        column.caption(t("skills_s5_undefined"))

# --- S3: skill cluster x org unit ---------------------------------------------------------------------
st.subheader(t("skills_heatmap_header"))
org_units = metrics().frames.org_units
levels = cs.heatmap_levels(org_units, filters.org_unit)
level = None
if levels:
    if st.session_state.get("skills_level") not in levels:
        st.session_state.pop("skills_level", None)
    level = st.columns([1, 2])[0].selectbox(
        t("skills_level"), levels, key="skills_level",
        format_func=lambda lv: t("skills_level_option", level=lv,
                                 n=len(cs.heatmap_units(org_units, filters.org_unit, lv))))
units = cs.heatmap_units(org_units, filters.org_unit, level)
frames = [(cs.TOTAL, rows_frame(result("S3", period, "skill_cluster", filters)))]
frames += [(u, rows_frame(result("S3", period, "skill_cluster", replace(filters, org_unit=u)))) for u in units]
cells = cs.coverage_cells(frames)
if cells.is_empty():
    finding(t("skills_heatmap_empty"), "S3")
elif cs.coverage_extremes(cells) is None:  # every cell hidden: say so instead of drawing an empty grid
    finding(t("skills_heatmap_title_hidden", k=k()), "S3")
    st.caption(hidden_text())
else:
    names = dict(org_units.select("org_unit_id", "name").iter_rows())
    row_labels = {cs.TOTAL: t("skills_total_row"), **{u: names.get(u) or u for u in units}}
    cluster_labels = {c: cs.cluster_label(c) for c in cells["cluster"].unique()}
    rows = [r for r, frame in frames if frame.height]
    data = cells.with_columns(
        pl.col("row").replace(cs.TOTAL, None).alias("org_unit_id"),
        pl.col("row").replace_strict(row_labels, default=pl.col("row")).alias("org_unit"),
    ).select("org_unit_id", "org_unit", "cluster", "population", "coverage", "suppressed")
    chart(cs.coverage_heatmap(cells, rows, row_labels, cluster_labels), data, metric_ids=["S3"],
          title=cs.heatmap_title(cells, row_labels, cluster_labels, k()), key="skills_heatmap", view=view,
          note=cs.heatmap_note(cells, len(rows), k()))
    st.caption(t("skills_heatmap_rows", k=k()))

# --- S4: expert supply and demand ---------------------------------------------------------------------
st.subheader(t("skills_supply_header"))
s4 = rows_frame(result("S4", period, filters=filters))
supply = cs.supply_demand(s4)
if s4.height and s4["suppressed"].all():
    finding(t("skills_hidden_chart", what=t("S4"), k=k()), "S4")
    st.caption(hidden_text())
elif supply.height:
    left, right = st.columns(2, gap="medium")
    with left:
        no_demand = supply.height - cs.in_demand(supply).height
        chart(cs.supply_demand_chart(cs.in_demand(supply)), supply, title=cs.risk_title(supply), metric_ids=["S4"],
              key="skills_supply", view=view, note=t("skills_no_demand", n=no_demand) if no_demand else None)
    with right:
        listed = supply.filter(pl.col("at_risk")).select(pl.col("skill").alias(t("skills_col_skill")),
                                                         pl.col("supply").alias(t("skills_col_supply")),
                                                         pl.col("demand").alias(t("skills_col_demand")))
        if listed.height:
            table(listed, title=t("skills_risk_list"), metric_ids=["S4"], key="skills_at_risk", view=view,
                  column_config={t("skills_col_skill"): st.column_config.TextColumn(width=220),
                                 t("skills_col_supply"): st.column_config.NumberColumn(width=70),
                                 t("skills_col_demand"): st.column_config.NumberColumn(width=70)})
        else:
            st.info(t("skills_risk_list_none"))

# --- S5 by group --------------------------------------------------------------------------------------
st.subheader(t("skills_time_header"))
by = st.columns([1, 2])[0].selectbox(t("skills_grouping"), cs.GROUPINGS, key="skills_grouping",
                                     format_func=lambda g: t(f"skills_group_{g}"))
s5 = rows_frame(result("S5", period, by, filters))
overall = row(result("S5", period, filters=filters))
times = cs.time_frame(s5)
labels = {g: cs.value_label(by, g) for g in times["group"]}
if overall is None or overall["suppressed"]:
    finding(t("skills_hidden_chart", what=t("S5"), k=k()), "S5")
    st.caption(hidden_text())
elif times.is_empty():
    finding(t("skills_time_none", period=period.label), "S5")
    st.caption(cs.time_note(s5, k()))
else:
    data = times.with_columns(pl.col("group").replace_strict(labels, default=pl.col("group")).alias("label"))
    chart(cs.time_chart(times, labels, overall["value"]), data, title=cs.time_title(times, labels, overall["value"]),
          metric_ids=["S5"], key="skills_time", view=view, note=cs.time_note(s5, k()))

# --- S6 -----------------------------------------------------------------------------------------------
st.subheader(t("skills_trend_header"))
s6 = rows_frame(result("S6", period, filters=filters))
moved = cs.movers(s6)
if s6.height and s6["suppressed"].all():
    finding(t("skills_hidden_chart", what=t("S6"), k=k()), "S6")
    st.caption(hidden_text())
elif moved.is_empty():
    finding(t("skills_trend_title_none", previous=previous.label), "S6")
else:
    chart(cs.movers_chart(moved), moved, title=cs.trend_title(moved, previous.label), metric_ids=["S6"],
          key="skills_trend", view=view, note=t("skills_trend_note"))

trace(view, ["S1", "S2", "S3", "S4", "S5", "S6"])
