"""The pieces every page is built from: a figure's value, a chart with its finding, help and CSV, the trace line."""

from __future__ import annotations

import csv
import io
import math
from typing import Any, Iterable

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from dashboard.i18n import number, percent, t
from dashboard.state import View
from metrics import access
from metrics.catalogue import METRICS
from metrics.compute import Result
from metrics.export_safety import FORMULA_START, safe_cell  # noqa: F401 (FORMULA_START: what neutralises)


def k() -> int:
    """The minimum group size for the session's role (the works council may have a higher one)."""
    from dashboard.auth import current_role
    from data.settings import Settings

    return access.min_group_size(Settings.from_env(), current_role())


def role_name() -> str:
    """The session's role; a page run without one (never through app.py) is refused."""
    from dashboard.auth import current_role

    name = current_role()
    if name not in access.ROLES:
        raise access.AccessDenied("no role: open the dashboard through dashboard/app.py")
    return name


def visible(metric_ids: Iterable[str]) -> list[str]:
    """Those of the metrics the session's role may see, in order: a page leaves the others out."""
    granted = access.role(role_name())
    return [m for m in metric_ids if granted.may_see_metric(m)]


def audit(action: str, *, session=None, page: str | None = None, metric: str | None = None,
          filters: dict | None = None, detail: str | None = None) -> None:
    """One row in the warehouse's audit log for the session (or the one given)."""
    from dashboard.auth import current
    from dashboard.loaders import record

    from data.settings import ConfigurationError

    who = session or current()
    try:
        record(login=who.login if who else "unknown", role=(who.role if who else None) or "none", action=action,
               page=page, metric=metric, filters=filters, detail=detail)
    except ConfigurationError as exc:  # no pseudonym key for the logins: nothing is shown unrecorded
        st.error(t("auth_audit_unavailable", error=str(exc)), icon=":material/error:")
        st.stop()


def refuse(denied: Exception, *, page: str | None = None, metric: str | None = None, notice: bool = False) -> None:
    """A refusal on the page (never a traceback), recorded in the audit log; stops the run.

    `notice`: the privacy rules refused the figures of this view (say so and how to widen it), not the role."""
    from dashboard.state import current_view

    view = current_view()
    audit("denied", page=page, metric=metric, filters=view.filters.as_dict() if view else None, detail=str(denied))
    if notice:
        st.warning(t("privacy_refused", reason=str(denied)), icon=":material/shield:")
    else:
        st.error(t("access_denied", reason=str(denied)), icon=":material/block:")
    st.stop()


NOTICE_SLOT = "_notice_slot"


def notice_slot() -> None:
    """A place at the top of the page for the notice of refused figures (app.py calls it before the page runs)."""
    st.session_state[NOTICE_SLOT] = (st.empty(), [])


def refused_figure(refused: Exception, metric_id: str, filters) -> None:
    """A figure the privacy rules refused: named in the notice at the top, recorded once per session."""
    slot, reasons = st.session_state.get(NOTICE_SLOT) or (None, [])
    reason = str(refused)
    if reason not in reasons:
        reasons.append(reason)
        text = t("privacy_refused", reason="; ".join(reasons))
        if slot is not None:
            slot.warning(text, icon=":material/shield:")
        else:
            st.warning(text, icon=":material/shield:")
    recorded = st.session_state.setdefault("_refusals_recorded", set())
    key = (metric_id, reason)
    if key not in recorded:
        recorded.add(key)
        audit("denied", metric=metric_id, filters=filters.as_dict() if filters else None, detail=reason)


def may_export(export: str = "csv") -> bool:
    try:
        access.check_export(role_name(), export)
        return True
    except access.AccessDenied:
        return False


def download(label: str, data: bytes | str, *, file_name: str, key: str, metric_ids: Iterable[str] = (),
             view: View | None = None, export: str = "csv", mime: str = "text/csv", target=None,
             **options) -> None:
    """A download the role's exports allow (else a note saying so), recorded in the audit log when taken."""
    target = target or st
    if not may_export(export):
        target.caption(t("export_not_allowed"))
        return
    metric_ids = list(metric_ids)

    def taken() -> None:
        audit("export", metric=",".join(metric_ids) or None, filters=view.filters.as_dict() if view else None,
              detail=f"{export}: {file_name}" + (f" · {view.period.label}" if view else ""))

    target.download_button(label, data, file_name=file_name, mime=mime, key=key, on_click=taken, **options)


def formatted(unit: str, value: Any, decimals: int | None = None) -> str:
    """A value the way the current language writes it, by the catalogue's unit."""
    if value is None:
        return "–"
    if unit == "share":
        return percent(value, 1 if decimals is None else decimals)
    if unit in ("persons", "count"):
        return number(value, 0)
    if unit == "days":  # a median of days reads as whole days
        return number(value, 0 if decimals is None else decimals)
    if unit == "points":
        return number(value, 0 if decimals is None else decimals)
    return number(value, 1 if decimals is None else decimals)


def shown(metric_id: str, value: Any, decimals: int | None = None) -> str:
    return formatted(METRICS[metric_id].unit, value, decimals)


def definitions(*metric_ids: str) -> str:
    """The help text of a figure: each metric's id, name and catalogue definition."""
    return "\n\n".join(f"**{mid} · {t(mid)}**: {METRICS[mid].definition}" for mid in metric_ids)


def hidden_text() -> str:
    return t("hidden_note", k=k())


def rows_frame(result: Result) -> pl.DataFrame:
    """A result's rows as a frame: group, population, suppressed, note, and one column per value."""
    records = []
    for row in result.rows:
        values = row["value"] if isinstance(row["value"], dict) else {"value": row["value"]}
        records.append({"group": row["group"], "population": row["population"], "suppressed": row["suppressed"],
                        "note": row.get("note", ""), **values})
    return pl.DataFrame(records, infer_schema_length=None) if records else pl.DataFrame(
        schema={"group": pl.String, "population": pl.Int64, "suppressed": pl.Boolean, "note": pl.String})


def row(result: Result, group: str = "all") -> dict | None:
    return next((r for r in result.rows if r["group"] == group), None)


def _cell(value: Any) -> Any:
    """Spreadsheet programs run cells that start like a formula; a leading apostrophe keeps them text."""
    return safe_cell(value)


def csv_bytes(frame: pl.DataFrame, view: View | None, metric_ids: Iterable[str]) -> bytes:
    """The chart's data as CSV: which metric, period and filters, then the guarded rows (never hidden values)."""
    out = io.StringIO()
    writer = csv.writer(out)
    if view is not None:
        writer.writerow([_cell(f"# metrics {', '.join(metric_ids)}; period {view.period.label}; "
                               f"filters {view.filters.describe()}; min group size {k()}")])
    writer.writerow([_cell(c) for c in frame.columns])
    for values in frame.iter_rows():
        writer.writerow([_cell(v) for v in values])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 umlauts correctly


def finding(text: str, *metric_ids: str) -> None:
    """A chart's title: the finding in one sentence, with the definitions behind a help mark."""
    st.markdown(f"**{text}**", help=definitions(*metric_ids) if metric_ids else None)


def chart(figure: go.Figure, data: pl.DataFrame, *, title: str, metric_ids: Iterable[str], key: str,
          view: View | None, note: str | None = None) -> None:
    """A chart under its finding, with the definition on the help mark and its data as CSV."""
    metric_ids = list(metric_ids)
    finding(title, *metric_ids)
    st.plotly_chart(figure, key=key, config={"displaylogo": False})
    left, right = st.columns([5, 1], vertical_alignment="center")
    left.caption(" · ".join(filter(None, [", ".join(metric_ids), note])))
    download(t("download_csv"), csv_bytes(data, view, metric_ids), file_name=f"dirigent-{key}.csv", key=f"{key}_csv",
             metric_ids=metric_ids, view=view, target=right, icon=":material/download:", type="tertiary")


def table(frame: pl.DataFrame, *, title: str, metric_ids: Iterable[str], key: str, view: View | None,
          column_config: dict | None = None) -> None:
    """A table under its finding, with CSV download; hidden cells say why."""
    metric_ids = list(metric_ids)
    finding(title, *metric_ids)
    st.dataframe(frame, hide_index=True, column_config=column_config, key=key)
    download(t("download_csv"), csv_bytes(frame, view, metric_ids), file_name=f"dirigent-{key}.csv", key=f"{key}_csv",
             metric_ids=metric_ids, view=view, icon=":material/download:", type="tertiary")


def tile(column, metric_id: str, value: Any, *, suppressed: bool = False, delta: str | None = None,
         delta_description: str | None = None, sparkline: list | None = None, label: str | None = None,
         delta_color: str = "normal", unit: str | None = None, decimals: int | None = None) -> None:
    """One headline figure; a hidden one says why instead of showing a number.

    `unit` overrides the catalogue's unit for one field of a multi-figure metric (C5's reached share);
    `decimals` the unit's usual decimals (N4's density)."""
    help_text = definitions(metric_id)
    if suppressed:
        column.metric(label or t(metric_id), t("hidden"), help=help_text, border=True)
        column.caption(hidden_text())
        return
    text = formatted(unit, value, decimals) if unit else shown(metric_id, value, decimals)
    column.metric(label or t(metric_id), text, delta, help=help_text, border=True,
                  delta_color=safe_delta_colour(delta, delta_color),
                  delta_description=delta_description, chart_data=sparkline_points(sparkline), chart_type="area")


def sparkline_points(values: list | None) -> list[float] | None:
    """A tile's sparkline for Streamlit, which takes numbers only: a hidden or empty month is a gap (NaN); no
    sparkline when no month has a value (S3 without a skill framework, say)."""
    points = [float("nan") if v is None else float(v) for v in values or []]
    return points if any(not math.isnan(p) for p in points) else None


def safe_delta_colour(delta: str | None, mode: str) -> str:
    """Blue for better, orange for worse: Streamlit's red and green look alike to one man in twelve."""
    if mode not in ("normal", "inverse") or not delta:
        return mode
    stripped = delta.lstrip()
    if not stripped[:1] in ("+", "-") or not any(c.isdigit() and c != "0" for c in stripped):
        return "gray"
    better = stripped.startswith("+") == (mode == "normal")
    return "blue" if better else "orange"


def change_text(metric_id: str, change: float | None, unit: str | None = None) -> str | None:
    """A change as the tiles show it: percentage points for rates; an ASCII sign so Streamlit draws the arrow."""
    if change is None:
        return None
    unit = unit or METRICS[metric_id].unit
    sign = "+" if change >= 0 else "-"
    if unit == "share":
        return f"{sign}{number(abs(change), 1)} pp"
    return f"{sign}{formatted(unit, abs(change))}"


def trace(view: View, metric_ids: Iterable[str]) -> None:
    """The line that makes every figure on the page traceable: metric ids, period, filters, sync runs."""
    from dashboard.loaders import metrics

    runs, finished = metrics().lineage()
    lineage = t("lineage", runs=", ".join(f"{source} #{run}" for source, run in runs),
                finished=f"{finished:%Y-%m-%d %H:%M}") if runs else t("no_sync")
    st.caption(t("trace", ids=", ".join(metric_ids), period=view.period.label,
                 filters=view.filters.describe() if view.filters else t("no_filters"),
                 lineage=lineage))


def empty_page() -> View:
    """The current view, or a notice and stop when there is nothing to show yet."""
    from dashboard.state import current_view

    view = current_view()
    if view is None:
        st.info(t("empty") if _no_data() else t("no_complete_period"))
        st.stop()
    return view


def check_page(name: str) -> None:
    """Refuse (and record) a page the session's role may not open, whatever the URL said."""
    try:
        access.check_page(role_name(), name)
    except access.AccessDenied as denied:
        refuse(denied, page=name)


def page_start(name: str, caption: str) -> View:
    """The page's title and caption under the current view; stops with a notice while there is none.

    A page the role may not open is refused here too (app.py offers only the role's pages)."""
    check_page(name)
    view = empty_page()
    st.title(t(name))
    st.caption(t(caption))
    return view


def _no_data() -> bool:
    from dashboard.loaders import metrics

    return metrics().data_range() is None


def group_label(by: str | None, group: str) -> str:
    """A group as people read it: org units by name, everything else as HR writes it."""
    from dashboard.loaders import metrics

    if by and by.startswith("org_unit"):
        names = metrics().frames.org_units.select("org_unit_id", "name")
        return dict(names.iter_rows()).get(group) or group
    return t("unknown") if group == "unknown" else group
