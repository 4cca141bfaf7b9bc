"""Retention: delete person-level data older than the configured months, reporting first what would go.

`python -m data retention` reports; `--apply` deletes in one transaction and writes an audit-log entry with
the counts. The cutoff is the first day of the month N months before today, in the organisation's time zone
(DIRIGENT_TIMEZONE); everything dated before it goes:

| setting (DIRIGENT_RETENTION_MONTHS_<NAME>) | table | dated by |
|---|---|---|
| events | events | occurred_at |
| enrolments | enrolments | completed_at, else enrolled_at, else the activity's start (undated: kept) |
| feedback | feedback | submitted_at, else the activity's start (undated: kept) |
| people | person_versions, person_identities, expertise | people whose every version has an exit date before the cutoff: all their versions, identities and declared expertise |
| quarantine | quarantine | created_at (the day the record was quarantined) |
| audit_log | audit_log | at |

Each defaults to DIRIGENT_RETENTION_MONTHS (24); `never` keeps that kind of data.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, delete, func, or_, select

from data import audit
from data.schema import (activities, audit_log, enrolments, events, expertise, feedback, person_identities,
                         person_versions, quarantine)
from data.settings import Settings, retention_months


@dataclass(frozen=True)
class TableRetention:
    table: str
    setting: str  # which retention setting applies (events, people, ...)
    months: int | None  # None: kept (setting `never`)
    cutoff: str | None  # ISO date, local to the organisation's time zone
    rows: int  # rows older than the cutoff (would be / were deleted)


@dataclass
class RetentionReport:
    today: str
    timezone: str
    applied: bool
    tables: list[TableRetention] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(t.rows for t in self.tables)

    def as_dict(self) -> dict:
        return {"today": self.today, "timezone": self.timezone, "applied": self.applied, "total": self.total,
                "tables": [asdict(t) for t in self.tables]}

    def counts(self) -> dict[str, int]:
        return {t.table: t.rows for t in self.tables}


def cutoff_date(today: date, months: int) -> date:
    """The first day of the month `months` months before today's month."""
    index = today.year * 12 + (today.month - 1) - months
    return date(index // 12, index % 12 + 1, 1)


def retention(engine: Engine, settings: Settings, *, apply: bool = False, today: date | None = None,
              months: dict[str, int | None] | None = None) -> RetentionReport:
    """Count (and with `apply`, delete in one transaction) what is older than the retention periods."""
    zone = ZoneInfo(settings.timezone)
    today = today or datetime.now(zone).date()
    months = months if months is not None else retention_months()
    report = RetentionReport(today.isoformat(), settings.timezone, apply)
    with engine.begin() as conn:
        for table, setting, statement_for in _PLAN:
            n = months.get(setting)
            if n is None:
                report.tables.append(TableRetention(table, setting, None, None, 0))
                continue
            local = cutoff_date(today, n)
            moment = datetime(local.year, local.month, local.day, tzinfo=zone).astimezone(timezone.utc)
            target, condition = statement_for(moment.replace(tzinfo=None), local)
            if apply:
                rows = conn.execute(delete(target).where(condition)).rowcount
            else:
                rows = conn.execute(select(func.count()).select_from(target).where(condition)).scalar_one()
            report.tables.append(TableRetention(table, setting, n, local.isoformat(), int(rows)))
        if apply:
            audit.record(conn, login=None, role="operator", action="retention",
                         detail=json.dumps({"cutoffs": {t.table: t.cutoff for t in report.tables},
                                            "deleted": report.counts()}, sort_keys=True))
    return report


def _leavers(cutoff: date):
    """People every version of whom has an exit date before the cutoff (a rehired person has a newer one)."""
    staying = select(person_versions.c.person_id).where(
        or_(person_versions.c.exit_date.is_(None), person_versions.c.exit_date >= cutoff))
    return select(person_versions.c.person_id).where(person_versions.c.person_id.not_in(staying)).distinct()


def _starts(table):
    return (select(activities.c.starts_at).where(activities.c.activity_id == table.c.activity_id)
            .limit(1).scalar_subquery())


_PLAN = [
    ("events", "events", lambda at, _: (events, events.c.occurred_at < at)),
    ("enrolments", "enrolments", lambda at, _: (enrolments, func.coalesce(
        enrolments.c.completed_at, enrolments.c.enrolled_at, _starts(enrolments)) < at)),
    ("feedback", "feedback", lambda at, _: (feedback, func.coalesce(feedback.c.submitted_at, _starts(feedback)) < at)),
    # Expertise and identities first: they find the people through person_versions.
    ("expertise", "people", lambda _, day: (expertise, expertise.c.actor_id.in_(
        select(person_identities.c.identity_id).where(person_identities.c.person_id.in_(_leavers(day)))))),
    ("person_identities", "people", lambda _, day: (person_identities,
                                                    person_identities.c.person_id.in_(_leavers(day)))),
    ("person_versions", "people", lambda _, day: (person_versions, person_versions.c.person_id.in_(_leavers(day)))),
    ("quarantine", "quarantine", lambda at, _: (quarantine, quarantine.c.created_at < at)),
    ("audit_log", "audit_log", lambda at, _: (audit_log, audit_log.c.at < at)),
]

