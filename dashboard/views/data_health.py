"""Data health: per source the last sync, freshness, counts per run, quarantine, checks, unmatched identities."""

from datetime import datetime, timezone

import polars as pl
import streamlit as st

from dashboard.findings_data_health import (
    FRESH_HOURS,
    as_text,
    check_text,
    checks_sentence,
    freshness,
    freshness_sentence,
    quarantine_sentence,
    runs_sentence,
    unmatched_sentence,
    when,
    with_freshness,
)
from dashboard.components import check_page
from dashboard.i18n import number, t
from dashboard.loaders import data_health, metrics

check_page("data_health")
st.title(t("data_health"))
st.caption(t("data_health_caption"))

health = data_health()
if health.runs.is_empty():
    st.info(t("data_health_no_runs"))
    st.stop()

now = datetime.now(timezone.utc).replace(tzinfo=None)  # the warehouse stores UTC without a zone
fresh = freshness(health.sources, now)
checks = health.expectations
passed = int(checks["success"].sum()) if checks.height else 0
column = st.column_config


def finding(text: str, help_text: str | None = None) -> None:
    st.markdown(f"**{text}**", help=help_text)


def text(label_key: str, help_key: str | None = None, right: bool = False, **options) -> column.TextColumn:
    """A column with its header in the current language; counts right-aligned."""
    return column.TextColumn(t(label_key), help=t(help_key, hours=FRESH_HOURS) if help_key else None,
                             alignment="right" if right else None, **options)


def status(value: str) -> str:
    return t(f"data_health_status_{value}")


def hours(value: float) -> str:
    return number(value, 1)


for tile, (label, value, help_key) in zip(st.columns(4), [
    (t("data_health_tile_fresh", hours=FRESH_HOURS), t("data_health_of", n=len(fresh.fresh), total=fresh.total),
     "data_health_fresh_help"),
    (t("data_health_tile_checks"), t("data_health_of", n=number(passed), total=number(checks.height)),
     "data_health_checks_help"),
    (t("data_health_tile_quarantine"), number(health.quarantine["records"].sum() if health.quarantine.height else 0),
     "data_health_quarantine_help"),
    (t("data_health_tile_unmatched"), number(health.unmatched["identities"].sum() if health.unmatched.height else 0),
     "data_health_unmatched_help"),
]):
    tile.metric(label, value, help=t(help_key, hours=FRESH_HOURS), border=True)

st.subheader(t("data_health_sources"))
finding(freshness_sentence(fresh), t("data_health_fresh_help", hours=FRESH_HOURS))
sources = with_freshness(health.sources, now)
sources = as_text(as_text(as_text(as_text(sources, ["read_total", "quarantined_total", "events"]),
                                  ["last_success", "newest_event"], when), ["last_status"], status),
                  ["hours_since_success"], hours)
st.dataframe(sources, hide_index=True,
             column_order=["source", "last_status", "fresh", "last_success", "hours_since_success", "read_total",
                           "quarantined_total", "events", "newest_event"],
             column_config={
                 "source": text("data_health_col_source"),
                 "last_status": text("data_health_col_status"),
                 "fresh": column.CheckboxColumn(t("data_health_col_fresh"),
                                                help=t("data_health_fresh_help", hours=FRESH_HOURS)),
                 "last_success": text("data_health_col_last_success"),
                 "hours_since_success": text("data_health_col_hours_since", "data_health_col_hours_since_help",
                                             right=True),
                 "read_total": text("data_health_col_read_total", "data_health_col_read_total_help", right=True),
                 "quarantined_total": text("data_health_col_quarantined_total", right=True),
                 "events": text("data_health_col_events", "data_health_col_events_help", right=True),
                 "newest_event": text("data_health_col_newest_event"),
             })

st.subheader(t("data_health_runs"))
runs = health.runs.head(100)
finding(runs_sentence(health.runs, when))
st.dataframe(
    as_text(as_text(as_text(runs, ["records_read", "loaded", "updated", "duplicates", "quarantined"]),
                    ["finished_at"], when), ["status"], status),
    hide_index=True,
    column_order=["run_id", "source", "status", "finished_at", "records_read", "loaded", "updated", "duplicates",
                  "quarantined"],
    column_config={
        "run_id": column.NumberColumn(t("data_health_col_run"), format="#%d", width="small"),
        "source": text("data_health_col_source"),
        "status": text("data_health_col_run_status"),
        "finished_at": text("data_health_col_finished"),
        "records_read": text("data_health_col_read", right=True),
        "loaded": text("data_health_col_loaded", right=True),
        "updated": text("data_health_col_updated", right=True),
        "duplicates": text("data_health_col_duplicates", right=True),
        "quarantined": text("data_health_col_quarantined", right=True),
    })
if runs.height < health.runs.height:
    st.caption(t("data_health_runs_shown", shown=runs.height, n=number(health.runs.height)))
for row in runs.filter(pl.col("status") == "failed").head(5).iter_rows(named=True):
    st.error(f"#{row['run_id']} {row['source']} ({when(row['finished_at'])} UTC): {row['message']}")

left, right = st.columns(2)
with left:
    st.subheader(t("data_health_quarantine"))
    finding(quarantine_sentence(health.quarantine), t("data_health_quarantine_help"))
    if not health.quarantine.is_empty():
        st.dataframe(as_text(health.quarantine, ["records"]), hide_index=True, column_config={
            "source": text("data_health_col_source"),
            "reason": text("data_health_col_reason"),
            "records": text("data_health_col_records", right=True),
            "first_location": text("data_health_col_first_location"),
        })
with right:
    st.subheader(t("data_health_unmatched"))
    finding(unmatched_sentence(health.unmatched), t("data_health_unmatched_help"))
    st.caption(t("data_health_unmatched_caption"))
    if not health.unmatched.is_empty():
        st.dataframe(as_text(health.unmatched, ["identities", "events"]), hide_index=True, column_config={
            "source": text("data_health_col_source"),
            "identities": text("data_health_col_identities", right=True),
            "events": text("data_health_col_unmatched_events", right=True),
        })

st.subheader(t("data_health_expectations"))
finding(checks_sentence(checks), t("data_health_checks_help"))
if checks.height:
    readable = checks.with_columns(pl.Series("check", [check_text(e) for e in checks["expectation"]]),
                                   pl.col("suite").str.split(":").list.last())
    st.dataframe(
        as_text(readable, ["element_count", "unexpected_count"]), hide_index=True,
        column_order=["source", "suite", "check", "success", "element_count", "unexpected_count", "expectation"],
        column_config={
            "source": text("data_health_col_source"),
            "suite": text("data_health_col_suite"),
            "check": text("data_health_col_check"),
            "success": column.CheckboxColumn(t("data_health_col_passed"), width="small"),
            "element_count": text("data_health_col_checked", right=True),
            "unexpected_count": text("data_health_col_unexpected", right=True),
            "expectation": text("data_health_col_expectation"),
        })

missing = metrics().events_without_duration
if missing:
    st.warning(t("data_health_no_duration_one") if missing == 1 else t("data_health_no_duration", n=number(missing)))
