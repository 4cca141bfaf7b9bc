"""The Quarterly review page offers the deck (PowerPoint and PDF) to the roles whose exports include it."""

from __future__ import annotations

from dataclasses import replace

import pytest
import streamlit as st

from metrics import access
from tests.dashboard.conftest import run_app

PAGE = "quarterly_review"
BUTTONS = {"quarterly_deck_pptx", "quarterly_deck_pdf"}


@pytest.fixture
def demo(demo_metrics):
    """The small demo warehouse, which its sync marks as the demo: the role comes from the role switcher."""
    yield
    st.cache_data.clear()


def deck_buttons(app) -> list:
    return [b for b in app.get("download_button") if any(key in b.proto.id for key in BUTTONS)]


@pytest.mark.parametrize("role", ["executive", "ld_lead"])
def test_roles_with_the_deck_export_get_both_buttons(demo, role):
    app = run_app(PAGE, role=role, period_kind="quarter", period_quarter="2026-Q2")
    assert not app.exception
    buttons = deck_buttons(app)
    assert sorted(b.proto.label for b in buttons) == ["PDF", "PowerPoint"]
    assert all("2026-Q2" in b.proto.help for b in buttons)
    assert any("Quarterly deck for 2026-Q2" in c.value for c in app.caption)


def test_a_role_without_it_gets_none(demo, monkeypatch):
    monkeypatch.setitem(access.POLICY, "executive", replace(access.POLICY["executive"], exports=("csv",)))
    app = run_app(PAGE, role="executive", period_kind="quarter", period_quarter="2026-Q2")
    assert not app.exception
    assert not deck_buttons(app)
    assert not any("Quarterly deck" in c.value for c in app.caption)
