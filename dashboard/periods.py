"""The periods a user can pick: every complete month or quarter that holds data, newest first."""

from __future__ import annotations

from datetime import date

from metrics.periods import Period

KINDS = ("month", "quarter", "year", "custom")


def choices(first_day: date, last_day: date, kind: str, today: date) -> list[Period]:
    """Periods that have data and ended before today: a month under way would compare badly with a whole one."""
    months = Period(first_day.replace(day=1), last_day).months()
    if kind == "month":
        periods = months
    else:
        seen: dict[str, Period] = {}
        for month in months:
            year = month.start.year
            period = Period.year(year) if kind == "year" else Period.quarter(year, (month.start.month - 1) // 3 + 1)
            seen[period.label] = period
        periods = list(seen.values())
    return [p for p in reversed(periods) if p.end < today]


def trend_window(first_day: date, period: Period, months: int = 24) -> tuple[Period, Period]:
    """The months a trend chart shows: up to `months` ending with the period's last month."""
    last = period.months()[-1]
    index = last.start.year * 12 + last.start.month - 1 - (months - 1)
    first = Period.month(index // 12, index % 12 + 1)
    data_first = Period.month(first_day.year, first_day.month)
    return max(first, data_first), last
