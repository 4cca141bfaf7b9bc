"""What the quarterly review says: which quarter it shows and why, the status summary, the largest gaps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from dashboard.components import change_text, shown
from dashboard.i18n import language, number, t
from dashboard.periods import choices
from dashboard.texts import TEXTS
from metrics.catalogue import METRICS
from metrics.compute import Result
from metrics.periods import Period
from metrics.quarterly import STATUS_SCALE, same_quarter_a_year_before

STATUSES = ("on track", "at risk", "off track")
DECIMALS = {"N5": 2}  # the E-I index lives between -1 and +1: one decimal would round most movement away


@dataclass(frozen=True)
class Line:
    """One headline metric of the review, as the metrics layer returned it (hidden values are None)."""

    metric_id: str
    value: float | None
    previous: float | None
    year_before: float | None
    change: float | None  # percentage points for rates
    target: float | None
    status: str | None
    suppressed: bool
    previous_note: str | None = None
    year_before_note: str | None = None


def lines(result: Result) -> list[Line]:
    out = []
    for row in result.rows:
        values = row["value"] if isinstance(row["value"], dict) else {}
        out.append(Line(row["group"], values.get("value"), values.get("previous"), values.get("year_before"),
                        values.get("change"), values.get("target"), values.get("status"), row["suppressed"],
                        values.get("previous_note"), values.get("year_before_note")))
    return out


def quarter_of(day: date) -> Period:
    return Period.quarter(day.year, (day.month - 1) // 3 + 1)


def review_quarter(period: Period, data_range: tuple[date, date], today: date) -> tuple[Period | None, str]:
    """The quarter the review shows and why: the view's quarter ("chosen"), the complete quarter that contains
    the view period's end ("contains"), else the last complete quarter ("latest"); (None, "none") without one."""
    if period.kind == "quarter":
        return period, "chosen"
    complete = choices(*data_range, "quarter", today=today)  # newest first
    containing = quarter_of(period.end)
    if containing in complete:
        return containing, "contains"
    if complete:
        return complete[0], "latest"
    return None, "none"


def value_text(metric_id: str, value: float | None) -> str:
    return shown(metric_id, value, DECIMALS.get(metric_id))


def change_label(metric_id: str, change: float | None) -> str | None:
    """The change as tiles and table show it: percentage points for rates, two decimals for the E-I index."""
    if change is None or metric_id not in DECIMALS:
        return change_text(metric_id, change)
    return f"{'+' if change >= 0 else '-'}{number(abs(change), DECIMALS[metric_id])}"


def comparison_text(metric_id: str, value: float | None, note: str | None) -> str:
    """A comparison quarter's value, or why there is none: hidden, no data, not defined."""
    if value is not None:
        return value_text(metric_id, value)
    return {"hidden": t("hidden"), "no data": t("quarterly_no_data")}.get(note or "", t("quarterly_undefined"))


def status_text(status: str | None) -> str:
    return t("quarterly_status_" + (status or "none").replace(" ", "_"))


def name(metric_id: str) -> str:
    """The catalogue's name as it reads inside a sentence ("participation rate", "Beteiligungsquote",
    "aktive Lernende")."""
    inline = f"quarterly_inline_{metric_id}"
    return t(inline) if inline in TEXTS else METRICS[metric_id].label(language())


def sentence_start(metric_id: str) -> str:
    text = name(metric_id)
    return text[0].upper() + text[1:]


def listing(names: list[str]) -> str:
    """a, b and c / a, b und c."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {t('quarterly_and')} {names[-1]}"


def by_status(review: list[Line]) -> dict[str | None, list[str]]:
    """Metric ids per status (None: no status, e.g. no comparison or hidden), in the review's order."""
    grouped: dict[str | None, list[str]] = {s: [] for s in (*STATUSES, None)}
    for line in review:
        grouped[line.status if line.status in STATUSES else None].append(line.metric_id)
    return grouped


def summary(review: list[Line], hidden: str) -> str:
    """'6 of 9 headline metrics on track; participation rate off track' (off track first, then at risk)."""
    if not review or all(line.suppressed for line in review):
        return t("quarterly_all_hidden", hidden=hidden)
    grouped = by_status(review)
    total = len(review)
    on_track = len(grouped["on track"])
    parts = [t("quarterly_all_on_track", total=total) if on_track == total
             else t("quarterly_on_track_count", n=on_track, total=total)]
    for status, key in (("off track", "quarterly_off_track_list"), ("at risk", "quarterly_at_risk_list"),
                        (None, "quarterly_no_status_list")):
        if grouped[status]:
            parts.append(t(key, names=listing([name(m) for m in grouped[status]])))
    return "; ".join(parts)


def shortfall(line: Line) -> float | None:
    """How far below its target a value is, relative to the target (or to the index's scale); None without."""
    if line.value is None or line.target is None or line.value >= line.target:
        return None
    scale = STATUS_SCALE.get(line.metric_id) or abs(line.target)
    return (line.target - line.value) / scale if scale else None


def furthest_below(review: list[Line]) -> Line | None:
    below = [(s, line) for line in review if (s := shortfall(line)) is not None]
    return max(below, key=lambda x: x[0])[1] if below else None


def largest_move(review: list[Line], against: str = "year_before") -> tuple[Line, float] | None:
    """The metric that moved most against the earlier quarter, relative to where it was (index: on its scale)."""
    moves = []
    for line in review:
        before = getattr(line, against)
        if line.value is None or before is None:
            continue
        scale = STATUS_SCALE.get(line.metric_id) or abs(before)
        if scale:
            moves.append((line, (line.value - before) / scale))
    return max(moves, key=lambda x: abs(x[1])) if moves else None


def rose(review: list[Line]) -> int:
    return sum(1 for line in review if line.change is not None and line.change > 0)


def label(metric_id: str) -> str:
    """A metric's name on tiles and in the table; the channel mix says which share it shows."""
    return t("quarterly_peer_share", name=t("P6")) if metric_id == "P6" else t(metric_id)


def why_text(why: str, view_period: Period) -> str:
    """Why the review shows this quarter, in the page's words."""
    return t(f"quarterly_why_{why}", period=view_period.label, open=quarter_of(view_period.end).label)


def chart_finding(review: list[Line], quarter: Period) -> str:
    """The chart's title: the metric furthest below its target; with no target, the one that moved most."""
    previous, year_before = quarter.previous(), same_quarter_a_year_before(quarter)
    gap = furthest_below(review)
    if gap is not None:
        return t("quarterly_furthest_below", name=sentence_start(gap.metric_id),
                 value=value_text(gap.metric_id, gap.value), target=value_text(gap.metric_id, gap.target))
    if any(line.target is not None for line in review):
        return t("quarterly_targets_reached", quarter=quarter.label)
    for against, earlier in (("year_before", year_before), ("previous", previous)):
        move = largest_move(review, against)
        if move is not None and move[1] != 0:
            line, relative = move
            return t("quarterly_grew_most" if relative > 0 else "quarterly_fell_most", earlier=earlier.label,
                     name=name(line.metric_id), before=value_text(line.metric_id, getattr(line, against)),
                     value=value_text(line.metric_id, line.value))
    return t("quarterly_chart_plain", quarter=quarter.label, previous=previous.label, earlier=year_before.label)


def left_out(review: list[Line]) -> str | None:
    """How many values the chart leaves out (hidden, no data or not defined), as a sentence; None for none."""
    count = sum(v is None for line in review for v in (line.value, line.previous, line.year_before))
    if not count:
        return None
    return t("quarterly_left_out_one") if count == 1 else t("quarterly_left_out", n=count)


TABLE_COLUMNS = ("metric", "value", "previous", "year_before", "change", "target", "status")


def target_text(line: Line) -> str:
    return "–" if line.target is None else value_text(line.metric_id, line.target)


def table_frame(review: list[Line]) -> pl.DataFrame:
    """The review as the table shows it: every figure written in the language, or why there is none."""
    rows = []
    for line in review:
        figures = ([t("hidden")] * 3 if line.suppressed else
                   [comparison_text(line.metric_id, line.value, None),
                    comparison_text(line.metric_id, line.previous, line.previous_note),
                    comparison_text(line.metric_id, line.year_before, line.year_before_note)])
        rows.append((t("quarterly_metric_with_id", name=label(line.metric_id), id=line.metric_id), *figures,
                     change_label(line.metric_id, line.change) or "–", target_text(line), status_text(line.status)))
    return pl.DataFrame(rows, schema={c: pl.String for c in TABLE_COLUMNS}, orient="row")


def tile_caption(line: Line, year_before: Period) -> str:
    """Under a tile: the same quarter a year before and the target."""
    target = t("quarterly_no_target") if line.target is None else value_text(line.metric_id, line.target)
    return t("quarterly_tile_caption", year_before=year_before.label, target=target,
             value=comparison_text(line.metric_id, line.year_before, line.year_before_note))


def panel_subtitle(line: Line) -> str:
    """Under a chart panel's title: its target and status."""
    target = (t("quarterly_panel_no_target") if line.target is None else
              t("quarterly_panel_target", target=value_text(line.metric_id, line.target)))
    return f"{target} · {status_text(line.status)}"
