"""After `python -m metrics warm`, a new dashboard instance opens every page without computing a figure."""

from __future__ import annotations

import streamlit as st

import metrics.compute as compute_module
from metrics.__main__ import main
from metrics.access import ROLES, role
from tests.dashboard.conftest import run_app


def _record_computations(monkeypatch) -> list[tuple]:
    """Every metric frame computed from the frames (not read from the store), as (metric, period, grouping,
    filters)."""
    computed: list[tuple] = []

    def recording(metric_id, compute):
        def run(model, period, by):
            computed.append((metric_id, period.label, by, model.filters))
            return compute(model, period, by)
        return run

    # Q reads targets.toml on every call (compute.SETTINGS_FILES); the figures it shows come through the store
    monkeypatch.setattr(compute_module, "COMPUTATIONS", {
        k: f if k in compute_module.SETTINGS_FILES else recording(k, f)
        for k, f in compute_module.COMPUTATIONS.items()})
    return computed


def test_every_page_opens_without_computing_after_warm(demo_db_url, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DIRIGENT_DB_URL", demo_db_url)
    monkeypatch.setenv("DIRIGENT_FRAME_CACHE", str(tmp_path / "cache"))
    assert main(["warm"]) == 0 and "metric frames" in capsys.readouterr().out
    st.cache_resource.clear()  # a new instance: no model loaded by an earlier test
    computed = _record_computations(monkeypatch)
    try:
        app = run_app()
        assert not app.exception
        pages = [p for p in role(ROLES[0]).pages if p not in ("audit_log", "data_inventory")]  # they show no metric
        assert len(pages) >= 8
        for page in pages:
            app.switch_page(f"views/{page}.py").run()
            app.run()  # AppTest renders a page on the run after the switch
            assert not app.exception, (page, app.exception)
            assert not computed, (page, computed[:10])
        assert app.metric or app.get("plotly_chart")  # the last page drew figures, read from the store
    finally:
        st.cache_resource.clear()  # the next test's instance starts without this cache-backed model


def test_a_page_that_asks_for_something_warm_did_not_compute_is_noticed(demo_db_url, tmp_path, monkeypatch):
    """The check above can fail: without warm, the Overview computes its figures."""
    monkeypatch.setenv("DIRIGENT_DB_URL", demo_db_url)
    monkeypatch.setenv("DIRIGENT_FRAME_CACHE", str(tmp_path / "empty"))
    st.cache_resource.clear()
    computed = _record_computations(monkeypatch)
    try:
        assert not run_app().exception
        assert {"P2", "P3", "S3"} <= {metric_id for metric_id, *_ in computed}
    finally:
        st.cache_resource.clear()
