"""iCalendar text to validated event series, expanded into occurrences with `recurring_ical_events`.

A series is every VEVENT sharing one UID: the master (RRULE, RDATE, EXDATE) and its overridden
instances (RECURRENCE-ID). A series with an unusable component is skipped whole, with the reason,
so one bad event never stops the others.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo

import icalendar
import recurring_ical_events
from icalendar import Calendar, Component

from connectors.ical_text import TIME_PROPERTIES

# Floating times are read in the organisation's zone; the library compares them as wall-clock
# times, so spans are widened by a day and occurrences filtered exactly afterwards.
SLACK = timedelta(days=1)


@dataclass(frozen=True)
class Occurrence:
    """One occurrence of a series: a single event, or one instance of a recurring one."""

    uid: str
    key: str | None  # None for a single event; else its RECURRENCE-ID (or start) in UTC, ISO 8601
    start: datetime  # naive UTC
    end: datetime  # naive UTC
    event: Component  # the VEVENT as it holds for this occurrence


@dataclass(frozen=True)
class Skipped:
    """A series (or one duplicate component) that is not loaded, and why."""

    uid: str
    reason: str


def utc_naive(value: datetime, floating: tzinfo) -> datetime:
    """A datetime as naive UTC; a floating (zone-less) time is read in `floating`."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=floating)
    return value.astimezone(timezone.utc).replace(tzinfo=None)


def iso_utc(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def problem(event: Component) -> str | None:
    """Why a VEVENT cannot be a session, or None."""
    broken = [f"{name} ({message})" for name, message in event.errors if name in TIME_PROPERTIES]
    if broken:
        return "unreadable " + "; ".join(broken)
    if "DTSTART" not in event:
        return "has no DTSTART"
    start = event["DTSTART"].dt
    if not isinstance(start, datetime):
        return "is an all-day event (DTSTART is a date): not a session with a start time, not loaded"
    for name in ("DTSTART", "DTEND", "RECURRENCE-ID"):
        prop = event.get(name)
        tzid = prop.params.get("TZID") if prop is not None else None
        if tzid and isinstance(prop.dt, datetime) and prop.dt.tzinfo is None:
            return (f"{name} names TZID '{tzid}', which is neither defined by a VTIMEZONE in the file nor a "
                    "known IANA or Windows time zone")
    if "DTEND" in event:
        end = event["DTEND"].dt
        if not isinstance(end, datetime):
            return "DTEND is a date while DTSTART is a date-time"
        if (end.tzinfo is None) == (start.tzinfo is None) and end < start:
            return f"DTEND {end:%Y-%m-%d %H:%M} is before DTSTART {start:%Y-%m-%d %H:%M}"
    elif "DURATION" in event and event["DURATION"].dt < timedelta(0):
        return f"DURATION {event['DURATION'].to_ical().decode()} is negative"
    return None


def _sequence(event: Component) -> int:
    try:
        return int(event.get("SEQUENCE", 0))
    except (TypeError, ValueError):
        return 0


class CalendarSeries:
    """The series of one parsed document, expandable span by span."""

    def __init__(self, calendars: list[Calendar], floating: tzinfo):
        self.floating = floating
        self.skipped: list[Skipped] = []  # series-level reasons, reported once per full read
        self.recurring: set[str] = set()
        self._queries = [self._query(calendar) for calendar in calendars]
        self._failed: set[str] = set()

    def _query(self, calendar: Calendar) -> recurring_ical_events.CalendarQuery:
        """A query over the calendar's valid series; invalid series and superseded duplicates are skipped."""
        groups: dict[str, dict[str, Component]] = {}  # UID -> RECURRENCE-ID ('' for the master) -> VEVENT
        bad: dict[str, str] = {}
        for position, event in enumerate(calendar.walk("VEVENT"), start=1):
            uid = str(event.get("UID", "")).strip()
            if not uid:
                self.skipped.append(Skipped("", f"VEVENT #{position} has no UID (RFC 5545 requires one), so it "
                                                "cannot be recognised again in the next sync"))
                continue
            reason = problem(event)
            instance = self._instance(event)
            if reason:
                bad.setdefault(uid, reason if instance is None else f"the instance {instance}: {reason}")
                continue
            kept = groups.setdefault(uid, {}).get(instance or "")
            if kept is not None:
                if _sequence(kept) > _sequence(event):  # on a tie the later one in the file wins
                    event = kept
                what = f" for instance {instance}" if instance else ""
                self.skipped.append(Skipped(uid, f"appears twice{what}; the one with SEQUENCE {_sequence(event)} "
                                                 "is loaded"))
            groups[uid][instance or ""] = event
        for uid, reason in bad.items():
            self.skipped.append(Skipped(uid, reason))
            groups.pop(uid, None)
        keep = {id(event) for group in groups.values() for event in group.values()}
        calendar.subcomponents = [c for c in calendar.subcomponents if c.name != "VEVENT" or id(c) in keep]
        for uid, group in groups.items():
            if len(group) > 1 or any(k in e for e in group.values() for k in ("RRULE", "RDATE", "RECURRENCE-ID")):
                self.recurring.add(uid)
        query = recurring_ical_events.of(calendar, skip_bad_series=True)
        for uid in sorted(set(groups) - {str(series.uid) for series in query.series}):
            self.skipped.append(Skipped(uid, self._series_error(groups[uid])))
        return query

    def _instance(self, event: Component) -> str | None:
        rid = event.get("RECURRENCE-ID")
        if rid is None:
            return None
        value = rid.dt if isinstance(rid.dt, datetime) else datetime.combine(rid.dt, datetime.min.time())
        return iso_utc(utc_naive(value, self.floating))

    @staticmethod
    def _series_error(group: dict) -> str:
        try:
            recurring_ical_events.Series([recurring_ical_events.EventAdapter(e) for e in group.values()])
        except Exception as exc:  # the library's own reason, whatever it is
            return f"the recurrence cannot be computed: {exc}"
        return "the recurrence cannot be computed"

    def occurrences(self, start: datetime, end: datetime) -> Iterator[Occurrence | Skipped]:
        """Occurrences starting in [start, end) (naive UTC), series by series; a failing series is skipped."""
        low = start.replace(tzinfo=timezone.utc) - SLACK
        high = end.replace(tzinfo=timezone.utc) + SLACK
        for query in self._queries:
            for series in query.series:
                uid = str(series.uid)
                if uid in self._failed:
                    continue
                try:
                    found = [self._occurrence(uid, o) for o in series.between(low, high)]
                except (recurring_ical_events.InvalidCalendar, icalendar.InvalidCalendar, ValueError,
                        TypeError, OverflowError) as exc:
                    self._failed.add(uid)
                    yield Skipped(uid, f"the recurrence cannot be computed: {exc}")
                    continue
                found.sort(key=lambda o: (o.start, o.key or ""))
                yield from (o for o in found if start <= o.start < end)

    def _occurrence(self, uid: str, occurrence: recurring_ical_events.Occurrence) -> Occurrence:
        event = occurrence.as_component(False)
        start = utc_naive(_as_datetime(event["DTSTART"].dt), self.floating)
        end = utc_naive(_as_datetime(event["DTEND"].dt), self.floating) if "DTEND" in event else start
        key = None
        if uid in self.recurring:
            rid = event.get("RECURRENCE-ID")
            # Instances moved by a RANGE=THISANDFUTURE override all carry its RECURRENCE-ID: use their start.
            moved = rid is None or "RANGE" in rid.params
            key = iso_utc(start if moved else utc_naive(_as_datetime(rid.dt), self.floating))
        return Occurrence(uid, key, start, max(end, start), event)


def _as_datetime(value: date | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime.combine(value, datetime.min.time())
