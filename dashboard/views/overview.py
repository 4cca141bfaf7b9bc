"""Overview: the headline figures with their change and last 12 months, what moved most, and the monthly trend."""

import streamlit as st

from dashboard import charts
from dashboard.components import chart, change_text, page_start, group_label, hidden_text, shown, tile, trace, visible
from dashboard.findings_overview import HEADLINE, group_extremes, headline, largest_moves, move
from dashboard.i18n import month_label, t
from dashboard.loaders import monthly_trend, result
from dashboard.periods import trend_window
from metrics.periods import Period

view = page_start("overview", "overview_caption")
HEADLINE = visible(HEADLINE)  # only the figures the role may see (the works council has no S3)
period, filters = view.period, view.filters
previous = period.previous()

current = {m: headline(result(m, period, filters=filters)) for m in HEADLINE}
before = {m: headline(result(m, previous, filters=filters)) for m in HEADLINE}
last_month = period.months()[-1]
spark_months = Period(trend_window(view.data_range[0], period, 12)[0].start, last_month.end).months()

st.subheader(t("overview_headline", period=period.label))
for row in (HEADLINE[:4], HEADLINE[4:]):
    for column, metric_id in zip(st.columns(len(row)), row):
        value, hidden = current[metric_id]
        prior, prior_hidden = before[metric_id]
        change = move(metric_id, None if hidden else value, None if prior_hidden else prior)
        sparkline = [headline(result(metric_id, month, filters=filters)) for month in spark_months]
        tile(column, metric_id, value, suppressed=hidden, delta=change_text(metric_id, change and change.change),
             delta_description=t("vs_previous", period=previous.label),
             delta_color="off" if metric_id == "P1" else "normal",
             sparkline=[None if h else v for v, h in sparkline])
st.caption(t("overview_sparkline"))

st.subheader(t("overview_moved"))
moves = [move(m, None if current[m][1] else current[m][0], None if before[m][1] else before[m][0]) for m in HEADLINE]
sentences = []
for found in largest_moves(moves):
    values = {"metric": t(found.metric_id), "value": shown(found.metric_id, found.value),
              "change": (change_text(found.metric_id, abs(found.change)) or "").lstrip("+"),
              "previous_period": previous.label}
    sentences.append(t(f"overview_{found.direction}", **values))
rise, fall = group_extremes(result("P3", period, "org_unit:2", filters), result("P3", previous, "org_unit:2", filters))
if rise or fall:
    key = "overview_groups" if rise and fall else ("overview_groups_rise" if rise else "overview_groups_fall")
    sentences.append(t(key, rise=rise and group_label("org_unit", rise[0]), fall=fall and group_label("org_unit", fall[0]),
                       rise_change=rise and change_text("P3", rise[1]), fall_change=fall and change_text("P3", fall[1])))
st.markdown("\n".join(f"- {s}" for s in sentences) if sentences else t("overview_nothing_moved"))

st.subheader(t("trend_title"))
first, last = trend_window(view.data_range[0], period)
trend = monthly_trend(first, last, filters)
latest = trend.filter(~trend["suppressed"]).tail(1)
left, right = st.columns(2)
with left:
    title = (t("overview_trend_learners", learners=shown("P2", latest["P2"][0]), rate=shown("P3", latest["P3"][0]),
               month=month_label(latest["month"][0])) if latest.height else t("overview_trend_hidden", k=hidden_text()))
    chart(charts.learners_and_rate(trend, t("P2"), t("P3")), trend.select("month", "P1", "P2", "P3", "suppressed"),
          title=title, metric_ids=["P2", "P3"], key="overview_trend_learners", view=view)
with right:
    if latest.height:
        month = latest["month"][0]
        year_before = month.replace(year=month.year - 1)
        earlier = trend.filter((trend["month"] >= year_before) & (trend["month"] < month) & ~trend["suppressed"]).head(1)
        change = latest["P5"][0] - earlier["P5"][0] if earlier.height else None
        title = t("overview_trend_hours", hours=shown("P5", latest["P5"][0]), month=month_label(month),
                  change=change_text("P5", change) or "–",
                  earlier=month_label(earlier["month"][0]) if earlier.height else "–")
    else:
        title = t("overview_trend_hidden", k=hidden_text())
    chart(charts.hours_per_fte(trend, t("P5")), trend.select("month", "P4", "P5", "suppressed"), title=title,
          metric_ids=["P5"], key="overview_trend_hours", view=view)

trace(view, HEADLINE)
