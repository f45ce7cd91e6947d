"""Where the NER model goes wrong on one test set: gold entities missed outright, found with the
wrong type, found with the wrong boundaries, and predicted entities overlapping no gold one.

    python tools/ner_errors.py nerui            # IndoLEM NER-UI fold 1 test
    python tools/ner_errors.py nergrit --model /tmp/ner-c --examples 20

Reads each corpus's own tokens, as ``pipeline ner evaluate`` does (labels mapped by
``pipeline.ner.convert``), so the counts add up to that command's false negatives and positives.
"""

from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

import spacy
from spacy.tokens import Doc

from pipeline.ner import model_path
from pipeline.ner.convert import EVAL_SETS, read_corpus


def classify(gold: set, pred: set) -> list[tuple[str, str, tuple, list]]:
    """(kind, label, span, overlapping spans) for every error in one sentence."""
    out = []
    for g in sorted(gold - pred):
        over = [p for p in pred if p[0] < g[1] and g[0] < p[1]]
        if not over:
            kind = "missed"
        elif any((p[0], p[1]) == (g[0], g[1]) for p in over):
            kind = "wrong type"
        else:
            kind = "wrong boundary"
        out.append((kind, g[2], g, over))
    for p in sorted(pred - gold):
        if not any(p[0] < g[1] and g[0] < p[1] for g in gold):
            out.append(("spurious", p[2], p, []))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", choices=sorted(EVAL_SETS))
    ap.add_argument("--model", type=Path, default=None, help="spaCy model folder (default: the shipped one)")
    ap.add_argument("--data", type=Path, default=Path("../shared/ner"))
    ap.add_argument("--examples", type=int, default=8)
    a = ap.parse_args()
    nlp = spacy.load(a.model or model_path())
    counts: Counter = Counter()
    examples: dict = defaultdict(list)
    n_gold = 0
    for s in read_corpus(a.data, a.corpus, "test"):
        doc = nlp(Doc(nlp.vocab, words=list(s.words)))
        pred = {(e.start, e.end, e.label_) for e in doc.ents}
        gold = {tuple(x) for x in s.spans}
        n_gold += len(gold)
        for kind, label, span, over in classify(gold, pred):
            counts[(kind, label)] += 1
            shown = " ".join(s.words[span[0]:span[1]])
            if over:
                shown += " <- " + "; ".join(f"{' '.join(s.words[p[0]:p[1]])}/{p[2]}" for p in over)
            examples[(kind, label)].append(shown)
    print(f"{a.corpus}: {n_gold} gold entities")
    for (kind, label), n in counts.most_common():
        print(f"{kind:15} {label:4} {n:4}  e.g. {' | '.join(examples[(kind, label)][:a.examples])}")


if __name__ == "__main__":
    main()
