"""The Ecosystem map in Streamlit's AppTest: the players, flows and tiles are the metrics layer's figures."""

from __future__ import annotations

import json
import re

import pytest

from metrics.compute import compute
from metrics.filters import Filters
from metrics.periods import Period
from tests.dashboard.conftest import english, german, run_app

LABELS = ["Players with learners", "Top player's share", "Carry half the hours", "Learning hours"]
LABELS_DE = ["Akteure mit Lernenden", "Anteil größter Akteur", "Tragen die Hälfte", "Lernstunden"]
SOURCES = {"calendar", "companionship", "hr", "lex", "lrs", "moodle", "skills", "teams"}


def latest_month(model) -> Period:
    last = model.data_range()[1]
    return Period.month(last.year, last.month)


def ecosystem(**session):
    app = run_app("ecosystem", **session)
    assert not app.exception, app.exception
    return app


def shown_name(player: str, language: str = "en") -> str:
    if player in SOURCES:
        return f"{player} (source system)" if language == "en" else f"{player} (Quellsystem)"
    return player


def figures(model, period: Period, filters: Filters | None = None, level: int = 2) -> dict:
    """What the page must show, straight from compute()."""
    total = compute(model, "P4", period, None, filters).rows[0]
    return {
        "total": None if total["suppressed"] else total["value"],
        "players": compute(model, "P4", period, "provider", filters).rows,
        "learners": {r["group"]: r for r in compute(model, "P2", period, "provider", filters).rows},
        "channels": compute(model, "P4", period, "channel+provider", filters).rows,
        "units": compute(model, "P4", period, f"provider+org_unit:{level}", filters).rows,
    }


def sankey_values(app) -> list[float]:
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    return spec["data"][0]["link"]["value"]


def test_tiles_table_and_map_show_the_metrics_layers_players(demo_metrics):
    app = ecosystem()
    period = latest_month(demo_metrics)
    found = figures(demo_metrics, period)
    tiles = {m.label: m.value for m in app.metric}
    assert list(tiles) == LABELS
    assert tiles["Learning hours"] == english("P4", found["total"])
    assert tiles["Players with learners"] == str(len(found["players"]))
    top = max(r["value"] for r in found["players"] if not r["suppressed"])
    assert tiles["Top player's share"] == f"{top / found['total'] * 100:.1f}%"

    table = app.dataframe[0].value
    rows = {row["Player"]: row for row in table.to_dict("records")}
    assert len(rows) == len(found["players"])
    for player in found["players"]:
        row = rows[shown_name(player["group"])]
        assert row["Learning hours"] == ("hidden" if player["suppressed"] else f"{player['value']:,.1f}")
        people = found["learners"][player["group"]]
        assert row["Learners"] == ("hidden" if people["suppressed"] else f"{people['value']:,}")

    # The map draws every visible flow (small players lumped, so compare the sums) and counts the hidden ones.
    visible = [r["value"] for r in found["channels"] + found["units"] if not r["suppressed"]]
    assert sum(sankey_values(app)) == pytest.approx(sum(visible))
    hidden = sum(r["suppressed"] for r in found["units"])
    assert hidden, "the small demo has flows below k"
    note = next(c.value for c in app.caption if "widths are learning hours" in c.value)
    assert f"Hidden: {hidden} of {len(found['units'])} flows from players to org units" in note
    assert "fewer than 10 learners" in note
    assert len(app.get("download_button")) == 2
    assert any("python -m metrics show P4,P2 --period " + period.label in c.value for c in app.caption)


def test_the_titles_state_the_findings_from_the_numbers(demo_metrics):
    app = ecosystem()
    period = latest_month(demo_metrics)
    found = figures(demo_metrics, period)
    titles = [m.value.strip("*") for m in app.main.markdown if m.value.startswith("**")]
    leader = max((r for r in found["players"] if not r["suppressed"]), key=lambda r: r["value"])
    share = f"{leader['value'] / found['total'] * 100:.1f}%"
    assert titles[0].startswith(f"{shown_name(leader['group'])} supplies the most learning hours ({share})")
    before = {r["group"]: r for r in compute(demo_metrics, "P4", period.previous(), "provider").rows}
    changes = {r["group"]: r["value"] - (before[r["group"]]["value"] if r["group"] in before else 0.0)
               for r in found["players"] if not r["suppressed"] and not before.get(r["group"], {}).get("suppressed")}
    rise = max(changes, key=changes.get)
    assert titles[1].startswith(f"{shown_name(rise)} grew most against {period.previous().label} "
                                f"(+{changes[rise]:,.1f} h)")


def test_a_filter_and_an_org_unit_level_change_the_flows_as_compute_says(demo_metrics):
    quarter = run_app(period_kind="quarter").selectbox(key="period_quarter").options[0]
    app = ecosystem(period_kind="quarter", period_quarter=quarter, filter_country="DE", ecosystem_level=3)
    period, filters = Period.parse(quarter), Filters(country="DE")
    found = figures(demo_metrics, period, filters, level=3)
    everyone = figures(demo_metrics, period)
    assert found["total"] < everyone["total"]
    assert app.metric[3].value == english("P4", found["total"])
    visible = [r["value"] for r in found["channels"] + found["units"] if not r["suppressed"]]
    assert sum(sankey_values(app)) == pytest.approx(sum(visible))
    note = next(c.value for c in app.caption if "widths are learning hours" in c.value)
    assert "org unit (level 3)" in note
    hidden = sum(r["suppressed"] for r in found["units"])
    assert f"Hidden: {hidden} of {len(found['units'])} flows" in note
    assert any(f"--period {quarter} --country DE` with" in c.value and "provider+org_unit:3" in c.value
               for c in app.caption)
    assert app.query_params["country"] == "DE"


def test_a_channel_filter_leaves_only_that_channel(demo_metrics):
    app = ecosystem(filter_channel="peer")
    period = latest_month(demo_metrics)
    found = figures(demo_metrics, period, Filters(channel="peer"))
    assert {r["group"].split(" | ")[0] for r in found["channels"]} == {"peer"}
    table = app.dataframe[0].value
    assert set(table["Channels"]) == {"peer"}
    assert app.metric[3].value == english("P4", found["total"])


def test_german_relabels_and_reformats(demo_metrics):
    # German after the page switch: AppTest formats the sidebar's options outside the script run (in English)
    app = ecosystem()
    app.session_state["language"] = "de"
    app.run()
    assert not app.exception
    period = latest_month(demo_metrics)
    found = figures(demo_metrics, period)
    assert [m.label for m in app.metric] == LABELS_DE
    assert app.metric[3].value == german("P4", found["total"])
    titles = [m.value.strip("*") for m in app.main.markdown if m.value.startswith("**")]
    assert "liefert die meisten Lernstunden" in titles[0] and re.search(r"\d,\d %\)", titles[0])
    table = app.dataframe[0].value
    assert list(table.columns)[:5] == ["Akteur", "Kanäle", "Lernstunden", "Lernende", "Anteil an allen Stunden"]
    assert any(name.endswith("(Quellsystem)") for name in table["Akteur"])
    assert any("Breiten sind Lernstunden" in c.value for c in app.caption)


def test_below_k_everything_says_hidden_never_zero(demo_metrics, monkeypatch):
    monkeypatch.setenv("DIRIGENT_MIN_GROUP_SIZE", "100000")
    app = ecosystem()
    assert [m.value for m in app.metric] == ["hidden"] * 4
    assert not app.get("plotly_chart")
    assert any("fewer than 100000 learners" in i.value for i in app.info)
    table = app.dataframe[0].value
    assert set(table["Learning hours"]) == {"hidden"} and set(table["Learners"]) == {"hidden"}
    assert set(table["Share of all hours"]) == {""}
    assert all("fewer than 100000 people" in note for note in table["Note"])
