"""Metric frames computed by one process are read by the next one on the same warehouse state (result_store)."""

from __future__ import annotations

import math
from datetime import date

import pytest
from sqlalchemy import delete

from data.db import make_engine
from data.schema import events
from data.settings import Settings
from metrics import compute as compute_module
from metrics.catalogue import CATALOGUE
from metrics.compute import NotComputedYet, compute, raw
from metrics.filters import Filters
from metrics.frame_cache import warehouse_state
from metrics.frames import load_metrics, read_frames
from metrics.overview import Metrics
from metrics.periods import Period
from metrics.privacy_ledger import Ledger
from tests.conftest import COMPANY, sync_all


def _catalogue(model, quarter, by=None, filters=None):
    rows = {}
    for metric in CATALOGUE:
        if by is not None and by not in metric.groupings:
            continue
        try:
            rows[metric.id] = compute(model, metric.id, quarter, by=by, filters=filters).rows
        except NotComputedYet:
            pass
    return rows


def _close(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b))
    return a == b


def _refuse_to_compute(monkeypatch):
    def refuse(*args):
        raise AssertionError("computed again")

    # Q reads targets.toml on every call (compute.SETTINGS_FILES); the figures it shows come through the store
    monkeypatch.setattr(compute_module, "COMPUTATIONS", {k: f if k in compute_module.SETTINGS_FILES else refuse
                                                         for k, f in compute_module.COMPUTATIONS.items()})


def test_the_next_process_reads_what_the_first_computed(demo_db_url, tmp_path, monkeypatch):
    engine = make_engine(demo_db_url)
    settings = Settings.from_env()
    direct = Metrics(read_frames(engine), settings)  # no cache: computed here
    last = direct.data_range()[1]
    quarter = Period.quarter(last.year, (last.month - 1) // 3 + 1).previous()
    channel = Filters(channel="formal")
    expected = [_catalogue(direct, quarter), _catalogue(direct, quarter, "country"),
                _catalogue(direct, quarter, filters=channel)]
    assert expected[0]["P2"][0]["value"] > 0  # figures shown, not hidden: the comparison means something

    monkeypatch.setenv("DIRIGENT_FRAME_CACHE", str(tmp_path / "cache"))
    first = load_metrics(engine, settings)
    assert first.results is not None and not first.results.exists()
    computed = [_catalogue(first, quarter), _catalogue(first, quarter, "country"),
                _catalogue(first, quarter, filters=channel)]
    assert _close(computed, expected)  # the prepared copy sums in another order: the last digit may differ
    kept = sorted(p.name for p in first.results.iterdir())
    assert len(kept) > 40 and not [name for name in kept if name.startswith(".")]

    with monkeypatch.context() as patched:  # a second process on the same state: nothing is computed again
        _refuse_to_compute(patched)
        second = load_metrics(engine, settings)
        assert second is not first and second.results == first.results
        assert [_catalogue(second, quarter), _catalogue(second, quarter, "country"),
                _catalogue(second, quarter, filters=channel)] == computed  # to the last digit: read, not computed
        # the privacy rules still run per session on top of the stored frame: rule 5's ledger included
        assert compute(second, "P2", quarter, ledger=Ledger()).rows == computed[0]["P2"]
        with pytest.raises(AssertionError, match="computed again"):  # a figure no process computed yet
            compute(second, "P2", quarter.months()[0])
    assert sorted(p.name for p in first.results.iterdir()) == kept
    engine.dispose()


def test_a_new_warehouse_state_computes_again(engine, tmp_path, pseudonymise, monkeypatch):
    sync_all(engine, COMPANY / "sources.toml", pseudonymise)
    settings = Settings.from_env()
    monkeypatch.setenv("DIRIGENT_FRAME_CACHE", str(tmp_path / "cache"))
    first = load_metrics(engine, settings)
    quarter = Period.quarter(2026, 1)
    before = raw(first, "P2", quarter, None)
    with engine.begin() as conn:  # a retention deletion: a new state, so a new folder
        conn.execute(delete(events).where(events.c.role == "learner"))
    fresh = load_metrics(engine, settings)
    assert fresh.results != first.results and warehouse_state(engine) in str(fresh.results)
    assert raw(fresh, "P2", quarter, None)["value"].to_list() != before["value"].to_list()


def test_warm_computes_the_default_views_once_for_every_instance(demo_db_url, tmp_path, monkeypatch, capsys):
    from metrics.__main__ import main
    from metrics.warm import periods_to_warm

    monkeypatch.setenv("DIRIGENT_DB_URL", demo_db_url)
    assert main(["warm"]) == 2 and "DIRIGENT_FRAME_CACHE" in capsys.readouterr().err
    monkeypatch.setenv("DIRIGENT_FRAME_CACHE", str(tmp_path / "cache"))
    assert main(["warm"]) == 0 and "metric frames" in capsys.readouterr().out
    engine = make_engine(demo_db_url)
    with monkeypatch.context() as patched:  # an instance starting on this state computes none of its defaults
        _refuse_to_compute(patched)
        model = load_metrics(engine, Settings.from_env())
        quarter, month = periods_to_warm(model.data_range(), date.today())
        assert quarter.kind == "quarter" and month.kind == "month"
        for period in (quarter, month):
            assert _catalogue(model, period) and _catalogue(model, period, "country")
        for earlier in month.previous(), month.previous().previous():
            compute(model, "P3", earlier)  # the Overview's trend
    engine.dispose()
