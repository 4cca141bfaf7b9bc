"""The two HR exports as German Excel CSV: semicolons, UTF-8 with BOM, CRLF, decimal comma, dd.mm.yyyy."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from .org import OrgUnit
from .people import Person

ORG_HEADER = ("OE-ID", "Bezeichnung", "Übergeordnete OE", "Ebene")
PEOPLE_HEADER = ("Personalnummer", "Nachname", "Vorname", "E-Mail", "Gültig ab", "Gültig bis", "Eintrittsdatum",
                 "Austrittsdatum", "Beschäftigungsart", "Stellenanteil", "Land", "Standort", "Organisationseinheit",
                 "Jobfamilie", "Rolle", "Altersgruppe", "Geschlecht")


def _de(day: date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def _writer(f):
    return csv.writer(f, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)


def write_org(path: Path, units: list[OrgUnit]) -> int:
    """organisation.csv, one row per org unit in ID order; returns the number of rows."""
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        out = _writer(f)
        out.writerow(ORG_HEADER)
        for u in sorted(units, key=lambda u: u.oe_id):
            out.writerow((u.oe_id, u.name, u.parent, u.level))
    return len(units)


def write_people(path: Path, people: list[Person]) -> int:
    """mitarbeiter.csv, one row per employment version, by Personalnummer and Gültig ab; returns the rows."""
    rows = 0
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        out = _writer(f)
        out.writerow(PEOPLE_HEADER)
        for p in sorted(people, key=lambda p: p.pnr):
            for v in p.versions:
                out.writerow((p.pnr, p.last, p.first, p.email, _de(v.start), _de(v.end), _de(p.hire), _de(p.exit),
                              v.employment, str(v.fte).replace(".", ","), v.country, v.city, v.team.oe_id,
                              v.family, v.role, p.age_band, p.gender))
                rows += 1
    return rows
