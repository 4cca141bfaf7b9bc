"""Values in Teams attendance reports: durations, local date-times in the organiser's locale, roles."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

DATE_ORDERS = ("auto", "day-first", "month-first")

# "1h 27m 51s", "19m 26s", "45s", "1h 7s"; German UIs write "1 Std. 27 Min. 51 Sek.".
_DURATION_PART = re.compile(
    r"(\d+)\s*(h|hrs?|hours?|std\.?|stunden?|m|mins?\.?|minutes?|minuten?|s|secs?\.?|seconds?|sek\.?|sekunden?)"
    r"(?![a-z])",
    re.IGNORECASE,
)
_CLOCK_DURATION = re.compile(r"^(?:(\d+):)?([0-5]?\d):([0-5]\d)$")

_TIME = r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([ap])\.?\s*m\.?)?"
_SLASH = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4}|\d{2}),?\s+" + _TIME + "$", re.IGNORECASE)
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2}),?\s+" + _TIME + "$", re.IGNORECASE)
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ T]" + _TIME + "$", re.IGNORECASE)

ROLES = {
    "organizer": "organizer", "organiser": "organizer", "organisator": "organizer", "organisatorin": "organizer",
    "co-organizer": "co-organizer", "co-organiser": "co-organizer", "coorganizer": "co-organizer",
    "mitorganisator": "co-organizer", "mitorganisatorin": "co-organizer",
    "presenter": "presenter", "referent": "presenter", "referentin": "presenter",
    "attendee": "attendee", "teilnehmer": "attendee", "teilnehmerin": "attendee", "teilnehmende": "attendee",
}


class ValueProblem(ValueError):
    """One value of a report cannot be read; the message quotes it and says what was expected."""


def parse_duration(text: str, field: str) -> float | None:
    """Seconds from "1h 27m 51s", "19m 26s", "45s", "1 Std. 2 Min." or "1:27:51"; empty gives None."""
    value = _spaces(text)
    if not value:
        return None
    if value.startswith("-"):
        raise ValueProblem(f"{field} '{text}' is negative")
    clock = _CLOCK_DURATION.match(value)
    if clock:
        hours, minutes, seconds = (int(part or 0) for part in clock.groups())
        return float(hours * 3600 + minutes * 60 + seconds)
    seconds, position, seen = 0, 0, set()
    for match in _DURATION_PART.finditer(value):
        unit = match.group(2).lower()
        scale = 3600 if unit[0] == "h" or unit.startswith("st") else 60 if unit[0] == "m" else 1
        if value[position:match.start()].strip() or scale in seen:
            raise ValueProblem(f"{field} '{text}' is not a duration (expected e.g. 1h 27m 51s)")
        seen.add(scale)
        seconds += int(match.group(1)) * scale
        position = match.end()
    if not seen or value[position:].strip():
        raise ValueProblem(f"{field} '{text}' is not a duration (expected e.g. 1h 27m 51s)")
    return float(seconds)


def role_of(text: str) -> str | None:
    """The canonical role (organizer, co-organizer, presenter, attendee), or None when unknown."""
    return ROLES.get(_spaces(text).casefold().replace(" ", "-"))


class LocalTimes:
    """Reads a report's date-times in the organiser's locale and zone, giving naive UTC."""

    def __init__(self, order: str, zone: ZoneInfo, evidence: str):
        self.order, self.zone, self.evidence = order, zone, evidence

    @classmethod
    def for_report(cls, values: Iterable[str], setting: str, zone: ZoneInfo) -> LocalTimes:
        """Day-first or month-first from the report's own dates, unless the `date_order` setting forces one."""
        if setting != "auto":
            return cls(setting, zone, f"date_order = '{setting}' in sources.toml")
        day_first, month_first, twelve_hour = [], [], None
        for value in values:
            match = _SLASH.match(_spaces(value))
            if not match:
                continue
            first, second = int(match.group(1)), int(match.group(2))
            if first > 12 >= second:
                day_first.append(value)
            elif second > 12 >= first:
                month_first.append(value)
            if match.group(7) and twelve_hour is None:
                twelve_hour = value
        # A stray row written the other way round is outvoted and fails on its own; a tie is the file's problem.
        if day_first and len(day_first) == len(month_first):
            raise ValueProblem(f"dates contradict each other: '{day_first[0]}' can only be day-first and "
                               f"'{month_first[0]}' only month-first; set date_order in sources.toml")
        if len(day_first) > len(month_first):
            return cls("day-first", zone, f"'{day_first[0]}' has a day above 12")
        if month_first:
            return cls("month-first", zone, f"'{month_first[0]}' has a day above 12 in second place")
        if twelve_hour:
            return cls("month-first", zone, f"no day above 12; '{twelve_hour}' uses AM/PM as en-US does")
        return cls("day-first", zone, "no day above 12 and a 24-hour clock, as en-GB writes")

    def local(self, text: str, field: str) -> datetime:
        """The wall-clock time the report shows (the organiser's zone), without a zone."""
        value = _spaces(text)
        if match := _SLASH.match(value):
            first, second, year = int(match.group(1)), int(match.group(2)), match.group(3)
            day, month = (first, second) if self.order == "day-first" else (second, first)
            clock = match.groups()[3:]
        elif match := _DOTTED.match(value):
            day, month, year = int(match.group(1)), int(match.group(2)), match.group(3)
            clock = match.groups()[3:]
        elif match := _ISO.match(value):
            year, month, day = match.group(1), int(match.group(2)), int(match.group(3))
            clock = match.groups()[3:]
        else:
            raise ValueProblem(f"{field} '{text}' is not a date and time (expected e.g. 14/11/22, 09:30:46, "
                               "7/22/26, 7:02:11 PM or 14.11.2022, 09:30:46)")
        hour = _hour(int(clock[0]), clock[3], text, field)
        try:
            return datetime(int(year) + (2000 if len(year) == 2 else 0), month, day,
                            hour, int(clock[1]), int(clock[2] or 0))
        except ValueError as exc:
            hint = f" (read {self.order}: {self.evidence})" if _SLASH.match(value) else ""
            raise ValueProblem(f"{field} '{text}' is not a valid date and time: {exc}{hint}") from None

    def utc(self, text: str, field: str) -> datetime:
        return self.to_utc(self.local(text, field))

    def to_utc(self, local: datetime) -> datetime:
        return local.replace(tzinfo=self.zone).astimezone(timezone.utc).replace(tzinfo=None)


def _hour(hour: int, meridiem: str | None, text: str, field: str) -> int:
    if not meridiem:
        return hour
    if not 1 <= hour <= 12:
        raise ValueProblem(f"{field} '{text}' has hour {hour} with AM/PM")
    return hour % 12 + (12 if meridiem.lower() == "p" else 0)


def _spaces(text: str) -> str:
    # Newer exports put a narrow no-break space before AM/PM.
    return " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())
