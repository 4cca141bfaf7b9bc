"""Reporting periods: calendar month, quarter, year or custom range, both days inclusive."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date
    kind: str = "custom"  # month, quarter, year, custom

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError(f"period end {self.end} is before its start {self.start}")

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        return cls(date(year, month, 1), _month_end(year, month), "month")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> "Period":
        first = 3 * (quarter - 1) + 1
        return cls(date(year, first, 1), _month_end(year, first + 2), "quarter")

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 31), "year")

    @classmethod
    def parse(cls, text: str) -> "Period":
        """'2026-03', '2026-Q1', '2026', or '2026-01-01..2026-02-15'."""
        text = text.strip()
        if ".." in text:
            start, end = text.split("..")
            return cls(date.fromisoformat(start), date.fromisoformat(end))
        if "-Q" in text.upper():
            year, quarter = text.upper().split("-Q")
            return cls.quarter(int(year), int(quarter))
        if len(text) == 7:
            return cls.month(int(text[:4]), int(text[5:]))
        if len(text) == 4:
            return cls.year(int(text))
        raise ValueError(f"'{text}' is not a period (try 2026-03, 2026-Q1, 2026 or 2026-01-01..2026-02-15)")

    @property
    def label(self) -> str:
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "year":
            return str(self.start.year)
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    def previous(self) -> "Period":
        """The period just before: the previous month, quarter or year, or a range of equal length."""
        if self.kind == "month":
            prior = self.start - timedelta(days=1)
            return Period.month(prior.year, prior.month)
        if self.kind == "quarter":
            prior = self.start - timedelta(days=1)
            return Period.quarter(prior.year, (prior.month - 1) // 3 + 1)
        if self.kind == "year":
            return Period.year(self.start.year - 1)
        length = self.end - self.start
        end = self.start - timedelta(days=1)
        return Period(end - length, end)

    def months(self) -> list["Period"]:
        """The calendar months the period touches."""
        result, year, month = [], self.start.year, self.start.month
        while date(year, month, 1) <= self.end:
            result.append(Period.month(year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return result


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


def _month_end(year: int, month: int) -> date:
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return following - timedelta(days=1)
