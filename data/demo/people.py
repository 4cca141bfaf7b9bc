"""The workforce: hires, leavers and effective-dated employment versions over the window."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from .names import NAMES, female_form
from .org import CITIES, DIVISIONS, LEADER_FAMILY, LEADER_ROLES, OrgUnit, pick
from .timeline import Month, add_months

ANNUAL_ATTRITION = 0.09
ANNUAL_HIRES = 0.105
AGE_BANDS = ("<25", "25-34", "35-44", "45-54", "55+")
AGE_WEIGHTS = {"staff": (8, 26, 26, 24, 16), "joiner": (25, 42, 20, 10, 3)}
MAX_TENURE_YEARS = {"<25": 7, "25-34": 15, "35-44": 25, "45-54": 35, "55+": 45}
PART_TIME_FTE = ((0.5, 3), (0.6, 2), (0.75, 3), (0.8, 3))
GENDERS = (("m", 50), ("w", 38), ("d", 1), ("", 11))
EARLIEST_HIRE = date(1985, 1, 1)


@dataclass(frozen=True)
class Version:
    """One effective-dated row of the HR export (end is None while open)."""

    start: date
    end: date | None
    team: OrgUnit
    employment: str
    fte: float
    role: str
    family: str
    country: str
    city: str

    @property
    def leader(self) -> bool:
        return self.family == LEADER_FAMILY


@dataclass
class Person:
    """An employee with identity, demographics and their employment versions."""

    index: int
    hire: date
    exit: date | None
    age_band: str
    gender: str
    appetite: float
    versions: list[Version] = field(default_factory=list)
    pnr: str = ""
    first: str = ""
    last: str = ""
    email: str = ""

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    def employed(self, day: date) -> bool:
        return self.hire <= day and (self.exit is None or day <= self.exit)

    def version_on(self, day: date) -> Version:
        current = self.versions[0]
        for v in self.versions:
            if v.start <= day:
                current = v
        return current


def _employment(rng: random.Random, gender: str, joiner: bool) -> tuple[str, float]:
    roll = rng.random()
    if roll < (0.06 if joiner else 0.03):
        return "Auszubildende", 1.0
    if roll < (0.1 if joiner else 0.055):
        return "Werkstudent", 0.5
    if rng.random() < {"w": 0.33, "m": 0.09}.get(gender, 0.2):
        return "Teilzeit", pick(rng, PART_TIME_FTE)
    return "Vollzeit", 1.0


def _age(rng: random.Random, employment: str, joiner: bool) -> str:
    if employment == "Auszubildende":
        return "<25"
    if employment == "Werkstudent":
        return "<25" if rng.random() < 0.7 else "25-34"
    return rng.choices(AGE_BANDS, weights=AGE_WEIGHTS["joiner" if joiner else "staff"])[0]


def _role(rng: random.Random, team: OrgUnit, employment: str, age: str) -> tuple[str, str]:
    div = DIVISIONS[team.division]
    if employment == "Werkstudent":
        return "Werkstudent:in", div.family
    if employment == "Auszubildende":
        return "Auszubildende:r", div.family
    if age != "<25" and rng.random() < (0.085 if employment == "Vollzeit" else 0.04):
        return pick(rng, LEADER_ROLES), LEADER_FAMILY
    return pick(rng, div.roles), div.family


def _location(rng: random.Random, team: OrgUnit) -> tuple[str, str]:
    # Teams sit in one place; a few members work from another site.
    if rng.random() < 0.9:
        return team.country, team.city
    country = team.country if rng.random() < 0.6 else pick(rng, (("DE", 5), ("AT", 1), ("PL", 1), ("ES", 1)))
    return country, pick(rng, CITIES[country])


def _hire_before(rng: random.Random, start: date, age: str, employment: str) -> date:
    if employment in ("Werkstudent", "Auszubildende"):
        years = rng.uniform(0.1, 2.5)
    else:
        cap = min(MAX_TENURE_YEARS[age], (start - EARLIEST_HIRE).days / 365.25)
        years = rng.expovariate(1 / 9)
        while years > cap:
            years = rng.uniform(0.1, cap)
    hire = max(start - timedelta(days=int(years * 365.25) + 1), EARLIEST_HIRE)
    if employment == "Auszubildende":
        return date(hire.year if hire.month >= 9 else hire.year - 1, 9, 1)
    return hire.replace(day=1) if rng.random() < 0.75 else hire


def _exit_between(rng: random.Random, first: date, last: date) -> date:
    day = first + timedelta(days=rng.randint(0, (last - first).days))
    if rng.random() < 0.75:  # most contracts end on the last day of a month
        day = add_months(day.replace(day=1), 1) - timedelta(days=1)
    return min(day, last)


def _new_person(rng: random.Random, index: int, teams: list[OrgUnit], team_cw: list[float], joiner: bool,
                start: date, end: date, months: list[Month]) -> Person:
    team = rng.choices(teams, cum_weights=team_cw)[0]
    gender = pick(rng, GENDERS)
    employment, fte = _employment(rng, gender, joiner)
    age = _age(rng, employment, joiner)
    if joiner:
        month = rng.choice(months)
        hire = month.first if rng.random() < 0.8 else month.first.replace(day=15)
        if employment == "Auszubildende":
            septembers = [m.first for m in months if m.first.month == 9]
            if septembers:
                hire = rng.choice(septembers)
            else:
                employment, fte = "Vollzeit", 1.0
        leave_p = 0.12 * (end - hire).days / 365
        exit_ = _exit_between(rng, hire + timedelta(days=60), end) if hire + timedelta(days=60) < end and \
            rng.random() < leave_p else None
    else:
        hire = _hire_before(rng, start, age, employment)
        leave_p = 1 - (1 - ANNUAL_ATTRITION) ** (len(months) / 12)
        exit_ = _exit_between(rng, start, end) if rng.random() < leave_p else None
    role, family = _role(rng, team, employment, age)
    country, city = _location(rng, team)
    appetite = rng.lognormvariate(0, 0.8) * (0.15 if rng.random() < 0.2 else 1.0)
    person = Person(index, hire, exit_, age, gender, appetite)
    person.versions.append(Version(hire, None, team, employment, fte, role, family, country, city))
    return person


def _changed(rng: random.Random, v: Version, day: date, teams: list[OrgUnit]) -> Version:
    kind = rng.choices(("transfer", "role", "fte", "location"), weights=(35, 30, 25, 10))[0]
    if v.employment in ("Werkstudent", "Auszubildende") and kind != "transfer":
        role, family = pick(rng, DIVISIONS[v.team.division].roles), DIVISIONS[v.team.division].family
        return replace(v, start=day, employment="Vollzeit", fte=1.0, role=role, family=family)
    if kind == "fte":
        if v.employment == "Teilzeit" and rng.random() < 0.5:
            return replace(v, start=day, employment="Vollzeit", fte=1.0)
        fte = rng.choice([f for f, _ in PART_TIME_FTE if f != v.fte])
        return replace(v, start=day, employment="Teilzeit", fte=fte)
    if kind == "role":
        div = DIVISIONS[v.team.division]
        if not v.leader and rng.random() < 0.25:
            return replace(v, start=day, role="Teamleiter:in", family=LEADER_FAMILY)
        roles = [(r, w) for r, w in (LEADER_ROLES if v.leader else div.roles) if r != v.role]
        return replace(v, start=day, role=pick(rng, roles))
    if kind == "location" and len(CITIES[v.country]) > 1:
        city = rng.choice([c for c, _ in CITIES[v.country] if c != v.city])
        return replace(v, start=day, city=city)
    siblings = [t for t in teams if t.parent == v.team.parent and t.oe_id != v.team.oe_id]
    same_div = [t for t in teams if t.division == v.team.division and t.oe_id != v.team.oe_id]
    pool = siblings if siblings and rng.random() < 0.6 else same_div if rng.random() < 0.6 else teams
    team = rng.choice([t for t in pool if t.oe_id != v.team.oe_id])
    new = replace(v, start=day, team=team, country=team.country, city=team.city)
    if team.division != v.team.division and not v.leader:
        new = replace(new, role=pick(rng, DIVISIONS[team.division].roles), family=DIVISIONS[team.division].family)
    return new


def _add_changes(rng: random.Random, person: Person, months: list[Month], teams: list[OrgUnit]) -> None:
    # About 20 % change team, role, FTE or location within 24 months; a few change twice.
    for m in months[1:]:
        day = m.first
        if day <= person.hire + timedelta(days=30) or (person.exit and day > person.exit):
            continue
        if rng.random() < 0.011:
            person.versions.append(_changed(rng, person.versions[-1], day, teams))
    closed = [replace(v, end=nxt.start - timedelta(days=1)) for v, nxt in zip(person.versions, person.versions[1:])]
    person.versions = closed + [replace(person.versions[-1], end=person.exit)]


def _slug(text: str) -> str:
    text = text.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("ł", "l"), ("ı", "i")):
        text = text.replace(a, b)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if "a" <= c <= "z")


def _name(rng: random.Random, person: Person, used: dict[str, int]) -> None:
    country = person.versions[0].country if rng.random() < 0.9 else rng.choice(list(NAMES))
    female, male, surnames = NAMES[country]
    is_female = person.gender == "w" or (person.gender in ("", "d") and rng.random() < 0.5)
    person.first = rng.choice(female if is_female else male)
    last = rng.choice(surnames)
    person.last = female_form(country, last) if is_female else last
    local = f"{_slug(person.first)}.{_slug(person.last)}"
    used[local] = used.get(local, 0) + 1
    suffix = str(used[local]) if used[local] > 1 else ""
    person.email = f"{local}{suffix}@demo-ag.example"


def build_people(rng: random.Random, units: list[OrgUnit], months: list[Month], employees: int) -> list[Person]:
    """Staff at the window's start plus joiners, so that about `employees` are employed at its end."""
    teams = [u for u in units if u.level == 4]
    team_cw, total = [], 0.0
    for t in teams:
        total += t.weight
        team_cw.append(total)
    start, end = months[0].first, months[-1].last
    years = len(months) / 12
    initial = round(employees / (1 + (ANNUAL_HIRES - ANNUAL_ATTRITION) * years))
    stayers = initial * (1 - ANNUAL_ATTRITION) ** years
    joiners = max(0, round((employees - stayers) / (1 - 0.06 * years)))
    people = [_new_person(rng, i, teams, team_cw, i >= initial, start, end, months)
              for i in range(initial + joiners)]
    people.sort(key=lambda p: (p.hire, p.index))
    number, used = 10000, {}
    for i, p in enumerate(people):
        p.index = i
        number += rng.randint(1, 4)
        p.pnr = f"{number:08d}"
        _add_changes(rng, p, months, teams)
        _name(rng, p, used)
    return people
