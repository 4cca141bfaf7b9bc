"""Learning topics: their audience, LEX community, ESCO skills and realistic titles per format."""

from __future__ import annotations

import random
from dataclasses import dataclass

FAMILIES = ("it", "sales", "service", "finance", "hr", "lead", "general")


@dataclass(frozen=True)
class Topic:
    """A subject area; `family` says who is most interested (a division's topic, leaders or everyone)."""

    key: str
    family: str
    community: str
    skills: tuple[str, ...]
    courses: tuple[str, ...]
    sessions: tuple[str, ...]


TOPICS = (
    Topic("python", "it", "Python-Community", ("python", "data_analysis", "test_automation"),
          ("Python für Einsteiger", "Python für Fortgeschrittene"),
          ("Python Testing mit pytest", "Type Hints in Python", "Datenanalyse mit pandas", "Python Packaging heute",
           "Async Python verstehen", "Polars statt pandas?")),
    Topic("data", "it", "Data & AI Community", ("data_analytics", "data_visualisation", "statistics", "sql"),
          ("SQL-Grundlagen", "Power BI Dashboards", "Statistik für Data Analysts"),
          ("SQL Window Functions", "Datenvisualisierung, die überzeugt", "Power BI Tipps & Tricks",
           "Data Mesh in der Praxis", "PostgreSQL Performance Tuning", "Datenqualität messen")),
    Topic("ai", "general", "Data & AI Community", ("ai_principles", "machine_learning", "critical"),
          ("Generative KI im Arbeitsalltag", "Machine Learning Grundlagen"),
          ("Prompt Engineering für Einsteiger", "KI-Assistenten sicher nutzen", "RAG in 45 Minuten",
           "Copilot im Büroalltag", "Machine Learning ohne Mathe-Angst", "EU AI Act kompakt")),
    Topic("cloud", "it", "Cloud & DevOps Community", ("cloud", "devops", "agile_dev"),
          ("Kubernetes in der Praxis", "Cloud-Architektur auf AWS", "CI/CD mit GitLab"),
          ("Kubernetes in der Praxis", "Docker für Entwickler:innen", "Terraform Basics",
           "Monitoring & Observability", "Platform Engineering", "GitOps mit Argo CD")),
    Topic("software", "it", "Software Craft", ("java", "javascript", "test_automation", "agile_dev"),
          ("Clean Code", "Java 21: Neuerungen", "TypeScript Basics"),
          ("Clean Code im Alltag", "Code Reviews, die helfen", "Testautomatisierung mit Playwright",
           "Refactoring Legacy Code", "Domain-Driven Design Einstieg", "JavaScript & TypeScript Basics")),
    Topic("security", "general", "Security Champions", ("cyber_security", "digital_security", "data_protection"),
          ("Secure Coding", "Security Awareness"),
          ("Phishing erkennen", "Passwortmanager richtig nutzen", "Zero Trust verstehen",
           "Secure Coding: OWASP Top 10", "Social Engineering im Alltag")),
    Topic("agile", "general", "Agile Community", ("agile_pm", "ict_pm", "teamwork"),
          ("Scrum kompakt", "Projektmanagement Grundlagen", "OKR einführen"),
          ("Kanban im Service", "Retrospektiven moderieren", "OKR in der Praxis", "Scrum mit verteilten Teams",
           "Liberating Structures", "Agile Schätzverfahren")),
    Topic("sales", "sales", "Sales Excellence", ("negotiate", "crm", "customer"),
          ("Verhandlungsführung im B2B-Vertrieb", "Salesforce für Vertriebsberater:innen", "Value Selling"),
          ("Kaltakquise am Telefon", "Social Selling auf LinkedIn", "Einwandbehandlung", "Salesforce Reports bauen",
           "Preisgespräche führen", "Cross-Selling im Bestandskundengeschäft")),
    Topic("marketing", "sales", "Marketing Community", ("digital_marketing", "data_analytics", "creative"),
          ("Digitales Marketing kompakt", "SEO Basics"),
          ("Content Marketing mit Plan", "Kampagnen messen", "LinkedIn für Unternehmen", "Storytelling im Marketing")),
    Topic("service", "service", "Service Community", ("customer", "problems", "stress"),
          ("Kundenorientierung im Service", "Beschwerdemanagement", "Ticketsystem effizient nutzen"),
          ("Schwierige Kundengespräche meistern", "Deeskalation am Telefon", "First Contact Resolution",
           "Kundenfeedback nutzen", "Service-Chatbots richtig einsetzen", "Field Service Tipps")),
    Topic("finance", "finance", "Finance Community", ("finance", "spreadsheets", "regulations"),
          ("Controlling für Nicht-Controller", "Excel für Fortgeschrittene", "IFRS 16 kompakt"),
          ("Pivot-Tabellen in Excel", "Budgetplanung 2026", "Forecasting mit Excel", "Business Cases rechnen",
           "Power Query Einstieg")),
    Topic("hr", "hr", "People & Culture", ("advise", "regulations", "intercultural"),
          ("Interviewführung", "Arbeitsrecht Update", "People Analytics Einführung"),
          ("Onboarding gestalten", "Employer Branding", "Strukturierte Interviews", "Lernkultur fördern",
           "HR-Daten und Datenschutz")),
    Topic("leadership", "lead", "Leaders at LEX", ("lead_others", "motivate", "feedback", "conflicts"),
          ("Führen auf Distanz", "Gesunde Führung", "Mitarbeitergespräche führen"),
          ("Feedback geben", "Konflikte im Team lösen", "Leading Change", "Delegation mit Vertrauen",
           "Psychologische Sicherheit", "Führen in Teilzeit")),
    Topic("selfmgmt", "general", "Arbeiten & Lernen", ("time", "stress", "change"),
          ("Zeitmanagement", "Resilienz stärken"),
          ("Fokuszeit statt Meeting-Marathon", "Resilienz im Alltag", "Getting Things Done", "Lernen lernen",
           "Pomodoro & Co.")),
    Topic("communication", "general", "Arbeiten & Lernen", ("audience", "moderate", "teamwork", "intercultural"),
          ("Präsentieren mit Wirkung", "Moderation von Workshops", "Interkulturelle Zusammenarbeit"),
          ("Präsentieren mit Wirkung", "Workshops moderieren", "Microsoft Teams effizient nutzen",
           "Working Out Loud", "Design Thinking Einstieg", "Barrierefreie Dokumente", "Kritisches Denken")),
)
TOPIC_BY_KEY = {t.key: t for t in TOPICS}
# How the platforms tag a topic (LEX topics, calendar categories, conversation themes).
LABELS = {"python": "Python", "data": "Daten & Analytics", "ai": "Künstliche Intelligenz", "cloud": "Cloud & DevOps",
          "software": "Softwareentwicklung", "security": "IT-Sicherheit", "agile": "Agiles Arbeiten",
          "sales": "Vertrieb", "marketing": "Marketing", "service": "Kundenservice", "finance": "Finanzen",
          "hr": "Personal", "leadership": "Führung", "selfmgmt": "Selbstorganisation",
          "communication": "Kommunikation"}
DIVISION_TOPIC = {"it": "it", "sales": "sales", "service": "service", "finance": "finance", "hr": "hr"}
PROVIDERS = (("Demo AG Akademie", 5), ("LinkedIn Learning", 2), ("Haufe Akademie", 1), ("Udemy Business", 1))
COMPLIANCE = (("Datenschutz-Grundlagen (DSGVO)", ("data_protection", "regulations")),
              ("Informationssicherheit – Jahresunterweisung", ("cyber_security", "digital_security")),
              ("Verhaltenskodex & Compliance", ("regulations",)))
ONBOARDING = ("Willkommen bei der Demo AG", ("collaboration_sw", "networks"))
VIDEO_FORMATS = ("{t}", "{t} in 10 Minuten", "Aufzeichnung: {t}", "Quick Tip: {t}")
LIBRARY_FORMATS = ("Leitfaden: {t}", "Checkliste: {t}", "Cheat Sheet: {t}", "Praxisbericht: {t}")


def tag(rng: random.Random, topic: Topic, extra: float = 0.15) -> list[str]:
    """1-3 skills, mostly from the topic, now and then a transversal one."""
    skills = rng.sample(topic.skills, rng.choice((1, 2, 2, 3)) if len(topic.skills) > 2 else 1)
    if rng.random() < extra:
        other = rng.choice(("teamwork", "critical", "problems", "creative", "reflection", "networks"))
        if other not in skills:
            skills.append(other)
    return skills[:3]


def topic_for(rng: random.Random, family: str, loyalty: float = 0.6) -> Topic:
    """A topic fitting an interest family most of the time, otherwise any topic."""
    own = [t for t in TOPICS if t.family == family]
    if own and rng.random() < loyalty:
        return rng.choice(own)
    return rng.choice(TOPICS)
