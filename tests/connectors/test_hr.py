"""The `hr` connector: presets (SuccessFactors, Workday, German Excel), CSV and XLSX, snapshot history, bad input."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from connectors.base import SourceError
from connectors.hr import Hr, HrCsv
from data.loading import Record, Rejected, run_sync
from data.schema import org_units, person_identities, person_versions, quarantine
from tests.conftest import FIXTURES

HR = FIXTURES / "hr"
SF_TYPES = {"9421": "full_time", "9422": "part_time"}


def counts(result) -> tuple:
    c = result.counts
    return c.read, c.loaded, c.updated, c.duplicates, c.quarantined


def sync(engine, pseudonymise, base: Path, **config):
    return run_sync(engine, Hr("hr", config, pseudonymise, base))


def versions(engine, pseudonymise, employee_no: str) -> list[dict]:
    with engine.connect() as conn:
        rows = conn.execute(select(person_versions).where(
            person_versions.c.person_id == pseudonymise("employee_no", employee_no))
            .order_by(person_versions.c.valid_from)).mappings()
        return [dict(r) for r in rows]


def units(engine) -> dict[str, tuple]:
    with engine.connect() as conn:
        return {r.org_unit_id: (r.name, r.parent_id, r.level) for r in conn.execute(select(org_units))}


def copy(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def write_xlsx(path: Path, rows: list[list], sheet: str = "Data") -> Path:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(row)
    workbook.save(path)
    return path


# -- SuccessFactors ------------------------------------------------------------------------------

def test_successfactors_empjob_export_loads_versions_org_and_pseudonymous_managers(engine, pseudonymise):
    result = sync(engine, pseudonymise, HR / "successfactors", path="EmpJob.csv", preset="successfactors",
                  employment_types=SF_TYPES)
    assert counts(result) == (9, 9, 0, 0, 0)  # 4 versions, 5 derived org units
    anna = versions(engine, pseudonymise, "100231")
    assert [(v["valid_from"], v["valid_to"], v["fte"], v["employment_type"], v["org_unit_id"]) for v in anna] == [
        (date(2024, 1, 1), date(2025, 6, 30), 1.0, "full_time", "D100"),
        (date(2025, 7, 1), None, 0.8, "part_time", "D110"),  # 9999-12-31 is an open end
    ]
    assert (anna[1]["job_code"], anna[1]["cost_center"], anna[1]["country"], anna[1]["role"]) == (
        "JC_DEV", "CC-4110", "DE", "Senior Software Developer")
    assert anna[1]["manager_id"] == pseudonymise("employee_no", "100100")
    assert versions(engine, pseudonymise, "100100")[0]["manager_id"] is None  # NO_MANAGER
    jonas = versions(engine, pseudonymise, "100450")[0]  # OData /Date(...)/ values
    assert (jonas["valid_from"], jonas["valid_to"], jonas["hire_date"], jonas["exit_date"], jonas["country"]) == (
        date(2024, 1, 1), date(2025, 12, 31), date(2024, 1, 1), date(2025, 12, 31), "AT")
    assert units(engine) == {"DIV_TECH": ("DIV_TECH", None, 1), "D100": ("D100", "DIV_TECH", 2),
                             "D110": ("D110", "DIV_TECH", 2), "DIV_SALES": ("DIV_SALES", None, 1),
                             "D200": ("D200", "DIV_SALES", 2)}
    again = sync(engine, pseudonymise, HR / "successfactors", path="EmpJob.csv", preset="successfactors",
                 employment_types=SF_TYPES)
    assert counts(again) == (0, 0, 0, 0, 0)


def test_successfactors_xlsx_with_date_cells_gives_the_same_rows_as_csv(tmp_path, pseudonymise):
    lines = (HR / "successfactors" / "EmpJob.csv").read_text().splitlines()
    header, body = lines[0].split(","), [line.split(",") for line in lines[1:3]]
    typed = []
    for cells in body:
        row = []
        for name, cell in zip(header, cells):
            if name in ("startDate", "endDate", "employmentNav/startDate") and cell:
                cell = datetime.fromisoformat(cell)
            elif name == "fte":
                cell = float(cell)
            elif name == "userId":
                cell = int(cell)
            row.append(cell or None)
        typed.append(row)
    write_xlsx(tmp_path / "EmpJob.xlsx", [header, *typed], sheet="EmpJob")
    (tmp_path / "EmpJob.csv").write_text("\n".join(lines[:3]) + "\n")
    config = {"preset": "successfactors", "employment_types": SF_TYPES}
    from_xlsx = list(Hr("hr", {**config, "path": "EmpJob.xlsx"}, pseudonymise, tmp_path).read({}))
    from_csv = list(Hr("hr", {**config, "path": "EmpJob.csv"}, pseudonymise, tmp_path).read({}))
    assert [r.location for r in from_xlsx[:2]] == ["EmpJob.xlsx[EmpJob]:2", "EmpJob.xlsx[EmpJob]:3"]
    assert [r.row.values for r in from_xlsx] == [r.row.values for r in from_csv]


# -- Workday snapshots ---------------------------------------------------------------------------

WORKDAY = {"path": "workers_*.csv", "org_units_path": "organizations.csv", "preset": "workday"}


def test_workday_snapshots_become_effective_dated_history(engine, pseudonymise):
    result = sync(engine, pseudonymise, HR / "workday", **WORKDAY)
    assert counts(result) == (11, 11, 0, 0, 0)  # 3 org units, 8 versions
    boss = pseudonymise("employee_no", "W1001")

    def history(worker):
        return [(v["valid_from"], v["valid_to"], v["fte"], v["employment_type"], v["exit_date"])
                for v in versions(engine, pseudonymise, worker)]

    assert history("W1001") == [(date(2015, 3, 1), None, 1.0, "full_time", None)]  # unchanged: one version
    assert history("W1002") == [(date(2020, 5, 1), date(2026, 2, 27), 1.0, "full_time", None),
                                (date(2026, 2, 28), None, 0.8, "part_time", None)]
    assert history("W1003") == [(date(2018, 9, 15), date(2026, 3, 30), 1.0, "full_time", None)]  # gone in March
    assert history("W1004") == [(date(2026, 2, 16), None, 1.0, "full_time", None)]  # joined between snapshots
    assert history("W1005") == [(date(2021, 2, 1), date(2026, 3, 14), 0.5, "part_time", None),
                                (date(2026, 3, 15), None, 0.5, "part_time", date(2026, 3, 15))]
    assert history("W1006") == [(date(2026, 3, 31), None, 1.0, "full_time", None)]  # future joiner
    assert versions(engine, pseudonymise, "W1006")[0]["hire_date"] == date(2026, 4, 15)
    managers = {w: versions(engine, pseudonymise, w)[-1]["manager_id"] for w in ("W1001", "W1002", "W1004", "W1005")}
    assert managers == {"W1001": None, "W1002": boss, "W1004": pseudonymise("employee_no", "W1002"),
                        "W1005": pseudonymise("employee_no", "W1003")}  # a unit's manager reports one unit up
    assert units(engine) == {"SO_ROOT": ("Beispiel AG", None, 1), "SO_ENG": ("Engineering", "SO_ROOT", 2),
                             "SO_SALES": ("Sales", "SO_ROOT", 2)}
    assert counts(sync(engine, pseudonymise, HR / "workday", **WORKDAY)) == (0, 0, 0, 0, 0)


def test_a_new_snapshot_adds_versions_and_closes_the_previous_ones(engine, pseudonymise, tmp_path):
    folder = copy(HR / "workday", tmp_path / "wd")
    sync(engine, pseudonymise, folder, **WORKDAY)
    april = (folder / "workers_2026-03-31.csv").read_text().replace("W1004,Mehmet,Yilmaz,mehmet.yilmaz@example.com,"
                                                                   "2026-02-16,,100", "W1004,Mehmet,Yilmaz,"
                                                                   "mehmet.yilmaz@example.com,2026-02-16,,60")
    (folder / "workers_2026-04-30.csv").write_text(april)
    result = sync(engine, pseudonymise, folder, **WORKDAY)
    # All 9 versions are rebuilt: 7 unchanged, W1004's first closes (updated), its new one is loaded.
    assert counts(result) == (9, 1, 1, 7, 0)
    assert [(v["valid_from"], v["valid_to"], v["fte"]) for v in versions(engine, pseudonymise, "W1004")] == [
        (date(2026, 2, 16), date(2026, 4, 29), 1.0), (date(2026, 4, 30), None, 0.6)]


def test_a_corrected_snapshot_row_updates_its_version_in_place(engine, pseudonymise, tmp_path):
    folder = copy(HR / "workday", tmp_path / "wd")
    sync(engine, pseudonymise, folder, **WORKDAY)
    for name in ("workers_2026-01-31.csv", "workers_2026-02-28.csv"):
        path = folder / name
        path.write_text(path.read_text().replace("Head of Sales,Hamburg", "Head of Sales,Bremen"))
    result = sync(engine, pseudonymise, folder, **WORKDAY)
    assert counts(result) == (8, 0, 1, 7, 0)
    assert versions(engine, pseudonymise, "W1003")[0]["location"] == "Bremen"


# -- German Excel: encodings, separators, snapshots in one file -----------------------------------

GERMAN = ["Stichtag;Personalnummer;Nachname;Vorname;E-Mail;Eintrittsdatum;Austrittsdatum;Beschäftigungsart;"
          "Stellenanteil;Land;Standort;Organisationseinheit;Übergeordnete OE;Kostenstelle;Stellenschlüssel;"
          "Führungskraft;Geschlecht",
          "31.01.2026;00004711;Weiß;Jürgen;j.weiss@example.org;01.02.2021;;Teilzeit;0,8;DE;Köln;OE-11;OE-1;4711;"
          "50001234;00000001;m",
          "31.01.2026;00000001;Müller;Anna;a.mueller@example.org;01.01.2015;;Vollzeit;1,0;DE;Köln;OE-1;;4700;"
          "50000001;;w",
          "28.02.2026;00004711;Weiß;Jürgen;j.weiss@example.org;01.02.2021;;Vollzeit;1,0;DE;Köln;OE-11;OE-1;4711;"
          "50001234;00000001;m",
          "28.02.2026;00000001;Müller;Anna;a.mueller@example.org;01.01.2015;;Vollzeit;1,0;DE;Köln;OE-1;;4700;"
          "50000001;;w"]


@pytest.mark.parametrize("encoding, separator", [
    ("utf-8-sig", ";"), ("cp1252", ";"), ("utf-16", "\t"), ("utf-16-be", ";"), ("utf-16-le", ","), ("utf-8", "\t"),
])
def test_german_excel_in_every_encoding_and_separator_gives_the_same_history(tmp_path, pseudonymise, encoding,
                                                                            separator):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=separator).writerows(line.split(";") for line in GERMAN)  # quotes "0,8" for ','
    text = buffer.getvalue()
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data  # Excel writes "Unicode Text" with a BOM
    (tmp_path / "mitarbeiter.csv").write_bytes(data)
    items = list(Hr("hr", {"path": "mitarbeiter.csv"}, pseudonymise, tmp_path).read({}))
    records = [i.row.values for i in items if isinstance(i, Record)]
    juergen = [(r["valid_from"], r["valid_to"], r["fte"], r["employment_type"]) for r in records
               if r.get("person_id") == pseudonymise("employee_no", "4711")]
    assert juergen == [(date(2021, 2, 1), date(2026, 2, 27), 0.8, "part_time"), (date(2026, 2, 28), None, 1.0,
                                                                                  "full_time")]
    first = next(r for r in records if r.get("person_id") == pseudonymise("employee_no", "4711"))
    assert (first["location"], first["cost_center"], first["job_code"], first["manager_id"], first["gender"]) == (
        "Köln", "4711", "50001234", pseudonymise("employee_no", "1"), "m")
    derived = {r["org_unit_id"]: (r["parent_id"], r["level"]) for r in records if "level" in r}
    assert derived == {"OE-1": (None, 1), "OE-11": ("OE-1", 2)}


def test_utf16_without_bom_is_recognised(tmp_path, pseudonymise):
    (tmp_path / "mitarbeiter.csv").write_bytes("\r\n".join(GERMAN[:2]).encode("utf-16-le"))
    items = list(Hr("hr", {"path": "mitarbeiter.csv"}, pseudonymise, tmp_path).read({}))
    assert isinstance(items[0], Record) and items[0].row.values["location"] == "Köln"


def test_a_wrong_separator_names_the_file_and_the_fix(tmp_path, pseudonymise):
    (tmp_path / "mitarbeiter.csv").write_text("\n".join(GERMAN[:2]), encoding="utf-8")
    with pytest.raises(SourceError) as error:
        list(Hr("hr", {"path": "mitarbeiter.csv", "delimiter": ","}, pseudonymise, tmp_path).read({}))
    message = str(error.value)
    assert "mitarbeiter.csv, line 1" in message and "is the separator right?" in message


def test_utf8_read_as_windows_1252_twice_is_named(tmp_path, pseudonymise):
    (tmp_path / "mitarbeiter.csv").write_bytes("\n".join(GERMAN[:2]).encode("utf-8").decode("cp1252").encode("utf-8"))
    with pytest.raises(SourceError, match="looks wrongly decoded"):
        list(Hr("hr", {"path": "mitarbeiter.csv"}, pseudonymise, tmp_path).read({}))


# -- bad input ------------------------------------------------------------------------------------

def test_truncated_csv_quarantines_the_cut_row_and_keeps_the_rest(engine, pseudonymise, tmp_path):
    text = "\r\n".join(GERMAN) + "\r\n"
    (tmp_path / "mitarbeiter.csv").write_text(text[: len(text) - 60], encoding="utf-8")
    result = sync(engine, pseudonymise, tmp_path, path="mitarbeiter.csv")
    assert counts(result) == (6, 5, 0, 0, 1)  # 3 versions + 2 derived units; the cut last row quarantined
    with engine.connect() as conn:
        location, reason = conn.execute(select(quarantine.c.location, quarantine.c.reason)).one()
    assert location == "mitarbeiter.csv:5" and "fields where the header has 17" in reason


def test_truncated_xlsx_stops_the_source_with_the_file_name(tmp_path, pseudonymise):
    path = write_xlsx(tmp_path / "hr.xlsx", [GERMAN[0].split(";"), GERMAN[1].split(";")])
    path.write_bytes(path.read_bytes()[:900])
    with pytest.raises(SourceError, match=r"hr\.xlsx: not a readable XLSX workbook .*truncated"):
        list(Hr("hr", {"path": "hr.xlsx"}, pseudonymise, tmp_path).read({}))


def test_missing_required_columns_stop_and_extra_columns_are_ignored(tmp_path, pseudonymise):
    lines = (HR / "successfactors" / "EmpJob.csv").read_text().splitlines()
    (tmp_path / "no_fte.csv").write_text("\n".join(line.rsplit(",", 3)[0] + "," + line.rsplit(",", 2)[1]
                                                   for line in lines))
    with pytest.raises(SourceError) as error:
        list(Hr("hr", {"path": "no_fte.csv", "preset": "successfactors"}, pseudonymise, tmp_path).read({}))
    assert "fte (column 'fte')" in str(error.value) and "source 'hr' (hr)" in str(error.value)
    records = list(Hr("hr", {"path": str(HR / "successfactors" / "EmpJob.csv"), "preset": "successfactors",
                             "employment_types": SF_TYPES}, pseudonymise, tmp_path).read({}))
    assert not any("Schulz" in str(r.row.values) or "Anna" in str(r.row.values) for r in records)


def test_a_mapped_column_twice_in_the_header_is_refused(tmp_path, pseudonymise):
    (tmp_path / "w.csv").write_text("worker_id,hire_date,WORKER_ID,full_time_equivalent_percentage\n1,2020-01-01,2,100\n")
    with pytest.raises(SourceError, match="'worker_id' more than once"):
        list(Hr("hr", {"path": "w.csv", "preset": "workday"}, pseudonymise, tmp_path).read({}))


def test_duplicate_employee_in_one_snapshot_is_quarantined(engine, pseudonymise, tmp_path):
    folder = copy(HR / "workday", tmp_path / "wd")
    path = folder / "workers_2026-03-31.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join(lines + [lines[1].replace(",100,", ",90,")]) + "\n")
    result = sync(engine, pseudonymise, folder, **WORKDAY)
    assert counts(result) == (12, 11, 0, 0, 1)
    with engine.connect() as conn:
        location, reason = conn.execute(select(quarantine.c.location, quarantine.c.reason)).one()
    assert location == "workers_2026-03-31.csv:7"
    assert reason == ("the employee appears twice in the snapshot of 31.03.2026 (first at workers_2026-03-31.csv:2); "
                      "the first row is used")


@pytest.mark.parametrize("fte, reason", [
    ("120", "fte 120 is outside (0, 100] (column 'full_time_equivalent_percentage' holds a percentage)"),
    ("-50", "fte -50 is outside (0, 100]"),
    ("0", "fte 0 is outside (0, 100]"),
    ("", "fte (column 'full_time_equivalent_percentage') is empty"),
    ("viel", "fte 'viel' is not a number"),
])
def test_workday_fte_outside_0_to_100_is_quarantined(tmp_path, pseudonymise, fte, reason):
    (tmp_path / "w_2026-01-31.csv").write_text(
        "worker_id,email_address,hire_date,full_time_equivalent_percentage\n"
        f"W1,w1@example.com,2020-01-01,100\nW2,w2@example.com,2020-01-01,{fte}\n")
    items = list(Hr("hr", {"path": "w_*.csv", "preset": "workday"}, pseudonymise, tmp_path).read({}))
    rejected = [i for i in items if isinstance(i, Rejected)]
    assert [r.location for r in rejected] == ["w_2026-01-31.csv:3"] and rejected[0].reason.startswith(reason)
    assert "w2@example.com" not in rejected[0].record and "W2" not in rejected[0].record.replace("pseudonym", "")


def test_future_joiners_are_kept_and_typos_far_ahead_quarantined(tmp_path, pseudonymise):
    soon, far = date.today() + timedelta(days=30), date.today() + timedelta(days=400)
    lines = [GERMAN[0].split(";", 1)[1], *(line.split(";", 1)[1] for line in GERMAN[1:3])]
    lines[1] = lines[1].replace("01.02.2021", f"{soon:%d.%m.%Y}")
    lines[2] = lines[2].replace("01.01.2015", f"{far:%d.%m.%Y}")
    (tmp_path / "mitarbeiter.csv").write_text("\n".join(lines), encoding="utf-8")
    items = list(Hr("hr", {"path": "mitarbeiter.csv"}, pseudonymise, tmp_path).read({}))
    assert isinstance(items[0], Record) and items[0].row.values["hire_date"] == soon
    assert isinstance(items[1], Rejected) and f"hire_date {far:%d.%m.%Y} lies more than 366 days after" in items[1].reason


def test_xlsx_formula_error_cell_is_quarantined_with_sheet_and_row(engine, pseudonymise, tmp_path):
    header = ["worker_id", "hire_date", "full_time_equivalent_percentage", "business_site_summary_location"]
    write_xlsx(tmp_path / "workers_2026-01-31.xlsx", [header, ["W1", datetime(2020, 1, 1), 100, "Berlin"],
                                                      ["W2", datetime(2021, 6, 1), "#DIV/0!", "Berlin"],
                                                      ["W3", datetime(2022, 3, 1), 75.0, None]], sheet="Workers")
    result = sync(engine, pseudonymise, tmp_path, path="workers_*.xlsx", preset="workday")
    assert counts(result) == (3, 2, 0, 0, 1)
    with engine.connect() as conn:
        location, reason = conn.execute(select(quarantine.c.location, quarantine.c.reason)).one()
    assert (location, reason) == ("workers_2026-01-31.xlsx[Workers]:3", "cell C holds the formula error #DIV/0!")
    assert versions(engine, pseudonymise, "W3")[0]["fte"] == 0.75


def test_a_cycle_in_the_org_export_stops_the_source(engine, pseudonymise, tmp_path):
    folder = copy(HR / "workday", tmp_path / "wd")
    path = folder / "organizations.csv"
    path.write_text(path.read_text().replace("SO_ROOT,SO-0001,Beispiel AG,Supervisory,,", 
                                             "SO_ROOT,SO-0001,Beispiel AG,Supervisory,SO_ENG,"))
    with pytest.raises(SourceError) as error:
        sync(engine, pseudonymise, folder, **WORKDAY)
    assert "org units" in str(error.value) and "form a cycle" in str(error.value)
    assert "organizations.csv:2" in str(error.value)
    with engine.connect() as conn:
        assert conn.execute(select(person_versions)).first() is None  # rolled back whole


def test_a_cycle_in_derived_units_stops_the_source(tmp_path, pseudonymise):
    lines = (HR / "successfactors" / "EmpJob.csv").read_text().splitlines()
    lines.append(lines[1].replace("100100,", "100999,").replace("DIV_TECH,D100", "D100,DIV_TECH"))
    (tmp_path / "EmpJob.csv").write_text("\n".join(lines))
    with pytest.raises(SourceError, match="D100 → DIV_TECH → D100|DIV_TECH → D100 → DIV_TECH"):
        list(Hr("hr", {"path": "EmpJob.csv", "preset": "successfactors", "employment_types": SF_TYPES},
                pseudonymise, tmp_path).read({}))


def test_an_org_unit_whose_parent_is_missing_is_quarantined(tmp_path, pseudonymise):
    (tmp_path / "org.csv").write_text("OE-ID;Bezeichnung;Übergeordnete OE\nOE-1;AG;\nOE-2;Technik;OE-9\n")
    (tmp_path / "p.csv").write_text("Personalnummer;Eintrittsdatum;Beschäftigungsart;Stellenanteil\n1;01.01.2020;Vollzeit;1\n")
    items = list(Hr("hr", {"path": "p.csv", "org_units_path": "org.csv"}, pseudonymise, tmp_path).read({}))
    rejected = [i for i in items if isinstance(i, Rejected)]
    assert [(r.location, r.reason) for r in rejected] == [
        ("org.csv:3", "parent unit 'OE-9' is not in the org-unit export; export the whole tree")]


def test_unknown_employment_code_names_the_setting(tmp_path, pseudonymise):
    items = list(Hr("hr", {"path": str(HR / "successfactors" / "EmpJob.csv"), "preset": "successfactors"},
                    pseudonymise, tmp_path).read({}))
    assert "employment_type '9421'" in items[0].reason and "[source.employment_types]" in items[0].reason


@pytest.mark.parametrize("config, message", [
    ({"preset": "sap"}, "setting 'preset': 'sap' is unknown"),
    ({"columns": {"personnel_no": "PersNr"}}, "unknown canonical field(s) personnel_no"),
    ({"employment_types": {"FT": "fulltime"}}, "'FT' = 'fulltime' is not a canonical type"),
    ({"fte_unit": "hours"}, "setting 'fte_unit': 'hours' is unknown"),
])
def test_wrong_settings_are_named(tmp_path, pseudonymise, config, message):
    with pytest.raises(SourceError) as error:
        list(Hr("hr", {"path": "x.csv", **config}, pseudonymise, tmp_path).read({}))
    assert message in str(error.value)


def test_hr_csv_is_an_alias_of_hr():
    assert HrCsv.kind == "hr_csv" and Hr.kind == "hr" and HrCsv.settings == Hr.settings


def test_no_clear_text_identifier_reaches_the_warehouse(engine, pseudonymise, tmp_path):
    folder = copy(HR / "workday", tmp_path / "wd")
    bad = folder / "workers_2026-01-31.csv"
    bad.write_text(bad.read_text() + "W1009,Eva,Klein,eva.klein@example.com,2020-01-01,,150,,JP,X,Berlin,SO_ENG\n")
    sync(engine, pseudonymise, folder, **WORKDAY)
    sync(engine, pseudonymise, HR / "successfactors", path="EmpJob.csv", preset="successfactors",
         employment_types=SF_TYPES)
    clear = {"W1001", "W1002", "W1003", "W1004", "W1005", "W1006", "W1009", "100100", "100231", "100450"}
    names = ("Petra", "Lang", "Anna", "Schulz", "Jonas", "Gruber", "Eva", "Klein", "@example.com")
    with engine.connect() as conn:
        cells = [str(value) for table in (person_versions, person_identities, org_units, quarantine)
                 for row in conn.execute(select(table)) for value in row]
        assert conn.execute(select(quarantine)).first() is not None
    assert not clear & set(cells)
    assert not [c for c in cells if any(n in c for n in names) or any(f'"{i}"' in c for i in clear)]


def test_bytes_no_encoding_knows_stop_the_source(tmp_path, pseudonymise):
    (tmp_path / "mitarbeiter.csv").write_bytes(GERMAN[0].encode("cp1252") + b"\r\n\x81\x8d\x8f;1\r\n")
    with pytest.raises(SourceError, match="mitarbeiter.csv: the text is neither UTF-8, UTF-16 nor Windows-1252"):
        list(Hr("hr", {"path": "mitarbeiter.csv"}, pseudonymise, tmp_path).read({}))


def test_a_quarantined_snapshot_row_does_not_end_the_persons_version(engine, pseudonymise, tmp_path):
    folder = copy(HR / "workday", tmp_path / "wd")
    march = folder / "workers_2026-03-31.csv"
    march.write_text(march.read_text() + "W1003,Jonas,Gruber,jonas.gruber@example.com,2018-09-15,,250,Full_time,"
                                         "JP_SALES_LEAD,Head of Sales,Hamburg,SO_SALES\n")
    assert counts(sync(engine, pseudonymise, folder, **WORKDAY)) == (12, 11, 0, 0, 1)
    assert [(v["valid_from"], v["valid_to"]) for v in versions(engine, pseudonymise, "W1003")] == [
        (date(2018, 9, 15), None)]
