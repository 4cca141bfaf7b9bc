"""Texts of the Data inventory page."""

TEXTS = {
    "data_inventory": ("Data inventory", "Datenverzeichnis"),
    "data_inventory_caption": (
        "What Dirigent holds and why: the purpose, the sources, every field of the warehouse, how people are "
        "pseudonymised, how long each kind of data is kept, and the minimum group sizes.",
        "Was Dirigent speichert und wozu: der Zweck, die Quellen, jedes Feld des Datenbestands, wie Personen "
        "pseudonymisiert werden, wie lange jede Art von Daten aufbewahrt wird, und die Mindestgruppengrößen.",
    ),
    "data_inventory_purpose": ("Purpose", "Zweck"),
    "data_inventory_k": ("Minimum group size k", "Mindestgruppengröße k"),
    "data_inventory_k_help": ("No figure about fewer than k people is shown, on any page, export or command.",
                              "Keine Zahl über weniger als k Personen wird gezeigt, auf keiner Seite, in keinem "
                              "Export und keinem Befehl."),
    "data_inventory_k_works_council": ("Works council's k", "k des Betriebsrats"),
    "data_inventory_k_works_council_help": ("The works council's own minimum group size; it can raise k, never "
                                            "lower it.",
                                            "Die eigene Mindestgruppengröße des Betriebsrats; sie kann k erhöhen, "
                                            "nie senken."),
    "data_inventory_sources": ("Sources", "Quellen"),
    "data_inventory_person_tables": ("Tables about people", "Tabellen über Personen"),
    "data_inventory_person_tables_help": ("Tables that hold pseudonyms of people.",
                                          "Tabellen, die Pseudonyme von Personen enthalten."),
    "data_inventory_demo": ("This is the demo warehouse: Demo AG's made-up people and learning.",
                            "Dies ist das Demo-Warehouse: erfundene Personen und Lernaktivitäten der Demo AG."),
    "data_inventory_sources_title": ("Sources", "Quellen"),
    "data_inventory_source": ("Source", "Quelle"),
    "data_inventory_kind": ("Kind", "Art"),
    "data_inventory_status": ("Last status", "Letzter Status"),
    "data_inventory_last_run": ("Last run (UTC)", "Letzter Lauf (UTC)"),
    "data_inventory_last_success": ("Last success (UTC)", "Letzter Erfolg (UTC)"),
    "data_inventory_runs": ("Runs", "Läufe"),
    "data_inventory_rows_written": ("Rows held, by table", "Gespeicherte Zeilen je Tabelle"),
    "data_inventory_no_sources": ("No source has synced yet.", "Noch keine Quelle synchronisiert."),
    "data_inventory_pseudonymisation": ("How people are pseudonymised", "Wie Personen pseudonymisiert werden"),
    "data_inventory_fields": ("Which fields are held", "Welche Felder gespeichert sind"),
    "data_inventory_fields_caption": (
        "Every table of the warehouse with its fields. Pseudonymised fields hold only keyed pseudonyms; some text "
        "fields (record ids, quarantined records, sync cursors) may contain pseudonyms too.",
        "Jede Tabelle des Datenbestands mit ihren Feldern. Pseudonymisierte Felder enthalten nur "
        "schlüsselbasierte Pseudonyme; einige Textfelder (Datensatzkennungen, Quarantäne, Sync-Stände) können "
        "ebenfalls Pseudonyme enthalten.",
    ),
    "data_inventory_table": ("Table", "Tabelle"),
    "data_inventory_holds": ("Holds", "Inhalt"),
    "data_inventory_rows": ("Rows", "Zeilen"),
    "data_inventory_people": ("About people", "Personenbezogen"),
    "data_inventory_pseudonymised": ("Pseudonymised fields", "Pseudonymisierte Felder"),
    "data_inventory_may_embed": ("May contain pseudonyms", "Kann Pseudonyme enthalten"),
    "data_inventory_all_fields": ("All fields", "Alle Felder"),
    "data_inventory_kept": ("Kept", "Aufbewahrt"),
    "data_inventory_setting": ("Setting", "Einstellung"),
    "data_inventory_months": ("{n} months", "{n} Monate"),
    "data_inventory_kept_never": ("until deleted by hand", "bis zur manuellen Löschung"),
    "data_inventory_kept_no_setting": ("as long as the warehouse (no person data by date)",
                                       "so lange wie der Datenbestand (keine datierten Personendaten)"),
    "data_inventory_retention": ("Retention periods", "Aufbewahrungsfristen"),
    "data_inventory_retention_events": ("Learning events", "Lernereignisse"),
    "data_inventory_retention_enrolments": ("Enrolments", "Einschreibungen"),
    "data_inventory_retention_feedback": ("Feedback", "Feedback"),
    "data_inventory_retention_people": ("People who left (history and identifiers)",
                                        "Ausgeschiedene Personen (Verlauf und Kennzeichner)"),
    "data_inventory_retention_quarantine": ("Quarantined records", "Datensätze in Quarantäne"),
    "data_inventory_retention_audit_log": ("Audit log", "Zugriffsprotokoll"),
    "data_inventory_generated": ("As of {at} UTC.", "Stand {at} UTC."),
}
