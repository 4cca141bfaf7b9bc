"""Every metric declared once: catalogue id, German and English name, unit, grain, definition, groupings.

The dashboard, the exports, the command line and `docs/metrics.md` read these declarations.
Definitions follow `METRICS.md`, the contract.
"""

from __future__ import annotations

from dataclasses import dataclass

PERSON_GROUPINGS = ("org_unit", "country", "location", "job_family", "role", "employment_type", "age_band", "gender")
# Groupings by what was learned (metrics/ecosystem.py); they combine with each other and a person grouping by "+".
ACTIVITY_GROUPINGS = ("channel", "provider")
GROUPING_NAMES = {
    "org_unit": ("org unit (any level: org_unit:2)", "Organisationseinheit (jede Ebene: org_unit:2)"),
    "country": ("country", "Land"),
    "location": ("location", "Standort"),
    "job_family": ("job family", "Jobfamilie"),
    "role": ("role", "Rolle"),
    "employment_type": ("employment type", "Beschäftigungsart"),
    "age_band": ("age band", "Altersgruppe"),
    "gender": ("gender (where supplied)", "Geschlecht (wo angegeben)"),
    "channel": ("channel", "Kanal"),
    "skill_cluster": ("skill cluster", "Skill-Cluster"),
    "provider": ("provider (community, else source system; combined as provider+org_unit:2, channel+provider)",
                 "Anbieter (Community, sonst Quellsystem; kombiniert als provider+org_unit:2, channel+provider)"),
}


@dataclass(frozen=True)
class Metric:
    id: str
    name: str  # English
    name_de: str
    unit: str  # persons, share, hours, hours_per_fte, count, ratio, days, points, figures
    grain: str
    definition: str
    groupings: tuple[str, ...] = ()

    def label(self, language: str = "en") -> str:
        return self.name_de if language == "de" else self.name


def _m(id_, name, name_de, unit, definition, groupings=PERSON_GROUPINGS, grain="period"):
    return Metric(id_, name, name_de, unit, grain, definition, tuple(groupings))


CATALOGUE: tuple[Metric, ...] = (
    _m("P1", "headcount", "Beschäftigte", "persons",
       "In-scope employees: employed on the period's last day (hire_date <= end and exit_date empty or after end)."),
    _m("P2", "active learners", "Aktive Lernende", "persons",
       "In-scope employees with at least one learner or contribution event in the period.",
       PERSON_GROUPINGS + ACTIVITY_GROUPINGS),
    _m("P3", "participation rate", "Beteiligungsquote", "share", "P2 / P1."),
    _m("P4", "learning hours", "Lernstunden", "hours",
       "Sum of durations of learner events of in-scope employees in the period; one person, one activity, one "
       "day counts once with the longest duration; tracked duration, else the activity's planned duration, "
       "else zero.", PERSON_GROUPINGS + ACTIVITY_GROUPINGS),
    _m("P5", "learning hours per FTE", "Lernstunden pro VZÄ", "hours_per_fte",
       "P4 / sum of FTE of in-scope employees."),
    _m("P6", "channel mix", "Kanal-Mix", "share", "Share of P4 per channel (formal, peer, coaching, circle).",
       PERSON_GROUPINGS + ("channel",)),
    _m("P7", "completion rate", "Abschlussquote", "share",
       "Of enrolments started in the period, the share completed by the as-of date."),
    _m("P8", "returning learners", "Wiederkehrende Lernende", "share",
       "For month m: share of m's active learners active again in m+1; plus the cohort table by month of "
       "first activity.", grain="month"),
    _m("P9", "participation inequality", "Ungleichheit der Beteiligung", "figures",
       "Share of learner and contribution events produced by the most active 1 % and 10 % of active persons; "
       "Gini coefficient of events per active person; the 90-9-1 split into lurkers (no contribution), "
       "occasional contributors (1 to 4) and heavy contributors (5 or more)."),
    _m("P10", "satisfaction", "Zufriedenheit", "figures",
       "Mean session rating on a 1 to 5 scale; NPS where a 0 to 10 recommendation exists (promoters 9 to 10 "
       "minus detractors 0 to 6, in points)."),
    _m("N1", "contributors", "Beitragende", "persons",
       "In-scope employees with at least one contribution event in the period."),
    _m("N2", "contributor ratio", "Beitragendenquote", "share", "N1 / P2."),
    _m("N3", "learner-to-contributor conversion", "Von Lernenden zu Beitragenden", "figures",
       "Of in-scope employees whose first event ever was a learner event and happened before the period's end, "
       "the share with a contribution event by the period's end; plus the median days from first learner "
       "event to first contribution."),
    _m("N4", "peer graph", "Peer-Netzwerk", "figures",
       "Directed, weighted graph of the period: an edge from giver to taker for every host to attendee, mentor "
       "to mentee, companion to learner and forum replier to question author; weight = interactions. Figures: "
       "nodes, distinct edges, density = edges / (n(n-1)), share of nodes in the largest weakly connected "
       "component, reciprocity.", ()),
    _m("N5", "E-I index", "E-I-Index", "ratio",
       "For a grouping: (E - I) / (E + I) over the edge weights of N4, E between persons of different groups, "
       "I within one group; -1 all ties internal, +1 all external.", ("org_unit", "country", "location")),
    _m("N6", "reach", "Reichweite", "figures",
       "Per contributor, the number of distinct groups (same grouping as N5) among the persons reached; mean "
       "and distribution.", ("org_unit", "country", "location")),
    _m("N7", "flywheel", "Schwungrad", "figures",
       "Monthly series of contributors, learners, sessions offered, seats filled and interactions; the "
       "network-effect exponent b of log(interactions) = a + b log(active persons) over at least 6 months; the "
       "correlation of growth in sessions offered with the next month's growth in learners.", (), grain="month"),
    _m("N8", "session fill", "Auslastung der Sessions", "figures",
       "Mean attendees per held session; share of sessions without any attendee; show rate = attended / "
       "registered.", ()),
    _m("S1", "required pairs", "Geforderte Paare", "count",
       "(employee, skill) pairs from the role-to-skill requirements (essential by default) of in-scope "
       "employees.", PERSON_GROUPINGS + ("skill_cluster",)),
    _m("S2", "evidence", "Nachweise", "count",
       "Pairs with evidence by the period's end: completed an activity tagged with the skill, attended at least "
       "2 peer activities tagged with it, declared expert, or contributed on it; evidence counts for broader "
       "skills too.", PERSON_GROUPINGS + ("skill_cluster",)),
    _m("S3", "skill coverage", "Skill-Abdeckung", "share",
       "Share of S1 pairs with evidence; by group and by skill cluster.", PERSON_GROUPINGS + ("skill_cluster",)),
    _m("S4", "expert supply and demand", "Expertise: Angebot und Bedarf", "figures",
       "Per skill: supply = in-scope declared experts or contributors in the last 12 months; demand = in-scope "
       "persons who require it without evidence; supply <= 1 and demand > 0 is at risk.", ()),
    _m("S5", "time to skill", "Zeit bis zum Skill", "days",
       "Median days from a person's first activity tagged with a skill to their first evidence for it."),
    _m("S6", "trending skills", "Skill-Trends", "figures",
       "Learning hours on activities tagged with a skill, this period against the previous period of equal "
       "length.", ()),
    _m("C1", "learning conversations", "Lerngespräche", "count", "Conversations held in the period.", ()),
    _m("C2", "active companions", "Aktive Lernbegleiter:innen", "persons",
       "Distinct companions with at least one conversation in the period."),
    _m("C3", "accompanied learners", "Begleitete Lernende", "persons",
       "Distinct in-scope learners with at least one conversation; also as share of P1 by group."),
    _m("C4", "conversations per accompanied learner", "Gespräche je begleitete:r Lernende:r", "ratio", "C1 / C3."),
    _m("C5", "learning circles", "Lernkreise", "figures",
       "Circles active in the period, members, and the share of circles that reached their planned last "
       "meeting."),
    _m("Q", "quarterly review", "Quartalsbericht", "figures",
       "Every headline metric (P2, P3, P5, P6, N1, N2, N5, S3, C3) for the quarter, the previous quarter and "
       "the same quarter a year before, the change (percentage points for rates), the target where configured, "
       "and a status (on track, at risk, off track).", (), grain="quarter"),
)

METRICS: dict[str, Metric] = {m.id: m for m in CATALOGUE}
