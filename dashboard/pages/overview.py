"""Overview: headline participation for a month or quarter, its change, and the monthly trend."""

from datetime import datetime
from zoneinfo import ZoneInfo

import streamlit as st

from dashboard import charts
from dashboard.i18n import number, percent, plotly_separators, t
from dashboard.loaders import metrics
from dashboard.periods import choices, trend_window
from metrics.catalogue import METRICS
from metrics.overview import OVERVIEW_KPIS, Kpi
from metrics.periods import Period

st.title(t("overview"))
st.caption(t("overview_caption"))

model = metrics()
data_range = model.data_range()
if data_range is None:
    st.info(t("empty"))
    st.stop()

left, right, _ = st.columns([1, 1, 2])
kind = left.segmented_control(t("granularity"), ["month", "quarter"], default="month", format_func=t,
                              required=True, key="granularity")
options = choices(*data_range, kind, today=datetime.now(ZoneInfo(model.settings.timezone)).date())
if not options:
    st.info(t("no_complete_period"))
    st.stop()
period: Period = right.selectbox(t("choose_period"), options, format_func=lambda p: p.label, key=f"period_{kind}")


def shown(metric_id: str, value) -> str:
    unit = METRICS[metric_id].unit
    if unit == "share":
        return percent(value)
    if unit in ("hours", "hours_per_fte"):
        return number(value, 1)
    return number(value)


def change(kpi: Kpi) -> str | None:
    delta = kpi.change
    if delta is None:
        return None
    unit = METRICS[kpi.current.metric_id].unit
    sign = "+" if delta >= 0 else "-"  # Streamlit reads the arrow from an ASCII minus
    if unit == "share":
        return f"{sign}{number(abs(delta), 1)} pp"
    return f"{sign}{number(abs(delta), 1 if unit != 'persons' else 0)}"


kpis = model.kpis(period)
for column, kpi in zip(st.columns(len(kpis)), kpis):
    metric_id = kpi.current.metric_id
    help_text = f"**{t('definition', id=metric_id)}**: {METRICS[metric_id].definition}"
    if kpi.current.suppressed:
        column.metric(t(metric_id), t("hidden"), help=help_text, border=True)
        column.caption(t("hidden_note", k=model.settings.min_group_size))
        continue
    column.metric(t(metric_id), shown(metric_id, kpi.current.value), change(kpi), help=help_text, border=True,
                  delta_color="off" if metric_id == "P1" else "normal",
                  delta_description=t("vs_previous", period=kpi.previous.period))

st.subheader(t("trend_title"))
first_month, last_month = trend_window(data_range[0], period)
trend = model.monthly_trend(first_month, last_month)
chart_left, chart_right = st.columns(2)
chart_left.plotly_chart(charts.learners_and_rate(trend, t("trend_learners"), t("P2"), t("P3"),
                                                               plotly_separators()), key="trend_learners")
chart_right.plotly_chart(charts.hours_per_fte(trend, t("trend_hours"), t("P5"), plotly_separators()), key="trend_hours")

runs, finished = model.lineage()
lineage = t("lineage", runs=", ".join(f"{source} #{run}" for source, run in runs),
            finished=f"{finished:%Y-%m-%d %H:%M}") if runs else t("no_sync")
st.caption(t("trace", ids=", ".join(OVERVIEW_KPIS), period=period.label, lineage=lineage))
