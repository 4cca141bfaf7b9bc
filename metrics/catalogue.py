"""Every metric declared once: its catalogue id, name, grain, unit and definition (METRICS.md)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Metric:
    id: str
    name: str
    grain: str
    unit: str  # persons, share, hours, hours_per_fte
    definition: str


METRICS = {
    m.id: m
    for m in (
        Metric("P1", "headcount", "period", "persons",
               "In-scope employees: employed on the period's last day (hire_date <= end and exit_date empty "
               "or after end)."),
        Metric("P2", "active learners", "period", "persons",
               "In-scope employees with at least one learner or contribution event in the period."),
        Metric("P3", "participation rate", "period", "share", "P2 / P1."),
        Metric("P4", "learning hours", "period", "hours",
               "Sum of durations of learner events of in-scope employees in the period; one person, one "
               "activity, one day counts once with the longest duration; tracked duration, else the "
               "activity's planned duration, else zero."),
        Metric("P5", "learning hours per FTE", "period", "hours_per_fte",
               "P4 / sum of FTE of in-scope employees."),
    )
}
