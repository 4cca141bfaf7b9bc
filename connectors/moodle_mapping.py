"""How Moodle's web service answers map to canonical rows: courses, modules, completion times and verbs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from data.loading import Row
from data.schema import activities

SITE_COURSE_ID = 1
# Activity completion state (lib/completionlib.php COMPLETION_*) -> (verb, success, completion).
# 0 with a completion record (timecompleted > 0) means the learner has started but not finished.
STATES: dict[int, tuple[str, bool | None, bool]] = {
    0: ("progressed", None, False),
    1: ("completed", None, True),
    2: ("passed", True, True),
    3: ("failed", False, False),
}
AGGREGATION_ANY = 2
FUTURE_TOLERANCE = timedelta(days=1)


class MappingError(ValueError):
    """A Moodle answer cannot be mapped; the message says why."""


@dataclass(frozen=True)
class ActivityCompletion:
    cmid: int
    modname: str
    verb: str
    success: bool | None
    completion: bool
    occurred_at: datetime


def moment(epoch) -> datetime | None:
    """A Moodle timestamp (Unix seconds; 0 or null for never) as naive UTC."""
    if epoch in (None, 0, "0", ""):
        return None
    try:
        seconds = int(epoch)
    except (TypeError, ValueError):
        raise MappingError(f"'{epoch}' is not a Unix timestamp") from None
    if seconds < 0:
        raise MappingError(f"timestamp {seconds} lies before 1970")
    return datetime.fromtimestamp(seconds, tz=timezone.utc).replace(tzinfo=None)


def not_in_future(when: datetime, now: datetime, what: str) -> datetime:
    if when > now + FUTURE_TOLERANCE:
        raise MappingError(f"{what} {when.isoformat()} lies in the future; check the Moodle server's clock")
    return when


def course_url(site: str, course_id: int) -> str:
    return f"{site}/course/view.php?id={course_id}"


def module_url(site: str, modname: str, cmid: int) -> str:
    return f"{site}/mod/{modname}/view.php?id={cmid}"


def is_site_course(course: dict) -> bool:
    return course.get("id") == SITE_COURSE_ID or course.get("format") == "site"


def planned_minutes(course: dict, field: str | None) -> float | None:
    """The planned learning time a course custom field holds (Moodle has no standard one), in minutes."""
    if not field:
        return None
    for custom in course.get("customfields") or []:
        if custom.get("shortname") == field:
            try:
                minutes = float(str(custom.get("value") or "").replace(",", "."))
            except ValueError:
                return None
            return minutes if minutes > 0 else None
    return None


def course_row(source: str, site: str, course: dict, community: str | None, planned_field: str | None = None) -> Row:
    return Row(activities, {
        "activity_id": course_url(site, course["id"]), "activity_type": "course", "channel": "formal",
        "title": (course.get("fullname") or course.get("displayname") or course.get("shortname") or "")[:500] or None,
        "community": (community or "")[:200] or None,
        "starts_at": moment(course.get("startdate")), "ends_at": moment(course.get("enddate")),
        "language": course.get("lang") or None, "planned_minutes": planned_minutes(course, planned_field),
        "source": source,
    })


def module_row(source: str, site: str, course_id: int, completion: ActivityCompletion) -> Row:
    return Row(activities, {
        "activity_id": module_url(site, completion.modname, completion.cmid), "activity_type": "module",
        "channel": "formal", "parent_activity_id": course_url(site, course_id), "source": source,
    })


def course_completed_at(status: dict, now: datetime) -> datetime | None:
    """When the course was completed, from its criteria: the last one for ALL, the first one for ANY.

    `core_completion_get_course_completion_status` gives no course-level completion time, only
    each criterion's `timecompleted`.
    """
    summary = status["completionstatus"]
    if not summary.get("completed"):
        return None
    times = [moment(c.get("timecompleted")) for c in summary.get("completions") or []
             if isinstance(c, dict) and c.get("complete")]
    times = [t for t in times if t is not None]
    if not times:
        raise MappingError("Moodle reports the course completed but no criterion carries a completion time")
    when = min(times) if summary.get("aggregation") == AGGREGATION_ANY else max(times)
    return not_in_future(when, now, "course completion time")


def activity_completions(status: dict, now: datetime) -> list[ActivityCompletion]:
    """The activities the learner has a completion record for; untouched ones (state 0, time 0) are left out."""
    found = []
    for entry in status.get("statuses") or []:
        state, when = entry.get("state"), moment(entry.get("timecompleted"))
        if state not in STATES:
            raise MappingError(f"activity {entry.get('cmid')}: unknown completion state {state!r}")
        if when is None:
            if state == 0:
                continue
            raise MappingError(f"activity {entry.get('cmid')}: state {state} without a completion time")
        if not entry.get("cmid") or not entry.get("modname"):
            raise MappingError("an activity status without cmid or modname")
        verb, success, completion = STATES[state]
        found.append(ActivityCompletion(int(entry["cmid"]), str(entry["modname"]), verb, success, completion,
                                        not_in_future(when, now, f"activity {entry['cmid']} completion time")))
    return found
