"""How much the pipeline costs around the NER model, in one process on one core.

Times four passes over the same sample of articles: the bare tokenizer, the shipped model alone
(its tokenizer + NER, ``nlp.pipe``, on the normalized bodies), the whole per-article pipeline with the model and without it
(``Processor.process``: ingest, normalize, nlp, extract, resolve; no table writing), and prints
articles/s and the ratio full pipeline / model alone (the later goal is >= 0.8).

    python tools/ner_overhead.py ../shared/corpus/articles --n 300
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

import spacy

from pipeline.ingest import iter_records
from pipeline.ingest.metadata import parse_metadata
from pipeline.ner import model_path
from pipeline.normalize import normalize_text
from pipeline.process import Processor
from pipeline.rules import load_rules


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--n", type=int, default=300, help="articles in the sample (seed 0)")
    ap.add_argument("--repeat", type=int, default=2, help="passes per measurement; the best is kept")
    args = ap.parse_args()
    recs = [r for r in iter_records([args.folder], None) if hasattr(r, "text")]
    random.seed(0)
    recs = random.sample(recs, min(args.n, len(recs)))
    rules = load_rules()
    model = spacy.load(model_path())
    blank = spacy.blank("id")
    with_ner = Processor(rules)
    without = Processor(rules, gazetteer=with_ner.gz, ner=False)
    # the text the pipeline tokenizes: the normalized body (scraping noise out)
    bodies = []
    for r in recs:
        meta = parse_metadata(r)
        bodies.append(normalize_text(meta.body, with_ner.noise, with_ner.unglue, meta.title,
                                     with_ner.function_words).text)
    n_tok = sum(len(d) for d in blank.pipe(bodies))
    rows = [
        ("bare tokenizer", _best(lambda: list(blank.pipe(bodies)), args.repeat)),
        ("model alone (tokenizer + NER)", _best(lambda: list(model.pipe(bodies)), args.repeat)),
        ("pipeline with NER", _best(lambda: [with_ner.process(r) for r in recs], args.repeat)),
        ("pipeline --no-ner", _best(lambda: [without.process(r) for r in recs], args.repeat)),
    ]
    print(f"{len(recs)} articles, {n_tok} tokens (bare tokenizer)")
    for name, secs in rows:
        print(f"  {name:32} {len(recs) / secs:8.1f} articles/s  {n_tok / secs:10.0f} tokens/s")
    print(f"  ratio pipeline with NER / model alone: {rows[1][1] / rows[2][1]:.2f}")


if __name__ == "__main__":
    main()
