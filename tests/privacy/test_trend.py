"""The monthly trend (Overview, Participation) passes the ledger like every figure: no month gives a difference away.

On the hand-built company (tests/privacy/company.py, k = 5): Berlin (11 people) is shown by location; division A
is the same 11 and a1_10 in Wien. Its trend's February, next to Berlin's, would be a1_10's hours.
"""

from __future__ import annotations

from datetime import date

from metrics.compute import compute
from metrics.filters import Filters
from metrics.periods import Period
from metrics.privacy import too_close
from metrics.privacy_ledger import Ledger
from metrics.trend import monthly_trend
from tests.privacy.company import FEB, K, company

DIVISION_A = Filters(org_unit="div_a")


def berlin_hours(model, ledger: Ledger) -> float:
    rows = compute(model, "P4", FEB, "location", ledger=ledger).rows
    return next(r["value"] for r in rows if r["group"] == "Berlin")


def trend_of(model, filters: Filters, ledger_for) -> "object":
    """The trend with each figure computed through the ledger `ledger_for()` gives."""
    def figure(metric_id: str, month: Period) -> dict:
        return compute(model, metric_id, month, None, filters, ledger=ledger_for()).rows[0]
    return monthly_trend(figure, Period.month(2026, 1), Period.month(2026, 3))


def february(trend, column: str):
    return trend.filter(trend["month"] == date(2026, 2, 1))[column][0]


def test_stopped_a_trend_month_against_a_location_shown_in_the_same_session():
    model, ledger = company(), Ledger()
    berlin = berlin_hours(model, ledger)
    trend = trend_of(model, DIVISION_A, lambda: ledger)
    assert trend["month"].to_list() == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
    assert february(trend, "P4") is None  # too close to Berlin: hidden
    assert february(trend, "P1") == 12  # the headcount is shown anyway (every row's population)
    assert compute(model, "P4", FEB, None, DIVISION_A, ledger=ledger).rows[0]["note"] == too_close(K)
    # Without the ledger the trend's February minus Berlin is a1_10's hours: the rule is what stops it.
    unguarded = trend_of(model, DIVISION_A, Ledger)
    assert february(unguarded, "P4") - berlin == 3.0


def test_the_trend_shows_what_the_tiles_show_when_nothing_conflicts():
    model = company()
    ledger = Ledger()
    trend = trend_of(model, Filters(), lambda: ledger)
    for metric_id in ("P1", "P2", "P3", "P4", "P5"):
        alone = compute(model, metric_id, FEB, ledger=Ledger()).rows[0]
        assert february(trend, metric_id) == (None if alone["suppressed"] else alone["value"]), metric_id
    assert not february(trend, "suppressed")


def test_a_metric_the_role_may_not_see_is_null_every_month():
    model = company()
    trend = monthly_trend(lambda m, month: compute(model, m, month).rows[0], Period.month(2026, 1),
                          Period.month(2026, 2), may_see=lambda metric_id: metric_id != "P4")
    assert trend["P4"].null_count() == trend.height == 2
    assert trend["P2"].null_count() < trend.height
