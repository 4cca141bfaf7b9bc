"""Texts of the Data health page (the page's title, `data_health`, is a navigation text in common.py)."""

TEXTS = {
    "data_health_caption": (
        "Did every source sync, how fresh is it, and what was set aside? Quarantine is shown by reason and "
        "location only; no personal data. The period and filters of the view do not apply here.",
        "Ist jede Quelle synchronisiert, wie aktuell ist sie, und was wurde aussortiert? Die Quarantäne zeigt "
        "nur Grund und Fundstelle, keine personenbezogenen Daten. Zeitraum und Filter der Ansicht gelten hier "
        "nicht.",
    ),
    "data_health_no_runs": ("No sync has run yet: `python -m connectors sync`.",
                            "Noch kein Sync-Lauf: `python -m connectors sync`."),
    # Tiles.
    "data_health_tile_fresh": ("Synced within {hours} h", "Aktuell ({hours} h)"),
    "data_health_tile_checks": ("Checks passed", "Prüfungen bestanden"),
    "data_health_tile_quarantine": ("In quarantine", "In Quarantäne"),
    "data_health_tile_unmatched": ("Not known to HR", "HR unbekannt"),
    "data_health_of": ("{n} of {total}", "{n} von {total}"),
    "data_health_fresh_help": (
        "A source is fresh when its last successful sync finished less than {hours} hours ago. Syncing is the job "
        "of the scheduler or of `python -m connectors sync`; the dashboard never talks to a source.",
        "Eine Quelle ist aktuell, wenn ihr letzter erfolgreicher Sync vor weniger als {hours} Stunden endete. "
        "Synchronisieren ist Aufgabe des Schedulers oder von `python -m connectors sync`; das Dashboard spricht "
        "nie selbst mit einer Quelle.",
    ),
    "data_health_checks_help": (
        "Great Expectations checks on every batch a connector loads (values present, within range, from the "
        "allowed set, end after start), from each source's newest run that validated anything.",
        "Great-Expectations-Prüfungen jedes Stapels, den ein Connector lädt (Werte vorhanden, im Bereich, aus der "
        "erlaubten Menge, Ende nach Beginn), aus dem jüngsten Lauf jeder Quelle, der etwas geprüft hat.",
    ),
    "data_health_quarantine_help": (
        "A record a connector could not read or that failed a check is set aside with its reason and location "
        "(file and line, or page); it never stops the good ones and is never dropped quietly.",
        "Ein Datensatz, den ein Connector nicht lesen konnte oder der eine Prüfung nicht bestand, wird mit Grund "
        "und Fundstelle (Datei und Zeile oder Seite) beiseitegelegt; er hält die guten nicht auf und wird nie "
        "stillschweigend verworfen.",
    ),
    "data_health_unmatched_help": (
        "Pseudonymised identities in events that no HR record carries. They are counted here and never guessed.",
        "Pseudonymisierte Identitäten in Ereignissen, die kein HR-Datensatz kennt. Sie werden hier gezählt und "
        "nie geraten.",
    ),
    # Findings.
    "data_health_all_fresh": ("All {total} sources synced within the last {hours} hours",
                              "Alle {total} Quellen wurden in den letzten {hours} Stunden synchronisiert"),
    "data_health_some_fresh": ("{n} of {total} sources synced within the last {hours} hours; not since then: {stale}",
                               "{n} von {total} Quellen wurden in den letzten {hours} Stunden synchronisiert; "
                               "seitdem nicht: {stale}"),
    "data_health_last_failed": ("the last run of {sources} failed", "der letzte Lauf von {sources} schlug fehl"),
    "data_health_never": ("never", "nie"),
    "data_health_age_hours": ("{n} h ago", "vor {n} h"),
    "data_health_age_days": ("{n} days ago", "vor {n} Tagen"),
    "data_health_newest_event": ("newest event {date}", "jüngstes Ereignis {date}"),
    "data_health_runs_none_failed": ("{n} sync runs, none failed; the last finished {finished} UTC",
                                     "{n} Sync-Läufe, keiner fehlgeschlagen; der letzte endete {finished} UTC"),
    "data_health_runs_failed": ("{failed} of {n} sync runs failed; the last finished {finished} UTC",
                                "{failed} von {n} Sync-Läufen schlugen fehl; der letzte endete {finished} UTC"),
    "data_health_runs_shown": ("The newest {shown} of {n} runs.", "Die jüngsten {shown} von {n} Läufen."),
    "data_health_quarantine_none": ("Nothing in quarantine", "Nichts in Quarantäne"),
    "data_health_quarantine_one": ("1 record in quarantine from {sources}; reason: {reason}",
                                   "1 Datensatz in Quarantäne aus {sources}; Grund: {reason}"),
    "data_health_quarantine_some": ("{records} records in quarantine from {sources}; most often: {reason}",
                                    "{records} Datensätze in Quarantäne aus {sources}; am häufigsten: {reason}"),
    "data_health_unmatched_none": ("Every identity is known to HR", "Alle Identitäten sind HR bekannt"),
    "data_health_unmatched_some": ("{identities} identities from {sources} are unknown to HR",
                                   "{identities} Identitäten aus {sources} sind HR unbekannt"),
    "data_health_unmatched_one": ("1 identity from {sources} is unknown to HR",
                                  "1 Identität aus {sources} ist HR unbekannt"),
    "data_health_unmatched_events": ("their {events} events count in no metric",
                                     "ihre {events} Ereignisse zählen in keiner Kennzahl"),
    "data_health_unmatched_events_its": ("its {events} events count in no metric",
                                         "ihre {events} Ereignisse zählen in keiner Kennzahl"),
    "data_health_unmatched_event_its": ("its event counts in no metric", "ihr Ereignis zählt in keiner Kennzahl"),
    "data_health_checks_all": ("All {total} quality checks passed in the newest run of each source",
                               "Alle {total} Qualitätsprüfungen im jüngsten Lauf jeder Quelle bestanden"),
    "data_health_checks_failed": ("{failed} of {total} quality checks failed: {sources}",
                                  "{failed} von {total} Qualitätsprüfungen nicht bestanden: {sources}"),
    "data_health_checks_none": ("No quality checks recorded yet", "Noch keine Qualitätsprüfungen erfasst"),
    # Section headings (the order the page shows them).
    "data_health_sources": ("Sources", "Quellen"),
    "data_health_runs": ("Sync runs", "Sync-Läufe"),
    "data_health_quarantine": ("Quarantine by reason", "Quarantäne nach Grund"),
    "data_health_expectations": ("Quality checks (Great Expectations), newest run per source",
                                 "Qualitätsprüfungen (Great Expectations), jüngster Lauf je Quelle"),
    "data_health_unmatched": ("Identities HR does not know", "Identitäten, die HR nicht kennt"),
    "data_health_unmatched_caption": (
        "Counted, never guessed: their events do not count in any metric (guests, external trainers, or people "
        "missing from the HR export).",
        "Gezählt, nie geraten: ihre Ereignisse zählen in keiner Kennzahl (Gäste, externe Trainer:innen oder "
        "Personen, die im HR-Export fehlen).",
    ),
    "data_health_no_duration": (
        "{n} learner events have neither a tracked nor a planned duration and count as zero hours.",
        "{n} Lernereignisse haben weder gemessene noch geplante Dauer und zählen mit null Stunden.",
    ),
    "data_health_no_duration_one": (
        "1 learner event has neither a tracked nor a planned duration and counts as zero hours.",
        "1 Lernereignis hat weder gemessene noch geplante Dauer und zählt mit null Stunden.",
    ),
    # Column headers.
    "data_health_col_source": ("Source", "Quelle"),
    "data_health_col_kind": ("Connector", "Connector"),
    "data_health_col_status": ("Last run", "Letzter Lauf"),
    "data_health_col_fresh": ("Fresh", "Aktuell"),
    "data_health_col_last_run": ("Last run (UTC)", "Letzter Lauf (UTC)"),
    "data_health_col_last_success": ("Last success (UTC)", "Letzter Erfolg (UTC)"),
    "data_health_col_hours_since": ("Age (h)", "Alter (h)"),
    "data_health_col_hours_since_help": ("Hours since the last success.", "Stunden seit dem letzten Erfolg."),
    "data_health_col_read_total": ("Read", "Gelesen"),
    "data_health_col_read_total_help": ("Records read by all successful runs.",
                                        "Von allen erfolgreichen Läufen gelesene Datensätze."),
    "data_health_col_quarantined_total": ("Quarantined", "In Quarantäne"),
    "data_health_col_events": ("Events", "Ereignisse"),
    "data_health_col_events_help": ("Events of this source in the warehouse.",
                                    "Ereignisse dieser Quelle im Warehouse."),
    "data_health_col_newest_event": ("Newest event (UTC)", "Jüngstes Ereignis (UTC)"),
    "data_health_col_message": ("Message", "Meldung"),
    "data_health_col_run": ("Run", "Lauf"),
    "data_health_col_run_status": ("Status", "Status"),
    "data_health_col_started": ("Started (UTC)", "Gestartet (UTC)"),
    "data_health_col_finished": ("Finished (UTC)", "Beendet (UTC)"),
    "data_health_col_read": ("Read", "Gelesen"),
    "data_health_col_loaded": ("Loaded", "Geladen"),
    "data_health_col_updated": ("Updated", "Aktualisiert"),
    "data_health_col_duplicates": ("Duplicates skipped", "Duplikate übersprungen"),
    "data_health_col_quarantined": ("Quarantined", "In Quarantäne"),
    "data_health_col_reason": ("Reason", "Grund"),
    "data_health_col_records": ("Records", "Datensätze"),
    "data_health_col_first_location": ("First location", "Erste Fundstelle"),
    "data_health_col_identities": ("Identities", "Identitäten"),
    "data_health_col_unmatched_events": ("Their events", "Ihre Ereignisse"),
    "data_health_col_suite": ("Table checked", "Geprüfte Tabelle"),
    "data_health_col_check": ("Check", "Prüfung"),
    "data_health_col_expectation": ("Expectation (technical)", "Erwartung (technisch)"),
    "data_health_col_passed": ("Passed", "Bestanden"),
    "data_health_col_checked": ("Records checked", "Geprüfte Datensätze"),
    "data_health_col_unexpected": ("Failing", "Abweichend"),
    # Run states and check kinds.
    "data_health_status_ok": ("ok", "ok"),
    "data_health_status_failed": ("failed", "fehlgeschlagen"),
    "data_health_status_running": ("running", "läuft"),
    "data_health_check_not_null": ("{column} is never empty", "{column} ist nie leer"),
    "data_health_check_between": ("{column} within its range", "{column} im zulässigen Bereich"),
    "data_health_check_in_set": ("{column} from the allowed values", "{column} aus den zulässigen Werten"),
    "data_health_check_greater": ("{a} not before {b}", "{a} nicht vor {b}"),
}
