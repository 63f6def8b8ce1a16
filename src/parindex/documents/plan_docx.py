"""Render an improvement plan to Word through an editable docxtpl template."""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate

from parindex.documents.formats import day_text, deadline_text, month_text, points_text
from parindex.plans.model import Measure, Plan, PlanArea, Target
from parindex.presentation.numbers import fmt_target, kind_of_unit
from parindex.presentation.text import lowercase_first, measure_title, phrase

TEMPLATES = Path(__file__).parent / "templates"
PLAN_TEMPLATE = TEMPLATES / "plan.docx"
BLANK = "\u00a0" * 6  # room to write the number or day by hand, kept by Word and LibreOffice


def measure_text(measure: Measure, lang: str = "vi") -> str:
    """'Tỷ lệ hồ sơ giải quyết đúng hạn ≥ 99,00%' (the decimal mark of ``lang``)."""
    name = measure_title(measure.name, measure.title, lang=lang)
    kind = kind_of_unit(measure.unit)
    return f"{name} {fmt_target(measure.op, measure.value, kind, lang, unit=measure.unit)}"


def _target(target: Target) -> dict[str, Any]:
    return {
        "code": target.code,
        "title": target.title,
        "max": points_text(target.max),
        "base_score": points_text(target.base_score),
        "points": points_text(target.points),
        "measures": [{"text": measure_text(m)} for m in target.measures],
        "lead": target.lead,
    }


def _area(area: PlanArea) -> dict[str, Any]:
    return {
        "code": area.code,
        "title": area.title,
        "summary": area.summary,
        "self_score": points_text(area.self_score),
        "self_max": points_text(area.self_max),
        "lost": list(area.lost),
        "notes": list(area.notes),
        "goal": area.goal,
        "contents": [{"text": c.text, "subitems": list(c.items)} for c in area.contents],
        "leads": [{"agency": lead.agency, "scope": lead.scope} for lead in area.leads],
        "lead_names": "; ".join(lead.agency for lead in area.leads),
        "coordinating": area.coordinating,
        "targets": [_target(t) for t in area.targets],
    }


def plan_context(plan: Plan) -> dict[str, Any]:
    """Everything a plan template may use: texts as they are, numbers in Vietnamese format."""
    issued: date | None = plan.date
    return {
        "unit": lowercase_first(plan.unit),
        "unit_name": plan.unit,
        "year": plan.year,
        "base_year": plan.base_year,
        "framework": plan.framework,
        "basis": plan.basis,
        "basis_heading": phrase(f"heading_{plan.basis}"),
        "self_score": points_text(plan.self_score),
        "self_max": points_text(plan.self_max),
        "issuer": list(plan.issuer),
        "number": plan.number or BLANK,
        "symbol": plan.symbol,
        "place": plan.place,
        "day": day_text(issued) if issued else BLANK,
        "month": month_text(issued) if issued else BLANK,
        "issue_year": issued.year if issued else plan.year,
        "title": plan.title,
        "subtitle": plan.subtitle,
        "preamble": list(plan.preamble),
        "purpose": list(plan.purpose),
        "requirements": list(plan.requirements),
        "areas": [_area(a) for a in plan.areas],
        "duties": [{"heading": d.heading, "paragraphs": list(d.items)} for d in plan.duties],
        "annex_note": plan.annex_note,
        "closing": plan.closing,
        "recipients": list(plan.recipients),
        "signature_capacity": plan.signature_capacity,
        "signature_title": plan.signature_title,
        "signatory": plan.signatory,
        "tasks": [
            {
                "text": task.text,
                "lead": task.lead,
                "area": area.code,
                "deadline": deadline_text(task.deadline),
            }
            for area, task in plan.tasks()
        ],
    }


def render_docx(template: Path | str, context: Mapping[str, Any]) -> bytes:
    """Fill a docxtpl template (XML-escaping every value) and return the .docx bytes."""
    doc = DocxTemplate(str(template))
    doc.render(dict(context), autoescape=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def plan_docx(plan: Plan, template: Path | str | None = None) -> bytes:
    """The plan as a Word document in the official format (default or a province's template)."""
    return render_docx(template or PLAN_TEMPLATE, plan_context(plan))
