"""Texts of the Ecosystem map page."""

TEXTS = {
    "ecosystem_caption": (
        "The players of the learning ecosystem: how many learning hours each community, provider and source "
        "system supplies, through which channel, and which org units use them.",
        "Die Akteure des Lern-Ökosystems: wie viele Lernstunden jede Community, jeder Anbieter und jedes "
        "Quellsystem beisteuert, über welchen Kanal, und welche Organisationseinheiten sie nutzen.",
    ),
    "ecosystem_headline": ("The players in {period}", "Die Akteure im Zeitraum {period}"),
    "ecosystem_players": ("Players with learners", "Akteure mit Lernenden"),
    "ecosystem_players_help": (
        "Communities, providers and source systems with at least one in-scope learner in the period "
        "(`python -m metrics show P4 --by provider`: one row per player). A player is the activity's "
        "community, else its parent's (a Moodle course's category), else the source system that recorded it.",
        "Communities, Anbieter und Quellsysteme mit mindestens einer lernenden Person im Zeitraum "
        "(`python -m metrics show P4 --by provider`: eine Zeile je Akteur). Ein Akteur ist die Community der "
        "Aktivität, sonst die ihrer übergeordneten Aktivität (Kategorie eines Moodle-Kurses), sonst das "
        "Quellsystem, das sie erfasst hat.",
    ),
    "ecosystem_players_split": ("communities and providers: {communities} · source systems: {sources}",
                                "Communities und Anbieter: {communities} · Quellsysteme: {sources}"),
    "ecosystem_top_share": ("Top player's share", "Anteil größter Akteur"),
    "ecosystem_top_share_help": (
        "Learning hours (P4) of the player with the most hours, as a share of all learning hours in the view "
        "(`python -m metrics show P4 --by provider` against `python -m metrics show P4`).",
        "Lernstunden (P4) des Akteurs mit den meisten Stunden als Anteil an allen Lernstunden der Ansicht "
        "(`python -m metrics show P4 --by provider` gegen `python -m metrics show P4`).",
    ),
    "ecosystem_half": ("Carry half the hours", "Tragen die Hälfte"),
    "ecosystem_half_help": (
        "The fewest players whose learning hours (P4 by provider, largest first) add up to half of all learning "
        "hours in the view.",
        "Die wenigsten Akteure, deren Lernstunden (P4 nach Anbieter, größte zuerst) zusammen die Hälfte aller "
        "Lernstunden der Ansicht ergeben.",
    ),
    "ecosystem_of_players": ("of {n} players", "von {n} Akteuren"),
    "ecosystem_map": ("Who supplies the learning, and who uses it", "Wer das Lernen anbietet und wer es nutzt"),
    "ecosystem_level": ("Org units at level", "Organisationseinheiten der Ebene"),
    "ecosystem_level_option": ("level {level} ({n} units)", "Ebene {level} ({n} Einheiten)"),
    "ecosystem_sankey_title": (
        "{player} supplies the most learning hours ({share}); {unit} uses the most ({unit_share})",
        "{player} liefert die meisten Lernstunden ({share}); {unit} nutzt die meisten ({unit_share})",
    ),
    "ecosystem_sankey_title_player": ("{player} supplies the most learning hours ({share})",
                                      "{player} liefert die meisten Lernstunden ({share})"),
    "ecosystem_sankey_empty": ("No learning flows to show for this view", "Keine Lernflüsse für diese Ansicht"),
    "ecosystem_sankey_note": (
        "Channel → player → org unit (level {level}); widths are learning hours.",
        "Kanal → Akteur → Organisationseinheit (Ebene {level}); Breiten sind Lernstunden.",
    ),
    "ecosystem_hidden_flows": (
        "Hidden: {hidden} of {total} flows from players to org units ({hours} h, {share} of all hours) and "
        "{hidden_in} of {total_in} flows from channels to players ({hours_in} h): fewer than {k} learners "
        "each, or they could be recovered from the other flows.",
        "Verborgen: {hidden} von {total} Flüssen von Akteuren zu Organisationseinheiten ({hours} h, {share} "
        "aller Stunden) und {hidden_in} von {total_in} Flüssen von Kanälen zu Akteuren ({hours_in} h): jeweils "
        "weniger als {k} Lernende, oder sie ließen sich aus den anderen Flüssen errechnen.",
    ),
    "ecosystem_no_hidden_flows": ("No flow is hidden.", "Kein Fluss ist verborgen."),
    "ecosystem_lumped": (
        "The {n} smaller players are combined as \"{label}\".",
        "Die {n} kleineren Akteure sind als „{label}“ zusammengefasst.",
    ),
    "ecosystem_lumped_units": (
        "The {n} smaller org units are combined as \"{label}\".",
        "Die {n} kleineren Organisationseinheiten sind als „{label}“ zusammengefasst.",
    ),
    "ecosystem_other_players": ("other players ({n})", "weitere Akteure ({n})"),
    "ecosystem_other_units": ("other units ({n})", "weitere Einheiten ({n})"),
    "ecosystem_source_system": ("{name} (source system)", "{name} (Quellsystem)"),
    "ecosystem_unknown_activity": ("activities not in the warehouse", "Aktivitäten, die das Warehouse nicht kennt"),
    "ecosystem_table": ("The players", "Die Akteure"),
    "ecosystem_table_title": (
        "{rise} grew most against {previous} ({rise_change}); {fall} fell most ({fall_change})",
        "{rise} wuchs am stärksten ggü. {previous} ({rise_change}); {fall} sank am stärksten ({fall_change})",
    ),
    "ecosystem_table_title_rise": ("{rise} grew most against {previous} ({rise_change}); no player fell",
                                   "{rise} wuchs am stärksten ggü. {previous} ({rise_change}); kein Akteur sank"),
    "ecosystem_table_title_fall": ("{fall} fell most against {previous} ({fall_change}); no player grew",
                                   "{fall} sank am stärksten ggü. {previous} ({fall_change}); kein Akteur wuchs"),
    "ecosystem_table_title_none": (
        "The top {n} players carry {share} of all learning hours",
        "Die {n} größten Akteure tragen {share} aller Lernstunden",
    ),
    "ecosystem_col_player": ("Player", "Akteur"),
    "ecosystem_col_channels": ("Channels", "Kanäle"),
    "ecosystem_col_hours": ("Learning hours", "Lernstunden"),
    "ecosystem_col_learners": ("Learners", "Lernende"),
    "ecosystem_col_share": ("Share of all hours", "Anteil an allen Stunden"),
    "ecosystem_col_change": ("Change vs. {period}", "Veränderung ggü. {period}"),
    "ecosystem_col_note": ("Note", "Hinweis"),
    "ecosystem_new": ("new", "neu"),
    "ecosystem_table_note": (
        "Learners: in-scope people with a learner or contribution event on the player's activities (P2). "
        "Hidden rows: fewer than {k} people, or recoverable from the total and the other players.",
        "Lernende: erfasste Personen mit einem Lern- oder Beitragsereignis bei den Aktivitäten des Akteurs "
        "(P2). Verborgene Zeilen: weniger als {k} Personen, oder aus der Summe und den anderen Akteuren "
        "errechenbar.",
    ),
    "ecosystem_cli": (
        "Every figure on this page: `{command}` with `--by provider`, `--by channel+provider` or "
        "`--by provider+org_unit:{level}`.",
        "Jede Zahl dieser Seite: `{command}` mit `--by provider`, `--by channel+provider` oder "
        "`--by provider+org_unit:{level}`.",
    ),
    "ecosystem_recoverable": ("hidden: could be recovered from the total and the other players",
                              "verborgen: ließe sich aus der Summe und den anderen Akteuren errechnen"),
    "ecosystem_hours_axis": ("learning hours", "Lernstunden"),
}
