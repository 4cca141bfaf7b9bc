"""What a crafted dashboard link can do to the page: its values are shown as text, never as Markdown, and a value
the warehouse cannot show is ignored with a notice, never a traceback."""

from __future__ import annotations

import pytest

from tests.dashboard.conftest import run_app

PHISHING = "[Session expired: sign in again](https://evil.example/login)"


def test_an_ignored_link_value_is_not_rendered_as_a_link(demo_db_url, monkeypatch):
    monkeypatch.setenv("DIRIGENT_DB_URL", demo_db_url)
    app = run_app(query={"country": PHISHING})
    assert not app.exception
    notice = app.toast[0].value
    assert "ignored" in notice
    assert "](https://" not in notice


def test_a_custom_range_outside_the_data_is_ignored_with_a_notice(demo_db_url, monkeypatch):
    monkeypatch.setenv("DIRIGENT_DB_URL", demo_db_url)
    app = run_app(query={"period": "0001-01-01..9999-12-31"})
    assert not app.exception, [e.message for e in app.exception]
    assert "period=0001-01-01..9999-12-31" in app.toast[0].value


def test_a_quarter_without_data_is_ignored_with_a_notice(demo_db_url, monkeypatch):
    monkeypatch.setenv("DIRIGENT_DB_URL", demo_db_url)
    app = run_app(query={"period": "1999-Q1"})
    assert not app.exception
    assert "period=1999-Q1" in app.toast[0].value
    assert app.query_params["period"] != "1999-Q1"
