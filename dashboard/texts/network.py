"""Texts of the Network effects page."""

TEXTS = {
    "network_caption": (
        "Does the peer platform's flywheel turn? More contributors bring more sessions, more sessions more "
        "learners, and learners become contributors. Peer formats: sessions, forum, mentoring, learning "
        "conversations and circles.",
        "Dreht sich das Schwungrad der Peer-Plattform? Mehr Beitragende bringen mehr Sessions, mehr Sessions "
        "mehr Lernende, und Lernende werden zu Beitragenden. Peer-Formate: Sessions, Forum, Mentoring, "
        "Lerngespräche und Lernkreise.",
    ),
    "network_headline": ("Headline figures for {period}", "Kennzahlen für {period}"),
    "network_conversion": ("Learner conversion", "Konversionsquote"),
    "network_mean_attendees": ("Attendees/session", "Teilnehmende/Session"),
    "network_mean_attendees_long": ("Mean attendees per session", "Teilnehmende je Session im Mittel"),
    "network_not_defined": ("not defined: nothing to count in this period",
                            "nicht definiert: in diesem Zeitraum gibt es nichts zu zählen"),
    # flywheel (N7)
    "network_flywheel": ("The flywheel", "Das Schwungrad"),
    "network_window": (
        "Monthly, {start} to {end} ({months} months ending with the chosen period); the same figures: "
        "`{command}`.",
        "Monatlich, {start} bis {end} ({months} Monate bis zum gewählten Zeitraum); dieselben Werte: "
        "`{command}`.",
    ),
    "network_series_contributors": ("Contributors", "Beitragende"),
    "network_series_learners": ("Learners", "Lernende"),
    "network_series_sessions_offered": ("Sessions offered", "Angebotene Sessions"),
    "network_series_seats_filled": ("Seats filled", "Besetzte Plätze"),
    "network_grew": ("{series} grew most: from {first} in {first_month} to {last} in {last_month} ({change})",
                     "{series} wuchsen am stärksten: von {first} im {first_month} auf {last} im {last_month} "
                     "({change})"),
    "network_fell": ("{series} fell most: from {first} in {first_month} to {last} in {last_month} ({change})",
                     "{series} sanken am stärksten: von {first} im {first_month} auf {last} im {last_month} "
                     "({change})"),
    "network_flywheel_steady": (
        "The flywheel holds steady: no series moved by more than 5% between {first_month} and {last_month}",
        "Das Schwungrad läuft gleichmäßig: keine Reihe bewegte sich zwischen {first_month} und {last_month} um "
        "mehr als 5 %"),
    "network_flywheel_flat": ("Monthly contributors, learners, sessions and seats",
                              "Beitragende, Lernende, Sessions und Plätze je Monat"),
    "network_flywheel_hidden": ("The flywheel: {hidden}", "Das Schwungrad: {hidden}"),
    "network_log_axis": ("Logarithmic axis: parallel lines grow at the same rate; months without any leave a gap.",
                         "Logarithmische Achse: parallele Linien wachsen gleich schnell; Monate ohne Werte "
                         "bleiben leer."),
    "network_exponent_faster": (
        "Interactions grow faster than the number of active people (b = {b}): a network effect",
        "Interaktionen wachsen schneller als die Zahl der Aktiven (b = {b}): ein Netzwerkeffekt",
    ),
    "network_exponent_proportional": (
        "Interactions grow in step with the number of active people (b = {b}): no network effect yet",
        "Interaktionen wachsen im Gleichschritt mit der Zahl der Aktiven (b = {b}): noch kein Netzwerkeffekt",
    ),
    "network_exponent_slower": (
        "Interactions grow more slowly than the number of active people (b = {b}): the network thins out",
        "Interaktionen wachsen langsamer als die Zahl der Aktiven (b = {b}): das Netz dünnt aus",
    ),
    "network_exponent_missing": (
        "No network-effect exponent: it needs at least 6 months with interactions and a change in active people",
        "Kein Netzwerkeffekt-Exponent: er braucht mindestens 6 Monate mit Interaktionen und eine Veränderung "
        "der Zahl der Aktiven",
    ),
    "network_exponent_hidden": ("Network-effect exponent: {hidden}", "Netzwerkeffekt-Exponent: {hidden}"),
    "network_fit_note": ("fit over {months} months: log(interactions) = {a} + {b} · log(active people)",
                         "Anpassung über {months} Monate: log(Interaktionen) = {a} + {b} · log(Aktive)"),
    "network_active": ("Active people", "Aktive Personen"),
    "network_interactions": ("Interactions", "Interaktionen"),
    "network_months": ("Months", "Monate"),
    "network_fit": ("Least-squares fit", "Kleinste-Quadrate-Anpassung"),
    "network_correlation": (
        "Growth in sessions offered and the next month's growth in learners correlate at r = {r} "
        "({pairs} pairs of months).",
        "Das Wachstum der angebotenen Sessions und das Wachstum der Lernenden im Folgemonat korrelieren mit "
        "r = {r} ({pairs} Monatspaare).",
    ),
    "network_correlation_missing": (
        "The correlation of session growth with next month's learner growth needs at least 3 pairs of months.",
        "Die Korrelation von Session-Wachstum und Lernenden-Wachstum im Folgemonat braucht mindestens "
        "3 Monatspaare.",
    ),
    "network_months_hidden": ("{n} months hidden: fewer than {k} people in scope.",
                              "{n} Monate verborgen: weniger als {k} Personen erfasst."),
    # peer network (N4 to N6)
    "network_graph": ("The peer network", "Das Peer-Netzwerk"),
    "network_grouping": ("Groups", "Gruppen"),
    "network_level": ("Org units, level {level}", "Org-Einheiten, Ebene {level}"),
    "network_countries": ("Countries", "Länder"),
    "network_nodes": ("People linked", "Vernetzte Personen"),
    "network_edges": ("Distinct ties", "Verbindungen"),
    "network_density": ("Density", "Dichte"),
    "network_component": ("In largest cluster", "Im größten Cluster"),
    "network_reciprocity": ("Reciprocity", "Gegenseitigkeit"),
    "network_graph_strongest": (
        "The strongest tie runs between {a} and {b} ({n} interactions); the E-I index ranges from {inward_ei} "
        "({inward}, most inward) to {outward_ei} ({outward})",
        "Die stärkste Verbindung besteht zwischen {a} und {b} ({n} Interaktionen); der E-I-Index reicht von "
        "{inward_ei} ({inward}, am meisten unter sich) bis {outward_ei} ({outward})",
    ),
    "network_graph_strongest_only": (
        "The strongest tie runs between {a} and {b} ({n} interactions)",
        "Die stärkste Verbindung besteht zwischen {a} und {b} ({n} Interaktionen)",
    ),
    "network_graph_no_ties": ("No interactions between the groups shown in {period}",
                              "Keine Interaktionen zwischen den gezeigten Gruppen im Zeitraum {period}"),
    "network_backbone": ("Lines: each group's {strongest} strongest ties ({shown} of {total}; all in the CSV)",
                         "Linien: die {strongest} stärksten Verbindungen jeder Gruppe ({shown} von {total}; alle im "
                         "CSV)"),
    "network_graph_hidden": ("The peer network by group: {hidden}", "Das Peer-Netzwerk nach Gruppen: {hidden}"),
    "network_graph_legend": (
        "Circle area: people in scope. Colour: E-I index of the group's ties, orange = mostly within the group, "
        "blue = mostly with other groups, grey = no ties. Line width: interactions between two groups in both "
        "directions; hover for each direction. Only groups of at least {k} people are drawn.",
        "Kreisfläche: erfasste Personen. Farbe: E-I-Index der Verbindungen der Gruppe, orange = vor allem "
        "innerhalb der Gruppe, blau = vor allem mit anderen Gruppen, grau = keine Verbindungen. Linienstärke: "
        "Interaktionen zwischen zwei Gruppen in beide Richtungen; Details beim Überfahren. Nur Gruppen mit "
        "mindestens {k} Personen werden gezeigt.",
    ),
    "network_people": ("People", "Personen"),
    "network_within": ("Interactions within", "Interaktionen innerhalb"),
    "network_inside": ("inside", "innen"),
    "network_outside": ("outside", "außen"),
    # reach (N6)
    "network_reach": ("Reach of contributors", "Reichweite der Beitragenden"),
    "network_reach_mean": ("Mean reach", "Reichweite im Mittel"),
    "network_reach_median": ("Median reach", "Reichweite (Median)"),
    "network_reach_p90": ("Reach, top 10%", "Reichweite, Top 10 %"),
    "network_reach_title": (
        "A contributor reaches {mean} {groups} on average; half reach {median} or fewer, the top tenth {p90} or more",
        "Beitragende erreichen im Mittel {mean} {groups}; die Hälfte erreicht höchstens {median}, das oberste "
        "Zehntel {p90} oder mehr",
    ),
    "network_reach_none": ("No contributor reached anyone in {period}",
                           "Keine beitragende Person hat im Zeitraum {period} jemanden erreicht"),
    "network_reach_hidden": ("Reach: {hidden}", "Reichweite: {hidden}"),
    "network_reach_axis": ("{groups} reached", "Erreichte {groups}"),
    "network_reach_contributors": ("Contributors", "Beitragende"),
    "network_groups_org_unit": ("org units", "Org-Einheiten"),
    "network_groups_country": ("countries", "Länder"),
    "network_groups_org_unit_axis": ("Org units", "Org-Einheiten"),
    "network_groups_country_axis": ("Countries", "Länder"),
    "network_reach_note": ("Reach counts every group reached, small ones included; dotted line: mean.",
                           "Die Reichweite zählt jede erreichte Gruppe, auch kleine; gepunktete Linie: Mittelwert."),
    # conversion (N3) and session fill (N8)
    "network_conversion_fill": ("From learner to contributor, and full sessions",
                                "Von Lernenden zu Beitragenden, und volle Sessions"),
    "network_funnel_title": (
        "{rate} of the people who started as learners have contributed since; the first contribution came a "
        "median {days} days after their first learning",
        "{rate} der Personen, die als Lernende begonnen haben, haben seither beigetragen; der erste Beitrag "
        "kam im Median {days} Tage nach dem ersten Lernen",
    ),
    "network_funnel_title_nodays": ("{rate} of the people who started as learners have contributed since",
                                    "{rate} der Personen, die als Lernende begonnen haben, haben seither "
                                    "beigetragen"),
    "network_funnel_none": ("Nobody in scope started as a learner by the end of {period}",
                            "Niemand im Bestand hat bis zum Ende von {period} als Lernende:r begonnen"),
    "network_funnel_hidden": ("From learner to contributor: {hidden}", "Von Lernenden zu Beitragenden: {hidden}"),
    "network_funnel_learners": ("Started as learners", "Als Lernende begonnen"),
    "network_funnel_converted": ("Contributed since", "Seither beigetragen"),
    "network_funnel_note": ("Everyone in scope whose first event by the end of {period} was a learner event.",
                            "Alle Erfassten, deren erstes Ereignis bis zum Ende von {period} ein Lernereignis war."),
    "network_fill_title": (
        "{mean} attendees per session in {period} ({change} against {previous}); {show} of registrations "
        "turned up",
        "{mean} Teilnehmende je Session im Zeitraum {period} ({change} ggü. {previous}); {show} der "
        "Anmeldungen sind erschienen",
    ),
    "network_fill_title_noshow": ("{mean} attendees per session in {period} ({change} against {previous})",
                                  "{mean} Teilnehmende je Session im Zeitraum {period} ({change} ggü. {previous})"),
    "network_fill_none": ("No peer sessions were held in {period}", "Im Zeitraum {period} fanden keine Peer-Sessions statt"),
    "network_fill_hidden": ("Session fill: {hidden}", "Auslastung der Sessions: {hidden}"),
    "network_fill_note": ("{sessions} sessions held, {empty} without any attendee; {registrations} registrations",
                          "{sessions} Sessions, davon {empty} ohne Teilnehmende; {registrations} Anmeldungen"),
    "network_show_rate": ("Show rate", "Erscheinensquote"),
}
