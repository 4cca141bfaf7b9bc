"""The LMS as its web services answer (docs/connectors/moodle.md): the JSON bodies a Moodle 4.x site returns for
core_course_get_courses, core_course_get_categories, core_enrol_get_enrolled_users,
core_completion_get_course_completion_status and core_completion_get_activities_completion_status.

Layout under `moodle/responses/<wsfunction>/`: `all.json` (courses, categories: the whole answer),
`courseid=<id>.json` (enrolled users: the whole list by user id, which the server pages by limitfrom/
limitnumber; completion: an object of user id -> answer, or "*" -> the answer for every user, such as
Moodle's `nocriteriaset` error for a course without completion criteria).
"""

from __future__ import annotations

import json
from datetime import datetime, time
from pathlib import Path

from .formal import CATEGORIES, MANDATORY, Course
from .people import Person
from .records import Enrolment, Module
from .timeline import BERLIN

SITE = "https://lms.demo-ag.example"
SITE_NAME = "Demo AG Lernplattform"
STUDENT = {"roleid": 5, "name": "", "shortname": "student", "sortorder": 0}
TEACHER = {"roleid": 3, "name": "", "shortname": "editingteacher", "sortorder": 0}
MODULE_NAMES = {"scorm": "SCORM-Paket", "quiz": "Test", "bigbluebuttonbn": "BigBlueButton", "attendance": "Anwesenheit"}
REQUIREMENTS = {"scorm": "Viewing, Completion status", "quiz": "Achieving grade, Passing grade",
                "bigbluebuttonbn": "Marking complete", "attendance": "Marking complete"}
RULES = {"scorm": [{"rulename": "completionstatusrequired", "description": "Complete the activity"}],
         "quiz": [{"rulename": "completionusegrade", "description": "Receive a grade"},
                  {"rulename": "completionpassgrade", "description": "Receive a passing grade"}]}
NO_CRITERIA = {"exception": "moodle_exception", "errorcode": "nocriteriaset",
               "message": "No completion criteria set for this course"}


def user_id(person: int) -> int:
    """Moodle user ids: 1 is the guest, 2 the admin; accounts were created as people were hired."""
    return person + 3


def _epoch(ms: int) -> int:
    return ms // 1000


def _midnight(day) -> int:
    return int(datetime.combine(day, time(), BERLIN).timestamp())


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _dump(path: Path, value) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def categories(courses: list[Course]) -> list[dict]:
    names = ["Allgemein", MANDATORY, *dict.fromkeys(CATEGORIES.values())]
    counts = {name: sum(c.category == name for c in courses) for name in names}
    return [{"id": k, "name": name, "idnumber": "", "description": "", "descriptionformat": 1, "parent": 0,
             "sortorder": k * 10000, "coursecount": counts[name], "visible": 1, "visibleold": 1,
             "timemodified": 1514764800, "depth": 1, "path": f"/{k}", "theme": ""}
            for k, name in enumerate(names, start=1)]


def _course(c: Course, category_id: int) -> dict:
    created = _midnight(c.created)
    return {"id": c.id, "shortname": c.shortname, "categoryid": category_id, "categorysortorder": category_id * 10000 + c.id,
            "fullname": c.title, "displayname": c.title, "idnumber": c.shortname, "summary": f"<p>{c.title}</p>",
            "summaryformat": 1, "format": "topics", "showgrades": 1, "newsitems": 5, "startdate": created, "enddate": 0,
            "numsections": len(c.modules), "maxbytes": 0, "showreports": 0, "visible": 1, "groupmode": 0,
            "groupmodeforce": 0, "defaultgroupingid": 0, "timecreated": created - 7 * 86400, "timemodified": created,
            "enablecompletion": 1, "completionnotify": 0, "lang": "de", "forcetheme": "",
            "courseformatoptions": [{"name": "hiddensections", "value": 0}, {"name": "coursedisplay", "value": 0}],
            "showactivitydates": True, "showcompletionconditions": True,
            "customfields": [{"name": "Lernzeit (Minuten)", "shortname": "lernzeit", "type": "text",
                              "valueraw": str(c.planned_min), "value": str(c.planned_min)},
                             {"name": "Anbieter", "shortname": "anbieter", "type": "text", "valueraw": c.provider,
                              "value": c.provider}]}


def _site_course() -> dict:
    return {"id": 1, "shortname": "DemoAG", "categoryid": 0, "fullname": SITE_NAME, "displayname": SITE_NAME,
            "idnumber": "", "summary": "", "summaryformat": 1, "format": "site", "showgrades": 1, "newsitems": 3,
            "startdate": 0, "enddate": 0, "numsections": 1, "maxbytes": 0, "showreports": 0, "visible": 1,
            "groupmode": 0, "groupmodeforce": 0, "defaultgroupingid": 0, "timecreated": 1514764800,
            "timemodified": 1514764800, "enablecompletion": 0, "completionnotify": 0, "lang": "", "forcetheme": "",
            "courseformatoptions": [], "showactivitydates": False, "showcompletionconditions": False}


class Site:
    def __init__(self, people: list[Person], courses: list[Course]):
        self.people = people
        self.access: dict[int, tuple[int, int]] = {}  # person -> (first, last) access in seconds
        for c in courses:
            for e in c.enrolments.values():
                for _, ms in e.states.values():
                    first, last = self.access.get(e.person, (ms, ms))
                    self.access[e.person] = (min(first, ms), max(last, ms))

    def user(self, person: int, role: dict, last_course_ms: int) -> dict:
        p = self.people[person]
        v = p.versions[-1]
        first, last = self.access.get(person, (0, 0))
        return {"id": user_id(person), "username": p.email.split("@")[0], "firstname": p.first, "lastname": p.last,
                "fullname": p.name, "email": p.email, "department": v.team.name, "idnumber": p.pnr,
                "firstaccess": _epoch(first), "lastaccess": _epoch(last), "lastcourseaccess": _epoch(last_course_ms),
                "description": "", "descriptionformat": 1, "city": v.city, "country": v.country,
                "profileimageurlsmall": f"{SITE}/theme/image.php/boost/core/1761955200/u/f2",
                "profileimageurl": f"{SITE}/theme/image.php/boost/core/1761955200/u/f1", "groups": [], "roles": [role]}


def _criterion(m: Module, state: tuple[int, int] | None) -> dict:
    complete = state is not None and state[0] in (1, 2)
    return {"type": 4, "title": "Activity completion", "status": "Yes" if complete else "No", "complete": complete,
            "timecompleted": _epoch(state[1]) if complete else None,
            "details": {"type": "Activity completion", "criteria": f'<a href="{SITE}/mod/{m.modname}/view.php?id='
                        f'{m.cmid}">{MODULE_NAMES[m.modname]}: {m.name}</a>', "requirement": REQUIREMENTS[m.modname],
                        "status": ""}}


def _course_status(c: Course, e: Enrolment) -> dict:
    completions = [_criterion(m, e.states.get(m.cmid)) for m in c.modules]
    return {"completionstatus": {"completed": all(x["complete"] for x in completions), "aggregation": 1,
                                 "completions": completions}, "warnings": []}


def _activities(c: Course, e: Enrolment) -> dict:
    statuses = []
    for m in c.modules:
        state, ms = e.states.get(m.cmid, (0, 0))
        automatic = m.modname in RULES
        details = [{"rulename": r["rulename"], "rulevalue": {"status": 1 if state in (1, 2) else 0,
                                                           "description": r["description"]}}
                   for r in RULES.get(m.modname, [])]
        statuses.append({"cmid": m.cmid, "modname": m.modname, "instance": m.instance, "state": state,
                         "timecompleted": _epoch(ms), "tracking": 2 if automatic else 1, "overrideby": None,
                         "valueused": False, "hascompletion": True, "isautomatic": automatic, "istrackeduser": True,
                         "uservisible": True, "details": details})
    return {"statuses": statuses, "warnings": []}


def write_site(folder: Path, courses: list[Course], people: list[Person]) -> dict[str, int]:
    """The answers of the whole site under `folder/responses`; returns counts."""
    moodle = [c for c in courses if c.lrs is None]
    cats = categories(moodle)
    category_ids = {c["name"]: c["id"] for c in cats}
    responses = folder / "responses"
    _dump(responses / "core_course_get_categories" / "all.json", cats)
    _dump(responses / "core_course_get_courses" / "all.json",
          [_site_course()] + [_course(c, category_ids[c.category]) for c in moodle])
    site, enrolments, completed = Site(people, moodle), 0, 0
    for c in moodle:
        # One enrolment at a time, each answer written as it is made: a course of the Konzern has 100,000
        # enrolments, too many to hold as dicts. (The same bytes as dumping the whole list or object.)
        key = f"courseid={c.id}.json"
        teacher = user_id(c.author) if c.author is not None else None
        paths = [responses / f / key for f in ("core_enrol_get_enrolled_users",
                                               "core_completion_get_course_completion_status",
                                               "core_completion_get_activities_completion_status")]
        for path in paths:
            path.parent.mkdir(parents=True, exist_ok=True)
        with paths[0].open("w", encoding="utf-8") as users, paths[1].open("w", encoding="utf-8") as status, \
                paths[2].open("w", encoding="utf-8") as activities:
            users.write("[")
            status.write("{" if c.criteria else "{" + _json("*") + ":" + _json(NO_CRITERIA))
            activities.write("{")
            sep, user_sep = "", ""
            for e in sorted(c.enrolments.values(), key=lambda e: e.person):
                uid = user_id(e.person)
                if teacher is not None and teacher <= uid:  # the teacher in user id order (as a student if enrolled)
                    if teacher < uid:
                        users.write(user_sep + _json(site.user(c.author, TEACHER, 0)))
                        user_sep = ","
                    teacher = None
                users.write(user_sep + _json(site.user(e.person, STUDENT, e.last_ms)))
                user_sep = ","
                answer = _course_status(c, e)
                if c.criteria:
                    status.write(sep + _json(str(uid)) + ":" + _json(answer))
                activities.write(sep + _json(str(uid)) + ":" + _json(_activities(c, e)))
                completed += c.criteria and answer["completionstatus"]["completed"]
                sep = ","
            if teacher is not None:
                users.write(user_sep + _json(site.user(c.author, TEACHER, 0)))
            users.write("]")
            status.write("}")
            activities.write("}")
        enrolments += len(c.enrolments)
    return {"courses": len(moodle), "enrolments": enrolments, "course_completions": completed}
