"""One entry point for every catalogue metric: compute, group, guard, and return rows."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Callable
from zoneinfo import ZoneInfo

import polars as pl

from metrics import access
from metrics.activity import in_period, learning_durations
from metrics.catalogue import METRICS, PERSON_GROUPINGS, Metric
from metrics.compute_more import MORE_COMPUTATIONS
from metrics.compute_network import NETWORK_COMPUTATIONS
from metrics.compute_skills import SKILL_COMPUTATIONS
from metrics.ecosystem import FLOW_METRICS, flows, is_activity_side, protect
from metrics.filters import Filters, check
from metrics.grouping import parse, parts, with_group
from metrics.memo import per_load
from metrics.result_store import stored
from metrics.overview import Metrics
from metrics.participation_more import CHANNELS
from metrics.periods import Period
from metrics.population import scope_of
from metrics.privacy import RECOVERABLE, all_or_none, extreme_rows, guard_frame, hide, too_close
from metrics.privacy_cells import complement
from metrics.privacy_ledger import Ledger
from metrics.privacy_remainder import check_remainder, describe, parent_chains, rest_notes
from metrics.quarterly import quarterly_review


class NotComputedYet(LookupError):
    """The metric is declared in the catalogue but its computation has not landed yet."""


@dataclass
class Result:
    metric: Metric
    period: Period
    by: str | None
    filters: Filters | None = None
    rows: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"metric": self.metric.id, "period": {"start": self.period.start.isoformat(),
                                                      "end": self.period.end.isoformat()},
                "by": self.by, "filters": self.filters.as_dict() if self.filters else {}, "rows": self.rows}


def last_complete_quarter(today: date) -> Period:
    quarter = (today.month - 1) // 3 + 1
    return Period.quarter(today.year, quarter).previous()


def today_in(timezone: str) -> date:
    return datetime.now(ZoneInfo(timezone)).date()


def participation_by(model: Metrics, period: Period, by: str | None) -> pl.DataFrame:
    """P1 to P5 per group: group, population, P1 ... P5; once per model, period and grouping (P1 to P5 share it)."""
    return per_load(model, "participation", (period.start, period.end, by), lambda: _participation_table(
        model, period, by))


def _participation_table(model: Metrics, period: Period, by: str | None) -> pl.DataFrame:
    scope = with_group(scope_of(model, period), by, model.frames.org_units)
    events = in_period(model.person_events, period).join(scope.select("person_id", "group"), on="person_id")
    active = events.group_by("group").agg(pl.col("person_id").n_unique().alias("P2"))
    hours = (learning_durations(events, model.frames.activities)
             .join(scope.select("person_id", "group"), on="person_id")
             .group_by("group").agg(pl.col("hours").sum().alias("P4")))
    return (scope.group_by("group").agg(pl.len().alias("population"), pl.col("fte").sum().alias("fte"))
            .join(active, on="group", how="left").join(hours, on="group", how="left")
            .with_columns(pl.col("population").alias("P1"), pl.col("P2").fill_null(0),
                          pl.col("P4").fill_null(0.0))
            .with_columns((pl.col("P2") / pl.col("P1")).alias("P3"),
                          pl.when(pl.col("fte") > 0).then(pl.col("P4") / pl.col("fte")).alias("P5"))
            .sort("group"))


def _participation(metric_id: str) -> Callable[[Metrics, Period, str | None], pl.DataFrame]:
    def compute(model: Metrics, period: Period, by: str | None) -> pl.DataFrame:
        if is_activity_side(by):  # by what was learned: channel, provider, or a flow such as provider+org_unit:2
            return flows(model, period, by, metric_id)
        return participation_by(model, period, by).select("group", "population", pl.col(metric_id).alias("value"))
    return compute


COMPUTATIONS: dict[str, Callable[[Metrics, Period, str | None], pl.DataFrame]] = {
    **{m: _participation(m) for m in ("P1", "P2", "P3", "P4", "P5")},
    **SKILL_COMPUTATIONS,
    **MORE_COMPUTATIONS,
    **NETWORK_COMPUTATIONS,
    "Q": lambda model, period, by: quarterly_review(model, period),
}


# Rule 3's lines beyond the total: groupings whose groups are unions of this grouping's groups, as the data shows
# (checked group by group: a country is a line of the location table when all its locations lie in it).
NESTED_IN = {"location": ("country",), "role": ("job_family",)}
NO_LINES = ("N6",)  # rows are the organisation, reach buckets and ties, not the groups of the grouping
UNAUDITED = ("P1",)  # the headcount is every row's population, shown anyway; not a figure about behaviour
SETTINGS_FILES = ("Q",)  # reads targets.toml on every call, so a changed target shows without a new sync


def raw(model: Metrics, metric_id: str, period: Period, by: str | None) -> pl.DataFrame:
    """The metric's frame before the privacy rules, computed once per model (one warehouse load and filter set).

    The computations are pure, so every session may share them; the privacy rules, which depend on what a
    session was already shown (rule 5), run on top of it for each session."""
    if metric_id in SETTINGS_FILES:
        return COMPUTATIONS[metric_id](model, period, by)
    key = (metric_id, period.start, period.end, by, model.settings.min_group_size)
    return per_load(model, "raw", key, lambda: stored(model, "raw", key,
                                                      lambda: COMPUTATIONS[metric_id](model, period, by)),
                    limit=4096)


def _with_k(model: Metrics, k: int) -> Metrics:
    """The model under the role's k (the works council's may be higher than the setting)."""
    if k == model.settings.min_group_size:
        return model
    copied = object.__new__(Metrics)
    copied.__dict__.update(model.__dict__)
    copied.settings, copied._narrowed = replace(model.settings, min_group_size=k), {}  # the memo keys hold k
    return copied


def _coarser(by: str, org_units: pl.DataFrame) -> list[str]:
    name, level = parse(by)
    if name == "org_unit":
        top = level if level is not None else int(org_units["level"].max() or 1)
        return [f"org_unit:{lvl}" for lvl in range(1, top)]
    return list(NESTED_IN.get(name, ()))


class _Tables:
    """The guarded tables of one metric, period and filter set, each computed once; rules 1 to 5 in order."""

    def __init__(self, base: Metrics, model: Metrics, metric: Metric, period: Period, k: int,
                 filters: Filters | None):
        self.base, self.model, self.metric, self.period, self.k, self.filters = base, model, metric, period, k, filters
        self.cache: dict[str | None, pl.DataFrame] = {}

    def members(self, by: str | None) -> dict[str, frozenset]:
        """The people each group of a person grouping is about (for the ledger and the nesting lines).

        Kept per model (one warehouse load and filter set), period and grouping: it depends on nothing else, and
        at Konzern scale building the sets costs more than the metric's rules themselves."""
        def build() -> dict[str, frozenset]:
            grouped = with_group(scope_of(self.model, self.period), by, self.model.frames.org_units)
            return {group: frozenset(ids) for group, ids in grouped.group_by("group").agg(pl.col("person_id")).iter_rows()}
        return per_load(self.model, "members", (self.period.start, self.period.end, by), build)

    def get(self, by: str | None, ledger: Ledger | None = None) -> pl.DataFrame:
        if ledger is None and by in self.cache:
            return self.cache[by]
        table = self._table(by, ledger)
        if ledger is None:
            self.cache[by] = table
        return table

    def _table(self, by: str | None, ledger: Ledger | None) -> pl.DataFrame:
        metric, k = self.metric, self.k
        frame = raw(self.model, metric.id, self.period, by)
        value_columns = [c for c in frame.columns if c not in ("group", "population")]
        guarded = guard_frame(frame, k, value_columns)  # rule 1
        flow = metric.id in FLOW_METRICS and is_activity_side(by)
        person = by is not None and not flow and parse(by)[0] in PERSON_GROUPINGS
        notes: dict[int, str] = {}
        if not flow:  # rule 2 (a flow's population is who took part: P2 of a flow is all of it by definition)
            notes.update({i: all_or_none(k) for i, extreme in enumerate(extreme_rows(guarded, metric.id, k))
                          if extreme and not guarded["suppressed"][i]})
        groups, populations = guarded["group"].to_list(), guarded["population"].to_list()
        if by is not None and self.filters and (self.filters.org_unit or self.filters.country):  # rule 4 per group
            notes.update({i: note for i, note in rest_notes(groups, populations, self._parent_populations(by),
                                                            k).items() if i not in notes})
        guarded = hide(guarded, notes, value_columns)
        people = self.members(by) if (person or by is None) and metric.id not in ("P8",) else {}
        if people and by is not None:  # N5 and N6 show the organisation's own figure first
            people.setdefault("all", frozenset().union(*people.values()))
        guarded = self._secondary(guarded, by, value_columns, flow, person)  # rule 3
        if ledger is not None and metric.id not in UNAUDITED:  # rule 5, then rule 3 again for what it refused
            refused = self._refused(guarded, people, ledger)
            if refused:
                guarded = self._secondary(hide(guarded, refused, value_columns), by, value_columns, flow, person)
        if ledger is not None and metric.id not in UNAUDITED:
            for group, shut in zip(guarded["group"], guarded["suppressed"]):
                if not shut and group in people:
                    ledger.remember(self.period.start, self.period.end, people[group])
        return guarded

    def _secondary(self, guarded: pl.DataFrame, by: str | None, value_columns: list[str], flow: bool,
                   person: bool) -> pl.DataFrame:
        if flow:  # flows, with every part's own table
            marginal = {d: self._hidden(part) for d, part in enumerate(parts(by))} if "+" in by else {}
            return protect(guarded, self.k, value_columns, by, marginal)
        if person and self.metric.id not in NO_LINES:
            return self._complement(guarded, by, value_columns)
        return guarded

    def _refused(self, guarded: pl.DataFrame, people: dict[str, frozenset], ledger: Ledger) -> dict[int, str]:
        """Rows the ledger refuses: all of them are checked together first, then one by one in order."""
        start, end, k = self.period.start, self.period.end, self.k
        candidates = [(i, people[group]) for i, (group, shut) in enumerate(zip(guarded["group"],
                                                                                guarded["suppressed"]))
                      if not shut and group in people]
        if not candidates or not ledger.conflict(start, end, [s for _, s in candidates], k):
            return {}
        refused, admitted = {}, []
        for i, members in candidates:
            if ledger.conflict(start, end, admitted + [members], k):
                refused[i] = too_close(k)
            else:
                admitted.append(members)
        return refused

    def _hidden(self, by: str) -> set[str]:
        table = self.get(by)
        return set(table.filter(pl.col("suppressed"))["group"])

    def _parent_populations(self, by: str) -> list[tuple[str, dict[str, int]]]:
        """The same answer under each parent of the person filters (rule 4), as group -> population."""
        found = []
        for _, parents in parent_chains(self.base, self.filters):
            for parent in parents:
                model = self.base.restricted(parent)
                frame = raw(model, self.metric.id, self.period, by)
                found.append((describe(parent), dict(zip(frame["group"], frame["population"]))))
        return found

    def _complement(self, guarded: pl.DataFrame, by: str, value_columns: list[str]) -> pl.DataFrame:
        """Rule 3 for a person grouping: the total line (per month for P8), and the lines of coarser groupings."""
        groups, populations = guarded["group"].to_list(), guarded["population"].to_list()
        hidden = {i for i, shut in enumerate(guarded["suppressed"]) if shut}
        if self.metric.id == "P8":  # rows "2026-07 DE" and "cohort 2026-07 +1 DE": one line per month and cohort
            lines: dict[str, list[int]] = {}
            for i, group in enumerate(groups):
                words = group.split(" ")
                lines.setdefault(" ".join(words[:3] if words[0] == "cohort" else words[:1]), []).append(i)
            added = complement(groups, populations, hidden, list(lines.values()), 2 * self.k)
            return hide(guarded, {i: RECOVERABLE for i in added}, value_columns)
        rows = [i for i, group in enumerate(groups) if group != "all"]  # N5 shows the organisation's figure first
        line_list = [rows]
        inherited, pinned = set(), set()
        index = {groups[i]: i for i in rows}
        mine = self.members(by)
        for coarser in _coarser(by, self.model.frames.org_units):
            theirs = self.members(coarser)
            hidden_there = self._hidden(coarser)
            for group, people in theirs.items():
                inside = [g for g, own in mine.items() if own <= people]
                if sum(len(mine[g]) for g in inside) != len(people) or not all(g in index for g in inside):
                    continue  # not a union of this table's groups
                line = [index[g] for g in inside]
                if group in hidden_there:
                    inherited.update(i for i in line if i not in hidden)
                elif len(line) == 1:
                    pinned.update(line)
                else:
                    line_list.append(line)
        added = inherited | complement(groups, populations, hidden | inherited, line_list, 2 * self.k, pinned)
        return hide(guarded, {i: RECOVERABLE for i in added}, value_columns)


def compute(model: Metrics, metric_id: str, period: Period, by: str | None = None,
            filters: Filters | None = None, role: str | None = None, ledger: Ledger | None = None) -> Result:
    """The metric for the period (grouping and filters) as the role may see it, every privacy rule applied.

    `role` (default "ld_lead") must be allowed the metric (`access.check_metric`, else AccessDenied) and gives k
    (`access.min_group_size`). `ledger` is the session's record of what it was shown (rule 5); a figure too close
    to an earlier one comes back hidden with its reason. A filter whose rest of its parent group has fewer than k
    people raises `metrics.privacy.Refused` (rule 4). docs/privacy.md describes every rule.
    """
    metric = METRICS.get(metric_id.upper())
    if metric is None:
        raise KeyError(f"'{metric_id}' is not in the catalogue; `python -m metrics list` shows it")
    role = role or "ld_lead"
    access.check_metric(role, metric.id)
    if by is not None and any(parse(part)[0] not in metric.groupings for part in parts(by)):
        raise ValueError(f"{metric.id} cannot be grouped by '{by}'; it supports: "
                         f"{', '.join(metric.groupings) or 'no grouping'}")
    if by is not None and "+" in by and metric.id not in FLOW_METRICS:
        raise ValueError(f"{metric.id} cannot be grouped by a combination; {', '.join(FLOW_METRICS)} can")
    if metric.id not in COMPUTATIONS:
        raise NotComputedYet(f"{metric.id} ({metric.name}) is declared but not computed yet")
    k = max(model.settings.min_group_size, access.min_group_size(model.settings, role))
    base = _with_k(model, k)
    restricted = base
    if filters:
        check(model.frames, filters, CHANNELS)
        periods = [period, *period.months()] if metric.grain == "month" else [period]
        check_remainder(base, filters, periods, k)
        restricted = base.restricted(filters)
    guarded = _Tables(base, restricted, metric, period, k, filters or None).get(by, ledger)
    value_columns = [c for c in guarded.columns if c not in ("group", "population", "suppressed", "note")]
    rows = []
    for row in guarded.iter_rows(named=True):
        values = {c: row[c] for c in value_columns}
        rows.append({"group": row["group"], "value": values["value"] if list(values) == ["value"] else values,
                     "population": row["population"], "suppressed": row["suppressed"],
                     **({"note": row["note"]} if row["note"] else {})})
    return Result(metric, period, by, filters, rows)
