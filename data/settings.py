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
    """The HMAC key for pseudonyms: DIRIGENT_PSEUDONYM_KEY, or the file DIRIGENT_PSEUDONYM_KEY_FILE names."""
    value = os.environ.get("DIRIGENT_PSEUDONYM_KEY", "")
    key_file = os.environ.get("DIRIGENT_PSEUDONYM_KEY_FILE", "")
    if not value and key_file:
        path = Path(key_file)
        if not path.is_file():
            raise ConfigurationError(
                f"DIRIGENT_PSEUDONYM_KEY_FILE points to {path}, which does not exist."
            )
        value = path.read_text(encoding="utf-8").strip()
    if len(value) < 32:
        raise ConfigurationError(
            "No pseudonymisation key: set DIRIGENT_PSEUDONYM_KEY (at least 32 characters, e.g. "
            "`python -c 'import secrets; print(secrets.token_hex(32))'`) or DIRIGENT_PSEUDONYM_KEY_FILE. "
            "Keep it out of git; the same key must be used for every sync so pseudonyms join across sources."
        )
    return value.encode("utf-8")
