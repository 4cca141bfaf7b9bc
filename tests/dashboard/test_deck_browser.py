"""The quarterly deck's buttons in a real browser: a click downloads the PowerPoint deck and the PDF for the quarter
shown, in the page's language, with the figures `python -m metrics show --role executive` computes."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation
from pypdf import PdfReader

from tests.dashboard.conftest import ARTIFACTS, metrics_show, needs_chromium, wait_for_app

pytestmark = [pytest.mark.browser, needs_chromium]


def test_a_click_downloads_the_deck_and_the_pdf(page, server, demo_db_url):
    page.goto(f"{server}/quarterly-review?period=2026-Q3&lang=de")
    wait_for_app(page)
    files = {}
    for label, kind in (("PowerPoint", "pptx"), ("PDF", "pdf")):
        with page.expect_download(timeout=180_000) as started:
            page.get_by_role("button", name=label, exact=True).click()
        download = started.value
        assert download.suggested_filename == f"dirigent-quarterly-2026-Q3-de.{kind}"
        path = ARTIFACTS / "report" / download.suggested_filename
        path.parent.mkdir(parents=True, exist_ok=True)
        download.save_as(path)
        files[kind] = path.read_bytes()
    p3 = next(r for r in metrics_show(demo_db_url, ["Q"], "2026-Q3", "--role", "executive")["Q"]["rows"]
              if r["group"] == "P3")["value"]["value"]
    shown = f"{p3 * 100:.1f} %".replace(".", ",")
    deck = list(Presentation(io.BytesIO(files["pptx"])).slides)
    assert "Quartalsbericht 2026-Q3" in " ".join(s.text_frame.text for s in deck[0].shapes if s.has_text_frame)
    table = next(s.table for s in deck[1].shapes if s.has_table)
    row = next(r for r in table.rows if r.cells[0].text.endswith("(P3)"))
    assert row.cells[1].text.replace("\u00a0", " ") == shown
    assert files["pdf"].startswith(b"%PDF")
    assert shown in PdfReader(io.BytesIO(files["pdf"])).pages[1].extract_text().replace("\u00a0", " ")
