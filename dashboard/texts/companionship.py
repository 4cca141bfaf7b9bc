"""Texts of the Learning companionship and circles page."""

TEXTS = {
    "companionship_caption": (
        "Learning companions (Lernbegleitung) hold learning conversations: clarify the goal, review the experience, "
        "plan the next steps. Learning circles are small groups that learn together over a series of meetings.",
        "Lernbegleiter:innen führen Lerngespräche: Lernziel klären, Erfahrungen auswerten, nächste Schritte planen. "
        "Lernkreise sind kleine Gruppen, die über eine Reihe von Treffen gemeinsam lernen.",
    ),
    "companionship_headline": ("Companionship and circles in {period}", "Lernbegleitung und Lernkreise in {period}"),
    "companionship_c4_label": ("Conversations per learner", "Gespräche je Lernende:r"),
    "companionship_c5_label": ("Circles completed", "Lernkreise abgeschlossen"),
    "companionship_c5_undefined": ("no active circle with a planned number of meetings",
                                   "kein aktiver Lernkreis mit geplanter Anzahl Treffen"),
    "companionship_c4_undefined": ("no accompanied learner", "keine begleiteten Lernenden"),
    "companionship_sparkline": ("Small charts: the last 12 months.", "Kleine Diagramme: die letzten 12 Monate."),
    # monthly
    "companionship_trend_header": ("Month by month", "Monat für Monat"),
    "companionship_conversations": ("Learning conversations", "Lerngespräche"),
    "companionship_companions": ("Active companions", "Aktive Lernbegleiter:innen"),
    "companionship_accompanied": ("Accompanied learners", "Begleitete Lernende"),
    "companionship_per_learner": ("Conversations per accompanied learner", "Gespräche je begleitete:r Lernende:r"),
    "companionship_circles": ("Active circles", "Aktive Lernkreise"),
    "companionship_members": ("Members", "Mitglieder"),
    "companionship_reached": ("Reached the planned last meeting", "Letztes geplantes Treffen erreicht"),
    "companionship_activity_title": (
        "{c1} learning conversations in {month} ({change} against {earlier}); {c2} companions accompanied {c3} "
        "learners",
        "{c1} Lerngespräche im {month} ({change} ggü. {earlier}); {c2} Lernbegleiter:innen begleiteten {c3} "
        "Lernende",
    ),
    "companionship_activity_title_single": (
        "{c1} learning conversations in {month}; {c2} companions accompanied {c3} learners",
        "{c1} Lerngespräche im {month}; {c2} Lernbegleiter:innen begleiteten {c3} Lernende",
    ),
    "companionship_per_learner_title": (
        "{c4} conversations per accompanied learner in {month}; between {low} and {high} over the months shown",
        "{c4} Gespräche je begleitete:r Lernende:r im {month}; zwischen {low} und {high} in den gezeigten Monaten",
    ),
    "companionship_per_learner_title_none": (
        "No accompanied learner in the months shown: conversations per learner are not defined",
        "Keine begleiteten Lernenden in den gezeigten Monaten: Gespräche je Lernende:r sind nicht definiert",
    ),
    "companionship_n_circles": ("{n} circles", "{n} Lernkreise"),
    "companionship_one_circle": ("1 circle", "1 Lernkreis"),
    "companionship_n_members": ("{n} members", "{n} Mitgliedern"),
    "companionship_one_member": ("1 member", "1 Mitglied"),
    "companionship_circles_title": (
        "{circles} met in {month} with {members}; {share} of them had reached their "
        "planned last meeting",
        "{month}: {circles} aktiv mit {members}; {share} davon hatten ihr letztes geplantes Treffen erreicht",
    ),
    "companionship_circles_title_noplan": ("{circles} met in {month} with {members}",
                                           "{month}: {circles} aktiv mit {members}"),
    "companionship_circles_title_last": (
        "No learning circle met in {month}; the last time in {last}: {circles} with {members}",
        "Im {month} traf sich kein Lernkreis; zuletzt im {last}: {circles} mit {members}",
    ),
    "companionship_circles_title_none": ("No learning circle met in the months shown",
                                         "In den gezeigten Monaten traf sich kein Lernkreis"),
    "companionship_trend_hidden": ("{what} by month: hidden, fewer than {k} people in this view",
                                   "{what} nach Monat: verborgen, weniger als {k} Personen in dieser Ansicht"),
    "companionship_months_hidden": ("{n} months hidden: fewer than {k} people in scope.",
                                    "{n} Monate verborgen: weniger als {k} Personen erfasst."),
    "companionship_months_undefined": ("Gaps: months without an accompanied learner (not defined).",
                                       "Lücken: Monate ohne begleitete Lernende (nicht definiert)."),
    "companionship_reached_gaps": ("Gaps in the line: months without an active circle with a planned number of "
                                   "meetings.",
                                   "Lücken in der Linie: Monate ohne aktiven Lernkreis mit geplanter Anzahl Treffen."),
    # by group
    "companionship_group_header": ("By group", "Nach Gruppe"),
    "companionship_grouping": ("Group by", "Gruppieren nach"),
    "companionship_share_axis": ("Accompanied learners, share of headcount", "Begleitete Lernende, Anteil an den "
                                                                             "Beschäftigten"),
    "companionship_group_title": (
        "{top} has the highest share of accompanied learners ({top_share}), {bottom} the lowest ({bottom_share})",
        "{top} hat den höchsten Anteil begleiteter Lernender ({top_share}), {bottom} den niedrigsten "
        "({bottom_share})",
    ),
    "companionship_group_title_one": ("{top}: {top_share} of the headcount were accompanied",
                                      "{top}: {top_share} der Beschäftigten wurden begleitet"),
    "companionship_group_title_zero": ("No group had an accompanied learner in {period}",
                                       "Keine Gruppe hatte in {period} begleitete Lernende"),
    "companionship_group_title_hidden": ("By group: hidden, fewer than {k} people in every group",
                                         "Nach Gruppe: verborgen, weniger als {k} Personen in jeder Gruppe"),
    "companionship_table_title": (
        "Companions, accompanied learners and circle members by group in {period}",
        "Lernbegleiter:innen, begleitete Lernende und Lernkreis-Mitglieder nach Gruppe in {period}",
    ),
    "companionship_table_note": (
        "Companions count in their own group, learners in theirs; conversations per learner count the group's "
        "learners' conversations; a circle counts in every group one of its members belongs to. Learning "
        "conversations (C1) belong to no single group.",
        "Lernbegleiter:innen zählen in ihrer eigenen Gruppe, Lernende in ihrer; Gespräche je Lernende:r zählen die "
        "Gespräche der Lernenden der Gruppe; ein Lernkreis zählt in jeder Gruppe, der eines seiner Mitglieder "
        "angehört. Lerngespräche (C1) gehören keiner einzelnen Gruppe.",
    ),
    "companionship_col_group": ("Group", "Gruppe"),
    "companionship_col_headcount": ("Headcount", "Beschäftigte"),
    "companionship_col_companions": ("Companions", "Begleiter:innen"),
    "companionship_col_accompanied": ("Accompanied", "Begleitete"),
    "companionship_col_share": ("Share", "Anteil"),
    "companionship_col_per_learner": ("Conv. per learner", "Gespr. je Lern."),
    "companionship_col_circles": ("Circles", "Lernkreise"),
    "companionship_col_members": ("Members", "Mitglieder"),
    "companionship_col_reached": ("Completed", "Abgeschl."),
    "companionship_group_org_unit:2": ("Org units, level 2", "Organisationseinheiten, Ebene 2"),
    "companionship_group_org_unit:3": ("Org units, level 3", "Organisationseinheiten, Ebene 3"),
    "companionship_group_country": ("Country", "Land"),
    "companionship_group_location": ("Location", "Standort"),
    "companionship_group_job_family": ("Job family", "Jobfamilie"),
    "companionship_group_employment_type": ("Employment type", "Beschäftigungsart"),
    "companionship_group_age_band": ("Age band", "Altersgruppe"),
    "companionship_group_gender": ("Gender (where supplied)", "Geschlecht (wo angegeben)"),
}
