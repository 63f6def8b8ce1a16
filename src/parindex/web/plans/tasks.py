"""The plan's PDF, made by LibreOffice in a background worker rather than in the request.

The file goes to the default storage (local disk or the shared S3 bucket) under the task's
id; the task returns its name, or the code of the reason there is none.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django_tasks import TaskContext, task

from parindex.documents.convert import LibreOfficeMissing, docx_to_pdf
from parindex.documents.plan_docx import plan_docx
from parindex.web.plans import services
from parindex.web.plans.models import Plan

# LibreOffice's own time limit (documents.convert) and the Word document before it.
PDF_LIMIT = datetime.timedelta(seconds=180)


def pdf_name(plan_id: int, task_id: str) -> str:
    return f"generated/plans/{plan_id}/{task_id}.pdf"


@task(takes_context=True)
def plan_pdf(context: TaskContext, plan_id: int) -> dict[str, Any]:
    """Render the plan's current version as PDF; ``{"name": …}`` or ``{"error": code}``."""
    plan = Plan.objects.get(pk=plan_id)
    word = plan_docx(services.plan_current(plan))
    try:
        pdf = docx_to_pdf(word)
    except LibreOfficeMissing:
        return {"error": "libreoffice_missing"}
    name = default_storage.save(pdf_name(plan_id, str(context.task_result.id)), ContentFile(pdf))
    return {"name": name}
