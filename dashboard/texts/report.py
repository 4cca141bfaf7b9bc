"""Texts of the quarterly deck (PowerPoint and PDF), and its download buttons on the Quarterly review page."""

TEXTS = {
    # Title slide and frame.
    "report_title": ("Quarterly review {quarter}", "Quartalsbericht {quarter}"),
    "report_subtitle": ("Learning ecosystem · {organisation}", "Lern-Ökosystem · {organisation}"),
    "report_period": ("{start} – {end}", "{start} – {end}"),
    "report_generated": ("Generated {when} from the warehouse synced {synced}",
                         "Erstellt am {when} aus dem Datenstand vom {synced}"),
    "report_generated_unsynced": ("Generated {when}", "Erstellt am {when}"),
    "report_footer": ("Dirigent · Quarterly review {quarter}", "Dirigent · Quartalsbericht {quarter}"),
    "report_figures_note": (
        "Every figure as the executive role may see it: groups of fewer than {k} people are hidden, never zero.",
        "Jede Zahl so, wie die Rolle Geschäftsleitung sie sehen darf: Gruppen unter {k} Personen sind verborgen, "
        "nie null.",
    ),
    # Headline slide.
    "report_headline_title": ("Headline metrics {quarter}", "Kennzahlen {quarter}"),
    "report_largest_move": ("Largest move against {earlier}: {name} from {before} to {value}.",
                            "Größte Veränderung ggü. {earlier}: {name} von {before} auf {value}."),
    # Topic slides.
    "report_participation": ("Participation", "Beteiligung"),
    "report_network": ("Network effects", "Netzwerkeffekte"),
    "report_skills": ("Skills", "Skills"),
    "report_companionship": ("Learning companionship", "Lernbegleitung"),
    "report_rose": ("{name} rose by {change} to {value} ({earlier}: {before})",
                    "{name} stieg um {change} auf {value} ({earlier}: {before})"),
    "report_fell": ("{name} fell by {change} to {value} ({earlier}: {before})",
                    "{name} sank um {change} auf {value} ({earlier}: {before})"),
    "report_held": ("{name} held at {value} ({earlier}: {before})",
                    "{name} blieb bei {value} ({earlier}: {before})"),
    "report_stands": ("{name}: {value}", "{name}: {value}"),
    "report_target_status": ("Target {target}: {status}.", "Ziel {target}: {status}."),
    "report_no_target_status": ("No target; against {earlier}: {status}.", "Kein Ziel; ggü. {earlier}: {status}."),
    "report_a_year_before": ("A year before ({earlier}): {before}.", "Ein Jahr zuvor ({earlier}): {before}."),
    "report_hidden_figure": ("{name} is hidden: fewer than {k} people",
                             "{name} ist verborgen: weniger als {k} Personen"),
    "report_against_target": ("target {target}, {status}", "Ziel {target}, {status}"),
    "report_status_only": ("{status}", "{status}"),
    # Participation.
    "report_driver_fall": (
        "{group} contributes most to the fall: {delta} of {total} fewer active learners ({share}); its "
        "participation rate is {rate} ({rate_change}).",
        "{group} trägt am stärksten zum Rückgang bei: {delta} von {total} aktiven Lernenden weniger ({share}); "
        "dort liegt die Beteiligungsquote bei {rate} ({rate_change}).",
    ),
    "report_driver_rise": (
        "{group} contributes most to the rise: {delta} of {total} more active learners ({share}); its "
        "participation rate is {rate} ({rate_change}).",
        "{group} trägt am stärksten zum Zuwachs bei: {delta} von {total} aktiven Lernenden mehr ({share}); "
        "dort liegt die Beteiligungsquote bei {rate} ({rate_change}).",
    ),
    "report_driver_unshared": (
        "{group} moved most: {delta} active learners; its participation rate is {rate} ({rate_change}).",
        "{group} bewegte sich am stärksten: {delta} aktive Lernende; dort liegt die Beteiligungsquote bei {rate} "
        "({rate_change}).",
    ),
    "report_no_driver": ("No division moved by more than a few active learners.",
                         "Kein Bereich veränderte sich um mehr als wenige aktive Lernende."),
    "report_hours_mix": (
        "{hours_name}: {hours} ({hours_target}); peer learning holds {peer} of learning hours ({peer_change}).",
        "{hours_name}: {hours} ({hours_target}); Peer-Lernen hat einen Anteil von {peer} an den Lernstunden "
        "({peer_change}).",
    ),
    "report_participation_chart": ("Participation rate by division, {previous} and {quarter}",
                                   "Beteiligungsquote nach Bereich, {previous} und {quarter}"),
    # Network effects.
    "report_contributors_target": (
        "{n} contributors ({change} against {previous}); the contributor ratio is {status} against its target of "
        "{target} ({earlier}: {before}).",
        "{n} Beitragende ({change} ggü. {previous}); die Beitragendenquote ist gemessen am Ziel von {target} "
        "{status} ({earlier}: {before}).",
    ),
    "report_contributors": (
        "{n} contributors ({change} against {previous}); contributor ratio: {ratio_target}",
        "{n} Beitragende ({change} ggü. {previous}); Beitragendenquote: {ratio_target}",
    ),
    "report_ratio_spread": (
        "The contributor ratio is highest in {top} ({top_value}) and lowest in {bottom} ({bottom_value}).",
        "Die Beitragendenquote ist in {top} am höchsten ({top_value}) und in {bottom} am niedrigsten "
        "({bottom_value}).",
    ),
    "report_ei_within": (
        "E-I index {value} ({target}): slightly more learning ties within divisions than across them.",
        "E-I-Index {value} ({target}): etwas mehr Lernbeziehungen innerhalb der Bereiche als über sie hinweg.",
    ),
    "report_ei_within_strong": (
        "E-I index {value} ({target}): learning ties stay mostly within divisions.",
        "E-I-Index {value} ({target}): Lernbeziehungen bleiben überwiegend innerhalb der Bereiche.",
    ),
    "report_ei_across": (
        "E-I index {value} ({target}): more learning ties across divisions than within them.",
        "E-I-Index {value} ({target}): mehr Lernbeziehungen über Bereichsgrenzen als innerhalb der Bereiche.",
    ),
    "report_ei_balanced": (
        "E-I index {value} ({target}): as many learning ties across divisions as within them.",
        "E-I-Index {value} ({target}): so viele Lernbeziehungen über Bereichsgrenzen wie innerhalb der Bereiche.",
    ),
    "report_network_chart": ("Contributor ratio over five quarters, with its target",
                             "Beitragendenquote über fünf Quartale, mit Ziel"),
    # Skills.
    "report_clusters": (
        "Lowest coverage: {lowest} ({lowest_value}); largest gain against {previous}: {gain} ({gain_change}).",
        "Geringste Abdeckung: {lowest} ({lowest_value}); größter Zuwachs ggü. {previous}: {gain} ({gain_change}).",
    ),
    "report_clusters_lowest": ("Lowest coverage: {lowest} ({lowest_value}).",
                               "Geringste Abdeckung: {lowest} ({lowest_value})."),
    "report_at_risk": (
        "{n} skills at risk (at most one expert while people need them); most needed: {skills}.",
        "{n} Skills gefährdet (höchstens ein:e Expert:in bei Bedarf); am meisten gebraucht: {skills}.",
    ),
    "report_at_risk_one": (
        "1 skill at risk (at most one expert while people need it): {skills}.",
        "1 Skill gefährdet (höchstens ein:e Expert:in bei Bedarf): {skills}.",
    ),
    "report_needed_by": ("{skill} ({n} people)", "{skill} ({n} Personen)"),
    "report_none_at_risk": ("No skill is at risk: every needed skill has at least two experts.",
                            "Kein Skill ist gefährdet: jeder gebrauchte Skill hat mindestens zwei Expert:innen."),
    "report_skills_chart": ("Skill coverage by skill cluster, {previous} and {quarter}",
                            "Skill-Abdeckung nach Skill-Cluster, {previous} und {quarter}"),
    # Companionship.
    "report_accompanied_top": (
        "Most accompanied: {group}, {share} of its people ({n} learners).",
        "Am meisten begleitet: {group}, {share} der Beschäftigten ({n} Lernende).",
    ),
    "report_accompanied_top_one": (
        "Most accompanied: {group}, {share} of its people (1 learner).",
        "Am meisten begleitet: {group}, {share} der Beschäftigten (1 lernende Person).",
    ),
    "report_companionship_chart": ("Accompanied learners over five quarters",
                                   "Begleitete Lernende über fünf Quartale"),
    # Charts.
    "report_series_target": ("Target", "Ziel"),
    "report_hidden_groups": ("{n} hidden: fewer than {k} people", "{n} verborgen: weniger als {k} Personen"),
    "report_chart_empty": ("Every figure of this chart is hidden (fewer than {k} people).",
                           "Jede Zahl dieses Diagramms ist verborgen (weniger als {k} Personen)."),
    # Method slide.
    "report_method": ("Method and sources", "Methode und Quellen"),
    "report_definitions": ("Definitions", "Definitionen"),
    "report_rules": ("Status and privacy", "Status und Datenschutz"),
    "report_rule_status": (
        "On track: the target is reached. At risk: at most {at_risk} below it. Off track: further below. "
        "Without a target, the change against the previous quarter decides (at risk after a fall of less than "
        "{trend}). The E-I index measures both on its scale from -1 to +1.",
        "Im Plan: Ziel erreicht. Gefährdet: höchstens {at_risk} darunter. Nicht im Plan: weiter darunter. Ohne "
        "Ziel entscheidet die Veränderung gegenüber dem Vorquartal (gefährdet nach einem Rückgang um weniger als "
        "{trend}). Der E-I-Index misst beides auf seiner Skala von -1 bis +1.",
    ),
    "report_rule_override": ("{name} ({id}): at risk up to {at_risk} below its target.",
                             "{name} ({id}): gefährdet bis {at_risk} unter dem Ziel."),
    "report_rule_override_trend": ("{name} ({id}) without a target: at risk after a fall of less than {trend}.",
                                   "{name} ({id}) ohne Ziel: gefährdet nach einem Rückgang um weniger als {trend}."),
    "report_rule_k": (
        "Minimum group size k = {k}: a figure about fewer people is hidden, and so is one that could be recovered "
        "from others. Rates change in percentage points (pp).",
        "Mindestgruppengröße k = {k}: eine Zahl über weniger Personen ist verborgen, ebenso eine, die sich aus "
        "anderen errechnen ließe. Quoten ändern sich in Prozentpunkten (pp).",
    ),
    "report_sources": ("Sources", "Quellen"),
    "report_source_col": ("Source", "Quelle"),
    "report_kind_col": ("Kind", "Art"),
    "report_synced_col": ("Last sync", "Letzter Abgleich"),
    "report_newest_col": ("Newest record", "Neueste Daten"),
    "report_no_sources": ("No source has synced yet.", "Noch keine Quelle synchronisiert."),
    # Definitions in both languages (the catalogue's are English).
    "report_def_P2": ("In-scope employees with at least one learning or contribution event in the quarter.",
                      "Beschäftigte mit mindestens einer Lern- oder Beitragsaktivität im Quartal."),
    "report_def_P3": ("Active learners divided by headcount.", "Aktive Lernende geteilt durch Beschäftigte."),
    "report_def_P5": ("Learning hours divided by the employees' full-time equivalents.",
                      "Lernstunden geteilt durch die Vollzeitäquivalente der Beschäftigten."),
    "report_def_P6": ("Share of learning hours per channel; shown: peer learning.",
                      "Anteil der Lernstunden je Kanal; gezeigt: Peer-Lernen."),
    "report_def_N1": ("Employees with at least one contribution in the quarter, e.g. hosting a session or mentoring.",
                      "Beschäftigte mit mindestens einem Beitrag im Quartal, z. B. eine Session halten oder "
                      "mentorieren."),
    "report_def_N2": ("Contributors divided by active learners.", "Beitragende geteilt durch aktive Lernende."),
    "report_def_N5": ("(ties between divisions - ties within) / all ties; -1 all within, +1 all across.",
                      "(Beziehungen zwischen Bereichen - innerhalb) / alle; -1 alle innerhalb, +1 alle zwischen."),
    "report_def_S3": ("Share of the skills their roles require that employees have evidence for.",
                      "Anteil der von den Rollen geforderten Skills, für die Beschäftigte einen Nachweis haben."),
    "report_def_C3": ("Employees with at least one learning conversation with a companion.",
                      "Beschäftigte mit mindestens einem Lerngespräch mit einer Lernbegleitung."),
    "report_def_S4": ("At risk: a skill people need without evidence, with at most one expert or contributor.",
                      "Gefährdet: ein gebrauchter Skill ohne Nachweis, mit höchstens einer Expertin oder einem "
                      "Beitragenden."),
    # The page's buttons.
    "report_download_pptx": ("PowerPoint", "PowerPoint"),
    "report_download_pdf": ("PDF", "PDF"),
    "report_download_help": (
        "The quarterly deck for {quarter} in this language, for the whole organisation, with the executive "
        "role's privacy rules; generated when clicked (a few seconds).",
        "Der Quartalsbericht für {quarter} in dieser Sprache, für die gesamte Organisation, mit den "
        "Datenschutzregeln der Geschäftsleitung; erzeugt beim Klick (einige Sekunden).",
    ),
    "report_downloads": ("Quarterly deck for {quarter}:", "Quartalsbericht für {quarter}:"),
}
