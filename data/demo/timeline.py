"""Calendar helpers: the month window, workdays, seasonality, Berlin-to-UTC times and ISO durations."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")

# Relative learning activity per calendar month: busy Jan-Mar and Oct-Nov, quiet in August and December.
SEASON = {1: 1.2, 2: 1.15, 3: 1.15, 4: 1.0, 5: 0.95, 6: 0.95, 7: 0.85, 8: 0.55, 9: 1.0, 10: 1.15, 11: 1.2, 12: 0.75}
# Fixed-date public holidays common to most of the countries (movable feasts are ignored).
HOLIDAYS = {(1, 1), (5, 1), (10, 3), (12, 24), (12, 25), (12, 26), (12, 31)}


@dataclass(frozen=True)
class Month:
    """One calendar month of the window with its workdays and their sampling weights."""

    index: int
    first: date
    last: date
    workdays: tuple[date, ...]
    cum_weights: tuple[float, ...]

    @property
    def season(self) -> float:
        return SEASON[self.first.month]


def parse_month(text: str) -> date:
    """The first day of a YYYY-MM month."""
    year, month = text.split("-")
    return date(int(year), int(month), 1)


def add_months(first: date, n: int) -> date:
    """The first day of the month n months after (or before) the month of `first`."""
    k = first.year * 12 + first.month - 1 + n
    return date(k // 12, k % 12 + 1, 1)


def day_weight(day: date) -> float:
    """How likely learning happens on a workday; the second half of December is quiet."""
    if day.month == 12 and day.day >= 16:
        return 0.35 if day.day <= 23 else 0.1
    return 1.0


def build_months(end_month: str, months: int) -> list[Month]:
    """The window of `months` calendar months ending with `end_month`."""
    end_first = parse_month(end_month)
    out = []
    for i in range(months):
        first = add_months(end_first, i - months + 1)
        last = add_months(first, 1) - timedelta(days=1)
        days = [first + timedelta(days=d) for d in range((last - first).days + 1)]
        work = tuple(d for d in days if d.weekday() < 5 and (d.month, d.day) not in HOLIDAYS)
        out.append(Month(i, first, last, work, tuple(accumulate(day_weight(d) for d in work))))
    return out


def is_workday(day: date) -> bool:
    """Monday to Friday and not a fixed holiday."""
    return day.weekday() < 5 and (day.month, day.day) not in HOLIDAYS


def next_workday(day: date) -> date:
    """`day` itself if it is a workday, else the next one."""
    while not is_workday(day):
        day += timedelta(days=1)
    return day


def berlin_ms(day: date, minute: int) -> int:
    """Epoch milliseconds (UTC) of a wall-clock minute of the day in Europe/Berlin."""
    local = datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=BERLIN)
    return int(local.timestamp()) * 1000


def logistic(i: int, months: int) -> float:
    """S-curve from about 1 % in the first month to about 98 % in the last."""
    return 1.0 / (1.0 + math.exp(-(i - 0.45 * (months - 1)) * 9.0 / max(months - 1, 1)))


def iso_duration(seconds: int) -> str:
    """An ISO 8601 duration such as PT1H5M or PT47M12S."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + (f"{secs}S" if secs else "")
    return text if text != "PT" else "PT0S"


def local(ms: int) -> datetime:
    """Epoch milliseconds as an aware Europe/Berlin date-time."""
    return datetime.fromtimestamp(ms // 1000, BERLIN)


def local_iso(ms: int) -> str:
    """RFC 3339 with the Berlin offset, to the second: 2026-03-12T10:00:00+01:00."""
    return local(ms).isoformat(timespec="seconds")


def utc_iso(ms: int) -> str:
    """RFC 3339 in UTC with Z, to the second."""
    return datetime.fromtimestamp(ms // 1000, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
