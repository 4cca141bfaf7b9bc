"""Audit log: who (a pseudonym of the login) looked at which page, metric and filters, exported what, ran which
command or was refused; filterable by date, role and action, downloadable as CSV for roles with the audit export."""

from datetime import datetime, timedelta, timezone

import polars as pl
import streamlit as st

from dashboard.components import check_page, csv_bytes, download
from dashboard.i18n import date_text, number, t
from dashboard.loaders import engine
from data.audit import ACTIONS, entries
from metrics.access import ROLES

LIMIT = 5000
ALL = ""

check_page("audit_log")
st.title(t("audit_log"))
st.caption(t("audit_log_caption"))

today = datetime.now(timezone.utc).date()
left, middle, right = st.columns([2, 1, 1])
chosen = left.date_input(t("audit_log_dates"), value=(today - timedelta(days=30), today), max_value=today,
                         format="YYYY-MM-DD", key="audit_dates")
role = middle.selectbox(t("audit_log_role"), [ALL, *ROLES, "none"], key="audit_role",
                        format_func=lambda r: t("audit_log_all_roles") if r == ALL else
                        t("audit_log_no_role") if r == "none" else t(f"role_{r}"))
action = right.selectbox(t("audit_log_action"), [ALL, *ACTIONS], key="audit_action",
                         format_func=lambda a: t("audit_log_all_actions") if a == ALL else t(f"audit_action_{a}"))
if not (isinstance(chosen, (tuple, list)) and len(chosen) == 2):
    st.caption(t("custom_pick_end"))
    st.stop()
first, last = chosen

rows = entries(engine(), since=first, until=last + timedelta(days=1), role=role or None, action=action or None,
               limit=LIMIT)
COLUMNS = {"at": pl.Datetime, "channel": pl.String, "login": pl.String, "role": pl.String, "action": pl.String,
           "page": pl.String, "metric": pl.String, "filters": pl.String, "detail": pl.String}
frame = pl.DataFrame(
    [{"at": r["at"], "channel": r["channel"], "login": r["login"], "role": r["role"], "action": r["action"],
      "page": r["page"], "metric": r["metric"],
      "filters": ", ".join(f"{k}={v}" for k, v in r["filters"].items()) if isinstance(r["filters"], dict)
      else r["filters"], "detail": r["detail"]} for r in rows], schema=COLUMNS)

st.markdown(f"**{t('audit_log_count', n=number(frame.height), first=date_text(first), last=date_text(last))}**"
            + (f" {t('audit_log_limited', limit=number(LIMIT))}" if frame.height >= LIMIT else ""))
if frame.height:
    counts = frame.group_by("action").len().sort(["len", "action"], descending=[True, False])
    st.caption(" · ".join(f"{t(f'audit_action_{a}')}: {number(n)}" for a, n in counts.iter_rows()))
column = st.column_config
st.dataframe(frame, hide_index=True, key="audit_table", column_config={
    "at": column.DatetimeColumn(t("audit_log_at"), format="YYYY-MM-DD HH:mm:ss"),
    "channel": t("audit_log_channel"), "login": column.TextColumn(t("audit_log_login"), help=t("audit_log_login_help")),
    "role": t("audit_log_role"), "action": t("audit_log_action"), "page": t("audit_log_page"),
    "metric": t("audit_log_metric"), "filters": t("audit_log_filters"), "detail": t("audit_log_detail")})
download(t("download_csv"), csv_bytes(frame, None, []), file_name=f"dirigent-audit-log-{first}-{last}.csv",
         key="audit_csv", export="audit", icon=":material/download:", type="tertiary")
st.caption(t("audit_log_retention"))
