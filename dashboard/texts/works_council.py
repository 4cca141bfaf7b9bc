"""Texts of the Works council page."""

TEXTS = {
    "works_council_caption": (
        "Fairness of access to learning: participation, learning hours per FTE and channel mix by employment "
        "type, location, age band and gender where HR supplies it. Anonymised statistics about groups only.",
        "Fairer Zugang zum Lernen: Beteiligung, Lernstunden pro VZÄ und Kanal-Mix nach Beschäftigungsart, "
        "Standort, Altersgruppe und, wo HR es liefert, Geschlecht. Nur anonymisierte Statistiken über Gruppen.",
    ),
    "works_council_k": (
        "**Figures about fewer than {k} people are hidden.** The minimum group size is k = {k}: a group with "
        "fewer people shows \"hidden\", never a number and never zero. Nothing on this page describes a "
        "single person.",
        "**Zahlen über weniger als {k} Personen werden verborgen.** Die Mindestgruppengröße ist k = {k}: eine "
        "kleinere Gruppe zeigt „verborgen“, nie eine Zahl und nie null. Nichts auf dieser Seite beschreibt "
        "eine einzelne Person.",
    ),
    "works_council_headline": ("Part-time and full-time staff in {period}",
                               "Teilzeit- und Vollzeitkräfte im Zeitraum {period}"),
    "works_council_findings": ("What the figures say", "Was die Zahlen sagen"),
    "works_council_no_findings": ("No comparison possible: the groups of this view are hidden or missing.",
                                  "Kein Vergleich möglich: die Gruppen dieser Ansicht sind verborgen oder fehlen."),
    "works_council_by": ("By group", "Nach Gruppe"),
    # Groups as nouns in a sentence and as labels.
    "works_council_full_time": ("full-time", "Vollzeit"),
    "works_council_part_time": ("part-time", "Teilzeit"),
    "works_council_apprentice": ("apprentices", "Auszubildende"),
    "works_council_working_student": ("working students", "Werkstudierende"),
    "works_council_staff_full_time": ("Full-time staff", "Vollzeitkräfte"),
    "works_council_staff_part_time": ("Part-time staff", "Teilzeitkräfte"),
    "works_council_staff_apprentice": ("Apprentices", "Auszubildende"),
    "works_council_staff_working_student": ("Working students", "Werkstudierende"),
    "works_council_gender_f": ("women", "Frauen"),
    "works_council_gender_w": ("women", "Frauen"),
    "works_council_gender_m": ("men", "Männer"),
    "works_council_gender_d": ("diverse", "divers"),
    "works_council_gender_x": ("diverse", "divers"),
    "works_council_staff_gender_f": ("Women", "Frauen"),
    "works_council_staff_gender_w": ("Women", "Frauen"),
    "works_council_staff_gender_m": ("Men", "Männer"),
    # Dimensions.
    "works_council_dim_employment_type": ("Employment type", "Beschäftigungsart"),
    "works_council_dim_location": ("Location", "Standort"),
    "works_council_dim_age_band": ("Age band", "Altersgruppe"),
    "works_council_dim_gender": ("Gender", "Geschlecht"),
    "works_council_across_employment_type": ("across employment types", "je Beschäftigungsart"),
    "works_council_across_location": ("across locations", "je Standort"),
    "works_council_across_age_band": ("across age bands", "je Altersgruppe"),
    "works_council_across_gender": ("across genders", "nach Geschlecht"),
    # Findings.
    "works_council_p3_pair": ("{a} participate {gap} points {direction} than {b} ({value_a} against {value_b})",
                              "{a} beteiligen sich um {gap} Prozentpunkte {direction} als {b} ({value_a} ggü. "
                              "{value_b})"),
    "works_council_p3_same": ("{a} participate as often as {b} ({value_a})",
                              "{a} beteiligen sich so häufig wie {b} ({value_a})"),
    "works_council_less": ("less", "seltener"),
    "works_council_more": ("more", "häufiger"),
    "works_council_p5_pair": ("{a} learn {gap} hours per FTE {direction} than {b} ({value_a} against {value_b})",
                              "{a} lernen {gap} Stunden pro VZÄ {direction} als {b} ({value_a} ggü. {value_b})"),
    "works_council_p5_same": ("{a} learn as many hours per FTE as {b} ({value_a})",
                              "{a} lernen so viele Stunden pro VZÄ wie {b} ({value_a})"),
    "works_council_fewer_hours": ("less", "weniger"),
    "works_council_more_hours": ("more", "mehr"),
    "works_council_p6_pair": ("{a} spend {value_a} of their learning hours in {channel} learning, {b} {value_b}",
                              "{a} verbringen {value_a} ihrer Lernstunden im Kanal {channel}, {b} {value_b}"),
    "works_council_p3_spread": (
        "Participation {across} ranges from {low} ({low_group}) to {high} ({high_group}): {gap} points apart",
        "Die Beteiligung {across} reicht von {low} ({low_group}) bis {high} ({high_group}): {gap} Prozentpunkte "
        "Abstand",
    ),
    "works_council_p5_spread": (
        "Learning hours per FTE {across} range from {low} ({low_group}) to {high} ({high_group})",
        "Die Lernstunden pro VZÄ {across} reichen von {low} ({low_group}) bis {high} ({high_group})",
    ),
    "works_council_p6_spread": (
        "The {channel} share of learning hours varies most {across}: from {low} ({low_group}) to {high} "
        "({high_group})",
        "Der Anteil des Kanals {channel} an den Lernstunden schwankt {across} am stärksten: von {low} "
        "({low_group}) bis {high} ({high_group})",
    ),
    "works_council_one_group": ("{metric} {across}: only one group can be shown ({group}: {value})",
                                "{metric} {across}: nur eine Gruppe kann gezeigt werden ({group}: {value})"),
    "works_council_all_hidden": ("{metric} {across}: every group is hidden ({k})",
                                 "{metric} {across}: jede Gruppe ist verborgen ({k})"),
    "works_council_pair_hidden": ("{metric}: {a} or {b} hidden ({k})", "{metric}: {a} oder {b} verborgen ({k})"),
    "works_council_no_gender": ("HR supplies no gender in this view, so there is no comparison by gender.",
                                "HR liefert in dieser Ansicht kein Geschlecht; ein Vergleich nach Geschlecht "
                                "entfällt."),
    "works_council_organisation": ("whole view: {value}", "gesamte Ansicht: {value}"),
    "works_council_mix_axis": ("share of learning hours", "Anteil an den Lernstunden"),
    "works_council_people": ("{n} people", "{n} Personen"),
    "works_council_audit": ("Audit log and data inventory", "Zugriffsprotokoll und Datenverzeichnis"),
    "works_council_audit_text": (
        "Who looked at which page, figure and filters, and who downloaded what: the Audit log page. Which "
        "personal data Dirigent holds, from which sources, how it is pseudonymised and how long it is kept: the "
        "Data inventory page.",
        "Wer welche Seite, Kennzahl und Filter angesehen und wer was heruntergeladen hat: die Seite "
        "Zugriffsprotokoll. Welche personenbezogenen Daten Dirigent aus welchen Quellen hält, wie sie "
        "pseudonymisiert und wie lange sie aufbewahrt werden: die Seite Datenverzeichnis.",
    ),
}
