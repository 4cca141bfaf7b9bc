"""Settings read from the environment, with the defaults a new user needs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = PROJECT_ROOT / "data" / "dirigent.db"
MIN_GROUP_SIZE_FLOOR = 5
LANGUAGES = ("en", "de")


class ConfigurationError(RuntimeError):
    """A setting is missing or wrong; the message says which and what to do."""


@dataclass(frozen=True)
class Settings:
    db_url: str
    timezone: str
    min_group_size: int
    language: str = "en"  # the dashboard's default language until a user picks one

    @classmethod
    def from_env(cls) -> "Settings":
        k = int(os.environ.get("DIRIGENT_MIN_GROUP_SIZE", "10"))
        if k < MIN_GROUP_SIZE_FLOOR:
            raise ConfigurationError(
                f"DIRIGENT_MIN_GROUP_SIZE={k} is below the floor of {MIN_GROUP_SIZE_FLOOR}; "
                f"set it to {MIN_GROUP_SIZE_FLOOR} or more."
            )
        language = os.environ.get("DIRIGENT_LANGUAGE", "en")
        if language not in LANGUAGES:
            raise ConfigurationError(f"DIRIGENT_LANGUAGE={language} is not supported; set it to en or de.")
        return cls(
            db_url=os.environ.get("DIRIGENT_DB_URL") or f"sqlite:///{DEFAULT_DB_PATH}",
            timezone=os.environ.get("DIRIGENT_TIMEZONE", "Europe/Berlin"),
            min_group_size=k,
            language=language,
        )


def pseudonym_key() -> bytes:
    """The HMAC key for pseudonyms: DIRIGENT_PSEUDONYM_KEY, or the file DIRIGENT_PSEUDONYM_KEY_FILE names.

    After a key rotation the value is a key ring: one key per line, oldest first (see data/pseudonyms.py);
    `Pseudonymiser` takes the value as it is.
    """
    value, where = _key_text()
    if len(value) < 32:
        raise ConfigurationError(
            "No pseudonymisation key: set DIRIGENT_PSEUDONYM_KEY (at least 32 characters, e.g. "
            "`python -c 'import secrets; print(secrets.token_hex(32))'`) or DIRIGENT_PSEUDONYM_KEY_FILE. "
            "Keep it out of git; the same key must be used for every sync so pseudonyms join across sources."
        )
    lines = [line.strip() for line in value.splitlines() if line.strip()]
    if len(lines) > 1:
        for position, line in enumerate(lines, 1):
            if len(line) < 32:
                raise ConfigurationError(
                    f"{where} holds a key ring of {len(lines)} keys (one per line), and key {position} is "
                    "shorter than 32 characters; each line must be a whole key (oldest first)."
                )
    return value.encode("utf-8")


def pseudonym_keys() -> list[bytes]:
    """The key ring, oldest first: one key for a warehouse that was never re-keyed."""
    from data.pseudonyms import split_ring

    return split_ring(pseudonym_key())


@dataclass(frozen=True)
class KeySource:
    """Where the key comes from: the environment variable, or a file (which `rekey` may append to)."""

    variable: str  # DIRIGENT_PSEUDONYM_KEY or DIRIGENT_PSEUDONYM_KEY_FILE
    path: Path | None = None


def pseudonym_key_source() -> KeySource:
    if os.environ.get("DIRIGENT_PSEUDONYM_KEY", ""):
        return KeySource("DIRIGENT_PSEUDONYM_KEY")
    key_file = os.environ.get("DIRIGENT_PSEUDONYM_KEY_FILE", "")
    return KeySource("DIRIGENT_PSEUDONYM_KEY_FILE", Path(key_file) if key_file else None)


def _key_text() -> tuple[str, str]:
    value = os.environ.get("DIRIGENT_PSEUDONYM_KEY", "")
    key_file = os.environ.get("DIRIGENT_PSEUDONYM_KEY_FILE", "")
    if value:
        return value.strip(), "DIRIGENT_PSEUDONYM_KEY"
    if key_file:
        path = Path(key_file)
        if not path.is_file():
            raise ConfigurationError(
                f"DIRIGENT_PSEUDONYM_KEY_FILE points to {path}, which does not exist."
            )
        return path.read_text(encoding="utf-8").strip(), f"DIRIGENT_PSEUDONYM_KEY_FILE ({path})"
    return "", "DIRIGENT_PSEUDONYM_KEY"


# -- retention --------------------------------------------------------------------------------------

DEFAULT_RETENTION_MONTHS = 24  # the quarterly review compares with a year before: keep at least 15
# What retention deletes, each with its own optional setting DIRIGENT_RETENTION_MONTHS_<NAME>:
# person-level facts by their date, people who left (person versions and identities) by exit date,
# quarantined raw records by the day they were quarantined, the audit log by its time.
RETENTION_TABLES = ("events", "enrolments", "feedback", "people", "quarantine", "audit_log")
NEVER = "never"


def retention_months() -> dict[str, int | None]:
    """Months each kind of data is kept; None: kept until deleted by hand (the setting says `never`)."""
    default = _months("DIRIGENT_RETENTION_MONTHS", str(DEFAULT_RETENTION_MONTHS))
    result = {}
    for name in RETENTION_TABLES:
        variable = f"DIRIGENT_RETENTION_MONTHS_{name.upper()}"
        result[name] = _months(variable, None) if os.environ.get(variable, "").strip() else default
    return result


def _months(variable: str, fallback: str | None) -> int | None:
    text = (os.environ.get(variable) or fallback or "").strip().lower()
    if text == NEVER:
        return None
    try:
        months = int(text)
    except ValueError:
        months = 0
    if months < 1:
        raise ConfigurationError(f"{variable}={text!r} is not a number of months; set it to a whole number "
                                 f"of 1 or more (e.g. {DEFAULT_RETENTION_MONTHS}), or to '{NEVER}'.")
    return months


# -- who may see what -------------------------------------------------------------------------------

def works_council_min_group_size(settings: Settings) -> int:
    """The works council's k: DIRIGENT_WORKS_COUNCIL_MIN_GROUP_SIZE, which may raise k but never lower it."""
    text = os.environ.get("DIRIGENT_WORKS_COUNCIL_MIN_GROUP_SIZE")
    if not text:
        return settings.min_group_size
    try:
        value = int(text)
    except ValueError:
        raise ConfigurationError(f"DIRIGENT_WORKS_COUNCIL_MIN_GROUP_SIZE={text!r} is not a whole number; set it "
                                 f"to {settings.min_group_size} or more.") from None
    if value < settings.min_group_size:
        raise ConfigurationError(f"DIRIGENT_WORKS_COUNCIL_MIN_GROUP_SIZE={value} is below "
                                 f"DIRIGENT_MIN_GROUP_SIZE={settings.min_group_size}; the works council's k "
                                 "can only be raised")
    return value


# -- purpose ----------------------------------------------------------------------------------------

DEFAULT_PURPOSE = {
    "en": (
        "Dirigent shows how the organisation's learning ecosystem works as a whole: participation in formal, "
        "peer, coaching and circle learning, how knowledge flows between people and units, and how well "
        "learning covers the skills that roles require. It serves the planning of learning offers and of the "
        "platforms that carry them. It reports on groups of at least k people only; it is not used, and must "
        "not be used, to monitor or assess the performance or behaviour of individual employees."
    ),
    "de": (
        "Dirigent zeigt, wie das Lernökosystem der Organisation als Ganzes wirkt: die Beteiligung an formalem "
        "Lernen, Lernen von Kolleg:innen, Lernbegleitung und Lernkreisen, wie Wissen zwischen Menschen und "
        "Einheiten fließt und wie gut das Lernen die Kompetenzen abdeckt, die Rollen verlangen. Es dient der "
        "Planung von Lernangeboten und der Plattformen, die sie tragen. Es berichtet nur über Gruppen von "
        "mindestens k Personen; es wird nicht zur Überwachung oder Leistungs- oder Verhaltenskontrolle "
        "einzelner Beschäftigter verwendet und darf dafür nicht verwendet werden."
    ),
}


def purpose_statement(language: str = "en") -> str:
    """The purpose of the processing: DIRIGENT_PURPOSE, the file DIRIGENT_PURPOSE_FILE, or the default text.

    A file may hold one text, or a text per language in sections headed `[en]` and `[de]`.
    """
    if language not in LANGUAGES:
        raise ConfigurationError(f"language {language!r} is not supported; use en or de.")
    text = os.environ.get("DIRIGENT_PURPOSE", "").strip()
    if text:
        return text
    purpose_file = os.environ.get("DIRIGENT_PURPOSE_FILE", "")
    if purpose_file:
        path = Path(purpose_file)
        if not path.is_file():
            raise ConfigurationError(f"DIRIGENT_PURPOSE_FILE points to {path}, which does not exist; write the "
                                     "purpose statement there or unset the variable for the default text.")
        content = path.read_text(encoding="utf-8")
        sections = _sections(content)
        chosen = sections.get(language) or sections.get("en") or sections.get("") or ""
        if not chosen.strip():
            raise ConfigurationError(f"DIRIGENT_PURPOSE_FILE ({path}) holds no purpose statement.")
        return chosen.strip()
    return DEFAULT_PURPOSE[language]


def _sections(content: str) -> dict[str, str]:
    sections: dict[str, list[str]] = {"": []}
    current = ""
    for line in content.splitlines():
        header = line.strip()
        if header in (f"[{lang}]" for lang in LANGUAGES):
            current = header[1:-1]
            sections[current] = []
            continue
        sections[current].append(line)
    return {name: "\n".join(lines).strip() for name, lines in sections.items() if "\n".join(lines).strip()}
