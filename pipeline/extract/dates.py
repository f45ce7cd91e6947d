"""Dates in the body: "Rabu (09/08/2023)", "Senin (14/8)", "10 Oktober 2023", "kemarin",
"Senin lalu". Candidates come from regexes built from the month, weekday and relative-day
words in ``rules/``; each is parsed by arithmetic here (no dateparser on the hot path).
A weekday given with a date is checked against the calendar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Optional

from .lexicon import Lexicon


@dataclass
class DateCandidate:
    text: str
    value: str
    kind: str
    weekday_consistent: Optional[bool]
    start: int
    end: int
    rule_id: str


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


class DateFinder:
    def __init__(self, lexicon: Lexicon):
        self.lx = lexicon
        wd = _alt(lexicon.weekdays) or "senin"
        mo = _alt(lexicon.months) or "januari"
        past = _alt(lexicon.past_markers) or "lalu"
        fut = _alt(lexicon.future_markers) or "depan"
        part = r"(?:\s+(?:pagi|siang|sore|malam|dini hari))?"
        # Weekday (dd/mm/yyyy) | Weekday, (dd/mm) | Weekday lalu (17/6/2025)
        self.numeric = re.compile(
            rf"\b(?P<wd>{wd}){part}(?:\s+(?:{past}))?\s*,?\s*\(\s*(?P<d>\d{{1,2}})\s*[/.-]\s*(?P<m>\d{{1,2}})"
            rf"(?:\s*[/.-]\s*(?P<y>\d{{2,4}}))?\s*\)", re.I)
        # (Weekday,) 10 Oktober 2023 | 13 Februari
        self.textual = re.compile(
            rf"\b(?:(?P<wd>{wd})\s*,?\s*(?:tanggal\s+)?)?(?:(?P<d0>\d{{1,2}})\s*[-–]\s*)?(?P<d>\d{{1,2}})\s+(?P<mo>{mo})\.?"
            rf"(?:\s+(?P<y>\d{{4}}))?\b", re.I)
        # what a "kemarin" right after names: "Januari 2025 kemarin" (last January), "Rabu kemarin"
        self.date_before = re.compile(rf"(?:\b(?:{mo}|{wd})|\b\d{{4}})\s*$", re.I)
        # Weekday + past/future marker without a number: "Senin lalu", "Jumat mendatang"
        self.relative_wd = re.compile(rf"\b(?P<wd>{wd})\s+(?P<dir>{past}|{fut})\b(?!\s*[,(]?\s*\(?\d)", re.I)
        rel = _alt(w for w, _o, _i in lexicon.relative_days) or "kemarin"
        self.relative = re.compile(rf"(?<![\w-])(?P<w>{rel})(?![\w-])", re.I)
        self.rel_offsets = {w.lower(): (o, i) for w, o, i in lexicon.relative_days}
        self.numeric_plain = re.compile(r"(?<![\d/.])(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})(?![\d/])")

    def year_reference(self, text: str) -> Optional[date]:
        """Where the article has no publication date: the latest date the body writes with its
        year ("Selasa (30/6/2020)"), whose year dates without one take ("30 Mei" -> 2020-05-30)."""
        found = []
        for pat in (self.numeric, self.textual, self.numeric_plain):
            for m in pat.finditer(text):
                y = m.group("y")
                if y and len(y) == 4:
                    month = m.group("m") if "m" in m.groupdict() and m.group("m") else None
                    if month is None and "mo" in m.groupdict():
                        month = str(self.lx.months.get(m.group("mo").lower().rstrip("."), 0))
                    d = self._make(m.group("d"), month or "0", y, None)
                    if d is not None:
                        found.append(d)
        return max(found) if found else None

    def find(self, text: str, published: Optional[date]) -> list[DateCandidate]:
        out: list[DateCandidate] = []
        taken: list[tuple[int, int]] = []
        # the year of a date written without one: the publication's, else the body's latest
        # full date (relative days still need the publication date itself)
        year_of = published or self.year_reference(text)

        def free(s: int, e: int) -> bool:
            return all(e <= a or s >= b for a, b in taken)

        for m in self.numeric.finditer(text):
            d = self._make(m.group("d"), m.group("m"), m.group("y"), year_of)
            if d is None:
                continue
            wd = self.lx.weekdays.get(m.group("wd").lower())
            rule = "dates.weekday_numeric"
            consistent = wd == d.weekday() if wd is not None else None
            if consistent is False and published is not None:
                fixed = self._by_weekday(int(m.group("d")), wd, published)
                if fixed is not None:
                    d, rule = fixed, "dates.weekday_numeric_corrected"
            out.append(DateCandidate(m.group(0), d.isoformat(), "event", consistent, m.start(), m.end(), rule))
            taken.append(m.span())
        for m in self.textual.finditer(text):
            if not free(*m.span()) or self._blocked(text, m.start("d")):
                continue
            month = self.lx.months.get(m.group("mo").lower().rstrip("."))
            d = self._make(m.group("d"), str(month), m.group("y"), year_of)
            if d is None:
                continue
            wd = self.lx.weekdays.get(m.group("wd").lower()) if m.group("wd") else None
            if m.group("d0"):  # "7-10 Februari 2024": the first day of the range too
                d0 = self._make(m.group("d0"), str(month), m.group("y"), year_of)
                if d0 is not None and d0 < d:
                    out.append(DateCandidate(m.group(0), d0.isoformat(), "mentioned", None, m.start(), m.end(),
                                             "dates.day_range_start"))
                    wd = None  # the weekday belongs to the first day
            out.append(DateCandidate(m.group(0), d.isoformat(), "mentioned", wd == d.weekday() if wd is not None else None,
                                     m.start(), m.end(), "dates.day_month_name"))
            taken.append(m.span())
        for m in self.numeric_plain.finditer(text):
            if not free(*m.span()) or self._blocked(text, m.start()):
                continue
            d = self._make(m.group("d"), m.group("m"), m.group("y"), year_of)
            if d is not None:
                out.append(DateCandidate(m.group(0), d.isoformat(), "mentioned", None, m.start(), m.end(),
                                         "dates.numeric"))
                taken.append(m.span())
        if published is not None:
            for m in self.relative_wd.finditer(text):
                if not free(*m.span()):
                    continue
                wd = self.lx.weekdays[m.group("wd").lower()]
                past = m.group("dir").lower() in {w.lower() for w in self.lx.past_markers}
                if past:
                    delta = (published.weekday() - wd) % 7 or 7
                    d = published - timedelta(days=delta)
                else:
                    delta = (wd - published.weekday()) % 7 or 7
                    d = published + timedelta(days=delta)
                out.append(DateCandidate(m.group(0), d.isoformat(), "relative", None, m.start(), m.end(),
                                         "dates.weekday_relative"))
                taken.append(m.span())
            for m in self.relative.finditer(text):
                if not free(*m.span()):
                    continue
                if self.date_before.search(text, max(0, m.start() - 30), m.start()):
                    continue  # "Januari 2025 kemarin", "Rabu kemarin": the date written before it
                off, rid = self.rel_offsets[m.group("w").lower()]
                d = published + timedelta(days=off)
                out.append(DateCandidate(m.group(0), d.isoformat(), "relative", None, m.start(), m.end(),
                                         f"dates.relative.{rid}"))
                taken.append(m.span())
        out.sort(key=lambda c: c.start)
        return out

    @staticmethod
    def _by_weekday(day: int, weekday: int, published: date) -> Optional[date]:
        """A written month that contradicts the written weekday ("Jumat (6/5/2025)" in a June
        article): the day of that number, in the publication month or the one before, that
        falls on the weekday and not after publication."""
        for back in (0, 1):
            y, m = published.year, published.month - back
            if m == 0:
                y, m = y - 1, 12
            try:
                d = date(y, m, day)
            except ValueError:
                continue
            if d.weekday() == weekday and d <= published:
                return d
        return None

    def _blocked(self, text: str, pos: int) -> bool:
        before = text[max(0, pos - 8):pos].split()
        return bool(before) and before[-1].lower().rstrip(".") in self.lx.date_blockers

    @staticmethod
    def _make(d: str, m: str, y: Optional[str], published: Optional[date]) -> Optional[date]:
        try:
            day, month = int(d), int(m)
            if y is None:
                if published is None:
                    return None
                year = published.year
            elif len(y) == 3 and published is not None and any(
                    str(published.year)[:k] + str(published.year)[k + 1:] == y for k in range(4)):
                year = published.year  # "(20/6/205)" in a 2025 article: a digit dropped
            else:
                year = int(y)
                if year < 100:
                    year += 2000
            if not 1900 <= year <= 2100:
                return None
            return date(year, month, day)
        except ValueError:
            return None
