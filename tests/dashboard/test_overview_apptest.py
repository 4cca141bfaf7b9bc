"""The Overview page in Streamlit's AppTest: the figures it shows are the ones the metrics layer computes."""

from __future__ import annotations

import pytest

from dashboard.findings_overview import HEADLINE, headline
from metrics.compute import compute
from metrics.filters import Filters
from metrics.periods import Period
from tests.dashboard.conftest import english, german, run_app

LABELS = ["Headcount", "Active learners", "Participation rate", "Learning hours per FTE", "Contributors",
          "Contributor ratio", "Skill coverage", "Accompanied learners"]


def expected(model, period: Period, filters: Filters | None = None) -> dict[str, tuple]:
    return {m: headline(compute(model, m, period, None, filters)) for m in HEADLINE}


def latest_month(model) -> Period:
    last = model.data_range()[1]
    return Period.month(last.year, last.month)


def test_overview_shows_the_latest_month_with_its_headline_figures(demo_metrics):
    app = run_app()
    assert not app.exception
    period = latest_month(demo_metrics)
    assert app.selectbox(key="period_month").value == period.label
    figures = expected(demo_metrics, period)
    shown = {m.label: m for m in app.metric}
    assert list(shown) == LABELS
    for label, metric_id in zip(LABELS, HEADLINE):
        value, hidden = figures[metric_id]
        assert shown[label].value == ("hidden" if hidden else english(metric_id, value)), metric_id
    previous = expected(demo_metrics, period.previous())
    rate_change = (figures["P3"][0] - previous["P3"][0]) * 100
    assert shown["Participation rate"].delta == f"{'+' if rate_change >= 0 else '-'}{abs(rate_change):.1f} pp"
    assert any("P1, P2, P3, P5, N1, N2, S3, C3" in c.value and "sync runs calendar #" in c.value for c in app.caption)
    assert len(app.get("plotly_chart")) == 2
    assert app.query_params["period"] == period.label


def test_what_moved_most_names_the_largest_relative_change(demo_metrics):
    app = run_app()
    period = latest_month(demo_metrics)
    now, before = expected(demo_metrics, period), expected(demo_metrics, period.previous())
    changes = {m: abs(now[m][0] - before[m][0]) / abs(before[m][0]) for m in HEADLINE if m != "P1"}
    biggest = max(changes, key=changes.get)
    moved = next(m.value for m in app.markdown if m.value.startswith("- "))
    first = moved.splitlines()[0]
    assert first.startswith(f"- {app.metric[HEADLINE.index(biggest)].label} ")
    assert ("rose by" in first) == (now[biggest][0] > before[biggest][0])


# AppTest sees the sidebar's widgets (drawn by the entry point, before st.navigation) on the first run only,
# so each choice starts a session with the widget's state set; the browser test clicks the real widgets.
def test_choosing_a_quarter_shows_that_quarter(demo_metrics):
    quarter = run_app(period_kind="quarter").selectbox(key="period_quarter").options[1]  # before the newest
    app = run_app(period_kind="quarter", period_quarter=quarter)
    figures = expected(demo_metrics, Period.parse(quarter))
    assert [m.value for m in app.metric][:4] == [english(m, figures[m][0]) for m in HEADLINE[:4]]
    assert app.query_params["period"] == quarter


@pytest.mark.parametrize("filter_key, filters", [
    ("filter_country", Filters(country="DE")),
    ("filter_channel", Filters(channel="peer")),
])
def test_a_filter_narrows_every_figure_as_the_metrics_layer_does(demo_metrics, filter_key, filters):
    value = next(iter(filters.as_dict().values()))
    app = run_app(**{filter_key: value})
    assert not app.exception
    figures = expected(demo_metrics, latest_month(demo_metrics), filters)
    assert [m.value for m in app.metric][:3] == [english(m, figures[m][0]) for m in HEADLINE[:3]]
    assert app.query_params[filter_key.removeprefix("filter_")] == value
    assert any(f"filters: {filters.describe()}" in c.value for c in app.caption)


def test_an_org_unit_filter_counts_the_whole_subtree(demo_metrics):
    units = demo_metrics.frames.org_units
    division = units.filter(units["level"] == 2)["org_unit_id"][0]
    app = run_app(filter_org_unit=division)
    figures = expected(demo_metrics, latest_month(demo_metrics), Filters(org_unit=division))
    assert app.metric[0].value == english("P1", figures["P1"][0])
    assert 0 < figures["P1"][0] < expected(demo_metrics, latest_month(demo_metrics))["P1"][0]


def test_a_shared_link_opens_the_same_view(demo_metrics):
    period = latest_month(demo_metrics).previous().previous()
    app = run_app(query={"period": period.label, "country": "DE", "lang": "de"})
    assert app.selectbox(key="period_month").value == period.label
    assert app.selectbox(key="filter_country").value == "DE"
    assert app.query_params["period"] == period.label and app.query_params["lang"] == "de"
    figures = expected(demo_metrics, period, Filters(country="DE"))
    assert app.metric[1].value == german("P2", figures["P2"][0])


def test_a_link_with_unknown_values_is_ignored_with_a_notice(demo_metrics):
    app = run_app(query={"country": "'; DROP TABLE events; --", "period": "2026-13"})
    assert not app.exception
    assert app.selectbox(key="filter_country").value == ""
    assert "ignored" in app.toast[0].value and "DROP TABLE" in app.toast[0].value


def test_a_custom_range_compares_with_the_range_before_it(demo_metrics):
    last = demo_metrics.data_range()[1]
    start = last.replace(day=1)
    app = run_app(period_kind="custom", period_custom=(start, last))
    figures = expected(demo_metrics, Period(start, last))
    assert app.metric[1].value == english("P2", figures["P2"][0])
    assert app.query_params["period"] == f"{start}..{last}"


def test_german_labels_and_number_format(demo_metrics):
    app = run_app(language="de")
    assert [m.label for m in app.metric][:4] == ["Beschäftigte", "Aktive Lernende", "Beteiligungsquote",
                                                 "Lernstunden pro VZÄ"]
    figures = expected(demo_metrics, latest_month(demo_metrics))
    assert app.metric[0].value == german("P1", figures["P1"][0])
    assert app.metric[2].value == german("P3", figures["P3"][0])
    assert any("Was sich am stärksten bewegt hat" in h.value for h in app.subheader)


def test_population_below_k_is_hidden_not_zero(demo_metrics, monkeypatch):
    monkeypatch.setenv("DIRIGENT_MIN_GROUP_SIZE", "100000")
    app = run_app()
    assert not app.exception
    assert [m.value for m in app.metric] == ["hidden"] * 8
    assert any("fewer than 100000 people" in c.value for c in app.caption)


def test_the_default_language_is_a_setting(demo_metrics, monkeypatch):
    monkeypatch.setenv("DIRIGENT_LANGUAGE", "de")
    app = run_app()
    assert app.metric[0].label == "Beschäftigte"
    assert app.query_params["lang"] == "de"
    monkeypatch.setenv("DIRIGENT_LANGUAGE", "fr")
    from data.settings import ConfigurationError, Settings

    with pytest.raises(ConfigurationError, match="DIRIGENT_LANGUAGE=fr is not supported"):
        Settings.from_env()
