"""CPU time of one long article without sentence breaks, at growing lengths (is the extraction linear?).

Two texts: ``--kind names`` repeats "Kapolres AKBP Budi " (one person named thousands of times);
``--kind corpus`` joins the bodies of the first 20 articles of FOLDER with their sentence ends
turned into commas and newlines into spaces, repeated to the length. Each length runs once through
``Processor.process`` (with the NER model unless ``--no-ner``); prints CPU seconds (``time.process_time``).

    python tools/long_text_cost.py ../shared/corpus/articles --kind corpus --sizes 20000,80000,320000
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from pipeline.models import RawRecord
from pipeline.process import Processor
from pipeline.rules import load_rules


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--kind", choices=("names", "corpus"), default="corpus")
    ap.add_argument("--sizes", default="20000,80000", help="comma-separated lengths in characters")
    ap.add_argument("--no-ner", action="store_true")
    args = ap.parse_args()
    if args.kind == "names":
        unit = "Kapolres AKBP Budi "
    else:
        files = sorted(args.folder.rglob("*.txt"))[:20]
        unit = " ".join(f.read_text(encoding="utf-8").split("\n\n", 1)[-1] for f in files)  # bodies, no header
        unit = re.sub(r"[.!?]\s+", ", ", unit).replace("\n", " ")
    proc = Processor(load_rules(), ner=not args.no_ner)
    for n in (int(x) for x in args.sizes.split(",")):
        text = (unit * (n // len(unit) + 1))[:n]
        t = time.process_time()
        res = proc.process(RawRecord("long.txt", "txt", text))
        print(f"{n:>9,} chars: {time.process_time() - t:7.2f} s CPU, {res.article['n_tokens']:,} tokens, "
              f"{len(res.mentions):,} mentions", flush=True)


if __name__ == "__main__":
    main()
