"""Network effects: the flywheel, the network-effect exponent, the peer network by group, reach, conversion and
session fill (N1 to N8). Every figure is a guarded row of `metrics.compute.compute`."""

import polars as pl
import streamlit as st

from dashboard import charts_network as cn
from dashboard.components import chart, change_text, page_start, group_label, hidden_text, k, shown, tile, trace
from dashboard.i18n import month_label, number, percent, t
from dashboard.loaders import metrics, result
from dashboard.periods import trend_window
from metrics.catalogue import METRICS
from metrics.periods import Period

IDS = ["N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"]

view = page_start("network", "network_caption")
period, filters = view.period, view.filters
previous = period.previous()


def now_and_before(metric_id: str, field: str | None = None, by: str | None = None):
    return (cn.figure(result(metric_id, period, by, filters), field),
            cn.figure(result(metric_id, previous, by, filters), field))


# --- headline ------------------------------------------------------------------------------------------------
st.subheader(t("network_headline", period=period.label))
HEADLINE = (("N1", None, None, None), ("N2", None, None, None),
            ("N3", "conversion_rate", "share", "network_conversion"),
            ("N8", "mean_attendees", None, "network_mean_attendees"))
for column, (metric_id, field, unit, label) in zip(st.columns(len(HEADLINE)), HEADLINE):
    now, before = now_and_before(metric_id, field)
    share = (unit or METRICS[metric_id].unit) == "share"
    tile(column, metric_id, now[0], suppressed=now[1], label=t(label) if label else None, unit=unit,
         delta=change_text(metric_id, cn.change(now, before, share), unit),
         delta_description=t("vs_previous", period=previous.label))
    if now[0] is None and not now[1]:
        column.caption(t("network_not_defined"))

# --- N7: the flywheel over up to 24 months ending with the period --------------------------------------------
st.subheader(t("network_flywheel"))
first, last = trend_window(view.data_range[0], period)
window = Period(first.start, last.end)
n7 = result("N7", window, filters=filters)
series = cn.flywheel_frame(n7)
(exponent, fit_hidden), (intercept, _) = cn.figure(n7, "exponent_b"), cn.figure(n7, "intercept_a")
fit_months, (correlation, _), (pairs, _) = (cn.figure(n7, "fit_months")[0], cn.figure(n7, "growth_correlation"),
                                            cn.figure(n7, "correlation_pairs"))
command = f"python -m metrics show N7 --period {window.label}" + "".join(
    f" --{name.replace('_', '-')} {value}" for name, value in filters.as_dict().items())
st.caption(t("network_window", start=month_label(first.start), end=month_label(last.start), months=series.height,
             command=command))
hidden_months = int(series["suppressed"].sum())
months_note = t("network_months_hidden", n=hidden_months, k=k()) if hidden_months else None
left, right = st.columns(2)
with left:
    names = {s: t(f"network_series_{s}") for s in cn.SERIES}
    chart(cn.flywheel_chart(series, names), series.drop("active_persons", "interactions"),
          title=cn.flywheel_title(series, hidden_text(), view.data_range[0]), metric_ids=["N7"], key="network_flywheel", view=view,
          note=" · ".join(filter(None, [t("network_log_axis"), months_note])))
with right:
    labels = {"months": t("network_months"), "active": t("network_active"),
              "interactions": t("network_interactions"), "fit": t("network_fit")}
    fit_note = (t("network_fit_note", months=fit_months, a=number(intercept, 2), b=number(exponent, 2))
                if exponent is not None else None)
    chart(cn.exponent_chart(series, exponent, intercept, labels),
          series.select("month", "active_persons", "interactions", "suppressed").with_columns(
              pl.lit(exponent).alias("exponent_b"), pl.lit(intercept).alias("intercept_a")),
          title=cn.exponent_title(exponent, fit_hidden, hidden_text()), metric_ids=["N7"], key="network_exponent",
          view=view, note=fit_note)
if not fit_hidden:
    st.caption(t("network_correlation", r=cn.ei_text(correlation), pairs=pairs) if correlation is not None
               else t("network_correlation_missing"))

# --- N4 to N6: the peer network at group level ---------------------------------------------------------------
st.subheader(t("network_graph"))
units = metrics(filters).frames.org_units
levels = sorted(level for level, count in units.group_by("level").len().iter_rows() if count > 1)
options = [f"org_unit:{level}" for level in levels] + ["country"]
chosen_level = dict(units.select("org_unit_id", "level").iter_rows()).get(filters.org_unit)
default = next((o for o in options if chosen_level and o == f"org_unit:{chosen_level + 1}"), options[0])
by = st.segmented_control(t("network_grouping"), options, default=default, required=True, key="network_grouping",
                          format_func=lambda o: t("network_countries") if o == "country"
                          else t("network_level", level=o.split(":")[1]))
kind = "country" if by == "country" else "org_unit"

n4 = result("N4", period, filters=filters)
n5, n6 = result("N5", period, by, filters), result("N6", period, by, filters)
network = cn.group_network(n5, n6)
group_names = {g: group_label(by, g) for g in network.nodes["group"].to_list()}
FIGURES = (("nodes", "network_nodes", "count", None), ("edges", "network_edges", "count", None),
           ("density", "network_density", "share", 2), ("largest_component_share", "network_component", "share", None),
           ("reciprocity", "network_reciprocity", "share", None))
left, right = st.columns([1, 3])
for field, label, unit, decimals in FIGURES:
    value, hidden = cn.figure(n4, field)
    tile(left, "N4", value, suppressed=hidden, label=t(label), unit=unit, decimals=decimals)
    if value is None and not hidden:
        left.caption(t("network_not_defined"))
with right:
    if network.nodes.is_empty():
        title = t("network_graph_hidden", hidden=hidden_text())
    else:
        title = cn.network_title(network, group_names, period.label)
    chart(cn.network_chart(network, cn.layout_positions(network), group_names,
                           {"people": t("network_people"), "within": t("network_within"),
                            "inside": t("network_inside"), "outside": t("network_outside")},
                           show_text=network.nodes.height <= 24),
          network.data(group_names), title=title, metric_ids=["N4", "N5", "N6"], key="network_groups", view=view,
          note=" · ".join(filter(None, [
              t("suppressed_cells", n=network.hidden, k=k()) if network.hidden else None,
              t("network_backbone", shown=number(drawn), total=number(network.ties.height), strongest=cn.BACKBONE)
              if (drawn := cn.backbone(network).height) < network.ties.height else None])) or None)
st.caption(t("network_graph_legend", k=k()))

# --- N6: reach -----------------------------------------------------------------------------------------------
st.subheader(t("network_reach"))
reach = result("N6", period, by, filters)
summary = {f: cn.figure(reach, f) for f in ("contributors", "reach_mean", "reach_median", "reach_p90")}
reach_hidden = summary["reach_mean"][1]
left, right = st.columns([1, 3])
for field, label, decimals in (("reach_mean", "network_reach_mean", 1), ("reach_median", "network_reach_median", 0),
                               ("reach_p90", "network_reach_p90", 0)):
    tile(left, "N6", summary[field][0], suppressed=reach_hidden, label=t(label), unit="figures", decimals=decimals)
    if summary[field][0] is None and not reach_hidden:
        left.caption(t("network_not_defined"))
with right:
    distribution = cn.reach_frame(reach)
    groups_noun = t(f"network_groups_{kind}")
    if reach_hidden:
        reach_title = t("network_reach_hidden", hidden=hidden_text())
    elif not summary["contributors"][0]:
        reach_title = t("network_reach_none", period=period.label)
    else:
        reach_title = t("network_reach_title", mean=number(summary["reach_mean"][0], 1), groups=groups_noun,
                        median=number(summary["reach_median"][0]), p90=number(summary["reach_p90"][0]))
    chart(cn.reach_chart(distribution, t("network_reach_axis", groups=t(f"network_groups_{kind}_axis")),
                         t("network_reach_contributors"), None if reach_hidden else summary["reach_mean"][0]),
          distribution, title=reach_title, metric_ids=["N6"], key="network_reach", view=view,
          note=t("network_reach_note"))

# --- N3 and N8: conversion and session fill ------------------------------------------------------------------
st.subheader(t("network_conversion_fill"))
left, right = st.columns(2)
with left:
    n3 = result("N3", period, filters=filters)
    conversion = {f: cn.figure(n3, f) for f in ("learner_first", "converted", "conversion_rate",
                                                 "median_days_to_contribution")}
    hidden = conversion["learner_first"][1]
    learner_first, converted = conversion["learner_first"][0], conversion["converted"][0]
    rate, days = conversion["conversion_rate"][0], conversion["median_days_to_contribution"][0]
    if hidden:
        funnel_title = t("network_funnel_hidden", hidden=hidden_text())
    elif not learner_first:
        funnel_title = t("network_funnel_none", period=period.label)
    elif days is None:
        funnel_title = t("network_funnel_title_nodays", rate=percent(rate))
    else:
        funnel_title = t("network_funnel_title", rate=percent(rate), days=number(days))
    values = [] if hidden else [learner_first, converted]
    texts = [] if hidden else [number(learner_first), f"{number(converted)} ({percent(rate or 0)})"]
    chart(cn.funnel_chart([t("network_funnel_learners"), t("network_funnel_converted")][:len(values)], values, texts),
          pl.DataFrame([{k_: v for k_, (v, _) in conversion.items()}]) if not hidden else pl.DataFrame(),
          title=funnel_title, metric_ids=["N3"], key="network_funnel", view=view,
          note=t("network_funnel_note", period=period.label))
with right:
    months = window.months()
    fill = cn.fill_frame([m.start for m in months], [result("N8", m, filters=filters) for m in months])
    (mean, fill_hidden), before = now_and_before("N8", "mean_attendees")
    n8 = {f: cn.figure(result("N8", period, filters=filters), f)[0]
          for f in ("sessions", "empty_share", "registrations", "show_rate")}
    if fill_hidden:
        fill_title = t("network_fill_hidden", hidden=hidden_text())
    elif not n8["sessions"]:
        fill_title = t("network_fill_none", period=period.label)
    else:
        difference = change_text("N8", cn.change((mean, fill_hidden), before)) or "–"
        key = "network_fill_title" if n8["show_rate"] is not None else "network_fill_title_noshow"
        fill_title = t(key, mean=shown("N8", mean), period=period.label, change=difference,
                       previous=previous.label, show=percent(n8["show_rate"] or 0))
    fill_note = None if fill_hidden or not n8["sessions"] else t(
        "network_fill_note", sessions=number(n8["sessions"]), empty=percent(n8["empty_share"]),
        registrations=number(n8["registrations"]))
    chart(cn.fill_chart(fill, t("network_mean_attendees_long"), t("network_show_rate")), fill, title=fill_title,
          metric_ids=["N8"], key="network_fill", view=view, note=fill_note)

trace(view, IDS)
