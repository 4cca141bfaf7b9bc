"""P1 to P5 on the fixture company, against values computed by hand.

The hand computation, month by month:
- January 2026 (last day 31.01.): Anna (FTE 1.0), Bernd (0.5 from 01.01.) and Lucía (0.5) are in scope.
  Piotr's exit date is 31.01.; METRICS.md keeps only exit dates after the last day, so he is out.
  Active: Anna (learner), Bernd (host). Hours: Anna's session on 15.01. is recorded twice (50 and 55
  minutes) and counts once with 55; her video has no tracked duration and counts its planned 10 minutes:
  65 min = 1.0833 h over 2.0 FTE.
- February: Eszter joins on 15.02. (0.75). Lucía's course completion at 31.01. 23:30 UTC is 01.02. in
  Berlin. Active: Lucía (2 h), Eszter (0.5 h), Bernd (no duration anywhere: 0 h, still active). The
  guest's attendance has no HR record. 2.5 h over 2.75 FTE.
- March: Anna's only event was voided.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from data.settings import Settings
from metrics.frames import load_frames
from metrics.overview import Metrics
from metrics.participation import participation
from metrics.periods import Period
from tests.conftest import COMPANY, sync_all

EXPECTED = json.loads((Path(__file__).parent / "expected_participation.json").read_text())
PERIODS = [p for p in EXPECTED if not p.startswith("_")]


@pytest.fixture
def model(engine, pseudonymise, monkeypatch):
    sync_all(engine, COMPANY / "sources.toml", pseudonymise)
    monkeypatch.setenv("DIRIGENT_MIN_GROUP_SIZE", "5")
    return Metrics(load_frames(engine), Settings.from_env())


@pytest.mark.parametrize("period", PERIODS)
def test_participation_matches_hand_computation(model, period):
    raw = participation(model.frames.people, model.person_events, model.frames.activities, Period.parse(period))
    expected = EXPECTED[period]
    assert raw["P1"] == expected["P1"] and raw["P2"] == expected["P2"]
    for metric in ("P3", "P4", "P5"):
        assert raw[metric] == pytest.approx(expected[metric], abs=1e-9), metric


def test_guard_hides_every_figure_of_a_population_below_k(model):
    figures = model.participation(Period.parse("2026-02"))
    assert all(f.suppressed and f.value is None and f.note == "fewer than 5 people" for f in figures.values())


def test_other_time_zone_moves_the_midnight_completion(engine, pseudonymise, monkeypatch):
    sync_all(engine, COMPANY / "sources.toml", pseudonymise)
    monkeypatch.setenv("DIRIGENT_TIMEZONE", "UTC")
    model = Metrics(load_frames(engine), Settings.from_env())
    january = participation(model.frames.people, model.person_events, model.frames.activities,
                            Period.parse("2026-01"))
    assert january["P4"] == pytest.approx(65 / 60 + 2)  # Lucía's course now counts in January (UTC)
