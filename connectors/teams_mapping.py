"""A parsed Teams attendance report as canonical rows: one session activity, one event per participant."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta

from connectors.base import redacted
from connectors.join_links import canonical_join_url
from connectors.teams_report import JOIN_LEAVE_LIST, Report, ReportError, Table
from connectors.teams_values import LocalTimes, ValueProblem, parse_duration, role_of
from data.loading import Item, Record, Rejected, Row
from data.schema import activities, events

JOINED = {"joined", "joined before", "beigetreten", "zuvor beigetreten", "vorher beigetreten"}
LEFT = {"left", "verlassen", "hat verlassen"}
IDENTIFYING = ("name", "email", "upn")


@dataclass(frozen=True)
class Meeting:
    key: str  # stable per meeting: title and local start time
    start_utc: datetime
    activity: Row


@dataclass(frozen=True)
class MappingOptions:
    times: LocalTimes
    channel: str
    presenter_role: str
    identity: str
    join_links: dict[str, str]


class ReportMapper:
    """Maps one report; every participant row becomes exactly one Record or Rejected."""

    def __init__(self, source: str, options: MappingOptions, pseudonymise: Callable[[str, str], str], now: datetime):
        self.source, self.options, self.pseudonymise, self.now = source, options, pseudonymise, now
        self.times = options.times

    def items(self, file_name: str, report: Report) -> Iterator[Item]:
        if report.layout == JOIN_LEAVE_LIST:
            yield from self._join_leave_list(file_name, report)
        else:
            yield from self._participants(file_name, report)

    # -- reports with one row per participant ---------------------------------------------------

    def _participants(self, file_name: str, report: Report) -> Iterator[Item]:
        table = report.table
        complete = {"start_time", "end_time"} <= report.summary.keys()
        meeting = self._meeting(report, None if complete else min(self._moments(table, "first_join"), default=None),
                                None if complete else max(self._moments(table, "last_leave"), default=None))
        related, seen = (meeting.activity,), {}
        for line, cells in table.rows:
            location, values, actor = f"{file_name}:{line}", {}, None
            try:
                values = _values(table, cells)
                actor, record_key = self._identity(table, values)
                if record_key in seen:
                    raise ValueProblem(f"participant listed twice (first at line {seen[record_key]}); "
                                       "only the first row is loaded")
                seen[record_key] = line
                row = self._event(table, values, meeting, actor, record_key)
            except ValueProblem as exc:
                yield Rejected(location, str(exc), self._redacted(file_name, line, values, actor))
                continue
            yield Record(location, row, related)
            related = ()

    def _event(self, table: Table, values: dict, meeting: Meeting, actor: str, record_key: str) -> Row:
        label = table.label
        role = role_of(values["role"]) if values.get("role") else "attendee"
        if role is None:
            raise ValueProblem(f"{label('role')} '{values['role']}' is not a Teams role (Organizer, Co-organizer, "
                               "Presenter, Attendee; Organisator, Mitorganisator, Referent, Teilnehmer)")
        joined = self.times.utc(values["first_join"], label("first_join")) if values.get("first_join") \
            else meeting.start_utc
        self._not_in_future(joined)
        if values.get("last_leave"):
            left = self.times.utc(values["last_leave"], label("last_leave"))
            if left < joined:
                since = f"{label('first_join')} '{values['first_join']}'" if values.get("first_join") \
                    else "the meeting's start"
                raise ValueProblem(f"{label('last_leave')} '{values['last_leave']}' is before {since}")
        duration = parse_duration(values["duration"], label("duration")) if values.get("duration") else None
        return self._row(meeting, actor, record_key, role, joined, duration)

    def _identity(self, table: Table, values: dict) -> tuple[str, str]:
        """The actor's pseudonym (e-mail or UPN, per `identity`) and the pseudonym keying the record (UPN first)."""
        preferred = ("email", "upn") if self.options.identity == "email" else ("upn", "email")
        for name in ("email", "upn"):
            if values.get(name) and "@" not in values[name]:
                raise ValueProblem(f"{table.label(name)} has no '@'")
        address = next((values[name] for name in preferred if values.get(name)), None)
        if address:
            key_address = values.get("upn") or address
            return self.pseudonymise("email", address), self.pseudonymise("email", key_address)
        if values.get("name"):
            return (pseudonym := self._display_name(values["name"])), pseudonym
        raise ValueProblem("participant has neither e-mail, UPN nor name")

    def _display_name(self, name: str) -> str:
        # Anonymous and dial-in guests, and the 2020 list, name people only by display name: its pseudonym
        # keeps them apart within a meeting and never matches an HR identity.
        return self.pseudonymise("account", "teams-display-name:" + " ".join(name.split()))

    # -- the 2020 join/leave list ---------------------------------------------------------------

    def _join_leave_list(self, file_name: str, report: Report) -> Iterator[Item]:
        table, rejected, people, moments = report.table, [], {}, []
        if "timestamp" not in table.columns:
            raise ReportError(table.header_line, "the join/leave list has no Timestamp column; map it in "
                                                 "[source.columns] as timestamp")
        for line, cells in table.rows:
            values, actor = {}, None
            try:
                values = _values(table, cells)
                if not values.get("name"):
                    raise ValueProblem("participant has no name")
                actor = self._display_name(values["name"])
                action = " ".join(values.get("action", "").casefold().split())
                if action not in JOINED | LEFT:
                    raise ValueProblem(f"{table.label('action')} '{values.get('action', '')}' is "
                                       "neither Joined, Joined before nor Left")
                moment = self.times.local(values.get("timestamp", ""), table.label("timestamp"))
            except ValueProblem as exc:
                rejected.append(Rejected(f"{file_name}:{line}", str(exc),
                                         self._redacted(file_name, line, values, actor)))
                continue
            moments.append(moment)
            people.setdefault(actor, {"line": line, "spans": []})["spans"].append((action in JOINED, moment))
        yield from rejected
        if not people:
            return
        start, end = min(moments), max(moments)
        meeting = self._meeting(report, start, end)
        related = (meeting.activity,)
        for actor, person in people.items():
            location = f"{file_name}:{person['line']}"
            joined = self.times.to_utc(min(m for _, m in person["spans"]))
            try:
                row = self._row(meeting, actor, actor, "attendee", joined, _attended_seconds(person["spans"], end))
            except ValueProblem as exc:
                yield Rejected(location, str(exc), self._redacted(file_name, person["line"], {}, actor))
                continue
            yield Record(location, row, related)
            related = ()

    # -- shared ---------------------------------------------------------------------------------

    def _meeting(self, report: Report, first_join: datetime | None, last_leave: datetime | None) -> Meeting:
        """The session from the summary; without one, from the earliest join and the latest leave."""
        summary = report.summary

        def read(name: str, parse):
            line, value = summary[name]
            try:
                return parse(value)
            except ValueProblem as exc:
                raise ReportError(line, f"summary: {exc}") from None

        title = summary["title"][1] if "title" in summary and summary["title"][1] else None
        start = read("start_time", lambda v: self.times.local(v, "Start time")) if "start_time" in summary \
            else first_join
        if start is None:
            raise ReportError(1, "the report has no start time: neither a summary 'Start time' nor any "
                                 "participant's first join")
        end = read("end_time", lambda v: self.times.local(v, "End time")) if "end_time" in summary else last_leave
        if end is not None and end < start:
            raise ReportError(summary.get("end_time", (1, ""))[0], f"summary: end {end} is before start {start}")
        seconds = read("meeting_duration", lambda v: parse_duration(v, "Meeting duration")) \
            if "meeting_duration" in summary else None
        if seconds is None and end is not None:
            seconds = (end - start).total_seconds()
        key = hashlib.sha256(f"{' '.join((title or '').casefold().split())}\x1f{start:%Y-%m-%dT%H:%M:%S}"
                             .encode("utf-8")).hexdigest()[:20]
        link = summary.get("join_url", (0, ""))[1] or self.options.join_links.get(title or "")
        join_url = canonical_join_url(link) if link else None
        activity = Row(activities, {
            "activity_id": join_url or f"urn:dirigent:teams-meeting:{key}", "activity_type": "session",
            "channel": self.options.channel, "title": title[:500] if title else None,
            "planned_minutes": seconds / 60 if seconds is not None else None,
            "starts_at": self.times.to_utc(start), "ends_at": self.times.to_utc(end) if end else None,
            "join_url": join_url, "online": True, "source": self.source,
        })
        return Meeting(key, self.times.to_utc(start), activity)

    def _row(self, meeting: Meeting, actor: str, record_key: str, role: str, joined: datetime,
             duration: float | None) -> Row:
        self._not_in_future(joined)
        verb, event_role = {
            "organizer": ("hosted", "contributor"),
            "co-organizer": ("co-hosted", "contributor"),
            "presenter": ("co-hosted", "contributor") if self.options.presenter_role == "contributor"
            else ("attended", "learner"),
            "attendee": ("attended", "learner"),
        }[role]
        return Row(events, {
            "source": self.source, "source_record_id": f"teams:{meeting.key}:{record_key}", "actor_id": actor,
            "activity_id": meeting.activity.values["activity_id"], "verb": verb, "role": event_role,
            "occurred_at": joined, "duration_seconds": duration, "success": None, "completion": None,
            "score": None, "counterpart_id": None,
        })

    def _not_in_future(self, joined: datetime) -> None:
        if joined > self.now:
            raise ValueProblem(f"first join {joined:%Y-%m-%d %H:%M} UTC lies in the future")

    def _moments(self, table: Table, name: str) -> list[datetime]:
        """Every readable local time of a column; unreadable ones are reported with their row."""
        index, found = table.columns.get(name), []
        for _, cells in table.rows if index is not None else ():
            try:
                found.append(self.times.local(cells[index], name))
            except (ValueProblem, IndexError):
                pass
        return found

    def _redacted(self, file_name: str, line: int, values: dict, actor: str | None) -> str:
        safe = {k: v for k, v in values.items() if k not in IDENTIFYING}
        return redacted({"file": file_name, "line": line, "actor_pseudonym": actor, **safe})


def _values(table: Table, cells: list[str]) -> dict[str, str]:
    """The row's cells by canonical field; a row of another length than the header is unusable."""
    width = len(table.header)
    if len(cells) < width or any(cells[width:]):
        raise ValueProblem(f"{len(cells)} cells where the header (line {table.header_line}) has {width}"
                           + (": the line looks cut off" if len(cells) < width else ""))
    return {name: cells[index] for name, index in table.columns.items()}


def _attended_seconds(spans: list[tuple[bool, datetime]], end: datetime) -> float:
    """Seconds between each join and the next leave; a join never left counts until the list's last entry."""
    total, opened = timedelta(), None
    for joined, moment in sorted(spans, key=lambda span: span[1]):
        if joined and opened is None:
            opened = moment
        elif not joined and opened is not None:
            total += moment - opened
            opened = None
    if opened is not None:
        total += end - opened
    return total.total_seconds()
