"""The evidence list of a large framework, one area at a time.

Each sub-criterion's panel holds its documents and forms: 90 of them make a page of about
1 MB that takes the server most of a second to render. Above ``ONE_AREA_ABOVE`` sub-criteria
(setting ``PARINDEX_EVIDENCE_ONE_AREA_ABOVE``) the list shows one area (``?area=<code>``,
the first by default) with links to the others; the gaps still cover the whole assessment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings

from parindex.core.model import Framework
from parindex.web.site.language import lang

ONE_AREA_ABOVE = 30


@dataclass(frozen=True)
class AreaLink:
    code: str
    title: str
    count: int  # sub-criteria listed in it
    current: bool


@dataclass(frozen=True)
class AreaPage:
    codes: list[str]  # the sub-criteria shown, in framework order
    areas: list[AreaLink]  # empty: everything on one page
    area_of: dict[str, str]  # sub-criterion → its area's code (for links to a gap)

    def anchor(self, code: str, dom_id: str) -> str:
        """The link to a sub-criterion's panel, on this page or on its area's."""
        if not self.areas or self.area_of[code] == next(a.code for a in self.areas if a.current):
            return f"#{dom_id}"
        return f"?area={self.area_of[code]}#{dom_id}"


def area_page(framework: Framework, codes: Sequence[str], wanted: str | None) -> AreaPage:
    """The sub-criteria ``codes`` to list: all, or those of one area if there are many."""
    limit = getattr(settings, "PARINDEX_EVIDENCE_ONE_AREA_ABOVE", ONE_AREA_ABOVE)
    area_of = {code: framework.area_of(code).code for code in codes}
    if len(codes) <= limit:
        return AreaPage(list(codes), [], area_of)
    order = list(dict.fromkeys(area_of.values()))
    chosen = wanted if wanted in order else order[0]
    counts = {area: 0 for area in order}
    for area in area_of.values():
        counts[area] += 1
    language = lang()  # the area's title in the reader's language
    links = [
        AreaLink(area, framework[area].label(language), counts[area], area == chosen)
        for area in order
    ]
    return AreaPage([c for c in codes if area_of[c] == chosen], links, area_of)
