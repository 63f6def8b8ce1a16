"""Dates as people type them: one reader for every form, import and file."""

from __future__ import annotations

import datetime as dt
import re

EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 once its 1900 leap-year bug is absorbed
MAX_SERIAL = 2_958_465  # 9999-12-31

_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})")
_YMD = re.compile(r"(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})")
# A time after an ISO date, as exports write it (2026-09-03T10:15:00.000+07:00): ignored.
_TIME = re.compile(r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+\-]\d{2}:?\d{2})?)?")
_SERIAL = re.compile(r"\d+(?:\.\d+)?")


def parse_date(text: str, *, short_years: bool = False, serials: bool = False) -> dt.date | None:
    """Read a typed date; None when it is not one (or not a real day, 31/02/2026).

    Day first, as Vietnamese write dates: dd/mm/yyyy and d/m/yyyy, also with "-" or "."
    (01-02-2026 is 1 February). Year first: yyyy-mm-dd (also "/"
    or "."), optionally followed by an ISO time, which is dropped. Two-digit years
    (01/02/26) only with ``short_years``, as 20yy, for dossier logs that type them so; a form
    refuses them, since a century cannot be guessed. Excel day numbers only with ``serials``.
    """
    token = text.strip()
    try:
        if m := _DMY.fullmatch(token):
            day, month, year = int(m[1]), int(m[2]), m[3]
            if len(year) == 2 and not short_years:
                return None
            return dt.date(int(year) + (2000 if len(year) == 2 else 0), month, day)
        if (m := _YMD.match(token)) and _TIME.fullmatch(token, m.end()):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
    if serials and _SERIAL.fullmatch(token):
        serial = float(token)
        if 1 <= serial <= MAX_SERIAL:
            return EXCEL_EPOCH + dt.timedelta(days=int(serial))
    return None
