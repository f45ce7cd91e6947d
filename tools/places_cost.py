"""What places cost per article: the gazetteer index built once, then finding and linking.

    python tools/places_cost.py ../shared/corpus/articles [--limit 1000]

Runs the normal per-article stages on up to ``--limit`` .txt articles in one process and
times the two place steps (extract/places.py ``find``, resolve/places.py ``link_places``)
apart from the rest of the article's processing.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from pipeline.process import Processor
from pipeline.resources.gazetteer import load_gazetteer
from pipeline.resolve import places as resolve_places
from pipeline.rules import load_rules
from pipeline import process as process_mod
from pipeline.models import RawRecord


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--limit", type=int, default=1000)
    args = ap.parse_args()
    rules = load_rules()
    t0 = time.perf_counter()
    gz = load_gazetteer(tuple((a.short, a.long) for a in rules.name_abbreviations))
    t_gz = time.perf_counter() - t0
    proc = Processor(rules, gz)
    spent = {"find": 0.0, "link": 0.0}
    find, link = proc.places.find, resolve_places.link_places

    def timed_find(*a, **k):
        t = time.perf_counter()
        try:
            return find(*a, **k)
        finally:
            spent["find"] += time.perf_counter() - t

    def timed_link(*a, **k):
        t = time.perf_counter()
        try:
            return link(*a, **k)
        finally:
            spent["link"] += time.perf_counter() - t

    proc.places.find = timed_find
    process_mod.link_places = timed_link
    files = sorted(args.folder.rglob("*.txt"))[: args.limit]
    n_places = 0
    t0 = time.perf_counter()
    for f in files:
        res = proc.process(RawRecord(str(f.relative_to(args.folder)), "txt", f.read_text(errors="replace")))
        n_places += len(res.places)
    total = time.perf_counter() - t0
    n = max(len(files), 1)
    print(f"gazetteer index: {len(gz.by_code):,} regions, {len(gz.by_key):,} keys, built in {t_gz:.2f} s (once)")
    print(f"articles: {len(files)}, place rows: {n_places}")
    print(f"per article: all stages {1000 * total / n:.2f} ms; places find {1000 * spent['find'] / n:.2f} ms, "
          f"link {1000 * spent['link'] / n:.2f} ms ({100 * (spent['find'] + spent['link']) / total:.1f}% of the total)")


if __name__ == "__main__":
    main()
