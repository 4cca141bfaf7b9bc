"""The Overview page in Streamlit's AppTest: the KPIs it shows are the ones the metrics layer computes."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from metrics.overview import OVERVIEW_KPIS
from metrics.periods import Period
from tests.dashboard.conftest import english

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")


def run_app(**session) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=120)
    for key, value in session.items():
        app.session_state[key] = value
    return app.run()


def test_overview_shows_the_latest_month_with_its_kpis(demo_metrics):
    app = run_app()
    assert not app.exception
    latest = Period.month(demo_metrics.data_range()[1].year, demo_metrics.data_range()[1].month)
    assert app.selectbox(key="period_month").value == latest
    expected = {k.current.metric_id: k for k in demo_metrics.kpis(latest)}
    shown = {m.label: m for m in app.metric}
    assert list(shown) == ["Headcount", "Active learners", "Participation rate", "Learning hours per FTE"]
    for label, metric_id in zip(shown, OVERVIEW_KPIS):
        assert shown[label].value == english(metric_id, expected[metric_id].current.value)
    assert shown["Participation rate"].delta.endswith(" pp")
    assert any("P1, P2, P3, P5" in c.value and "sync runs calendar #" in c.value and ", hr #1, lex #" in c.value for c in app.caption)
    assert len(app.get("plotly_chart")) == 2


def test_choosing_a_quarter_shows_that_quarter(demo_metrics):
    app = run_app()
    app.segmented_control(key="granularity").set_value("quarter").run()
    quarter = app.selectbox(key="period_quarter").options[1]  # the quarter before the newest
    app.selectbox(key="period_quarter").select_index(1).run()
    period = Period.parse(quarter)
    expected = {k.current.metric_id: k.current.value for k in demo_metrics.kpis(period)}
    assert [m.value for m in app.metric] == [english(m, expected[m]) for m in OVERVIEW_KPIS]


def test_german_labels_and_number_format(demo_metrics):
    app = run_app(language="de")
    labels = [m.label for m in app.metric]
    assert labels == ["Beschäftigte", "Aktive Lernende", "Beteiligungsquote", "Lernstunden pro VZÄ"]
    assert app.metric[2].value.endswith(" %") and "," in app.metric[2].value


def test_population_below_k_is_hidden_not_zero(demo_metrics, monkeypatch):
    monkeypatch.setenv("DIRIGENT_MIN_GROUP_SIZE", "100000")
    app = run_app()
    assert [m.value for m in app.metric] == ["hidden"] * 4
    assert any("fewer than 100000 people" in c.value for c in app.caption)


@pytest.fixture
def empty_warehouse(tmp_path, monkeypatch):
    monkeypatch.setenv("DIRIGENT_DB_URL", f"sqlite:///{tmp_path / 'empty.db'}")


def test_empty_warehouse_says_what_to_do(empty_warehouse):
    app = run_app()
    assert not app.exception
    assert "make demo" in app.info[0].value
