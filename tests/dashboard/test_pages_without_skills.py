"""A company that has not synced a skill framework yet: every page opens, and the skills figures say why they are
empty instead of failing (the 300,000-employee bench found two pages that raised)."""

from __future__ import annotations

import pytest
import streamlit as st

from metrics.access import ROLES, role
from tests.conftest import TEST_KEY
from tests.dashboard.conftest import run_app
from tests.support.demo import demo_warehouse


@pytest.fixture(scope="module")
def no_skills_db_url(tmp_path_factory) -> str:
    url, results = demo_warehouse(tmp_path_factory.mktemp("no-skills"), TEST_KEY.encode(), skip=("skills",),
                                  employees=300, months=12, seed=11)
    assert [r.source for r in results] == ["hr", "lrs", "moodle", "lex", "calendar", "teams", "companionship"]
    return url


def test_every_page_opens_without_a_skill_framework(no_skills_db_url, monkeypatch):
    monkeypatch.setenv("DIRIGENT_DB_URL", no_skills_db_url)
    st.cache_resource.clear()  # a new instance on this warehouse
    try:
        app = run_app()
        assert not app.exception, app.exception
        for page in role(ROLES[0]).pages:
            app.switch_page(f"views/{page}.py").run()
            app.run()  # AppTest renders a page on the run after the switch
            assert not app.exception, (page, app.exception)
            if page == "skills":
                shown = " ".join(str(m.value) for m in [*app.info, *app.markdown, *app.caption, *app.warning])
                assert "No role in this view requires a skill" in shown, shown[:500]
    finally:
        st.cache_resource.clear()
