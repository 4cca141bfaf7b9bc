"""The canonical warehouse model: one SQLAlchemy table per kind of fact.

Person columns only ever hold keyed pseudonyms (see `data.pseudonyms`); names are never stored.
Timestamps are UTC without a zone; dates are calendar dates.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

PSEUDONYM = String(32)  # 128-bit truncated HMAC-SHA256, hex
IRI = String(512)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _lineage() -> list[Column]:
    """Where a row came from: the source's name and the sync run that last wrote it."""
    return [Column("source", String(100), nullable=False), Column("sync_run_id", Integer)]


org_units = Table(
    "org_units",
    metadata,
    Column("org_unit_id", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("parent_id", String(64), index=True),
    Column("level", Integer, nullable=False),
    *_lineage(),
)

# Effective-dated employment history: one row per version of a person's attributes.
person_versions = Table(
    "person_versions",
    metadata,
    Column("person_id", PSEUDONYM, primary_key=True),
    Column("valid_from", Date, primary_key=True),
    Column("valid_to", Date),
    Column("hire_date", Date, nullable=False),
    Column("exit_date", Date),
    Column("fte", Float, nullable=False),
    Column("employment_type", String(32), nullable=False),
    Column("country", String(2)),
    Column("location", String(100)),
    Column("job_family", String(100)),
    Column("role", String(200)),
    Column("org_unit_id", String(64), index=True),
    Column("age_band", String(16)),
    Column("gender", String(8)),
    Column("job_code", String(100)),
    Column("cost_center", String(100)),
    Column("manager_id", PSEUDONYM),
    *_lineage(),
)

# Every pseudonymised identifier a source may name a person by (employee number, e-mail,
# account), mapped to the person. Events keep the identifier they came with, so sources
# join whatever order they sync in.
person_identities = Table(
    "person_identities",
    metadata,
    Column("identity_id", PSEUDONYM, primary_key=True),
    Column("person_id", PSEUDONYM, nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    *_lineage(),
)

activities = Table(
    "activities",
    metadata,
    Column("activity_id", IRI, primary_key=True),
    Column("activity_type", String(32), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("title", String(500)),
    Column("planned_minutes", Float),
    Column("community", String(200)),
    Column("starts_at", DateTime),
    Column("language", String(16)),
    Column("ends_at", DateTime),
    Column("join_url", String(1000), index=True),
    Column("online", Boolean),
    Column("location", String(200)),
    # A circle meeting belongs to its circle, an occurrence to its series.
    Column("parent_activity_id", IRI, index=True),
    Column("planned_meetings", Integer),
    *_lineage(),
)

activity_topics = Table(
    "activity_topics",
    metadata,
    Column("activity_id", IRI, primary_key=True),
    Column("topic", String(200), primary_key=True),
    *_lineage(),
)

activity_skills = Table(
    "activity_skills",
    metadata,
    Column("activity_id", IRI, primary_key=True),
    Column("skill_id", IRI, primary_key=True),
    *_lineage(),
)

events = Table(
    "events",
    metadata,
    Column("source", String(100), primary_key=True),
    Column("source_record_id", String(200), primary_key=True),
    Column("actor_id", PSEUDONYM, nullable=False),
    Column("activity_id", IRI, nullable=False),
    Column("verb", String(32), nullable=False),
    Column("role", String(16), nullable=False),  # learner, contributor, admin, other
    Column("occurred_at", DateTime, nullable=False),
    Column("duration_seconds", Float),
    Column("success", Boolean),
    Column("completion", Boolean),
    Column("score", Float),
    # The person on the other side, where a source names one: the mentee of a mentor, the
    # learner of a companion, the author of the post a reply answers.
    Column("counterpart_id", PSEUDONYM),
    Column("sync_run_id", Integer),
    Index("ix_events_occurred_at", "occurred_at"),
    Index("ix_events_actor_id", "actor_id"),
    Index("ix_events_activity_id", "activity_id"),
)

# xAPI voiding: the ids of statements a voiding statement retracted. A voided event is
# deleted and never loaded again, however often the source re-sends it.
voided_records = Table(
    "voided_records",
    metadata,
    Column("source", String(100), primary_key=True),
    Column("source_record_id", String(200), primary_key=True),
    Column("voided_by", String(200), nullable=False),
    Column("sync_run_id", Integer),
)

enrolments = Table(
    "enrolments",
    metadata,
    Column("source", String(100), primary_key=True),
    Column("actor_id", PSEUDONYM, primary_key=True),
    Column("activity_id", IRI, primary_key=True),
    Column("enrolled_at", DateTime),
    Column("completed_at", DateTime),
    Column("status", String(32)),
    Column("sync_run_id", Integer),
)

feedback = Table(
    "feedback",
    metadata,
    Column("source", String(100), primary_key=True),
    Column("source_record_id", String(200), primary_key=True),
    Column("actor_id", PSEUDONYM),  # empty for anonymous feedback
    Column("activity_id", IRI, nullable=False, index=True),
    Column("rating", Float),  # 1 to 5
    Column("recommendation", Integer),  # 0 to 10
    Column("submitted_at", DateTime),
    Column("sync_run_id", Integer),
)

skills = Table(
    "skills",
    metadata,
    Column("skill_id", IRI, primary_key=True),
    Column("label", String(500), nullable=False),
    Column("skill_type", String(64)),
    *_lineage(),
)

skill_relations = Table(
    "skill_relations",
    metadata,
    Column("skill_id", IRI, primary_key=True),
    Column("broader_skill_id", IRI, primary_key=True),
    *_lineage(),
)

occupations = Table(
    "occupations",
    metadata,
    Column("occupation_id", IRI, primary_key=True),
    Column("label", String(500), nullable=False),
    Column("isco_group", String(16)),
    *_lineage(),
)

occupation_skills = Table(
    "occupation_skills",
    metadata,
    Column("occupation_id", IRI, primary_key=True),
    Column("skill_id", IRI, primary_key=True),
    Column("relation", String(16), nullable=False),  # essential, optional
    *_lineage(),
)

role_skill_requirements = Table(
    "role_skill_requirements",
    metadata,
    Column("role", String(200), primary_key=True),
    Column("skill_id", IRI, primary_key=True),
    Column("relation", String(16), nullable=False),  # essential, optional
    *_lineage(),
)

expertise = Table(
    "expertise",
    metadata,
    Column("actor_id", PSEUDONYM, primary_key=True),
    Column("skill_id", IRI, primary_key=True),
    Column("declared_on", Date),
    *_lineage(),
)

sync_state = Table(
    "sync_state",
    metadata,
    Column("source", String(100), primary_key=True),
    Column("state", Text, nullable=False),  # JSON: watermark, file fingerprints
    Column("updated_at", DateTime, nullable=False),
)

sync_runs = Table(
    "sync_runs",
    metadata,
    Column("run_id", Integer, primary_key=True, autoincrement=True),
    Column("source", String(100), nullable=False, index=True),
    Column("kind", String(32), nullable=False),
    Column("started_at", DateTime, nullable=False),
    Column("finished_at", DateTime),
    Column("status", String(16), nullable=False),  # running, ok, failed
    Column("records_read", Integer, nullable=False, default=0),
    Column("loaded", Integer, nullable=False, default=0),
    Column("updated", Integer, nullable=False, default=0),
    Column("duplicates", Integer, nullable=False, default=0),
    Column("quarantined", Integer, nullable=False, default=0),
    Column("message", Text),
)

# Great Expectations results per run: one row per expectation of the suite that ran.
validation_results = Table(
    "validation_results",
    metadata,
    Column("run_id", Integer, primary_key=True),
    Column("suite", String(100), primary_key=True),
    Column("expectation", String(200), primary_key=True),
    Column("success", Boolean, nullable=False),
    Column("element_count", Integer, nullable=False),
    Column("unexpected_count", Integer, nullable=False),
)

quarantine = Table(
    "quarantine",
    metadata,
    Column("quarantine_id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, nullable=False, index=True),
    Column("source", String(100), nullable=False),
    Column("location", String(1000), nullable=False),  # file:line or page
    Column("reason", Text, nullable=False),
    Column("record", Text, nullable=False),  # the raw record, pseudonymised
    Column("created_at", DateTime, nullable=False),
)

# Who looked at what: one row per page view, metric, export, command, refusal (data/audit.py).
# `login` is a pseudonym of the login (kind "login"), never the login itself.
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False, index=True),  # UTC
    Column("login", PSEUDONYM, nullable=False),
    Column("channel", String(16), nullable=False),  # dashboard, cli
    Column("role", String(32), nullable=False),
    Column("action", String(16), nullable=False),  # page, metric, export, command, login, retention, rekey, denied
    Column("page", String(100)),
    Column("metric", String(32)),
    Column("filters", Text),  # JSON
    Column("detail", Text),  # export file name, command line without secrets, refusal reason, counts
)

# Facts about the warehouse itself: `demo` ("true" on the demo company), `pseudonym_probe` (see data/rekey.py).
warehouse_meta = Table(
    "warehouse_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)
