"""The sync state of one Moodle course: its completion watermark and the enrolments that need no refetch."""

from __future__ import annotations

from datetime import datetime

KEY_LENGTH = 16  # of the account pseudonym: enough to tell a course's learners apart, keeps the state small


class CourseCursor:
    """Remembers settled enrolments and the learner's last course access when they were read.

    Settled: completed, or quiet (no course access for `quiet_days`, or never). A settled enrolment is
    fetched again only when the learner has been back in the course since (`lastcourseaccess` changed)
    or the course itself changed (`timemodified`, e.g. new criteria). Without this a daily sync of a
    Konzern's Moodle asks twice per enrolment, millions of calls, for answers that cannot have changed.
    What changes without the learner returning (a completion reset by a teacher, an assignment graded
    more than `quiet_days` after the learner's last visit) needs a full sync (empty state).
    """

    def __init__(self, prior: dict | None, course: dict, now: int | None = None, quiet_days: int = 0):
        prior = prior or {}
        # quiet before this moment (epoch seconds); 0 days: only completed enrolments settle
        self.quiet_before = (now or 0) - quiet_days * 86400 if quiet_days > 0 and now else None
        self.timemodified = course.get("timemodified")
        unchanged_course = prior.get("timemodified") == self.timemodified
        self._settled_before: dict[str, int] = dict(prior.get("settled", {})) if unchanged_course else {}
        self._settled: dict[str, int] = {}
        self.watermark: str = prior.get("watermark", "")

    def settled(self, account: str, last_access: int | None) -> bool:
        """Whether this settled enrolment is unchanged since the last sync; if so it is carried forward."""
        key, access = account[:KEY_LENGTH], last_access or 0  # Moodle's 0 and a missing value: never
        if key not in self._settled_before or self._settled_before[key] != access:
            return False
        self._settled[key] = access
        return True

    def saw(self, account: str, last_access: int | None, times: list[datetime | None], completed: bool) -> None:
        stamps = [t.isoformat() for t in times if t is not None]
        self.watermark = max([self.watermark, *stamps])
        access = last_access or 0
        if (completed and access) or (self.quiet_before is not None and access < self.quiet_before):
            self._settled[account[:KEY_LENGTH]] = access

    def keep_all(self) -> None:
        """The course could not be read this time: keep what the last sync knew."""
        self._settled.update(self._settled_before)

    def state(self) -> dict:
        return {"watermark": self.watermark, "timemodified": self.timemodified, "settled": self._settled}
