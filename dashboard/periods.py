"""The periods a user can pick: every complete month, quarter or year that holds data, newest first, or a range.

`choices` and `trend_window` live in metrics/periods.py: `python -m metrics warm` computes the same defaults."""

from __future__ import annotations

from metrics.periods import choices, trend_window

KINDS = ("month", "quarter", "year", "custom")

__all__ = ["KINDS", "choices", "trend_window"]
