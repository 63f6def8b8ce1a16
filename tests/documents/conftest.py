from __future__ import annotations

import io

import docx
import pytest
from docx.document import Document

from parindex import frameworks
from parindex.core.assessment import load_assessment
from parindex.demo import LAO_CAI_2020
from parindex.documents.plan_docx import plan_docx
from parindex.plans import Plan, plan_from_assessment


@pytest.fixture(scope="session")
def plan() -> Plan:
    """The secretariat's draft 2021 plan from Lào Cai's 2020 self-assessment."""
    data = load_assessment(LAO_CAI_2020.read_text(encoding="utf-8"), LAO_CAI_2020.name)
    return plan_from_assessment(data, frameworks.find(data.framework))


@pytest.fixture(scope="session")
def plan_bytes(plan: Plan) -> bytes:
    return plan_docx(plan)


@pytest.fixture(scope="session")
def document(plan_bytes: bytes) -> Document:
    return docx.Document(io.BytesIO(plan_bytes))


@pytest.fixture(scope="session")
def paragraphs(document: Document) -> list[str]:
    """The body's paragraph texts, in order (tables apart)."""
    return [p.text for p in document.paragraphs]
