"""Network effects N1, N2, N3 and N8 (METRICS.md); the graph figures N4 to N7 live in `metrics.network_graph`.

Pure functions over polars frames. Grouped functions take `by` (a grouping such as "country" or
"org_unit:2", see `metrics.grouping`) and return `group`, `population` (in-scope persons of the group) and
their value columns; the caller applies the privacy guard.

Choices where METRICS.md is silent (tested in tests/metrics/test_network.py):

- A contribution event is an event of role `contributor` (hosted, co-hosted, authored, replied, mentored,
  accompanied, facilitated, offered), a learner event one of role `learner`, as for P2.
- N2 is undefined (None) for a group without active learners.
- N3: "first event ever" is the person's earliest learner or contribution event by timestamp; when a
  learner and a contribution event share that earliest instant the person is not learner-first (they
  contributed from the start). "Before the period's end" means on or before its last day (periods are
  inclusive). The days to first contribution are counted between local calendar days; the median is over
  the converted persons of the group and None where nobody converted.
- N8 counts sessions (activity type `session`; circle meetings are closed groups and not offered to
  everyone) whose start, in the organisation's time zone, falls in the period; a session without a start
  time is dated by its first event. Attendees are distinct persons (an identity no HR record knows counts
  as its own person), so an attendance recorded by two sources counts once. Show rate: of the
  (person, session) registrations still standing (no later "unregistered"), the share with an
  attendance; walk-ins without registration are not in it, so it stays in [0, 1].
- N8 (and N7's sessions offered and seats filled) under an org unit or country filter: sessions belong to
  the people their hosts are, so the filter keeps the sessions hosted or co-hosted by someone of the
  filtered population who is in scope on the period's (for N7: the month's) last day, with all their
  attendees and registrations ("how full are the sessions this unit offers"). A session no host is
  recorded for drops out under such a filter. Without one, every session counts as before.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from metrics.grouping import with_group
from metrics.periods import Period

SESSION_TYPES = ("session",)
SESSION_HOST_VERBS = ("hosted", "co-hosted")


# --- grouping ---------------------------------------------------------------------------------------------

def org_unit_at_level(org_units: pl.DataFrame, level: int) -> pl.DataFrame:
    """Each org unit (columns org_unit_id, parent_id, level) with its ancestor at `level` as `ancestor_id`.

    A unit at or above `level` maps to itself. Same rule as `metrics.grouping.ancestors_at`, as a frame.
    """
    from metrics.grouping import ancestors_at

    mapping = ancestors_at(org_units, level)
    return pl.DataFrame({"org_unit_id": list(mapping), "ancestor_id": list(mapping.values())},
                        schema={"org_unit_id": pl.String, "ancestor_id": pl.String})


def grouped_scope(scope: pl.DataFrame, by: str | None, org_units: pl.DataFrame | None = None) -> pl.DataFrame:
    """The in-scope frame with `group` ("all" without grouping; "unknown" where the attribute is missing)."""
    return with_group(scope, by, org_units)


def _populations(scope: pl.DataFrame, by: str | None) -> pl.DataFrame:
    """Population per group; without grouping always one row "all" (population 0 in an empty period)."""
    if by is None and scope.is_empty():
        return pl.DataFrame({"group": ["all"], "population": [0]}, schema={"group": pl.String, "population": pl.Int64})
    return scope.group_by("group").agg(pl.len().cast(pl.Int64).alias("population"))


def _persons_per_group(scope: pl.DataFrame, persons: pl.DataFrame, name: str) -> pl.DataFrame:
    return (scope.join(persons.select("person_id").unique(), on="person_id", how="semi")
            .group_by("group").agg(pl.len().cast(pl.Int64).alias(name)))


# --- N1, N2 -----------------------------------------------------------------------------------------------

def contributors(scope: pl.DataFrame, events_in_period: pl.DataFrame, by: str | None = None,
                 org_units: pl.DataFrame | None = None) -> pl.DataFrame:
    """N1: in-scope employees with at least one contribution event in the period.

    Columns: group, population, contributors.
    """
    scope = grouped_scope(scope, by, org_units)
    given = events_in_period.filter(pl.col("role") == "contributor")
    return (_populations(scope, by).join(_persons_per_group(scope, given, "contributors"), on="group", how="left")
            .with_columns(pl.col("contributors").fill_null(0)).sort("group"))


def contributor_ratio(scope: pl.DataFrame, events_in_period: pl.DataFrame, by: str | None = None,
                      org_units: pl.DataFrame | None = None) -> pl.DataFrame:
    """N2: N1 / P2 per group (None without active learners).

    Columns: group, population, contributors, active_learners, contributor_ratio.
    """
    scope = grouped_scope(scope, by, org_units)
    n1 = contributors(scope.drop("group"), events_in_period, by, org_units)
    active = _persons_per_group(scope, events_in_period, "active_learners")
    return (n1.join(active, on="group", how="left")
            .with_columns(pl.col("active_learners").fill_null(0))
            .with_columns(pl.when(pl.col("active_learners") > 0)
                          .then(pl.col("contributors") / pl.col("active_learners"))
                          .otherwise(None).cast(pl.Float64).alias("contributor_ratio"))
            .sort("group"))


# --- N3 ---------------------------------------------------------------------------------------------------

def first_events(person_events: pl.DataFrame, until) -> pl.DataFrame:
    """Per person: first event (instant, day, whether it was a learner event) and first contribution day,
    over events on or before `until` (a local date). Columns: person_id, first_at, first_day, learner_first,
    first_contribution_day."""
    events = person_events.filter(pl.col("day") <= until)
    first = events.group_by("person_id").agg(
        pl.col("occurred_at").min().alias("first_at"),
        pl.col("day").min().alias("first_day"),
    )
    # Learner-first: the earliest instant holds learner events only.
    at_first = events.join(first, on="person_id").filter(pl.col("occurred_at") == pl.col("first_at"))
    kinds = at_first.group_by("person_id").agg((pl.col("role") == "learner").all().alias("learner_first"))
    contribution = (events.filter(pl.col("role") == "contributor").group_by("person_id")
                    .agg(pl.col("day").min().alias("first_contribution_day")))
    return first.join(kinds, on="person_id").join(contribution, on="person_id", how="left")


def learner_to_contributor(scope: pl.DataFrame, person_events: pl.DataFrame, period: Period,
                           by: str | None = None, org_units: pl.DataFrame | None = None) -> pl.DataFrame:
    """N3: of in-scope employees whose first event ever was a learner event on or before the period's end,
    the share with a contribution event by the period's end; plus the median days from first learner event
    to first contribution.

    Columns: group, population, learner_first, converted, conversion_rate, median_days_to_contribution.
    """
    scope = grouped_scope(scope, by, org_units)
    firsts = (first_events(person_events, period.end).filter(pl.col("learner_first"))
              .join(scope.select("person_id", "group"), on="person_id"))
    per_group = firsts.group_by("group").agg(
        pl.len().cast(pl.Int64).alias("learner_first"),
        pl.col("first_contribution_day").is_not_null().sum().cast(pl.Int64).alias("converted"),
        (pl.col("first_contribution_day") - pl.col("first_day")).dt.total_days().cast(pl.Float64)
        .median().alias("median_days_to_contribution"),
    )
    return (_populations(scope, by).join(per_group, on="group", how="left")
            .with_columns(pl.col("learner_first").fill_null(0), pl.col("converted").fill_null(0))
            .with_columns(pl.when(pl.col("learner_first") > 0)
                          .then(pl.col("converted") / pl.col("learner_first"))
                          .otherwise(None).cast(pl.Float64).alias("conversion_rate"))
            .select("group", "population", "learner_first", "converted", "conversion_rate",
                    "median_days_to_contribution")
            .sort("group"))


# --- N8 ---------------------------------------------------------------------------------------------------

def resolved_events(events: pl.DataFrame, identities: pl.DataFrame, timezone: str) -> pl.DataFrame:
    """Every event (all roles, registrations too) with `person_id` (the identity itself where no HR record
    knows it) and the local `day`."""
    return (events.join(identities, left_on="actor_id", right_on="identity_id", how="left")
            .with_columns(pl.coalesce("person_id", "actor_id").alias("person_id"),
                          pl.col("occurred_at").dt.replace_time_zone("UTC").dt.convert_time_zone(timezone)
                          .dt.date().alias("day")))


SESSION_EVENT_COLUMNS = ("activity_id", "verb", "person_id", "occurred_at", "day")


def session_events(events: pl.DataFrame, identities: pl.DataFrame, activities: pl.DataFrame, timezone: str,
                   types: tuple[str, ...] = SESSION_TYPES) -> pl.DataFrame:
    """`resolved_events` of the events on sessions only, the columns N7 and N8 read: all they look at (a session's
    first day, its hosts, registrations and attendance), at a fraction of every event.

    Columns: activity_id, verb, person_id, occurred_at, day.
    """
    sessions = activities.filter(pl.col("activity_type").is_in(types)).select("activity_id")
    return resolved_events(events.join(sessions, on="activity_id", how="semi"), identities,
                           timezone).select(SESSION_EVENT_COLUMNS)


def session_days(activities: pl.DataFrame, resolved: pl.DataFrame, timezone: str,
                 types: tuple[str, ...] = SESSION_TYPES) -> pl.DataFrame:
    """Sessions with their local day: the start time, else the day of their first event.

    Columns: activity_id, session_day.
    """
    sessions = activities.filter(pl.col("activity_type").is_in(types)).select("activity_id", "starts_at")
    first_event = resolved.group_by("activity_id").agg(pl.col("day").min().alias("first_day"))
    return (sessions.join(first_event, on="activity_id", how="left")
            .with_columns(pl.coalesce(
                pl.col("starts_at").dt.replace_time_zone("UTC").dt.convert_time_zone(timezone).dt.date(),
                pl.col("first_day")).alias("session_day"))
            .filter(pl.col("session_day").is_not_null())
            .select("activity_id", "session_day"))


@dataclass(frozen=True)
class SessionIndex:
    """What N7 and N8 read of the events on sessions, whatever the period: built once per load
    (`metrics.compute_network`), then every month of a trend is a few joins on it."""
    days: pl.DataFrame  # activity_id, session_day
    attendees: pl.DataFrame  # activity_id, attendees (distinct persons who attended)
    hosts: pl.DataFrame  # activity_id, person_id: who hosted or co-hosted
    registered: pl.DataFrame  # person_id, activity_id: the standing registrations
    attended: pl.DataFrame  # person_id, activity_id


def session_index(events: pl.DataFrame, identities: pl.DataFrame, activities: pl.DataFrame, timezone: str,
                  types: tuple[str, ...] = SESSION_TYPES) -> SessionIndex:
    resolved = session_events(events, identities, activities, timezone, types)
    attended = resolved.filter(pl.col("verb") == "attended").select("person_id", "activity_id").unique()
    # a registration stands when the person's latest registration event for the session is not 'unregistered'
    registered = (resolved.filter(pl.col("verb").is_in(("registered", "unregistered")))
                  .sort("occurred_at")
                  .group_by("person_id", "activity_id").agg(pl.col("verb").last())
                  .filter(pl.col("verb") == "registered").select("person_id", "activity_id"))
    return SessionIndex(
        days=session_days(activities, resolved, timezone, types),
        attendees=attended.group_by("activity_id").agg(pl.len().cast(pl.Int64).alias("attendees")),
        hosts=resolved.filter(pl.col("verb").is_in(SESSION_HOST_VERBS)).select("activity_id", "person_id").unique(),
        registered=registered, attended=attended)


def sessions_in(index: SessionIndex, period: Period, hosts: pl.DataFrame | None = None) -> pl.DataFrame:
    """Sessions offered in the period (their day within it), with distinct attendees; with `hosts` (a frame
    with person_id), only the sessions one of them hosted or co-hosted.

    Columns: activity_id, session_day, attendees.
    """
    sessions = index.days.filter(pl.col("session_day").is_between(period.start, period.end))
    if hosts is not None:
        hosted = index.hosts.join(hosts.select("person_id"), on="person_id", how="semi").select("activity_id")
        sessions = sessions.join(hosted, on="activity_id", how="semi")
    return (sessions.join(index.attendees, on="activity_id", how="left")
            .with_columns(pl.col("attendees").fill_null(0)))


def session_fill(scope: pl.DataFrame, events: pl.DataFrame, identities: pl.DataFrame, activities: pl.DataFrame,
                 period: Period, timezone: str, hosted_by_scope: bool = False,
                 index: SessionIndex | None = None) -> pl.DataFrame:
    """N8: mean attendees per held session; share of sessions without any attendee; show rate = attended /
    registered. With `hosted_by_scope` (an org unit or country filter), only the sessions hosted by someone
    in `scope`.

    One row: group ("all"), population (in-scope persons), sessions, mean_attendees, empty_share,
    registrations, attended_registrations, show_rate. Undefined figures are None. `index` is `session_index` of
    the same frames, when the caller keeps it.
    """
    if index is None:
        index = session_index(events, identities, activities, timezone)
    sessions = sessions_in(index, period, scope if hosted_by_scope else None)
    registered = index.registered.join(sessions.select("activity_id"), on="activity_id", how="semi")
    shown = registered.join(index.attended, on=["person_id", "activity_id"], how="semi").height
    n = sessions.height
    return pl.DataFrame({
        "group": ["all"], "population": [scope.height], "sessions": [n],
        "mean_attendees": [float(sessions["attendees"].mean()) if n else None],
        "empty_share": [float((sessions["attendees"] == 0).mean()) if n else None],
        "registrations": [registered.height], "attended_registrations": [shown],
        "show_rate": [shown / registered.height if registered.height else None],
    }, schema={"group": pl.String, "population": pl.Int64, "sessions": pl.Int64, "mean_attendees": pl.Float64,
               "empty_share": pl.Float64, "registrations": pl.Int64, "attended_registrations": pl.Int64,
               "show_rate": pl.Float64})
