"""The Skills page in Streamlit's AppTest: every figure it shows is the one the metrics layer computes."""

from __future__ import annotations

import json

import pytest

from metrics.compute import compute
from metrics.filters import Filters
from metrics.periods import Period
from tests.dashboard.conftest import english, german, run_app

TILES = ("S1", "S2", "S3", "S5")
LABELS = ["Required pairs", "Evidence", "Skill coverage", "Median days to skill"]


def latest_month(model) -> Period:
    last = model.data_range()[1]
    return Period.month(last.year, last.month)


def figure(model, metric_id: str, period: Period, filters: Filters | None = None, by: str | None = None):
    """The "all" row of a metric as compute gives it: (value, hidden)."""
    row = compute(model, metric_id, period, by, filters).rows[0]
    return row["value"], row["suppressed"]


def shown_english(metric_id: str, value) -> str:
    return f"{value:,.0f}" if metric_id == "S5" else english(metric_id, value)


def spec(app, key: str) -> dict:
    chart = next(c for c in app.get("plotly_chart") if c.proto.id.endswith(key))
    return json.loads(chart.proto.spec)


def cells_on_screen(app) -> dict[tuple[str, str], str | float]:
    """(column label, cluster label) -> the coverage drawn, or the word written in a cell without one."""
    figure_spec = spec(app, "skills_heatmap")
    heatmap = figure_spec["data"][0]
    found = {}
    for cluster, values in zip(heatmap["y"], heatmap["z"]):
        for unit, value in zip(heatmap["x"], values):
            if value is not None:
                found[(unit.replace("<br>", " "), cluster)] = value
    for note in figure_spec["layout"].get("annotations", []):
        found[(note["x"].replace("<br>", " "), note["y"])] = note["text"]
    return found


def test_the_skills_page_shows_the_latest_month_as_compute_does(demo_metrics):
    app = run_app("skills")
    assert not app.exception
    period = latest_month(demo_metrics)
    tiles = {m.label: m for m in app.metric}
    assert list(tiles) == LABELS
    for label, metric_id in zip(LABELS, TILES):
        value, hidden = figure(demo_metrics, metric_id, period)
        assert not hidden
        assert tiles[label].value == shown_english(metric_id, value), metric_id
    now, before = figure(demo_metrics, "S3", period)[0], figure(demo_metrics, "S3", period.previous())[0]
    change = (now - before) * 100
    assert tiles["Skill coverage"].delta == f"{'+' if change >= 0 else '-'}{abs(change):.1f} pp"
    assert any("S1, S2, S3, S4, S5, S6" in c.value and f"period {period.label}" in c.value for c in app.caption)
    assert len(app.get("plotly_chart")) == 4


def test_the_heatmap_is_s3_by_cluster_for_every_division_hidden_cells_said_so(demo_metrics):
    app = run_app("skills")
    period = latest_month(demo_metrics)
    units = demo_metrics.frames.org_units
    divisions = dict(units.filter(units["level"] == 2).select("org_unit_id", "name").iter_rows())
    screen = cells_on_screen(app)
    hidden = 0
    for unit, name in [(None, "Total"), *divisions.items()]:
        for row in compute(demo_metrics, "S3", period, "skill_cluster", Filters(org_unit=unit)).rows:
            cluster = row["group"][:1].upper() + row["group"][1:]
            if row["suppressed"]:
                hidden += 1
                assert screen[(name, cluster)] == "hidden", (name, cluster)
            else:
                assert screen[(name, cluster)] == pytest.approx(row["value"]), (name, cluster)
    assert hidden > 0  # the small demo has clusters that fewer than k people of a division need
    assert any(f"{hidden} cells hidden: fewer than 10 people" in c.value for c in app.caption)
    shown = [v for v in screen.values() if isinstance(v, float)]
    title = next(m.value for m in app.markdown if m.value.startswith("**Coverage ranges from"))
    assert f"{min(shown) * 100:.0f}%" in title and f"{max(shown) * 100:.0f}%" in title


def test_at_risk_skills_are_listed_and_the_largest_gap_named(demo_metrics):
    app = run_app("skills")
    rows = compute(demo_metrics, "S4", latest_month(demo_metrics)).rows
    at_risk = [(r["group"], r["value"]["supply"], r["value"]["demand"]) for r in rows if r["value"]["at_risk"]]
    assert at_risk
    listed = app.dataframe[0].value
    assert sorted(zip(listed["Skill"], listed["Supply"], listed["Demand"])) == sorted(at_risk)
    gap = max(at_risk, key=lambda r: (r[2], -r[1]))
    title = next(m.value for m in app.markdown if "at risk" in m.value)
    assert f"{len(at_risk)} skills are at risk" in title and gap[0][1:] in title and f"{gap[2]} people" in title
    risky = next(d for d in spec(app, "skills_supply")["data"] if d["name"] == "at risk")
    assert sorted(risky["customdata"]) == sorted(s for s, _, demand in at_risk if demand > 0)


def test_trending_skills_name_the_biggest_riser_and_faller(demo_metrics):
    app = run_app("skills")
    period = latest_month(demo_metrics)
    rows = [(r["group"], r["value"]["change"]) for r in compute(demo_metrics, "S6", period).rows]
    riser, faller = max(rows, key=lambda r: r[1]), min(rows, key=lambda r: r[1])
    title = next(m.value for m in app.markdown if "learning hours" in m.value)
    assert riser[0][1:] in title and f"+{riser[1]:.1f} h" in title
    assert faller[0][1:] in title and f"\u2212{abs(faller[1]):.1f} h" in title
    bars = spec(app, "skills_trend")["data"]
    assert sum(len(b["x"]) for b in bars) == 10


def test_time_to_skill_by_a_chosen_grouping(demo_metrics):
    app = run_app("skills", skills_grouping="country")
    assert not app.exception
    rows = compute(demo_metrics, "S5", latest_month(demo_metrics), "country").rows
    expected = {r["group"]: r["value"] for r in rows if not r["suppressed"] and r["value"] is not None}
    bars = spec(app, "skills_time")["data"][0]
    assert dict(zip(bars["y"], bars["x"])) == pytest.approx(expected)


def test_a_country_filter_narrows_every_figure(demo_metrics):
    app = run_app("skills", filter_country="DE")
    assert not app.exception
    period, filters = latest_month(demo_metrics), Filters(country="DE")
    for tile, metric_id in zip(app.metric, TILES):
        assert tile.value == shown_english(metric_id, figure(demo_metrics, metric_id, period, filters)[0])
    assert figure(demo_metrics, "S1", period, filters)[0] < figure(demo_metrics, "S1", period)[0]
    total = {r["group"]: r["value"] for r in compute(demo_metrics, "S3", period, "skill_cluster", filters).rows
             if not r["suppressed"]}
    screen = cells_on_screen(app)
    for cluster, value in total.items():
        assert screen[("Total", cluster[:1].upper() + cluster[1:])] == pytest.approx(value)


def test_an_org_unit_filter_shows_the_units_one_level_below(demo_metrics):
    units = demo_metrics.frames.org_units
    division = units.filter(units["level"] == 2)["org_unit_id"][0]
    children = units.filter(units["parent_id"] == division)["name"].to_list()
    app = run_app("skills", filter_org_unit=division)
    assert not app.exception
    assert app.selectbox(key="skills_level").value == 3
    columns = {unit for unit, _ in cells_on_screen(app)}
    assert columns <= {"Total", *children} and "Total" in columns


def test_german_labels_and_number_format(demo_metrics):
    # switch the language after the page switch: AppTest formats the sidebar's options outside the script run,
    # where the texts fall back to English, and would not find the German option drawn on a German first run
    app = run_app("skills")
    app.session_state["language"] = "de"
    app.run()
    assert not app.exception
    assert [m.label for m in app.metric] == ["Geforderte Paare", "Nachweise", "Skill-Abdeckung", "Tage bis zum Skill"]
    period = latest_month(demo_metrics)
    assert app.metric[0].value == german("S1", figure(demo_metrics, "S1", period)[0])
    assert app.metric[2].value == german("S3", figure(demo_metrics, "S3", period)[0])
    assert app.metric[3].value == f"{figure(demo_metrics, 'S5', period)[0]:,.0f}".replace(",", ".")
    assert any(h.value == "Abdeckung nach Organisationseinheit und Skill-Cluster" for h in app.subheader)
    assert any(m.value.startswith("**Die Abdeckung reicht von") for m in app.markdown)
    heatmap = spec(app, "skills_heatmap")
    assert all(text.endswith(" %") for row in heatmap["data"][0]["text"] for text in row if text)
    assert any(note["text"] == "verborgen" for note in heatmap["layout"]["annotations"])


def test_population_below_k_is_hidden_not_zero(demo_metrics, monkeypatch):
    monkeypatch.setenv("DIRIGENT_MIN_GROUP_SIZE", "100000")
    app = run_app("skills")
    assert not app.exception
    assert [m.value for m in app.metric] == ["hidden"] * 4
    assert sum("fewer than 100000 people" in c.value for c in app.caption) >= 4
    assert any("hidden, fewer than 100000 people" in m.value for m in app.markdown)
    assert not app.dataframe  # no at-risk list built from hidden rows
    assert not app.get("plotly_chart")  # no chart drawn from hidden figures, and no zeros
