"""Texts of the Audit log page."""

TEXTS = {
    "audit_log": ("Audit log", "Zugriffsprotokoll"),
    "audit_log_caption": (
        "Who looked at which page, figure and filters, who downloaded what, which commands ran and what was "
        "refused. Logins are stored as pseudonyms: the same login always has the same pseudonym, and whoever "
        "holds the key can check whether a given login appears; the log never joins to learning data.",
        "Wer welche Seite, Kennzahl und Filter angesehen, wer was heruntergeladen hat, welche Befehle liefen und "
        "was verweigert wurde. Anmeldungen werden als Pseudonyme gespeichert: dieselbe Anmeldung hat immer "
        "dasselbe Pseudonym, und wer den Schlüssel hat, kann prüfen, ob eine bestimmte Anmeldung vorkommt; das "
        "Protokoll lässt sich nie mit Lerndaten verknüpfen.",
    ),
    "audit_log_dates": ("From – to (UTC)", "Von – bis (UTC)"),
    "audit_log_role": ("Role", "Rolle"),
    "audit_log_action": ("Action", "Aktion"),
    "audit_log_all_roles": ("All roles", "Alle Rollen"),
    "audit_log_no_role": ("no role (refused)", "keine Rolle (abgewiesen)"),
    "audit_log_all_actions": ("All actions", "Alle Aktionen"),
    "audit_log_count": ("{n} entries from {first} to {last}", "{n} Einträge vom {first} bis {last}"),
    "audit_log_limited": ("(the newest {limit}; narrow the dates for older ones)",
                          "(die neuesten {limit}; für ältere den Zeitraum eingrenzen)"),
    "audit_log_at": ("When (UTC)", "Wann (UTC)"),
    "audit_log_channel": ("Channel", "Kanal"),
    "audit_log_login": ("Login (pseudonym)", "Anmeldung (Pseudonym)"),
    "audit_log_login_help": ("A keyed pseudonym of the login (e-mail or subject), or of the operating-system "
                             "user for the command line.",
                             "Ein verschlüsseltes Pseudonym der Anmeldung (E-Mail oder Subject) bzw. des "
                             "Betriebssystem-Benutzers auf der Kommandozeile."),
    "audit_log_page": ("Page", "Seite"),
    "audit_log_metric": ("Metric", "Kennzahl"),
    "audit_log_filters": ("Filters", "Filter"),
    "audit_log_detail": ("Detail", "Detail"),
    "audit_log_retention": ("Entries older than the audit log's retention period are deleted; the Data inventory "
                            "page names it.",
                            "Einträge, die älter als die Aufbewahrungsfrist des Zugriffsprotokolls sind, werden "
                            "gelöscht; die Seite Datenverzeichnis nennt sie."),
    "audit_action_page": ("page viewed", "Seite angesehen"),
    "audit_action_metric": ("metric computed", "Kennzahl berechnet"),
    "audit_action_export": ("export", "Export"),
    "audit_action_command": ("command", "Befehl"),
    "audit_action_login": ("login", "Anmeldung"),
    "audit_action_retention": ("retention run", "Löschlauf"),
    "audit_action_rekey": ("key change", "Schlüsselwechsel"),
    "audit_action_denied": ("refused", "verweigert"),
}
