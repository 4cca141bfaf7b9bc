"""The data inventory: what the warehouse holds, from where, how people are pseudonymised, how long it is kept.

`inventory(engine, settings)` is what the data-inventory page and `python -m data inventory` show: the sources
(from the sync log), every table with its columns (pseudonymised ones marked) and rows, how identities are
pseudonymised, the retention months per table, k and the works council's k, and the purpose statement.
Texts come in English and German (`{"en": ..., "de": ...}`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone

from sqlalchemy import Engine, func, select

from data.meta import is_demo
from data.pseudonyms import Pseudonymiser
from data.rekey import EMBEDDED
from data.schema import PSEUDONYM, metadata, sync_runs
from data.settings import (LANGUAGES, ConfigurationError, Settings, pseudonym_key, purpose_statement,
                           retention_months, works_council_min_group_size)

# One line per table: (English, German).
DESCRIPTIONS: dict[str, tuple[str, str]] = {
    "org_units": ("Organisational units and their hierarchy (no people).",
                  "Organisationseinheiten und ihre Hierarchie (keine Personen)."),
    "person_versions": ("Employment history per person: dates, FTE, employment type, location, unit, role, age band, "
                        "gender where supplied, manager; no names.",
                        "Beschäftigungsverlauf je Person: Daten, Stellenanteil, Beschäftigungsart, Standort, Einheit, "
                        "Rolle, Altersband, Geschlecht falls geliefert, Führungskraft; keine Namen."),
    "person_identities": ("Which pseudonymised identifier (employee number, e-mail, account) belongs to which person.",
                          "Welcher pseudonymisierte Kennzeichner (Personalnummer, E-Mail, Konto) zu welcher Person "
                          "gehört."),
    "activities": ("Learning activities: courses, sessions, circles, conversations, with title, type, channel, times.",
                   "Lernangebote: Kurse, Sessions, Lernkreise, Lerngespräche, mit Titel, Art, Kanal, Zeiten."),
    "activity_topics": ("Topics of activities.", "Themen der Lernangebote."),
    "activity_skills": ("Skills activities teach.", "Kompetenzen, die Lernangebote vermitteln."),
    "events": ("Learning events per person: who (pseudonym) did what (attended, completed, hosted, ...) when, in "
               "which activity, with duration and result.",
               "Lernereignisse je Person: wer (Pseudonym) was (teilgenommen, abgeschlossen, veranstaltet, ...) wann, "
               "in welchem Angebot, mit Dauer und Ergebnis."),
    "voided_records": ("Ids of source records a source retracted (never loaded again).",
                       "Kennungen von Quelldatensätzen, die eine Quelle zurückgezogen hat (werden nie wieder "
                       "geladen)."),
    "enrolments": ("Enrolments and registrations per person and activity, with status.",
                   "Einschreibungen und Anmeldungen je Person und Angebot, mit Status."),
    "feedback": ("Ratings and recommendation scores of activities (the person's pseudonym unless anonymous).",
                 "Bewertungen und Weiterempfehlungswerte von Angeboten (Pseudonym der Person, außer anonym)."),
    "skills": ("The skills taxonomy (e.g. ESCO).", "Die Kompetenz-Taxonomie (z. B. ESCO)."),
    "skill_relations": ("Broader and narrower skills.", "Über- und untergeordnete Kompetenzen."),
    "occupations": ("Occupations of the taxonomy.", "Berufe der Taxonomie."),
    "occupation_skills": ("Skills occupations require.", "Kompetenzen, die Berufe verlangen."),
    "role_skill_requirements": ("Skills the organisation's roles require.",
                                "Kompetenzen, die die Rollen der Organisation verlangen."),
    "expertise": ("Skills people declared as their expertise (pseudonym, skill, date).",
                  "Kompetenzen, die Personen als ihre Expertise angegeben haben (Pseudonym, Kompetenz, Datum)."),
    "sync_state": ("Where each source's last sync stopped (watermarks, file fingerprints).",
                   "Wo die letzte Synchronisation jeder Quelle stehen blieb (Wasserstände, Datei-Fingerabdrücke)."),
    "sync_runs": ("The log of every sync: when, how many records read, loaded, updated, quarantined.",
                  "Das Protokoll jeder Synchronisation: wann, wie viele Datensätze gelesen, geladen, geändert, "
                  "in Quarantäne."),
    "validation_results": ("Data-quality check results per sync.", "Ergebnisse der Datenqualitätsprüfungen je Lauf."),
    "quarantine": ("Records a sync could not load, with the reason; identifiers pseudonymised.",
                   "Datensätze, die nicht geladen werden konnten, mit Grund; Kennzeichner pseudonymisiert."),
    "audit_log": ("Who (pseudonym of the login) looked at which page, metric, filters, export or command, when.",
                  "Wer (Pseudonym der Anmeldung) wann welche Seite, Kennzahl, Filter, welchen Export oder Befehl "
                  "genutzt hat."),
    "warehouse_meta": ("Facts about the warehouse itself (demo data or not, key check).",
                       "Angaben zum Datenbestand selbst (Demodaten oder nicht, Schlüsselprüfung)."),
}

# Which retention setting deletes rows of which table (data/retention.py); tables not named are kept.
RETENTION_OF_TABLE = {"events": "events", "enrolments": "enrolments", "feedback": "feedback",
                      "person_versions": "people", "person_identities": "people", "expertise": "people",
                      "quarantine": "quarantine", "audit_log": "audit_log"}


@dataclass(frozen=True)
class SourceInfo:
    name: str
    kind: str
    last_status: str
    last_run: str | None  # ISO, UTC: when the latest run finished (or started, if it never finished)
    last_success: str | None  # ISO, UTC: when the latest successful run finished
    runs: int
    rows: dict[str, int]  # table -> rows this source wrote


@dataclass(frozen=True)
class ColumnInfo:
    name: str
    type: str
    pseudonym: bool  # the whole value is a pseudonym
    embeds_pseudonyms: bool  # text that may contain pseudonyms (record ids, quarantined records, cursors)


@dataclass(frozen=True)
class TableInfo:
    name: str
    description: dict[str, str]
    columns: list[ColumnInfo]
    rows: int
    person_level: bool  # holds pseudonyms of people
    retention_setting: str | None  # DIRIGENT_RETENTION_MONTHS_<NAME>, None: kept
    retention_months: int | None  # None: kept (no retention, or the setting says never)


@dataclass(frozen=True)
class Inventory:
    generated_at: str
    demo: bool
    sources: list[SourceInfo]
    tables: list[TableInfo]
    pseudonymisation: dict[str, str]
    key_ring_size: int | None  # None: no key configured where this runs
    retention_months: dict[str, int | None]
    min_group_size: int
    works_council_min_group_size: int
    purpose: dict[str, str]
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)


def inventory(engine: Engine, settings: Settings) -> Inventory:
    months = retention_months()
    with engine.connect() as conn:
        counts = {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                  for t in metadata.sorted_tables}
        per_source: dict[str, dict[str, int]] = {}
        for table in metadata.sorted_tables:
            if "source" in table.c and table.name not in ("sync_runs", "sync_state", "quarantine"):
                for source, n in conn.execute(select(table.c.source, func.count()).group_by(table.c.source)):
                    per_source.setdefault(source, {})[table.name] = n
        sources = _sources(conn, per_source)
        demo = is_demo(conn)
    tables = []
    for table in sorted(metadata.sorted_tables, key=lambda t: _ORDER.get(t.name, 99)):
        columns = [ColumnInfo(c.name, str(c.type), c.type is PSEUDONYM, (table.name, c.name) in EMBEDDED)
                   for c in table.columns]
        setting = RETENTION_OF_TABLE.get(table.name)
        en, de = DESCRIPTIONS.get(table.name, (table.name, table.name))
        tables.append(TableInfo(table.name, {"en": en, "de": de}, columns, counts[table.name],
                                any(c.pseudonym for c in columns), setting,
                                months.get(setting) if setting else None))
    notes = []
    try:
        ring: int | None = Pseudonymiser(pseudonym_key()).ring_size
    except (ConfigurationError, ValueError):
        ring = None
        notes.append("No pseudonymisation key is configured where this runs (DIRIGENT_PSEUDONYM_KEY or "
                     "DIRIGENT_PSEUDONYM_KEY_FILE).")
    return Inventory(
        generated_at=datetime.now(timezone.utc).replace(tzinfo=None).isoformat(timespec="seconds"),
        demo=demo, sources=sources, tables=tables, pseudonymisation=_pseudonymisation_text(ring),
        key_ring_size=ring, retention_months=months, min_group_size=settings.min_group_size,
        works_council_min_group_size=works_council_min_group_size(settings),
        purpose={lang: purpose_statement(lang) for lang in LANGUAGES}, notes=notes)


_ORDER = {name: i for i, name in enumerate(DESCRIPTIONS)}


def _sources(conn, per_source: dict[str, dict[str, int]]) -> list[SourceInfo]:
    runs = conn.execute(select(sync_runs.c.run_id, sync_runs.c.source, sync_runs.c.kind, sync_runs.c.status,
                               sync_runs.c.started_at, sync_runs.c.finished_at)
                        .order_by(sync_runs.c.run_id)).all()
    by_source: dict[str, list] = {}
    for run in runs:
        by_source.setdefault(run.source, []).append(run)
    names = sorted(set(by_source) | set(per_source))
    result = []
    for name in names:
        history = by_source.get(name, [])
        last = history[-1] if history else None
        ok = [r for r in history if r.status == "ok"]
        result.append(SourceInfo(
            name=name, kind=last.kind if last else "unknown", last_status=last.status if last else "never synced",
            last_run=_iso(last.finished_at or last.started_at) if last else None,
            last_success=_iso(ok[-1].finished_at) if ok else None, runs=len(history),
            rows=dict(sorted(per_source.get(name, {}).items()))))
    return result


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def _pseudonymisation_text(ring: int | None) -> dict[str, str]:
    rotated_en = (f" The key ring holds {ring} keys: the key was rotated {ring - 1} time(s), and every stored "
                  "pseudonym was re-keyed with it." if ring and ring > 1 else "")
    rotated_de = (f" Der Schlüsselbund enthält {ring} Schlüssel: der Schlüssel wurde {ring - 1}-mal gewechselt, und "
                  "alle gespeicherten Pseudonyme wurden mit ihm neu verschlüsselt." if ring and ring > 1 else "")
    return {
        "en": ("Names are never stored. Every identifier of a person (employee number, e-mail address, account) is "
               "replaced, in the connector before it reaches the warehouse, by a keyed pseudonym: HMAC-SHA256 with a "
               "secret key of at least 32 characters, truncated to 128 bits (32 hex characters), of the identifier "
               "in one spelling (e-mail in lower case, employee number without leading zeros). The key is kept "
               "outside the warehouse and the repository; without it a pseudonym cannot be traced back, and with "
               "it only by trying identifiers. The same key makes one person's records join across sources. Logins "
               "in the audit log are pseudonymised the same way under an identifier kind of their own, so they "
               "never join to learning data." + rotated_en),
        "de": ("Namen werden nie gespeichert. Jeder Kennzeichner einer Person (Personalnummer, E-Mail-Adresse, "
               "Konto) wird schon im Konnektor, bevor er den Datenbestand erreicht, durch ein schlüsselbasiertes "
               "Pseudonym ersetzt: HMAC-SHA256 mit einem geheimen Schlüssel von mindestens 32 Zeichen, gekürzt auf "
               "128 Bit (32 Hex-Zeichen), über den Kennzeichner in einer einheitlichen Schreibweise (E-Mail klein, "
               "Personalnummer ohne führende Nullen). Der Schlüssel liegt außerhalb des Datenbestands und des "
               "Repositorys; ohne ihn lässt sich ein Pseudonym nicht zurückverfolgen, mit ihm nur durch Ausprobieren "
               "von Kennzeichnern. Derselbe Schlüssel verbindet die Datensätze einer Person über Quellen hinweg. "
               "Anmeldungen im Zugriffsprotokoll werden ebenso pseudonymisiert, mit einer eigenen Kennzeichnerart, "
               "und lassen sich daher nie mit Lerndaten verknüpfen." + rotated_de),
    }
