"""The Participation page in Streamlit's AppTest: what it shows is what the metrics layer computes."""

from __future__ import annotations

import pytest

from metrics.compute import compute
from metrics.filters import Filters
from metrics.periods import Period
from tests.dashboard.conftest import english, german, run_app

LABELS = ["Active learners", "Participation rate", "Completion rate", "Mean rating (1–5)"]
LABELS_DE = ["Aktive Lernende", "Beteiligungsquote", "Abschlussquote", "Ø Bewertung (1–5)"]
TILES = [("P2", None), ("P3", None), ("P7", None), ("P10", "mean_rating")]


def latest_month(model) -> Period:
    last = model.data_range()[1]
    return Period.month(last.year, last.month)


def value(model, metric_id, period, field=None, filters=None, by=None, group="all"):
    row = next(r for r in compute(model, metric_id, period, by, filters).rows if r["group"] == group)
    found = row["value"][field] if field and row["value"] is not None else row["value"]
    return found, row["suppressed"]


def tile_text(metric_id, found, language="en") -> str:
    """A tile's value spelled out independently of the dashboard's helpers."""
    if metric_id == "P10":
        text = f"{found:.1f}"
        return text.replace(".", ",") if language == "de" else text
    return (german if language == "de" else english)(metric_id, found)


def pct(share: float, decimals: int = 1) -> str:
    return f"{share * 100:.{decimals}f}%"


def findings(app) -> list[str]:
    """The chart titles: bold markdown lines."""
    return [m.value.strip("*") for m in app.main.markdown if m.value.startswith("**")]


def participation(**session) -> object:
    app = run_app("participation", **session)
    assert not app.exception, app.exception
    return app


def test_tiles_show_the_metrics_layers_figures_with_their_change(demo_metrics):
    app = participation()
    period = latest_month(demo_metrics)
    tiles = {m.label: m for m in app.metric}
    assert list(tiles) == LABELS
    for label, (metric_id, field) in zip(LABELS, TILES):
        found, hidden = value(demo_metrics, metric_id, period, field)
        assert not hidden and found is not None, metric_id
        assert tiles[label].value == tile_text(metric_id, found), metric_id
    rate, before = value(demo_metrics, "P3", period)[0], value(demo_metrics, "P3", period.previous())[0]
    change = (rate - before) * 100
    assert tiles["Participation rate"].delta == f"{'+' if change >= 0 else '-'}{abs(change):.1f} pp"
    rating = value(demo_metrics, "P10", period, "mean_rating")[0] - value(demo_metrics, "P10", period.previous(),
                                                                          "mean_rating")[0]
    assert tiles["Mean rating (1–5)"].delta == f"{'+' if rating >= 0 else '-'}{abs(rating):.2f}"
    assert len(app.get("plotly_chart")) == 9
    assert any("P1, P2, P3, P6, P7, P8, P9, P10" in c.value and "sync runs" in c.value for c in app.caption)


def test_chart_titles_state_what_the_metrics_layer_computes(demo_metrics):
    app = participation()
    period = latest_month(demo_metrics)
    titles = findings(app)
    spread = value(demo_metrics, "P9", period)[0]
    assert (f"The most active 10% produce {pct(spread['top10_share'])} of all learning and contribution events, "
            f"the least active half {pct(spread['lorenz_50'])} (Gini {spread['gini']:.2f})") in titles
    active = spread["active"]
    assert (f"{pct(spread['lurkers'] / active)} of active people only learn; {pct(spread['occasional'] / active)} "
            f"contribute occasionally and {pct(spread['heavy'] / active)} heavily") in " ".join(titles)
    # participation by division (org unit level 2, the default grouping): the lowest and the highest shown
    rows = [r for r in compute(demo_metrics, "P3", period, "org_unit:2").rows if not r["suppressed"]]
    low, high = min(rows, key=lambda r: r["value"]), max(rows, key=lambda r: r["value"])
    names = dict(demo_metrics.frames.org_units.select("org_unit_id", "name").iter_rows())
    gap = (high["value"] - low["value"]) * 100
    assert (f"Participation ranges from {pct(low['value'])} in {names[low['group']]} to {pct(high['value'])} in "
            f"{names[high['group']]}: a gap of {gap:.1f} pp") in titles
    satisfaction = value(demo_metrics, "P10", period)[0]
    assert any(t.startswith(f"Sessions of {period.label} were rated {satisfaction['mean_rating']:.1f} of 5 on average "
                            f"({satisfaction['ratings']:,} ratings)") for t in titles)


def test_returning_learners_and_cohorts_come_from_p8(demo_metrics):
    app = participation()
    period = latest_month(demo_metrics)
    index = period.start.year * 12 + period.start.month - 1 - 11  # twelve months ending with the period
    data_first = demo_metrics.data_range()[0].replace(day=1)
    window = Period(max(Period.month(index // 12, index % 12 + 1).start, data_first), period.end)
    rows = compute(demo_metrics, "P8", window).rows
    one = [r for r in rows if r["group"].startswith("cohort ") and r["group"].endswith(" +1") and not r["suppressed"]]
    average = sum(r["value"] * r["population"] for r in one) / sum(r["population"] for r in one)
    assert any(t.startswith(f"{pct(average)} of new learners learn again the month after their first activity")
               for t in findings(app))
    # the newest month's return is not known yet: the warehouse ends with it
    assert any(f"{period.start:%b %Y}: not known yet" in c.value for c in app.caption)


def test_the_grouping_selector_compares_by_employment_type(demo_metrics):
    app = participation()
    app.segmented_control(key="participation_grouping").set_value("employment_type").run()
    assert not app.exception
    period = latest_month(demo_metrics)
    rows = [r for r in compute(demo_metrics, "P3", period, "employment_type").rows if not r["suppressed"]]
    high = max(rows, key=lambda r: r["value"])
    names = {"full_time": "full-time", "part_time": "part-time", "working_student": "working student",
             "apprentice": "apprentice"}
    assert any(f"to {pct(high['value'])} in {names[high['group']]}" in t for t in findings(app))
    hidden = sum(r["suppressed"] for r in compute(demo_metrics, "P3", period, "employment_type").rows)
    note = f"{hidden} groups hidden: fewer than 10 people each." if hidden > 1 else (
        "1 group hidden: fewer than 10 people.")
    assert (note in " ".join(c.value for c in app.caption)) == (hidden > 0)


@pytest.mark.parametrize("session, filters", [
    ({"filter_country": "DE"}, Filters(country="DE")),
    ({"filter_channel": "peer"}, Filters(channel="peer")),
])
def test_a_filter_changes_every_tile_as_the_metrics_layer_does(demo_metrics, session, filters):
    app = participation(**session)
    period = latest_month(demo_metrics)
    shown = [m.value for m in app.metric]
    expected = [tile_text(m, value(demo_metrics, m, period, f, filters)[0]) for m, f in TILES]
    unfiltered = [tile_text(m, value(demo_metrics, m, period, f)[0]) for m, f in TILES]
    assert shown == expected
    assert shown[0] != unfiltered[0] and shown[1] != unfiltered[1]
    assert any(f"filters: {filters.describe()}" in c.value for c in app.caption)
    if filters.channel:
        assert "Channel filter on: every hour shown is peer learning, so the mix is 100% peer" in findings(app)


def test_an_org_unit_filter_offers_only_the_levels_below_it(demo_metrics):
    units = demo_metrics.frames.org_units
    division = units.filter(units["level"] == 2)["org_unit_id"][0]
    app = participation(filter_org_unit=division)
    levels = app.selectbox(key="participation_org_level").options
    assert levels and all(int(option.split(" ")[1]) > 2 for option in levels)
    period = latest_month(demo_metrics)
    found = value(demo_metrics, "P2", period, filters=Filters(org_unit=division))[0]
    assert app.metric[0].value == english("P2", found)


def test_german_labels_and_number_format(demo_metrics):
    # switch language after the page switch: AppTest formats the sidebar's options outside the script run,
    # where the dashboard's texts fall back to English, and would not find the German option it drew
    app = participation()
    app.session_state["language"] = "de"
    app.run()
    assert not app.exception
    assert [m.label for m in app.metric] == LABELS_DE
    period = latest_month(demo_metrics)
    for tile, (metric_id, field) in zip(app.metric, TILES):
        assert tile.value == tile_text(metric_id, value(demo_metrics, metric_id, period, field)[0], "de")
    assert [h.value for h in app.subheader][1:] == [
        "Wie sich die Beteiligung entwickelt", "Wer teilnimmt", "Kommen Lernende wieder?",
        "Wie gleichmäßig die Beteiligung verteilt ist", "Abschluss und Zufriedenheit"]
    spread = value(demo_metrics, "P9", period)[0]
    top10 = f"{spread['top10_share'] * 100:.1f}".replace(".", ",") + " %"
    assert any(t.startswith(f"Die aktivsten 10 % erzeugen {top10} aller Lern- und Beitragsereignisse")
               for t in findings(app))
    assert app.segmented_control(key="participation_grouping").options == [
        "Organisationseinheit", "Land", "Standort", "Jobfamilie", "Beschäftigungsart"]
    assert not any(word in " ".join(findings(app)) for word in (" of ", " the ", " learners "))


def test_groups_below_k_are_hidden_not_zero(demo_metrics, monkeypatch):
    monkeypatch.setenv("DIRIGENT_MIN_GROUP_SIZE", "100000")
    app = participation()
    assert [m.value for m in app.metric] == ["hidden"] * 4
    assert not app.get("plotly_chart")  # no chart drawn from hidden figures, not even empty axes
    titles = findings(app)
    assert len(titles) == 9 and all("hidden" in t for t in titles), titles
    captions = " ".join(c.value for c in app.caption)
    assert "fewer than 100000 people: hidden to protect privacy" in captions
    assert "cohorts hidden: fewer than 100000 new learners each" in captions or (
        "1 cohort hidden: fewer than 100000 new learners." in captions)
    assert not any(m.value in ("0", "0.0%", "0.0") for m in app.metric)


def test_a_mid_k_hides_small_groups_and_counts_them(demo_metrics, monkeypatch):
    monkeypatch.setenv("DIRIGENT_MIN_GROUP_SIZE", "60")
    app = participation()
    app.segmented_control(key="participation_grouping").set_value("location").run()
    assert not app.exception
    rows = compute(demo_metrics, "P3", latest_month(demo_metrics), "location").rows  # computed with k = 10
    hidden = sum(r["population"] < 60 for r in rows)
    assert 0 < hidden < len(rows)
    note = f"{hidden} groups hidden: fewer than 60 people each." if hidden > 1 else (
        "1 group hidden: fewer than 60 people.")
    assert note in " ".join(c.value for c in app.caption)


# -- the page's pure helpers ------------------------------------------------------------------------------------

def test_pure_helpers_of_the_page():
    from datetime import date

    import polars as pl

    from dashboard.charts_participation import lorenz_curve, org_levels, returning_known, visible_groups

    units = pl.DataFrame({"org_unit_id": ["r", "a", "b", "a1", "a2", "b1"], "parent_id": [None, "r", "r", "a", "a", "b"],
                          "level": [1, 2, 2, 3, 3, 3], "name": ["R", "A", "B", "A1", "A2", "B1"]})
    assert org_levels(units) == {2: 2, 3: 3}
    assert org_levels(units, "a") == {3: 2} and org_levels(units, "a1") == {}
    # 3 active persons: deciles 10..30 count floor(0.3) = 0 persons, 40..60 one, 70..90 two; x is the exact share
    xs, ys = lorenz_curve({"active": 3, **{f"lorenz_{d}": (0.0 if d < 40 else 0.2 if d < 70 else 0.5)
                                           for d in range(10, 100, 10)}})
    assert xs == pytest.approx([0, 0, 0, 0, 1 / 3, 1 / 3, 1 / 3, 2 / 3, 2 / 3, 2 / 3, 1])
    assert ys[-1] == 1.0 and ys[4] == 0.2
    # a month's return is known once the following month has data and is over
    assert returning_known(date(2026, 9, 1), data_last=date(2026, 10, 31), today=date(2026, 11, 21))
    assert not returning_known(date(2026, 10, 1), data_last=date(2026, 10, 31), today=date(2026, 11, 21))
    assert not returning_known(date(2026, 10, 1), data_last=date(2026, 11, 20), today=date(2026, 11, 21))
    frame = pl.DataFrame({"label": [f"g{i:02}" for i in range(30)], "P3": [i / 30 for i in range(30)],
                          "suppressed": [i == 5 for i in range(30)]})
    shown, middle = visible_groups(frame, limit=10)
    assert shown["label"].to_list() == ["g00", "g01", "g02", "g03", "g04", "g25", "g26", "g27", "g28", "g29"]
    assert middle == 29 - 10
