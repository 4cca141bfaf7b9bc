"""The export layout of learning companionship (Lernbegleitung) and learning circles: files, columns, field formats."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from connectors.csv_files import FieldError, parse_decimal


@dataclass(frozen=True)
class FileLayout:
    """One export file: where it is configured, its default name in a folder, its columns."""

    stream: str
    what: str
    path_setting: str
    columns_setting: str
    default_pattern: str
    columns: dict[str, str]
    required: tuple[str, ...]
    any_of: tuple[tuple[str, ...], ...] = ()


CONVERSATIONS = FileLayout(
    "conversations", "learning conversations", "conversations_path", "conversation_columns", "lerngespraeche*.csv",
    {
        "conversation_id": "Gesprächs-ID",
        "companion_employee_no": "Lernbegleiter:in Personalnummer",
        "companion_email": "Lernbegleiter:in E-Mail",
        "learner_employee_no": "Lernende:r Personalnummer",
        "learner_email": "Lernende:r E-Mail",
        "date": "Datum",
        "start_time": "Beginn",
        "duration": "Dauer",
        "topic": "Thema",
        "skills": "Kompetenzen",
        "stage": "Phase",
    },
    required=("conversation_id", "date", "duration", "topic"),
    any_of=(("companion_employee_no", "companion_email"), ("learner_employee_no", "learner_email")),
)

CIRCLES = FileLayout(
    "circles", "learning circles", "circles_path", "circle_columns", "lernkreise*.csv",
    {
        "circle_id": "Lernkreis-ID",
        "name": "Bezeichnung",
        "topic": "Thema",
        "facilitator_employee_no": "Moderator:in Personalnummer",
        "facilitator_email": "Moderator:in E-Mail",
        "start_date": "Startdatum",
        "planned_meetings": "Geplante Treffen",
        "skills": "Kompetenzen",
    },
    required=("circle_id", "name", "start_date", "planned_meetings"),
)

MEMBERS = FileLayout(
    "members", "learning-circle members", "members_path", "member_columns", "lernkreis_mitglieder*.csv",
    {
        "circle_id": "Lernkreis-ID",
        "employee_no": "Personalnummer",
        "email": "E-Mail",
        "joined": "Beigetreten am",
        "left": "Ausgetreten am",
    },
    required=("circle_id",),
    any_of=(("employee_no", "email"),),
)

MEETINGS = FileLayout(
    "meetings", "learning-circle meetings", "meetings_path", "meeting_columns", "lernkreis_treffen*.csv",
    {
        "circle_id": "Lernkreis-ID",
        "meeting_no": "Treffen-Nr.",
        "date": "Datum",
        "start_time": "Beginn",
        "duration": "Dauer",
        "attendees": "Teilnehmende",
    },
    required=("circle_id", "meeting_no", "date", "duration"),
)

LAYOUTS = (CONVERSATIONS, CIRCLES, MEMBERS, MEETINGS)

# The three steps of a learning conversation in "Individuelle Lernbegleitung"; English spellings accepted.
STAGES = {
    "ziel klären": "clarify_goal", "ziel klaeren": "clarify_goal", "lernziel klären": "clarify_goal",
    "clarify goal": "clarify_goal", "clarify the learning goal": "clarify_goal", "1": "clarify_goal",
    "erfahrung auswerten": "evaluate_experience", "erfahrungen auswerten": "evaluate_experience",
    "evaluate experience": "evaluate_experience", "2": "evaluate_experience",
    "nächste schritte planen": "plan_next_steps", "naechste schritte planen": "plan_next_steps",
    "plan next steps": "plan_next_steps", "3": "plan_next_steps",
}

MAX_MINUTES = 24 * 60
MAX_ID_LENGTH = 80
_CLOCK = re.compile(r"^(\d{1,3}):([0-5]\d)(?::([0-5]\d))?$")
_LIST_SEPARATORS = re.compile(r"[,;|\n]")
_EMPLOYEE_NO = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_./-]*$")


def parse_minutes(value: str, field: str) -> float | None:
    """A duration in minutes from `45`, `45,5`, `45 min`, `1:30` (h:mm) or `1:30:00` (h:mm:ss); empty is None."""
    text = value.strip().lower().removesuffix("min").strip()
    if not text:
        return None
    clock = _CLOCK.match(text)
    if clock:
        minutes = int(clock[1]) * 60 + int(clock[2]) + int(clock[3] or 0) / 60
    else:
        try:
            minutes = parse_decimal(text, field)
        except FieldError:
            raise FieldError(f"{field} '{value}' is not a duration "
                             "(expected minutes such as 45 or h:mm such as 1:30)") from None
    if minutes < 0:
        raise FieldError(f"{field} '{value}' is negative")
    if minutes == 0:
        raise FieldError(f"{field} '{value}' is zero; leave it empty when the length is unknown")
    if minutes > MAX_MINUTES:
        raise FieldError(f"{field} '{value}' is longer than a day")
    return minutes


def parse_time(value: str, field: str) -> time | None:
    """A clock time `9:30`, `09:30` or `09:30:00`; empty is None."""
    text = value.strip()
    if not text:
        return None
    clock = _CLOCK.match(text)
    if clock and int(clock[1]) < 24:
        return time(int(clock[1]), int(clock[2]), int(clock[3] or 0))
    raise FieldError(f"{field} '{value}' is not a time of day (expected hh:mm)")


def parse_stage(value: str) -> str | None:
    if not value.strip():
        return None
    stage = STAGES.get(" ".join(value.lower().split()))
    if stage is None:
        raise FieldError(f"stage '{value}' is not one of Ziel klären, Erfahrung auswerten, Nächste Schritte planen")
    return stage


def parse_count(value: str, field: str) -> int:
    """A positive whole number such as `12` (Excel may write `12,0`)."""
    try:
        number = parse_decimal(value, field) if value.strip() else None
    except FieldError:
        number = None
    if number is None or number != int(number) or number < 1:
        raise FieldError(f"{field} '{value}' is not a whole number of 1 or more")
    return int(number)


def parse_id(value: str, field: str) -> str:
    text = value.strip()
    if not text:
        raise FieldError(f"{field} is empty")
    if len(text) > MAX_ID_LENGTH:
        raise FieldError(f"{field} is longer than {MAX_ID_LENGTH} characters")
    return text


def split_list(value: str) -> list[str]:
    """The entries of a list cell, separated by `,`, `;`, `|` or line breaks (Alt+Enter in Excel)."""
    return [part.strip() for part in _LIST_SEPARATORS.split(value) if part.strip()]


def identifier_kind(value: str) -> str | None:
    """`email` for an address, `employee_no` for a number-like code, None for anything else (a name, say)."""
    if "@" in value:
        return "email" if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value.removeprefix("mailto:")) else None
    return "employee_no" if _EMPLOYEE_NO.match(value) else None


def local_to_utc(day: date, clock: time | None, zone: ZoneInfo) -> datetime:
    """Naive UTC of a local date and time; a date without time is taken at noon, so it stays on its day."""
    local = datetime.combine(day, clock or time(12, 0), tzinfo=zone)
    return local.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def end_of(start: datetime, minutes: float | None) -> datetime | None:
    return start + timedelta(minutes=minutes) if minutes is not None else None
