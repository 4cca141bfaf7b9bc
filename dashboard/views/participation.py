"""Participation: who takes part, through which channels, whether they come back, how evenly, how they rate it."""

from datetime import datetime
from zoneinfo import ZoneInfo

import polars as pl
import streamlit as st

from dashboard import charts
from dashboard import charts_participation as cp
from dashboard.components import chart, change_text, finding, page_start, group_label, hidden_text, k, tile, trace
from dashboard.i18n import month_label, number, percent, t
from dashboard.loaders import metrics, monthly_trend, result
from dashboard.periods import trend_window
from dashboard.texts import TEXTS
from metrics.periods import Period

IDS = ["P1", "P2", "P3", "P6", "P7", "P8", "P9", "P10"]
GROUPINGS = ("org_unit", "country", "location", "job_family", "employment_type")
SATISFACTION = ["ratings", "mean_rating", "recommendations", "nps"]
TILES = [("P2", None), ("P3", None), ("P7", None), ("P10", "mean_rating")]  # metric, field of a multi-figure value

view = page_start("participation", "participation_caption")
period, filters = view.period, view.filters
previous = period.previous()
model = metrics(filters)
today = datetime.now(ZoneInfo(model.settings.timezone)).date()


def hidden_chart(title: str, *metric_ids: str) -> None:
    """A chart whose every figure is hidden: the finding says so, and no empty axes are drawn."""
    finding(title, *metric_ids)
    st.caption(hidden_text())


def notes(*texts: str | None) -> str | None:
    return " ".join(x for x in texts if x) or None


def counted(key: str, n: int, **values) -> str | None:
    """A note about n things (None for none), in the singular for one."""
    singular = f"participation_{key.removeprefix('participation_')}_one"
    if n == 0:
        return None
    return t(singular, **values) if n == 1 and singular in TEXTS else t(key, n=n, **values)


first, last = trend_window(view.data_range[0], period)
first_year, _ = trend_window(view.data_range[0], period, 12)
months = Period(first.start, last.end).months()
year_months = Period(first_year.start, last.end).months()
trend = monthly_trend(first, last, filters)
completion = cp.monthly_frame([(m.start, result("P7", m, filters=filters)) for m in year_months])
ratings = cp.monthly_frame([(m.start, result("P10", m, filters=filters)) for m in year_months], SATISFACTION)

# -- headline tiles --------------------------------------------------------------------------------------------
st.subheader(t("participation_headline", period=period.label))
year_trend = trend.filter(trend["month"] >= first_year.start)
# st.metric draws numbers only: hidden months and months without a figure are left out of the small chart
sparklines = {metric_id: [v for v, h in zip(frame[column], frame["suppressed"]) if not h and v is not None]
              for metric_id, frame, column in [("P2", year_trend, "P2"), ("P3", year_trend, "P3"),
                                               ("P7", completion, "value"), ("P10", ratings, "mean_rating")]}
headline = {}
for column, (metric_id, field) in zip(st.columns(4), TILES):
    value, hidden = cp.figure(result(metric_id, period, filters=filters), field)
    prior, prior_hidden = cp.figure(result(metric_id, previous, filters=filters), field)
    headline[metric_id] = (value, hidden)
    change = None if hidden or prior_hidden or value is None or prior is None else value - prior
    if change is not None and metric_id in ("P3", "P7"):
        change *= 100
    delta = cp.rating_change(change) if metric_id == "P10" else change_text(metric_id, change)
    tile(column, metric_id, value, suppressed=hidden, delta=delta,
         delta_description=t("vs_previous", period=previous.label), sparkline=sparklines[metric_id],
         label=t("participation_tile_rating") if metric_id == "P10" else None)
    if not hidden and value is None:
        column.caption(t("participation_no_enrolments" if metric_id == "P7" else "participation_no_ratings"))
st.caption(t("participation_sparkline"))

# -- trend and channel mix -----------------------------------------------------------------------------------
st.subheader(t("participation_section_trend"))
left, right = st.columns(2)
with left:
    found = cp.trend_finding(trend)
    hidden_months = int(trend["suppressed"].sum())
    if found is None:
        hidden_chart(t("participation_trend_hidden", hidden=hidden_text()), "P2", "P3")
    else:
        values = {"rate": percent(found["rate"]), "month": month_label(found["month"]),
                  "learners": number(found["learners"])}
        if "change" in found:
            title = t("participation_trend_finding", change=change_text("P3", found["change"]),
                      ref_month=month_label(found["ref_month"]), **values)
        else:
            title = t("participation_trend_single", **values)
        figure = charts.learners_and_rate(trend, t("P2"), t("P3"))
        chart(figure, trend.select("month", "P1", "P2", "P3", "suppressed"),
              title=title, metric_ids=["P2", "P3"], key="participation_trend", view=view,
              note=counted("participation_hidden_months", hidden_months, k=k()))
with right:
    mix = cp.mix_frame([(m.start, result("P6", m, filters=filters)) for m in months])
    found = cp.mix_finding(mix)
    if found is None:
        hidden_chart(t("participation_mix_hidden", hidden=hidden_text()), "P6")
    else:
        channel_names = {c: t(f"channel_{c}") for c in cp.MIX_CHANNELS}
        if filters.channel:
            title = t("participation_mix_filtered", channel=channel_names[filters.channel])
        elif "first" in found:
            title = t("participation_mix_finding", top=channel_names[found["top"]],
                      top_share=percent(found["top_share"]), month=month_label(found["month"]),
                      mover=channel_names[found["mover"]],
                      first=month_label(found["first"]), before=percent(found["before"]), after=percent(found["after"]))
        else:
            title = t("participation_mix_single", top=channel_names[found["top"]],
                      top_share=percent(found["top_share"]), month=month_label(found["month"]))
        hidden_mix = int(mix["suppressed"].sum())
        empty_mix = mix.filter(~mix["suppressed"] & mix["share_formal"].is_null()).height
        chart(cp.channel_mix(mix, channel_names), mix, title=title[0].upper() + title[1:], metric_ids=["P6"],
              key="participation_mix", view=view,
              note=notes(counted("participation_hidden_months", hidden_mix, k=k()),
                         counted("participation_mix_no_hours", empty_mix)))

# -- groups ------------------------------------------------------------------------------------------------------
st.subheader(t("participation_section_groups"))
levels = cp.org_levels(model.frames.org_units, filters.org_unit)  # {level: units in view}, below the filter
groupings = [g for g in GROUPINGS if g != "org_unit" or levels]
if st.session_state.get("participation_grouping") not in groupings:
    st.session_state["participation_grouping"] = groupings[0]
controls = st.columns([3, 1]) if levels else [st.container()]
with controls[0]:
    grouping = st.segmented_control(t("participation_grouping"), groupings, required=True,
                                    format_func=lambda g: t(f"participation_by_{g}"), key="participation_grouping")
by = grouping
if grouping == "org_unit":
    if st.session_state.get("participation_org_level") not in levels:
        st.session_state.pop("participation_org_level", None)
    with controls[1]:
        level = st.selectbox(t("participation_org_level"), list(levels), key="participation_org_level",
                             format_func=lambda lv: t("participation_level", level=lv, n=levels[lv]))
    by = f"org_unit:{level}"


def label(group: str) -> str:
    if grouping == "employment_type" and f"participation_employment_{group}" in TEXTS:
        return t(f"participation_employment_{group}")
    return group_label(by, group)


groups = cp.group_frame(result("P3", period, by, filters), result("P2", period, by, filters), label)
gap = cp.group_gap(groups)
hidden_groups = int(groups["suppressed"].sum())
if gap is None:
    hidden_chart(t("participation_groups_hidden", hidden=hidden_text()), "P3")
else:
    shown_groups, middle = cp.visible_groups(groups)
    overall, overall_hidden = cp.figure(result("P3", period, filters=filters))
    if gap["groups"] > 1:
        title = t("participation_groups_gap", low=percent(gap["low"]), low_group=gap["low_group"],
                  high=percent(gap["high"]), high_group=gap["high_group"], gap=change_text("P3", gap["gap"] * 100)[1:])
    else:
        title = t("participation_groups_one", high=percent(gap["high"]), high_group=gap["high_group"])
    figure = cp.group_bars(
        shown_groups, None if overall_hidden else overall,
        t("participation_overall", rate=percent(overall)) if overall is not None else "",
        lambda r: t("participation_hover_group", learners=number(r["P2"]), people=number(r["population"])))
    chart(figure, groups, title=title, metric_ids=["P3", "P2"], key="participation_groups", view=view,
          note=notes(counted("suppressed_cells", hidden_groups, k=k()),
                     counted("participation_groups_middle", middle, shown=cp.GROUP_LIMIT // 2)))

# -- returning learners ------------------------------------------------------------------------------------------
st.subheader(t("participation_section_return"))
p8 = result("P8", Period(first_year.start, last.end), filters=filters)
left, right = st.columns(2)
with left:
    cohorts = cp.cohort_frame(p8)
    found = cp.cohort_finding(cohorts)
    hidden_count = cp.hidden_cohorts(cohorts)
    suppressed_note = counted("participation_cohorts_suppressed", hidden_count, k=k())
    if cohorts.filter(~cohorts["suppressed"]).is_empty():
        hidden_chart(t("participation_cohort_hidden", hidden=hidden_text()), "P8")
        if suppressed_note:
            st.caption(suppressed_note)
    elif found is None:
        finding(t("participation_cohort_young", first=month_label(first_year.start)), "P8")
        st.caption(notes(t("participation_cohort_note", months=len(year_months)), suppressed_note))
    else:
        title = t("participation_cohort_finding", avg=percent(found["avg"]),
                  best_cohort=month_label(found["best_cohort"]), best=percent(found["best"]))
        chart(cp.cohort_heatmap(cohorts, t("participation_months_since")), cohorts, title=title, metric_ids=["P8"],
              key="participation_cohorts", view=view,
              note=notes(t("participation_cohort_note", months=len(year_months)), suppressed_note))
with right:
    returning = cp.returning_frame(p8)
    known = [cp.returning_known(m, view.data_range[1], today) for m in returning["month"]]
    open_months = [m for m, ok in zip(returning["month"], known) if not ok]
    returning = returning.filter(known) if returning.height else returning
    found = cp.returning_finding(returning)
    open_note = t("participation_returning_open", month=", ".join(month_label(m) for m in open_months)) \
        if open_months else None
    if found is None:
        hidden = returning.height and bool(returning["suppressed"].all())
        finding(t("participation_returning_hidden", hidden=hidden_text()) if hidden
                else t("participation_returning_none"), "P8")
        st.caption(notes(hidden_text() if hidden else None, open_note))
    else:
        title = t("participation_returning_finding", rate=percent(found["rate"]), month=month_label(found["month"]),
                  next=month_label(found["next"]), avg=percent(found["avg"]), n=found["n"])
        hidden_returning = int(returning["suppressed"].sum())
        chart(cp.returning_line(returning, t("P8")), returning, title=title, metric_ids=["P8"],
              key="participation_returning", view=view,
              note=notes(counted("participation_hidden_months", hidden_returning, k=k()), open_note))

# -- inequality --------------------------------------------------------------------------------------------------
st.subheader(t("participation_section_spread"))
spread, spread_hidden = cp.figure(result("P9", period, filters=filters))
left, right = st.columns(2)
if spread_hidden:
    with left:
        hidden_chart(t("participation_lorenz_hidden", hidden=hidden_text()), "P9")
    with right:
        hidden_chart(t("participation_split_hidden", hidden=hidden_text()), "P9")
elif not spread or not spread.get("active"):
    with left:
        finding(t("participation_lorenz_empty"), "P9")
else:
    lorenz_note = t("participation_lorenz_note", active=number(spread["active"]), top1=percent(spread["top1_share"]))
    with left:
        if spread.get("lorenz_50") is None:  # fewer than k active people: the curve would describe each of them
            finding(t("participation_lorenz_short", top10=percent(spread["top10_share"]),
                      gini=number(spread["gini"], 2)), "P9")
            st.caption(notes(t("participation_lorenz_few", k=k()), lorenz_note))
        else:
            xs, ys = cp.lorenz_curve(spread)
            title = t("participation_lorenz_finding", top10=percent(spread["top10_share"]),
                      bottom50=percent(spread["lorenz_50"]), gini=number(spread["gini"], 2))
            figure = cp.lorenz(xs, ys, t("participation_lorenz_curve"), t("participation_lorenz_equal"),
                               t("participation_lorenz_x"), t("participation_lorenz_y"))
            data = pl.DataFrame({"share_of_active_people": xs, "share_of_events": ys}).with_columns(
                *[pl.lit(spread[c]).alias(c) for c in ("active", "gini", "top1_share", "top10_share")])
            chart(figure, data, title=title, metric_ids=["P9"], key="participation_lorenz", view=view, note=lorenz_note)
    with right:
        split = cp.split_shares(spread)
        labels = {"lurkers": t("participation_lurkers"), "occasional": t("participation_occasional"),
                  "heavy": t("participation_heavy")}
        title = t("participation_split_finding", lurkers=percent(split["lurkers"][1]),
                  occasional=percent(split["occasional"][1]), heavy=percent(split["heavy"][1]))
        data = pl.DataFrame({"kind": list(split), "persons": [v[0] for v in split.values()],
                             "share": [v[1] for v in split.values()]})
        chart(cp.split_bars(split, labels, lambda n: t("participation_people", n=number(n)), t("participation_rule")),
              data, title=title, metric_ids=["P9"], key="participation_split", view=view)

# -- completion and satisfaction ---------------------------------------------------------------------------------
st.subheader(t("participation_section_quality"))
left, right = st.columns(2)
months_note = t("participation_months_note", months=len(year_months))
with left:
    value, hidden = headline["P7"]
    hidden_completion = int(completion["suppressed"].sum())
    if hidden:
        hidden_chart(t("participation_completion_hidden", hidden=hidden_text()), "P7")
    else:
        span = cp.extremes(completion, "value")
        if value is None:
            title = t("participation_completion_none", period=period.label)
        elif span:
            title = t("participation_completion_finding", rate=percent(value), period=period.label,
                      low=percent(span["low"]), low_month=month_label(span["low_month"]),
                      high=percent(span["high"]), high_month=month_label(span["high_month"]))
        else:
            title = t("participation_completion_plain", rate=percent(value), period=period.label)
        hidden_note = counted("participation_hidden_months", hidden_completion, k=k())
        if not cp.has_values(completion, "value"):
            finding(title, "P7")
            st.caption(notes(t("participation_nothing_in_window", months=len(year_months)), hidden_note))
        else:
            chart(cp.completion_bars(completion, t("P7")), completion.rename({"value": "P7"}), title=title,
                  metric_ids=["P7"], key="participation_completion", view=view,
                  note=notes(months_note, t("participation_completion_note"), hidden_note))
with right:
    value, hidden = cp.figure(result("P10", period, filters=filters))
    hidden_ratings = int(ratings["suppressed"].sum())
    if hidden:
        hidden_chart(t("participation_satisfaction_hidden", hidden=hidden_text()), "P10")
    else:
        if not value or value.get("mean_rating") is None:
            title = t("participation_satisfaction_none", period=period.label)
        elif value.get("nps") is None:
            title = t("participation_satisfaction_no_nps", period=period.label, mean=number(value["mean_rating"], 1),
                      ratings=number(value["ratings"]))
        else:
            title = t("participation_satisfaction_finding", period=period.label, mean=number(value["mean_rating"], 1),
                      ratings=number(value["ratings"]), nps=cp.signed(value["nps"]))
        hidden_note = counted("participation_hidden_months", hidden_ratings, k=k())
        if not cp.has_values(ratings, "mean_rating"):
            finding(title, "P10")
            st.caption(notes(t("participation_nothing_in_window", months=len(year_months)), hidden_note))
        else:
            chart(cp.satisfaction_chart(ratings, t("participation_mean_rating"), t("participation_nps")), ratings,
                  title=title, metric_ids=["P10"], key="participation_satisfaction", view=view,
                  note=notes(months_note, hidden_note))

trace(view, IDS)
