"""Every page in a real browser: Playwright drives Debian's Chromium against `streamlit run` on the demo.

The values on screen are compared with `python -m metrics show` for the same period and filters; each
page is kept as a screenshot in test-artifacts/pages/ (not committed) to look at.
"""

from __future__ import annotations

import re

import pytest

from tests.dashboard.conftest import (ARTIFACTS, english, full_screenshot, german, metrics_show, needs_chromium, tiles,
                                      wait_for_app)

pytestmark = [pytest.mark.browser, needs_chromium]

PAGES = ["", "participation", "network", "skills", "companionship", "ecosystem", "works-council",
         "quarterly-review", "data-health"]
OVERVIEW = {"Headcount": "P1", "Active learners": "P2", "Participation rate": "P3", "Learning hours per FTE": "P5",
            "Contributors": "N1", "Contributor ratio": "N2", "Skill coverage": "S3"}
SHOTS = ARTIFACTS / "pages"


def last_month(demo_metrics) -> str:
    return f"{demo_metrics.data_range()[1]:%Y-%m}"


def headline_value(result: dict):
    return result["rows"][0]["value"]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", ["en", "de"])
def test_every_page_opens_in_both_languages(page, server, path, lang):
    page.goto(f"{server}/{path}?period=2026-Q3&lang={lang}")
    wait_for_app(page)
    assert page.locator("[data-testid='stException']").count() == 0, page.locator(
        "[data-testid='stException']").first.inner_text()
    assert page.locator("h1").count() == 1
    # A figure, a table or a tile; waited for, since plotly draws after the script has finished.
    page.locator(".js-plotly-plot, [data-testid='stDataFrame'], [data-testid='stMetric']").first.wait_for(
        state="attached", timeout=30_000)
    if lang == "de":
        assert page.get_by_text("Ansicht", exact=True).count() == 1  # the sidebar speaks German too
    SHOTS.mkdir(parents=True, exist_ok=True)
    full_screenshot(page, SHOTS / f"{path or 'overview'}-{lang}.png")


def test_overview_shows_what_the_command_line_computes(page, server, demo_db_url, demo_metrics):
    month = last_month(demo_metrics)
    page.goto(server)
    wait_for_app(page)
    expected = metrics_show(demo_db_url, OVERVIEW.values(), month)
    shown = tiles(page)
    for label, metric_id in OVERVIEW.items():
        assert shown[label] == english(metric_id, headline_value(expected[metric_id])), label
    assert f"period={month}" in page.url


def choose(page, label: str, option: str) -> None:
    """Pick an option of a sidebar select box the way a user does."""
    box = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").filter(has_text=label)
    combobox = box.get_by_role("combobox")
    combobox.click()
    combobox.press("ArrowDown")  # React Aria's combobox opens its list from the keyboard
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_app(page)


def test_changing_a_filter_in_the_sidebar_narrows_the_figures_and_the_link(page, browser, server, demo_db_url,
                                                                           demo_metrics):
    month = last_month(demo_metrics)
    page.goto(server)
    wait_for_app(page)
    choose(page, "Country", "DE")
    page.wait_for_url(re.compile(r"country=DE"))
    expected = metrics_show(demo_db_url, ["P1", "P2", "P3"], month, "--country", "DE")
    shown = tiles(page)
    for label in ("Headcount", "Active learners", "Participation rate"):
        assert shown[label] == english(OVERVIEW[label], headline_value(expected[OVERVIEW[label]]))
    choose(page, "Channel", "peer")
    page.wait_for_url(re.compile(r"channel=peer"))
    expected = metrics_show(demo_db_url, ["P2"], month, "--country", "DE", "--channel", "peer")
    assert tiles(page)["Active learners"] == english("P2", headline_value(expected["P2"]))
    # The link carries the view: opened in a new tab it shows the same figures.
    shared = page.url
    other = browser.new_page(viewport={"width": 1280, "height": 800})
    other.goto(shared)
    wait_for_app(other)
    other.locator("[data-testid='stMetricLabel']", has_text="Active learners").wait_for(timeout=30_000)
    assert tiles(other)["Active learners"] == english("P2", headline_value(expected["P2"]))
    other.close()


def test_switching_to_german_relabels_and_reformats(page, server, demo_db_url, demo_metrics):
    month = last_month(demo_metrics)
    page.goto(server)
    wait_for_app(page)
    choose(page, "Language", "Deutsch")
    page.locator("[data-testid='stMetricLabel']", has_text="Aktive Lernende").wait_for(timeout=30_000)
    wait_for_app(page)
    expected = metrics_show(demo_db_url, ["P1", "P3"], month)
    shown = tiles(page)
    assert shown["Beschäftigte"] == german("P1", headline_value(expected["P1"]))
    assert shown["Beteiligungsquote"] == german("P3", headline_value(expected["P3"]))
    assert "lang=de" in page.url
    SHOTS.mkdir(parents=True, exist_ok=True)
    full_screenshot(page, SHOTS / "overview-de-switched.png")


# Each page's headline tiles: (metric, field of a multi-figure value, text key of the tile's own label, unit).
PAGE_TILES = {
    "participation": [("P2", None, None, None), ("P3", None, None, None), ("P7", None, None, None),
                      ("P10", "mean_rating", "participation_tile_rating", "figures")],
    "network": [("N1", None, None, None), ("N2", None, None, None),
                ("N3", "conversion_rate", "network_conversion", "share"),
                ("N8", "mean_attendees", "network_mean_attendees", "figures")],
    "skills": [("S1", None, None, None), ("S2", None, None, None), ("S3", None, None, None)],
    "companionship": [("C1", None, None, None), ("C2", None, None, None), ("C3", "accompanied", None, None),
                      ("C4", None, "companionship_c4_label", "ratio")],
}


def written(unit: str, value, lang: str) -> str:
    """A tile's value as a reader expects it, written out here rather than borrowed from the dashboard."""
    if value is None:
        return "–"
    text = (f"{value * 100:,.1f}%" if unit == "share" else f"{value:,.0f}" if unit in ("persons", "count")
            else f"{value:,.1f}")
    if lang == "de":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".").replace("%", " %")
    return text


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("path", list(PAGE_TILES))
def test_every_pages_tiles_equal_the_command_line_under_a_filter(page, server, demo_db_url, path, lang):
    from dashboard.texts import TEXTS
    from metrics.catalogue import METRICS

    page.goto(f"{server}/{path}?period=2026-Q3&country=DE&lang={lang}")
    wait_for_app(page)
    shown = tiles(page)
    expected = metrics_show(demo_db_url, [m for m, *_ in PAGE_TILES[path]], "2026-Q3", "--country", "DE")
    checked = 0
    for metric_id, field, label_key, unit in PAGE_TILES[path]:
        label = TEXTS[label_key][lang == "de"] if label_key else METRICS[metric_id].label(lang)
        label = label[0].upper() + label[1:]
        first = expected[metric_id]["rows"][0]
        if first["suppressed"]:
            assert shown[label] == ("verborgen" if lang == "de" else "hidden"), (path, label)
            continue
        value = first["value"][field] if field else first["value"]
        assert shown[label] == written(unit or METRICS[metric_id].unit, value, lang), (path, label)
        checked += 1
    assert checked >= 2, f"{path}: too few visible tiles to compare; the filter hides the page"
