"""Microsoft Teams meeting attendance reports as organisers download them (`.csv`, tab-separated, UTF-16).

Each report becomes one session activity and one event per participant: Organizer → hosted,
Co-organizer → co-hosted (contributors), Attendee → attended (learner), Presenter per the
`presenter_role` setting. Primary key: events (source, source_record_id), where the record id
is derived from the meeting's title and local start time and the participant's UPN (or e-mail),
so a renamed copy changes nothing and a corrected report updates in place.
Cursor: the fingerprint of each file already loaded, and of the settings that shape the rows.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from connectors.base import Connector, FileCursor, Setting, redacted, resolve_files
from connectors.teams_mapping import MappingOptions, ReportMapper
from connectors.teams_report import FIELDS, ReportError, parse
from connectors.teams_values import DATE_ORDERS, LocalTimes, ValueProblem
from data.loading import Item, Rejected

CHANNELS = ("formal", "peer", "coaching", "circle")
CHOICES = {"date_order": DATE_ORDERS, "presenter_role": ("learner", "contributor"),
           "identity": ("email", "upn"), "channel": CHANNELS}
DEFAULTS = {"timezone": "Europe/Berlin", "date_order": "auto", "presenter_role": "learner",
            "identity": "email", "channel": "peer"}


class TeamsAttendance(Connector):
    kind = "teams_attendance"
    settings = (
        Setting("path", "attendance reports: a .csv file, a folder (its .csv files) or a glob", required=True),
        Setting("timezone", "the organiser's IANA time zone, in which the report shows times (default Europe/Berlin)"),
        Setting("date_order", "auto (default: from the report's own dates), day-first or month-first"),
        Setting("presenter_role", "learner (default: Presenter attended) or contributor (Presenter co-hosted)"),
        Setting("identity", "which column names the person: email (default) or upn"),
        Setting("channel", "channel of the sessions: peer (default), formal, coaching or circle"),
        Setting("join_links", "meeting title -> join link, where the report carries none", kind=dict),
        Setting("columns", "canonical field -> header, for headers in other languages", kind=dict),
    )
    primary_key = ("source", "source_record_id")
    cursor = "file fingerprints; everything again when the settings change"

    def read(self, state: dict) -> Iterator[Item]:
        options, fingerprint = self._options()
        files = self._files()
        cursor = FileCursor(state if state.get("settings") == fingerprint else {})
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        for path, digest in cursor.changed(files):
            yield from self._report(path, options, now)
            cursor.mark(path, digest)
        self._next_state = {**cursor.state(), "settings": fingerprint}

    def _report(self, path: Path, options: dict, now: datetime) -> Iterator[Item]:
        try:
            report = parse(path.read_bytes(), options["columns"])
            times = LocalTimes.for_report(_dates(report), options["date_order"], options["zone"])
            mapper = ReportMapper(self.name, MappingOptions(
                times, options["channel"], options["presenter_role"], options["identity"], options["join_links"],
            ), self.pseudonymise, now)
            # Materialised so that a problem with the whole report quarantines it before any of its rows.
            items = list(mapper.items(path.name, report))
        except (ReportError, ValueProblem) as exc:
            line = getattr(exc, "line", 1)
            yield Rejected(f"{path.name}:{line}", f"report {path.name}, line {line}: {exc}",
                           redacted({"file": path.name, "line": line}))
            return
        yield from items

    def _files(self) -> list[Path]:
        pattern = self.config["path"]
        path = Path(pattern) if Path(pattern).is_absolute() else self.base_dir / pattern
        files = resolve_files(pattern, self.base_dir)
        if path.is_dir():  # a download folder holds other files too; Teams always names reports .csv
            files = [f for f in files if f.suffix.lower() == ".csv"]
        if not files:
            raise self.fail(f"path '{pattern}'", "no attendance report (.csv) found",
                            "Check the path in sources.toml (relative paths start at the folder of sources.toml).")
        return files

    def _options(self) -> tuple[dict, str]:
        """The checked settings and a fingerprint of them; a wrong value stops the source before reading."""
        values = {**DEFAULTS, **{k: v for k, v in self.config.items() if k in DEFAULTS}}
        for name, allowed in CHOICES.items():
            if values[name] not in allowed:
                raise self.fail(f"setting {name} = '{values[name]}'", f"not one of {', '.join(allowed)}",
                                "Correct it in sources.toml.")
        try:
            zone = ZoneInfo(values["timezone"])
        except (ZoneInfoNotFoundError, ValueError):
            raise self.fail(f"setting timezone = '{values['timezone']}'", "not an IANA time zone",
                            "Use a name such as Europe/Berlin or America/New_York.") from None
        columns, join_links = dict(self.config.get("columns", {})), dict(self.config.get("join_links", {}))
        unknown = sorted(set(columns) - set(FIELDS))
        if unknown:
            raise self.fail("[source.columns]", f"unknown field(s) {', '.join(unknown)}",
                            f"Map only these fields: {', '.join(FIELDS)}.")
        bad_links = [title for title, link in join_links.items() if not str(link).startswith(("https://", "http://"))]
        if bad_links:
            raise self.fail("[source.join_links]", f"the link for {bad_links[0]!r} is not an http(s) URL",
                            "Paste the meeting's join link as Teams shows it.")
        options = {**values, "zone": zone, "columns": columns, "join_links": join_links}
        shaping = {**values, "columns": columns, "join_links": join_links}
        return options, hashlib.sha256(json.dumps(shaping, sort_keys=True).encode("utf-8")).hexdigest()[:16]


def _dates(report) -> list[str]:
    """Every date-time text of the report, the evidence for day-first or month-first."""
    found = [report.summary[name][1] for name in ("start_time", "end_time") if name in report.summary]
    indexes = [report.table.columns[name] for name in ("first_join", "last_leave", "timestamp")
               if name in report.table.columns]
    for _, cells in report.table.rows:
        found += [cells[i] for i in indexes if i < len(cells)]
    return found
