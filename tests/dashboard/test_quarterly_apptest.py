"""The Quarterly review page in Streamlit's AppTest: what it shows is what the metrics layer computes for Q."""

from __future__ import annotations

import json
import tomllib
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import streamlit as st

from dashboard.findings_quarterly import Line, by_status, review_quarter
from metrics.catalogue import METRICS
from metrics.compute import compute
from metrics.filters import Filters
from metrics.periods import Period
from metrics.quarterly import HEADLINE, targets
from streamlit.testing.v1 import AppTest

from tests.dashboard.conftest import APP, run_app

PAGE = "quarterly_review"
TARGETS = Path(__file__).resolve().parents[2] / "data" / "demo" / "targets.toml"
NAMES = {"P2": "Active learners", "P3": "Participation rate", "P5": "Learning hours per FTE",
         "P6": "Channel mix: peer share", "N1": "Contributors", "N2": "Contributor ratio", "N5": "E-I index",
         "S3": "Skill coverage", "C3": "Accompanied learners"}
NAMES_DE = {"P2": "Aktive Lernende", "P3": "Beteiligungsquote", "P5": "Lernstunden pro VZÄ",
            "P6": "Kanal-Mix: Peer-Anteil", "N1": "Beitragende", "N2": "Beitragendenquote", "N5": "E-I-Index",
            "S3": "Skill-Abdeckung", "C3": "Begleitete Lernende"}
STATUS_DE = {"on track": "im Plan", "at risk": "gefährdet", "off track": "nicht im Plan", None: "kein Status"}


def written(metric_id: str, value) -> str:
    """How the page writes a headline value in English, spelled out independently of the dashboard's helpers."""
    unit = METRICS[metric_id].unit
    if unit == "share":
        return f"{value * 100:,.1f}%"
    if unit == "persons":
        return f"{round(value):,}"
    return f"{value:,.2f}" if metric_id == "N5" else f"{value:,.1f}"


def written_de(metric_id: str, value) -> str:
    text = written(metric_id, value).replace(",", "_").replace(".", ",").replace("_", ".")
    return text.replace("%", " %")


def change(metric_id: str, value) -> str:
    sign = "+" if value >= 0 else "-"
    if METRICS[metric_id].unit == "share":
        return f"{sign}{abs(value):.1f} pp"  # Q gives the change of a rate in percentage points already
    return f"{sign}{written(metric_id, abs(value))}"


def review(model, quarter: Period, filters: Filters | None = None) -> dict[str, dict]:
    """Q for the quarter, computed independently of the page: metric id -> its figures and whether hidden."""
    return {r["group"]: {**r["value"], "suppressed": r["suppressed"]}
            for r in compute(model, "Q", quarter, None, filters).rows}


def today() -> date:
    return datetime.now(ZoneInfo("Europe/Berlin")).date()


def latest_complete_quarter(model) -> Period:
    """The quarter a month view shows: the month's quarter once it is over, else the one before it."""
    last = model.data_range()[1]
    quarter = Period.quarter(last.year, (last.month - 1) // 3 + 1)
    return quarter if quarter.end < today() else quarter.previous()


def table(app) -> dict[str, dict]:
    frame = app.dataframe[0].value
    return {row["metric"].rsplit("(", 1)[1].rstrip(")"): row for row in frame.to_dict("records")}


def headers(app) -> dict[str, str]:
    return {column: config["label"] for column, config in json.loads(app.dataframe[0].proto.columns).items()
            if "label" in config}


def in_german(**session) -> AppTest:
    """The page in German. AppTest formats the sidebar's select boxes outside the script, where the language
    falls back to English; so the sidebar runs in English and the page, switched to, in German."""
    app = AppTest.from_file(APP, default_timeout=120)
    for key, value in session.items():
        app.session_state[key] = value
    app.run()
    app.session_state["language"] = "de"
    return app.switch_page(f"views/{PAGE}.py").run()


@pytest.fixture(autouse=True)
def fresh_results():
    """The dashboard caches every result until the next sync; these tests change targets and k in between."""
    st.cache_data.clear()


@pytest.fixture
def demo_targets(monkeypatch):
    monkeypatch.setenv("DIRIGENT_TARGETS_FILE", str(TARGETS))


def test_a_quarter_in_the_view_is_the_quarter_reviewed(demo_metrics):
    quarter = Period.parse("2026-Q2")
    app = run_app(PAGE, period_kind="quarter", period_quarter=quarter.label)
    assert not app.exception
    figures = review(demo_metrics, quarter)
    assert [m.label for m in app.metric] == [NAMES[m] for m in HEADLINE]
    for tile, metric_id in zip(app.metric, HEADLINE):
        assert tile.value == written(metric_id, figures[metric_id]["value"]), metric_id
        assert tile.delta == change(metric_id, figures[metric_id]["change"]), metric_id
    assert "The quarter chosen in the view" in app.markdown[0].value
    assert any("period 2026-Q2" in c.value for c in app.caption)  # the trace line names the quarter shown
    rows = table(app)
    assert set(rows) == set(HEADLINE)
    for metric_id, row in rows.items():
        f = figures[metric_id]
        assert row["value"] == written(metric_id, f["value"])
        assert row["previous"] == written(metric_id, f["previous"])
        assert row["status"] == (f["status"] or "no status")
    assert headers(app)["previous"] == "2026-Q1 · previous" and headers(app)["year_before"] == "2025-Q2 · year before"
    assert len(app.get("plotly_chart")) == 1


def test_a_month_shows_its_complete_quarter_or_else_the_last_complete_one_and_says_why(demo_metrics):
    app = run_app(PAGE)  # the view opens on the newest complete month
    assert not app.exception
    month = app.selectbox(key="period_month").value
    quarter = latest_complete_quarter(demo_metrics)
    assert app.markdown[0].value.startswith(f"**{quarter.label} ({quarter.start} – {quarter.end})**")
    assert f"The view's period {month} is not a quarter" in app.markdown[0].value
    assert app.metric[0].value == written("P2", review(demo_metrics, quarter)["P2"]["value"])

    app = run_app(PAGE, period_month="2026-05")
    assert "this is the quarter that contains its end" in app.markdown[0].value
    assert "2026-Q2" in app.markdown[0].value
    assert app.metric[1].value == written("P3", review(demo_metrics, Period.parse("2026-Q2"))["P3"]["value"])


def test_the_finding_counts_the_statuses_compute_gives(demo_metrics, demo_targets):
    quarter = Period.parse("2026-Q3")
    figures = review(demo_metrics, quarter)
    assert all(f["target"] is not None for f in figures.values())  # every headline metric has a demo target
    grouped: dict = {"on track": [], "at risk": [], "off track": [], None: []}
    for metric_id in HEADLINE:
        grouped[figures[metric_id]["status"]].append(METRICS[metric_id].name)
    app = run_app(PAGE, period_kind="quarter", period_quarter=quarter.label)
    assert not app.exception
    finding = app.markdown[1].value
    on_track = len(grouped["on track"])
    assert finding.startswith("#### All 9 headline metrics on track" if on_track == 9 else
                              f"#### {on_track} of 9 headline metrics on track")
    for status in ("off track", "at risk"):
        for name in grouped[status]:
            shown = "peer share of learning hours" if name == "channel mix" else name
            assert shown in finding.split(f" {status}")[0], (name, status)
    rows = table(app)
    for metric_id in HEADLINE:
        assert rows[metric_id]["status"] == (figures[metric_id]["status"] or "no status")
        assert rows[metric_id]["target"] == written(metric_id, figures[metric_id]["target"])
    # The status column is coloured by status (Okabe-Ito), and says it in words too.
    assert "no targets are configured" not in " ".join(c.value.lower() for c in app.caption)


@pytest.mark.parametrize("filter_key, filters", [
    ("filter_country", Filters(country="DE")),
    ("filter_channel", Filters(channel="peer")),
])
def test_a_filter_narrows_the_review_as_compute_does(demo_metrics, demo_targets, filter_key, filters):
    quarter = Period.parse("2026-Q3")
    app = run_app(PAGE, period_kind="quarter", period_quarter=quarter.label,
                  **{filter_key: next(iter(filters.as_dict().values()))})
    assert not app.exception
    figures, whole = review(demo_metrics, quarter, filters), review(demo_metrics, quarter)
    assert figures["P2"]["value"] != whole["P2"]["value"]
    assert [m.value for m in app.metric] == [written(m, figures[m]["value"]) for m in HEADLINE]
    rows = table(app)
    assert rows["P2"]["target"] == "–"  # 4,000 active learners is a target for the whole organisation
    assert rows["P3"]["target"] == written("P3", whole["P3"]["target"])
    assert rows["P2"]["status"] == (figures["P2"]["status"] or "no status")
    assert any("Filtered view" in c.value for c in app.caption)
    assert any(f"filters: {filters.describe()}" in c.value for c in app.caption)


def test_german_relabels_and_reformats(demo_metrics, demo_targets):
    quarter = Period.parse("2026-Q3")
    app = in_german(period_kind="quarter", period_quarter=quarter.label)
    assert not app.exception
    figures = review(demo_metrics, quarter)
    assert [m.label for m in app.metric] == [NAMES_DE[m] for m in HEADLINE]
    assert [m.value for m in app.metric] == [written_de(m, figures[m]["value"]) for m in HEADLINE]
    assert "(01.07.2026 – 30.09.2026)" in app.markdown[0].value
    assert "Kennzahlen im Plan" in app.markdown[1].value
    rows = table(app)
    assert rows["P3"]["metric"] == "Beteiligungsquote (P3)"
    assert [rows[m]["status"] for m in HEADLINE] == [STATUS_DE[figures[m]["status"]] for m in HEADLINE]
    assert rows["P3"]["target"] == written_de("P3", figures["P3"]["target"])
    assert headers(app) == {"metric": "Kennzahl", "value": "2026-Q3", "previous": "2026-Q2 · Vorquartal",
                            "year_before": "2025-Q3 · Vorjahr", "change": "Veränderung", "target": "Ziel",
                            "status": "Status"}
    page_text = " ".join([m.value for m in app.markdown] + [c.value for c in app.caption])
    for english_word in ("on track", "at risk", "off track", "target", "previous", "hidden"):
        assert english_word not in page_text, english_word


def test_population_below_k_is_hidden_not_zero(demo_metrics, monkeypatch):
    monkeypatch.setenv("DIRIGENT_MIN_GROUP_SIZE", "100000")
    app = run_app(PAGE, period_kind="quarter", period_quarter="2026-Q3")
    assert not app.exception
    assert [m.value for m in app.metric] == ["hidden"] * len(HEADLINE)
    assert app.markdown[1].value.startswith("#### No status: fewer than 100000 people")
    assert set(app.dataframe[0].value["value"]) == {"hidden"}
    assert not app.get("plotly_chart")
    assert "fewer than 100000 people" in app.info[0].value
    assert not any(m.value in ("0", "0.0%", "0.0") for m in app.metric)


def test_the_demo_targets_cover_every_headline_metric_in_its_unit(monkeypatch):
    monkeypatch.setenv("DIRIGENT_TARGETS_FILE", str(TARGETS))
    goals = targets()
    assert set(goals) == set(HEADLINE)
    assert tomllib.loads(TARGETS.read_text())["targets"]  # plain TOML, as the Makefile hands it over
    for metric_id, value in goals.items():
        unit = METRICS[metric_id].unit
        if unit == "share":
            assert 0 < value < 1, metric_id
        elif metric_id == "N5":
            assert -1 <= value <= 1
        else:
            assert value > 1, metric_id


@pytest.mark.parametrize("period, expected, why", [
    ("2026-Q2", "2026-Q2", "chosen"),
    ("2026-08", "2026-Q3", "contains"),
    ("2026-10", "2026-Q3", "latest"),  # 2026-Q4 is not over on 2026-11-21
    ("2025-07-15..2025-11-03", "2025-Q4", "contains"),
    ("2025", "2025-Q4", "contains"),
])
def test_which_quarter_the_review_shows(period, expected, why):
    quarter, reason = review_quarter(Period.parse(period), (date(2024, 11, 1), date(2026, 10, 31)),
                                     today=date(2026, 11, 21))
    assert (quarter.label, reason) == (expected, why)


def test_no_complete_quarter_yet():
    assert review_quarter(Period.parse("2026-10"), (date(2026, 10, 1), date(2026, 10, 31)),
                          today=date(2026, 11, 21)) == (None, "none")


def test_statuses_are_grouped_in_the_review_order():
    lines = [Line(m, 1.0, 1.0, None, 0.0, None, s, False)
             for m, s in [("P2", "off track"), ("P3", "on track"), ("N5", None), ("S3", "off track")]]
    assert by_status(lines) == {"on track": ["P3"], "at risk": [], "off track": ["P2", "S3"], None: ["N5"]}
