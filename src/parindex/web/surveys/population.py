"""Which dossiers of the log belong to which service of the questionnaire.

The questionnaire's services are procedure *groups* (``ho_tich``, ``dat_dai``…) while the
dossier log records a procedure code and a field (lĩnh vực) per dossier. A service map says,
per service, the fields and procedure codes it covers, and which service takes the rest:

    {"services": {"ho_tich": {"fields": ["Hộ tịch"], "procedures": []}, ...}, "rest": "khac"}

A procedure code is more specific than a field, so it wins; a field or code may belong to one
service only. Matching ignores case, accents are kept, spaces are collapsed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# The shipped SIPAS form's services, mapped to the fields of the national procedure database
# (and the shorter names provincial one-stop software uses). Documented in docs/sipas.md.
SIPAS_DEFAULT: dict[str, Any] = {
    "services": {
        "ho_tich": {"fields": ["Hộ tịch"], "procedures": []},
        "chung_thuc": {"fields": ["Chứng thực"], "procedures": []},
        "dat_dai": {"fields": ["Đất đai"], "procedures": []},
        "xay_dung": {"fields": ["Xây dựng", "Hoạt động xây dựng"], "procedures": []},
        "dang_ky_kinh_doanh": {
            "fields": [
                "Đăng ký kinh doanh",
                "Đăng ký doanh nghiệp",
                "Thành lập và hoạt động doanh nghiệp",
                "Thành lập và hoạt động của hộ kinh doanh",
            ],
            "procedures": [],
        },
    },
    "rest": "khac",
}


class MapError(Exception):
    """A service map that cannot be used; ``code`` and ``value`` say why."""

    def __init__(self, code: str, value: str = "") -> None:
        self.code = code
        self.value = value
        super().__init__(code, value)


def norm(text: object) -> str:
    """The matching key of a field name or procedure code."""
    return " ".join(unicodedata.normalize("NFC", str(text or "")).split()).casefold()


def default_map(service_codes: Iterable[str]) -> dict[str, Any]:
    """The shipped default restricted to the services a form has (any form, same codes)."""
    codes = list(service_codes)
    services = {
        code: {"fields": list(v["fields"]), "procedures": list(v["procedures"])}
        for code, v in SIPAS_DEFAULT["services"].items()
        if code in codes
    }
    rest = SIPAS_DEFAULT["rest"] if SIPAS_DEFAULT["rest"] in codes else ""
    return {"services": services, "rest": rest}


def _clean(values: Iterable[object]) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for v in values:
        text = " ".join(unicodedata.normalize("NFC", str(v)).split())
        if text and norm(text) not in seen:
            seen.add(norm(text))
            out.append(text)
    return out


def validate(raw: Mapping[str, Any], service_codes: Iterable[str]) -> dict[str, Any]:
    """A clean copy of ``raw``; raises ``MapError`` (unknown_service, duplicate_field,
    duplicate_procedure)."""
    codes = list(service_codes)
    services: dict[str, dict[str, list[str]]] = {}
    owner: dict[tuple[str, str], str] = {}
    for code, entry in (raw.get("services") or {}).items():
        if code not in codes:
            raise MapError("unknown_service", code)
        fields = _clean(entry.get("fields") or ())
        procedures = _clean(entry.get("procedures") or ())
        for kind, values in (("field", fields), ("procedure", procedures)):
            for v in values:
                if (kind, norm(v)) in owner:
                    raise MapError(f"duplicate_{kind}", v)
                owner[(kind, norm(v))] = code
        if fields or procedures:
            services[code] = {"fields": fields, "procedures": procedures}
    rest = str(raw.get("rest") or "")
    if rest and rest not in codes:
        raise MapError("unknown_service", rest)
    return {"services": services, "rest": rest}


@dataclass(frozen=True)
class Matcher:
    """Assigns a dossier (field, procedure code) to a service code, or '' when none."""

    by_procedure: dict[str, str]
    by_field: dict[str, str]
    rest: str

    @classmethod
    def of(cls, service_map: Mapping[str, Any]) -> Matcher:
        by_procedure: dict[str, str] = {}
        by_field: dict[str, str] = {}
        for code, entry in (service_map.get("services") or {}).items():
            by_procedure.update({norm(p): code for p in entry.get("procedures") or ()})
            by_field.update({norm(f): code for f in entry.get("fields") or ()})
        return cls(by_procedure, by_field, str(service_map.get("rest") or ""))

    def service(self, field: object, procedure: object) -> str:
        return self.by_procedure.get(norm(procedure)) or self.by_field.get(norm(field)) or self.rest


def populations(
    rows: Iterable[Mapping[str, Any]],
    agencies: Mapping[str, Iterable[str]],
    service_map: Mapping[str, Any],
) -> tuple[dict[str, int], dict[tuple[str, str], int]]:
    """Dossiers per unit and per (unit, service) from log rows.

    ``rows`` carry ``agency_code``, ``agency_name``, ``field``, ``procedure_code`` and
    ``count``; ``agencies`` gives each survey unit its agency codes (or names) in the log. A
    unit none of whose agencies appears is left out; a dossier no service takes counts only in
    its unit's total.
    """
    matcher = Matcher.of(service_map)
    unit_of: dict[str, str] = {}
    for survey_unit, codes in agencies.items():
        for c in codes:
            if norm(c):
                unit_of.setdefault(norm(c), survey_unit)
    totals: dict[str, int] = {}
    cells: dict[tuple[str, str], int] = {}
    for row in rows:
        code, name = norm(row.get("agency_code")), norm(row.get("agency_name"))
        unit = unit_of.get(code) or unit_of.get(name)
        if unit is None:
            continue
        n = int(row.get("count") or 0)
        totals[unit] = totals.get(unit, 0) + n
        service = matcher.service(row.get("field"), row.get("procedure_code"))
        if service:
            cells[(unit, service)] = cells.get((unit, service), 0) + n
    return totals, cells
