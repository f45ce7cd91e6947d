"""How much the pipeline costs around the NER model, in one process on one core.

Times passes over the same sample of articles: the bare tokenizer, the shipped model alone
(its tokenizer + NER, ``nlp.pipe``, on the normalized bodies), the whole pipeline with the model
and without it, per article (``Processor.process``) and in batches as ``pipeline run`` does
(``Processor.process_many``, ``nlp.pipe`` over ``--batch-size`` articles): ingest, normalize, nlp,
extract, resolve; no table writing. Prints articles/s by wall time and by CPU time
(``time.process_time``, steadier on a shared machine), the ratios full pipeline / model alone
(goal >= 0.8) and the extraction's own CPU time per article (pipeline --no-ner minus the bare tokenizer).

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


def _best(fn, repeat: int) -> tuple[float, float]:
    """The best wall time and the best CPU time of ``repeat`` runs of ``fn``."""
    wall = cpu = float("inf")
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall, cpu = min(wall, time.perf_counter() - t), min(cpu, time.process_time() - c)
    return wall, cpu


def _batches(proc: Processor, recs: list, size: int) -> list:
    out = []
    for k in range(0, len(recs), size):
        out.extend(proc.process_many(recs[k:k + size]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--n", type=int, default=300, help="articles in the sample (seed 0)")
    ap.add_argument("--repeat", type=int, default=2, help="passes per measurement; the best is kept")
    ap.add_argument("--batch-size", type=int, default=100, help="articles per process_many call (pipeline run's default)")
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
    if hasattr(with_ner, "process_many"):
        rows += [
            ("pipeline with NER, batches", _best(lambda: _batches(with_ner, recs, args.batch_size), args.repeat)),
            ("pipeline --no-ner, batches", _best(lambda: _batches(without, recs, args.batch_size), args.repeat)),
        ]
    n = len(recs)
    print(f"{n} articles, {n_tok} tokens (bare tokenizer)")
    print(f"  {'pass':32} {'art/s wall':>10} {'art/s CPU':>10} {'tokens/s CPU':>13} {'ms CPU/art':>11}")
    for name, (wall, cpu) in rows:
        print(f"  {name:32} {n / wall:10.1f} {n / cpu:10.1f} {n_tok / cpu:13.0f} {cpu / n * 1000:11.2f}")
    by = dict(rows)
    model_w, model_c = by["model alone (tokenizer + NER)"]
    for name in ("pipeline with NER", "pipeline with NER, batches"):
        if name in by:
            print(f"  ratio {name} / model alone: {model_w / by[name][0]:.2f} wall, {model_c / by[name][1]:.2f} CPU")
    for name in ("pipeline --no-ner", "pipeline --no-ner, batches"):
        if name in by:
            extra = (by[name][1] - by["bare tokenizer"][1]) / n * 1000
            print(f"  {name}: {extra:.2f} ms CPU per article beyond the bare tokenizer")


if __name__ == "__main__":
    main()
