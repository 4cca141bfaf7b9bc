"""Texts of the Participation page."""

TEXTS = {
    "participation_caption": (
        "Who takes part in learning, through which channels, whether they come back, how evenly participation is "
        "spread, and how learners rate it.",
        "Wer am Lernen teilnimmt, über welche Kanäle, ob die Menschen wiederkommen, wie gleichmäßig sich die "
        "Beteiligung verteilt und wie sie bewertet wird.",
    ),
    "participation_headline": ("Headline figures for {period}", "Kennzahlen für {period}"),
    "participation_tile_rating": ("Mean rating (1–5)", "Ø Bewertung (1–5)"),
    "participation_no_enrolments": ("No enrolments started in this period.",
                                    "In diesem Zeitraum hat keine Einschreibung begonnen."),
    "participation_no_ratings": ("No session ratings in this period.",
                                 "In diesem Zeitraum gibt es keine Session-Bewertungen."),
    "participation_sparkline": ("Small charts: the last 12 months.", "Kleine Diagramme: die letzten 12 Monate."),
    # trend and channel mix
    "participation_section_trend": ("How participation develops", "Wie sich die Beteiligung entwickelt"),
    "participation_trend_finding": (
        "{rate} of the workforce learned in {month} ({learners} active learners), {change} against {ref_month}",
        "{rate} der Belegschaft haben im {month} gelernt ({learners} aktive Lernende), {change} ggü. {ref_month}",
    ),
    "participation_trend_single": ("{rate} of the workforce learned in {month} ({learners} active learners)",
                                   "{rate} der Belegschaft haben im {month} gelernt ({learners} aktive Lernende)"),
    "participation_trend_hidden": ("Monthly participation: hidden",
                                   "Monatliche Beteiligung: verborgen"),
    "participation_hidden_months": ("{n} months hidden: fewer than {k} people in scope.",
                                    "{n} Monate verborgen: weniger als {k} Personen erfasst."),
    "participation_mix_finding": (
        "The {top} channel carries {top_share} of learning hours in {month}; {mover} moved most against {first} "
        "({before} → {after})",
        "Der Kanal {top} trägt im {month} {top_share} der Lernstunden; {mover} hat sich ggü. {first} am "
        "stärksten bewegt ({before} → {after})",
    ),
    "participation_mix_single": ("The {top} channel carries {top_share} of learning hours in {month}",
                                 "Der Kanal {top} trägt im {month} {top_share} der Lernstunden"),
    "participation_mix_filtered": (
        "Channel filter on: every hour shown is {channel} learning, so the mix is 100% {channel}",
        "Kanalfilter aktiv: jede gezeigte Stunde ist {channel}-Lernen, der Mix ist also 100 % {channel}",
    ),
    "participation_mix_hidden": ("Channel mix: hidden", "Kanal-Mix: verborgen"),
    "participation_mix_no_hours": ("{n} months without learning hours are left empty.",
                                   "{n} Monate ohne Lernstunden bleiben leer."),
    "participation_share_of_hours": ("share of learning hours", "Anteil der Lernstunden"),
    # groups
    "participation_section_groups": ("Who takes part", "Wer teilnimmt"),
    "participation_grouping": ("Compare by", "Vergleichen nach"),
    "participation_by_org_unit": ("org unit", "Organisationseinheit"),
    "participation_by_country": ("country", "Land"),
    "participation_by_location": ("location", "Standort"),
    "participation_by_job_family": ("job family", "Jobfamilie"),
    "participation_by_employment_type": ("employment type", "Beschäftigungsart"),
    "participation_org_level": ("Level of the org tree", "Ebene der Organisation"),
    "participation_level": ("level {level} · {n} units", "Ebene {level} · {n} Einheiten"),
    "participation_groups_gap": (
        "Participation ranges from {low} in {low_group} to {high} in {high_group}: a gap of {gap}",
        "Die Beteiligung reicht von {low} in {low_group} bis {high} in {high_group}: ein Abstand von {gap}",
    ),
    "participation_groups_one": ("{high} of {high_group} take part", "{high} in {high_group} nehmen teil"),
    "participation_groups_hidden": ("Participation by group: every group hidden",
                                    "Beteiligung nach Gruppe: alle Gruppen verborgen"),
    "participation_groups_middle": (
        "{n} groups between the {shown} lowest and highest are left out of the chart; the CSV has all.",
        "{n} Gruppen zwischen den {shown} niedrigsten und höchsten fehlen im Diagramm; die CSV enthält alle.",
    ),
    "participation_overall": ("whole view {rate}", "gesamte Ansicht {rate}"),
    "participation_hover_group": ("{learners} of {people} people", "{learners} von {people} Personen"),
    "participation_employment_full_time": ("full-time", "Vollzeit"),
    "participation_employment_part_time": ("part-time", "Teilzeit"),
    "participation_employment_working_student": ("working student", "Werkstudent:in"),
    "participation_employment_apprentice": ("apprentice", "Auszubildende:r"),
    # returning learners
    "participation_section_return": ("Do learners come back?", "Kommen Lernende wieder?"),
    "participation_cohort_finding": (
        "{avg} of new learners learn again the month after their first activity; the {best_cohort} cohort kept "
        "the most ({best})",
        "{avg} der neuen Lernenden lernen im Monat nach ihrer ersten Aktivität wieder; die Kohorte {best_cohort} "
        "hielt die meisten ({best})",
    ),
    "participation_cohort_young": ("New learners since {first}: no cohort has a month after its first yet",
                                   "Neue Lernende seit {first}: noch keine Kohorte hat einen Folgemonat"),
    "participation_cohort_hidden": ("Cohorts of new learners: hidden",
                                    "Kohorten neuer Lernender: verborgen"),
    "participation_cohorts_suppressed": ("{n} cohorts hidden: fewer than {k} new learners each.",
                                         "{n} Kohorten verborgen: jeweils weniger als {k} neue Lernende."),
    "participation_cohort_note": (
        "Cohorts: persons whose first activity ever fell in that month (size in brackets); month 0 is 100 % by "
        "definition and left out; the last {months} months.",
        "Kohorten: Personen, deren erste Aktivität überhaupt in diesen Monat fiel (Größe in Klammern); Monat 0 "
        "ist per Definition 100 % und fehlt; die letzten {months} Monate.",
    ),
    "participation_months_since": ("months since first activity", "Monate seit der ersten Aktivität"),
    "participation_returning_finding": (
        "{rate} of {month}'s learners learned again in {next}; {avg} on average over {n} months",
        "{rate} der Lernenden aus {month} lernten im {next} wieder; im Mittel {avg} über {n} Monate",
    ),
    "participation_returning_hidden": ("Returning learners: hidden",
                                       "Wiederkehrende Lernende: verborgen"),
    "participation_returning_open": (
        "{month}: not known yet, the warehouse holds no data for the month after.",
        "{month}: noch nicht bekannt, das Warehouse enthält keine Daten für den Folgemonat.",
    ),
    "participation_returning_none": ("Returning learners: no month with a following month in the data yet",
                                     "Wiederkehrende Lernende: noch kein Monat mit Folgemonat in den Daten"),
    # inequality
    "participation_section_spread": ("How evenly participation is spread",
                                     "Wie gleichmäßig die Beteiligung verteilt ist"),
    "participation_lorenz_finding": (
        "The most active 10% produce {top10} of all learning and contribution events, the least active half "
        "{bottom50} (Gini {gini})",
        "Die aktivsten 10 % erzeugen {top10} aller Lern- und Beitragsereignisse, die weniger aktive Hälfte "
        "{bottom50} (Gini {gini})",
    ),
    "participation_lorenz_short": (
        "The most active 10% produce {top10} of all learning and contribution events (Gini {gini})",
        "Die aktivsten 10 % erzeugen {top10} aller Lern- und Beitragsereignisse (Gini {gini})",
    ),
    "participation_lorenz_few": ("No curve: fewer than {k} people were active, and it would describe each of them.",
                                 "Keine Kurve: weniger als {k} Personen waren aktiv, sie würde jede einzeln zeigen."),
    "participation_lorenz_hidden": ("Participation inequality: hidden",
                                    "Ungleichheit der Beteiligung: verborgen"),
    "participation_lorenz_empty": ("Participation inequality: nobody was active in this period",
                                   "Ungleichheit der Beteiligung: niemand war in diesem Zeitraum aktiv"),
    "participation_lorenz_x": ("share of active people, least active first",
                               "Anteil der aktiven Personen, die weniger aktiven zuerst"),
    "participation_lorenz_y": ("share of events", "Anteil der Ereignisse"),
    "participation_lorenz_curve": ("actual spread", "tatsächliche Verteilung"),
    "participation_lorenz_equal": ("everyone equally active", "alle gleich aktiv"),
    "participation_lorenz_note": ("{active} active people; top 1 %: {top1} of events.",
                                  "{active} aktive Personen; oberstes 1 %: {top1} der Ereignisse."),
    "participation_split_finding": (
        "{lurkers} of active people only learn; {occasional} contribute occasionally and {heavy} heavily "
        "(rule of thumb: 90 / 9 / 1)",
        "{lurkers} der aktiven Personen lernen nur; {occasional} tragen gelegentlich bei, {heavy} häufig "
        "(Faustregel: 90 / 9 / 1)",
    ),
    "participation_split_hidden": ("Lurkers and contributors: hidden",
                                   "Nur Lernende und Beitragende: verborgen"),
    "participation_lurkers": ("only learn<br>(no contribution)", "lernen nur<br>(kein Beitrag)"),
    "participation_occasional": ("occasional<br>contributors (1–4)", "gelegentlich<br>Beitragende (1–4)"),
    "participation_heavy": ("heavy<br>contributors (5+)", "häufig<br>Beitragende (5+)"),
    "participation_rule": ("rule of thumb 90 / 9 / 1", "Faustregel 90 / 9 / 1"),
    "participation_people": ("{n} people", "{n} Personen"),
    # completion and satisfaction
    "participation_section_quality": ("Completion and satisfaction", "Abschluss und Zufriedenheit"),
    "participation_completion_finding": (
        "{rate} of the enrolments started in {period} are completed; by month between {low} ({low_month}) and "
        "{high} ({high_month})",
        "{rate} der im Zeitraum {period} begonnenen Einschreibungen sind abgeschlossen; je Monat zwischen {low} "
        "({low_month}) und {high} ({high_month})",
    ),
    "participation_completion_plain": ("{rate} of the enrolments started in {period} are completed",
                                       "{rate} der im Zeitraum {period} begonnenen Einschreibungen sind abgeschlossen"),
    "participation_completion_none": ("Completion: no enrolments started in {period}",
                                      "Abschluss: im Zeitraum {period} hat keine Einschreibung begonnen"),
    "participation_completion_hidden": ("Completion: hidden", "Abschluss: verborgen"),
    "participation_completion_note": (
        "Completed by today: enrolments of recent months have had less time to finish.",
        "Abgeschlossen bis heute: Einschreibungen der letzten Monate hatten weniger Zeit.",
    ),
    "participation_satisfaction_finding": (
        "Sessions of {period} were rated {mean} of 5 on average ({ratings} ratings), NPS {nps}",
        "Sessions im Zeitraum {period} erhielten im Mittel {mean} von 5 ({ratings} Bewertungen), NPS {nps}",
    ),
    "participation_satisfaction_no_nps": (
        "Sessions of {period} were rated {mean} of 5 on average ({ratings} ratings); no recommendation scores",
        "Sessions im Zeitraum {period} erhielten im Mittel {mean} von 5 ({ratings} Bewertungen); keine "
        "Weiterempfehlungswerte",
    ),
    "participation_satisfaction_none": ("Satisfaction: no session ratings in {period}",
                                        "Zufriedenheit: keine Session-Bewertungen im Zeitraum {period}"),
    "participation_satisfaction_hidden": ("Satisfaction: hidden", "Zufriedenheit: verborgen"),
    "participation_mean_rating": ("mean rating (1–5)", "Ø Bewertung (1–5)"),
    "participation_nps": ("NPS (points)", "NPS (Punkte)"),
    # one of a kind
    "participation_suppressed_cells_one": ("1 group hidden: fewer than {k} people.",
                                           "1 Gruppe verborgen: weniger als {k} Personen."),
    "participation_hidden_months_one": ("1 month hidden: fewer than {k} people in scope.",
                                        "1 Monat verborgen: weniger als {k} Personen erfasst."),
    "participation_cohorts_suppressed_one": ("1 cohort hidden: fewer than {k} new learners.",
                                             "1 Kohorte verborgen: weniger als {k} neue Lernende."),
    "participation_mix_no_hours_one": ("1 month without learning hours is left empty.",
                                       "1 Monat ohne Lernstunden bleibt leer."),
    "participation_groups_middle_one": (
        "1 group between the {shown} lowest and highest is left out of the chart; the CSV has all.",
        "1 Gruppe zwischen den {shown} niedrigsten und höchsten fehlt im Diagramm; die CSV enthält alle.",
    ),
    "participation_nothing_in_window": ("Nothing to chart in the last {months} months.",
                                        "In den letzten {months} Monaten gibt es nichts darzustellen."),
    "participation_months_note": ("The last {months} months.", "Die letzten {months} Monate."),
}
