"""The quarterly deck's content as plain data: slides with titles, tables, highlight sentences and chart series.

Every figure is computed by `metrics.compute.compute` as the executive role may see it (its metrics, its k, one
privacy ledger for the whole deck), so the deck holds nothing an executive could not see on the page. A hidden
figure stays `None` here and is written "hidden"; it is never drawn as zero. Texts come from dashboard/texts
in the deck's language, set with `dashboard.i18n.speaking` (no Streamlit session needed).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

import polars as pl

from dashboard.findings_quarterly import (
    Line,
    change_label,
    largest_move,
    lines,
    name,
    sentence_start,
    status_text,
    summary,
    table_frame,
    value_text,
)
from dashboard.i18n import date_text, number, percent, speaking, t
from metrics import access
from metrics.catalogue import METRICS
from metrics.compute import Result, compute
from metrics.overview import Metrics
from metrics.periods import Period
from metrics.privacy_ledger import Ledger
from metrics.quarterly import HEADLINE, common_thresholds, has_data, same_quarter_a_year_before, thresholds

ROLE = "executive"
DIVISIONS = "org_unit:2"  # the groups that drive a change: the organisation's divisions
TOPICS = ("participation", "network", "skills", "companionship")
DEFINED = (*HEADLINE, "S4")
AT_RISK_SHOWN = 3  # skills at risk named in a sentence


@dataclass(frozen=True)
class Series:
    """One series of a chart: raw values (None: hidden or no data, never drawn) and their labels as written."""

    name: str
    values: list[float | None]
    labels: list[str]
    role: str  # "current", "earlier" or "target": how the renderers colour it


@dataclass(frozen=True)
class Chart:
    kind: str  # "column" (vertical bars), "bar" (horizontal bars) or "line"
    title: str
    categories: list[str]
    series: list[Series]
    unit: str  # the catalogue unit of the values: "share", "persons", ...
    metric_ids: tuple[str, ...]
    note: str = ""  # what is left out and why

    def label_below(self, index: int) -> bool:
        """Whether a line's point carries its label below: under its target line (so that the dashed line never
        strikes through it), unless it sits so low that the label would meet the axis."""
        target = next((s.values[index] for s in self.series if s.role == "target"), None)
        value = next((s.values[index] for s in self.series if s.role == "current"), None)
        if target is None or value is None or value >= target:
            return False
        known = [v for s in self.series for v in s.values if v is not None]
        low, high = min(known + [0.0]), max(known)
        return high > low and (value - low) / (high - low) > 0.15

    @property
    def empty(self) -> bool:
        return all(v is None for s in self.series if s.role != "target" for v in s.values)


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[list[str]]
    statuses: list[str | None]  # one per row: colours the status column
    metric_ids: list[str]


@dataclass(frozen=True)
class Slide:
    kind: str  # "title", "headline", "topic" or "method"
    title: str
    subtitle: str = ""
    highlights: list[str] = field(default_factory=list)
    chart: Chart | None = None
    table: Table | None = None
    footnote: str = ""
    metric_ids: tuple[str, ...] = ()
    sections: list[tuple[str, list[str]]] = field(default_factory=list)  # the method slide's text blocks
    sources: Table | None = None  # the method slide's sources and their freshness
    sources_heading: str = ""


@dataclass(frozen=True)
class Deck:
    quarter: Period
    language: str
    k: int
    organisation: str
    footer: str
    slides: list[Slide]
    figures: dict[str, Any] = field(default_factory=dict)  # raw values behind every figure, for tests and traces


class Figures:
    """compute() for the executive: its metrics and k, one privacy ledger for every figure of the deck."""

    def __init__(self, model: Metrics):
        self.model = model
        self.ledger = Ledger()  # like the command line: one per deck, so no two figures in it give a third away
        self.k = max(model.settings.min_group_size, access.min_group_size(model.settings, ROLE))

    def result(self, metric_id: str, period: Period, by: str | None = None) -> Result:
        return compute(self.model, metric_id, period, by, None, role=ROLE, ledger=self.ledger)

    def grouped(self, metric_id: str, period: Period, by: str, field_name: str | None = None
                ) -> dict[str, tuple[float | None, int]]:
        """group -> (value or None when hidden, population); "all" (N5's organisation row) left out."""
        if not has_data(self.model, period):
            return {}
        out = {}
        for row in self.result(metric_id, period, by).rows:
            if row["group"] == "all":
                continue
            value = None if row["suppressed"] else row["value"]
            if isinstance(value, dict):
                value = value.get(field_name or "value")
            out[row["group"]] = (value, row["population"])
        return out

    def single(self, metric_id: str, period: Period, field_name: str | None = None) -> float | None:
        """The organisation's figure for a period; None when hidden or before the first data."""
        if not has_data(self.model, period):
            return None
        row = self.result(metric_id, period).rows[0]
        value = None if row["suppressed"] else row["value"]
        return value.get(field_name or "value") if isinstance(value, dict) else value


# ---------------------------------------------------------------------------------------------------------------
# Sentences


def change_in(metric_id: str, now: float | None, before: float | None) -> float | None:
    """The change as the review states it: percentage points for rates."""
    if now is None or before is None:
        return None
    return (now - before) * (100 if METRICS[metric_id].unit == "share" else 1)


def unsigned_change(metric_id: str, change: float) -> str:
    return (change_label(metric_id, abs(change)) or "").lstrip("+")


def movement(metric_id: str, now: float | None, before: float | None, earlier: Period, k: int) -> str:
    """'Participation rate fell by 6.3 pp to 75.1% (2026-Q2: 81.4%)', or what there is to say without a pair."""
    title = sentence_start(metric_id)
    if now is None:
        return t("report_hidden_figure", name=title, k=k)
    if before is None:
        return t("report_stands", name=title, value=value_text(metric_id, now))
    change = change_in(metric_id, now, before) or 0.0
    shown_change = unsigned_change(metric_id, change)
    key = "report_held" if shown_change.strip("0.,% p") == "" else "report_rose" if change > 0 else "report_fell"
    return t(key, name=title, change=shown_change, value=value_text(metric_id, now), earlier=earlier.label,
             before=value_text(metric_id, before))


def standing(line: Line, previous: Period, year_before: Period, k: int) -> str:
    """'Target 80.0%: at risk. A year before (2025-Q3): 67.0%.' (the slide's title already says the change)."""
    if line.value is None:
        return t("report_hidden_figure", name=sentence_start(line.metric_id), k=k) + "."
    if line.target is not None:
        text = t("report_target_status", target=value_text(line.metric_id, line.target),
                 status=status_text(line.status))
    else:
        text = t("report_no_target_status", earlier=previous.label, status=status_text(line.status))
    if line.year_before is not None:
        text += " " + t("report_a_year_before", earlier=year_before.label,
                        before=value_text(line.metric_id, line.year_before))
    return text


def target_clause(line: Line) -> str:
    if line.target is None:
        return t("report_status_only", status=status_text(line.status))
    return t("report_against_target", target=value_text(line.metric_id, line.target), status=status_text(line.status))


def signed_count(value: float) -> str:
    return f"{'+' if value >= 0 else '-'}{number(abs(value), 0)}"


def listing(items: list[str]) -> str:
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {t('quarterly_and')} {items[-1]}"


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------------------------------------------------------
# The deck


class Builder:
    def __init__(self, model: Metrics, quarter: Period, now: datetime | None = None):
        self.model, self.quarter = model, quarter
        self.figures = Figures(model)
        self.previous, self.year_before = quarter.previous(), same_quarter_a_year_before(quarter)
        self.now = now or datetime.now(timezone.utc)
        self.raw: dict[str, Any] = {}
        org_units = model.frames.org_units
        self.unit_names = dict(org_units.select("org_unit_id", "name").iter_rows())
        top = org_units.filter(pl.col("level") == org_units["level"].min()) if org_units.height else org_units
        self.organisation = top["name"][0] if top.height == 1 else ""

    # -- helpers -----------------------------------------------------------------------------------------------
    def group_name(self, group: str) -> str:
        return t("unknown") if group == "unknown" else self.unit_names.get(group, group)

    def five_quarters(self) -> list[Period]:
        quarters = [self.quarter]
        for _ in range(4):
            quarters.insert(0, quarters[0].previous())
        return quarters

    def local(self, moment: datetime | None) -> str:
        if moment is None:
            return "–"
        zone = ZoneInfo(self.model.settings.timezone)
        aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
        return date_text(aware.astimezone(zone).date())

    def finding(self, line: Line | None, fallback: str) -> str:
        """A topic page's title: how its main metric moved against the previous quarter."""
        if line is None:
            return t(fallback)
        return movement(line.metric_id, line.value, line.previous, self.previous, self.figures.k)

    def hidden_note(self, count: int) -> str:
        return t("report_hidden_groups", n=count, k=self.figures.k) if count else ""

    # -- slides ------------------------------------------------------------------------------------------------
    def build(self, language: str) -> Deck:
        review_result = self.figures.result("Q", self.quarter)
        review = lines(review_result)
        self.raw["Q"] = {r["group"]: {**(r["value"] if isinstance(r["value"], dict) else {}),
                                      "suppressed": r["suppressed"]} for r in review_result.rows}
        by_id = {line.metric_id: line for line in review}
        slides = [self.title_slide(review), self.headline_slide(review), self.participation(by_id),
                  self.network(by_id), self.skills(by_id), self.companionship(by_id), self.method()]
        return Deck(self.quarter, language, self.figures.k, self.organisation,
                    t("report_footer", quarter=self.quarter.label), slides, self.raw)

    def title_slide(self, review: list[Line]) -> Slide:
        runs, finished = self.model.lineage()
        when = date_text(self.now.astimezone(ZoneInfo(self.model.settings.timezone)).date())
        generated = (t("report_generated", when=when, synced=self.local(finished)) if runs
                     else t("report_generated_unsynced", when=when))
        period = t("report_period", start=date_text(self.quarter.start), end=date_text(self.quarter.end))
        return Slide("title", t("report_title", quarter=self.quarter.label),
                     subtitle=t("report_subtitle", organisation=self.organisation or "Dirigent").rstrip(" ·"),
                     highlights=[summary(review, t("hidden_note", k=self.figures.k)) + "."],
                     footnote=f"{period} · {generated}")

    def headline_slide(self, review: list[Line]) -> Slide:
        frame = table_frame(review)
        columns = [t("quarterly_col_metric"), self.quarter.label,
                   t("quarterly_col_previous", quarter=self.previous.label),
                   t("quarterly_col_year_before", quarter=self.year_before.label),
                   t("quarterly_col_change"), t("quarterly_col_target"), t("quarterly_col_status")]
        table = Table(columns, [list(row) for row in frame.iter_rows()], [line.status for line in review],
                      [line.metric_id for line in review])
        highlights = [summary(review, t("hidden_note", k=self.figures.k)) + "."]
        move = largest_move(review, "year_before")
        if move is not None and move[1] != 0:
            line = move[0]
            highlights.append(t("report_largest_move", earlier=self.year_before.label, name=name(line.metric_id),
                                before=value_text(line.metric_id, line.year_before),
                                value=value_text(line.metric_id, line.value)))
        return Slide("headline", t("report_headline_title", quarter=self.quarter.label), highlights=highlights,
                     table=table, footnote=t("quarterly_table_note", k=self.figures.k),
                     metric_ids=("Q", *HEADLINE))

    def participation(self, lines_: dict[str, Line]) -> Slide:
        p3, p5, p6 = lines_.get("P3"), lines_.get("P5"), lines_.get("P6")
        sentences = []
        if p3 is not None:
            sentences.append(standing(p3, self.previous, self.year_before, self.figures.k))
        now_rate = self.figures.grouped("P3", self.quarter, DIVISIONS)
        before_rate = self.figures.grouped("P3", self.previous, DIVISIONS)
        now_active = self.figures.grouped("P2", self.quarter, DIVISIONS)
        before_active = self.figures.grouped("P2", self.previous, DIVISIONS)
        self.raw["participation"] = {"P3": now_rate, "P3_previous": before_rate, "P2": now_active,
                                     "P2_previous": before_active}
        driver = self.driver(now_active, before_active, now_rate, before_rate, lines_.get("P2"))
        if driver:
            sentences.append(driver)
        if p5 is not None and p6 is not None and p5.value is not None and p6.value is not None:
            peer_change = change_label("P6", p6.change) or "–"
            sentences.append(t("report_hours_mix", hours_name=sentence_start("P5"), hours=value_text("P5", p5.value),
                               hours_target=target_clause(p5), peer=value_text("P6", p6.value),
                               peer_change=f"{peer_change} {t('vs_previous', period=self.previous.label)}"
                               if p6.change is not None else peer_change))
        groups = sorted(set(now_rate) | set(before_rate), key=lambda g: self.group_name(g))
        chart = self.compare_chart("column", t("report_participation_chart", previous=self.previous.label,
                                               quarter=self.quarter.label), "P3", groups, before_rate, now_rate,
                                   [self.group_name(g) for g in groups])
        title = self.finding(p3, "report_participation")
        return Slide("topic", t("report_participation"), subtitle=title, highlights=sentences, chart=chart,
                     metric_ids=("P2", "P3", "P5", "P6"))

    def driver(self, now_active, before_active, now_rate, before_rate, p2: Line | None) -> str | None:
        """The division whose active learners moved most in the direction of the organisation's change."""
        if p2 is None or p2.value is None or p2.previous is None:
            return None
        total = p2.value - p2.previous
        deltas = {g: now_active[g][0] - before_active[g][0] for g in now_active
                  if g in before_active and now_active[g][0] is not None and before_active[g][0] is not None}
        if not deltas:
            return None
        same_way = {g: d for g, d in deltas.items() if (d > 0) == (total > 0) and d != 0} if total else deltas
        if not same_way:
            return t("report_no_driver")
        group = max(same_way, key=lambda g: abs(same_way[g]))
        delta = same_way[group]
        rate, before = now_rate.get(group, (None, 0))[0], before_rate.get(group, (None, 0))[0]
        rate_text = value_text("P3", rate) if rate is not None else t("hidden")
        rate_change = change_label("P3", change_in("P3", rate, before)) or "–"
        share = delta / total if total else None
        if share is not None and 0 < share <= 1:
            return t("report_driver_rise" if total > 0 else "report_driver_fall", group=self.group_name(group),
                     delta=number(abs(delta), 0), share=percent(share, 0), total=number(abs(total), 0),
                     rate=rate_text, rate_change=rate_change)
        return t("report_driver_unshared", group=self.group_name(group), delta=signed_count(delta), rate=rate_text,
                 rate_change=rate_change)

    def compare_chart(self, kind: str, title: str, metric_id: str, groups: list[str], before: dict, now: dict,
                      categories: list[str], field_unit: str | None = None) -> Chart:
        """Two series, the previous quarter and this one, per group; hidden groups counted in the note."""
        hidden = sum(1 for g in groups if now.get(g, (None, 0))[0] is None)
        shown = [(g, c) for g, c in zip(groups, categories)  # a group with no figure at all takes no place
                 if now.get(g, (None, 0))[0] is not None or before.get(g, (None, 0))[0] is not None]
        groups, categories = [g for g, _ in shown], [c for _, c in shown]
        before_values = [before.get(g, (None, 0))[0] for g in groups]
        now_values = [now.get(g, (None, 0))[0] for g in groups]
        series = [Series(self.previous.label, before_values, [self.label(metric_id, v) for v in before_values],
                         "earlier"),
                  Series(self.quarter.label, now_values, [self.label(metric_id, v) for v in now_values], "current")]
        return self.finished(Chart(kind, title, categories, series, field_unit or METRICS[metric_id].unit,
                                   (metric_id,), self.hidden_note(hidden)))

    def finished(self, chart: Chart) -> Chart:
        """A chart whose every figure is hidden is not drawn; its note says why."""
        return replace(chart, note=t("report_chart_empty", k=self.figures.k)) if chart.empty else chart

    def label(self, metric_id: str, value: float | None) -> str:
        return "" if value is None else value_text(metric_id, value)

    def trend(self, metric_id: str, field_name: str | None, line: Line | None, title: str, kind: str) -> Chart:
        """Five quarters of one headline figure (None before the first data or when hidden), with its target."""
        quarters = self.five_quarters()
        known = {} if line is None else {self.quarter: line.value, self.previous: line.previous,
                                         self.year_before: line.year_before}  # the review has three already
        values = [known[q] if q in known else self.figures.single(metric_id, q, field_name) for q in quarters]
        self.raw[f"{metric_id}_trend"] = dict(zip([q.label for q in quarters], values))
        series = [Series(sentence_start(metric_id), values, [self.label(metric_id, v) for v in values], "current")]
        notes = []
        if line is not None and line.target is not None:
            if kind == "line":  # a dashed line; bars carry the target in the note (no combined chart types)
                series.append(Series(t("report_series_target"), [line.target] * len(quarters),
                                     [""] * (len(quarters) - 1) + [value_text(metric_id, line.target)], "target"))
            else:
                notes.append(f"{t('report_series_target')}: {value_text(metric_id, line.target)}")
        missing = sum(v is None for v in values)
        if missing:
            notes.append(t("quarterly_left_out_one") if missing == 1 else t("quarterly_left_out", n=missing))
        return self.finished(Chart(kind, title, [q.label for q in quarters], series, METRICS[metric_id].unit,
                                   (metric_id,), " · ".join(notes)))

    def network(self, lines_: dict[str, Line]) -> Slide:
        n1, n2, n5 = lines_.get("N1"), lines_.get("N2"), lines_.get("N5")
        sentences = []
        if n1 is not None and n2 is not None and n1.value is not None and n2.value is not None \
                and n2.target is not None and n2.year_before is not None:
            sentences.append(t("report_contributors_target", n=value_text("N1", n1.value),
                               change=signed_count(n1.change) if n1.change is not None else "–",
                               previous=self.previous.label, status=status_text(n2.status),
                               target=value_text("N2", n2.target), earlier=self.year_before.label,
                               before=value_text("N2", n2.year_before)))
        elif n1 is not None and n2 is not None and n1.value is not None:
            change = signed_count(n1.change) if n1.change is not None else "–"
            ratio_target = standing(n2, self.previous, self.year_before, self.figures.k)
            sentences.append(t("report_contributors", n=value_text("N1", n1.value), change=change,
                               previous=self.previous.label, ratio_target=ratio_target[:1].lower() + ratio_target[1:]
                               if self.language_is_en() else ratio_target))
        ratios = self.figures.grouped("N2", self.quarter, DIVISIONS)
        self.raw["network"] = {"N2": ratios}
        known = {g: v for g, (v, _) in ratios.items() if v is not None}
        if len(known) >= 2:
            top, bottom = max(known, key=known.get), min(known, key=known.get)
            sentences.append(t("report_ratio_spread", top=self.group_name(top), top_value=value_text("N2", known[top]),
                               bottom=self.group_name(bottom), bottom_value=value_text("N2", known[bottom])))
        if n5 is not None and n5.value is not None:
            sentences.append(self.ei_sentence(n5))
        chart = self.trend("N2", None, n2, t("report_network_chart"), "line")
        title = self.finding(n2, "report_network")
        return Slide("topic", t("report_network"), subtitle=title, highlights=sentences, chart=chart,
                     metric_ids=("N1", "N2", "N5"))

    def language_is_en(self) -> bool:
        from dashboard.i18n import language

        return language() == "en"

    def ei_sentence(self, n5: Line) -> str:
        value = n5.value
        target = target_clause(n5)
        written = value_text("N5", value)
        if abs(value) < 0.005:
            key = "report_ei_balanced"
        elif value > 0:
            key = "report_ei_across"
        else:
            key = "report_ei_within_strong" if value <= -0.3 else "report_ei_within"
        return t(key, value=written, target=target)

    def skills(self, lines_: dict[str, Line]) -> Slide:
        s3 = lines_.get("S3")
        sentences = []
        if s3 is not None:
            sentences.append(standing(s3, self.previous, self.year_before, self.figures.k))
        now = self.figures.grouped("S3", self.quarter, "skill_cluster")
        before = self.figures.grouped("S3", self.previous, "skill_cluster")
        self.raw["skills"] = {"S3": now, "S3_previous": before}
        known = {g: v for g, (v, _) in now.items() if v is not None}
        if known:
            lowest = min(known, key=known.get)
            gains = {g: known[g] - before[g][0] for g in known if g in before and before[g][0] is not None}
            gain = max(gains, key=gains.get) if gains else None
            if gain is not None and gains[gain] > 0:
                sentences.append(t("report_clusters", lowest=capitalised(lowest),
                                   lowest_value=value_text("S3", known[lowest]), previous=self.previous.label,
                                   gain=capitalised(gain), gain_change=change_label("S3", gains[gain] * 100)))
            else:
                sentences.append(t("report_clusters_lowest", lowest=capitalised(lowest),
                                   lowest_value=value_text("S3", known[lowest])))
        at_risk = self.at_risk()
        if at_risk is not None:
            sentences.append(at_risk)
        # Ascending, so that a horizontal bar chart (drawn bottom-up) shows the best-covered cluster on top.
        groups = sorted(now, key=lambda g: (now[g][0] is None, now[g][0] or 0.0, g))
        chart = self.compare_chart("bar", t("report_skills_chart", previous=self.previous.label,
                                            quarter=self.quarter.label), "S3", groups, before, now,
                                   [capitalised(g) for g in groups])
        title = self.finding(s3, "report_skills")
        return Slide("topic", t("report_skills"), subtitle=title, highlights=sentences, chart=chart,
                     metric_ids=("S3", "S4") if self.may("S4") else ("S3",))

    def may(self, metric_id: str) -> bool:
        return access.role(ROLE).may_see_metric(metric_id)

    def at_risk(self) -> str | None:
        """S4's skills at risk, most needed first, when the executive may see S4."""
        if not self.may("S4"):
            return None
        rows = [r for r in self.figures.result("S4", self.quarter).rows if not r["suppressed"]]
        risky = sorted((r for r in rows if r["value"]["at_risk"]), key=lambda r: (-r["value"]["demand"], r["group"]))
        self.raw["S4"] = [(r["group"], r["value"]["demand"]) for r in risky]
        if not rows:
            return None
        if not risky:
            return t("report_none_at_risk")
        named = [t("report_needed_by", skill=r["group"], n=number(r["value"]["demand"], 0))
                 for r in risky[:AT_RISK_SHOWN]]
        if len(risky) == 1:
            return t("report_at_risk_one", skills=named[0])
        return t("report_at_risk", n=len(risky), skills=listing(named))

    def companionship(self, lines_: dict[str, Line]) -> Slide:
        c3 = lines_.get("C3")
        sentences = []
        if c3 is not None:
            sentences.append(standing(c3, self.previous, self.year_before, self.figures.k))
        shares = self.figures.grouped("C3", self.quarter, DIVISIONS, "accompanied_share")
        counts = self.figures.grouped("C3", self.quarter, DIVISIONS, "accompanied")
        self.raw["companionship"] = {"share": shares, "accompanied": counts}
        known = {g: v for g, (v, _) in shares.items() if v is not None and counts.get(g, (None, 0))[0] is not None}
        if known:
            top = max(known, key=known.get)
            sentences.append(t("report_accompanied_top_one" if counts[top][0] == 1 else "report_accompanied_top",
                               group=self.group_name(top), share=percent(known[top], 1), n=number(counts[top][0], 0)))
        chart = self.trend("C3", "accompanied", c3, t("report_companionship_chart"), "column")
        title = self.finding(c3, "report_companionship")
        return Slide("topic", t("report_companionship"), subtitle=title, highlights=sentences, chart=chart,
                     metric_ids=("C3",))

    def method(self) -> Slide:
        shown = [m for m in DEFINED if self.may(m)]
        definitions = [f"{m} · {t('quarterly_peer_share', name=t(m)) if m == 'P6' else t(m)}: {t('report_def_' + m)}"
                       for m in shown]
        common = common_thresholds()
        rules = [t("report_rule_status", at_risk=percent(common.at_risk, 0), trend=percent(common.trend_at_risk, 0))]
        for metric_id, own in thresholds().items():
            if own.at_risk != common.at_risk:
                rules.append(t("report_rule_override", name=sentence_start(metric_id), id=metric_id,
                               at_risk=percent(own.at_risk, 0)))
            if own.trend_at_risk != common.trend_at_risk:
                rules.append(t("report_rule_override_trend", name=sentence_start(metric_id), id=metric_id,
                               trend=percent(own.trend_at_risk, 0)))
        rules.append(t("report_rule_k", k=self.figures.k))
        return Slide("method", t("report_method"), sections=[(t("report_definitions"), definitions),
                                                             (t("report_rules"), rules)],
                     sources=self.sources_table(), sources_heading=t("report_sources"),
                     footnote=t("report_figures_note", k=self.figures.k))

    def sources_table(self) -> Table:
        runs = self.model.frames.sync_runs
        events = self.model.frames.events
        columns = [t("report_source_col"), t("report_kind_col"), t("report_synced_col"), t("report_newest_col")]
        if runs.is_empty():
            return Table(columns, [], [], [])
        ok = runs.filter(pl.col("status") == "ok").group_by("source").agg(pl.col("kind").last(),
                                                                            pl.col("finished_at").max())
        newest = dict(events.group_by("source").agg(pl.col("occurred_at").max()).iter_rows()) if events.height else {}
        rows = [[source, kind, self.local(finished), self.local(newest.get(source))]
                for source, kind, finished in ok.sort("source").iter_rows()]
        return Table(columns, rows, [None] * len(rows), [])


def build(model: Metrics, quarter: Period, language: str, now: datetime | None = None) -> Deck:
    """The deck for a quarter in a language ("en" or "de")."""
    with speaking(language):
        return Builder(model, quarter, now).build(language)
