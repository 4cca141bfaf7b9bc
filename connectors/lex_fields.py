"""Reading the fields of one LEX record: types, required or optional, RFC 3339 times; errors name the field."""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime, timedelta, timezone
from typing import Any, Callable

# A record stamped a little after the export (clocks drift) is accepted; more is an error.
FUTURE_TOLERANCE = timedelta(minutes=5)
ID_LIMIT = 64
PERSON_FIELDS = frozenset({"host", "co_hosts", "person", "mentor", "mentee", "author", "uploader"})
FREE_TEXT = frozenset({"description", "comment", "body", "text", "message"})
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_ID = re.compile(r"[^\s\x00-\x1f]{1,%d}" % ID_LIMIT)
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")


class FieldError(ValueError):
    """One field of one record is unusable; the message names the field and why, never a person."""


def parse_rfc3339(text: str, name: str) -> datetime:
    """An RFC 3339 date-time with offset as naive UTC."""
    try:
        value = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise FieldError(f"{name} '{text}' is not an RFC 3339 date-time (e.g. 2026-10-05T09:00:00+02:00)") from None
    if value.tzinfo is None:
        raise FieldError(f"{name} '{text}' has no UTC offset; write it with one, e.g. {text}+01:00 or {text}Z")
    return value.astimezone(timezone.utc).replace(tzinfo=None)


def utc_text(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%S") + (f".{value.microsecond:06d}" if value.microsecond else "") + "Z"


class RecordFields:
    """Typed access to one record's fields, checked against the time the data was exported (`reference`)."""

    def __init__(self, record: dict, reference: datetime):
        self.record, self.reference = record, reference

    def raw(self, name: str) -> Any:
        value = self.record.get(name)
        return None if value == "" else value

    def _missing(self, name: str, required: bool) -> None:
        if required:
            raise FieldError(f"required field {name} is missing")
        return None

    def id(self, name: str = "id", required: bool = True) -> str | None:
        value = self.raw(name)
        if value is None:
            return self._missing(name, required)
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise FieldError(f"{name} must be a string or an integer")
        text = str(value)
        if not _ID.fullmatch(text):
            raise FieldError(f"{name} must be 1 to {ID_LIMIT} characters without spaces")
        return text

    def text(self, name: str, required: bool = False, limit: int | None = None, cut: bool = False) -> str | None:
        value = self.raw(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            return self._missing(name, required)
        if not isinstance(value, str):
            raise FieldError(f"{name} must be a string")
        value = value.strip()
        if limit and len(value) > limit:
            if not cut:
                raise FieldError(f"{name} is longer than {limit} characters")
            value = value[:limit]
        return value

    def timestamp(self, name: str, required: bool = False, past: bool = True) -> datetime | None:
        value = self.raw(name)
        if value is None:
            return self._missing(name, required)
        if not isinstance(value, str):
            raise FieldError(f"{name} must be an RFC 3339 date-time string")
        moment = parse_rfc3339(value, name)
        if past and moment > self.reference + FUTURE_TOLERANCE:
            raise FieldError(f"{name} {value} lies after the export time {utc_text(self.reference)}")
        return moment

    def day(self, name: str, required: bool = False, past: bool = True) -> date | None:
        value = self.raw(name)
        if value is None:
            return self._missing(name, required)
        try:
            day = date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
        except ValueError:
            day = None
        if day is None:
            raise FieldError(f"{name} '{value}' is not a date (YYYY-MM-DD)")
        if past and day > self.reference.date():
            raise FieldError(f"{name} {value} lies after the export date {self.reference.date()}")
        return day

    def number(self, name: str, required: bool = False, low: float | None = None,
               high: float | None = None, integer: bool = False) -> float | None:
        value = self.raw(name)
        if value is None:
            return self._missing(name, required)
        if (isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value)
                or (integer and value != int(value))):
            raise FieldError(f"{name} must be {'an integer' if integer else 'a number'}, not {json.dumps(value)}")
        if (low is not None and value < low) or (high is not None and value > high):
            if high is None:
                bounds = f"from {low:g}"
            else:
                bounds = f"from {low:g} to {high:g}" if low is not None else f"up to {high:g}"
            raise FieldError(f"{name} {value:g} is out of range ({bounds})")
        return int(value) if integer else float(value)

    def flag(self, name: str, required: bool = False, default: bool | None = None) -> bool | None:
        value = self.record.get(name)
        if value is None:
            return default if not required else self._missing(name, required)
        if not isinstance(value, bool):
            raise FieldError(f"{name} must be true or false, not {json.dumps(value)}")
        return value

    def choice(self, name: str, options: tuple[str, ...], default: str | None = None) -> str:
        value = self.raw(name)
        if value is None:
            if default is None:
                raise FieldError(f"required field {name} is missing (one of {', '.join(options)})")
            return default
        if value not in options:
            raise FieldError(f"{name} '{value}' is not one of {', '.join(options)}")
        return value

    def strings(self, name: str, limit: int) -> list[str]:
        value = self.raw(name)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise FieldError(f"{name} must be a list of non-empty strings")
        too_long = [v for v in value if len(v.strip()) > limit]
        if too_long:
            raise FieldError(f"{name} has an entry longer than {limit} characters")
        return list(dict.fromkeys(v.strip() for v in value))

    def url(self, name: str, required: bool = False, limit: int = 1000) -> str | None:
        value = self.text(name, required, limit)
        if value is not None and (not value.startswith(("https://", "http://")) or " " in value):
            raise FieldError(f"{name} must be an http(s) URL")
        return value

    def language(self, name: str = "language") -> str | None:
        value = self.text(name, limit=16)
        if value is not None and not _LANGUAGE.match(value):
            raise FieldError(f"{name} '{value}' is not a BCP 47 language tag such as de, en or de-DE")
        return value

    def objects(self, name: str) -> list[dict]:
        value = self.raw(name)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise FieldError(f"{name} must be a list of objects")
        return value


def redacted(record: Any, pseudonym_of: Callable[[dict], str | None]) -> str:
    """A record as JSON for quarantine: persons as pseudonyms, free text and stray e-mail addresses dropped."""

    def person(value: Any) -> Any:
        if isinstance(value, list):
            return [person(v) for v in value]
        if isinstance(value, dict):
            return {"pseudonym": pseudonym_of(value)}
        return "<not a person object, not stored>"

    def walk(value: Any, key: str = "") -> Any:
        if key in PERSON_FIELDS and value is not None:
            return person(value)
        if key in FREE_TEXT and value is not None:
            return "<free text, not stored>"
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, str) and _EMAIL.search(value):
            return "<e-mail address, not stored>"
        return value

    if not isinstance(record, dict):
        return json.dumps({"record": f"<a JSON {type(record).__name__}, not an object>"})
    return json.dumps(walk(record), ensure_ascii=False, sort_keys=True, default=str)
