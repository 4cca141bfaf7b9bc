"""Data health: per source the last sync, freshness, counts per run, quarantine, checks, unmatched identities."""

import streamlit as st

from dashboard.i18n import t
from dashboard.loaders import data_health, metrics

st.title(t("data_health"))
st.caption(t("data_health_caption"))

health = data_health()
if health.runs.is_empty():
    st.info(t("no_runs"))
    st.stop()

st.subheader(t("sources"))
st.dataframe(health.sources, hide_index=True, column_config={
    "last_run": st.column_config.DatetimeColumn("last run (UTC)", format="YYYY-MM-DD HH:mm"),
    "last_success": st.column_config.DatetimeColumn("last success (UTC)", format="YYYY-MM-DD HH:mm"),
    "newest_event": st.column_config.DatetimeColumn("newest event (UTC)", format="YYYY-MM-DD HH:mm"),
})

st.subheader(t("runs"))
runs = health.runs.head(100)
st.dataframe(runs.drop("message"), hide_index=True, column_config={
    "started_at": st.column_config.DatetimeColumn("started (UTC)", format="YYYY-MM-DD HH:mm:ss"),
    "finished_at": st.column_config.DatetimeColumn("finished (UTC)", format="YYYY-MM-DD HH:mm:ss"),
})
for row in runs.filter(runs["status"] == "failed").head(5).iter_rows(named=True):
    st.error(f"#{row['run_id']} {row['source']}: {row['message']}")

left, right = st.columns(2)
with left:
    st.subheader(t("quarantine"))
    if health.quarantine.is_empty():
        st.success(t("nothing_quarantined"))
    else:
        st.dataframe(health.quarantine, hide_index=True)
with right:
    st.subheader(t("unmatched"))
    st.caption(t("unmatched_caption"))
    if health.unmatched.is_empty():
        st.success(t("all_matched"))
    else:
        st.dataframe(health.unmatched, hide_index=True)

st.subheader(t("expectations"))
st.dataframe(health.expectations.drop("run_id"), hide_index=True, column_config={
    "success": st.column_config.CheckboxColumn("passed"),
})

missing = metrics().events_without_duration
if missing:
    st.warning(t("no_duration", n=f"{missing:,}"))
