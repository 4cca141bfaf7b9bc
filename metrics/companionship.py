"""Learning companionship (Lernbegleitung) and circles, C1 to C5 (METRICS.md).

Choices where METRICS.md is silent (the analyst's reading):

- C1 counts conversations, not events: activities of type `learning_conversation` with at least one
  event (any role, any known or unknown person) on a local day of the period. The companion's
  `accompanied` event and the learner's `attended` event of one conversation are one conversation.
- C2 counts in-scope persons with an `accompanied` event in the period, grouped by the companion's
  attributes.
- C3's learners of a conversation are the persons with a learner event on it and the persons a
  companion's `accompanied` event names as counterpart; the same learner recorded both ways (or by two
  sources) counts once. Only in-scope learners count; grouped by the learner's attributes, with
  `accompanied_share` = C3 / P1 of the group.
- C4 = C1 / C3 as the catalogue says (`conversations_per_accompanied_learner`); in the grouped output
  `conversations_per_learner` divides the conversations *with the group's accompanied learners* by the
  group's C3, so conversations with guests or leavers do not inflate a group's figure.
- C5: a circle meeting (`circle_meeting`, `parent_activity_id` = the circle) is held on the local day
  it starts, or, without a start, on the first day an event records it. A circle is active when one of
  its meetings is held in the period. Members are persons registered on the circle whose membership
  overlaps the period (registered by the period's end, not unregistered before its start) and persons
  who attended one of its meetings in the period; only in-scope persons are counted (the facilitator is
  a member only when registered or attending). A circle reached its planned last meeting when, by the
  period's end, its held meetings or its highest meeting number (the `:meeting:N` suffix of the
  meeting's id) reach `planned_meetings`; circles without `planned_meetings` stay out of that share.
  Grouped, a circle belongs to a group when one of the group's in-scope persons is a member.
- Under a person filter (org unit, country) a figure is about the filtered people only:
  `conversations_with` counts the conversations with at least one in-scope participant (learner,
  companion, or the learner a companion's event names), and `learning_circles(..., members_only=True)`
  counts, ungrouped, only the circles with an in-scope member (as a group does). Conversations and
  circles of people HR does not know cannot be placed in a filtered population and drop out.
"""

from __future__ import annotations

import polars as pl

from metrics.participation_more import local_day, person_groups, populations
from metrics.periods import Period

CONVERSATION = "learning_conversation"


def _conversation_events(events: pl.DataFrame, activities: pl.DataFrame) -> pl.DataFrame:
    ids = activities.filter(pl.col("activity_type") == CONVERSATION).select("activity_id")
    return events.join(ids, on="activity_id", how="semi")


def learning_conversations(events: pl.DataFrame, activities: pl.DataFrame, period: Period, timezone: str) -> int:
    """C1: learning conversations held in the period (distinct conversations, not events).

    `events` are the raw warehouse events (a conversation counts whoever took part).
    """
    held = local_day(_conversation_events(events, activities), "occurred_at", timezone).filter(
        pl.col("day").is_between(period.start, period.end))
    return held["activity_id"].n_unique() if held.height else 0


def conversations_with(scope: pl.DataFrame, events_in_period: pl.DataFrame, activities: pl.DataFrame) -> int:
    """C1 for a (filtered) population: conversations in the period with at least one in-scope participant.

    `events_in_period` are person events (`metrics.activity.person_events`) of the period.
    """
    conversations = _conversation_events(events_in_period, activities)
    participants = conversations.select("person_id", "activity_id")
    if "counterpart_person_id" in conversations.columns:
        named = conversations.filter(pl.col("counterpart_person_id").is_not_null()).select(
            pl.col("counterpart_person_id").alias("person_id"), "activity_id")
        participants = pl.concat([participants, named])
    return participants.join(scope.select("person_id"), on="person_id", how="semi")["activity_id"].n_unique()


def active_companions(scope: pl.DataFrame, events_in_period: pl.DataFrame, by: str | None = None) -> pl.DataFrame:
    """C2: distinct in-scope companions (verb `accompanied`) in the period. Columns: group, population, companions."""
    companions = events_in_period.filter(pl.col("verb") == "accompanied").select("person_id").unique().join(
        person_groups(scope, by), on="person_id", how="inner")
    per_group = companions.group_by("group").agg(pl.len().cast(pl.Int64).alias("companions"))
    return populations(scope, by).join(per_group, on="group", how="left").with_columns(
        pl.col("companions").fill_null(0)).sort("group")


def conversation_learners(events_in_period: pl.DataFrame, activities: pl.DataFrame) -> pl.DataFrame:
    """(person_id, activity_id) of every learner of a conversation in the period, each pair once."""
    conversations = _conversation_events(events_in_period, activities)
    as_learner = conversations.filter(pl.col("role") == "learner").select("person_id", "activity_id")
    if "counterpart_person_id" in conversations.columns:
        named = conversations.filter((pl.col("verb") == "accompanied") & pl.col("counterpart_person_id").is_not_null()) \
            .select(pl.col("counterpart_person_id").alias("person_id"), "activity_id")
        as_learner = pl.concat([as_learner, named])
    return as_learner.unique()


def accompanied_learners(scope: pl.DataFrame, events_in_period: pl.DataFrame, activities: pl.DataFrame,
                         by: str | None = None) -> pl.DataFrame:
    """C3 (and C4 per group): distinct in-scope learners with at least one conversation in the period.

    Columns: group, population, accompanied (C3), accompanied_share (C3 / P1), conversations (distinct
    conversations with the group's accompanied learners), conversations_per_learner (conversations / C3).
    """
    pairs = conversation_learners(events_in_period, activities).join(
        person_groups(scope, by), on="person_id", how="inner")
    per_group = pairs.group_by("group").agg(
        pl.col("person_id").n_unique().cast(pl.Int64).alias("accompanied"),
        pl.col("activity_id").n_unique().cast(pl.Int64).alias("conversations"))
    result = populations(scope, by).join(per_group, on="group", how="left").with_columns(
        pl.col("accompanied").fill_null(0), pl.col("conversations").fill_null(0))
    return result.with_columns(
        pl.when(pl.col("population") > 0).then(pl.col("accompanied") / pl.col("population")).otherwise(None)
        .alias("accompanied_share"),
        pl.when(pl.col("accompanied") > 0).then(pl.col("conversations") / pl.col("accompanied")).otherwise(None)
        .alias("conversations_per_learner"),
    ).select("group", "population", "accompanied", "accompanied_share", "conversations",
             "conversations_per_learner").sort("group")


def conversations_per_accompanied_learner(c1: int, c3: int) -> float | None:
    """C4: C1 / C3; undefined without accompanied learners."""
    return c1 / c3 if c3 else None


def held_meetings(events: pl.DataFrame, activities: pl.DataFrame, timezone: str) -> pl.DataFrame:
    """Circle meetings with circle_id, meeting number (from the id, else null) and the local day held."""
    meetings = activities.filter(pl.col("activity_type") == "circle_meeting").select(
        "activity_id", pl.col("parent_activity_id").alias("circle_id"), "starts_at")
    meetings = local_day(meetings, "starts_at", timezone, "start_day")
    first_event = local_day(events.join(meetings.select("activity_id"), on="activity_id", how="semi"),
                            "occurred_at", timezone).group_by("activity_id").agg(pl.col("day").min().alias("event_day"))
    return meetings.join(first_event, on="activity_id", how="left").with_columns(
        pl.coalesce("start_day", "event_day").alias("day"),
        pl.col("activity_id").cast(pl.String).str.extract(r":meeting:(\d+)$", 1).cast(pl.Int64, strict=False)
        .alias("number"),
    ).filter(pl.col("day").is_not_null() & pl.col("circle_id").is_not_null()).select(
        "activity_id", "circle_id", "number", "day")


def circle_members(events: pl.DataFrame, identities: pl.DataFrame, meetings: pl.DataFrame, period: Period,
                   timezone: str) -> pl.DataFrame:
    """(circle_id, person_id) of the period's members: registered over the period, or attended a meeting in it."""
    # only what a circle can be: registrations on the circles that hold meetings, attendance of the meetings
    circle_ids = pl.concat([meetings.select("activity_id"),
                            meetings.select(pl.col("circle_id").alias("activity_id"))]).unique()
    relevant = (events.select("actor_id", "activity_id", "verb", "occurred_at")
                .join(circle_ids, on="activity_id", how="semi"))
    known = local_day(relevant.join(identities.select("identity_id", "person_id"), left_on="actor_id",
                                    right_on="identity_id", how="inner"), "occurred_at", timezone)
    membership = known.filter(pl.col("verb").is_in(["registered", "unregistered"])).group_by(
        "person_id", pl.col("activity_id").alias("circle_id")).agg(
        pl.col("day").filter((pl.col("verb") == "registered") & (pl.col("day") <= period.end)).max().alias("joined"),
        pl.col("day").filter((pl.col("verb") == "unregistered") & (pl.col("day") <= period.end)).max().alias("left"),
    ).filter(pl.col("joined").is_not_null()  # registered by the end, and not gone for good before the start
             & (pl.col("left").is_null() | (pl.col("left") >= period.start) | (pl.col("left") < pl.col("joined"))))
    in_period = meetings.filter(pl.col("day").is_between(period.start, period.end))
    attended = known.filter(pl.col("verb") == "attended").join(
        in_period.select("activity_id", "circle_id"), on="activity_id", how="inner").filter(
        pl.col("day").is_between(period.start, period.end)).select("person_id", "circle_id")
    return pl.concat([membership.select("person_id", "circle_id"), attended]).unique()


def learning_circles(scope: pl.DataFrame, events: pl.DataFrame, identities: pl.DataFrame, activities: pl.DataFrame,
                     period: Period, timezone: str, by: str | None = None, members_only: bool = False) -> pl.DataFrame:
    """C5: circles active in the period, their in-scope members, the share that reached their planned last meeting.

    `events` are the raw warehouse events (registrations are admin events). Columns: group, population,
    circles, members, with_plan (active circles with planned_meetings), reached, reached_share.
    `members_only`: ungrouped, count only the circles with an in-scope member (for a filtered population).
    """
    meetings = held_meetings(events, activities, timezone)
    active = meetings.filter(pl.col("day").is_between(period.start, period.end)).select("circle_id").unique()
    circles = activities.filter(pl.col("activity_type") == "circle").select(
        pl.col("activity_id").alias("circle_id"), "planned_meetings").join(active, on="circle_id", how="semi")
    progress = meetings.filter(pl.col("day") <= period.end).group_by("circle_id").agg(
        pl.len().alias("held"), pl.col("number").max().alias("highest"))
    circles = circles.join(progress, on="circle_id", how="left").with_columns(
        pl.when(pl.col("planned_meetings").is_null()).then(None)
        .otherwise(pl.max_horizontal(pl.col("held"), pl.col("highest").fill_null(0)) >= pl.col("planned_meetings"))
        .alias("reached"))
    members = circle_members(events, identities, meetings, period, timezone).join(
        circles.select("circle_id"), on="circle_id", how="semi").join(person_groups(scope, by), on="person_id",
                                                                       how="inner")
    rows = []
    for group in populations(scope, by).iter_rows(named=True):
        mine = members.filter(pl.col("group") == group["group"])
        theirs = circles if by is None and not members_only else circles.join(
            mine.select("circle_id").unique(), on="circle_id", how="semi")
        planned = theirs.filter(pl.col("reached").is_not_null())
        reached = int(planned["reached"].sum()) if planned.height else 0
        rows.append({**group, "circles": theirs.height, "members": mine["person_id"].n_unique(),
                     "with_plan": planned.height, "reached": reached,
                     "reached_share": reached / planned.height if planned.height else None})
    return pl.DataFrame(rows, schema={"group": pl.String, "population": pl.Int64, "circles": pl.Int64,
                                      "members": pl.Int64, "with_plan": pl.Int64, "reached": pl.Int64,
                                      "reached_share": pl.Float64})
