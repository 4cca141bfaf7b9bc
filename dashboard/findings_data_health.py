"""What the Data health page says: how fresh each source is, what failed, what was set aside, in sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

import polars as pl

from dashboard.i18n import date_text, number, t

FRESH_HOURS = 24  # a source synced less than this many hours ago is fresh
CHECK_KINDS = {
    "expect_column_values_to_not_be_null": "data_health_check_not_null",
    "expect_column_values_to_be_between": "data_health_check_between",
    "expect_column_values_to_be_in_set": "data_health_check_in_set",
    "expect_column_pair_values_a_to_be_greater_than_b": "data_health_check_greater",
}


@dataclass(frozen=True)
class Freshness:
    total: int
    fresh: list[str]
    stale: list[tuple[str, float | None]]  # source, hours since its last success (None: never succeeded)
    failed: list[str]  # sources whose last run failed


def freshness(sources: pl.DataFrame, now: datetime, hours: int = FRESH_HOURS) -> Freshness:
    """Which sources synced successfully within `hours` of `now` (naive UTC, as the warehouse stores it)."""
    fresh, stale, failed = [], [], []
    for row in sources.iter_rows(named=True):
        success = row.get("last_success")
        age = None if success is None else (now - success).total_seconds() / 3600
        if age is not None and age < hours:
            fresh.append(row["source"])
        else:
            stale.append((row["source"], age))
        if row.get("last_status") == "failed":
            failed.append(row["source"])
    return Freshness(sources.height, fresh, stale, failed)


def age_text(hours: float | None) -> str:
    if hours is None:
        return t("data_health_never")
    if hours < 48:
        return t("data_health_age_hours", n=number(hours, 0))
    return t("data_health_age_days", n=number(hours / 24, 0))


def freshness_sentence(found: Freshness, hours: int = FRESH_HOURS) -> str:
    if not found.stale:
        text = t("data_health_all_fresh", total=found.total, hours=hours)
    else:
        stale = ", ".join(f"{source} ({age_text(age)})" for source, age in found.stale)
        text = t("data_health_some_fresh", n=len(found.fresh), total=found.total, hours=hours, stale=stale)
    if found.failed:
        text += "; " + t("data_health_last_failed", sources=", ".join(found.failed))
    return text


def with_freshness(sources: pl.DataFrame, now: datetime, hours: int = FRESH_HOURS) -> pl.DataFrame:
    """The sources with hours since their last success and whether that is fresh, as of `now`."""
    age = (pl.lit(now) - pl.col("last_success")).dt.total_seconds() / 3600
    return sources.with_columns(age.round(1).alias("hours_since_success"),
                                (age < hours).fill_null(False).alias("fresh"))


def runs_sentence(runs: pl.DataFrame, when) -> str:
    """'8 sync runs, none failed; the last finished …'; `when` formats the finish time."""
    failed = runs.filter(pl.col("status") == "failed").height
    finished = runs["finished_at"].drop_nulls().max()
    values = {"n": number(runs.height), "failed": number(failed), "finished": when(finished) if finished else "–"}
    return t("data_health_runs_failed" if failed else "data_health_runs_none_failed", **values)


def quarantine_sentence(quarantine: pl.DataFrame) -> str:
    if quarantine.is_empty():
        return t("data_health_quarantine_none")
    top = quarantine.sort("records", descending=True).row(0, named=True)
    sources = quarantine.group_by("source").agg(pl.col("records").sum()).sort("records", descending=True)
    records = int(quarantine["records"].sum())
    return t("data_health_quarantine_one" if records == 1 else "data_health_quarantine_some", records=number(records),
             sources=", ".join(f"{s} ({number(n)})" for s, n in sources.iter_rows()), reason=top["reason"])


def unmatched_sentence(unmatched: pl.DataFrame) -> str:
    if unmatched.is_empty():
        return t("data_health_unmatched_none")
    identities, events = int(unmatched["identities"].sum()), int(unmatched["events"].sum())
    sources = ", ".join(unmatched["source"].sort())
    if identities == 1:
        who = t("data_health_unmatched_one", sources=sources)
        what = t("data_health_unmatched_event_its") if events == 1 else t("data_health_unmatched_events_its",
                                                                           events=number(events))
    else:
        who = t("data_health_unmatched_some", identities=number(identities), sources=sources)
        what = t("data_health_unmatched_events", events=number(events))
    return f"{who}; {what}"


def checks_sentence(expectations: pl.DataFrame) -> str:
    if expectations.is_empty():
        return t("data_health_checks_none")
    failing = expectations.filter(~pl.col("success"))
    if failing.is_empty():
        return t("data_health_checks_all", total=number(expectations.height))
    by_source = failing.group_by("source").len().sort("source")
    return t("data_health_checks_failed", failed=number(failing.height), total=number(expectations.height),
             sources=", ".join(f"{s} ({number(n)})" for s, n in by_source.iter_rows()))


def check_text(expectation: str) -> str:
    """An expectation as people read it: 'actor_id is never empty'; unknown kinds stay as they are."""
    match = re.fullmatch(r"(\w+)\((.*)\)", expectation or "")
    if not match or match.group(1) not in CHECK_KINDS:
        return expectation
    arguments = dict(re.findall(r"(\w+)=([^,\[\]]+|\[[^\]]*\])", match.group(2)))
    return t(CHECK_KINDS[match.group(1)], column=arguments.get("column", ""), a=arguments.get("column_A", ""),
             b=arguments.get("column_B", ""))


def when(moment: datetime | None) -> str:
    """A UTC time as the language writes it: 2026-11-21 14:27 or 21.11.2026 14:27."""
    return "–" if moment is None else f"{date_text(moment.date())} {moment:%H:%M}"


def as_text(frame: pl.DataFrame, columns: list[str], write=number) -> pl.DataFrame:
    """Columns written the way the language writes them (counts 1,234 or 1.234, times by `when`); a missing
    value as a dash. A plain loop on purpose: the language lives in the session, which polars' worker threads
    do not see."""
    return frame.with_columns(pl.Series(c, ["–" if v is None else write(v) for v in frame[c]], dtype=pl.String)
                              for c in columns if c in frame.columns)
