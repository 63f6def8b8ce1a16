"""Shipped questionnaires: readable YAML sources and the XLSForm workbooks built from them."""

from pathlib import Path

FORMS_DIR = Path(__file__).parent
SIPAS_YAML = FORMS_DIR / "sipas.yaml"
SIPAS_XLSX = FORMS_DIR / "sipas.xlsx"
