"""The iCalendar connector on real-format exports (Outlook/Exchange, Google Calendar, a platform feed) and a
local feed server."""

from __future__ import annotations

import hashlib
import shutil
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import select, text

from connectors.base import SourceError
from connectors.ical import IcalCalendar
from connectors.ical_mapping import canonical_join_url, join_link
from connectors.ical_text import relevant
from data.loading import run_sync
from data.schema import activities, activity_topics, enrolments, events, metadata, quarantine, sync_runs

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ical"
OUTLOOK, GOOGLE, FEED = "outlook_lex_sessions.ics", "google_lernzirkel.ics", "lex_feed.ics"
SERIES = ("040000008200E00074C5B7101A82E00800000000F0A1C2D3E4B5DA01000000000000000010000000"
          "A1B2C3D4E5F60718293A4B5C6D7E8F90")
MAY_1 = datetime(2026, 5, 1)
PEOPLE = ("anna.schmidt", "paul.wagner", "murat.yilmaz", "lena.fischer", "jonas.weber", "sophie.becker")
NAMES = ("Schmidt", "Wagner", "Yilmaz", "Fischer", "Weber", "Becker", "Lernraum")


def calendar(config: dict, pseudonymise, now: datetime = MAY_1, base: Path = FIXTURES) -> IcalCalendar:
    """The connector with its clock pinned: which sessions have begun depends on it."""

    class Pinned(IcalCalendar):
        def current_time(self) -> datetime:
            return now

    return Pinned("sessions", config, pseudonymise, base)


def counts(result) -> tuple[int, int, int, int, int]:
    c = result.counts
    return c.read, c.loaded, c.updated, c.duplicates, c.quarantined


def rows(engine, statement) -> list:
    with engine.connect() as conn:
        return list(conn.execute(statement))


# -- files -------------------------------------------------------------------------------------


def test_outlook_export_loads_every_occurrence_its_host_and_invitees(engine, pseudonymise):
    result = run_sync(engine, calendar({"path": OUTLOOK}, pseudonymise))
    # 7 occurrences of the weekly series x (session, host, 3 invitees; the room is no person) = 35,
    # the Bonn session with host and 3 invitees = 5, the June session not begun yet = 1,
    # the cancelled and the all-day event quarantined = 2.
    assert counts(result) == (43, 41, 0, 0, 2)
    series = rows(engine, select(activities.c.activity_id, activities.c.starts_at, activities.c.ends_at,
                                 activities.c.title).where(activities.c.parent_activity_id == SERIES)
                  .order_by(activities.c.starts_at))
    # 09:00 in Berlin stays 09:00 across the switch to summer time on 29 March: 08:00 UTC, then 07:00 UTC.
    assert [r.starts_at for r in series] == [
        datetime(2026, 3, 2, 8), datetime(2026, 3, 9, 8), datetime(2026, 3, 23, 8),  # 16 March: EXDATE
        datetime(2026, 3, 30, 7), datetime(2026, 4, 6, 7),
        datetime(2026, 4, 14, 12),  # the 13 April instance moved to Tuesday 14:00 (RECURRENCE-ID)
        datetime(2026, 4, 20, 7),
    ]
    moved = series[5]
    assert moved.activity_id == f"{SERIES}#2026-04-13T07:00:00Z"
    assert (moved.ends_at, moved.title) == \
        (datetime(2026, 4, 14, 13, 30), "Python am Montag (verschoben): Zeitreihen")
    assert series[0].title == "Python am Montag: Daten, Dateien und pandas"  # escaped comma
    first = rows(engine, select(activities).where(activities.c.activity_id == series[0].activity_id))[0]
    assert first.join_url == ("https://teams.microsoft.com/l/meetup-join/"
                              "19:meeting_ZGM4NjE1YjQtMzFkNi00YzM0LWIyOGEtOTM1NDdkNzQ4ZTBi@thread.v2/0")
    assert (first.online, first.location, first.planned_minutes, first.channel, first.activity_type) == \
        (True, None, 60.0, "peer", "session")
    bonn, = rows(engine, select(activities).where(activities.c.title == "Agile Retrospektiven, die wirken"))
    assert (bonn.online, bonn.location, bonn.join_url, bonn.parent_activity_id) == \
        (False, "Bonn, Raum 3.14", None, None)
    june, = rows(engine, select(activities).where(activities.c.title == "Excel Power Query"))
    # The link sat in an Outlook Safe Link; the session has not begun, so no host or invitee yet.
    assert june.join_url.endswith("19:meeting_NWRhZjE2ODEtYzQ5ZC00NzFmLTk0ODgtNmQ2OTE3YWY1YzIx@thread.v2/0")
    assert rows(engine, select(events).where(events.c.activity_id == june.activity_id)) == []
    verbs = rows(engine, text("SELECT verb, role, COUNT(*) FROM events GROUP BY verb, role ORDER BY verb"))
    assert [tuple(v) for v in verbs] == [("declined", "admin", 2), ("hosted", "contributor", 8),
                                         ("invited", "admin", 7), ("registered", "admin", 15)]
    anna = pseudonymise("email", "anna.schmidt@example.org")
    statuses = rows(engine, select(enrolments.c.status).where(enrolments.c.actor_id == anna)
                    .order_by(enrolments.c.activity_id))
    assert sorted(s.status for s in statuses) == ["accepted"] * 7 + ["declined"]
    host, = rows(engine, select(events).where(events.c.activity_id == moved.activity_id, events.c.verb == "hosted"))
    assert (host.actor_id, host.occurred_at) == \
        (pseudonymise("email", "jonas.weber@example.org"), datetime(2026, 4, 14, 12))
    assert len(rows(engine, select(activity_topics))) == 7 * 2 + 2 + 1
    reasons = sorted(r.reason for r in rows(engine, select(quarantine.c.reason)))
    assert reasons[0].startswith("cancelled (STATUS:CANCELLED)") and reasons[1].startswith("is an all-day event")


def test_unchanged_calendar_loads_nothing_and_sessions_that_begin_later_get_their_people(engine, pseudonymise):
    assert counts(run_sync(engine, calendar({"path": OUTLOOK}, pseudonymise))) == (43, 41, 0, 0, 2)
    assert counts(run_sync(engine, calendar({"path": OUTLOOK}, pseudonymise))) == (0, 0, 0, 0, 0)
    # Seven weeks later the June session has taken place: its host and invitee load, nothing else is read.
    later = run_sync(engine, calendar({"path": OUTLOOK}, pseudonymise, now=datetime(2026, 6, 20)))
    assert counts(later) == (3, 2, 0, 1, 0)
    assert counts(run_sync(engine, calendar({"path": OUTLOOK}, pseudonymise, now=datetime(2026, 6, 21)))) == \
        (0, 0, 0, 0, 0)


def test_changed_partstat_updates_the_invitation_in_place(engine, pseudonymise, tmp_path):
    shutil.copy(FIXTURES / OUTLOOK, tmp_path / OUTLOOK)
    assert counts(run_sync(engine, calendar({"path": OUTLOOK}, pseudonymise, base=tmp_path)))[1] == 41
    path = tmp_path / OUTLOOK
    data = path.read_bytes()
    declined = b'PARTSTAT=DECLINED;RSVP=TRUE;CN="Wagner, Paul"'
    assert data.count(declined) == 1
    path.write_bytes(data.replace(declined, b'PARTSTAT=ACCEPTED;RSVP=TRUE;CN="Wagner, Paul"'))
    result = run_sync(engine, calendar({"path": OUTLOOK}, pseudonymise, base=tmp_path))
    assert counts(result) == (43, 0, 1, 40, 2)
    paul = pseudonymise("email", "paul.wagner@example.org")
    event, = rows(engine, select(events.c.verb, events.c.source_record_id).where(events.c.actor_id == paul))
    assert event.verb == "registered"
    enrolment, = rows(engine, select(enrolments.c.status).where(enrolments.c.actor_id == paul))
    assert enrolment.status == "accepted"


def test_a_wider_window_reads_only_the_occurrences_it_adds(engine, pseudonymise):
    march = {"path": OUTLOOK, "expand_from": "2026-01-01", "expand_until": "2026-03-31"}
    # 4 March occurrences x 5 rows, and the all-day event (reported once per reading of the whole window).
    assert counts(run_sync(engine, calendar(march, pseudonymise))) == (21, 20, 0, 0, 1)
    april = {**march, "expand_until": "2026-04-30"}
    # 3 April occurrences x 5 rows, the Bonn session and its 4 people, the cancelled session.
    assert counts(run_sync(engine, calendar(april, pseudonymise))) == (21, 20, 0, 0, 1)
    assert counts(run_sync(engine, calendar(april, pseudonymise))) == (0, 0, 0, 0, 0)


def test_google_export_with_x_wr_timezone_meet_and_zoom_links(engine, pseudonymise):
    result = run_sync(engine, calendar({"path": GOOGLE}, pseudonymise, now=datetime(2026, 11, 21, 12)))
    # Two held instances (host, Paul, Lena: the organiser listed as attendee is the host, the room is
    # no person), the cancelled instance, the office hour with host and one invitee.
    assert counts(result) == (12, 11, 0, 0, 1)
    sessions = rows(engine, select(activities).order_by(activities.c.starts_at))
    assert [(s.starts_at, s.join_url) for s in sessions] == [
        (datetime(2026, 10, 8, 14), "https://meet.google.com/kfr-wxzq-pmt"),  # 16:00 CEST
        (datetime(2026, 11, 5, 15), "https://meet.google.com/kfr-wxzq-pmt"),  # 16:00 CET
        (datetime(2026, 11, 12, 14), "https://us02web.zoom.us/j/84512345678"),  # no passcode stored
    ]
    assert sessions[2].location is None and sessions[2].online is True
    sophie = pseudonymise("email", "sophie.becker@example.org")
    assert [e.verb for e in rows(engine, select(events.c.verb).where(events.c.actor_id == sophie))] == ["hosted"] * 2
    cancelled, = rows(engine, select(quarantine.c.location))
    assert cancelled.location == f"{GOOGLE}: UID 3r0kq9e1b5l7m2n4o6p8s0t1u3@google.com @ 2026-10-22T14:00:00Z"


def test_bad_events_are_quarantined_with_their_uid_and_the_good_ones_load(engine, pseudonymise):
    result = run_sync(engine, calendar({"path": "bad_events.ics"}, pseudonymise))
    # Loaded: the good session and its host, the newer of the duplicates and its host, the session
    # with odd people and its one usable invitee.
    assert counts(result) == (14, 6, 0, 0, 8)
    found = {(r.location, r.reason) for r in rows(engine, select(quarantine.c.location, quarantine.c.reason))}
    assert found == {
        ("bad_events.ics: UID no-start-1", "has no DTSTART"),
        ("bad_events.ics: UID end-before-start-1", "DTEND 2026-03-05 10:00 is before DTSTART 2026-03-05 11:00"),
        ("bad_events.ics: UID unknown-zone-1", "DTSTART names TZID 'Mars Standard Time', which is neither defined by "
                                               "a VTIMEZONE in the file nor a known IANA or Windows time zone"),
        ("bad_events.ics: UID bad-rule-1", "unreadable RRULE (Expected frequency, got: FORTNIGHTLY)"),
        ("bad_events.ics: UID duplicate-1", "appears twice; the one with SEQUENCE 1 is loaded"),
        ("bad_events.ics", "VEVENT #8 has no UID (RFC 5545 requires one), so it cannot be recognised again in the "
                           "next sync"),
        ("bad_events.ics: UID odd-people-1", "ORGANIZER has no mailto: e-mail address; the host cannot be named"),
        ("bad_events.ics: UID odd-people-1", "ATTENDEE PARTSTAT 'COMPLETED' is not one of ACCEPTED, TENTATIVE, "
                                             "DECLINED, NEEDS-ACTION, DELEGATED"),
    }
    title, = rows(engine, select(activities.c.title).where(activities.c.activity_id == "duplicate-1"))
    assert title.title == "Doppelt (neue Fassung)"


@pytest.mark.parametrize("name, problem", [
    ("truncated.ics", "the file ends at line 186 before END:VCALENDAR: it is truncated (an interrupted download"),
    ("not_a_calendar.ics", "not an iCalendar file (it starts with 'Betreff;Beginnt am;Beginnt um;Endet am;Endet "
                           "um;Besprechungs…'); an .ics file starts with BEGIN:VCALENDAR. "),
])
def test_a_file_that_is_no_whole_calendar_stops_the_source(sqlite_engine, pseudonymise, tmp_path, name, problem):
    engine = sqlite_engine
    shutil.copy(FIXTURES / OUTLOOK, tmp_path / "a_good_one.ics")
    shutil.copy(FIXTURES / name, tmp_path / name)
    with pytest.raises(SourceError) as raised:
        run_sync(engine, calendar({"path": "*.ics"}, pseudonymise, base=tmp_path))
    message = str(raised.value)
    assert message.startswith(f"source 'sessions' (ical): file {tmp_path / name}: {problem}")
    assert message.endswith("Export the calendar again (Outlook: File > Save Calendar; Google: Settings > "
                            "Import & export).")
    run, = rows(engine, select(sync_runs.c.status, sync_runs.c.records_read))
    assert tuple(run) == ("failed", 0)
    assert rows(engine, select(activities)) == []  # the good file's rows rolled back with the rest


def _items(connector) -> list:
    return [(type(i).__name__, i.location, getattr(i, "row", None) and i.row.values, getattr(i, "reason", None))
            for i in connector.read({})]


def test_files_parsed_ahead_in_a_worker_give_the_same_items(pseudonymise, tmp_path, monkeypatch):
    """Large exports are parsed a file ahead in a worker process (connectors/ical_ahead.py): same items, same
    order, and a broken file fails the same way."""
    import connectors.ical_ahead as ahead

    for name in (OUTLOOK, GOOGLE, FEED, "bad_events.ics"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    here = _items(calendar({"path": "*.ics"}, pseudonymise, base=tmp_path))
    monkeypatch.setattr(ahead, "AHEAD_MIN_BYTES", 0)
    pools = []

    class Recorded(ahead.ProcessPoolExecutor):
        def submit(self, fn, *args):
            pools.append(args)
            return super().submit(fn, *args)

    monkeypatch.setattr(ahead, "ProcessPoolExecutor", Recorded)
    in_worker = _items(calendar({"path": "*.ics"}, pseudonymise, base=tmp_path))
    assert in_worker == here and len(here) > 50
    assert len(pools) == 4  # every file went to the worker
    shutil.copy(FIXTURES / "truncated.ics", tmp_path / "c_truncated.ics")
    with pytest.raises(SourceError, match="c_truncated.ics: the file ends at line"):
        _items(calendar({"path": "*.ics"}, pseudonymise, base=tmp_path))


def test_an_empty_file_and_a_cp1252_export(tmp_path, pseudonymise):
    (tmp_path / "empty.ics").write_bytes(b"")
    with pytest.raises(SourceError, match="not an iCalendar file \\(an empty file\\)"):
        list(calendar({"path": "empty.ics"}, pseudonymise, base=tmp_path).read({}))
    latin = (FIXTURES / FEED).read_text(encoding="utf-8").encode("cp1252")
    (tmp_path / "latin.ics").write_bytes(latin)
    items = list(calendar({"path": "latin.ics"}, pseudonymise, base=tmp_path).read({}))
    assert items[0].row.values["title"] == "Prompting für Fortgeschrittene"


@pytest.mark.parametrize("config, problem", [
    ({"path": OUTLOOK, "url": "https://example.org/cal.ics"}, "settings: path and url given"),
    ({}, "settings: neither path nor url given"),
    ({"path": OUTLOOK, "channel": "informal"}, "channel: 'informal' is unknown. Use one of formal, peer, coaching"),
    ({"path": OUTLOOK, "timezone": "Mitteleuropa"}, "timezone: 'Mitteleuropa' is not an IANA time zone"),
    ({"path": OUTLOOK, "expand_from": "01.01.2026"}, "expand_from: '01.01.2026' is not a date. Write it as YYYY-MM-DD"),
    ({"path": OUTLOOK, "expand_from": "2026-06-01", "expand_until": "2026-01-01"},
     "expand_until: 2026-01-01 is before expand_from 2026-06-01"),
    ({"path": "missing/*.ics"}, "path 'missing/*.ics': no file found"),
    ({"url": "ftp://example.org/cal.ics"}, "url: 'ftp://example.org/cal.ics' is not an http(s) address"),
])
def test_setting_mistakes_are_named(pseudonymise, config, problem):
    with pytest.raises(SourceError) as raised:
        list(calendar(config, pseudonymise).read({}))
    assert str(raised.value).startswith(f"source 'sessions' (ical): {problem}")


def test_no_clear_text_identifier_reaches_the_warehouse(engine, pseudonymise, tmp_path):
    (tmp_path / "calendars").mkdir()
    for name in (OUTLOOK, GOOGLE, "bad_events.ics", FEED):
        shutil.copy(FIXTURES / name, tmp_path / "calendars" / name)
    (tmp_path / "calendars" / "LIESMICH.txt").write_text("Exporte aus Outlook, Kontakt: jonas.weber@example.org")
    run_sync(engine, calendar({"path": "calendars"}, pseudonymise, now=datetime(2026, 11, 21), base=tmp_path))
    stored = []
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            stored += [str(v) for row in conn.execute(select(table)) for v in row if v is not None]
    everything = "\n".join(stored)
    assert len(stored) > 500
    for secret in (*PEOPLE, *NAMES, "@example.org", "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0", "pwd=", "Oid"):
        assert secret.lower() not in everything.lower(), secret


# -- join links ----------------------------------------------------------------------------------


@pytest.mark.parametrize("raw, canonical", [
    ("https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0?context=%7b%22Tid%22%3a%22t%22%7d",
     "https://teams.microsoft.com/l/meetup-join/19:meeting_abc@thread.v2/0"),
    ("https://teams.microsoft.com/l/meetup-join/19%3Ameeting_abc%40thread.v2/0",
     "https://teams.microsoft.com/l/meetup-join/19:meeting_abc@thread.v2/0"),
    ("https://teams.live.com/meet/9392947982995?p=qcrvLRJ0ODK2a5uraK", "https://teams.live.com/meet/9392947982995"),
    ("https://US02WEB.zoom.us/j/84512345678?pwd=abc.1#success", "https://us02web.zoom.us/j/84512345678"),
])
def test_join_links_are_stored_without_passcodes_or_organiser_ids(raw, canonical):
    assert canonical_join_url(raw) == canonical


def test_join_link_search_order_and_what_is_no_join_link():
    from icalendar import Event

    event = Event()
    event.add("LOCATION", "Bonn, Raum 3.14")
    event.add("DESCRIPTION", "https://aka.ms/JoinTeamsMeeting | https://teams.microsoft.com/meetingOptions/?x=1")
    assert join_link(event) is None
    event.add("URL", "https://meet.google.com/abc-defg-hij")
    assert join_link(event) == "https://meet.google.com/abc-defg-hij"
    event.add("X-MICROSOFT-SKYPETEAMSMEETINGURL",
              "https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0")
    assert join_link(event) == "https://teams.microsoft.com/l/meetup-join/19:meeting_x@thread.v2/0"


def test_unread_properties_and_alarms_are_dropped_before_parsing_with_their_folded_lines():
    text = "\r\n".join([
        "BEGIN:VCALENDAR", "BEGIN:VTIMEZONE", "TZID:W. Europe Standard Time", "END:VTIMEZONE", "BEGIN:VEVENT",
        "UID:a", "X-MICROSOFT-LOCATIONS:[{\"DisplayName\":\"Microsoft Teams-", " Besprechung\"}]",
        "SUMMARY:Python", " am Montag", "BEGIN:VALARM", "DESCRIPTION:REMINDER", "END:VALARM",
        "DESCRIPTION:kept", "END:VEVENT", "END:VCALENDAR", ""])
    assert relevant(text).split("\r\n") == [
        "BEGIN:VCALENDAR", "BEGIN:VTIMEZONE", "TZID:W. Europe Standard Time", "END:VTIMEZONE", "BEGIN:VEVENT",
        "UID:a", "SUMMARY:Python", " am Montag", "DESCRIPTION:kept", "END:VEVENT", "END:VCALENDAR", ""]


def test_a_windows_zone_name_without_vtimezone_is_its_iana_zone(pseudonymise, tmp_path):
    (tmp_path / "paris.ics").write_text("\r\n".join([
        "BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:paris-1", "SUMMARY:Atelier",
        "DTSTART;TZID=Romance Standard Time:20260710T100000", "DTEND;TZID=Romance Standard Time:20260710T110000",
        "END:VEVENT", "END:VCALENDAR", ""]))
    session, = calendar({"path": "paris.ics"}, pseudonymise, base=tmp_path).read({})
    assert session.row.values["starts_at"] == datetime(2026, 7, 10, 8)  # 10:00 in Paris, summer time


# -- feeds over HTTP -----------------------------------------------------------------------------


class Feed:
    """What the local feed server answers; it keeps the headers of every request."""

    def __init__(self, body: bytes):
        self.body, self.status, self.delay, self.retry_after = body, 200, 0.0, None
        self.requests: list[dict] = []

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:20] + '"'


class FeedHandler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the http.server API
        feed: Feed = self.server.feed
        feed.requests.append({"path": self.path, **dict(self.headers)})
        time.sleep(feed.delay)
        status = feed.status
        if status == 429 and len(feed.requests) > 1:
            status = 200  # rate-limited once, then served
        if status == "html":
            self._send(200, b"<!DOCTYPE html><html><head><title>Anmelden</title></head><body>Bitte anmelden: "
                            b"max.muster@example.org</body></html>", "text/html; charset=utf-8")
        elif status != 200:
            self._send(status, b"<html><body>Fehler</body></html>", "text/html",
                       {"Retry-After": "1"} if status == 429 else {})
        elif self.headers.get("If-None-Match") == feed.etag:
            self._send(304, b"", None, {"ETag": feed.etag})
        else:
            self._send(200, feed.body, "text/calendar; charset=utf-8",
                       {"ETag": feed.etag, "Last-Modified": "Mon, 20 Apr 2026 06:00:00 GMT"})

    def _send(self, status: int, body: bytes, content_type: str | None, headers: dict | None = None):
        self.send_response(status)
        for name, value in ({"Content-Type": content_type} if content_type else {}).items() | (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def feed_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    server.daemon_threads = True
    server.feed = Feed((FIXTURES / FEED).read_bytes())
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", server.feed
    server.shutdown()
    server.server_close()


def test_feed_syncs_with_etag_and_answers_304_when_unchanged(engine, pseudonymise, feed_server):
    base, feed = feed_server
    config = {"url": f"{base}/sessions.ics"}
    # 4711 (floating time, DURATION) with host and 2 invitees; series 88 by RDATE: two held sessions
    # with host and invitee, and 12 May not begun yet.
    assert counts(run_sync(engine, calendar(config, pseudonymise))) == (11, 11, 0, 0, 0)
    single, = rows(engine, select(activities)
                   .where(activities.c.activity_id == "https://lex.example.org/sessions/4711"))
    assert (single.starts_at, single.ends_at, single.planned_minutes, single.location) == \
        (datetime(2026, 4, 28, 13), datetime(2026, 4, 28, 13, 45), 45.0, None)  # 15:00 floating = Berlin
    assert single.join_url == "https://us06web.zoom.us/j/81234567890"
    parents = {r.parent_activity_id for r in rows(engine, select(activities.c.parent_activity_id))}
    assert parents == {None, "https://lex.example.org/sessions/88"}
    assert "If-None-Match" not in feed.requests[0]

    assert counts(run_sync(engine, calendar(config, pseudonymise))) == (0, 0, 0, 0, 0)
    assert feed.requests[1]["If-None-Match"] == feed.etag
    assert feed.requests[1]["If-Modified-Since"] == "Mon, 20 Apr 2026 06:00:00 GMT"

    # 12 May has taken place: the body is needed again (no conditional request); only that session is read.
    assert counts(run_sync(engine, calendar(config, pseudonymise, now=datetime(2026, 5, 20)))) == (3, 2, 0, 1, 0)
    assert "If-None-Match" not in feed.requests[2]

    feed.body = feed.body.replace(b"PARTSTAT=ACCEPTED;CN=Lena", b"PARTSTAT=DECLINED;CN=Lena")
    assert counts(run_sync(engine, calendar(config, pseudonymise, now=datetime(2026, 5, 20)))) == (13, 0, 3, 10, 0)


@pytest.mark.parametrize("status, problem", [
    (404, "HTTP 404 Not Found. Check `url` in sources.toml: no calendar is published there"),
    (500, "HTTP 500 Internal Server Error. The server failed; sync again later"),
    (401, "HTTP 401 Unauthorized. Check the credentials"),
    ("html", "not an iCalendar file (it starts with '<!DOCTYPE html><html><head><title>Anmelden</title></head>"
             "<bo…'); an .ics file starts with BEGIN:VCALENDAR. Check that url points at the calendar's iCal address"),
    ("slow", "no answer within 0.3 s, after retries. Check that the server runs and `url` is right, or raise"),
])
def test_feed_faults_give_clear_messages_without_the_secret_address(sqlite_engine, pseudonymise, feed_server,
                                                                    monkeypatch, status, problem):
    engine = sqlite_engine
    base, feed = feed_server
    secret_address = f"{base}/calendar/ical/lex%40group.example.org/private-7f3a9c2e11d04b58/basic.ics"
    monkeypatch.setenv("LEX_FEED_URL", secret_address)
    feed.status, feed.delay = (200, 1.0) if status == "slow" else (status, 0.0)
    config = {"url_env": "LEX_FEED_URL", "retries": 1, "backoff": 0, "timeout": 0.3}
    with pytest.raises(SourceError) as raised:
        run_sync(engine, calendar(config, pseudonymise))
    message = str(raised.value)
    assert message.startswith(f"source 'sessions' (ical): {base}/…/basic.ics: ")
    assert problem in message
    assert "private-7f3a9c2e11d04b58" not in message and "@example.org" not in message
    assert len(feed.requests) == (2 if status in (500, "slow") else 1)  # 5xx and timeouts are retried
    assert tuple(rows(engine, select(sync_runs.c.status))[0]) == ("failed",)


def test_feed_honours_retry_after_on_429_and_sends_basic_auth(sqlite_engine, pseudonymise, feed_server, monkeypatch):
    engine = sqlite_engine
    base, feed = feed_server
    feed.status = 429
    monkeypatch.setenv("FEED_USER", "dirigent")
    monkeypatch.setenv("FEED_PASSWORD", "s3cret")
    config = {"url": f"{base}/sessions.ics", "username_env": "FEED_USER", "password_env": "FEED_PASSWORD",
              "retries": 2, "backoff": 0}
    started = time.monotonic()
    assert counts(run_sync(engine, calendar(config, pseudonymise)))[1] == 11
    assert time.monotonic() - started >= 1.0
    assert len(feed.requests) == 2
    assert feed.requests[1]["Authorization"] == "Basic ZGlyaWdlbnQ6czNjcmV0"
