"""The sync state of one Moodle course: its completion watermark and the enrolments that need no refetch."""

from __future__ import annotations

from datetime import datetime

KEY_LENGTH = 16  # of the account pseudonym: enough to tell a course's learners apart, keeps the state small


class CourseCursor:
    """Remembers completed enrolments and the learner's last course access when they were read.

    A completed enrolment is fetched again only when the learner has been back in the course since
    (`lastcourseaccess` changed) or the course itself changed (`timemodified`, e.g. new criteria).
    Completions reset by a teacher without the learner returning need a full sync (empty state).
    """

    def __init__(self, prior: dict | None, course: dict):
        prior = prior or {}
        self.timemodified = course.get("timemodified")
        unchanged_course = prior.get("timemodified") == self.timemodified
        self._settled_before: dict[str, int] = dict(prior.get("settled", {})) if unchanged_course else {}
        self._settled: dict[str, int] = {}
        self.watermark: str = prior.get("watermark", "")

    def settled(self, account: str, last_access: int | None) -> bool:
        """Whether this completed enrolment is unchanged since the last sync; if so it is carried forward."""
        key = account[:KEY_LENGTH]
        if last_access is None or self._settled_before.get(key) != last_access:
            return False
        self._settled[key] = last_access
        return True

    def saw(self, account: str, last_access: int | None, times: list[datetime | None], completed: bool) -> None:
        stamps = [t.isoformat() for t in times if t is not None]
        self.watermark = max([self.watermark, *stamps])
        if completed and last_access is not None:
            self._settled[account[:KEY_LENGTH]] = last_access

    def keep_all(self) -> None:
        """The course could not be read this time: keep what the last sync knew."""
        self._settled.update(self._settled_before)

    def state(self) -> dict:
        return {"watermark": self.watermark, "timemodified": self.timemodified, "settled": self._settled}
