"""German and English labels, and numbers formatted the way each language writes them."""

from __future__ import annotations

import streamlit as st

from metrics.catalogue import METRICS

LANGUAGES = {"en": "English", "de": "Deutsch"}

TEXTS = {
    "overview": ("Overview", "Überblick"),
    "overview_caption": (
        "Participation across the whole learning ecosystem: formal courses, peer sessions, coaching and circles.",
        "Beteiligung im gesamten Lern-Ökosystem: formale Kurse, Peer-Sessions, Coaching und Lernkreise.",
    ),
    "granularity": ("Period", "Zeitraum"),
    "month": ("Month", "Monat"),
    "quarter": ("Quarter", "Quartal"),
    "choose_period": ("Which one", "Welcher"),
    "vs_previous": ("vs. {period}", "ggü. {period}"),
    "hidden": ("hidden", "verborgen"),
    "hidden_note": ("fewer than {k} people: hidden to protect privacy",
                    "weniger als {k} Personen: zum Schutz der Privatsphäre verborgen"),
    "trend_title": ("Monthly trend", "Monatlicher Verlauf"),
    "trend_learners": ("Active learners and participation rate", "Aktive Lernende und Beteiligungsquote"),
    "trend_hours": ("Learning hours per FTE", "Lernstunden pro VZÄ"),
    "month_axis": ("Month", "Monat"),
    "empty": (
        "The warehouse holds no data yet. Run `make demo` for the demo company, or connect your sources "
        "in `sources.toml` and run `python -m connectors sync`.",
        "Das Warehouse enthält noch keine Daten. `make demo` lädt das Demo-Unternehmen; eigene Quellen "
        "in `sources.toml` eintragen und `python -m connectors sync` ausführen.",
    ),
    "data_health": ("Data health", "Datenqualität"),
    "data_health_caption": (
        "Did every source sync, how fresh is it, and what was set aside? Quarantine is shown by reason and "
        "location only; no personal data.",
        "Ist jede Quelle synchronisiert, wie aktuell ist sie, und was wurde aussortiert? Die Quarantäne zeigt "
        "nur Grund und Fundstelle, keine personenbezogenen Daten.",
    ),
    "sources": ("Sources", "Quellen"),
    "runs": ("Sync runs", "Sync-Läufe"),
    "quarantine": ("Quarantine by reason", "Quarantäne nach Grund"),
    "expectations": ("Quality checks (Great Expectations), newest run per source",
                     "Qualitätsprüfungen (Great Expectations), jüngster Lauf je Quelle"),
    "unmatched": ("Identities HR does not know", "Identitäten, die HR nicht kennt"),
    "unmatched_caption": ("Counted, never guessed: their events do not count in any metric (guests, external "
                          "trainers, or people missing from the HR export).",
                          "Gezählt, nie geraten: ihre Ereignisse zählen in keiner Kennzahl (Gäste, externe "
                          "Trainer:innen oder Personen, die im HR-Export fehlen)."),
    "no_duration": ("{n} learner events have neither a tracked nor a planned duration and count as zero hours.",
                    "{n} Lernereignisse haben weder gemessene noch geplante Dauer und zählen mit null Stunden."),
    "nothing_quarantined": ("Nothing in quarantine.", "Nichts in Quarantäne."),
    "all_matched": ("Every identity is known to HR.", "Alle Identitäten sind HR bekannt."),
    "no_runs": ("No sync has run yet: `python -m connectors sync`.", "Noch kein Sync-Lauf: `python -m connectors sync`."),
    "no_complete_period": ("No complete month or quarter with data yet; figures appear once the first one ends.",
                           "Noch kein abgeschlossener Monat oder kein abgeschlossenes Quartal mit Daten; "
                           "Kennzahlen erscheinen, sobald der erste endet."),
    "trace": ("Metric ids {ids} · period {period} · filters: none · {lineage}",
              "Kennzahlen {ids} · Zeitraum {period} · Filter: keine · {lineage}"),
    "lineage": ("sync runs {runs} (last finished {finished} UTC)", "Sync-Läufe {runs} (zuletzt beendet {finished} UTC)"),
    "no_sync": ("no sync run yet", "noch kein Sync-Lauf"),
    "definition": ("Definition ({id})", "Definition ({id})"),
}


def language() -> str:
    return st.session_state.get("language", "en")


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
