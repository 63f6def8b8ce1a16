"""The committed Word templates are what build_templates.py builds."""

from __future__ import annotations

import io
import zipfile

from docxtpl import DocxTemplate

from parindex.documents.templates.build_templates import (
    PLAN_TEMPLATE,
    build_plan_template,
    normalized_bytes,
)


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_committed_plan_template_is_up_to_date() -> None:
    built = _members(normalized_bytes(build_plan_template()))
    committed = _members(PLAN_TEMPLATE.read_bytes())
    assert sorted(built) == sorted(committed)
    stale = [name for name in built if built[name] != committed[name]]
    assert stale == [], (
        "plan.docx is stale: run python -m parindex.documents.templates.build_templates"
    )


def test_build_is_reproducible_to_the_byte() -> None:
    assert normalized_bytes(build_plan_template()) == normalized_bytes(build_plan_template())


def test_template_declares_the_variables_the_renderer_fills() -> None:
    variables = DxtVariables.of_plan_template()
    assert {"issuer", "number", "areas", "duties", "recipients", "signatory"} <= variables


class DxtVariables:
    """The undeclared Jinja variables of a docxtpl template."""

    @staticmethod
    def of_plan_template() -> set[str]:
        return set(DocxTemplate(str(PLAN_TEMPLATE)).get_undeclared_template_variables())
