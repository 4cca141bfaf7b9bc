"""Session calendars as iCalendar: .ics files or an HTTP(S) feed; every occurrence in a window is a session.

Primary keys: activities (activity_id) per occurrence; events (source, source_record_id) with one
`hosted` event per occurrence and one event per occurrence and invitee; enrolments (source,
actor_id, activity_id). Host and invitee rows load once the occurrence has begun.
Cursor: per file its fingerprint (`FileCursor`), for a feed its ETag, Last-Modified and content
hash; plus the window and the moment covered, and per document when it next has something new
(the next occurrence to begin, the next to enter the window), so that unchanged calendars are
neither parsed nor downloaded again until then.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from connectors.base import Connector, FileCursor, Setting, redacted, resolve_files
from connectors.http import HttpClient, secret
from connectors.ical_ahead import ParsedAhead
from connectors.ical_feed import fetch, shown_url
from connectors.ical_mapping import OccurrenceMapper
from connectors.ical_series import CalendarSeries, Skipped, iso_utc, utc_naive
from connectors.ical_text import CalendarError, decode, parse
from data.loading import Item, Rejected, utcnow

CHANNELS = ("formal", "peer", "coaching", "circle")
CALENDAR_SUFFIXES = (".ics", ".ical", ".icalendar")
MONTHS_BACK, MONTHS_AHEAD = 24, 6
# How far past the window to look for the next occurrence that will enter it.
LOOKAHEAD = timedelta(days=92)
Span = tuple[datetime, datetime]


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text.rstrip("Z")) if text else None


class IcalCalendar(Connector):
    kind = "ical"
    settings = (
        Setting("path", "iCalendar files (.ics): a file, a folder or a glob; or use url"),
        Setting("url", "an HTTP(S) iCalendar feed; or use path"),
        Setting("url_env", "instead of url: the environment variable holding a secret feed address"),
        Setting("username_env", "the environment variable holding the feed's user name (Basic auth)"),
        Setting("password_env", "the environment variable holding the feed's password (Basic auth)"),
        Setting("token_env", "the environment variable holding a bearer token for the feed"),
        Setting("channel", "the channel of the sessions: formal, peer (default), coaching or circle"),
        Setting("activity_type", "the activity type of the sessions, default session"),
        Setting("timezone", "the zone of floating times (no TZID, no Z), default Europe/Berlin"),
        Setting("expand_from", "first day of the window (YYYY-MM-DD), default 24 months before today"),
        Setting("expand_until", "last day of the window (YYYY-MM-DD), default 6 months after today"),
        Setting("timeout", "seconds to wait for the feed, default 30", kind=(int, float)),
        Setting("retries", "retries on 429, 5xx and timeouts, default 3", kind=int),
        Setting("backoff", "backoff factor in seconds between retries, default 0.5", kind=(int, float)),
    )
    primary_key = ("activity_id", "source_record_id")
    cursor = "file fingerprints or the feed's ETag/Last-Modified and hash; window; moment covered; next due"

    def current_time(self) -> datetime:
        """Now, naive UTC: occurrences that began before it get their host and invitee rows."""
        return utcnow()

    def read(self, state: dict) -> Iterator[Item]:
        self.now = self.current_time()
        self._configure()
        mapping = hashlib.sha256(f"{self.channel}|{self.activity_type}|{self.zone.key}".encode()).hexdigest()[:16]
        self.prior = state if state.get("mapping") == mapping and "window" in state and "as_of" in state else None
        if self.config.get("path"):
            document_state = yield from self._read_files(state)
        else:
            document_state = yield from self._read_feed(state)
        self._next_state = {**document_state, "mapping": mapping, "as_of": self.now.isoformat(),
                            "window": [self.start.isoformat(), self.end.isoformat()]}

    # -- settings --------------------------------------------------------------------------------

    def _configure(self) -> None:
        given = [key for key in ("path", "url", "url_env") if self.config.get(key)]
        if len(given) != 1:
            raise self.fail("settings", f"{' and '.join(given) or 'neither path nor url'} given",
                            "Set exactly one of path (.ics files), url or url_env (a feed).")
        self.channel = self.config.get("channel", "peer")
        if self.channel not in CHANNELS:
            raise self.fail("channel", f"'{self.channel}' is unknown", f"Use one of {', '.join(CHANNELS)}.")
        self.activity_type = self.config.get("activity_type", "session")
        if not 0 < len(self.activity_type) <= 32:
            raise self.fail("activity_type", "must have 1 to 32 characters", "Set e.g. activity_type = \"session\".")
        try:
            self.zone = ZoneInfo(self.config.get("timezone", "Europe/Berlin"))
        except (ZoneInfoNotFoundError, ValueError):
            raise self.fail("timezone", f"'{self.config['timezone']}' is not an IANA time zone",
                            "Use a name like Europe/Berlin.") from None
        today = self.now.replace(tzinfo=ZoneInfo("UTC")).astimezone(self.zone).date()
        first = self._day("expand_from", add_months(today, -MONTHS_BACK))
        last = self._day("expand_until", add_months(today, MONTHS_AHEAD))
        if last < first:
            raise self.fail("expand_until", f"{last} is before expand_from {first}", "Swap or correct the dates.")
        self.start = self._local_midnight(first)
        self.end = self._local_midnight(last + timedelta(days=1))
        self.mapper = OccurrenceMapper(self.name, self.pseudonymise, self.activity_type, self.channel)

    def _day(self, key: str, default: date) -> date:
        value = self.config.get(key)
        if value is None or isinstance(value, date):
            return value or default
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise self.fail(key, f"'{value}' is not a date", "Write it as YYYY-MM-DD, e.g. 2025-01-01.") from None

    def _local_midnight(self, day: date) -> datetime:
        return utc_naive(datetime.combine(day, datetime.min.time()), self.zone)

    # -- what to read ----------------------------------------------------------------------------

    def _plan(self, changed: bool, due: dict | None) -> list[Span] | None:
        """The spans of start times to read from a document: all of the window when it changed,
        else only what is new since the last sync (None: nothing is)."""
        if changed or self.prior is None or due is None:
            return [(self.start, self.end)]
        old_start, old_end = (_moment(t) for t in self.prior["window"])
        as_of = _moment(self.prior["as_of"])
        next_start, next_entry = _moment(due.get("people")), _moment(due.get("window"))
        extended = self.start < old_start
        if not (extended or (next_start and next_start < self.now) or (next_entry and next_entry < self.end)):
            return None
        spans = [(self.start, min(old_start, self.end)), (max(old_end, self.start), self.end),
                 (max(as_of, self.start), min(self.now, self.end))]
        return [(a, b) for a, b in spans if a < b] or None

    def _document(self, name: str, calendars: Callable[[], list], spans: list[Span], where: str,
                  todo: str) -> Iterator[Item]:
        """The items of one document (`calendars()` parses it) in `spans`; returns when it next has something new."""
        full = spans == [(self.start, self.end)]
        try:
            series = CalendarSeries(calendars(), self.zone)
        except CalendarError as exc:
            raise self.fail(where, str(exc), todo) from None
        if full:
            for skipped in series.skipped:
                yield self._skipped(name, skipped)
        next_start = next_entry = None
        low = min([a for a, _ in spans] + [self.now])
        for found in series.occurrences(low, self.end + LOOKAHEAD):
            if isinstance(found, Skipped):
                if full:
                    yield self._skipped(name, found)
                continue
            if found.start >= self.end:
                next_entry = min(next_entry or found.start, found.start)
                continue
            if found.start >= self.now:
                next_start = min(next_start or found.start, found.start)
            if any(a <= found.start < b for a, b in spans):
                location = f"{name}: UID {found.uid}" + (f" @ {found.key}" if found.key else "")
                yield from self.mapper.items(found, location, people=found.start < self.now)
        return {"people": iso_utc(next_start) if next_start else None,
                "window": iso_utc(next_entry or self.end + LOOKAHEAD)}

    @staticmethod
    def _skipped(name: str, skipped: Skipped) -> Rejected:
        return Rejected(f"{name}: UID {skipped.uid}" if skipped.uid else name, skipped.reason,
                        redacted({"uid": skipped.uid or None}))

    # -- files and feeds ---------------------------------------------------------------------------

    def _read_files(self, state: dict) -> Iterator[Item]:
        files = resolve_files(self.config["path"], self.base_dir)
        if (self.base_dir / self.config["path"]).is_dir():  # a folder of exports: its calendars only
            files = [f for f in files if f.suffix.lower() in CALENDAR_SUFFIXES]
        if not files:
            raise self.fail(f"path '{self.config['path']}'", "no file found",
                            "Check the path in sources.toml (relative paths start at the folder of sources.toml).")
        cursor = FileCursor(state)
        changed = dict(cursor.changed(files))
        prior_due, due, reading = state.get("due", {}), {}, []
        for path in files:
            spans = self._plan(path in changed, prior_due.get(str(path)))
            if spans is None:
                due[str(path)] = prior_due[str(path)]
            else:
                reading.append((path, spans))
        ahead = ParsedAhead([path for path, _ in reading])
        try:
            for index, (path, spans) in enumerate(reading):
                due[str(path)] = yield from self._document(
                    path.name, lambda index=index: ahead.calendars(index), spans, f"file {path}",
                    "Export the calendar again (Outlook: File > Save Calendar; Google: Settings > Import & export).")
                if path in changed:
                    cursor.mark(path, changed[path])
        finally:
            ahead.close()
        return {**cursor.state(), "due": due}

    def _read_feed(self, state: dict) -> Iterator[Item]:
        url = self.config.get("url") or secret(self.config, "url_env", self.name)
        if not url.startswith(("http://", "https://")):
            raise self.fail("url", f"'{shown_url(url)}' is not an http(s) address", "Set url to the feed's address.")
        address = hashlib.sha256(url.encode()).hexdigest()[:16]
        prior = state.get("feed", {}) if state.get("feed", {}).get("address") == address else {}
        spans = self._plan(False, prior or None)
        answer = fetch(self._client(), url, prior if spans is None else None, self.fail)
        if answer.body is None:  # 304: unchanged, and nothing in it is due
            return {"feed": prior}
        digest = hashlib.sha256(answer.body).hexdigest()
        if digest != prior.get("sha256"):
            spans = [(self.start, self.end)]
        due = {k: prior.get(k) for k in ("people", "window")}
        if spans is not None:
            due = yield from self._document(shown_url(url), lambda: parse(decode(answer.body)), spans, shown_url(url),
                                            "Check that url points at the calendar's iCal address (.ics), "
                                            "not a web page or a login page.")
        return {"feed": {"address": address, "etag": answer.etag, "last_modified": answer.last_modified,
                         "sha256": digest, **due}}

    def _client(self) -> HttpClient:
        user, password = secret(self.config, "username_env", self.name), secret(self.config, "password_env", self.name)
        token = secret(self.config, "token_env", self.name)
        return HttpClient(self.name, timeout=float(self.config.get("timeout", 30)),
                          retries=int(self.config.get("retries", 3)), backoff=float(self.config.get("backoff", 0.5)),
                          headers={"Authorization": f"Bearer {token}"} if token else None,
                          auth=(user, password or "") if user else None)
