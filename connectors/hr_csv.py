"""HR master data from CSV exports: people (effective-dated) and org units.

Primary keys: person_versions (person_id, valid_from); org_units (org_unit_id).
Cursor: the fingerprint of each file already loaded; a changed file is read again whole
and upserted, so corrections in HR show up as updates.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from connectors.base import Connector, FileCursor, Setting, redacted, resolve_files
from connectors.csv_files import FieldError, parse_date, parse_decimal, read_rows
from data.loading import Item, Record, Rejected, Row
from data.schema import org_units, person_identities, person_versions

PEOPLE_COLUMNS = {
    "employee_no": "Personalnummer",
    "email": "E-Mail",
    "valid_from": "Gültig ab",
    "valid_to": "Gültig bis",
    "hire_date": "Eintrittsdatum",
    "exit_date": "Austrittsdatum",
    "employment_type": "Beschäftigungsart",
    "fte": "Stellenanteil",
    "country": "Land",
    "location": "Standort",
    "org_unit_id": "Organisationseinheit",
    "job_family": "Jobfamilie",
    "role": "Rolle",
    "age_band": "Altersgruppe",
    "gender": "Geschlecht",
}
ORG_COLUMNS = {"org_unit_id": "OE-ID", "name": "Bezeichnung", "parent_id": "Übergeordnete OE", "level": "Ebene"}
REQUIRED_PEOPLE = ("employee_no", "hire_date", "employment_type", "fte")
REQUIRED_ORG = ("org_unit_id", "name")

EMPLOYMENT_TYPES = {
    "vollzeit": "full_time", "full-time": "full_time", "full_time": "full_time",
    "teilzeit": "part_time", "part-time": "part_time", "part_time": "part_time",
    "werkstudent": "working_student", "werkstudentin": "working_student", "working_student": "working_student",
    "auszubildende": "apprentice", "auszubildender": "apprentice", "azubi": "apprentice", "apprentice": "apprentice",
}
GENDERS = {"w": "f", "f": "f", "weiblich": "f", "female": "f", "m": "m", "männlich": "m", "male": "m",
           "d": "d", "divers": "d", "x": "d", "diverse": "d"}


class HrCsv(Connector):
    kind = "hr_csv"
    settings = (
        Setting("path", "the people export (file, folder or glob)", required=True),
        Setting("org_units_path", "the org-unit export (file, folder or glob)"),
        Setting("delimiter", "field separator, default ';'"),
        Setting("columns", "canonical field -> column header, overriding the German defaults", kind=dict),
        Setting("org_columns", "canonical field -> column header for the org-unit export", kind=dict),
    )
    primary_key = ("person_id", "valid_from")
    cursor = "file fingerprints"

    def read(self, state: dict) -> Iterator[Item]:
        cursor = FileCursor(state)
        org_files = resolve_files(self.config["org_units_path"], self.base_dir) if "org_units_path" in self.config else []
        people_files = resolve_files(self.config["path"], self.base_dir)
        if not people_files:
            raise self.fail(f"path '{self.config['path']}'", "no file found",
                            "Check the path in sources.toml (relative paths start at the folder of sources.toml).")
        for path, digest in cursor.changed(org_files):
            yield from self._read_org(path)
            cursor.mark(path, digest)
        for path, digest in cursor.changed(people_files):
            yield from self._read_people(path)
            cursor.mark(path, digest)
        self._next_state = cursor.state()

    def _columns(self, path: Path, header: list[str], defaults: dict, key: str, required: tuple) -> dict:
        columns = {**defaults, **self.config.get(key, {})}
        missing = [f"{field} (column '{columns[field]}')" for field in required if columns[field] not in header]
        if missing:
            raise self.fail(
                f"file {path}, line 1", f"missing columns {', '.join(missing)}; the header has {header}",
                f"Export with these columns, or map them in [source.{key}] in sources.toml.",
            )
        return {field: column for field, column in columns.items() if column in header}

    def _rows(self, path: Path, defaults: dict, key: str, required: tuple) -> Iterator[tuple[str, dict]]:
        """(location, canonical values) for every row; a row with the wrong field count raises FieldError."""
        header, rows = read_rows(path, self.config.get("delimiter", ";"))
        columns = self._columns(path, header, defaults, key, required)
        for line, raw in rows:
            yield f"{path.name}:{line}", {"__error__": raw["__error__"]} if "__error__" in raw else {
                field: raw.get(column, "") for field, column in columns.items()}

    def _read_org(self, path: Path) -> Iterator[Item]:
        for location, values in self._rows(path, ORG_COLUMNS, "org_columns", REQUIRED_ORG):
            try:
                if "__error__" in values:
                    raise FieldError(values["__error__"])
                if not values["org_unit_id"]:
                    raise FieldError("org unit id is empty")
                level = int(values.get("level") or 0)
            except (FieldError, ValueError) as exc:
                yield Rejected(location, str(exc), redacted(values))
                continue
            yield Record(location, Row(org_units, {
                "org_unit_id": values["org_unit_id"], "name": values["name"],
                "parent_id": values.get("parent_id") or None, "level": level, "source": self.name,
            }))

    def _read_people(self, path: Path) -> Iterator[Item]:
        for location, values in self._rows(path, PEOPLE_COLUMNS, "columns", REQUIRED_PEOPLE):
            try:
                if "__error__" in values:
                    raise FieldError(values["__error__"])
                yield self._person_record(location, values)
            except FieldError as exc:
                yield Rejected(location, str(exc), redacted(self._without_identifiers(values)))

    def _without_identifiers(self, values: dict) -> dict:
        safe = dict(values)
        for kind, field in (("employee_no", "employee_no"), ("email", "email")):
            if safe.get(field):
                safe[field] = "pseudonym:" + self.pseudonymise(kind, safe[field])
        return safe

    def _person_record(self, location: str, v: dict) -> Record:
        if not v["employee_no"]:
            raise FieldError("Personalnummer (employee_no) is empty")
        hire = parse_date(v["hire_date"], "hire_date")
        if hire is None:
            raise FieldError("hire_date is empty")
        exit_ = parse_date(v.get("exit_date", ""), "exit_date")
        valid_from = parse_date(v.get("valid_from", ""), "valid_from") or hire
        valid_to = parse_date(v.get("valid_to", ""), "valid_to")
        if valid_to and valid_to < valid_from:
            raise FieldError(f"valid_to {valid_to:%d.%m.%Y} is before valid_from {valid_from:%d.%m.%Y}")
        if exit_ and exit_ < hire:
            raise FieldError(f"exit_date {exit_:%d.%m.%Y} is before hire_date {hire:%d.%m.%Y}")
        employment = EMPLOYMENT_TYPES.get(v["employment_type"].lower())
        if employment is None:
            raise FieldError(f"employment_type '{v['employment_type']}' is not one of Vollzeit, Teilzeit, "
                             "Werkstudent, Auszubildende")
        fte = parse_decimal(v["fte"], "fte")
        if not 0 < fte <= 1.0:
            raise FieldError(f"fte {v['fte']} is outside (0, 1]")
        country = v.get("country", "").upper() or None
        if country and (len(country) != 2 or not country.isalpha()):
            raise FieldError(f"country '{v['country']}' is not an ISO 3166 two-letter code")
        gender_raw = v.get("gender", "").lower()
        if gender_raw and gender_raw not in GENDERS:
            raise FieldError(f"gender '{v['gender']}' is not one of w, m, d (or empty)")
        person_id = self.pseudonymise("employee_no", v["employee_no"])
        identities = [Row(person_identities, {"identity_id": person_id, "person_id": person_id,
                                              "kind": "employee_no", "source": self.name})]
        if v.get("email"):
            if "@" not in v["email"]:
                raise FieldError("email has no '@'")
            identities.append(Row(person_identities, {"identity_id": self.pseudonymise("email", v["email"]),
                                                      "person_id": person_id, "kind": "email", "source": self.name}))
        return Record(location, Row(person_versions, {
            "person_id": person_id, "valid_from": valid_from, "valid_to": valid_to,
            "hire_date": hire, "exit_date": exit_, "fte": fte, "employment_type": employment,
            "country": country, "location": v.get("location") or None, "job_family": v.get("job_family") or None,
            "role": v.get("role") or None, "org_unit_id": v.get("org_unit_id") or None,
            "age_band": v.get("age_band") or None, "gender": GENDERS.get(gender_raw), "source": self.name,
        }), tuple(identities))
