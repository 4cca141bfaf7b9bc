"""The organisation of Demo AG: divisions, departments, teams, their locations and the roles in them."""

from __future__ import annotations

import random
from dataclasses import dataclass

# Cities per country with their relative size as a location of the company.
CITIES: dict[str, tuple[tuple[str, float], ...]] = {
    "DE": (("Bonn", 5), ("Darmstadt", 3), ("Berlin", 3), ("München", 2.5), ("Hamburg", 2), ("Köln", 1.5),
           ("Frankfurt am Main", 1.5), ("Leipzig", 1)),
    "AT": (("Wien", 3), ("Graz", 1)),
    "CH": (("Zürich", 2), ("Basel", 1)),
    "PL": (("Warszawa", 2), ("Kraków", 1.5)),
    "ES": (("Madrid", 1.5), ("Barcelona", 1)),
    "NL": (("Amsterdam", 2), ("Utrecht", 1)),
    "HU": (("Budapest", 1),),
    "SK": (("Bratislava", 1.5), ("Košice", 1)),
}


@dataclass(frozen=True)
class Division:
    """A level-2 unit with its job family, topic interest, size and typical roles."""

    name: str
    family: str
    topic: str
    share: float
    countries: tuple[tuple[str, float], ...]
    departments: tuple[str, ...]
    roles: tuple[tuple[str, float], ...]


DIVISIONS = (
    Division("Technik", "IT & Software", "it", 0.34,
             (("DE", 52), ("PL", 14), ("ES", 7), ("NL", 6), ("HU", 6), ("SK", 6), ("AT", 5), ("CH", 4)),
             ("Softwareentwicklung", "IT-Betrieb", "Data & Analytics", "IT-Sicherheit", "Architektur & Cloud",
              "Digitale Produkte"),
             (("Softwareentwickler:in", 30), ("DevOps Engineer", 10), ("Systemadministrator:in", 10),
              ("Data Analyst", 8), ("Data Scientist", 5), ("IT-Architekt:in", 6), ("IT-Sicherheitsexpert:in", 6),
              ("Product Owner", 6), ("Scrum Master", 4))),
    Division("Vertrieb", "Vertrieb", "sales", 0.24,
             (("DE", 55), ("AT", 12), ("CH", 11), ("NL", 10), ("ES", 8), ("PL", 4)),
             ("Geschäftskunden", "Privatkunden", "Key Account Management", "Marketing", "Vertriebssteuerung",
              "Partnervertrieb"),
             (("Vertriebsberater:in", 40), ("Key Account Manager:in", 20), ("Vertriebsinnendienst", 20),
              ("Marketing Manager:in", 12))),
    Division("Kundenservice", "Service", "service", 0.27,
             (("DE", 50), ("PL", 14), ("SK", 10), ("HU", 9), ("ES", 9), ("AT", 4), ("NL", 4)),
             ("Kundenbetreuung", "Technischer Service", "Beschwerdemanagement", "Service-Qualität", "Field Service",
              "Serviceplanung"),
             (("Kundenberater:in", 50), ("Servicetechniker:in", 25), ("Qualitätsmanager:in", 8),
              ("Service-Disponent:in", 10))),
    Division("Finanzen & Controlling", "Finanzen", "finance", 0.08,
             (("DE", 80), ("AT", 8), ("CH", 6), ("PL", 6)),
             ("Controlling", "Rechnungswesen", "Einkauf", "Treasury", "Steuern"),
             (("Controller:in", 35), ("Buchhalter:in", 35), ("Einkäufer:in", 20))),
    Division("Personal", "Personal", "hr", 0.07,
             (("DE", 80), ("AT", 8), ("CH", 6), ("PL", 6)),
             ("HR Business Partner", "Recruiting", "Learning & Development", "Vergütung & Payroll", "Arbeitsrecht"),
             (("HR Business Partner:in", 25), ("Recruiter:in", 25), ("Personalreferent:in", 35),
              ("Bildungsreferent:in", 15))),
)
LEADER_ROLES = (("Teamleiter:in", 80), ("Abteilungsleiter:in", 17), ("Bereichsleiter:in", 3))
LEADER_FAMILY = "Management"


@dataclass(frozen=True)
class OrgUnit:
    """One row of the organisation export; teams (level 4) also carry their location and size weight."""

    oe_id: str
    name: str
    parent: str
    level: int
    division: int
    country: str = ""
    city: str = ""
    weight: float = 0.0


def pick(rng: random.Random, pairs) -> str:
    """A value from (value, weight) pairs."""
    values = [v for v, _ in pairs]
    return rng.choices(values, weights=[w for _, w in pairs])[0]


def _stratified(rng: random.Random, pairs, n: int) -> list[str]:
    """n values drawn by systematic sampling over the weights, in random order."""
    total = sum(w for _, w in pairs)
    offset, out = rng.random(), []
    for k in range(n):
        x, acc = (k + offset) / n * total, 0.0
        for value, weight in pairs:
            acc += weight
            if x < acc:
                out.append(value)
                break
    rng.shuffle(out)
    return out


def build_org(rng: random.Random) -> list[OrgUnit]:
    """Root, divisions, 3-6 departments each and 3-6 located teams per department."""
    units = [OrgUnit("OE-1000", "Demo AG", "", 1, -1)]
    for d, div in enumerate(DIVISIONS):
        div_id = f"OE-1{d + 1}00"
        units.append(OrgUnit(div_id, div.name, "OE-1000", 2, d))
        slots = []
        for k, dep_name in enumerate(div.departments[:rng.randint(3, min(6, len(div.departments)))]):
            dep_id = f"OE-1{d + 1}{k + 1}0"
            units.append(OrgUnit(dep_id, dep_name, div_id, 3, d))
            slots += [(dep_id, dep_name, t) for t in range(rng.randint(3, 6))]
        # Stratified countries keep each division close to its intended country mix.
        countries = _stratified(rng, div.countries, len(slots))
        weights = [rng.uniform(0.5, 1.5) for _ in slots]
        seen: dict[tuple[str, str], int] = {}
        for (dep_id, dep_name, t), country, weight in zip(slots, countries, weights):
            city = pick(rng, CITIES[country])
            seen[dep_id, city] = seen.get((dep_id, city), 0) + 1
            name = f"{dep_name} {city}" + (f" {seen[dep_id, city]}" if seen[dep_id, city] > 1 else "")
            units.append(OrgUnit(dep_id[:-1] + str(t + 1), name, dep_id, 4, d, country, city,
                                 weight / sum(weights) * div.share))
    return units
