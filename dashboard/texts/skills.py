"""Texts of the Skills page."""

TEXTS = {
    "skills_caption": (
        "Which skills the roles require, how many of those pairs are backed by evidence, where experts are scarce, "
        "how long it takes to build a skill and what people learn more or less of.",
        "Welche Skills die Rollen verlangen, wie viele dieser Paare belegt sind, wo Expertise knapp ist, wie lange "
        "der Aufbau eines Skills dauert und wovon mehr oder weniger gelernt wird.",
    ),
    "skills_headline": ("Skill figures for {period}", "Skill-Kennzahlen für {period}"),
    "skills_s5_label": ("Median days to skill", "Tage bis zum Skill"),
    "skills_s5_undefined": ("no first evidence in the period", "kein erster Nachweis im Zeitraum"),
    # S3 by org unit and skill cluster
    "skills_heatmap_header": ("Coverage by org unit and skill cluster", "Abdeckung nach Organisationseinheit und "
                                                                         "Skill-Cluster"),
    "skills_heatmap_empty": ("No role in this view requires a skill: there is no coverage to show",
                             "Keine Rolle in dieser Ansicht verlangt einen Skill: keine Abdeckung darstellbar"),
    "skills_level": ("Org units at level", "Organisationseinheiten der Ebene"),
    "skills_level_option": ("Level {level} ({n} units)", "Ebene {level} ({n} Einheiten)"),
    "skills_total_row": ("Total", "Gesamt"),
    "skills_heatmap_title": (
        "Coverage ranges from {low} ({low_cluster}, {low_unit}) to {high} ({high_cluster}, {high_unit})",
        "Die Abdeckung reicht von {low} ({low_cluster}, {low_unit}) bis {high} ({high_cluster}, {high_unit})",
    ),
    "skills_heatmap_title_hidden": (
        "Coverage by org unit and skill cluster: hidden, fewer than {k} people in every cell",
        "Abdeckung nach Organisationseinheit und Skill-Cluster: verborgen, weniger als {k} Personen je Zelle",
    ),
    "skills_heatmap_hidden": (
        "{n} cells hidden: fewer than {k} people in the unit need a skill of that cluster.",
        "{n} Zellen verborgen: weniger als {k} Personen der Einheit brauchen einen Skill dieses Clusters.",
    ),
    "skills_heatmap_hidden_one": (
        "1 cell hidden: fewer than {k} people in the unit need a skill of that cluster.",
        "1 Zelle verborgen: weniger als {k} Personen der Einheit brauchen einen Skill dieses Clusters.",
    ),
    "skills_heatmap_none": ("–: no role in the unit requires a skill of this cluster.",
                            "–: keine Rolle der Einheit verlangt einen Skill dieses Clusters."),
    "skills_heatmap_rows": (
        "Each row is `python -m metrics show S3 --by skill_cluster` for that org unit (`--org-unit`); a cell is "
        "hidden when fewer than {k} of the unit's people need a skill of the cluster.",
        "Jede Zeile ist `python -m metrics show S3 --by skill_cluster` für diese Einheit (`--org-unit`); eine Zelle "
        "ist verborgen, wenn weniger als {k} Personen der Einheit einen Skill des Clusters brauchen.",
    ),
    "skills_coverage": ("Coverage", "Abdeckung"),
    "skills_cluster": ("Skill cluster", "Skill-Cluster"),
    "skills_unit": ("Org unit", "Organisationseinheit"),
    "skills_unclustered": ("unclustered", "ohne Cluster"),
    # S4
    "skills_supply_header": ("Expert supply and demand", "Expertise: Angebot und Bedarf"),
    "skills_supply_axis": ("Supply: experts and recent contributors", "Angebot: Expert:innen und Beitragende"),
    "skills_demand_axis": ("Demand: people who need it without evidence", "Bedarf: Personen ohne Nachweis"),
    "skills_at_risk": ("at risk", "gefährdet"),
    "skills_not_at_risk": ("other skills", "übrige Skills"),
    "skills_risk_title": (
        "{n} skills are at risk; the largest gap is {skill}: {demand} people need it, {experts}",
        "{n} Skills sind gefährdet; die größte Lücke hat {skill}: {demand} Personen brauchen ihn, {experts}",
    ),
    "skills_risk_title_one": ("1 skill is at risk: {skill}: {demand} people need it, {experts}",
                              "1 Skill ist gefährdet: {skill}: {demand} Personen brauchen ihn, {experts}"),
    "skills_experts_0": ("no expert offers it", "niemand bietet Expertise dafür an"),
    "skills_experts_1": ("only one expert offers it", "nur eine Person bietet Expertise dafür an"),
    "skills_quoted": ("“{name}”", "„{name}“"),
    "skills_unlabelled": ("a skill without a label (no skill framework synced)",
                          "ein Skill ohne Bezeichnung (kein Skill-Katalog synchronisiert)"),
    "skills_risk_title_none": (
        "No skill is at risk: every skill in demand has at least two experts",
        "Kein Skill ist gefährdet: jeder gefragte Skill hat mindestens zwei Expert:innen",
    ),
    "skills_no_demand": ("{n} skills with experts but no open demand are left out of the chart (they are in the CSV).",
                         "{n} Skills mit Expertise, aber ohne offenen Bedarf, fehlen im Diagramm (sie stehen in der "
                         "CSV)."),
    "skills_risk_list": ("Skills at risk: one expert or none, demand above zero",
                         "Gefährdete Skills: höchstens eine Expertin oder ein Experte, Bedarf über null"),
    "skills_risk_list_none": ("No skill at risk in this view.", "In dieser Ansicht ist kein Skill gefährdet."),
    "skills_col_skill": ("Skill", "Skill"),
    "skills_col_supply": ("Supply", "Angebot"),
    "skills_col_demand": ("Demand", "Bedarf"),
    "skills_hidden_chart": ("{what}: hidden, fewer than {k} people in this view",
                            "{what}: verborgen, weniger als {k} Personen in dieser Ansicht"),
    # S5
    "skills_time_header": ("Time to skill by group", "Zeit bis zum Skill nach Gruppe"),
    "skills_grouping": ("Group by", "Gruppieren nach"),
    "skills_time_title": (
        "Skills take longest in {slow} ({slow_days} days) and least long in {fast} ({fast_days} days); "
        "{all} days overall",
        "Skills brauchen am längsten in {slow} ({slow_days} Tage) und am kürzesten in {fast} ({fast_days} Tage); "
        "insgesamt {all} Tage",
    ),
    "skills_time_title_one": ("Median time to skill: {all} days", "Mittlere Zeit bis zum Skill: {all} Tage"),
    "skills_time_none": ("No first evidence in {period}: time to skill is not defined",
                         "Kein erster Nachweis in {period}: die Zeit bis zum Skill ist nicht definiert"),
    "skills_time_undefined_one": ("1 group without a first evidence in the period.",
                                  "1 Gruppe ohne ersten Nachweis im Zeitraum."),
    "skills_time_undefined": ("{n} groups without a first evidence in the period.",
                              "{n} Gruppen ohne ersten Nachweis im Zeitraum."),
    "skills_days_axis": ("Median days from first activity to evidence",
                         "Median der Tage von der ersten Aktivität bis zum Nachweis"),
    "skills_overall": ("overall {days}", "insgesamt {days}"),
    # S6
    "skills_trend_header": ("Trending skills", "Skill-Trends"),
    "skills_trend_title": (
        "{riser} gained most learning hours ({gain}), {faller} lost most ({loss}) against {previous}",
        "{riser} gewann die meisten Lernstunden ({gain}), {faller} verlor die meisten ({loss}) ggü. {previous}",
    ),
    "skills_trend_title_rise": ("{riser} gained most learning hours ({gain}) against {previous}; none lost",
                                "{riser} gewann die meisten Lernstunden ({gain}) ggü. {previous}; keiner verlor"),
    "skills_trend_title_fall": ("{faller} lost most learning hours ({loss}) against {previous}; none gained",
                                "{faller} verlor die meisten Lernstunden ({loss}) ggü. {previous}; keiner gewann"),
    "skills_trend_title_none": ("No learning hours on tagged activities changed against {previous}",
                                "Keine Veränderung der Lernstunden auf getaggten Aktivitäten ggü. {previous}"),
    "skills_trend_axis": ("Change in learning hours against {previous}", "Veränderung der Lernstunden ggü. {previous}"),
    "skills_risers": ("more hours", "mehr Stunden"),
    "skills_fallers": ("fewer hours", "weniger Stunden"),
    "skills_trend_note": ("The five biggest risers and fallers; hours on activities tagged with the skill.",
                          "Die fünf größten Gewinner und Verlierer; Stunden auf Aktivitäten mit diesem Skill."),
    "skills_hours": ("hours", "Stunden"),
    # groupings for S5
    "skills_group_org_unit:2": ("Org units, level 2", "Organisationseinheiten, Ebene 2"),
    "skills_group_org_unit:3": ("Org units, level 3", "Organisationseinheiten, Ebene 3"),
    "skills_group_country": ("Country", "Land"),
    "skills_group_location": ("Location", "Standort"),
    "skills_group_job_family": ("Job family", "Jobfamilie"),
    "skills_group_employment_type": ("Employment type", "Beschäftigungsart"),
    "skills_group_age_band": ("Age band", "Altersgruppe"),
    "skills_value_full_time": ("full-time", "Vollzeit"),
    "skills_value_part_time": ("part-time", "Teilzeit"),
    "skills_value_apprentice": ("apprentice", "Auszubildende"),
    "skills_value_working_student": ("working student", "Werkstudierende"),
}
