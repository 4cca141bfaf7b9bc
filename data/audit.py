"""The audit log: who (a pseudonym of the login), in which role, when, looked at which page, metric, filters,
exported what, ran which command, or was refused.

    record(engine, login="anna@example.org", role="ld_lead", action="page", page="overview",
           filters={"period": "2026-Q3"})
    entries(engine, since=datetime(2026, 1, 1), role="ld_lead", action="export")

The login is pseudonymised here, with the warehouse's key ring and an identifier kind of its own ("login"), so
the audit log never holds a login in clear text and never joins to a person's learning data; whoever holds the
key can still check whether a given login appears (`entries(login=...)`). A login of None is the command line:
"os:<operating-system user>", pseudonymised the same way, channel "cli". Free text (detail) has URL passwords,
`...key=`/`...token=`/`...password=` values, the pseudonym keys and the warehouse password masked before it is
stored. Writing is one INSERT in its own short transaction: cheap enough for every page view.
"""

from __future__ import annotations

import getpass
import json
import os
import re
from datetime import date, datetime, time, timezone
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Engine, select
from sqlalchemy.engine import make_url

from data.meta import get_meta, is_demo, mark_demo, set_meta  # noqa: F401  (re-exported)
from data.pseudonyms import Pseudonymiser
from data.schema import audit_log
from data.settings import ConfigurationError, pseudonym_key

ACTIONS = ("page", "metric", "export", "command", "login", "retention", "rekey", "denied")
CHANNELS = ("dashboard", "cli")
DETAIL_LIMIT = 4000
MASK = "***"


def record(engine: Engine | Connection, *, login: str | None, role: str, action: str, page: str | None = None,
           metric: str | None = None, filters: dict | None = None, detail: str | None = None,
           channel: str | None = None, keys: bytes | None = None) -> None:
    """Append one entry. On a Connection it joins the caller's transaction (retention and rekey do).

    `keys`: the key ring to pseudonymise the login with, when it is not yet the configured one (rekey).
    """
    if action not in ACTIONS:
        raise ValueError(f"audit action {action!r} is not one of {', '.join(ACTIONS)}")
    channel = channel or ("cli" if login is None else "dashboard")
    if channel not in CHANNELS:
        raise ValueError(f"audit channel {channel!r} is not one of {', '.join(CHANNELS)}")
    values = {
        "at": datetime.now(timezone.utc).replace(tzinfo=None),
        "login": login_pseudonym(login, keys),
        "channel": channel,
        "role": str(role)[:32],
        "action": action,
        "page": page[:100] if page else None,
        "metric": metric[:32] if metric else None,
        "filters": json.dumps(_redacted(filters), sort_keys=True, ensure_ascii=False, default=str)
        if filters else None,
        "detail": redact(str(detail))[:DETAIL_LIMIT] if detail is not None else None,
    }
    if isinstance(engine, Connection):
        engine.execute(audit_log.insert().values(**values))
        return
    with engine.begin() as conn:
        conn.execute(audit_log.insert().values(**values))


def entries(engine: Engine | Connection, *, since: datetime | date | None = None,
            until: datetime | date | None = None, role: str | None = None, action: str | None = None,
            login: str | None = None, limit: int | None = 1000) -> list[dict]:
    """Entries newest first; `since` inclusive, `until` exclusive (UTC; a date means its midnight UTC).

    `login` filters by a clear-text login, pseudonymised like `record` does (None: no login filter).
    """
    query = select(audit_log).order_by(audit_log.c.at.desc(), audit_log.c.id.desc())
    if since is not None:
        query = query.where(audit_log.c.at >= _utc(since))
    if until is not None:
        query = query.where(audit_log.c.at < _utc(until))
    if role is not None:
        query = query.where(audit_log.c.role == role)
    if action is not None:
        query = query.where(audit_log.c.action == action)
    if login is not None:
        query = query.where(audit_log.c.login == login_pseudonym(login))
    if limit is not None:
        query = query.limit(limit)
    if isinstance(engine, Connection):
        rows = engine.execute(query).mappings().all()
    else:
        with engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
    return [{**row, "filters": json.loads(row["filters"]) if row["filters"] else None} for row in rows]


def login_pseudonym(login: str | None, keys: bytes | None = None) -> str:
    """The pseudonym the audit log stores for a login; None is the operating-system user of the command line."""
    text = f"os:{_os_user()}" if login is None else str(login)
    return _pseudonymiser(keys or pseudonym_key())("login", text)


@lru_cache(maxsize=4)
def _pseudonymiser(key: bytes) -> Pseudonymiser:
    return Pseudonymiser(key)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name (some containers): still one stable login
        return f"uid-{os.getuid()}" if hasattr(os, "getuid") else "unknown"


def _utc(moment: datetime | date) -> datetime:
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time())
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment


# -- secrets never in logs -------------------------------------------------------------------------

_URL_CREDENTIALS = re.compile(r"(\b[a-zA-Z][\w+.-]*://[^:/@\s]*):([^@\s/]+)@")
_SECRET_ASSIGNMENT = re.compile(r"(?i)([\w.-]*(?:password|passwd|pwd|secret|token|key)[\w.-]*\s*=\s*)"
                                r"(\"[^\"]*\"|'[^']*'|[^\s&,;\"'}\]]+)")


def mask_url(url: str) -> str:
    """A database or service URL with its password masked: postgresql://user:***@host/db."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return _URL_CREDENTIALS.sub(rf"\1:{MASK}@", url)


def redact(text: str) -> str:
    """Text with URL passwords, secret assignments, the pseudonym keys and the warehouse password masked."""
    text = _URL_CREDENTIALS.sub(rf"\1:{MASK}@", text)
    text = _SECRET_ASSIGNMENT.sub(lambda m: m.group(1) + MASK, text)
    for secret in _secrets():
        text = text.replace(secret, MASK)
    return text


def _redacted(value: Any) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {str(k): _redacted(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_redacted(v) for v in value]
    return value


def _secrets() -> list[str]:
    found = []
    try:
        found += [line.strip() for line in pseudonym_key().decode("utf-8").splitlines() if line.strip()]
    except (ConfigurationError, UnicodeDecodeError):
        pass
    for name in ("DIRIGENT_DB_URL", "DIRIGENT_TEST_POSTGRES_URL"):
        url = os.environ.get(name)
        if url:
            try:
                password = make_url(url).password
            except Exception:
                password = None
            if password and len(password) >= 4:
                found.append(str(password))
    return sorted(found, key=len, reverse=True)
