"""Publication dates from header strings, regex first ("Aug 9, 2023 - 18:00",
"Sabtu, 31 Mei  2025 12:03 WIB", "Kompas.com - 10/06/2025, 20:18 WIB", "Kamis (29/02/2024)",
"2024-02-12"); dateparser only as a last resort. Month names come from rules/calendar.yaml."""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Optional

from ruamel.yaml import YAML

CALENDAR = Path(__file__).resolve().parents[2] / "rules" / "calendar.yaml"


@lru_cache(maxsize=4)
def load_calendar(path: Optional[Path] = None) -> dict[str, int]:
    """Month word (lower case) -> month number."""
    data = YAML(typ="safe").load((path or CALENDAR).read_text(encoding="utf-8"))
    out: dict[str, int] = {}
    for num, words in (data.get("months") or {}).items():
        for w in words:
            out[str(w).lower()] = int(num)
    return out


_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[T ](?P<H>\d{1,2}):(?P<M>\d{2}))?")
_DMY = re.compile(r"(?<!\d)(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4}|\d{2})(?!\d)(?:\D{0,4}(?P<H>\d{1,2})[:.](?P<M>\d{2}))?")
_DM_WEEKDAY = re.compile(r"(?P<wd>[A-Za-z']+)\s*(?:pagi|siang|sore|malam)?\s*,?\s*\((?P<d>\d{1,2})/(?P<m>\d{1,2})\)")
_TIME = re.compile(r"(?<![\d/])(?P<H>[01]?\d|2[0-3])[:.](?P<M>[0-5]\d)(?![\d/])")


def _month_patterns():
    months = load_calendar()
    alt = "|".join(re.escape(w) for w in sorted(months, key=len, reverse=True))
    dmy = re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})\s+(?P<mo>{alt})\.?,?\s+(?P<y>\d{{4}})", re.I)
    mdy = re.compile(rf"\b(?P<mo>{alt})\.?\s+(?P<d>\d{{1,2}}),?\s+(?P<y>\d{{4}})", re.I)
    return months, dmy, mdy


def _fmt(y: int, m: int, d: int, hh: Optional[str], mm: Optional[str]) -> Optional[str]:
    try:
        day = date(y, m, d)
    except ValueError:
        return None
    if hh is not None and mm is not None and int(hh) < 24:
        return f"{day.isoformat()}T{int(hh):02d}:{int(mm):02d}"
    return day.isoformat()


@lru_cache(maxsize=1)
def _weekdays() -> dict[str, int]:
    data = YAML(typ="safe").load(CALENDAR.read_text(encoding="utf-8"))
    return {str(w).lower(): int(n) for n, words in (data.get("weekdays") or {}).items() for w in words}


def _year_from_weekday(wd: str, d: int, m: int, window: int = 6) -> Optional[str]:
    """"Senin (8/9)" with no year: the one year in the last ``window`` years where 8 September
    is a Monday, else None (the header does not say)."""
    num = _weekdays().get(wd.lower())
    if num is None:
        return None
    this_year = date.today().year
    years = []
    for y in range(this_year, this_year - window, -1):
        try:
            if date(y, m, d).weekday() == num:
                years.append(y)
        except ValueError:
            continue
    return date(years[0], m, d).isoformat() if len(years) == 1 else None


def parse_published(s: Optional[str]) -> Optional[str]:
    """ISO ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM`` from a header date, or None."""
    if not s or not s.strip():
        return None
    s = " ".join(s.split())
    m = _ISO.search(s)
    if m:
        return _fmt(int(m["y"]), int(m["m"]), int(m["d"]), m["H"], m["M"])
    months, dmy, mdy = _month_patterns()
    for pat in (dmy, mdy):
        m = pat.search(s)
        if m:
            t = _TIME.search(s[m.end():])
            return _fmt(int(m["y"]), months[m["mo"].lower()], int(m["d"]), t and t["H"], t and t["M"])
    m = _DM_WEEKDAY.search(s)
    if m and not _DMY.search(s):
        return _year_from_weekday(m["wd"], int(m["d"]), int(m["m"]))
    m = _DMY.search(s)
    if m:
        y = int(m["y"])
        y = y + 2000 if y < 100 else y
        return _fmt(y, int(m["m"]), int(m["d"]), m["H"], m["M"])
    try:
        import dateparser

        dt = dateparser.parse(s, languages=["id", "en"], settings={"DATE_ORDER": "DMY"})
    except Exception:  # noqa: BLE001 - dateparser raises many kinds on junk
        dt = None
    if dt is None:
        return None
    return dt.strftime("%Y-%m-%dT%H:%M") if (dt.hour or dt.minute) else dt.date().isoformat()
