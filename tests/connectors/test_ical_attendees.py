"""ATTENDEE parameters Dirigent never reads are dropped before parsing, and nothing read changes."""

from __future__ import annotations

import pytest

from connectors import ical_text
from connectors.ical_text import relevant
from tests.connectors.test_ical import FIXTURES, calendar


def test_only_cutype_and_partstat_stay_and_the_line_is_unfolded():
    text = "\r\n".join([
        "BEGIN:VCALENDAR", "BEGIN:VEVENT", "UID:a",
        'ATTENDEE;ROLE=REQ-PARTICIPANT;CN="Doe; John: the', ' Second";partstat=DECLINED;RSVP=TRUE;CUTYPE=ROOM,',
        ' GROUP:mailto:john@example.com',
        "ATTENDEE;CN=odd;X=\"unclosed:mailto:x@example.com",
        "END:VEVENT", "END:VCALENDAR", ""])
    assert relevant(text).split("\r\n") == [
        "BEGIN:VCALENDAR", "BEGIN:VEVENT", "UID:a",
        "ATTENDEE;partstat=DECLINED;CUTYPE=ROOM,GROUP:mailto:john@example.com",
        "ATTENDEE;CN=odd;X=\"unclosed:mailto:x@example.com",
        "END:VEVENT", "END:VCALENDAR", ""]


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.glob("*.ics")
                                        if p.name not in ("not_a_calendar.ics", "truncated.ics")))
def test_the_items_are_those_of_the_full_attendee_lines(name, pseudonymise, monkeypatch):
    items = list(calendar({"path": name}, pseudonymise).read({}))
    monkeypatch.setattr(ical_text, "_attendee", lambda lines: lines)
    assert items == list(calendar({"path": name}, pseudonymise).read({}))
    assert items
