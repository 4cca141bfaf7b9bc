"""Demo AG's skill framework in the ESCO CSV layout (docs/connectors/skills.md): the ESCO skills the demo uses with
their ESCO skill groups, and the company's roles as occupations with essential and optional skills.

This service uses the ESCO classification of the European Commission.
"""

from __future__ import annotations

import csv
from pathlib import Path

from .esco import BROADER, ESCO, GROUPS, SKILL_FACTS
from .skills import SKILLS

COMPANY = "https://skills.demo-ag.example/"
SCHEME = COMPANY + "schema/kompetenzmodell"
# HR role -> (ISCO-08 group, essential skills, optional skills)
ROLES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "Softwareentwickler:in": ("2512", ("java", "javascript", "test_automation", "agile_dev"),
                              ("python", "sql", "devops", "teamwork")),
    "DevOps Engineer": ("2512", ("devops", "cloud", "test_automation"), ("python", "cyber_security", "agile_dev")),
    "Systemadministrator:in": ("2522", ("cloud", "digital_security", "cyber_security"), ("devops", "problems")),
    "Data Analyst": ("2511", ("data_analysis", "sql", "statistics", "data_visualisation"),
                     ("python", "spreadsheets", "data_analytics")),
    "Data Scientist": ("2511", ("python", "machine_learning", "statistics", "data_analysis"),
                       ("ai_principles", "sql", "data_visualisation")),
    "IT-Architekt:in": ("2511", ("cloud", "agile_dev", "ict_pm"), ("devops", "cyber_security", "critical")),
    "IT-Sicherheitsexpert:in": ("2529", ("cyber_security", "digital_security", "data_protection"),
                                ("regulations", "cloud")),
    "Product Owner": ("2421", ("agile_pm", "agile_dev", "customer"), ("data_analytics", "moderate", "negotiate")),
    "Scrum Master": ("2421", ("agile_pm", "moderate", "teamwork"), ("conflicts", "feedback", "agile_dev")),
    "Vertriebsberater:in": ("3322", ("negotiate", "crm", "customer"), ("audience", "networks")),
    "Key Account Manager:in": ("2433", ("negotiate", "crm", "networks", "customer"), ("data_analytics", "audience")),
    "Vertriebsinnendienst": ("3322", ("crm", "customer", "spreadsheets"), ("time", "collaboration_sw")),
    "Marketing Manager:in": ("1221", ("digital_marketing", "data_analytics", "creative"),
                             ("audience", "data_visualisation")),
    "Kundenberater:in": ("4222", ("customer", "problems", "stress"), ("crm", "collaboration_sw", "conflicts")),
    "Servicetechniker:in": ("7422", ("problems", "customer", "digital_security"), ("time", "cloud")),
    "Qualitätsmanager:in": ("1219", ("data_analysis", "regulations", "critical"), ("statistics", "spreadsheets")),
    "Service-Disponent:in": ("3341", ("time", "spreadsheets", "problems"), ("collaboration_sw", "stress")),
    "Controller:in": ("2411", ("finance", "spreadsheets", "data_analysis"),
                      ("statistics", "data_visualisation", "regulations")),
    "Buchhalter:in": ("3313", ("finance", "spreadsheets", "regulations"), ("time",)),
    "Einkäufer:in": ("3323", ("negotiate", "finance", "spreadsheets"), ("regulations", "networks")),
    "HR Business Partner:in": ("2423", ("advise", "regulations", "conflicts"),
                               ("data_analytics", "intercultural", "change")),
    "Recruiter:in": ("3333", ("audience", "networks", "intercultural"), ("digital_marketing", "data_protection")),
    "Personalreferent:in": ("2423", ("regulations", "data_protection", "advise"), ("spreadsheets", "time")),
    "Bildungsreferent:in": ("2424", ("instruct", "moderate", "audience"), ("collaboration_sw", "reflection", "change")),
    "Teamleiter:in": ("1219", ("lead_others", "motivate", "feedback", "conflicts"), ("time", "change", "advise")),
    "Abteilungsleiter:in": ("1219", ("lead_others", "motivate", "change", "finance"),
                            ("conflicts", "negotiate", "networks")),
    "Bereichsleiter:in": ("1120", ("lead_others", "change", "finance", "networks"), ("negotiate", "critical")),
    "Werkstudent:in": ("", ("collaboration_sw", "teamwork"), ("time", "reflection")),
    "Auszubildende:r": ("", ("teamwork", "collaboration_sw", "time"), ("reflection", "regulations")),
}
SKILL_HEADER = ("conceptType", "conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels", "hiddenLabels",
                "status", "modifiedDate", "scopeNote", "definition", "inScheme", "description")
GROUP_HEADER = ("conceptType", "conceptUri", "preferredLabel", "altLabels", "hiddenLabels", "status", "modifiedDate",
                "scopeNote", "inScheme", "description", "code")
OCCUPATION_HEADER = ("conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels", "hiddenLabels", "status",
                     "modifiedDate", "regulatedProfessionNote", "scopeNote", "definition", "inScheme", "description",
                     "code")


def occupation_uri(role: str) -> str:
    return f"{COMPANY}role/R-{list(ROLES).index(role) + 1:02d}"


def role_mapping() -> dict[str, str]:
    """HR role -> occupation, for the `roles` table of the skills source in sources.toml."""
    return {role: occupation_uri(role) for role in ROLES}


def _write(path: Path, header: tuple[str, ...], rows: list[tuple]) -> int:
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)  # ESCO's dialect: commas, CRLF, quoted only where needed
        out.writerow(header)
        out.writerows(rows)
    return len(rows)


def write_framework(folder: Path) -> dict[str, int]:
    """skills_en.csv, skillGroups_en.csv, broaderRelationsSkillPillar.csv, occupations_en.csv and
    occupationSkillRelations.csv; returns the rows per file."""
    folder.mkdir(parents=True, exist_ok=True)
    skills = [("KnowledgeSkillCompetence", uri, SKILL_FACTS[key][0], SKILL_FACTS[key][1], label, "", "", "released",
               "", "", "", ESCO + "concept-scheme/skills", "") for key, (uri, label) in SKILLS.items()]
    groups = [("SkillGroup", ESCO + uri, label, "", "", "released", "", "", ESCO + "concept-scheme/skills", "", code)
              for uri, (code, label) in GROUPS.items()]
    kinds = {uri: "KnowledgeSkillCompetence" for uri, _ in SKILLS.values()}
    broader = [(kinds.get(ESCO + a, "SkillGroup"), ESCO + a, kinds.get(ESCO + b, "SkillGroup"), ESCO + b)
               for a, b in BROADER]
    occupations = [("Occupation", occupation_uri(role), isco, role, "", "", "released", "", "", "", "", SCHEME,
                    f"Rolle der Demo AG: {role}", occupation_uri(role).rsplit("/", 1)[1])
                   for role, (isco, _, _) in ROLES.items()]
    relations = [(occupation_uri(role), relation, SKILL_FACTS[key][0], SKILLS[key][0])
                 for role, (_, essential, optional) in ROLES.items()
                 for relation, keys in (("essential", essential), ("optional", optional)) for key in keys]
    return {
        "skills": _write(folder / "skills_en.csv", SKILL_HEADER, skills),
        "skill_groups": _write(folder / "skillGroups_en.csv", GROUP_HEADER, groups),
        "broader_relations": _write(folder / "broaderRelationsSkillPillar.csv",
                                    ("conceptType", "conceptUri", "broaderType", "broaderUri"), broader),
        "occupations": _write(folder / "occupations_en.csv", OCCUPATION_HEADER, occupations),
        "occupation_skill_relations": _write(folder / "occupationSkillRelations.csv",
                                             ("occupationUri", "relationType", "skillType", "skillUri"), relations),
    }
