"""Compare two runs of `pipeline run` over the same corpus: rows per table, and a sample of
rows that appeared or disappeared. article_id is stable, so rows are matched by article and
the table's key columns.

    python tools/corpus_diff.py BEFORE_DIR AFTER_DIR [--sample 15]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

KEYS = {
    "officials": ["name", "position", "unit"],
    "people": ["name", "position", "unit"],
    "places": ["name", "level", "region_code"],
    "dates": ["value", "text"],
    "quotes": ["kind", "text"],
}


def _keyed(df: pd.DataFrame, cols: list[str]) -> pd.Series:
    parts = [df["article_id"].astype(str)] + [df[c].astype(str).str[:60] for c in cols]
    out = parts[0]
    for p in parts[1:]:
        out = out + " | " + p
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("before", type=Path)
    ap.add_argument("after", type=Path)
    ap.add_argument("--sample", type=int, default=15)
    args = ap.parse_args()
    print(f"{'table':10} {'before':>8} {'after':>8} {'new':>6} {'lost':>6}")
    samples = []
    for table, cols in KEYS.items():
        a = pd.read_parquet(args.before / f"{table}.parquet")
        b = pd.read_parquet(args.after / f"{table}.parquet")
        ka, kb = set(_keyed(a, cols)), set(_keyed(b, cols))
        new, lost = sorted(kb - ka), sorted(ka - kb)
        print(f"{table:10} {len(a):8} {len(b):8} {len(new):6} {len(lost):6}")
        samples.append((table, new, lost))
    for table, new, lost in samples:
        if table in ("people", "dates"):
            continue
        step_new = max(len(new) // args.sample, 1)
        step_lost = max(len(lost) // args.sample, 1)
        print(f"\n== {table}: sample of new rows")
        for row in new[::step_new][: args.sample]:
            print("  +", row)
        print(f"== {table}: sample of lost rows")
        for row in lost[::step_lost][: args.sample]:
            print("  -", row)


if __name__ == "__main__":
    main()
