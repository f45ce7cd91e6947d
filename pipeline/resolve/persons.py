"""Who is who across articles: one ``person_id`` per distinct person in the corpus.

Rules (each decision is explainable from the rows):
- Named rows with the same normalized full name (two words or more) are one person unless
  their ranks cannot be one career: a police and a military rank, or a lower rank after a
  higher one (a promotion, AKP then Kompol, stays one person). Rows without a rank join the
  person of that name seen in their office, else the first one.
- A shorter full name ("Hanif Faisol", "M Farhan") joins the one longer name that contains its
  words in order (an initial standing for a word) and was seen in the same office and unit.
- A one-word name ("Aris") joins the one full name containing it seen in the same office and
  unit; otherwise it is a person of its own per office and unit, and without an office one
  per article, so different people who share a short name stay apart.
- An unnamed office holder ("Kapolres Pasuruan") takes the id of the one named holder of that
  office and unit seen within ``window_days`` of its article; with none, it is an office-holder
  entry of its own per office, unit and month. Where office, unit and date cannot make it one
  person (several named holders in the window, no unit, an undated article, or an office
  several people hold at once: ``shared_offices`` in rules/persons.yaml), it stays a person of
  its own article.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable, Optional

import pandas as pd

_NORM = re.compile(r"[^0-9a-z]+")
_APOSTROPHE = re.compile(r"['\u2019\u2018`]")


def _norm(s) -> str:
    """Lower case, letters and digits; an apostrophe joins ("Ma'arif" = "Maarif")."""
    if s is None or s is pd.NA or (isinstance(s, float) and pd.isna(s)):
        return ""
    return _NORM.sub(" ", _APOSTROPHE.sub("", str(s).lower())).strip()


def _pid(*parts: str) -> str:
    return "p" + hashlib.sha1("\0".join(parts).encode()).hexdigest()[:11]


def _service(rank_full) -> Optional[str]:
    """Polri or TNI, from the rank's full name in rules/ranks.yaml ("... Polisi", "Bhayangkara ...")."""
    if not isinstance(rank_full, str) or not rank_full:
        return None
    low = rank_full.lower()
    return "polri" if "polisi" in low or low.startswith("bhayangkara") else "tni"


def _career_fits(seen: list[tuple[Optional[date], int, Optional[str]]], when: Optional[date], level: int,
                 service: Optional[str]) -> bool:
    """A rank at ``when`` fits the ranks already seen for one person: same service, and never
    lower than an earlier rank nor higher than a later one."""
    for d, lv, sv in seen:
        if service and sv and service != sv:
            return False
        if d is None or when is None:
            continue
        if (d < when and lv > level) or (d > when and lv < level) or (d == when and lv != level):
            return False
    return True


def _day(iso) -> Optional[date]:
    try:
        return date.fromisoformat(str(iso)[:10])
    except (TypeError, ValueError):
        return None


@dataclass
class _Person:
    person_id: str
    name: Optional[str]
    rows: list[int] = field(default_factory=list)


def link_persons(people: pd.DataFrame, articles: pd.DataFrame, quotes: pd.DataFrame,
                 window_days: int = 183, shared_offices: Iterable[str] = ()) -> tuple[pd.Series, pd.DataFrame]:
    """Returns ``person_id`` for each row of ``people`` and the ``persons`` table."""
    shared = tuple(_norm(w) + " " for w in shared_offices if _norm(w))
    published = {r.article_id: _day(r.published_at) for r in articles[["article_id", "published_at"]].itertuples()}
    ids: dict[int, str] = {}
    persons: dict[str, _Person] = {}
    holders: dict[tuple[str, str], list[tuple[Optional[date], str]]] = defaultdict(list)

    def add(pid: str, name: Optional[str], idx: int) -> None:
        persons.setdefault(pid, _Person(pid, name)).rows.append(idx)
        ids[idx] = pid

    rows = list(people.itertuples())
    full_pid = _full_name_ids(rows, published)
    # full names by each of their words, with the offices they were seen in
    full_by_word: dict[str, set[str]] = defaultdict(set)
    offices_of: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for r in rows:
        name = _norm(r.name)
        if len(name.split()) >= 2:
            for w in name.split():
                full_by_word[w].add(full_pid[r.Index])
            if _norm(r.position):
                offices_of[full_pid[r.Index]].add((_norm(r.position), _norm(r.unit)))
    for r in rows:
        name = _norm(r.name)
        if not name:
            continue
        office = (_norm(r.position), _norm(r.unit))
        if len(name.split()) >= 2:
            pid = full_pid[r.Index]
        else:
            # "Prabowo" (Presiden) is "Prabowo Subianto" when he is the one full name with that
            # word seen in that office and unit; otherwise a person of its own per office and unit
            full = [f for f in full_by_word.get(name, ()) if office[0] and any(
                p == office[0] and (u == office[1] or not u or not office[1]) for p, u in offices_of[f])]
            if len(full) == 1:
                pid = full[0]
            elif office[0]:
                pid = _pid("short", name, *office)
            else:  # "Fajar" in two articles: nothing says it is one man
                pid = _pid("short", name, r.article_id)
        add(pid, r.name, r.Index)
        if office[0]:
            holders[office].append((published.get(r.article_id), pid))
    for r in rows:
        if _norm(r.name):
            continue
        office = (_norm(r.position), _norm(r.unit))
        when = published.get(r.article_id)
        if (office[0] + " ").startswith(shared) or not office[1] or when is None:
            add(_pid("office", *office, r.article_id), None, r.Index)  # not one person across articles
            continue
        near = {pid for d, pid in holders.get(office, []) if d and abs((d - when).days) <= window_days}
        if len(near) == 1:
            add(near.pop(), None, r.Index)
        elif not near:
            add(_pid("office", *office, when.isoformat()[:7]), None, r.Index)
        else:  # two named holders in the window: which one is unknown
            add(_pid("office", *office, r.article_id), None, r.Index)

    person_id = pd.Series([ids.get(i) for i in people.index], index=people.index, dtype="string")
    key_to_pid = {(r.article_id, r.person_key): ids.get(r.Index) for r in rows}
    n_quotes: dict[str, int] = defaultdict(int)
    if not quotes.empty:
        for a, k in zip(quotes["article_id"], quotes["speaker_key"]):
            pid = key_to_pid.get((a, k))
            if pid:
                n_quotes[pid] += 1
    if people.empty:
        return person_id, pd.DataFrame()
    # one pass over the rows, grouped by person, in publication order
    df = pd.DataFrame({
        "pid": person_id, "name": people["name"], "rank": people["rank"], "position": people["position"],
        "unit": people["unit"], "is_official": people["is_official"].fillna(False).astype(bool),
        "article_id": people["article_id"],
        "day": [published.get(a) or date.min for a in people["article_id"]],
    }).dropna(subset=["pid"]).sort_values(["pid", "day"], kind="stable")
    out = []
    for pid, g in df.groupby("pid", sort=False):
        days = [d for d in g["day"] if d != date.min]
        names = [n for n in g["name"] if isinstance(n, str)]
        offices = {" ".join(x for x in (p, u) if isinstance(x, str))
                   for p, u in zip(g["position"], g["unit"]) if isinstance(p, str)}
        out.append(dict(
            person_id=pid,
            name=max(names, key=len) if names else None,
            ranks=list(dict.fromkeys(r for r in g["rank"] if isinstance(r, str))),
            positions=sorted(offices),
            units=list(dict.fromkeys(u for u in g["unit"] if isinstance(u, str))),
            is_official=bool(g["is_official"].any()),
            first_seen=min(days).isoformat() if days else None,
            last_seen=max(days).isoformat() if days else None,
            n_articles=int(g["article_id"].nunique()),
            n_quotes=n_quotes.get(pid, 0),
        ))
    return person_id, pd.DataFrame(out)




def _full_name_ids(rows: list, published: dict) -> dict[int, str]:
    """person_id of each row with a full name: one per name, or one per career when the ranks
    seen under that name cannot be one person's (see the module docstring)."""
    by_name: dict[str, list] = defaultdict(list)
    for r in rows:
        name = _norm(r.name)
        if len(name.split()) >= 2:
            by_name[name].append(r)
    out: dict[int, str] = {}
    for name, rs in by_name.items():
        careers: list[list[tuple[Optional[date], int, Optional[str]]]] = []
        offices: list[set[tuple[str, str]]] = []
        ranked = sorted((r for r in rs if r.rank_level is not None and not pd.isna(r.rank_level)),
                        key=lambda r: published.get(r.article_id) or date.min)
        for r in ranked:
            when, level, service = published.get(r.article_id), int(r.rank_level), _service(r.rank_full)
            k = next((k for k, c in enumerate(careers) if _career_fits(c, when, level, service)), None)
            if k is None:
                careers.append([])
                offices.append(set())
                k = len(careers) - 1
            careers[k].append((when, level, service))
            offices[k].add((_norm(r.position), _norm(r.unit)))
            out[r.Index] = _pid("name", name) if k == 0 else _pid("name", name, str(k))
        for r in rs:
            if r.Index not in out:
                office = (_norm(r.position), _norm(r.unit))
                k = next((k for k, o in enumerate(offices) if office[0] and office in o), 0)
                out[r.Index] = _pid("name", name) if k == 0 else _pid("name", name, str(k))
    _join_contained_names(rows, out)
    return out


def _contains(short: list[str], long_: list[str]) -> bool:
    """The words of ``short`` appear in ``long_`` in order; a one-letter word matches a word
    with that initial ("m farhan" in "muhammad farhan")."""
    i = 0
    for w in long_:
        if i < len(short) and (w == short[i] or len(short[i]) == 1 and w.startswith(short[i])):
            i += 1
    return i == len(short)


def _join_contained_names(rows: list, out: dict[int, str]) -> None:
    names: dict[str, list[str]] = {}
    offices: dict[str, set[tuple[str, str]]] = defaultdict(set)
    by_word: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        pid = out.get(r.Index)
        if pid is None:
            continue
        words = _norm(r.name).split()
        names[pid] = words
        for w in words:
            by_word[w].add(pid)
        if _norm(r.position):
            offices[pid].add((_norm(r.position), _norm(r.unit)))

    def same_office(a: str, b: str) -> bool:
        return any(p == q and (u == v or not u or not v) for p, u in offices[a] for q, v in offices[b])

    target: dict[str, str] = {}
    for pid, words in names.items():
        if not offices[pid]:
            continue
        anchor = max(words, key=len)
        longer = {q for q in by_word.get(anchor, ()) if len(" ".join(names[q])) > len(" ".join(words))
                  and _contains(words, names[q]) and same_office(pid, q)}
        if len(longer) == 1:
            target[pid] = longer.pop()
    for idx, pid in out.items():
        out[idx] = target.get(pid, pid)
