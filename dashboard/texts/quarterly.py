"""Texts of the Quarterly review page."""

TEXTS = {
    "quarterly_caption": (
        "The headline metrics for the executive review: each against the previous quarter, the same quarter a "
        "year before and its target.",
        "Die Kennzahlen für den Quartalsbericht an die Geschäftsleitung: jede im Vergleich zum Vorquartal, zum "
        "Vorjahresquartal und zu ihrem Ziel.",
    ),
    "quarterly_shows": ("{quarter} ({start} – {end})", "{quarter} ({start} – {end})"),
    "quarterly_why_chosen": ("The quarter chosen in the view.", "Das in der Ansicht gewählte Quartal."),
    "quarterly_why_contains": (
        "The view's period {period} is not a quarter: this is the quarter that contains its end.",
        "Der Zeitraum der Ansicht, {period}, ist kein Quartal: gezeigt wird das Quartal, in dem er endet.",
    ),
    "quarterly_why_latest": (
        "The view's period {period} is not a quarter, and {open} is not complete yet: this is the last complete "
        "quarter.",
        "Der Zeitraum der Ansicht, {period}, ist kein Quartal, und {open} ist noch nicht abgeschlossen: gezeigt "
        "wird das letzte abgeschlossene Quartal.",
    ),
    "quarterly_no_quarter": (
        "No complete quarter with data yet: the review appears once the first quarter ends.",
        "Noch kein abgeschlossenes Quartal mit Daten: der Bericht erscheint, sobald das erste Quartal endet.",
    ),
    # The status summary, the page's finding.
    "quarterly_all_on_track": ("All {total} headline metrics on track", "Alle {total} Kennzahlen im Plan"),
    "quarterly_on_track_count": ("{n} of {total} headline metrics on track",
                                 "{n} von {total} Kennzahlen im Plan"),
    "quarterly_off_track_list": ("{names} off track", "{names} nicht im Plan"),
    "quarterly_at_risk_list": ("{names} at risk", "{names} gefährdet"),
    "quarterly_no_status_list": ("{names} without status (no comparison)", "{names} ohne Status (kein Vergleich)"),
    "quarterly_all_hidden": ("No status: {hidden}", "Kein Status: {hidden}"),
    "quarterly_and": ("and", "und"),
    # Names inside a sentence where German writes them differently from a heading (adjectives in lower case).
    "quarterly_inline_P2": ("active learners", "aktive Lernende"),
    "quarterly_inline_C3": ("accompanied learners", "begleitete Lernende"),
    "quarterly_inline_P6": ("peer share of learning hours", "Peer-Anteil der Lernstunden"),
    "quarterly_status_help": (
        "**Status.** With a target: on track when the value reaches it, at risk within {at_risk} below it, off "
        "track further below. Without a target the trend against the previous quarter decides: on track when the "
        "value did not fall, at risk when it fell by less than {trend}, off track otherwise. The E-I index (N5) "
        "measures both margins on its scale from -1 to +1: at risk within {index_at_risk} below the target or after "
        "a fall of less than {index_trend}. A metric's own thresholds are in `[thresholds]`.\n\nTargets are set "
        "for the whole organisation (`DIRIGENT_TARGETS_FILE`); with a filter, the targets of counts (active "
        "learners, contributors, accompanied learners) do not apply.",
        "**Status.** Mit Ziel: im Plan, wenn der Wert es erreicht, gefährdet bis {at_risk} darunter, sonst nicht "
        "im Plan. Ohne Ziel entscheidet der Verlauf gegenüber dem Vorquartal: im Plan, wenn der Wert nicht sank, "
        "gefährdet bei einem Rückgang um weniger als {trend}, sonst nicht im Plan. Der E-I-Index (N5) misst beide "
        "Spannen auf seiner Skala von -1 bis +1: gefährdet bis {index_at_risk} unter dem Ziel oder nach einem "
        "Rückgang um weniger als {index_trend}. Eigene Schwellen je Kennzahl stehen in `[thresholds]`.\n\nZiele "
        "gelten für die gesamte Organisation (`DIRIGENT_TARGETS_FILE`); mit einem Filter gelten die Ziele für "
        "Anzahlen (aktive Lernende, Beitragende, begleitete Lernende) nicht.",
    ),
    "quarterly_status_on_track": ("on track", "im Plan"),
    "quarterly_status_at_risk": ("at risk", "gefährdet"),
    "quarterly_status_off_track": ("off track", "nicht im Plan"),
    "quarterly_status_none": ("no status", "kein Status"),
    # Tiles.
    "quarterly_tiles": ("Headline metrics for {quarter}", "Kennzahlen für {quarter}"),
    "quarterly_peer_share": ("{name}: peer share", "{name}: Peer-Anteil"),
    "quarterly_tile_caption": ("{year_before}: {value} · target {target}", "{year_before}: {value} · Ziel {target}"),
    "quarterly_tiles_caption": (
        "Arrows: change against {previous} (rates in percentage points). Below each figure: the same quarter a "
        "year before and the target; the channel mix shows the peer share of learning hours.",
        "Pfeile: Veränderung ggü. {previous} (Quoten in Prozentpunkten). Unter jeder Kennzahl: das "
        "Vorjahresquartal und das Ziel; der Kanal-Mix zeigt den Peer-Anteil der Lernstunden.",
    ),
    "quarterly_no_target": ("none", "keins"),
    "quarterly_no_data": ("no data", "keine Daten"),
    "quarterly_undefined": ("not defined", "nicht definiert"),
    # Table.
    "quarterly_rose": ("{n} of {total} headline metrics rose against {previous}",
                       "{n} von {total} Kennzahlen stiegen ggü. {previous}"),
    "quarterly_metric_with_id": ("{name} ({id})", "{name} ({id})"),
    "quarterly_col_metric": ("Metric", "Kennzahl"),
    "quarterly_col_value": ("{quarter}", "{quarter}"),
    "quarterly_col_value_help": ("The quarter shown.", "Das gezeigte Quartal."),
    "quarterly_col_previous": ("{quarter} · previous", "{quarter} · Vorquartal"),
    "quarterly_col_previous_help": ("The previous quarter.", "Das Vorquartal."),
    "quarterly_col_year_before": ("{quarter} · year before", "{quarter} · Vorjahr"),
    "quarterly_col_year_before_help": ("The same quarter a year before.", "Dasselbe Quartal ein Jahr zuvor."),
    "quarterly_col_change": ("Change", "Veränderung"),
    "quarterly_col_change_help": ("Against the previous quarter; rates in percentage points (pp).",
                                  "Gegenüber dem Vorquartal; Quoten in Prozentpunkten (pp)."),
    "quarterly_col_target": ("Target", "Ziel"),
    "quarterly_col_status": ("Status", "Status"),
    "quarterly_table_note": (
        "Changes of rates in percentage points (pp); channel mix: peer share of learning hours; E-I index: "
        "ties between divisions. 'no data': the quarter lies before the first data; 'hidden': fewer than {k} people.",
        "Veränderungen von Quoten in Prozentpunkten (pp); Kanal-Mix: Peer-Anteil der Lernstunden; E-I-Index: "
        "Verbindungen zwischen Bereichen. „keine Daten“: das Quartal liegt vor den ersten Daten; „verborgen“: "
        "weniger als {k} Personen.",
    ),
    # Chart.
    "quarterly_furthest_below": ("{name} is furthest below its target: {value} against {target}",
                                 "{name} liegt am weitesten unter dem Ziel: {value} bei einem Ziel von {target}"),
    "quarterly_targets_reached": ("Every headline metric with a target reached it in {quarter}",
                                  "Jede Kennzahl mit Ziel hat es in {quarter} erreicht"),
    "quarterly_grew_most": ("Against {earlier}, {name} grew most: from {before} to {value}",
                            "Ggü. {earlier} wuchs {name} am stärksten: von {before} auf {value}"),
    "quarterly_fell_most": ("Against {earlier}, {name} fell most: from {before} to {value}",
                            "Ggü. {earlier} sank {name} am stärksten: von {before} auf {value}"),
    "quarterly_chart_plain": ("Each headline metric in {quarter}, {previous} and {earlier}",
                              "Jede Kennzahl in {quarter}, {previous} und {earlier}"),
    "quarterly_panel_target": ("target {target}", "Ziel {target}"),
    "quarterly_panel_no_target": ("no target", "kein Ziel"),
    "quarterly_chart_note": ("Dashed line: target. Coloured bar: {quarter}, by status.",
                             "Gestrichelte Linie: Ziel. Farbiger Balken: {quarter}, nach Status."),
    "quarterly_left_out": ("{n} values left out (hidden, no data or not defined).",
                           "{n} Werte ausgelassen (verborgen, keine Daten oder nicht definiert)."),
    "quarterly_left_out_one": ("1 value left out (hidden, no data or not defined).",
                               "1 Wert ausgelassen (verborgen, keine Daten oder nicht definiert)."),
    "quarterly_chart_hidden": ("The chart is hidden: {hidden}", "Das Diagramm ist verborgen: {hidden}"),
    "quarterly_no_targets": (
        "No targets are configured, so the trend against the previous quarter decides every status. Targets: "
        "a TOML file with `[targets]` metric id = value, named by `DIRIGENT_TARGETS_FILE`.",
        "Es sind keine Ziele hinterlegt; den Status bestimmt daher der Verlauf gegenüber dem Vorquartal. Ziele: "
        "eine TOML-Datei mit `[targets]` Kennzahl-Id = Wert, benannt durch `DIRIGENT_TARGETS_FILE`.",
    ),
    "quarterly_filter_targets": (
        "Filtered view: targets are set for the whole organisation, so the targets of counts do not apply here "
        "and their trend decides; rates are measured against the organisation's targets.",
        "Gefilterte Ansicht: Ziele gelten für die gesamte Organisation; die Ziele für Anzahlen gelten hier daher "
        "nicht, ihr Verlauf entscheidet; Quoten werden an den Zielen der Organisation gemessen.",
    ),
}
