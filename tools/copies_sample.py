"""Draw the reading samples of docs/quality.md ("Stories and statements") from a `pipeline run`
output: random pairs of articles of one story, random pairs of quotes of one statement (from two
articles), and random pairs of articles that were *not* grouped although they share a person
(person_id) or a place (region_code) and their publication day, for a person to judge.

    python tools/copies_sample.py OUT_DIR --n 50 --seed 14 > copies-sample.txt
    python tools/copies_sample.py OUT_DIR --only exact    # recall against exact shingle shares

Each pair is printed with what a reader needs: outlets, dates, titles, the first characters of
both bodies (stories, missed) or both quote texts and speakers (statements), and the exact share
of the smaller text's shingles found in the other (the same shingles as the pipeline, no MinHash
estimate). The reader marks each pair: a true copy / a rewrite of the same event / different.
The population sizes printed in each header are what the sample shares are scaled by to
estimate recall. ``--only exact`` needs no reader: it computes the exact share of every pair of
articles that have a shingle in common (shingles in more than 50 articles, boilerplate, left
out) and prints, per band of share, how many pairs the run put in one story.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pipeline.resolve.minhash import ARTICLE_SHINGLING, QUOTE_SHINGLING  # noqa: E402


def _share(shingling, a: str, b: str) -> float:
    sa, sb = shingling.shingles(a), shingling.shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / min(len(sa), len(sb))


def _lead(text: str, n: int) -> str:
    t = " ".join((text or "").split())
    return t[:n] + ("..." if len(t) > n else "")


def _pairs(con, sql: str) -> list[tuple]:
    return [tuple(r) for r in con.execute(sql).fetchall()]


def _exact(art: dict) -> None:
    from collections import Counter, defaultdict
    from itertools import combinations

    ids = sorted(art)
    sets = [ARTICLE_SHINGLING.shingles(art[a][3]) for a in ids]
    inv: dict[bytes, list[int]] = defaultdict(list)
    for i, s in enumerate(sets):
        for x in s:
            inv[x].append(i)
    common: Counter = Counter()
    for v in inv.values():
        if len(v) <= 50:
            common.update(combinations(v, 2))
    bands = [(0.3, 0.4), (0.4, 0.5), (0.5, 0.6), (0.6, 0.8), (0.8, 1.01)]
    found = {b: [0, 0] for b in bands}
    for (i, j), n in common.items():
        c = n / max(1, min(len(sets[i]), len(sets[j])))
        for lo, hi in bands:
            if lo <= c < hi:
                found[(lo, hi)][0] += 1
                found[(lo, hi)][1] += art[ids[i]][4] == art[ids[j]][4]
    print("# exact share of the shorter article's 5-word shingles: pairs, and pairs in one story")
    for (lo, hi), (n, same) in found.items():
        print(f"{lo:.1f}-{min(hi, 1.0):.1f}  {n:5d} pairs  {same:5d} in one story ({same / max(n, 1):.0%})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--n", type=int, default=50)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--chars", type=int, default=600, help="characters of each body shown")
    ap.add_argument("--only", choices=("stories", "statements", "missed", "exact"), default=None)
    args = ap.parse_args()
    con = duckdb.connect()
    for t in ("articles", "quotes", "people", "places"):
        con.execute(f"CREATE VIEW {t} AS SELECT * FROM read_parquet('{(args.out / f'{t}.parquet').resolve()}')")
    art = {r[0]: r[1:] for r in con.execute(
        "SELECT article_id, outlet, published_at, title, text, story_id FROM articles").fetchall()}

    def show_article(tag: str, aid: str) -> None:
        outlet, when, title, text, _sid = art[aid]
        print(f"  {tag} {aid} {outlet} {when} | {title}")
        print(f"     {_lead(text, args.chars)}")

    if args.only == "exact":
        _exact(art)
        return
    if args.only in (None, "stories"):
        rng = random.Random(args.seed)
        pop = _pairs(con, """SELECT a.article_id, b.article_id FROM articles a JOIN articles b
                             ON a.story_id = b.story_id AND a.article_id < b.article_id ORDER BY 1, 2""")
        pick = sorted(rng.sample(pop, min(args.n, len(pop))))
        print(f"# same-story pairs: {len(pick)} of {len(pop)}, seed {args.seed}\n")
        for k, (a, b) in enumerate(pick, 1):
            print(f"S{k:02d} story {art[a][4]} share {_share(ARTICLE_SHINGLING, art[a][3], art[b][3]):.2f}")
            show_article("A", a)
            show_article("B", b)
            print()
    if args.only in (None, "statements"):
        rng = random.Random(args.seed)
        pop = _pairs(con, """SELECT x.article_id, x.start_char, y.article_id, y.start_char FROM quotes x JOIN quotes y
                             ON x.statement_id = y.statement_id AND x.article_id < y.article_id ORDER BY ALL""")
        pick = sorted(rng.sample(pop, min(args.n, len(pop))))
        print(f"# same-statement pairs (two articles): {len(pick)} of {len(pop)}, seed {args.seed}\n")
        for k, (a, sa, b, sb) in enumerate(pick, 1):
            qa, qb = (con.execute("SELECT kind, text, speaker, person_id, statement_id FROM quotes "
                                  "WHERE article_id = ? AND start_char = ?", [x, s]).fetchone()
                      for x, s in ((a, sa), (b, sb)))
            same_story = art[a][4] == art[b][4]
            print(f"Q{k:02d} statement {qa[4]} share {_share(QUOTE_SHINGLING, qa[1], qb[1]):.2f} "
                  f"{'same story' if same_story else 'two stories'}")
            for tag, aid, q in (("A", a, qa), ("B", b, qb)):
                print(f"  {tag} {art[aid][0]} {art[aid][1]} | {art[aid][2]}")
                print(f"     {q[0]} by {q[2]!r} ({q[3]}): {q[1]}")
            print()
    if args.only in (None, "missed"):
        rng = random.Random(args.seed)
        pop = _pairs(con, """
            WITH ent AS (SELECT DISTINCT article_id, 'p:' || person_id AS e FROM people
                         WHERE person_id IS NOT NULL AND name IS NOT NULL
                         UNION SELECT DISTINCT article_id, 'r:' || region_code AS e FROM places
                         WHERE region_code IS NOT NULL AND level IN ('kecamatan', 'desa', 'kelurahan', 'dusun')),
                 d AS (SELECT e.article_id, e.e, left(a.published_at, 10) AS day, a.story_id
                       FROM ent e JOIN articles a USING (article_id) WHERE a.published_at IS NOT NULL)
            SELECT DISTINCT x.article_id, y.article_id FROM d x JOIN d y
              ON x.e = y.e AND x.day = y.day AND x.article_id < y.article_id AND x.story_id <> y.story_id
            ORDER BY 1, 2""")
        pick = sorted(rng.sample(pop, min(args.n, len(pop))))
        print(f"# pairs sharing a named person or a place below the kabupaten and a day, in two stories: {len(pick)} of {len(pop)}, "
              f"seed {args.seed}\n")
        for k, (a, b) in enumerate(pick, 1):
            print(f"M{k:02d} share {_share(ARTICLE_SHINGLING, art[a][3], art[b][3]):.2f}")
            show_article("A", a)
            show_article("B", b)
            print()


if __name__ == "__main__":
    main()
