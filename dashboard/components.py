"""The pieces every page is built from: a figure's value, a chart with its finding, help and CSV, the trace line."""

from __future__ import annotations

import csv
import io
from typing import Any, Iterable

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from dashboard.i18n import number, percent, t
from dashboard.state import View
from metrics.catalogue import METRICS
from metrics.compute import Result
from metrics.export_safety import FORMULA_START, safe_cell  # noqa: F401 (FORMULA_START: what neutralises)


def k() -> int:
    from dashboard.loaders import metrics

    return metrics().settings.min_group_size


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
    right.download_button(t("download_csv"), csv_bytes(data, view, metric_ids), file_name=f"dirigent-{key}.csv",
                          mime="text/csv", key=f"{key}_csv", icon=":material/download:", type="tertiary")


def table(frame: pl.DataFrame, *, title: str, metric_ids: Iterable[str], key: str, view: View | None,
          column_config: dict | None = None) -> None:
    """A table under its finding, with CSV download; hidden cells say why."""
    metric_ids = list(metric_ids)
    finding(title, *metric_ids)
    st.dataframe(frame, hide_index=True, column_config=column_config, key=key)
    st.download_button(t("download_csv"), csv_bytes(frame, view, metric_ids), file_name=f"dirigent-{key}.csv",
                       mime="text/csv", key=f"{key}_csv", icon=":material/download:", type="tertiary")


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
                  delta_description=delta_description, chart_data=sparkline or None, chart_type="area")


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
    st.caption(t("trace", ids=", ".join(metric_ids), period=view.period.label, filters=view.filters.describe(),
                 lineage=lineage))


def empty_page() -> View:
    """The current view, or a notice and stop when there is nothing to show yet."""
    from dashboard.state import current_view

    view = current_view()
    if view is None:
        st.info(t("empty") if _no_data() else t("no_complete_period"))
        st.stop()
    return view


def page_start(name: str, caption: str) -> View:
    """The page's title and caption under the current view; stops with a notice while there is none."""
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
