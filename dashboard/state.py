"""The view every page shows: period and filters, chosen in the sidebar and kept in the URL's query parameters.

The URL is read once when a session starts (so a shared link opens the same view) and written on every
run; values the warehouse does not know are dropped with a notice, never passed on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import streamlit as st

from dashboard.i18n import LANGUAGES, t
from dashboard.periods import KINDS, choices
from metrics.filters import Filters
from metrics.overview import Metrics
from metrics.participation_more import CHANNELS
from metrics.periods import Period

ALL = ""  # the "no filter" option
URL_KEYS = ("period", "org_unit", "country", "channel", "lang")


@dataclass(frozen=True)
class View:
    period: Period
    filters: Filters
    data_range: tuple[date, date]

    def describe(self) -> str:
        """Period and filters as the trace line names them."""
        return f"{self.period.label} · {t('filters')}: {self.filters.describe()}"


def org_unit_tree(model: Metrics) -> list[tuple[str, str, int]]:
    """(org_unit_id, name, depth) depth-first from the roots, siblings by name."""
    units = model.frames.org_units
    children: dict[str | None, list[tuple[str, str]]] = {}
    known = set(units["org_unit_id"])
    for unit, name, parent in units.select("org_unit_id", "name", "parent_id").iter_rows():
        children.setdefault(parent if parent in known else None, []).append((name or unit, unit))
    tree: list[tuple[str, str, int]] = []

    def walk(parent: str | None, depth: int) -> None:
        for name, unit in sorted(children.get(parent, [])):
            tree.append((unit, name, depth))
            walk(unit, depth + 1)

    walk(None, 0)
    return tree


def read_url(model: Metrics) -> None:
    """Seed the widgets (language included, so call it before drawing any) from the URL once per session."""
    if st.session_state.get("_url_read"):
        return
    st.session_state["_url_read"] = True
    params = st.query_params
    ignored = []
    if params.get("lang") in LANGUAGES:
        st.session_state["language"] = params["lang"]
    if text := params.get("period"):
        period = _linked_period(text, model)
        if period is None:
            ignored.append(f"period={text}")
        else:
            st.session_state["period_kind"] = period.kind
            if period.kind == "custom":
                st.session_state["period_custom"] = (period.start, period.end)
            else:
                st.session_state[f"period_{period.kind}"] = period.label
    options = {"org_unit": {u for u, _, _ in org_unit_tree(model)},
               "country": set(model.frames.people["country"].drop_nulls()), "channel": set(CHANNELS)}
    for key, allowed in options.items():
        if value := params.get(key):
            if value in allowed:
                st.session_state[f"filter_{key}"] = value
            else:
                ignored.append(f"{key}={value}")
    if ignored:
        st.toast(t("url_ignored", values=", ".join(plain(value) for value in ignored)), icon=":material/link_off:")


MARKDOWN = set("\\`*{}[]()<>#!|~$:")  # what could make a link, an image, markup or an autolink (https:)


def plain(text: str) -> str:
    """A value from a link as plain text: Streamlit renders notices as Markdown, and a link must not add a link."""
    return "".join("\\" + c if c in MARKDOWN else c for c in text)


def _linked_period(text: str, model: Metrics) -> Period | None:
    """The link's period when the sidebar can offer it: a complete period, or a range, within the data."""
    try:
        period = Period.parse(text)
    except ValueError:
        return None
    data_range = model.data_range()
    if data_range is None:
        return None
    if period.kind == "custom":
        return period if data_range[0] <= period.start <= period.end <= data_range[1] else None
    today = datetime.now(ZoneInfo(model.settings.timezone)).date()
    offered = {p.label for p in choices(*data_range, period.kind, today=today)}
    return period if period.label in offered else None


def _write_url(view: View) -> None:
    wanted = {"period": view.period.label, **view.filters.as_dict(), "lang": st.session_state.get("language", "en")}
    for key in URL_KEYS:
        if key in wanted and st.query_params.get(key) != wanted[key]:
            st.query_params[key] = wanted[key]
        elif key not in wanted and key in st.query_params:
            del st.query_params[key]


def _period(model: Metrics, data_range: tuple[date, date], today: date) -> Period | None:
    kind = st.segmented_control(t("granularity"), KINDS, default="month", format_func=t, required=True,
                                key="period_kind")
    if kind == "custom":
        first, last = data_range
        st.session_state.setdefault("period_custom", (first, last))
        chosen = st.date_input(t("custom_range"), min_value=first, max_value=last, key="period_custom",
                               format="YYYY-MM-DD")
        if isinstance(chosen, (tuple, list)) and len(chosen) == 2:
            return Period(chosen[0], chosen[1])
        st.caption(t("custom_pick_end"))
        return None
    options = {p.label: p for p in choices(*data_range, kind, today=today)}
    if not options:
        st.info(t("no_complete_period"))
        return None
    if st.session_state.get(f"period_{kind}") not in options:
        st.session_state.pop(f"period_{kind}", None)
    label = st.selectbox(t("choose_period"), list(options), key=f"period_{kind}")
    return options[label]


def _filters(model: Metrics) -> Filters:
    tree = org_unit_tree(model)
    names = {unit: name for unit, name, _ in tree}
    depth = {unit: d for unit, _, d in tree}
    org_unit = st.selectbox(
        t("org_unit"), [ALL, *names], key="filter_org_unit",
        format_func=lambda u: t("all_org_units") if u == ALL else "\u2003" * depth[u] + names[u])
    countries = sorted(model.frames.people["country"].drop_nulls().unique())
    country = st.selectbox(t("country"), [ALL, *countries], key="filter_country",
                           format_func=lambda c: t("all_countries") if c == ALL else c)
    channel = st.selectbox(t("channel"), [ALL, *CHANNELS], key="filter_channel",
                           format_func=lambda c: t("all_channels") if c == ALL else t(f"channel_{c}"))
    return Filters(org_unit=org_unit or None, country=country or None, channel=channel or None)


def view_bar(model: Metrics) -> View | None:
    """The sidebar's period and filter widgets; None while the warehouse is empty or no period is complete."""
    st.session_state["_view"] = None
    data_range = model.data_range()
    if data_range is None:
        return None
    today = datetime.now(ZoneInfo(model.settings.timezone)).date()
    st.markdown(f"**{t('view')}**")
    period = _period(model, data_range, today)
    filters = _filters(model)
    if period is None:
        return None
    view = View(period, filters, data_range)
    _write_url(view)
    st.session_state["_view"] = view
    return view


def current_view() -> View | None:
    """The view the sidebar chose on this run (set by dashboard/app.py before the page runs)."""
    return st.session_state.get("_view")
