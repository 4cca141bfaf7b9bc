"""Great Expectations suites on canonical rows, run before loading; failing rows go to quarantine.

Each canonical table has one list of expectations; a connector kind's suite is the tables it
yields (suite name `<kind>:<table>`). The expectations run as polars expressions with Great
Expectations' semantics, names and result order (`polars_rule`): GX cost seconds to import and
about a quarter of a LEX sync to run. A block polars cannot type as pandas would goes to GX itself,
imported lazily with its analytics switched off, in an ephemeral context, offline.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

ROLES = ["learner", "contributor", "admin", "other"]
CHANNELS = ["formal", "peer", "coaching", "circle"]
EMPLOYMENT_TYPES = ["full_time", "part_time", "working_student", "apprentice"]


@dataclass(frozen=True)
class Expect:
    """One expectation: GX class name and its arguments; `name` is how people read it."""

    gx_type: str
    kwargs: dict[str, Any]

    @property
    def name(self) -> str:
        args = ", ".join(f"{k}={v}" for k, v in self.kwargs.items() if k != "ignore_row_if")
        return f"{_snake(self.gx_type)}({args})"


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")


def expectations(table: str, today: date) -> list[Expect]:
    """The rules a canonical row must meet; `today` bounds dates that cannot lie in the future."""
    tomorrow = datetime.combine(today + timedelta(days=1), datetime.min.time())
    rules = {
        "events": [
            Expect("ExpectColumnValuesToNotBeNull", {"column": "actor_id"}),
            Expect("ExpectColumnValuesToNotBeNull", {"column": "activity_id"}),
            Expect("ExpectColumnValuesToBeInSet", {"column": "role", "value_set": ROLES}),
            Expect("ExpectColumnValuesToBeBetween", {"column": "occurred_at", "max_value": tomorrow}),
            Expect("ExpectColumnValuesToBeBetween", {"column": "duration_seconds", "min_value": 0,
                                                     "max_value": 24 * 3600}),
        ],
        "person_versions": [
            Expect("ExpectColumnValuesToNotBeNull", {"column": "hire_date"}),
            Expect("ExpectColumnValuesToBeBetween", {"column": "fte", "min_value": 0, "max_value": 1,
                                                     "strict_min": True}),
            Expect("ExpectColumnValuesToBeInSet", {"column": "employment_type", "value_set": EMPLOYMENT_TYPES}),
            # Future joiners are real (signed contracts), but not years ahead.
            Expect("ExpectColumnValuesToBeBetween", {"column": "hire_date", "max_value": today + timedelta(days=366)}),
            Expect("ExpectColumnPairValuesAToBeGreaterThanB", {"column_A": "valid_to", "column_B": "valid_from",
                                                              "or_equal": True,
                                                              "ignore_row_if": "either_value_is_missing"}),
        ],
        "activities": [
            Expect("ExpectColumnValuesToBeInSet", {"column": "channel", "value_set": CHANNELS}),
            Expect("ExpectColumnValuesToBeBetween", {"column": "planned_minutes", "min_value": 0,
                                                     "max_value": 7 * 24 * 60}),
            Expect("ExpectColumnPairValuesAToBeGreaterThanB", {"column_A": "ends_at", "column_B": "starts_at",
                                                              "or_equal": True,
                                                              "ignore_row_if": "either_value_is_missing"}),
        ],
        "feedback": [
            Expect("ExpectColumnValuesToBeBetween", {"column": "rating", "min_value": 1, "max_value": 5}),
            Expect("ExpectColumnValuesToBeBetween", {"column": "recommendation", "min_value": 0, "max_value": 10}),
            Expect("ExpectColumnValuesToBeBetween", {"column": "submitted_at", "max_value": tomorrow}),
        ],
        "org_units": [
            Expect("ExpectColumnValuesToNotBeNull", {"column": "name"}),
            Expect("ExpectColumnValuesToBeBetween", {"column": "level", "min_value": 0, "max_value": 30}),
        ],
        "expertise": [Expect("ExpectColumnValuesToNotBeNull", {"column": "skill_id"})],
        "skills": [Expect("ExpectColumnValuesToNotBeNull", {"column": "label"})],
        "occupations": [Expect("ExpectColumnValuesToNotBeNull", {"column": "label"})],
        "occupation_skills": [Expect("ExpectColumnValuesToBeInSet", {"column": "relation",
                                                                    "value_set": ["essential", "optional"]})],
        "role_skill_requirements": [Expect("ExpectColumnValuesToBeInSet", {"column": "relation",
                                                                          "value_set": ["essential", "optional"]})],
    }
    return rules.get(table, [])


@dataclass
class Outcome:
    """What one expectation found in one block of rows."""

    suite: str
    expectation: str
    element_count: int
    unexpected_rows: list[int]


@cache
def _batch_definition():
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    asset = context.data_sources.add_pandas("dirigent").add_dataframe_asset("canonical_rows")
    return gx, asset.add_batch_definition_whole_dataframe("block")


def validate(suite: str, table: str, rows: list[dict], today: date) -> list[Outcome]:
    """Run the table's expectations on rows; each outcome names the indexes of the rows that failed.

    The rules run as polars expressions with Great Expectations' semantics (`polars_rule`); rows polars
    cannot type as pandas would (mixed or unexpected types in a checked column) go to Great Expectations."""
    rules = [rule for rule in expectations(table, today) if _columns(rule) <= set(rows[0])] if rows else []
    if not rules:
        return []
    import polars as pl

    try:
        return _validate_polars(suite, rules, rows)
    except (pl.exceptions.PolarsError, TypeError, ValueError, OverflowError, NotImplementedError):
        return _validate_gx(suite, rules, rows)


def _validate_polars(suite: str, rules: list[Expect], rows: list[dict]) -> list[Outcome]:
    import polars as pl

    names = sorted(set().union(*(_columns(rule) for rule in rules)))
    frame = pl.DataFrame({name: [row[name] for row in rows] for name in names})
    frame = frame.with_columns(pl.col(pl.Float32, pl.Float64).fill_nan(None))  # pandas reads NaN as missing
    flags = frame.select([(applies & fails).fill_null(False).alias(str(index))
                          for index, (applies, fails) in enumerate(map(polars_rule, rules))])
    indexes = pl.Series(range(len(rows)), dtype=pl.Int64)
    outcomes = [Outcome(suite, rule.name, len(rows), indexes.filter(flags[str(index)]).to_list())
                for index, rule in enumerate(rules)]
    # In Great Expectations' order: the suite's rules grouped by the column they check, columns as they come.
    domains = list(dict.fromkeys(_domain(rule) for rule in rules))
    return [outcome for _, outcome in sorted(zip(rules, outcomes), key=lambda pair: domains.index(_domain(pair[0])))]


def _domain(rule: Expect) -> tuple:
    return tuple(rule.kwargs[k] for k in ("column", "column_A", "column_B") if k in rule.kwargs)


def polars_rule(rule: Expect):
    """(applies, fails) polars expressions of one expectation, with Great Expectations' semantics: column-map
    rules other than not-null skip nulls; pair rules skip rows missing either value; dates compare as
    timestamps (as pandas turns them into)."""
    import polars as pl

    kind, kw = rule.gx_type, rule.kwargs
    if kind == "ExpectColumnValuesToNotBeNull":
        return pl.lit(True), pl.col(kw["column"]).is_null()
    if kind == "ExpectColumnPairValuesAToBeGreaterThanB" and kw.get("ignore_row_if") == "either_value_is_missing":
        a, b = pl.col(kw["column_A"]), pl.col(kw["column_B"])
        return a.is_not_null() & b.is_not_null(), (a < b) if kw.get("or_equal") else (a <= b)
    if kind == "ExpectColumnValuesToBeInSet":
        return pl.col(kw["column"]).is_not_null(), ~pl.col(kw["column"]).is_in(kw["value_set"])
    if kind == "ExpectColumnValuesToBeBetween":
        bounds = [kw.get("min_value"), kw.get("max_value")]
        temporal = any(isinstance(v, date) for v in bounds)
        column = pl.col(kw["column"]).cast(pl.Datetime("us")) if temporal else pl.col(kw["column"])
        low, high = (_literal(v) if temporal else v for v in bounds)
        fails = pl.lit(False)
        if low is not None:
            fails = fails | (column <= low if kw.get("strict_min") else column < low)
        if high is not None:
            fails = fails | (column >= high if kw.get("strict_max") else column > high)
        return pl.col(kw["column"]).is_not_null(), fails
    raise NotImplementedError(f"no polars translation of {kind} with {kw}")


def _literal(value):
    import polars as pl

    if value is None:
        return None
    if not isinstance(value, datetime):
        value = datetime.combine(value, datetime.min.time())
    return pl.lit(value, pl.Datetime("us"))


def _validate_gx(suite: str, rules: list[Expect], rows: list[dict]) -> list[Outcome]:
    import pandas as pd

    gx, batch_definition = _batch_definition()
    frame = pd.DataFrame(rows)
    for column in frame.columns:
        if frame[column].dtype == object and frame[column].map(lambda v: isinstance(v, date)).any():
            frame[column] = pd.to_datetime(frame[column])
    suite_object = gx.ExpectationSuite(name=suite)
    for rule in rules:
        kwargs = {k: (pd.Timestamp(v) if isinstance(v, date) else v) for k, v in rule.kwargs.items()}
        suite_object.add_expectation(getattr(gx.expectations, rule.gx_type)(**kwargs, meta={"name": rule.name}))
    batch = batch_definition.get_batch(batch_parameters={"dataframe": frame})
    result = batch.validate(suite_object, result_format="COMPLETE")
    outcomes = []
    for checked in result.results:
        details = checked.result or {}
        outcomes.append(Outcome(suite, checked.expectation_config.meta["name"], details.get("element_count", len(rows)),
                                list(details.get("unexpected_index_list") or [])))
    return outcomes


def _columns(rule: Expect) -> set[str]:
    return {v for k, v in rule.kwargs.items() if k in ("column", "column_A", "column_B")}
