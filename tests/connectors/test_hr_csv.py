"""The HR connector on German Excel exports: dialect, mapping, validation, clear messages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from connectors.base import SourceError
from connectors.hr_csv import HrCsv
from data.loading import Record, Rejected
from tests.conftest import COMPANY

HEADER = ("Personalnummer;Nachname;Vorname;E-Mail;Gültig ab;Gültig bis;Eintrittsdatum;Austrittsdatum;"
          "Beschäftigungsart;Stellenanteil;Land;Standort;Organisationseinheit;Jobfamilie;Rolle;Altersgruppe;Geschlecht")


def read_all(tmp_path: Path, pseudonymise, lines: list[str], encoding="utf-8-sig", **config) -> list:
    path = tmp_path / "export.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    connector = HrCsv("hr", {"path": str(path), **config}, pseudonymise, tmp_path)
    return list(connector.read({}))


def test_fixture_export_maps_to_pseudonymous_versions(pseudonymise):
    connector = HrCsv("hr", {"path": "mitarbeiter.csv"}, pseudonymise, COMPANY)
    records = list(connector.read({}))
    assert all(isinstance(r, Record) for r in records) and len(records) == 6
    bernd = [r.row.values for r in records if r.row.values["person_id"] == pseudonymise("employee_no", "2")]
    assert [(v["valid_from"], v["valid_to"], v["fte"], v["employment_type"]) for v in bernd] == [
        (date(2018, 3, 1), date(2025, 12, 31), 1.0, "full_time"),
        (date(2026, 1, 1), None, 0.5, "part_time"),
    ]
    eszter = next(r for r in records if r.location == "mitarbeiter.csv:5")
    assert eszter.row.values["fte"] == 0.75 and eszter.row.values["gender"] is None
    identities = {row.values["identity_id"]: row.values["kind"] for row in eszter.related}
    assert identities == {pseudonymise("employee_no", "00000003"): "employee_no",
                          pseudonymise("email", "Eszter.Kovacs@example.org"): "email"}
    assert connector.next_state()["files"]


def test_windows_1252_export_without_bom_is_read(tmp_path, pseudonymise):
    row = "4711;Weiß;Jürgen;j.weiss@example.org;;;01.02.2021;;Teilzeit;0,8;DE;Köln;OE-1;Finanzen;Controller:in;45-54;m"
    records = read_all(tmp_path, pseudonymise, [HEADER, row], encoding="cp1252")
    assert records[0].row.values["location"] == "Köln"
    assert records[0].row.values["valid_from"] == date(2021, 2, 1)  # no version columns: valid from hire


@pytest.mark.parametrize("field_change, reason", [
    (("Stellenanteil", "1,5"), "fte 1,5 is outside (0, 1]"),
    (("Stellenanteil", "viel"), "'viel' is not a number"),
    (("Eintrittsdatum", "2021-13-45"), "hire_date '2021-13-45' is not a date"),
    (("Beschäftigungsart", "Freelancer"), "employment_type 'Freelancer'"),
    (("Land", "Deutschland"), "not an ISO 3166 two-letter code"),
    (("Personalnummer", ""), "Personalnummer (employee_no) is empty"),
    (("Austrittsdatum", "01.01.2000"), "exit_date 01.01.2000 is before hire_date"),
])
def test_bad_rows_are_quarantined_with_line_and_reason(tmp_path, pseudonymise, field_change, reason):
    columns = HEADER.split(";")
    good = "4711;Weiß;Jürgen;j.weiss@example.org;01.02.2021;;01.02.2021;;Teilzeit;0,8;DE;Köln;OE-1;Finanzen;Controller:in;45-54;m"
    cells = good.split(";")
    cells[columns.index(field_change[0])] = field_change[1]
    items = read_all(tmp_path, pseudonymise, [HEADER, good.replace("4711", "4712"), ";".join(cells)])
    assert isinstance(items[0], Record)
    rejected = items[1]
    assert isinstance(rejected, Rejected) and rejected.location == "export.csv:3"
    assert reason in rejected.reason
    assert "j.weiss@example.org" not in rejected.record and "Weiß" not in rejected.record
    assert "4711" not in rejected.record


def test_row_with_wrong_number_of_fields_is_quarantined(tmp_path, pseudonymise):
    items = read_all(tmp_path, pseudonymise, [HEADER, "4711;Weiß;Jürgen"])
    assert isinstance(items[0], Rejected) and "3 fields where the header has 17" in items[0].reason


def test_missing_columns_stop_the_source_with_a_clear_message(tmp_path, pseudonymise):
    with pytest.raises(SourceError) as error:
        read_all(tmp_path, pseudonymise, ["Personalnummer;Eintritt;Stellenanteil", "1;01.01.2020;1,0"])
    message = str(error.value)
    assert "source 'hr' (hr_csv)" in message and "export.csv, line 1" in message
    assert "hire_date (column 'Eintrittsdatum')" in message and "[source.columns]" in message


def test_column_mapping_reads_other_headers(tmp_path, pseudonymise):
    items = read_all(tmp_path, pseudonymise, ["PersNr,Start,Art,FTE", "17,01.01.2020,Vollzeit,1.0"],
                     delimiter=",", columns={"employee_no": "PersNr", "hire_date": "Start",
                                             "employment_type": "Art", "fte": "FTE"})
    assert items[0].row.values["person_id"] == pseudonymise("employee_no", "00017")


def test_missing_file_names_the_path(tmp_path, pseudonymise):
    connector = HrCsv("hr", {"path": "nowhere/*.csv"}, pseudonymise, tmp_path)
    with pytest.raises(SourceError, match="path 'nowhere/\\*.csv': no file found"):
        list(connector.read({}))
