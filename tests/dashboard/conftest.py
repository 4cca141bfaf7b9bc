"""Helpers for the dashboard tests; the demo warehouse fixtures live in tests/conftest.py."""

from __future__ import annotations


def english(metric_id: str, value) -> str:
    """How the Overview writes a value in English, spelled out independently of the page's helpers."""
    if metric_id == "P3":
        return f"{value * 100:,.1f}%"
    if metric_id in ("P4", "P5"):
        return f"{value:,.1f}"
    return f"{value:,}"
