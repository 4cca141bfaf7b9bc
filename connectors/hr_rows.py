"""One HR people row (canonical field -> text) to a pseudonymous person version and its identities."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from connectors.base import redacted
from connectors.csv_files import FieldError, parse_date, parse_decimal
from connectors.hr_org import OrgTree
from connectors.hr_presets import (
    ALPHA3_TO_ALPHA2,
    CANONICAL_EMPLOYMENT_TYPES,
    EMPLOYMENT_TYPES,
    GENDERS,
    NO_MANAGER,
    OPEN_END,
)
from data.loading import Row
from data.pseudonyms import Pseudonymiser
from data.schema import person_identities, person_versions

TEXT_FIELDS = ("location", "job_family", "role", "org_unit_id", "age_band", "job_code", "cost_center")
LENGTHS = {name: person_versions.c[name].type.length for name in TEXT_FIELDS}
IDENTIFIERS = (("employee_no", "employee_no"), ("email", "email"), ("manager_id", "employee_no"))


@dataclass(frozen=True)
class RowRules:
    """How a source writes its values: set once per source from its preset and settings."""

    employment_types: dict[str, str]
    fte_unit: str
    columns: dict[str, str]  # canonical field -> header, for messages
    date_format: str | None
    max_future_hire_days: int


class PersonMapper:
    """Maps people rows of one source; identifiers are pseudonymised before anything leaves it."""

    def __init__(self, source: str, pseudonymise: Pseudonymiser, rules: RowRules, org: OrgTree | None):
        self.source, self.pseudonymise, self.rules, self.org = source, pseudonymise, rules, org

    def person_id(self, v: dict) -> str | None:
        return self.pseudonymise("employee_no", v["employee_no"]) if v.get("employee_no") else None

    def redact(self, v: dict) -> str:
        """The row as quarantine may keep it: identifiers pseudonymised."""
        safe = dict(v)
        for field, kind in IDENTIFIERS:
            if safe.get(field):
                safe[field] = "pseudonym:" + self.pseudonymise(kind, safe[field])
        return redacted(safe)

    def date(self, v: dict, field: str) -> date | None:
        day = parse_date(v.get(field, ""), field, self.rules.date_format)
        return None if day is not None and day.year >= OPEN_END else day

    def map(self, v: dict, reference_day: date) -> tuple[str, dict, tuple[Row, ...]]:
        """(person id, person_versions values without valid_from/valid_to, identity rows); FieldError if unusable."""
        person_id = self.person_id(v)
        if person_id is None:
            raise FieldError(f"{self.rules.columns.get('employee_no', 'employee_no')} (employee_no) is empty")
        hire = self.date(v, "hire_date")
        if hire is None:
            raise FieldError("hire_date is empty")
        if hire > reference_day + timedelta(days=self.rules.max_future_hire_days):
            raise FieldError(f"hire_date {hire:%d.%m.%Y} lies more than {self.rules.max_future_hire_days} days after "
                             f"{reference_day:%d.%m.%Y}; a typo? (future joiners within that are kept: "
                             "setting max_future_hire_days)")
        exit_ = self.date(v, "exit_date")
        if exit_ and exit_ < hire:
            raise FieldError(f"exit_date {exit_:%d.%m.%Y} is before hire_date {hire:%d.%m.%Y}")
        fte = self._fte(v.get("fte", ""))
        values = {
            "person_id": person_id, "hire_date": hire, "exit_date": exit_, "fte": fte,
            "employment_type": self._employment_type(v.get("employment_type", ""), fte),
            "country": self._country(v.get("country", "")), "gender": self._gender(v.get("gender", "")),
            **{name: self._text(v, name) for name in TEXT_FIELDS},
            "manager_id": self._manager(v, person_id), "source": self.source,
        }
        return person_id, values, self._identities(v, person_id)

    def _fte(self, text: str) -> float:
        column = self.rules.columns.get("fte", "fte")
        if not text:
            raise FieldError(f"fte (column '{column}') is empty")
        if self.rules.fte_unit == "percent":
            percent = parse_decimal(text.replace("%", ""), "fte")
            if not 0 < percent <= 100:
                raise FieldError(f"fte {text} is outside (0, 100] (column '{column}' holds a percentage)")
            return round(percent / 100, 6)
        fte = parse_decimal(text, "fte")
        if not 0 < fte <= 1.0:
            raise FieldError(f"fte {text} is outside (0, 1]")
        return fte

    def _employment_type(self, text: str, fte: float) -> str:
        if not text:
            # No time type exported (Workday's worker type says regular/temporary, not part-time): FTE decides.
            return "full_time" if fte >= 1.0 else "part_time"
        key = text.strip().lower()
        found = self.rules.employment_types.get(key) or EMPLOYMENT_TYPES.get(key)
        if found is None:
            raise FieldError(f"employment_type '{text}' is not one of Vollzeit, Teilzeit, Werkstudent, Auszubildende "
                             "(or English); map your codes in [source.employment_types]")
        return found

    def _country(self, text: str) -> str | None:
        code = text.strip().upper()
        if not code:
            return None
        if len(code) == 3 and code in ALPHA3_TO_ALPHA2:
            return ALPHA3_TO_ALPHA2[code]
        if len(code) != 2 or not code.isalpha():
            raise FieldError(f"country '{text}' is not an ISO 3166 two-letter code (or three-letter code)")
        return code

    @staticmethod
    def _gender(text: str) -> str | None:
        key = text.strip().lower()
        if key and key not in GENDERS:
            raise FieldError(f"gender '{text}' is not one of w, m, d (or empty)")
        return GENDERS.get(key)

    @staticmethod
    def _text(v: dict, name: str) -> str | None:
        text = v.get(name) or None
        if text is not None and len(text) > LENGTHS[name]:
            raise FieldError(f"{name} is longer than {LENGTHS[name]} characters")
        return text

    def _manager(self, v: dict, person_id: str) -> str | None:
        raw = v.get("manager_id", "")
        if raw and raw.strip().lower() not in NO_MANAGER:
            return self.pseudonymise("employee_no", raw)
        if self.org is not None and not raw:
            return self.org.manager_of(v.get("org_unit_id"), person_id)
        return None

    def _identities(self, v: dict, person_id: str) -> tuple[Row, ...]:
        rows = [Row(person_identities, {"identity_id": person_id, "person_id": person_id,
                                        "kind": "employee_no", "source": self.source})]
        if v.get("email"):
            if "@" not in v["email"]:
                raise FieldError("email has no '@'")
            rows.append(Row(person_identities, {"identity_id": self.pseudonymise("email", v["email"]),
                                                "person_id": person_id, "kind": "email", "source": self.source}))
        return tuple(rows)


def check_employment_types(mapping: dict) -> list[str]:
    """Problems with a [source.employment_types] table: every value must be a canonical type."""
    return [f"'{k}' = '{v}'" for k, v in mapping.items() if v not in CANONICAL_EMPLOYMENT_TYPES]
