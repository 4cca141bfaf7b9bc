"""German and English labels, and numbers formatted the way each language writes them."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

import streamlit as st

from dashboard.texts import TEXTS
from metrics.catalogue import METRICS

LANGUAGES = {"en": "English", "de": "Deutsch"}


# Set outside a Streamlit session (the deck's command line, a download generated on its own thread).
_SPEAKING: ContextVar[str | None] = ContextVar("dirigent_language", default=None)


def language() -> str:
    return _SPEAKING.get() or st.session_state.get("language", "en")


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Texts and numbers in `lang` inside the block, whatever the session says (no Streamlit needed)."""
    if lang not in LANGUAGES:
        raise ValueError(f"'{lang}' is not a language; languages: {', '.join(LANGUAGES)}")
    token = _SPEAKING.set(lang)
    try:
        yield
    finally:
        _SPEAKING.reset(token)


def t(key: str, **values) -> str:
    """The text in the current language; metric ids give the catalogue's name of the metric."""
    if key in METRICS:
        label = METRICS[key].label(language())
        return label[0].upper() + label[1:]
    english, german = TEXTS[key]
    text = german if language() == "de" else english
    return text.format(**values) if values else text


def number(value: float, decimals: int = 0) -> str:
    text = f"{value:,.{decimals}f}"
    if language() == "de":
        text = text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")
    return text


def percent(share: float, decimals: int = 1) -> str:
    return f"{number(share * 100, decimals)} %" if language() == "de" else f"{number(share * 100, decimals)}%"


def plotly_separators() -> str:
    """Plotly's decimal and thousands separators for the current language."""
    return ",." if language() == "de" else ".,"


MONTHS_DE = ("Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez")


def month_label(day, year: bool = True) -> str:
    """'Oct 2026' or 'Okt 2026': plotly's own month names are English only."""
    name = MONTHS_DE[day.month - 1] if language() == "de" else f"{day:%b}"
    return f"{name} {day.year}" if year else name


def date_text(day) -> str:
    """A date as the language writes it: 2026-10-31 or 31.10.2026."""
    return f"{day:%d.%m.%Y}" if language() == "de" else day.isoformat()
