"""How xAPI 1.0.3 statements map to canonical events: verbs, activity types, durations, timestamps."""

from __future__ import annotations

import re
from datetime import datetime, timezone

ADL = "http://adlnet.gov/expapi/verbs/"
AS = "http://activitystrea.ms/schema/1.0/"
TINCAN = "http://id.tincanapi.com/verb/"
DIRIGENT = "https://w3id.org/dirigent/xapi/"
EXT = DIRIGENT + "ext/"
VOIDED = ADL + "voided"

# verb IRI -> (canonical verb, role). Learner and contribution verbs follow METRICS.md;
# administrative verbs are kept but never count as participation.
VERBS: dict[str, tuple[str, str]] = {
    ADL + "attended": ("attended", "learner"),
    ADL + "completed": ("completed", "learner"),
    ADL + "passed": ("passed", "learner"),
    ADL + "failed": ("failed", "learner"),
    ADL + "experienced": ("experienced", "learner"),
    ADL + "progressed": ("progressed", "learner"),
    ADL + "answered": ("answered", "learner"),
    ADL + "asked": ("asked", "learner"),
    TINCAN + "viewed": ("experienced", "learner"),
    AS + "host": ("hosted", "contributor"),
    DIRIGENT + "verbs/co-hosted": ("co-hosted", "contributor"),
    AS + "author": ("authored", "contributor"),
    TINCAN + "mentored": ("mentored", "contributor"),
    DIRIGENT + "verbs/facilitated": ("facilitated", "contributor"),
    DIRIGENT + "verbs/accompanied": ("accompanied", "contributor"),
    ADL + "responded": ("replied", "contributor"),
    ADL + "registered": ("registered", "admin"),
    TINCAN + "unregistered": ("unregistered", "admin"),
    ADL + "launched": ("launched", "admin"),
    ADL + "initialized": ("initialized", "admin"),
    ADL + "terminated": ("terminated", "admin"),
}

# activity type IRI -> (canonical activity type, channel)
ACTIVITY_TYPES: dict[str, tuple[str, str]] = {
    "http://adlnet.gov/expapi/activities/course": ("course", "formal"),
    "http://adlnet.gov/expapi/activities/module": ("course", "formal"),
    "http://adlnet.gov/expapi/activities/assessment": ("course", "formal"),
    "http://adlnet.gov/expapi/activities/meeting": ("session", "peer"),
    "https://w3id.org/xapi/video/activity-type/video": ("video", "peer"),
    "http://activitystrea.ms/schema/1.0/video": ("video", "peer"),
    "http://id.tincanapi.com/activitytype/document": ("library_item", "peer"),
    "http://adlnet.gov/expapi/activities/question": ("forum", "peer"),
    DIRIGENT + "activity-type/mentoring": ("mentoring", "coaching"),
    DIRIGENT + "activity-type/learning-conversation": ("learning_conversation", "coaching"),
    DIRIGENT + "activity-type/circle": ("circle", "circle"),
}
UNKNOWN_ACTIVITY = ("other", "formal")

_DURATION = re.compile(
    r"^P(?:(?P<y>\d+(?:\.\d+)?)Y)?(?:(?P<mo>\d+(?:\.\d+)?)M)?(?:(?P<w>\d+(?:\.\d+)?)W)?(?:(?P<d>\d+(?:\.\d+)?)D)?"
    r"(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<mi>\d+(?:\.\d+)?)M)?(?:(?P<s>\d+(?:\.\d+)?)S)?)?$"
)
_SECONDS = {"y": 365 * 86400, "mo": 30 * 86400, "w": 7 * 86400, "d": 86400, "h": 3600, "mi": 60, "s": 1}


def parse_duration(text: str) -> float:
    """Seconds in an ISO 8601 duration such as PT1H30M or PT47M12.5S (years and months approximate)."""
    match = _DURATION.match(text or "")
    if not match or text in ("P", "PT") or text.endswith("T"):
        raise ValueError(f"'{text}' is not an ISO 8601 duration")
    return sum(float(v) * _SECONDS[k] for k, v in match.groupdict().items() if v)


def parse_timestamp(text: str) -> datetime:
    """An ISO 8601 timestamp as naive UTC; a timestamp without offset is taken as UTC."""
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value


def language_map_text(names: dict | None) -> str | None:
    """The best label of an xAPI language map: German first (the organisation's language), then English."""
    if not names:
        return None
    for tag in ("de-DE", "de", "en-US", "en-GB", "en", "und"):
        if names.get(tag):
            return names[tag]
    return next(iter(names.values()))
