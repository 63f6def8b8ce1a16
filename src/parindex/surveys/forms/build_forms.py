"""Build the shipped XLSForm workbooks from their YAML sources.

Run ``python -m parindex.surveys.forms.build_forms`` after editing a ``*.yaml`` here; a test
fails while a workbook is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

from parindex.surveys.model import DEFAULT_LANGUAGE, Choice, Question, Survey
from parindex.surveys.xlsform import parse_xlsform, write_xlsform, xlsform_sheets

FORMS_DIR = Path(__file__).parent


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def survey_from_yaml(path: str | Path) -> Survey:
    """Read a questionnaire's YAML source and return it as a validated Survey."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    settings = data.get("settings", {})
    languages = tuple(data.get("languages") or (DEFAULT_LANGUAGE,))
    choices = {
        list_name: tuple(
            Choice(_text(c["name"]), {lang: c[lang] for lang in languages if c.get(lang)})
            for c in items
        )
        for list_name, items in data.get("choices", {}).items()
    }
    questions = []
    for q in data["survey"]:
        qtype, _, list_name = _text(q["type"]).partition(" ")
        questions.append(
            Question(
                type=qtype,
                name=_text(q.get("name")),
                labels={k: v for k, v in (q.get("label") or {}).items() if v},
                hints={k: v for k, v in (q.get("hint") or {}).items() if v},
                list_name=list_name or None,
                required=bool(q.get("required", False)),
                relevant=_text(q.get("relevant")),
                constraint=_text(q.get("constraint")),
                choice_filter=_text(q.get("choice_filter")),
                appearance=_text(q.get("appearance")),
                sipas_factor=q.get("sipas_factor"),
                sipas_kind=q.get("sipas_kind"),
                criterion=q.get("criterion"),
            )
        )
    survey = Survey(
        form_id=_text(settings["form_id"]),
        title=_text(settings["form_title"]),
        version=_text(settings.get("version")),
        default_language=_text(settings.get("default_language") or DEFAULT_LANGUAGE),
        languages=languages,
        questions=tuple(questions),
        choices=choices,
    )
    # Validate through the importer so the source obeys the same rules as any XLSForm.
    parse_xlsform(xlsform_sheets(survey), source=str(path))
    return survey


def build(directory: str | Path = FORMS_DIR) -> list[Path]:
    """Write ``<name>.xlsx`` next to every ``<name>.yaml`` in `directory`; return the paths."""
    out = []
    for src in sorted(Path(directory).glob("*.yaml")):
        out.append(write_xlsform(survey_from_yaml(src), src.with_suffix(".xlsx")))
    return out


def main(argv: list[str] | None = None) -> int:
    """Build the workbooks and print their paths."""
    args = sys.argv[1:] if argv is None else argv
    for path in build(args[0] if args else FORMS_DIR):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
