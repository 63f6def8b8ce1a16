"""`manage.py check --deploy`: will the plan's PDF match its Word file on this server?"""

from __future__ import annotations

from typing import Any

from django.core import checks

from parindex.documents.convert import find_soffice
from parindex.documents.fonts import document_font

FONT_HINT = (
    "Install Times New Roman, or the metric-compatible Liberation Serif 2 "
    "(Debian: apt-get install fonts-liberation2); docs/deploy.md, 'PDFs and fonts'."
)


@checks.register(checks.Tags.compatibility, deploy=True)
def pdf_font(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Warn when LibreOffice would set the documents' Times New Roman in an unfit font."""
    if find_soffice() is None:
        return [
            # Word and Excel are the documents officials hand around; the PDF is optional.
            checks.Info(
                "LibreOffice is not installed: plans cannot be exported as PDF.",
                hint="apt-get install libreoffice-writer-nogui fonts-liberation2",
                id="parindex.I101",
            )
        ]
    font = document_font()
    if font is None:
        return [
            checks.Warning(
                "fontconfig (fc-match, fc-query) is not installed: the PDF font cannot be checked.",
                hint=FONT_HINT,
                id="parindex.W102",
            )
        ]
    problems: list[checks.CheckMessage] = []
    if not font.metric_compatible:
        problems.append(
            checks.Warning(
                f"PDFs would set Times New Roman in {font.family} ({font.file}), whose widths "
                "differ: lines and pages would break elsewhere than in Word.",
                hint=FONT_HINT,
                id="parindex.W103",
            )
        )
    if font.missing:
        problems.append(
            checks.Warning(
                f"{font.family} ({font.file}) lacks {len(font.missing)} Vietnamese letters "
                f"({font.missing_text()}): PDFs would set them in another font.",
                hint=FONT_HINT,
                id="parindex.W104",
            )
        )
    return problems
