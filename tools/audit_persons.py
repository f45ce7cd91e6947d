"""Draw the audit sample of cross-article person links from a `pipeline run` output.

    python tools/audit_persons.py OUT_DIR [--n 50] [--seed 5]

Prints, numbered, N merges (person_ids whose rows come from two or more articles: the names,
ranks, positions and units merged, and each article's id, date and source) and N risky
non-merges (pairs of distinct person_ids with similar names, one name inside the other or a
couple of letters apart, or the same office and unit), to be judged by reading the rows
and, where needed, the articles. The sample is fixed by the seed; docs/quality.md has the
verdicts.
"""

from __future__ import annotations

import argparse
import random
import re
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import pandas as pd

from pipeline.resources.gazetteer import edit_distance

_NORM = re.compile(r"[^0-9a-z]+")


def norm(s) -> str:
    return _NORM.sub(" ", str(s).lower()).strip() if isinstance(s, str) else ""


def close(a: str, b: str) -> bool:
    """Names a reader could take for one another: one inside the other word by word, or at
    most two letters apart."""
    wa, wb = a.split(), b.split()
    if not wa or not wb or a == b:
        return False
    short, long_ = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if all(w in long_ for w in short):
        return True
    return len(a) >= 8 and edit_distance(a, b, 2) <= 2


def describe(g: pd.DataFrame) -> list[str]:
    out = []
    for r in g.sort_values("published_at").itertuples():
        office = " ".join(x for x in (r.position, r.unit) if isinstance(x, str))
        out.append(f"    {r.article_id} {str(r.published_at)[:10]} | {r.name} | {r.rank or '-'} | {office or '-'}"
                   f" | {r.source}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--n", type=int, default=50)
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args()
    people = pd.read_parquet(args.out / "people.parquet")
    articles = pd.read_parquet(args.out / "articles.parquet", columns=["article_id", "published_at", "source"])
    people = people.merge(articles, on="article_id", how="left").astype(object)
    people = people.where(people.notna(), None)
    people = people[people["person_id"].notna()]
    rng = random.Random(args.seed)

    by_pid = {pid: g for pid, g in people.groupby("person_id", sort=True)}
    merges = sorted(pid for pid, g in by_pid.items() if g["article_id"].nunique() >= 2)
    print(f"== merges: {len(merges)} person_ids join rows from 2+ articles; sample of {args.n}")
    for k, pid in enumerate(rng.sample(merges, min(args.n, len(merges))), 1):
        g = by_pid[pid]
        print(f"M{k:02d} {pid} names={sorted({str(n) for n in g['name'].dropna()})}")
        print("\n".join(describe(g)))

    names = {pid: norm(g["name"].dropna().iloc[0]) if g["name"].notna().any() else "" for pid, g in by_pid.items()}
    by_word: dict[str, set[str]] = defaultdict(set)
    for pid, n in names.items():
        for w in n.split():
            if len(w) >= 3:
                by_word[w].add(pid)
    pairs: set[tuple[str, str]] = set()
    for w, pids in by_word.items():
        if len(pids) > 60:  # "muhammad": too common a word to pair on
            continue
        for a, b in combinations(sorted(pids), 2):
            if close(names[a], names[b]):
                pairs.add((a, b))
    office: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in people.itertuples():
        if isinstance(r.position, str) and isinstance(r.unit, str):
            office[(norm(r.position), norm(r.unit))].add(r.person_id)
    for pids in office.values():
        if len(pids) <= 8:
            pairs.update(combinations(sorted(pids), 2))
    pairs_l = sorted(pairs)
    print(f"\n== risky non-merges: {len(pairs_l)} pairs of distinct persons (similar names or same office and "
          f"unit); sample of {args.n}")
    for k, (a, b) in enumerate(rng.sample(pairs_l, min(args.n, len(pairs_l))), 1):
        print(f"N{k:02d} {a} / {b}")
        print("  A:\n" + "\n".join(describe(by_pid[a])))
        print("  B:\n" + "\n".join(describe(by_pid[b])))


if __name__ == "__main__":
    main()
