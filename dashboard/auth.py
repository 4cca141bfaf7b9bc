"""Who is using the dashboard, in which role, and whether this is the demo.

Decided on the server on every run, never from the URL:

- `[auth]` in `.streamlit/secrets.toml`: Streamlit's OIDC login (`st.login`). The role comes from the ID
  token claim named by DIRIGENT_ROLE_CLAIM (default `role`), else from the e-mail-to-role table in the
  TOML file DIRIGENT_ROLES_FILE (`[roles]` `"alice@corp.example" = "ld_lead"`); an account with neither is
  refused.
- no `[auth]`, and the warehouse is the demo warehouse (marked by the demo sync): demo mode, the role is
  chosen in the sidebar and every page says so.
- no `[auth]` on any other warehouse: nobody gets in; the page says how to configure login.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Mapping

import streamlit as st

from data.settings import ConfigurationError
from dashboard.i18n import LANGUAGES, t
from metrics import access

DEMO_DEFAULT_ROLE = "admin"  # the demo shows every page; the switcher narrows it to any role
ROLE_KEY = "_dirigent_session"  # set by the server on every run; no widget and no URL can write it
SWITCHER_KEY = "role"  # the demo's role switcher (a widget, so only in demo mode)


@dataclass(frozen=True)
class Session:
    """The person at the dashboard: how they got in, their role and the name the audit log records."""

    mode: str  # "login" or "demo"
    role: str
    login: str
    claims: Mapping[str, Any] = field(default_factory=dict)

    @property
    def demo(self) -> bool:
        return self.mode == "demo"


def role_claim() -> str:
    return os.environ.get("DIRIGENT_ROLE_CLAIM", "role") or "role"


def roles_table(path: str | None = None) -> dict[str, str]:
    """The e-mail-to-role table (lower-cased e-mails); empty when DIRIGENT_ROLES_FILE is not set."""
    path = path if path is not None else os.environ.get("DIRIGENT_ROLES_FILE", "")
    if not path:
        return {}
    file = Path(path)
    if not file.is_file():
        raise ConfigurationError(f"DIRIGENT_ROLES_FILE points to {file}, which does not exist.")
    try:
        table = tomllib.loads(file.read_text(encoding="utf-8")).get("roles", {})
    except tomllib.TOMLDecodeError as exc:
        raise ConfigurationError(f"{file} is not valid TOML: {exc}") from exc
    if not isinstance(table, dict):
        raise ConfigurationError(f"{file}: [roles] must be a table of \"e-mail\" = \"role\"")
    wrong = {email: role for email, role in table.items() if role not in access.ROLES}
    if wrong:
        raise ConfigurationError(f"{file}: unknown roles {wrong}; roles: {', '.join(access.ROLES)}")
    return {email.strip().lower(): role for email, role in table.items()}


def role_from_claims(claims: Mapping[str, Any], claim: str, table: Mapping[str, str]) -> str | None:
    """The role of a logged-in user: a valid role in the claim, else the table's entry for the e-mail, else None.

    The claim may be a string or a list (a groups claim); a list counts only when it names exactly one role."""
    value = claims.get(claim)
    if isinstance(value, str) and value in access.ROLES:
        return value
    if isinstance(value, (list, tuple)):
        named = {v for v in value if isinstance(v, str) and v in access.ROLES}
        if len(named) == 1:
            return named.pop()
    email = claims.get("email")
    if isinstance(email, str) and email.strip():
        return table.get(email.strip().lower())
    return None


def login_name(claims: Mapping[str, Any]) -> str:
    """How the audit log names a logged-in user: the e-mail, else the subject."""
    return str(claims.get("email") or claims.get("sub") or "unknown")


def login_detail(claims: Mapping[str, Any]) -> str | None:
    """What identifies one login: the ID token's issue time (a reload of the page keeps the same token)."""
    issued = claims.get("auth_time") or claims.get("iat")
    if not isinstance(issued, (int, float)):
        return None
    return f"id token issued {datetime.fromtimestamp(issued, timezone.utc):%Y-%m-%d %H:%M:%S} UTC"


def _last_login_detail(engine, login: str) -> str | None:
    from data.audit import entries

    newest = entries(engine, action="login", login=login, limit=1)
    return newest[0]["detail"] if newest else None


def auth_configured() -> bool:
    """Whether `.streamlit/secrets.toml` (or the files `secrets.files` names) has an [auth] section."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: Streamlit raises StreamlitSecretNotFoundError
        return False


def is_demo_warehouse(engine) -> bool:
    """The demo sync marks its warehouse; any other warehouse is real data."""
    try:
        from data.audit import get_meta
    except ImportError:
        return False
    try:
        return str(get_meta(engine, "demo") or "").lower() in ("1", "true", "yes")
    except Exception:  # an older warehouse without the table is not the demo
        return False


def current() -> Session | None:
    """The session app.py resolved on this run."""
    return st.session_state.get(ROLE_KEY)


def current_role() -> str | None:
    session = current()
    return session.role if session else None


def _language_choice() -> None:
    st.selectbox("Language · Sprache", list(LANGUAGES), format_func=LANGUAGES.get, key="language")


def _gate(title: str, text: str, icon: str) -> None:
    """A page in place of the dashboard (login, refusal, not configured); stops the run."""
    with st.sidebar:
        st.markdown("### Dirigent")
        _language_choice()
    st.title(title)
    st.info(text, icon=icon)


def resolve(engine, record) -> Session:
    """Who is here and in which role; draws a login, refusal or configuration page and stops when nobody may enter.

    `record(session_or_None, action, **details)` writes to the audit log."""
    if auth_configured():
        user = st.user.to_dict()
        if not user.get("is_logged_in"):
            _gate(t("auth_login_title"), t("auth_login_text"), ":material/login:")
            if st.button(t("auth_login_button"), type="primary", icon=":material/login:"):
                st.login()
            st.stop()
        try:
            role = role_from_claims(user, role_claim(), roles_table())
        except ConfigurationError as exc:
            _gate(t("auth_no_role_title"), t("auth_config_error", error=str(exc)), ":material/error:")
            st.stop()
        login = login_name(user)
        if role is None:
            if not st.session_state.get("_refusal_recorded"):
                st.session_state["_refusal_recorded"] = True
                record(Session("login", "", login), "denied", detail="account has no Dirigent role")
            _gate(t("auth_no_role_title"), t("auth_no_role_text", login=login, claim=role_claim()),
                  ":material/block:")
            st.button(t("auth_logout"), on_click=st.logout, icon=":material/logout:")
            st.stop()
        session = Session("login", role, login, {k: v for k, v in user.items() if k != "tokens"})
        if st.session_state.get("_login_recorded") != (login, role):
            st.session_state["_login_recorded"] = (login, role)
            detail = login_detail(user)
            if not detail or detail != _last_login_detail(engine, login):  # a reload is not a new login
                record(session, "login", detail=detail)
        return session
    if is_demo_warehouse(engine):
        role = st.session_state.get(SWITCHER_KEY)
        return Session("demo", role if role in access.ROLES else DEMO_DEFAULT_ROLE, "demo")
    _gate(t("auth_not_configured_title"), t("auth_not_configured_text"), ":material/lock:")
    st.stop()


def role_switcher() -> str:
    """The demo's role switcher (sidebar); only app.py calls it, only in demo mode."""
    st.session_state.setdefault(SWITCHER_KEY, DEMO_DEFAULT_ROLE)
    if st.session_state[SWITCHER_KEY] not in access.ROLES:
        st.session_state[SWITCHER_KEY] = DEMO_DEFAULT_ROLE
    return st.selectbox(t("auth_demo_role"), access.ROLES, key=SWITCHER_KEY, format_func=lambda r: t(f"role_{r}"),
                        help=t("auth_demo_role_help"))


def user_box(session: Session) -> None:
    """Sidebar: who is logged in, in which role, and a logout button."""
    if session.demo:
        return
    st.caption(t("auth_logged_in", login=session.login, role=t(f"role_{session.role}")))
    st.button(t("auth_logout"), on_click=st.logout, icon=":material/logout:", type="tertiary")
