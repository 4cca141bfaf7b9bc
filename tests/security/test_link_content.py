"""What a crafted dashboard link can put on the page: its values are shown as text, never as Markdown."""

from __future__ import annotations

import pytest

from tests.dashboard.conftest import run_app

PHISHING = "[Session expired: sign in again](https://evil.example/login)"


@pytest.mark.xfail(reason="dashboard/state.py read_url puts the ignored link values into a Markdown toast as they "
                          "are; escape them (e.g. backslash before []()*_`#<>!) - reported, not this issue's file",
                   strict=False)
def test_an_ignored_link_value_is_not_rendered_as_a_link(demo_db_url, monkeypatch):
    monkeypatch.setenv("DIRIGENT_DB_URL", demo_db_url)
    app = run_app(query={"country": PHISHING})
    assert not app.exception
    notice = app.toast[0].value
    assert "ignored" in notice
    assert "](https://" not in notice
