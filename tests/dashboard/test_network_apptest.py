"""The Network effects page in Streamlit's AppTest: what it shows is what the metrics layer computes."""

from __future__ import annotations

import pytest

from dashboard.periods import choices, trend_window
from metrics.compute import compute
from metrics.filters import Filters
from metrics.periods import Period
from tests.conftest import TEST_KEY
from tests.dashboard.conftest import run_app

PAGE = "network"
HEADLINE = ["Contributors", "Contributor ratio", "Learner conversion", "Attendees/session"]
HEADLINE_DE = ["Beitragende", "Beitragendenquote", "Konversionsquote", "Teilnehmende/Session"]
GRAPH = ["People linked", "Distinct ties", "Density", "In largest cluster", "Reciprocity"]
REACH = ["Mean reach", "Median reach", "Reach, top 10%"]


# How the page writes numbers, spelled out here independently of the dashboard's helpers.
def count(value, german=False) -> str:
    if value is None:
        return "–"
    text = f"{value:,}"
    return text.replace(",", ".") if german else text


def decimal(value, places=1, german=False) -> str:
    if value is None:
        return "–"
    text = f"{value:,.{places}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".") if german else text


def share(value, places=1, german=False) -> str:
    if value is None:
        return "–"
    return decimal(value * 100, places, german) + (" %" if german else "%")


def latest_month(model) -> Period:
    last = model.data_range()[1]
    return Period.month(last.year, last.month)


def field(result, name, group="all"):
    row = next(r for r in result.rows if r["group"] == group)
    return None if row["suppressed"] else (row["value"][name] if isinstance(row["value"], dict) else row["value"])


def expected_tiles(model, period: Period, filters: Filters | None = None, german=False) -> dict[str, str]:
    """Every tile's value as the page must show it, from compute() directly."""
    def get(metric_id, name=None, by=None):
        result = compute(model, metric_id, period, by, filters)
        return field(result, name) if name else field(result, "value")

    n4 = {f: get("N4", f) for f in ("nodes", "edges", "density", "largest_component_share", "reciprocity")}
    n6 = {f: get("N6", f, "org_unit:2") for f in ("reach_mean", "reach_median", "reach_p90")}
    values = [count(get("N1"), german), share(get("N2"), german=german),
              share(get("N3", "conversion_rate"), german=german), decimal(get("N8", "mean_attendees"), german=german),
              count(n4["nodes"], german), count(n4["edges"], german), share(n4["density"], 2, german),
              share(n4["largest_component_share"], german=german), share(n4["reciprocity"], german=german),
              decimal(n6["reach_mean"], 1, german), decimal(n6["reach_median"], 0, german),
              decimal(n6["reach_p90"], 0, german)]
    labels = (HEADLINE_DE if german else HEADLINE) + GRAPH + REACH
    return dict(zip(labels, values)) if not german else values


def titles(app) -> list[str]:
    return [m.value.strip("*") for m in app.main.markdown if m.value.startswith("**")]


@pytest.fixture(scope="module")
def english_page(demo_db_url):
    """The page as it opens, run once for the tests that only read it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DIRIGENT_DB_URL", demo_db_url)
        patch.setenv("DIRIGENT_PSEUDONYM_KEY", TEST_KEY)
        for name in ("DIRIGENT_PSEUDONYM_KEY_FILE", "DIRIGENT_MIN_GROUP_SIZE", "DIRIGENT_TIMEZONE"):
            patch.delenv(name, raising=False)
        yield run_app(PAGE)


def test_every_tile_shows_what_compute_gives(english_page, demo_metrics):
    app = english_page
    assert not app.exception
    period = latest_month(demo_metrics)
    shown = {m.label: m.value for m in app.metric}
    assert list(shown) == HEADLINE + GRAPH + REACH
    assert shown == expected_tiles(demo_metrics, period)
    # Changes against the previous month, as compute gives them.
    before = latest_month(demo_metrics).previous()
    now_n1, old_n1 = (compute(demo_metrics, "N1", p).rows[0]["value"] for p in (period, before))
    now_n3, old_n3 = (compute(demo_metrics, "N3", p).rows[0]["value"]["conversion_rate"] for p in (period, before))
    deltas = {m.label: m.delta for m in app.metric}
    assert deltas["Contributors"] == f"{'+' if now_n1 >= old_n1 else '-'}{abs(now_n1 - old_n1):,}"
    change = (now_n3 - old_n3) * 100
    assert deltas["Learner conversion"] == f"{'+' if change >= 0 else '-'}{abs(change):.1f} pp"
    assert any("N1, N2, N3, N4, N5, N6, N7, N8" in c.value and f"period {period.label}" in c.value
               for c in app.caption)


def test_flywheel_covers_the_trend_window_and_states_the_exponent(english_page, demo_metrics):
    app = english_page
    period = latest_month(demo_metrics)
    first, last = trend_window(demo_metrics.data_range()[0], period)
    window = Period(first.start, last.end)
    n7 = compute(demo_metrics, "N7", window)
    assert any(f"--period {window.label}" in c.value for c in app.caption)
    b = n7.rows[0]["value"]["exponent_b"]
    assert len(n7.rows) - 1 == len(window.months())
    if b is None:
        assert any(t.startswith("No network-effect exponent") for t in titles(app))
    else:
        assert any(f"(b = {b:.2f})" in t for t in titles(app))
    charts = app.get("plotly_chart")
    assert len(charts) == 6  # flywheel, exponent, network, reach, funnel, fill


def test_network_title_names_the_strongest_tie_between_shown_groups(english_page, demo_metrics):
    period = latest_month(demo_metrics)
    units = dict(demo_metrics.frames.org_units.select("org_unit_id", "name").iter_rows())
    ties = {}
    for row in compute(demo_metrics, "N6", period, "org_unit:2").rows:
        value = row["value"]
        if value["from_group"] and value["from_group"] != value["to_group"] and not row["suppressed"]:
            pair = tuple(sorted((value["from_group"], value["to_group"])))
            ties[pair] = ties.get(pair, 0) + value["interactions"]
    (a, b), strongest = sorted(ties.items(), key=lambda item: (-item[1], item[0]))[0]
    title = next(t for t in titles(english_page) if t.startswith("The strongest tie"))
    assert f"between {units[a]} and {units[b]} ({strongest:,} interactions)" in title
    n5 = [r for r in compute(demo_metrics, "N5", period, "org_unit:2").rows[1:] if not r["suppressed"]]
    inward = min(n5, key=lambda r: (r["value"], r["group"]))
    outward = max(n5, key=lambda r: (r["value"], r["group"]))
    two = lambda v: f"{round(v, 2) + 0.0:.2f}"  # noqa: E731 (never "-0.00")
    assert (f"the E-I index ranges from {two(inward['value'])} ({units[inward['group']]}, most inward) to "
            f"{two(outward['value'])} ({units[outward['group']]})") in title


def test_reach_and_conversion_titles_carry_the_numbers(english_page, demo_metrics):
    period = latest_month(demo_metrics)
    n6 = compute(demo_metrics, "N6", period, "org_unit:2").rows[0]["value"]
    n3 = compute(demo_metrics, "N3", period).rows[0]["value"]
    found = titles(english_page)
    assert f"A contributor reaches {n6['reach_mean']:.1f} org units on average" in " ".join(found)
    funnel = next(t for t in found if "started as learners" in t)
    assert funnel.startswith(f"{n3['conversion_rate'] * 100:.1f}% of the people")
    if n3["median_days_to_contribution"] is not None:
        assert f"a median {n3['median_days_to_contribution']:,.0f} days" in funnel


def test_countries_as_groups(demo_metrics):
    app = run_app(PAGE)
    assert app.segmented_control(key="network_grouping").options == [
        "Org units, level 2", "Org units, level 3", "Org units, level 4", "Countries"]
    app.segmented_control(key="network_grouping").set_value("country").run()
    assert not app.exception
    period = latest_month(demo_metrics)
    n5 = compute(demo_metrics, "N5", period, "country").rows
    hidden = sum(r["suppressed"] for r in n5[1:])
    assert ("groups hidden" in " ".join(c.value for c in app.caption)) == bool(hidden)
    n6 = compute(demo_metrics, "N6", period, "country").rows[0]["value"]
    assert any(f"reaches {n6['reach_mean']:.1f} countries" in t for t in titles(app))
    assert {m.label: m.value for m in app.metric}["Mean reach"] == f"{n6['reach_mean']:.1f}"


@pytest.mark.parametrize("session, filters", [
    ({"filter_country": "DE"}, Filters(country="DE")),
    ({"filter_channel": "peer"}, Filters(channel="peer")),
])
def test_a_filter_narrows_every_figure_as_compute_does(demo_metrics, session, filters):
    app = run_app(PAGE, **session)
    assert not app.exception
    period = latest_month(demo_metrics)
    assert {m.label: m.value for m in app.metric} == expected_tiles(demo_metrics, period, filters)
    assert any(f"filters: {filters.describe()}" in c.value for c in app.caption)


def test_a_country_filter_changes_the_figures(demo_metrics):
    period = latest_month(demo_metrics)
    whole, germany = expected_tiles(demo_metrics, period), expected_tiles(demo_metrics, period, Filters(country="DE"))
    assert whole["Contributors"] != germany["Contributors"]
    assert whole["People linked"] != germany["People linked"]


def test_an_earlier_quarter(demo_metrics):
    from datetime import date

    quarter = choices(*demo_metrics.data_range(), "quarter", today=date.today())[-1].label  # the oldest one
    app = run_app(PAGE, period_kind="quarter", period_quarter=quarter)
    assert not app.exception
    assert {m.label: m.value for m in app.metric} == expected_tiles(demo_metrics, Period.parse(quarter))


def test_german_relabels_and_reformats(demo_metrics):
    # switch the language after the page switch: AppTest formats the sidebar's options outside the script
    # run, where the texts fall back to English, and would not find the German option it drew
    app = run_app(PAGE)
    app.session_state["language"] = "de"
    app.run()
    assert not app.exception
    assert [m.label for m in app.metric][:4] == HEADLINE_DE
    assert [m.value for m in app.metric] == expected_tiles(demo_metrics, latest_month(demo_metrics), german=True)
    assert any(h.value == "Das Schwungrad" for h in app.subheader)
    assert all("ggü." in m.delta_description for m in app.metric[:4] if m.delta)
    found = " ".join(titles(app))
    assert "Interaktionen" in found and "interactions" not in found


def test_below_k_everything_is_hidden_never_zero(demo_metrics, monkeypatch):
    monkeypatch.setenv("DIRIGENT_MIN_GROUP_SIZE", "100000")
    app = run_app(PAGE)
    assert not app.exception
    assert [m.value for m in app.metric] == ["hidden"] * len(HEADLINE + GRAPH + REACH)
    notes = [c.value for c in app.caption]
    assert sum("fewer than 100000 people" in n for n in notes) >= len(HEADLINE + GRAPH + REACH)
    found = titles(app)
    assert any(t.startswith("The flywheel: fewer than 100000 people") for t in found)
    assert any(t.startswith("The peer network by group: fewer than 100000") for t in found)
    assert not any(any(ch.isdigit() for ch in m.value) for m in app.metric)
