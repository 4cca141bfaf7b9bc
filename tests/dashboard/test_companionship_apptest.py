"""The companionship page in Streamlit's AppTest: every figure it shows is the one the metrics layer computes."""

from __future__ import annotations

import json
from datetime import date

import pytest

from dashboard.periods import choices, trend_window
from metrics.compute import compute
from metrics.filters import Filters
from metrics.periods import Period
from tests.dashboard.conftest import english, german, run_app

PAGE = "companionship"
LABELS = ["Learning conversations", "Active companions", "Accompanied learners", "Conversations per learner",
          "Circles completed"]
FIELDS = {"C3": "accompanied", "C5": "reached_share"}


def quarter_app(model, **session):
    """The newest complete quarter (the small demo's latest month may have no circle meeting)."""
    quarter = choices(*model.data_range(), "quarter", today=date.today())[0]
    return run_app(PAGE, period_kind="quarter", period_quarter=quarter.label, **session), quarter


def value(model, metric_id: str, period: Period, filters: Filters | None = None, by: str | None = None):
    row = compute(model, metric_id, period, by, filters).rows[0]
    found = row["value"]
    return found.get(FIELDS.get(metric_id)) if isinstance(found, dict) else found


def tile_text(metric_id: str, found, language: str = "en") -> str:
    if found is None:
        return "–"
    if metric_id == "C5":
        text = f"{found * 100:.1f}%"
        return text.replace(".", ",").replace("%", " %") if language == "de" else text
    return (german if language == "de" else english)(metric_id, found)


def spec(app, key: str) -> dict:
    chart = next(c for c in app.get("plotly_chart") if c.proto.id.endswith(key))
    return json.loads(chart.proto.spec)


def test_tiles_show_c1_to_c5_of_the_period_with_their_change(demo_metrics):
    app, quarter = quarter_app(demo_metrics)
    assert not app.exception
    tiles = {m.label: m for m in app.metric}
    assert list(tiles) == LABELS
    for label, metric_id in zip(LABELS, ("C1", "C2", "C3", "C4", "C5")):
        assert tiles[label].value == tile_text(metric_id, value(demo_metrics, metric_id, quarter)), metric_id
    assert value(demo_metrics, "C5", quarter) is not None
    change = value(demo_metrics, "C1", quarter) - value(demo_metrics, "C1", quarter.previous())
    assert tiles["Learning conversations"].delta == f"{'+' if change >= 0 else '-'}{abs(change)}"
    share_change = (value(demo_metrics, "C5", quarter) - value(demo_metrics, "C5", quarter.previous())) * 100
    assert tiles["Circles completed"].delta == f"{'+' if share_change >= 0 else '-'}{abs(share_change):.1f} pp"
    assert any("C1, C2, C3, C4, C5" in c.value and f"period {quarter.label}" in c.value for c in app.caption)


def test_monthly_charts_follow_compute_over_the_trend_window(demo_metrics):
    app, quarter = quarter_app(demo_metrics)
    first, last = trend_window(demo_metrics.data_range()[0], quarter)
    months = Period(first.start, last.end).months()
    activity = {d["name"]: d for d in spec(app, "companionship_activity")["data"]}
    assert activity["Learning conversations"]["y"] == [value(demo_metrics, "C1", m) for m in months]
    assert activity["Accompanied learners"]["y"] == [value(demo_metrics, "C3", m) for m in months]
    assert activity["Active companions"]["y"] == [value(demo_metrics, "C2", m) for m in months]
    circles = spec(app, "companionship_circles")["data"]
    assert circles[0]["y"] == [compute(demo_metrics, "C5", m).rows[0]["value"]["circles"] for m in months]
    latest = months[-1]
    title = next(m.value for m in app.markdown if "learning conversations in" in m.value)
    assert title.startswith(f"**{value(demo_metrics, 'C1', latest)} learning conversations in "
                            f"{latest.start:%b %Y}")


def test_by_group_shows_c2_to_c5_per_division_and_hides_small_groups(demo_metrics):
    app, quarter = quarter_app(demo_metrics)
    names = dict(demo_metrics.frames.org_units.select("org_unit_id", "name").iter_rows())
    table = app.dataframe[0].value.set_index("Group")
    rows = compute(demo_metrics, "C3", quarter, "org_unit:2").rows
    for row in rows:
        shown = table.loc[names[row["group"]]]
        if row["suppressed"]:
            assert shown["Accompanied"] == "hidden" and shown["Headcount"] == "hidden"
        else:
            assert shown["Accompanied"] == str(row["value"]["accompanied"])
            assert shown["Share"] == f"{row['value']['accompanied_share'] * 100:.1f}%"
    for row in compute(demo_metrics, "C2", quarter, "org_unit:2").rows:
        assert table.loc[names[row["group"]]]["Companions"] == ("hidden" if row["suppressed"] else str(row["value"]))
    bars = spec(app, "companionship_groups")["data"][0]
    expected = {names[r["group"]]: r["value"]["accompanied_share"] for r in rows if not r["suppressed"]}
    assert dict(zip(bars["y"], bars["x"])) == pytest.approx(expected)


def test_another_grouping_and_a_filter(demo_metrics):
    app, quarter = quarter_app(demo_metrics, filter_country="DE", companionship_grouping="age_band")
    assert not app.exception
    filters = Filters(country="DE")
    assert app.metric[1].value == english("C2", value(demo_metrics, "C2", quarter, filters))
    assert value(demo_metrics, "C2", quarter, filters) < value(demo_metrics, "C2", quarter)
    assert app.metric[2].value == english("C3", value(demo_metrics, "C3", quarter, filters))
    table = app.dataframe[0].value.set_index("Group")
    for row in compute(demo_metrics, "C3", quarter, "age_band", filters).rows:
        assert table.loc[row["group"]]["Accompanied"] == (
            "hidden" if row["suppressed"] else str(row["value"]["accompanied"]))
    assert any("filters: country=DE" in c.value for c in app.caption)


def test_german_relabels_and_reformats(demo_metrics):
    app, quarter = quarter_app(demo_metrics)
    # switch the language after the page switch: AppTest formats the sidebar's options outside the script run
    app.session_state["language"] = "de"
    app.run()
    assert not app.exception
    assert [m.label for m in app.metric] == ["Lerngespräche", "Aktive Lernbegleiter:innen", "Begleitete Lernende",
                                             "Gespräche je Lernende:r", "Lernkreise abgeschlossen"]
    assert app.metric[3].value == german("C4", value(demo_metrics, "C4", quarter))
    assert app.metric[4].value == tile_text("C5", value(demo_metrics, "C5", quarter), "de")
    assert all("ggü." in m.delta_description for m in app.metric if m.delta)
    assert any(h.value == "Monat für Monat" for h in app.subheader)
    axis = spec(app, "companionship_activity")["layout"]["xaxis"]
    months_de = ("Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez")
    assert axis["ticktext"] == [f"{months_de[date.fromisoformat(v[:10]).month - 1]} {v[:4]}" for v in axis["tickvals"]]
    assert "Gruppe" in app.dataframe[0].value.columns


def test_population_below_k_is_hidden_not_zero(demo_metrics, monkeypatch):
    monkeypatch.setenv("DIRIGENT_MIN_GROUP_SIZE", "100000")
    app = run_app(PAGE)
    assert not app.exception
    assert [m.value for m in app.metric] == ["hidden"] * 5
    assert sum("fewer than 100000 people" in c.value for c in app.caption) >= 5
    assert not app.get("plotly_chart")
    assert set(app.dataframe[0].value.drop(columns="Group").to_numpy().ravel()) == {"hidden"}
