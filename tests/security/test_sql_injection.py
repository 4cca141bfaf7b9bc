"""SQL injection through every filter and query parameter: refused with a clear message, the warehouse unchanged.

Why nothing can reach SQL: the warehouse is read whole into polars frames (metrics/frames.py) and filters,
periods and groupings are applied to those frames; the only SQL with outside values is SQLAlchemy Core with
bound parameters (data/loading.py, metrics/data_health.py). These tests hold the behaviour to that:
classic payloads in the dashboard's link parameters and in `python -m metrics show`'s options, and in the
names and values of sources.toml and the files it points at.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select

from connectors import __main__ as connectors_cli
from data.db import make_engine
from data.schema import metadata, org_units, sync_runs
from metrics import __main__ as metrics_cli
from tests.conftest import COMPANY
from tests.dashboard.conftest import run_app

PAYLOADS = [
    "' OR 1=1 --",
    '"; DROP TABLE events; --',
    "1); DELETE FROM person_versions; --",
    "\u2019 OR \u20181\u2019=\u20181 --",  # typographic quotes, which some layers fold into ASCII ones
    "DE\x00' UNION SELECT * FROM person_identities --",  # a NUL byte ends strings in C layers
]
ROOT = Path(__file__).resolve().parents[2]
# SQL text built from a value: text(f"..."), execute("..." % ...), exec_driver_sql("...".format(...)), ...
RAW_SQL = re.compile(r"""((?<![\w.])text|\.execute|exec_driver_sql)\(\s*f?["'].*(\{|%s|["']\s*\+|\.format\()""")
PROJECT = ("connectors", "data", "metrics", "dashboard", "bench")
# Checked by hand: none takes an outside value into the SQL text.
KNOWN_SAFE = {
    "bench/duck.py": ('SET threads = {int(threads)}',),  # a whole number, DuckDB benchmark only
    "data/rekey.py": ("LOCK TABLE {names}",),  # the schema's own table names, quoted by the dialect
    "bench/__main__.py": ('SCHEMA "{schema}"',),  # dirigent_bench_ and eight hex digits of a uuid4
    "bench/postgres_copy.py": ('SCHEMA "{schema}"',),  # dirigent_copy_ and eight hex digits of a uuid4
    "data/loading.py": ("PRAGMA cache_size = ",),  # a whole number from the module, or the one SQLite reported
    "data/bulk.py": (
        "source = %s AND source_record_id = ANY(%s)",  # psycopg's placeholders: the values travel as parameters
        "source = ? AND source_record_id IN ",  # one "?" per key: the keys travel as parameters
        "INSERT INTO events ({', '.join(columns)})",  # the module's own column names, "?" for every value
        'DROP INDEX "{name}"',  # the events table's own index names, read from the database's catalogue
    ),
}


def snapshot(db_url: str) -> dict[str, int]:
    """The tables of the warehouse and their row counts; not the audit log, which every view rightly adds to."""
    engine = make_engine(db_url)
    try:
        names = set(inspect(engine).get_table_names())
        with engine.connect() as conn:
            return {t.name: conn.execute(select(func.count()).select_from(t)).scalar()
                    for t in metadata.sorted_tables if t.name in names and t.name != "audit_log"} | {
                "_tables": len(names)}
    finally:
        engine.dispose()


@pytest.fixture
def warehouse(demo_db_url, monkeypatch):
    monkeypatch.setenv("DIRIGENT_DB_URL", demo_db_url)
    before = snapshot(demo_db_url)
    assert before["events"] > 0 and before["person_versions"] > 0
    yield demo_db_url
    assert snapshot(demo_db_url) == before


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("option, said", [
    ("--period", "period"), ("--org-unit", "org unit"), ("--country", "country"), ("--channel", "channel"),
    ("--by", "grouping"),
])
def test_the_metrics_command_refuses_payloads_with_exit_2(warehouse, capsys, option, said, payload):
    assert metrics_cli.main(["show", "P1", "--period", "2026-Q1", option, payload]) == 2
    err = capsys.readouterr().err
    assert said in err.lower() and "Traceback" not in err and len(err.splitlines()) <= 3


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_metric_id_that_is_a_payload_is_not_in_the_catalogue(warehouse, capsys, payload):
    assert metrics_cli.main(["show", f"P1,{payload}", "--period", "2026-Q1"]) == 2
    assert "is not in the catalogue" in capsys.readouterr().err


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_link_full_of_payloads_opens_the_default_view_with_a_notice(warehouse, payload):
    app = run_app(query={key: payload for key in ("period", "org_unit", "country", "channel", "lang")})
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]
    notice = app.toast[0].value
    for key in ("period", "org_unit", "country", "channel"):
        assert f"{key}=" in notice
    assert app.selectbox(key="filter_country").value == "" and app.selectbox(key="filter_org_unit").value == ""
    assert app.session_state["language"] == "en"
    assert app.metric, "the page shows its figures"


def test_sources_toml_names_and_file_contents_are_data_not_sql(tmp_path, monkeypatch, capsys):
    """A source named like a payload, org units and people whose fields are payloads: stored as they are."""
    for name in ("mitarbeiter.csv", "organisation.csv", "statements.ndjson"):
        shutil.copy(COMPANY / name, tmp_path / name)
    organisation = (tmp_path / "organisation.csv").read_text(encoding="utf-8-sig")
    organisation = organisation.replace(";Technik;", ";\"Technik'); DROP TABLE events; --\";")
    (tmp_path / "organisation.csv").write_text(organisation, encoding="utf-8-sig")
    people = (tmp_path / "mitarbeiter.csv").read_text(encoding="utf-8-sig").replace(";Bonn;", ";Bonn' OR 1=1 --;")
    (tmp_path / "mitarbeiter.csv").write_text(people, encoding="utf-8-sig")
    hr_name = "hr'); DELETE FROM person_versions; --"
    (tmp_path / "sources.toml").write_text(
        f"[[source]]\nname = \"{hr_name}\"\nkind = \"hr_csv\"\npath = \"mitarbeiter.csv\"\n"
        "org_units_path = \"organisation.csv\"\n\n"
        "[[source]]\nname = 'lrs\"; DROP TABLE events; --'\nkind = \"xapi\"\npath = \"statements.ndjson\"\n",
        encoding="utf-8")
    plain_url = f"sqlite:///{tmp_path / 'plain.db'}"
    monkeypatch.setenv("DIRIGENT_DB_URL", plain_url)
    assert connectors_cli.main(["sync", "--config", str(COMPANY / "sources.toml")]) == 0
    db_url = f"sqlite:///{tmp_path / 'w.db'}"
    monkeypatch.setenv("DIRIGENT_DB_URL", db_url)
    assert connectors_cli.main(["sync", "--config", str(tmp_path / "sources.toml")]) == 0
    assert connectors_cli.main(["sync", "--config", str(tmp_path / "sources.toml")]) == 0  # and again
    counts, plain = snapshot(db_url), snapshot(plain_url)
    assert counts["sync_runs"] == 4 and plain["sync_runs"] == 2
    assert {**counts, "sync_runs": 0} == {**plain, "sync_runs": 0} and counts["person_versions"] == 6
    engine = make_engine(db_url)
    with engine.connect() as conn:
        assert {r for (r,) in conn.execute(select(sync_runs.c.source))} == {hr_name, 'lrs"; DROP TABLE events; --'}
        assert "Technik'); DROP TABLE events; --" in {n for (n,) in conn.execute(select(org_units.c.name))}
    engine.dispose()
    capsys.readouterr()
    monkeypatch.setenv("DIRIGENT_MIN_GROUP_SIZE", "5")
    assert metrics_cli.main(["show", "P1", "--period", "2026-01", "--by", "location", "--format", "json"]) == 0
    assert "Bonn' OR 1=1 --" in capsys.readouterr().out


def test_no_sql_is_built_from_text():
    """No source file outside the migrations formats values into SQL text; the few text() calls are constant."""
    found, scanned = [], 0
    for path in sorted(p for folder in PROJECT for p in (ROOT / folder).rglob("*.py")):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith("data/migrations/"):
            continue
        scanned += 1
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if RAW_SQL.search(line) and not any(safe in line for safe in KNOWN_SAFE.get(relative, ())):
                found.append(f"{relative}:{number}: {line.strip()}")
    assert scanned > 100 and found == []
    assert RAW_SQL.search('conn.execute(text(f"SELECT * FROM events WHERE source = \'{name}\'"))')
    assert RAW_SQL.search('cursor.execute("DELETE FROM x WHERE id = %s" % value)')
