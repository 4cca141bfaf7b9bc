"""The Works council page in Streamlit's AppTest: fairness figures as compute() gives them, k stated, gaps as findings."""

from __future__ import annotations

import json

from metrics.compute import compute
from metrics.filters import Filters
from metrics.periods import Period
from tests.dashboard.conftest import english, german, run_app


def latest_month(model) -> Period:
    last = model.data_range()[1]
    return Period.month(last.year, last.month)


def works_council(**session):
    app = run_app("works_council", **session)
    assert not app.exception, app.exception
    return app


def by(model, metric_id, period, grouping, filters=None) -> dict[str, dict]:
    return {r["group"]: r for r in compute(model, metric_id, period, grouping, filters).rows}


def bullets(app) -> list[str]:
    text = next(m.value for m in app.markdown if m.value.startswith("- "))
    return [line[2:] for line in text.splitlines()]


def expected_tiles(model, period, filters=None, language="en") -> list[str]:
    write = german if language == "de" else english
    values = []
    for metric_id in ("P3", "P5"):
        groups = by(model, metric_id, period, "employment_type", filters)
        for group in ("full_time", "part_time"):
            row = groups[group]
            values.append("hidden" if row["suppressed"] else write(metric_id, row["value"]))
    return values


def test_tiles_show_part_time_and_full_time_as_compute_says(demo_metrics):
    app = works_council()
    period = latest_month(demo_metrics)
    assert [m.label for m in app.metric] == ["Full-time staff", "Part-time staff"] * 2
    assert [m.value for m in app.metric] == expected_tiles(demo_metrics, period)
    now = by(demo_metrics, "P3", period, "employment_type")["part_time"]["value"]
    before = by(demo_metrics, "P3", period.previous(), "employment_type")["part_time"]["value"]
    change = (now - before) * 100
    assert app.metric[1].delta == f"{'+' if change >= 0 else '-'}{abs(change):.1f} pp"
    assert any("P3, P5, P6" in c.value and f"period {period.label}" in c.value for c in app.caption)


def test_k_is_stated_and_the_audit_log_and_inventory_are_named(demo_metrics):
    app = works_council()
    assert app.info[0].value.startswith("**Figures about fewer than 10 people are hidden.**")
    assert any("the Audit log page" in c.value and "the Data inventory page" in c.value for c in app.caption)
    assert any(h.value == "Audit log and data inventory" for h in app.subheader)


def test_the_gaps_are_stated_as_findings_from_the_numbers(demo_metrics):
    app = works_council()
    period = latest_month(demo_metrics)
    groups = by(demo_metrics, "P3", period, "employment_type")
    part, full = groups["part_time"]["value"], groups["full_time"]["value"]
    gap = (part - full) * 100
    found = bullets(app)
    assert found[0] == (f"Part-time staff participate {abs(gap):.1f} points {'less' if gap < 0 else 'more'} than "
                        f"full-time staff ({part * 100:.1f}% against {full * 100:.1f}%).")
    hours = by(demo_metrics, "P5", period, "employment_type")
    hours_gap = hours["part_time"]["value"] - hours["full_time"]["value"]
    assert found[1].startswith(f"Part-time staff learn {abs(hours_gap):.1f} hours per FTE "
                               f"{'less' if hours_gap < 0 else 'more'} than full-time staff")
    places = {g: r["value"] for g, r in by(demo_metrics, "P3", period, "location").items()
              if not r["suppressed"] and g != "unknown"}
    low, high = min(places, key=places.get), max(places, key=places.get)
    assert found[3] == (f"Participation across locations ranges from {places[low] * 100:.1f}% ({low}) to "
                        f"{places[high] * 100:.1f}% ({high}): {(places[high] - places[low]) * 100:.1f} points apart.")
    # Chart titles repeat the findings; hidden groups are counted under their chart.
    titles = [m.value.strip("*") for m in app.main.markdown if m.value.startswith("**")]
    assert found[0].rstrip(".") in titles
    hidden_places = sum(r["suppressed"] for r in by(demo_metrics, "P3", period, "location").values())
    assert hidden_places, "the small demo has locations below k"
    assert any(c.value == f"P3 · {hidden_places} groups hidden: fewer than 10 people each." for c in app.caption)


def test_charts_leave_hidden_groups_out(demo_metrics):
    app = works_council()
    period = latest_month(demo_metrics)
    specs = [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]
    assert len(specs) == 12  # P3, P5 and P6 for each of the four groupings
    location = by(demo_metrics, "P3", period, "location")
    bars = specs[3]["data"][0]  # the location tab's P3 chart
    assert sorted(bars["y"]) == sorted(g for g, r in location.items() if not r["suppressed"])
    assert sorted(bars["x"]) == sorted(r["value"] for r in location.values() if not r["suppressed"])


def test_a_filter_changes_every_figure_as_compute_says(demo_metrics):
    app = works_council(filter_country="DE")
    period = latest_month(demo_metrics)
    filtered = expected_tiles(demo_metrics, period, Filters(country="DE"))
    assert [m.value for m in app.metric] == filtered
    assert filtered != expected_tiles(demo_metrics, period)
    assert any("filters: country=DE" in c.value for c in app.caption)


def test_german_relabels_and_reformats(demo_metrics):
    app = works_council()
    app.session_state["language"] = "de"
    app.run()
    assert not app.exception
    period = latest_month(demo_metrics)
    assert [m.label for m in app.metric] == ["Vollzeitkräfte", "Teilzeitkräfte"] * 2
    assert [m.value for m in app.metric] == expected_tiles(demo_metrics, period, language="de")
    assert app.info[0].value.startswith("**Zahlen über weniger als 10 Personen werden verborgen.**")
    first = bullets(app)[0]
    assert first.startswith("Teilzeitkräfte beteiligen sich um ") and " Prozentpunkte " in first
    assert " %" in first and "Vollzeitkräfte" in first


def test_below_k_the_page_shows_hidden_notes_not_numbers(demo_metrics, monkeypatch):
    monkeypatch.setenv("DIRIGENT_MIN_GROUP_SIZE", "100000")
    app = works_council()
    assert [m.value for m in app.metric] == ["hidden"] * 4
    assert app.info[0].value.startswith("**Figures about fewer than 100000 people are hidden.**")
    for sentence in bullets(app):
        assert "every group is hidden" in sentence or "hidden (fewer than 100000 people" in sentence, sentence
        assert "%" not in sentence.split("(")[0]
    for chart in app.get("plotly_chart"):
        assert all(not trace.get("x") for trace in json.loads(chart.proto.spec)["data"])
