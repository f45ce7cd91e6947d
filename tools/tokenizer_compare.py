"""Compare the pipeline's tokenizer (pipeline/nlp/tokenizer.py, special cases deferred) with
spaCy's own (``spacy.blank("id")``, every special case built), both with the rules'
abbreviations: text, offset, whitespace and norm of every token, on every ``.txt`` under the
given folders, as written, upper-cased and with its spaces removed.

    python tools/tokenizer_compare.py ../shared/eval/dev ../shared/eval/dev2 ../shared/corpus/articles
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import spacy
from spacy.symbols import ORTH

from pipeline.nlp.language import abbreviations, blank
from pipeline.rules.loader import load_rules


def _tokens(doc):
    return [(t.text, t.idx, t.whitespace_, t.norm_) for t in doc]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="+", type=Path)
    a = ap.parse_args()
    rules = load_rules()
    full, deferred = spacy.blank("id"), blank()
    for nlp in (full, deferred):
        for abbr in sorted(abbreviations(rules)):
            nlp.tokenizer.add_special_case(abbr, [{ORTH: abbr}])
    files = [p for f in a.folders for p in (sorted(f.rglob("*.txt")) if f.is_dir() else [f])]
    n = n_tok = bad = 0
    for f in files:
        text = f.read_text(encoding="utf-8")
        for variant in (text, text.upper(), text.replace(" ", "")):
            t1, t2 = _tokens(full(variant)), _tokens(deferred(variant))
            n += 1
            n_tok += len(t1)
            if t1 != t2:
                bad += 1
                i = next((i for i, (x, y) in enumerate(zip(t1, t2)) if x != y), min(len(t1), len(t2)))
                print(f"DIFFERENT {f} token {i}: {t1[i:i + 3]} vs {t2[i:i + 3]}")
    loaded = len(deferred.tokenizer.rules) - deferred.tokenizer.n_deferred
    print(f"{n} texts, {n_tok:,} tokens, {bad} different; {loaded:,} special cases built, "
          f"{deferred.tokenizer.n_deferred:,} never needed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
