"""Entity-level scores of an NER model on the test sets, and its speed, in one process.

    pipeline ner evaluate --model pipeline/ner/model --data ../shared/ner
    # or: python -m pipeline.ner.evaluate [MODEL] [DATA]

Scores are exact span and type: a predicted entity counts only if its first token, last token and label
all equal a gold entity's.  The model reads each corpus's own tokens (no re-tokenisation), so the figures
measure the NER, not the tokenizer.  Test sets (labels mapped as in :mod:`pipeline.ner.convert`):

* ``idner``   idner-news-2k test (PER, ORG, LOC)
* ``nergrit`` IndoNLU NERGrit test (PER, ORG, LOC)
* ``nerp``    IndoNLU NERP test, PER and LOC only (the corpus has no ORG; predicted ORG are ignored)
* ``nerui``   IndoLEM NER-UI fold 1 test (PER, ORG, LOC) -- no sentence of it is in the training data

Speed: the test sentences of all four sets, joined by spaces into one text per sentence, go through
(a) the bare tokenizer (``nlp.make_doc``) and (b) the whole model (``nlp.pipe``: tokenizer + NER), in
this process on one core (thinc's CPU ops run single-threaded); best of ``repeats`` passes each.
"""

from __future__ import annotations

import time
from pathlib import Path

from .convert import CORPORA, EVAL_SETS, read_corpus

NAMES = {
    "idner": "idner-news-2k test",
    "nergrit": "NERGrit test",
    "nerp": "NERP test (PER, LOC)",
    "nerui": "NER-UI fold 1 test",
}


def prf(tp: int, n_pred: int, n_gold: int) -> dict:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f": f, "tp": tp, "pred": n_pred, "gold": n_gold}


def score_spans(gold: list[set], pred: list[set], labels) -> dict:
    """Micro P/R/F over sentences of ``(start, end, label)`` sets, overall and per label."""
    out = {}
    for lab in (None, *labels):
        keep = (lambda s: s[2] in labels) if lab is None else (lambda s, lab=lab: s[2] == lab)
        tp = n_p = n_g = 0
        for g, p in zip(gold, pred):
            g = {s for s in g if keep(s)}
            p = {s for s in p if keep(s)}
            tp += len(g & p)
            n_p += len(p)
            n_g += len(g)
        out["all" if lab is None else lab] = prf(tp, n_p, n_g)
    return out


def _predict(nlp, sentences) -> list:
    from spacy.tokens import Doc

    docs = [Doc(nlp.vocab, words=s.words) for s in sentences]
    for _, proc in nlp.pipeline:
        docs = list(proc.pipe(docs, batch_size=256))
    return docs


def evaluate_set(nlp, data_dir: Path, key: str) -> dict:
    spec = CORPORA[key]
    sents = read_corpus(data_dir, key, "test")
    docs = _predict(nlp, sents)
    gold = [{(a, b, lab) for a, b, lab in s.spans} for s in sents]
    pred = [{(e.start, e.end, e.label_) for e in d.ents} for d in docs]
    res = score_spans(gold, pred, spec.labels)
    res["sentences"] = len(sents)
    res["tokens"] = sum(len(s.words) for s in sents)
    return res


def speed(nlp, texts: list[str], repeats: int = 3) -> dict:
    """Tokens/s of the bare tokenizer and of the whole model on the same texts (best of ``repeats``)."""
    n_tok = sum(len(nlp.make_doc(t)) for t in texts)  # also warms up
    list(nlp.pipe(texts[:200]))
    tok_t = model_t = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        for t in texts:
            nlp.make_doc(t)
        tok_t = min(tok_t, time.perf_counter() - t0)
        t0 = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=256):
            pass
        model_t = min(model_t, time.perf_counter() - t0)
    tok_s, model_s = n_tok / tok_t, n_tok / model_t
    return {"tokens": n_tok, "texts": len(texts), "tokenizer_tokens_per_s": tok_s, "model_tokens_per_s": model_s,
            "tokenizer_to_model_ratio": tok_s / model_s}


def evaluate(model: Path, data_dir: Path, sets=EVAL_SETS, repeats: int = 3) -> dict:
    """Scores per test set (``{"idner": {"all": {"p", "r", "f", ...}, "PER": ...}, ...}``) and ``"speed"``."""
    import spacy

    data_dir = Path(data_dir)
    nlp = spacy.load(model)
    out: dict = {"model": str(model), "model_id": f"{nlp.meta.get('name')}-{nlp.meta.get('version')}",
                 "data": str(data_dir), "sets": {}}
    texts: list[str] = []
    for key in sets:
        out["sets"][key] = evaluate_set(nlp, data_dir, key)
        texts.extend(" ".join(s.words) for s in read_corpus(data_dir, key, "test"))
    out["speed"] = speed(nlp, texts, repeats=repeats)
    return out


def table(result: dict):
    """A rich Table of :func:`evaluate`'s result."""
    from rich.table import Table

    t = Table(title=f"NER {result['model_id']} ({result['model']})")
    for col in ("test set", "P", "R", "F1", "PER F1", "ORG F1", "LOC F1", "gold", "sentences"):
        t.add_column(col, justify="left" if col == "test set" else "right")
    for key, r in result["sets"].items():
        a = r["all"]
        per_label = [f"{r[lab]['f']:.3f}" if lab in r else "-" for lab in ("PER", "ORG", "LOC")]
        t.add_row(NAMES.get(key, key), f"{a['p']:.3f}", f"{a['r']:.3f}", f"{a['f']:.3f}", *per_label,
                  str(a["gold"]), str(r["sentences"]))
    s = result["speed"]
    t.caption = (f"speed on {s['tokens']:,} tokens: model {s['model_tokens_per_s']:,.0f} tokens/s, "
                 f"bare tokenizer {s['tokenizer_tokens_per_s']:,.0f} tokens/s "
                 f"(tokenizer/model {s['tokenizer_to_model_ratio']:.0f}x)")
    return t


if __name__ == "__main__":
    import json
    import sys

    from rich.console import Console

    from . import model_path

    m = Path(sys.argv[1]) if len(sys.argv) > 1 else model_path()
    d = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).resolve().parents[2].parent / "shared" / "ner"
    res = evaluate(m, d)
    Console().print(table(res))
    if "--json" in sys.argv:
        print(json.dumps(res, indent=1))
