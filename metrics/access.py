"""Who may see what: the four roles, their pages, metrics and exports, and the minimum group size each gets.

This is the one policy; the dashboard (pages, figures, downloads) and the command line (`python -m metrics
show --role`) both ask it, on the server, so no URL or query parameter can reach past it.
"""

from __future__ import annotations

from dataclasses import dataclass

from data.settings import Settings, works_council_min_group_size

ROLES = ("ld_lead", "works_council", "executive", "admin")
ALL_PAGES = ("overview", "participation", "network", "skills", "companionship", "ecosystem", "works_council",
             "quarterly_review", "data_health", "audit_log", "data_inventory")
HEADLINE = ("P1", "P2", "P3", "P5", "P6", "N1", "N2", "N5", "S3", "C3", "Q")
EXPORTS = ("csv", "deck", "audit")


class AccessDenied(PermissionError):
    """The role may not have this page, metric, export or command; the message names the role and what it may."""


@dataclass(frozen=True)
class Role:
    name: str
    pages: tuple[str, ...]
    metrics: tuple[str, ...] | None  # None: the whole catalogue
    exports: tuple[str, ...]

    def may_see_metric(self, metric_id: str) -> bool:
        return self.metrics is None or metric_id.upper() in self.metrics


POLICY: dict[str, Role] = {
    # The orchestrator: every monitoring page and metric, never the audit log of other users.
    "ld_lead": Role("ld_lead", ("overview", "participation", "network", "skills", "companionship", "ecosystem",
                                "quarterly_review", "data_health", "data_inventory"), None, ("csv", "deck")),
    # Fairness of access, what is held and who looked: statistics about groups, with its own (higher) k.
    "works_council": Role("works_council", ("overview", "participation", "works_council", "audit_log",
                                            "data_inventory"),
                          ("P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9", "P10", "N1", "N2", "C1", "C2",
                           "C3", "C4", "C5"), ("csv", "audit")),
    # The quarter in one screen: headline metrics only, and S4's skills at risk for the deck (an aggregate about
    # skills over the whole in-scope population, not about people).
    "executive": Role("executive", ("overview", "quarterly_review"), HEADLINE + ("S4",), ("csv", "deck")),
    "admin": Role("admin", ALL_PAGES, None, ("csv", "deck", "audit")),
}


def role(name: str | None) -> Role:
    if name not in POLICY:
        raise AccessDenied(f"'{name}' is not a role; roles: {', '.join(ROLES)}")
    return POLICY[name]


def check_page(role_name: str, page: str) -> None:
    if page not in role(role_name).pages:
        raise AccessDenied(f"the role {role_name} may not open the page '{page}'")


def check_metric(role_name: str, metric_id: str) -> None:
    granted = role(role_name)
    if not granted.may_see_metric(metric_id):
        raise AccessDenied(f"the role {role_name} may not see {metric_id.upper()}; it may see: "
                           f"{', '.join(granted.metrics or ())}")


def check_export(role_name: str, export: str) -> None:
    if export not in role(role_name).exports:
        raise AccessDenied(f"the role {role_name} may not export '{export}'")


def min_group_size(settings: Settings, role_name: str | None) -> int:
    """k for the role: the setting, or the works council's own when that is higher."""
    return works_council_min_group_size(settings) if role_name == "works_council" else settings.min_group_size
