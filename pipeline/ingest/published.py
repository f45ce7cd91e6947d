"""Publication dates from header strings, regex first; dateparser only as a last resort.

Handles "Aug 9, 2023 - 18:00", "Sabtu, 31 Mei  2025 12:03 WIB", "Diperbarui 18 Jun 2025, 14:05 WIB",
"Kompas.com - 10/06/2025, 20:18 WIB", "Kamis (29/02/2024)", "2024-02-12 10:00:00", ISO with a time
zone (the local time as written is kept), "2019/02/08", "10/9/24". Numeric dates are day first.
Month and weekday words come from ``rules/calendar.yaml``.

A header with a weekday but no year ("Senin (8/9)") gets its year from ``year_hint`` (e.g. the
year in the article's URL) when the weekday agrees, else from the one year of the ten up to
``ref`` (default: today) in which that day falls on that weekday; if none or several do, None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Optional

from ruamel.yaml import YAML

CALENDAR_PATH = Path(__file__).resolve().parents[2] / "rules" / "calendar.yaml"
YEAR_WINDOW = 10  # years searched for a weekday-only header date
_NOT_GIVEN = re.compile(r"^\W*(?:not given|tidak (?:ada|diketahui)|none|null)\b", re.I)


@dataclass(frozen=True)
class Calendar:
    """Lower-case month and weekday words -> month number (1-12) / weekday (Monday = 0)."""

    months: dict[str, int]
    weekdays: dict[str, int]


@lru_cache(maxsize=8)
def load_calendar(path: Optional[Path] = None) -> Calendar:
    """Read the month and weekday words from a calendar YAML file (the repo's by default)."""
    data = YAML(typ="safe").load(Path(path or CALENDAR_PATH).read_text(encoding="utf-8")) or {}

    def invert(section: str) -> dict[str, int]:
        return {str(w).lower(): int(n) for n, words in (data.get(section) or {}).items() for w in words}

    return Calendar(months=invert("months"), weekdays=invert("weekdays"))


def _alt(words: list[str]) -> str:
    """A regex alternation, longest word first; one that never matches when there are no words."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!)"


class PublishedParser:
    """Compiled patterns for one calendar; ``parse`` turns a header date into ISO 8601."""

    def __init__(self, calendar: Calendar):
        self.cal = calendar
        mo = _alt(list(calendar.months))
        wd = _alt(list(calendar.weekdays))
        self.iso = re.compile(
            r"(?<!\d)(?P<y>(?:19|20)\d\d)(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?!\d)"
            r"(?:[T ]+(?P<H>\d{1,2})[:.](?P<M>\d\d))?")
        self.dmy_name = re.compile(rf"(?<![\d\w])(?P<d>\d{{1,2}})(?:st|nd|rd|th)?[\s.-]*(?P<mo>{mo})(?![a-z])\.?,?[\s-]*"
                                   rf"(?P<y>(?:19|20)\d\d)(?!\d)", re.I)
        self.mdy_name = re.compile(rf"(?<!\w)(?P<mo>{mo})(?![a-z])\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
                                   rf"(?P<y>(?:19|20)\d\d)(?!\d)", re.I)
        self.dmy_num = re.compile(r"(?<![\d/.])(?P<d>\d{1,2})(?P<sep>[/.-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d\d)(?![\d/])")
        self.dm_weekday = re.compile(rf"(?<!\w)(?P<wd>{wd})\b[^\d(]{{0,20}}\(?\s*(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})\s*\)?(?![/\d])",
                                     re.I)
        self.time = re.compile(r"(?<![\d/])(?P<H>[01]?\d|2[0-3])[:.](?P<M>[0-5]\d)(?![\d/])(?:\s*(?P<ampm>[ap]\.?m\b\.?))?",
                               re.I)

    def parse(self, s: Optional[str], year_hint: Optional[int] = None, ref: Optional[date] = None) -> Optional[str]:
        """ISO ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM`` from a header date string, or None."""
        if not s or not s.strip():
            return None
        s = " ".join(s.replace("\u00a0", " ").split())
        if _NOT_GIVEN.match(s):
            return None
        m = self.iso.search(s)
        if m:
            return _fmt(int(m["y"]), int(m["m"]), int(m["d"]), m["H"], m["M"])
        for pat in (self.dmy_name, self.mdy_name):
            m = pat.search(s)
            if m:
                return self._with_time(s, m, int(m["y"]), self.cal.months[m["mo"].lower()], int(m["d"]))
        m = self.dmy_num.search(s)
        if m:
            y = int(m["y"])
            y += (2000 if y < 70 else 1900) if y < 100 else 0
            d, mo = int(m["d"]), int(m["m"])
            if mo > 12 >= d:  # month-first written; unambiguous, so swap
                d, mo = mo, d
            return self._with_time(s, m, y, mo, d)
        m = self.dm_weekday.search(s)
        if m:
            found = self._year_from_weekday(self.cal.weekdays[m["wd"].lower()], int(m["d"]), int(m["m"]),
                                            year_hint, ref or date.today())
            return found.isoformat() if found else None
        return _dateparser(s)

    def _with_time(self, s: str, m: re.Match, y: int, mo: int, d: int) -> Optional[str]:
        t = self.time.search(s, m.end(), m.end() + 24) or self.time.search(s[: m.start()])
        if not t:
            return _fmt(y, mo, d, None, None)
        hh = int(t["H"])
        if t["ampm"]:
            hh = hh % 12 + (12 if t["ampm"].lower().startswith("p") else 0)
        return _fmt(y, mo, d, str(hh), t["M"])

    @staticmethod
    def _year_from_weekday(weekday: int, d: int, m: int, year_hint: Optional[int], ref: date) -> Optional[date]:
        years = [year_hint] if year_hint else range(ref.year, ref.year - YEAR_WINDOW, -1)
        hits = []
        for y in years:
            try:
                day = date(y, m, d)
            except ValueError:
                continue
            if day.weekday() == weekday and (year_hint or day <= ref):
                hits.append(day)
        return hits[0] if len(hits) == 1 else None


def _fmt(y: int, m: int, d: int, hh: Optional[str], mm: Optional[str]) -> Optional[str]:
    try:
        day = date(y, m, d)
    except ValueError:
        return None
    if hh is not None and mm is not None and int(hh) < 24 and int(mm) < 60:
        return f"{day.isoformat()}T{int(hh):02d}:{int(mm):02d}"
    return day.isoformat()


def _dateparser(s: str) -> Optional[str]:
    """Last resort, and only when day, month and year are all written (never relative dates)."""
    if not re.search(r"(?:19|20)\d\d", s):
        return None
    try:
        import dateparser

        dt = dateparser.parse(s, languages=["id", "en"],
                              settings={"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"],
                                        "RETURN_AS_TIMEZONE_AWARE": False})
    except Exception:  # noqa: BLE001 - dateparser raises many kinds on junk
        return None
    if dt is None:
        return None
    return dt.strftime("%Y-%m-%dT%H:%M") if (dt.hour or dt.minute) else dt.date().isoformat()


@lru_cache(maxsize=8)
def _parser(path: Optional[Path] = None) -> PublishedParser:
    return PublishedParser(load_calendar(path))


def parse_published(s: Optional[str], year_hint: Optional[int] = None, ref: Optional[date] = None) -> Optional[str]:
    """ISO ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM`` from a header date string, or None when unparseable."""
    return _parser().parse(s, year_hint, ref)
