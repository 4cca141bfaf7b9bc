"""Learning companionship (Lernbegleitung) and learning circles from CSV exports (German Excel by default).

Four files, each optional: learning conversations, circles, circle members, held circle meetings.
Primary key: events (source, source_record_id), and activities (activity_id) for circles and meetings.
Cursor: the fingerprint of each file already loaded; a changed file is read again whole and upserted.
Members and meetings are read again whenever a circles file changed, since they take the circle's
facilitator, start and title from it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from connectors.base import Connector, FileCursor, Setting, fingerprint, resolve_files
from connectors.companionship_layout import CIRCLES, CONVERSATIONS, LAYOUTS, MEETINGS, MEMBERS, FileLayout
from connectors.companionship_mapping import Circle, CompanionshipMapper
from connectors.csv_files import FieldError, read_rows
from data.loading import Item, Rejected
from data.settings import Settings

RELATIVE = "Relative paths start at the folder of sources.toml."


class Companionship(Connector):
    kind = "companionship"
    settings = (
        Setting("path", "a folder holding the exports under their default names (lerngespraeche*.csv, lernkreise*.csv, "
                        "lernkreis_mitglieder*.csv, lernkreis_treffen*.csv)"),
        Setting("conversations_path", "the learning-conversation export (file, folder or glob)"),
        Setting("circles_path", "the learning-circle export (file, folder or glob)"),
        Setting("members_path", "the circle-member export (file, folder or glob)"),
        Setting("meetings_path", "the held-meeting export (file, folder or glob)"),
        Setting("delimiter", "field separator, default ';'"),
        Setting("timezone", "time zone of the dates and times in the exports, default DIRIGENT_TIMEZONE"),
        Setting("conversation_columns", "canonical field -> column header of the conversation export", kind=dict),
        Setting("circle_columns", "canonical field -> column header of the circle export", kind=dict),
        Setting("member_columns", "canonical field -> column header of the member export", kind=dict),
        Setting("meeting_columns", "canonical field -> column header of the meeting export", kind=dict),
    )
    primary_key = ("source", "source_record_id")
    cursor = "file fingerprints"

    def read(self, state: dict) -> Iterator[Item]:
        zone = self._zone()
        self.mapper = CompanionshipMapper(self.name, self.pseudonymise, zone, datetime.now(zone).date())
        files = self._files()
        cursor = FileCursor(state)
        changed = {layout.stream: dict(cursor.changed(files[layout.stream])) for layout in LAYOUTS}
        for path, digest in changed["conversations"].items():
            yield from self._read_conversations(path)
            cursor.mark(path, digest)
        circles: dict[str, Circle] = {}
        for path in files["circles"]:
            digest = changed["circles"].get(path)
            for item in self._read_circles(path, circles):
                if digest:
                    yield item
            if digest:
                cursor.mark(path, digest)
        for layout, read in ((MEMBERS, self._read_members), (MEETINGS, self._read_meetings)):
            pending = changed[layout.stream]
            if changed["circles"]:
                pending = {path: pending.get(path) or fingerprint(path) for path in files[layout.stream]}
            for path, digest in pending.items():
                yield from read(path, circles)
                cursor.mark(path, digest)
        self._next_state = cursor.state()

    # -- configuration ------------------------------------------------------------------------------------

    def _zone(self) -> ZoneInfo:
        name = self.config.get("timezone") or Settings.from_env().timezone
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            raise self.fail(f"timezone '{name}'", "not a known time zone",
                            "Use an IANA name such as Europe/Berlin.") from None

    def _files(self) -> dict[str, list[Path]]:
        """The files of every stream: `<stream>_path` where set, else the default names inside `path`."""
        if not any(key in self.config for key in ("path", *(layout.path_setting for layout in LAYOUTS))):
            raise self.fail("sources.toml", "no export configured",
                            "Set path (a folder) or at least one of conversations_path, circles_path, "
                            "members_path, meetings_path.")
        folder = None
        if "path" in self.config:
            folder = Path(self.config["path"])
            folder = folder if folder.is_absolute() else self.base_dir / folder
            if not folder.is_dir():
                raise self.fail(f"path '{self.config['path']}'", "not a folder",
                                f"Point path at the folder holding the exports, or name each file with "
                                f"conversations_path, circles_path, ... {RELATIVE}")
        files: dict[str, list[Path]] = {}
        for layout in LAYOUTS:
            if layout.path_setting in self.config:
                files[layout.stream] = resolve_files(self.config[layout.path_setting], self.base_dir)
                if not files[layout.stream]:
                    raise self.fail(f"{layout.path_setting} '{self.config[layout.path_setting]}'", "no file found",
                                    f"Check the path of the {layout.what} export in sources.toml. {RELATIVE}")
            else:
                files[layout.stream] = sorted(folder.glob(layout.default_pattern)) if folder else []
        if not any(files.values()):
            names = ", ".join(layout.default_pattern for layout in LAYOUTS)
            raise self.fail(f"path '{self.config['path']}'", f"no export found (looked for {names})",
                            "Save the exports there under these names, or name them with conversations_path, ...")
        if (files["members"] or files["meetings"]) and not files["circles"]:
            raise self.fail("circles_path", "members or meetings are configured but no circles export",
                            "Add the circles export (lernkreise.csv); members and meetings need their circle.")
        return files

    def _rows(self, path: Path, layout: FileLayout) -> tuple[dict[str, str], Iterator[tuple[str, dict]]]:
        """The columns found and (location, canonical field values) per row; a malformed row carries `__error__`."""
        delimiter = self.config.get("delimiter", ";")
        try:
            header, rows = read_rows(path, delimiter)
        except UnicodeDecodeError as exc:
            raise self.fail(f"file {path}", f"cannot be decoded ({exc.reason} at byte {exc.start})",
                            "Export it again as CSV UTF-8 or as CSV (Trennzeichen-getrennt); the file may be cut off.")
        columns = self._columns(path, header, layout, delimiter)

        def mapped() -> Iterator[tuple[str, dict]]:
            for line, raw in rows:
                location = f"{path.name}:{line}"
                if "__error__" in raw:
                    yield location, {"__error__": raw["__error__"] + " (is the file cut off, or a field not quoted?)"}
                else:
                    yield location, {field: raw.get(column, "") for field, column in columns.items()}

        return columns, mapped()

    def _columns(self, path: Path, header: list[str], layout: FileLayout, delimiter: str) -> dict[str, str]:
        mapping = self.config.get(layout.columns_setting, {})
        unknown = sorted(set(mapping) - set(layout.columns))
        if unknown:
            raise self.fail(f"[source.{layout.columns_setting}]", f"unknown fields {', '.join(unknown)}",
                            f"Use the canonical fields: {', '.join(layout.columns)}.")
        columns = {**layout.columns, **mapping}
        if not any(header):
            raise self.fail(f"file {path}, line 1", "the file is empty", f"Export the {layout.what} again.")
        where = f"file {path}, line 1"
        missing = [f"{field} (column '{columns[field]}')" for field in layout.required if columns[field] not in header]
        missing += [" or ".join(f"{f} (column '{columns[f]}')" for f in group) for group in layout.any_of
                    if not any(columns[f] in header for f in group)]
        if missing:
            hint = next((f" The header looks separated by '{s}', not '{delimiter}': set delimiter = \"{s}\"."
                         for s in (",", "\t", ";", "|") if s != delimiter and len(header) == 1 and s in header[0]), "")
            raise self.fail(where, f"missing columns {', '.join(missing)}; the header has {header}.{hint}",
                            f"Export with these columns, or map them in [source.{layout.columns_setting}] "
                            "in sources.toml.")
        return {field: column for field, column in columns.items() if column in header}

    # -- streams ------------------------------------------------------------------------------------------

    def _reject(self, location: str, problem: str, values: dict) -> Rejected:
        return Rejected(location, problem, self.mapper.redact({k: v for k, v in values.items() if k != "__error__"}))

    def _read_conversations(self, path: Path) -> Iterator[Item]:
        first_line: dict[str, str] = {}
        for location, values in self._rows(path, CONVERSATIONS)[1]:
            try:
                if "__error__" in values:
                    raise FieldError(values["__error__"])
                key = values["conversation_id"].strip()
                if key in first_line:
                    raise FieldError(f"conversation id '{key}' is already used on line {first_line[key]}")
                records = self.mapper.conversation(location, values)
                first_line[key] = location.rsplit(":", 1)[1]
            except FieldError as exc:
                yield self._reject(location, str(exc), values)
                continue
            yield from records

    def _read_circles(self, path: Path, circles: dict[str, Circle]) -> Iterator[Item]:
        first_line: dict[str, str] = {}
        for location, values in self._rows(path, CIRCLES)[1]:
            try:
                if "__error__" in values:
                    raise FieldError(values["__error__"])
                key = values["circle_id"].strip()
                if key in first_line:
                    raise FieldError(f"circle id '{key}' is already used on line {first_line[key]}")
                record, circles[key] = self.mapper.circle(location, values)
                first_line[key] = location.rsplit(":", 1)[1]
            except FieldError as exc:
                yield self._reject(location, str(exc), values)
                continue
            yield record

    def _circle_of(self, values: dict, circles: dict[str, Circle]) -> Circle:
        if "__error__" in values:
            raise FieldError(values["__error__"])
        circle = circles.get(values["circle_id"].strip())
        if circle is None:
            raise FieldError(f"circle '{values['circle_id']}' is not in the circles export (or was quarantined)")
        return circle

    def _read_members(self, path: Path, circles: dict[str, Circle]) -> Iterator[Item]:
        first_line: dict[str, str] = {}
        for location, values in self._rows(path, MEMBERS)[1]:
            try:
                records = self.mapper.membership(location, values, self._circle_of(values, circles))
                key = records[0].row.values["source_record_id"]
                if key in first_line:
                    raise FieldError(f"this member of circle '{values['circle_id']}' is already listed on line "
                                     f"{first_line[key]}")
                first_line[key] = location.rsplit(":", 1)[1]
            except FieldError as exc:
                yield self._reject(location, str(exc), values)
                continue
            yield from records

    def _read_meetings(self, path: Path, circles: dict[str, Circle]) -> Iterator[Item]:
        first_line: dict[str, str] = {}
        columns, rows = self._rows(path, MEETINGS)
        for location, values in rows:
            try:
                circle = self._circle_of(values, circles)
                items = list(self.mapper.meeting(location, values, circle, "attendees" in columns))
                key = items[0].row.values["activity_id"]
                if key in first_line:
                    raise FieldError(f"meeting {values['meeting_no']} of circle '{values['circle_id']}' is already "
                                     f"on line {first_line[key]}")
                first_line[key] = location.rsplit(":", 1)[1]
            except FieldError as exc:
                yield self._reject(location, str(exc), values)
                continue
            yield from items
