"""HR master data from CSV or XLSX exports: people (effective-dated, or history from snapshots) and org units.

Primary keys: person_versions (person_id, valid_from); org_units (org_unit_id).
Cursor: the fingerprint of each file already loaded. A changed file is read again whole and upserted,
so corrections show up as updates; when a snapshot file is new or changed, every snapshot is read again
to rebuild the history (unchanged versions count as duplicates); a changed org-unit export re-reads
the people too (managers may come from it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from connectors.base import Connector, FileCursor, Setting, fingerprint, redacted, resolve_files
from connectors.csv_files import FieldError, parse_date
from connectors.hr_history import SnapshotHistory, SnapshotRow
from connectors.hr_org import OrgCycleError, OrgTree, OrgUnit
from connectors.hr_presets import NO_MANAGER, ORG_FIELDS, PEOPLE_FIELDS, PRESETS, REQUIRED_ORG, Preset
from connectors.hr_rows import PersonMapper, RowRules, check_employment_types
from connectors.hr_tables import Table, TableError, find_columns, open_table
from data.loading import Item, Record, Rejected, Row
from data.schema import org_units, person_versions

DEFAULT_SNAPSHOT_PATTERN = r"\d{4}-\d{2}-\d{2}"
DEFAULT_MAX_FUTURE_HIRE_DAYS = 366


class Hr(Connector):
    kind = "hr"
    settings = (
        Setting("path", "the people export: CSV or XLSX file, folder or glob (several snapshots give history)",
                required=True),
        Setting("preset", "german_excel (default), successfactors or workday: the export's column names"),
        Setting("org_units_path", "the org-unit export (file, folder or glob); without it, units come from "
                                  "the people rows"),
        Setting("columns", "canonical field -> column header, overriding the preset", kind=dict),
        Setting("org_columns", "canonical field -> column header for the org-unit export", kind=dict),
        Setting("employment_types", "source value -> full_time, part_time, working_student or apprentice",
                kind=dict),
        Setting("delimiter", "CSV field separator; sniffed from the header line (';', ',' or tab) when not set"),
        Setting("sheet", "the XLSX sheet to read; default the first"),
        Setting("snapshot_date_pattern", "regular expression that finds a snapshot's date in its file name "
                                         "(default: an ISO date such as 2026-01-31)"),
        Setting("date_format", "strptime format for dates that are neither dd.mm.yyyy, ISO nor OData, e.g. %m/%d/%Y"),
        Setting("fte_unit", "'fraction' (0-1) or 'percent' (0-100); default from the preset"),
        Setting("max_future_hire_days", "how far ahead of the snapshot (or today) a hire date may lie; default 366",
                kind=int),
    )
    primary_key = ("person_id", "valid_from")
    cursor = "file fingerprints"

    def read(self, state: dict) -> Iterator[Item]:
        preset = self._preset()
        cursor = FileCursor(state)
        people_files = self._files("path")
        org_files = self._files("org_units_path") if "org_units_path" in self.config else []
        org_changed = cursor.changed(org_files)
        people_changed = cursor.changed(people_files)
        if org_changed and people_files:
            people_changed = [(path, fingerprint(path)) for path in people_files]
        org = OrgTree() if org_files else None
        if org is not None and (org_changed or people_changed):
            org_items = list(self._read_org(org_files, org, preset))
            if org_changed:
                yield from org_items
        if people_changed:
            yield from self._read_people(people_files, {p for p, _ in people_changed}, preset, org)
        for path, digest in org_changed + people_changed:
            cursor.mark(path, digest)
        self._next_state = cursor.state()

    # -- settings ---------------------------------------------------------------------------------

    def _preset(self) -> Preset:
        name = self.config.get("preset", "german_excel")
        if name not in PRESETS:
            raise self.fail("setting 'preset'", f"'{name}' is unknown", f"Use one of {', '.join(PRESETS)}.")
        for key, known in (("columns", PEOPLE_FIELDS), ("org_columns", ORG_FIELDS)):
            unknown = sorted(set(self.config.get(key, {})) - set(known))
            if unknown:
                raise self.fail(f"[source.{key}]", f"unknown canonical field(s) {', '.join(unknown)}",
                                f"Known fields: {', '.join(known)}.")
        wrong = check_employment_types(self.config.get("employment_types", {}))
        if wrong:
            raise self.fail("[source.employment_types]", f"{', '.join(wrong)} is not a canonical type",
                            "Map to full_time, part_time, working_student or apprentice.")
        if self.config.get("fte_unit", preset_unit := PRESETS[name].fte_unit) not in ("fraction", "percent"):
            raise self.fail("setting 'fte_unit'", f"'{self.config['fte_unit']}' is unknown",
                            f"Use 'fraction' or 'percent' (the preset uses '{preset_unit}').")
        try:
            re.compile(self.config.get("snapshot_date_pattern", DEFAULT_SNAPSHOT_PATTERN))
        except re.error as exc:
            raise self.fail("setting 'snapshot_date_pattern'", f"not a regular expression ({exc})",
                            "Write e.g. '\\d{4}-\\d{2}-\\d{2}'.") from None
        return PRESETS[name]

    def _files(self, key: str) -> list[Path]:
        files = resolve_files(self.config[key], self.base_dir)
        if not files:
            raise self.fail(f"{'path' if key == 'path' else key} '{self.config[key]}'", "no file found",
                            "Check the path in sources.toml (relative paths start at the folder of sources.toml).")
        return files

    def _open(self, path: Path, mapping: dict, required: tuple, key: str) -> tuple[Table, dict[str, str]]:
        try:
            table = open_table(path, self.config.get("delimiter"), self.config.get("sheet"))
            return table, find_columns(table, mapping, required, key)
        except TableError as exc:
            raise self.fail(exc.where, exc.problem, exc.todo) from None

    def _mapper(self, preset: Preset, org: OrgTree | None) -> PersonMapper:
        rules = RowRules(
            employment_types={k.strip().lower(): v for k, v in self.config.get("employment_types", {}).items()},
            fte_unit=self.config.get("fte_unit", preset.fte_unit),
            columns={**preset.people, **self.config.get("columns", {})},
            date_format=self.config.get("date_format"),
            max_future_hire_days=int(self.config.get("max_future_hire_days", DEFAULT_MAX_FUTURE_HIRE_DAYS)),
        )
        return PersonMapper(self.name, self.pseudonymise, rules, org)

    # -- org units --------------------------------------------------------------------------------

    def _read_org(self, files: list[Path], org: OrgTree, preset: Preset) -> Iterator[Item]:
        mapping = {**preset.org, **self.config.get("org_columns", {})}
        for path in files:
            table, columns = self._open(path, mapping, REQUIRED_ORG, "org_columns")
            for location, raw in table.rows:
                values = {field: raw.get(column, "") for field, column in columns.items()}
                problem = raw.get("__error__") or self._org_problem(values, org)
                if problem:
                    yield Rejected(location, problem, redacted(self._org_redacted(values)))
                    continue
                manager = values.get("manager_id", "")
                org.add(OrgUnit(values["org_unit_id"], values["name"], values.get("parent_id") or None, location,
                                self.pseudonymise("employee_no", manager)
                                if manager and manager.lower() not in NO_MANAGER else None))
        yield from self._org_records(org, derived=False)

    @staticmethod
    def _org_problem(values: dict, org: OrgTree) -> str | None:
        if not values["org_unit_id"]:
            return "org unit id is empty"
        if not values["name"]:
            return "org unit name is empty"
        if values["org_unit_id"] in org.units:
            return f"org unit appears twice (first at {org.units[values['org_unit_id']].location}); the first row is used"
        return None

    def _org_redacted(self, values: dict) -> dict:
        manager = values.get("manager_id")
        return {**values, "manager_id": "pseudonym:" + self.pseudonymise("employee_no", manager)} if manager else values

    def _org_records(self, org: OrgTree, derived: bool) -> Iterator[Item]:
        try:
            levels = org.levels()
        except OrgCycleError as exc:
            raise self.fail("org units", str(exc), "Correct the parent codes so that every chain ends at a root unit.")
        for unit in org.units.values():
            row = Row(org_units, {"org_unit_id": unit.org_unit_id, "name": unit.name, "parent_id": unit.parent_id,
                                  "level": levels[unit.org_unit_id], "source": self.name})
            if org.missing_parent(unit) and not derived:
                yield Rejected(unit.location, f"parent unit '{unit.parent_id}' is not in the org-unit export; "
                                              "export the whole tree", redacted(row.values))
            else:
                yield Record(unit.location, row)

    # -- people -----------------------------------------------------------------------------------

    def _read_people(self, files: list[Path], changed: set[Path], preset: Preset, org: OrgTree | None
                     ) -> Iterator[Item]:
        mapper = self._mapper(preset, org)
        derived = OrgTree() if org is None else None
        history = SnapshotHistory()
        for path in files:
            if path in changed:
                yield from self._read_file(path, preset, mapper, history, derived, snapshots_only=False)
        if history:  # a snapshot changed: the history needs every snapshot
            for path in files:
                if path not in changed:
                    yield from self._read_file(path, preset, mapper, history, derived, snapshots_only=True)
            for row in history.rows_in_order():
                if derived is not None and row.org[0]:
                    derived.observe(*row.org, location=row.location)
            yield from history.versions()
        if derived is not None and derived.units:
            yield from self._org_records(derived, derived=True)

    def _read_file(self, path: Path, preset: Preset, mapper: PersonMapper, history: SnapshotHistory,
                   derived: OrgTree | None, snapshots_only: bool) -> Iterator[Item]:
        mapping = {**preset.people, **self.config.get("columns", {})}
        table, columns = self._open(path, mapping, preset.required, "columns")
        file_day = self._snapshot_day(path)
        explicit = "valid_from" in columns
        snapshot = not explicit and ("snapshot_date" in columns or file_day is not None)
        if snapshots_only and not snapshot:
            return
        first_at: dict[tuple, str] = {}
        today = date.today()
        hierarchy = derived is not None and "org_parent_id" in columns  # a unit column alone is no hierarchy
        for location, raw in table.rows:
            if "__error__" in raw:
                yield Rejected(location, raw["__error__"], "{}")
                continue
            v = {field: raw.get(column, "") for field, column in columns.items()}
            day = None
            try:
                if snapshot:
                    day = mapper.date(v, "snapshot_date") or file_day
                    if day is None:
                        raise FieldError("snapshot_date is empty")
                person_id, values, identities = mapper.map(v, day or today)
            except FieldError as exc:
                if day is not None and (known := mapper.person_id(v)):
                    history.seen(day, known, location)
                yield Rejected(location, str(exc), mapper.redact(v))
                continue
            org_names = (v.get("org_unit_id", ""), v.get("org_unit_name", ""), v.get("org_parent_id", ""),
                         v.get("org_parent_name", "")) if hierarchy else ("", "", "", "")
            if snapshot:
                rejected = history.add(day, SnapshotRow(location, person_id, values, identities, org_names))
                if rejected:
                    yield rejected
                continue
            try:
                item = self._dated_record(location, v, values, identities, mapper, first_at)
            except FieldError as exc:
                yield Rejected(location, str(exc), mapper.redact(v))
                continue
            if org_names[0] and isinstance(item, Record):
                derived.observe(*org_names, location=location)
            yield item

    @staticmethod
    def _dated_record(location: str, v: dict, values: dict, identities: tuple, mapper: PersonMapper,
                      first_at: dict) -> Item:
        valid_from = mapper.date(v, "valid_from") or values["hire_date"]
        valid_to = mapper.date(v, "valid_to")
        if valid_to and valid_to < valid_from:
            raise FieldError(f"valid_to {valid_to:%d.%m.%Y} is before valid_from {valid_from:%d.%m.%Y}")
        key = (values["person_id"], valid_from)
        if key in first_at:
            return Rejected(location, f"the employee has a second version valid from {valid_from:%d.%m.%Y} in this "
                                      f"file (first at {first_at[key]}); the first row is used", mapper.redact(v))
        first_at[key] = location
        row = Row(person_versions, {**values, "valid_from": valid_from, "valid_to": valid_to})
        return Record(location, row, identities)

    def _snapshot_day(self, path: Path) -> date | None:
        match = re.search(self.config.get("snapshot_date_pattern", DEFAULT_SNAPSHOT_PATTERN), path.name)
        if not match:
            return None
        text = match.group(1) if match.groups() else match.group(0)
        try:
            return parse_date(text, "snapshot date in the file name", self.config.get("date_format"))
        except FieldError as exc:
            raise self.fail(f"file {path}", str(exc), "Name snapshot files with an ISO date, e.g. hr_2026-01-31.csv, "
                            "or set snapshot_date_pattern.") from None


class HrCsv(Hr):
    """The former kind name: existing sources.toml files with kind = "hr_csv" keep working."""

    kind = "hr_csv"
