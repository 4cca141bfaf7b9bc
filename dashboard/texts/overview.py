"""Texts of the Overview page."""

TEXTS = {
    "overview_headline": ("Headline figures for {period}", "Kennzahlen für {period}"),
    "overview_moved": ("What moved most", "Was sich am stärksten bewegt hat"),
    "overview_up": ("{metric} rose by {change} to {value} against {previous_period}.",
                    "{metric} stieg um {change} auf {value} ggü. {previous_period}."),
    "overview_down": ("{metric} fell by {change} to {value} against {previous_period}.",
                      "{metric} sank um {change} auf {value} ggü. {previous_period}."),
    "overview_steady": ("{metric} held steady at {value}.", "{metric} blieb stabil bei {value}."),
    "overview_groups": ("Participation rose most in {rise} ({rise_change}) and fell most in {fall} ({fall_change}).",
                        "Die Beteiligung stieg am stärksten in {rise} ({rise_change}) und sank am stärksten in "
                        "{fall} ({fall_change})."),
    "overview_groups_rise": ("Participation rose most in {rise} ({rise_change}); no division fell.",
                             "Die Beteiligung stieg am stärksten in {rise} ({rise_change}); kein Bereich sank."),
    "overview_groups_fall": ("Participation fell most in {fall} ({fall_change}); no division rose.",
                             "Die Beteiligung sank am stärksten in {fall} ({fall_change}); kein Bereich stieg."),
    "overview_nothing_moved": ("No comparison: the previous period has no figures to compare with.",
                               "Kein Vergleich: der Vorzeitraum hat keine vergleichbaren Werte."),
    "overview_sparkline": ("Small charts: the last 12 months.", "Kleine Diagramme: die letzten 12 Monate."),
    "overview_trend_learners": ("{learners} active learners in {month}: {rate} of the workforce took part",
                                "{learners} aktive Lernende im {month}: {rate} der Belegschaft haben teilgenommen"),
    "overview_trend_hours": ("{hours} learning hours per FTE in {month}, {change} against {earlier}",
                             "{hours} Lernstunden pro VZÄ im {month}, {change} ggü. {earlier}"),
    "overview_trend_hidden": ("Monthly trend: hidden where fewer than {k} people are in scope",
                              "Monatlicher Verlauf: verborgen, wo weniger als {k} Personen erfasst sind"),
}
