"""Draw a random sample of people rows and quotes from a `pipeline run` output, each shown with
the article text around it, for a person to judge (the reading audit of docs/quality.md).

    python tools/audit_sample.py OUT_DIR --n 100 --seed 16 > audit.txt

For each people row: the name, position, unit, rule and the sentence-sized context of its first
mention. For each quote: its text, cue, the resolved speaker and the paragraph before and the one
holding it. The reader marks each row: a person with a right name / not a person / a wrong name
(people); the right speaker / a wrong speaker / not a quote (quotes).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import pandas as pd


def _context(text: str, start: int, end: int, before: int = 220, after: int = 220) -> str:
    a, b = max(0, start - before), min(len(text), end + after)
    s = text[a:start] + "[[" + text[start:end] + "]]" + text[end:b]
    return " ".join(s.split())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--n", type=int, default=100)
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--only", choices=("people", "quotes"), default=None)
    args = ap.parse_args()
    arts = pd.read_parquet(args.out / "articles.parquet", columns=["article_id", "source", "text"])
    text_of = dict(zip(arts["article_id"], arts["text"]))
    source_of = dict(zip(arts["article_id"], arts["source"]))
    rng = random.Random(args.seed)
    if args.only in (None, "people"):
        people = pd.read_parquet(args.out / "people.parquet")
        named = people[people["name"].notna()].reset_index(drop=True)
        picks = sorted(rng.sample(range(len(named)), min(args.n, len(named))))
        print(f"# people: {len(picks)} of {len(named)} named rows, seed {args.seed}\n")
        for k, i in enumerate(picks, 1):
            r = named.iloc[i]
            text = text_of.get(r["article_id"], "")
            office = " ".join(str(x) for x in (r.get("rank"), r.get("position"), r.get("unit")) if pd.notna(x))
            print(f"P{k:03d} name={r['name']!r} office={office!r} rule={r['rule_id']} "
                  f"n_mentions={r.get('n_mentions')} source={source_of.get(r['article_id'])}")
            print("     " + _context(text, int(r["start_char"]), int(r["end_char"])))
            print()
    if args.only in (None, "quotes"):
        quotes = pd.read_parquet(args.out / "quotes.parquet")
        picks = sorted(rng.sample(range(len(quotes)), min(args.n, len(quotes))))
        print(f"# quotes: {len(picks)} of {len(quotes)} rows, seed {args.seed}\n")
        for k, i in enumerate(picks, 1):
            r = quotes.iloc[i]
            text = text_of.get(r["article_id"], "")
            who = r["speaker_name"] if pd.notna(r["speaker_name"]) else " ".join(
                str(x) for x in (r["speaker_position"], r["speaker_unit"]) if pd.notna(x)) or None
            print(f"Q{k:03d} kind={r['kind']} speaker={who!r} written={r['speaker']!r} cue={r['cue']!r} "
                  f"rule={r['rule_id']} source={source_of.get(r['article_id'])}")
            s, e = int(r["start_char"]), int(r["end_char"])
            print("     " + _context(text, s, e, before=600, after=160))
            print()


if __name__ == "__main__":
    main()
