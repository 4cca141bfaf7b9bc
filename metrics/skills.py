"""Skill coverage metrics S1 to S6 (METRICS.md), as pure functions of frames and a period.

Choices where METRICS.md is silent (the taxonomy's in `metrics.skills_taxonomy`):
- Role key: a requirement's `role` matches a person's `role` or `job_code` (as of the period's last day);
  both matches are merged, a skill required twice counts once, essential wins over optional.
- Tags: an activity carries its own skills and those of its parent (a circle meeting its circle's, an
  occurrence its series'), one level up.
- S2 evidence kinds, each dated by the day (organisation's time zone) it was first met, all up to and
  including the period's last day, from the person's whole history: completed (verbs completed, passed);
  peer (verb attended on `peer_threshold` distinct activities of channel peer tagged with the skill; dated
  by the first attendance of the last one needed); declared expert (declared_on on or before the end, or
  undated: then the declaration has no day); contributed (verbs in CONTRIBUTION_VERBS). The kinds are
  computed per directly tagged skill; the resulting evidence then counts for every broader skill. Peer
  attendances on two different narrower skills do not add up to a broader skill's threshold.
- S3 by group: groups are the values of the in-scope frame's column (null shown as "unknown"); coverage is
  null where a group has no required pairs. S3 by cluster: `population` is the number of in-scope persons
  with at least one required pair in that cluster.
- S4: "in the last 12 months" applies to contributions: days from the period's end minus one year
  (exclusive) to the end. Declarations count while declared on or before the end. Supply, like evidence,
  counts for broader skills too. Organisation-wide only (one group "all", population = headcount): an
  expert in another unit is still supply.
- S5: pairs of an in-scope person and a skill whose first evidence falls in the period; the first
  activity is the person's first learner or contribution event on an activity tagged with the skill or a
  narrower one. Pairs without such an event (an undated declaration, a declaration before any activity)
  or whose evidence precedes the first activity are left out.
- S6: hours of learner events (as P4: one person, activity, day once) of the in-scope employees of each
  period on activities directly tagged with the skill (not propagated upward: an activity's hours count
  for each of its skills, so figures across skills do not add up). The previous period is
  `Period.previous()`; each period is grouped by its own in-scope frame; `population` is the current one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from metrics.activity import in_period, learning_durations
from metrics.periods import Period
from metrics.population import in_scope
from metrics.skills_taxonomy import broader_closure, skill_clusters, with_broader

COMPLETION_VERBS = ("completed", "passed")
PEER_VERBS = ("attended",)
CONTRIBUTION_VERBS = ("hosted", "co-hosted", "mentored", "authored", "facilitated")
PEER_CHANNEL = "peer"
EVENTS_PER_PART = 1_000_000  # S2's evidence is computed in parts of about this many person events (by person)
UNKNOWN_GROUP = "unknown"
ALL = "all"


@dataclass(frozen=True)
class SkillData:
    """The frames the skill metrics read (see `metrics.frames.Frames`)."""

    activities: pl.DataFrame
    activity_skills: pl.DataFrame
    skills: pl.DataFrame
    skill_relations: pl.DataFrame
    requirements: pl.DataFrame
    expertise: pl.DataFrame
    identities: pl.DataFrame

    @classmethod
    def from_frames(cls, frames) -> SkillData:
        return cls(frames.activities, frames.activity_skills, frames.skills, frames.skill_relations,
                   frames.requirements, frames.expertise, frames.identities)


# --- helpers -----------------------------------------------------------------------------------------


def _grouped(scope: pl.DataFrame, by: str | None) -> pl.DataFrame:
    """person_id and its group (str), "all" without grouping."""
    if by is None:
        return scope.select("person_id", pl.lit(ALL).alias("group"))
    return scope.select("person_id", pl.col(by).cast(pl.String).fill_null(UNKNOWN_GROUP).alias("group"))


def _populations(scope: pl.DataFrame, by: str | None) -> pl.DataFrame:
    populations = _grouped(scope, by).group_by("group").agg(pl.len().cast(pl.Int64).alias("population"))
    if by is None and populations.is_empty():
        return pl.DataFrame({"group": [ALL], "population": [0]}, schema={"group": pl.String, "population": pl.Int64})
    return populations


def activity_tags(activities: pl.DataFrame, activity_skills: pl.DataFrame) -> pl.DataFrame:
    """(activity_id, skill_id): an activity's own skills and its parent activity's."""
    own = activity_skills.select("activity_id", "skill_id")
    inherited = (activities.select("activity_id", "parent_activity_id").drop_nulls()
                 .join(own.rename({"activity_id": "parent_activity_id"}), on="parent_activity_id")
                 .select("activity_id", "skill_id"))
    return pl.concat([own, inherited]).unique()


def _tagged_events(person_events: pl.DataFrame, data: SkillData, as_of: date,
                   verbs: tuple[str, ...] | None = None) -> pl.DataFrame:
    """Person events up to `as_of` on tagged activities: one row per event and skill, with the channel. Given
    `verbs`, only those, and one row per person, activity, verb and skill with its first day (what every
    reader of evidence takes), so the join with the tags multiplies far fewer rows."""
    events = person_events.filter(pl.col("day") <= as_of).select("person_id", "activity_id", "verb", "day")
    if verbs is not None:
        events = (events.filter(pl.col("verb").is_in(verbs))
                  .group_by("person_id", "activity_id", "verb").agg(pl.col("day").min()))
    return (events
            .join(activity_tags(data.activities, data.activity_skills), on="activity_id")
            .join(data.activities.select("activity_id", "channel"), on="activity_id", how="left"))


def _declared_experts(data: SkillData, as_of: date) -> pl.DataFrame:
    """(person_id, skill_id, day) of expertise declared on or before `as_of` (undated: day null)."""
    return (data.expertise.join(data.identities.select("identity_id", "person_id"),
                                left_on="actor_id", right_on="identity_id")
            .filter(pl.col("declared_on").is_null() | (pl.col("declared_on") <= as_of))
            .select("person_id", "skill_id", pl.col("declared_on").cast(pl.Date).alias("day")))


def _first_days(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.group_by("person_id", "skill_id").agg(pl.col("day").min())


# --- S1, S2 --------------------------------------------------------------------------------------------


def required_pairs(scope: pl.DataFrame, requirements: pl.DataFrame, include_optional: bool = False) -> pl.DataFrame:
    """S1: (person_id, skill_id, relation) required of in-scope persons by their role or job code."""
    wanted = requirements if include_optional else requirements.filter(pl.col("relation") == "essential")
    wanted = wanted.select(pl.col("role").cast(pl.String), "skill_id", "relation")
    keys = [c for c in ("role", "job_code") if c in scope.columns]
    matches = [scope.select("person_id", pl.col(c).cast(pl.String).alias("role")).drop_nulls().join(wanted, on="role")
               for c in keys]
    pairs = pl.concat(matches) if matches else pl.DataFrame(
        schema={"person_id": pl.String, "role": pl.String, "skill_id": pl.String, "relation": pl.String})
    return (pairs.with_columns((pl.col("relation") == "essential").alias("_essential"))
            .sort("_essential", descending=True).unique(["person_id", "skill_id"], keep="first")
            .select("person_id", "skill_id", "relation").sort("person_id", "skill_id"))


def evidence(person_events: pl.DataFrame, data: SkillData, as_of: date, peer_threshold: int = 2) -> pl.DataFrame:
    """S2: (person_id, skill_id, day) for every person with evidence for a skill by `as_of`, with the day of
    their first evidence (null only for an undated declaration); evidence counts for broader skills too."""
    return history_evidence(person_events, data, peer_threshold, until=as_of).select("person_id", "skill_id", "day")


def history_evidence(person_events: pl.DataFrame, data: SkillData, peer_threshold: int = 2,
                     until: date | None = None) -> pl.DataFrame:
    """(person_id, skill_id, day, undated): each person's first dated evidence for a skill up to `until` (the
    whole history without it), and whether an undated declaration gives it too.

    Every earlier day's S2 follows from it (`evidence_as_of`): a first day only moves earlier as history grows,
    and so does the day of the peer threshold's k-th session. A dashboard asks for many days (a sparkline of S3
    is twelve month ends); each is a filter of this, not a pass over the whole history."""
    if peer_threshold < 1:
        raise ValueError("peer_threshold must be at least 1")
    until = until or date.max
    declared = _declared_experts(data, until)
    parts = max(1, -(-person_events.height // EVENTS_PER_PART))
    if parts == 1:
        return _history(person_events, data, until, peer_threshold, declared)
    # Evidence is a person's own, so a large warehouse computes it for one part of the persons after another: the
    # peak is a part's tagged events, not the whole warehouse's. A person whose rows fell into two parts would
    # still get one row per skill from the last step.
    part = pl.col("person_id").hash() % parts
    found = pl.concat([_history(person_events.filter(part == k), data, until, peer_threshold,
                                declared.filter(part == k)) for k in range(parts)])
    return found.group_by("person_id", "skill_id").agg(pl.col("day").min(), pl.col("undated").any())


def evidence_as_of(history: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """S2 by `as_of` from `history_evidence`: dated evidence up to that day, undated declarations always."""
    on_time = (pl.col("day") <= as_of).fill_null(False)
    return history.filter(on_time | pl.col("undated")).select(
        "person_id", "skill_id", pl.when(on_time).then(pl.col("day")).alias("day"))


def _history(person_events: pl.DataFrame, data: SkillData, until: date, peer_threshold: int,
             declared: pl.DataFrame) -> pl.DataFrame:
    tagged = _tagged_events(person_events, data, until, COMPLETION_VERBS + CONTRIBUTION_VERBS + PEER_VERBS)
    completed = _first_days(tagged.filter(pl.col("verb").is_in(COMPLETION_VERBS)))
    contributed = _first_days(tagged.filter(pl.col("verb").is_in(CONTRIBUTION_VERBS)))
    peer = (tagged.filter(pl.col("verb").is_in(PEER_VERBS) & (pl.col("channel") == PEER_CHANNEL))
            .group_by("person_id", "skill_id", "activity_id").agg(pl.col("day").min())
            .group_by("person_id", "skill_id").agg(pl.col("day").sort().alias("days"))
            .filter(pl.col("days").list.len() >= peer_threshold)
            .select("person_id", "skill_id", pl.col("days").list.get(peer_threshold - 1).alias("day")))
    found = pl.concat([completed, contributed, peer, declared], how="vertical_relaxed")
    found = with_broader(found, broader_closure(data.skill_relations))
    # unsorted: every reader aggregates, and sorting two long ids took as long as this
    return found.group_by("person_id", "skill_id").agg(pl.col("day").min(), pl.col("day").is_null().any()
                                                       .alias("undated"))


# --- S3 -----------------------------------------------------------------------------------------------


def _covered(required: pl.DataFrame, found: pl.DataFrame) -> pl.DataFrame:
    evidenced = found.select("person_id", "skill_id").with_columns(pl.lit(True).alias("covered"))
    return required.join(evidenced, on=["person_id", "skill_id"], how="left").with_columns(
        pl.col("covered").fill_null(False))


def _coverage_columns(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(
        pl.col("required_pairs").fill_null(0).cast(pl.Int64), pl.col("covered_pairs").fill_null(0).cast(pl.Int64)
    ).with_columns(
        pl.when(pl.col("required_pairs") > 0).then(pl.col("covered_pairs") / pl.col("required_pairs"))
        .otherwise(None).cast(pl.Float64).alias("coverage"))


def skill_coverage(scope: pl.DataFrame, required: pl.DataFrame, found: pl.DataFrame,
                   by: str | None = None) -> pl.DataFrame:
    """S3: share of required pairs (S1) with evidence (S2), by group.

    Columns group, population, required_pairs, covered_pairs, coverage (null without required pairs)."""
    counts = (_covered(required, found).join(_grouped(scope, by), on="person_id")
              .group_by("group").agg(pl.len().alias("required_pairs"), pl.col("covered").sum().alias("covered_pairs")))
    return _coverage_columns(_populations(scope, by).join(counts, on="group", how="left")).select(
        "group", "population", "required_pairs", "covered_pairs", "coverage").sort("group")


def skill_coverage_by_cluster(required: pl.DataFrame, found: pl.DataFrame, clusters: pl.DataFrame) -> pl.DataFrame:
    """S3 by skill cluster: columns group (cluster label), population (persons with a required pair in the
    cluster), required_pairs, covered_pairs, coverage. `clusters` from `skills_taxonomy.skill_clusters`."""
    frame = (_covered(required, found)
             .join(clusters.select(pl.col("skill_id").cast(required.schema["skill_id"]), "cluster"), on="skill_id",
                   how="left")
             .with_columns(pl.col("cluster").fill_null("unclustered").alias("group"))
             .group_by("group").agg(pl.col("person_id").n_unique().cast(pl.Int64).alias("population"),
                                    pl.len().alias("required_pairs"),
                                    pl.col("covered").sum().alias("covered_pairs")))
    return _coverage_columns(frame).select("group", "population", "required_pairs", "covered_pairs",
                                           "coverage").sort("group")


# --- S4 -----------------------------------------------------------------------------------------------


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def expert_supply(scope: pl.DataFrame, person_events: pl.DataFrame, data: SkillData, as_of: date) -> pl.DataFrame:
    """(person_id, skill_id) of in-scope declared experts and recent contributors (12 months up to `as_of`)."""
    since = _year_before(as_of)
    contributed = (_tagged_events(person_events.filter(pl.col("day") > since), data, as_of, CONTRIBUTION_VERBS)
                   .select("person_id", "skill_id"))
    experts = pl.concat([contributed, _declared_experts(data, as_of).select("person_id", "skill_id")])
    return (with_broader(experts, broader_closure(data.skill_relations)).unique()
            .join(scope.select("person_id"), on="person_id", how="semi"))


def expert_supply_demand(scope: pl.DataFrame, person_events: pl.DataFrame, data: SkillData, period: Period,
                         required: pl.DataFrame, found: pl.DataFrame) -> pl.DataFrame:
    """S4: per skill, supply (in-scope declared experts or contributors of the last 12 months), demand
    (in-scope persons requiring it without evidence) and at_risk (supply <= 1 and demand > 0).

    Columns group ("all"), population, skill_id, skill (label), supply, demand, at_risk."""
    supply = (expert_supply(scope, person_events, data, period.end)
              .group_by("skill_id").agg(pl.col("person_id").n_unique().cast(pl.Int64).alias("supply")))
    demand = (_covered(required.join(scope.select("person_id"), on="person_id", how="semi"), found)
              .filter(~pl.col("covered"))
              .group_by("skill_id").agg(pl.col("person_id").n_unique().cast(pl.Int64).alias("demand")))
    labels = data.skills.select("skill_id", pl.col("label").alias("skill"))
    return (supply.join(demand, on="skill_id", how="full", coalesce=True)
            .with_columns(pl.col("supply").fill_null(0), pl.col("demand").fill_null(0))
            .with_columns(((pl.col("supply") <= 1) & (pl.col("demand") > 0)).alias("at_risk"))
            .join(labels, on="skill_id", how="left")
            .with_columns(pl.lit(ALL).alias("group"), pl.lit(scope.height, pl.Int64).alias("population"))
            .select("group", "population", "skill_id", "skill", "supply", "demand", "at_risk")
            .sort(["at_risk", "demand", "skill_id"], descending=[True, True, False]))


# --- S5 -----------------------------------------------------------------------------------------------


def time_to_skill(scope: pl.DataFrame, person_events: pl.DataFrame, data: SkillData, period: Period,
                  found: pl.DataFrame, by: str | None = None) -> pl.DataFrame:
    """S5: median days from a person's first activity tagged with a skill to their first evidence for it,
    over the pairs whose first evidence falls in the period. Columns group, population, pairs, median_days."""
    evidenced = found.filter(pl.col("day").is_between(period.start, period.end))
    # Only the people with evidence in the period, and each skill's first day before the broader skills are
    # added (the earliest of the earliest days is the earliest day): the same figures, from far fewer rows.
    tagged = _tagged_events(person_events.join(evidenced.select("person_id").unique(), on="person_id", how="semi"),
                            data, period.end).select("person_id", "skill_id", "day")
    first_activity = _first_days(with_broader(_first_days(tagged), broader_closure(data.skill_relations))).rename(
        {"day": "first_activity"})
    days = (evidenced
            .join(first_activity, on=["person_id", "skill_id"])
            .with_columns((pl.col("day") - pl.col("first_activity")).dt.total_days().alias("days"))
            .filter(pl.col("days") >= 0)
            .join(_grouped(scope, by), on="person_id")
            .group_by("group").agg(pl.len().cast(pl.Int64).alias("pairs"),
                                   pl.col("days").median().cast(pl.Float64).alias("median_days")))
    return (_populations(scope, by).join(days, on="group", how="left")
            .with_columns(pl.col("pairs").fill_null(0))
            .select("group", "population", "pairs", "median_days").sort("group"))


# --- S6 -----------------------------------------------------------------------------------------------


def _skill_hours(people: pl.DataFrame, person_events: pl.DataFrame, data: SkillData, period: Period,
                 by: str | None) -> pl.DataFrame:
    scope = in_scope(people, period)
    events = in_period(person_events, period).join(scope.select("person_id"), on="person_id", how="semi")
    return (learning_durations(events, data.activities)
            .join(activity_tags(data.activities, data.activity_skills), on="activity_id")
            .join(_grouped(scope, by), on="person_id")
            .group_by("group", "skill_id").agg(pl.col("hours").sum().cast(pl.Float64)))


def trending_skills(people: pl.DataFrame, person_events: pl.DataFrame, data: SkillData, period: Period,
                    by: str | None = None) -> pl.DataFrame:
    """S6: learning hours on activities tagged with a skill, this period against the previous one.

    Columns group, population, skill_id, skill, hours, previous_hours, change (hours), change_share
    (relative, null when there were no previous hours); sorted by change, largest first."""
    current = _skill_hours(people, person_events, data, period, by)
    previous = _skill_hours(people, person_events, data, period.previous(), by).rename({"hours": "previous_hours"})
    labels = data.skills.select("skill_id", pl.col("label").alias("skill"))
    return (current.join(previous, on=["group", "skill_id"], how="full", coalesce=True)
            .with_columns(pl.col("hours").fill_null(0.0), pl.col("previous_hours").fill_null(0.0))
            .with_columns((pl.col("hours") - pl.col("previous_hours")).alias("change"))
            .with_columns(pl.when(pl.col("previous_hours") > 0).then(pl.col("change") / pl.col("previous_hours"))
                          .otherwise(None).alias("change_share"))
            .join(_populations(in_scope(people, period), by), on="group", how="left")
            .with_columns(pl.col("population").fill_null(0))
            .join(labels, on="skill_id", how="left")
            .select("group", "population", "skill_id", "skill", "hours", "previous_hours", "change", "change_share")
            .sort(["group", "change", "skill_id"], descending=[False, True, False]))


# --- one call for a period ---------------------------------------------------------------------------


def skill_metrics(people: pl.DataFrame, person_events: pl.DataFrame, data: SkillData, period: Period,
                  by: str | None = None, peer_threshold: int = 2, include_optional: bool = False,
                  cluster_level: int = 0) -> dict[str, pl.DataFrame]:
    """S1 to S6 for one period, unguarded (the caller passes every grouped output through `guard_frame`)."""
    scope = in_scope(people, period)
    required = required_pairs(scope, data.requirements, include_optional)
    found = evidence(person_events, data, period.end, peer_threshold).join(
        scope.select("person_id"), on="person_id", how="semi")
    return {
        "S1": required,
        "S2": found,
        "S3": skill_coverage(scope, required, found, by),
        "S3_cluster": skill_coverage_by_cluster(required, found,
                                                skill_clusters(data.skills, data.skill_relations, cluster_level)),
        "S4": expert_supply_demand(scope, person_events, data, period, required, found),
        "S5": time_to_skill(scope, person_events, data, period, found, by),
        "S6": trending_skills(people, person_events, data, period, by),
    }
