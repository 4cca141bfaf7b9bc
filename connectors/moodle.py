"""Moodle over its REST web services: courses, enrolments, course and activity completion.

Primary keys: activities (activity_id) for courses and modules; enrolments (source, actor_id,
activity_id); events (source, source_record_id) with one event per learner and course completion
and one per learner and activity, updated in place as the state moves on.
Cursor: per course the newest completion time seen (the watermark) and the settled enrolments
(completed, or no course access for `quiet_days`) whose learner has not been back in the course since
(`lastcourseaccess` unchanged); those are not fetched again. Moodle has no change feed for completion,
so everything else is read again and unchanged rows count as duplicates.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import timezone

from connectors.base import Connector, Setting, redacted
from connectors.http import secret
from connectors.moodle_api import MoodleApi, MoodleError
from connectors.moodle_cursor import CourseCursor
from connectors.moodle_fetch import Ask, CoursePage, Fetched, ProcessFetcher, ThreadFetcher
from connectors.moodle_mapping import (
    MappingError,
    activity_completions,
    course_completed_at,
    course_row,
    course_url,
    is_site_course,
    module_row,
    module_url,
)
from data.loading import Item, Record, Rejected, Row, utcnow
from data.schema import enrolments, events

IDENTITIES = ("idnumber", "email", "username")
NOT_TRACKED = ("the user is listed as enrolled but completion does not track them: a suspended or ended "
               "enrolment, or a role without completion tracking")
LOOKAHEAD = 4  # pages of learners whose completion calls run while earlier pages load
HIDDEN_IDENTITY = ("Moodle shows e-mail and ID number only when the token's user has moodle/site:viewuseridentity "
                   "and the fields are listed under showuseridentity")


@dataclass(frozen=True)
class Learner:
    position: int  # place in the course's enrolled-user list, to find the user again in Moodle
    user_id: int
    account: str  # pseudonym of the Moodle account, stable whatever identity is chosen
    actor_id: str
    last_access: int | None


class MoodleConnector(Connector):
    kind = "moodle"
    settings = (
        Setting("url", "the Moodle site root, e.g. https://lms.example.org", required=True),
        Setting("token_env", "the environment variable that holds the web service token", required=True),
        Setting("course_ids", "sync only these course ids (a list); default: every course", kind=list),
        Setting("identity", "idnumber (default: ID number as employee number, else e-mail), email or username"),
        Setting("learner_roles", "role short names that make an enrolled user a learner; default ['student']",
                kind=list),
        Setting("page_size", "enrolled users per call (limitnumber); default 100", kind=int),
        Setting("planned_minutes_field", "short name of the course custom field with the planned learning time "
                                         "in minutes (Moodle has no standard one)"),
        Setting("workers", "completion calls in parallel (per process); default 4", kind=int),
        Setting("processes", "worker processes for the completion calls, beside the sync's own; default 0 (threads "
                             "of the sync's process)", kind=int),
        Setting("quiet_days", "a learner who has not completed and has not been in the course for this many "
                              "days is not asked for again until they return; 0: ask every sync; default 30",
                kind=int),
        Setting("timeout", "seconds per call; default 30", kind=(int, float)),
        Setting("retries", "retries on 429, 5xx and timeouts; default 5", kind=int),
        Setting("backoff", "backoff factor in seconds between retries; default 0.5", kind=(int, float)),
    )
    primary_key = ("source", "source_record_id")
    cursor = ("per course: newest completion time seen, settled (completed or quiet) enrolments whose learner "
              "has not been back")

    def read(self, state: dict) -> Iterator[Item]:
        api = self._api()
        self.site = self.config["url"].rstrip("/")
        self.now = utcnow()
        self._modules: set[str] = set()
        self._no_criteria: set[int] = set()
        self._summary = {"not_learners": 0, "settled_not_fetched": 0}
        now, quiet_days = int(self.now.replace(tzinfo=timezone.utc).timestamp()), int(self.config.get("quiet_days", 30))
        wanted = [int(i) for i in self.config.get("course_ids", [])]
        courses = [c for c in api.courses(sorted({*wanted, 1}) if wanted else None) if isinstance(c, dict)]
        site_name = next((c.get("fullname") for c in courses if is_site_course(c)), None)
        categories = {c.get("id"): c.get("name") for c in api.categories() if isinstance(c, dict)}
        prior, cursors = state.get("courses", {}), {}
        fetcher = self._fetcher(api)
        try:
            for course in courses:
                if is_site_course(course) or (wanted and course.get("id") not in wanted):
                    continue
                if not isinstance(course.get("id"), int):
                    yield Rejected("core_course_get_courses", "a course without a numeric id", redacted(course))
                    continue
                community = categories.get(course.get("categoryid")) or site_name
                try:
                    yield Record(f"course {course['id']}", course_row(self.name, self.site, course, community,
                                                                          self.config.get("planned_minutes_field")))
                except MappingError as exc:
                    yield Rejected(f"course {course['id']}", str(exc), redacted(course))
                    continue
                cursor = CourseCursor(prior.get(str(course["id"])), course, now, quiet_days)
                yield from self._course(api, fetcher, course, cursor)
                cursors[str(course["id"])] = cursor.state()
        finally:
            fetcher.close()
        self._next_state = {"courses": cursors, "summary": {
            **self._summary, "courses_without_completion_criteria": sorted(self._no_criteria)}}

    def _api(self) -> MoodleApi:
        url, identity = self.config.get("url", ""), self.config.get("identity", "idnumber")
        if not url.startswith(("http://", "https://")):
            raise self.fail("url", f"'{url}' is not an http(s) address", "Set url to the Moodle site root.")
        if identity not in IDENTITIES:
            raise self.fail("identity", f"'{identity}' is unknown", f"Use one of {', '.join(IDENTITIES)}.")
        if int(self.config.get("quiet_days", 30)) < 0:
            raise self.fail("quiet_days", "must not be negative", "Set quiet_days to e.g. 30, or 0 to ask every sync.")
        if int(self.config.get("page_size", 100)) < 1:
            raise self.fail("page_size", "must be at least 1", "Set page_size to e.g. 100.")
        token = secret(self.config, "token_env", self.name)
        if not token:
            raise self.fail("token_env", "is not set", "Name the environment variable that holds the token.")
        return MoodleApi(self.name, url, token, self.config["token_env"],
                         timeout=float(self.config.get("timeout", 30)), retries=int(self.config.get("retries", 5)),
                         backoff=float(self.config.get("backoff", 0.5)))

    def _fetcher(self, api: MoodleApi) -> ThreadFetcher | ProcessFetcher:
        workers, processes = max(1, int(self.config.get("workers", 4))), int(self.config.get("processes", 0))
        if processes <= 0:
            return ThreadFetcher(api, workers)
        return ProcessFetcher(api.arguments(), api.options(), workers, processes)

    def _course(self, api: MoodleApi, fetcher, course: dict, cursor: CourseCursor) -> Iterator[Item]:
        """The course's learners page by page; completion calls of the next pages run while a page is loaded."""
        pending: deque = deque()
        page = CoursePage(course["id"], course.get("enablecompletion") != 0)
        for item in self._pages(api, fetcher, page, course, cursor):
            if isinstance(item, tuple):
                pending.append(item)
                if len(pending) > LOOKAHEAD:
                    yield from self._mapped(course["id"], *pending.popleft(), cursor)
            else:
                while pending:  # a page's rejections come after the earlier pages, in the order read
                    yield from self._mapped(course["id"], *pending.popleft(), cursor)
                yield item
        while pending:
            yield from self._mapped(course["id"], *pending.popleft(), cursor)
        if page.no_criteria:
            self._no_criteria.add(course["id"])

    def _mapped(self, course_id: int, learners: list[Learner], fetched: Iterable[Fetched],
                cursor: CourseCursor) -> Iterator[Item]:
        for learner, result in zip(learners, fetched):
            yield from self._map(course_id, learner, result, cursor)

    def _pages(self, api: MoodleApi, fetcher, page: CoursePage, course: dict, cursor: CourseCursor):
        """Rejected items, and per page (learners, their completion answers as they arrive)."""
        course_id, seen = course["id"], set()
        pages = api.enrolled_user_pages(course_id, int(self.config.get("page_size", 100)))
        while True:
            try:
                start, users = next(pages)
            except StopIteration:
                return
            except MoodleError as error:
                cursor.keep_all()
                yield Rejected(f"course {course_id}", f"Moodle answered {error.errorcode} ('{error.message}') to "
                               f"{error.function}; the course's enrolments were skipped",
                               redacted({"course_id": course_id, "errorcode": error.errorcode}))
                return
            learners: list[Learner] = []
            for position, user in enumerate(users, start=start):
                if not isinstance(user, dict) or not isinstance(user.get("id"), int):
                    yield Rejected(f"course {course_id}, enrolled user {position}", "an enrolled user without a "
                                   "numeric id", redacted({"course_id": course_id}))
                    continue
                if user["id"] in seen:  # listed twice: enrolments changed while paging
                    continue
                seen.add(user["id"])
                item = self._learner(course_id, position, user, cursor)
                if isinstance(item, Rejected):
                    yield item
                elif item is not None:
                    learners.append(item)
            asks = [Ask(learner.user_id, f"course {course_id}, enrolled user {learner.position}") for learner in learners]
            yield learners, fetcher.submit(page, asks)

    def _learner(self, course_id: int, position: int, user: dict, cursor: CourseCursor) -> Learner | Rejected | None:
        roles = user.get("roles")
        learner_roles = set(self.config.get("learner_roles", ["student"]))
        if roles is not None and not any(r.get("shortname") in learner_roles for r in roles if isinstance(r, dict)):
            self._summary["not_learners"] += 1
            return None
        account = self.pseudonymise("account", f"{self.site}/user/profile.php?id={user['id']}")
        if cursor.settled(account, user.get("lastcourseaccess")):
            self._summary["settled_not_fetched"] += 1
            return None
        try:
            actor_id = self._actor(user)
        except MappingError as exc:
            return Rejected(f"course {course_id}, enrolled user {position}", str(exc),
                            redacted({"course_id": course_id, "account": account}))
        return Learner(position, user["id"], account, actor_id, user.get("lastcourseaccess"))

    def _actor(self, user: dict) -> str:
        identity = self.config.get("identity", "idnumber")
        idnumber, email = str(user.get("idnumber") or "").strip(), str(user.get("email") or "").strip()
        if identity == "username":
            if user.get("username"):
                return self.pseudonymise("account", str(user["username"]))
            raise MappingError("the user has no username in Moodle's answer")
        if identity == "idnumber" and idnumber:
            return self.pseudonymise("employee_no", idnumber)
        if email:
            return self.pseudonymise("email", email)
        wanted = "no ID number and no e-mail" if identity == "idnumber" else "no e-mail"
        raise MappingError(f"the user has {wanted} in Moodle's answer, so it cannot be joined to HR "
                           f"({HIDDEN_IDENTITY})")

    def _map(self, course_id: int, learner: Learner, fetched: Fetched, cursor: CourseCursor) -> Iterator[Item]:
        location = f"course {course_id}, enrolled user {learner.position}"
        record = {"course_id": course_id, "account": learner.account, "actor_id": learner.actor_id}
        if fetched.error:
            error = fetched.error
            reason = f"Moodle answered {error.errorcode} ('{error.message}') to {error.function}"
            yield Rejected(location, reason + (f": {NOT_TRACKED}" if error.errorcode == "usernotenroled" else ""),
                           redacted({**record, "errorcode": error.errorcode}))
            return
        try:
            completed_at = course_completed_at(fetched.course_status, self.now) if fetched.course_status else None
            done = activity_completions(fetched.activities, self.now) if fetched.activities else []
        except MappingError as exc:
            yield Rejected(location, str(exc), redacted({**record, "course_completion": fetched.course_status,
                                                          "activities_completion": fetched.activities}))
            return
        course_iri = course_url(self.site, course_id)
        yield Record(location, Row(enrolments, {
            "source": self.name, "actor_id": learner.actor_id, "activity_id": course_iri, "enrolled_at": None,
            "completed_at": completed_at, "status": "completed" if completed_at else "enrolled"}))
        if completed_at:
            yield Record(location, self._event(f"course/{course_id}/completion/{learner.account}", learner,
                                               course_iri, "completed", completed_at, None, True))
        for activity in done:
            iri = module_url(self.site, activity.modname, activity.cmid)
            related = () if iri in self._modules else (module_row(self.name, self.site, course_id, activity),)
            self._modules.add(iri)
            yield Record(location, self._event(f"cm/{activity.cmid}/completion/{learner.account}", learner, iri,
                                               activity.verb, activity.occurred_at, activity.success,
                                               activity.completion), related)
        cursor.saw(learner.account, learner.last_access, [completed_at, *(a.occurred_at for a in done)],
                   completed=completed_at is not None)

    def _event(self, record_id: str, learner: Learner, activity_id: str, verb: str, occurred_at, success,
               completion) -> Row:
        return Row(events, {
            "source": self.name, "source_record_id": record_id, "actor_id": learner.actor_id,
            "activity_id": activity_id, "verb": verb, "role": "learner", "occurred_at": occurred_at,
            "duration_seconds": None, "success": success, "completion": completion, "score": None,
            "counterpart_id": None})
