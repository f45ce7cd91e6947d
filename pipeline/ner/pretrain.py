"""Pretrain the NER model's tok2vec layer on raw Indonesian text (``spacy pretrain``, characters objective).

    pipeline ner pretrain --corpus ../shared/corpus/articles --ud ../shared/ud --data ../shared/ner \
        --out /tmp/ner-pretrain --epochs 2 --seed 0
    pipeline ner train --pretrained /tmp/ner-pretrain/model-last.bin

Raw text (written to a temporary ``raw.jsonl``, one ``{"text": ...}`` a line, deleted afterwards; only the
weights, spaCy's ``log.jsonl`` and the config stay in ``--out``):

- the corpus articles (``articles/<source>/<id>.txt``): title and body paragraphs, without the header
  lines and without the scraper boilerplate lines (``ADVERTISEMENT``, ``Baca Juga: ...``);
- the ``# text =`` sentences of the UD treebanks' CoNLL-U files;
- the *train* splits of the licensed NER corpora (idner-news-2k, NERGrit, NERP), tokens joined by spaces,
  with the same leak filter as :func:`pipeline.ner.convert.convert` (no test-set sentence, not even
  unlabelled, reaches the model).

The objective predicts the first and last four characters of each word from its context
(``spacy.PretrainCharacters.v1``), so no vectors are needed.  The run is bounded by ``--epochs``; spaCy
writes ``model{N}.bin`` after every epoch and ``model-last.bin`` at the end.  ``config.cfg``'s
``[pretraining]`` section names the layer (``component = "ner"``, ``layer = "tok2vec"``), so the weights fit
the training config exactly; a config whose tok2vec differs will refuse them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterable, Iterator

from .convert import TRAIN_CORPORA, leak_filter, read_corpus

CONFIG = Path(__file__).with_name("config.cfg")

HEADER = re.compile(r"^(TITLE|DATE|SOURCE):\s?")
BOILERPLATE = re.compile(
    r"^(ADVERTISEMENT|SCROLL TO CONTINUE WITH CONTENT|Baca [Jj]uga\b.*|\[Gambas:.*\]|Simak [Vv]ideo\b.*)$")


def article_paragraphs(path: Path) -> Iterator[str]:
    """Title and body paragraphs of one corpus article file (header and boilerplate lines left out)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    for line in text.replace("\r\n", "\n").split("\n"):
        line = line.replace("\u00a0", " ").strip()
        if not line:
            continue
        m = HEADER.match(line)
        if m:
            if m.group(1) != "TITLE":
                continue
            line = line[m.end():].strip()
        if not line or BOILERPLATE.match(line):
            continue
        yield line


def ud_sentences(ud_dir: Path) -> Iterator[str]:
    """The ``# text =`` lines of every ``*.conllu`` file under ``ud_dir``."""
    for f in sorted(Path(ud_dir).rglob("*.conllu")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.startswith("# text = "):
                yield line[len("# text = "):].strip()


def ner_train_sentences(data_dir: Path, corpora: Iterable[str] = TRAIN_CORPORA) -> Iterator[str]:
    """Train-split sentences of the licensed NER corpora (tokens joined by spaces), test leaks removed."""
    leaks = leak_filter(data_dir)
    for key in corpora:
        for s in read_corpus(data_dir, key, "train"):
            if not leaks(s):
                yield " ".join(s.words)


def write_raw_text(out: Path, corpus_dir: Path | None = None, ud_dir: Path | None = None,
                   ner_dir: Path | None = None) -> dict:
    """Write the raw-text JSONL for ``spacy pretrain``; returns line and character counts per source."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    counts: dict = {}
    seen: set[str] = set()
    with out.open("w", encoding="utf-8") as fh:
        sources = []
        if corpus_dir is not None:
            sources.append(("corpus", (p for f in sorted(Path(corpus_dir).rglob("*.txt"))
                                       for p in article_paragraphs(f))))
        if ud_dir is not None:
            sources.append(("ud", ud_sentences(ud_dir)))
        if ner_dir is not None:
            sources.append(("ner_train", ner_train_sentences(ner_dir)))
        for name, texts in sources:
            n = chars = 0
            for t in texts:
                if len(t) < 20 or t in seen:  # very short lines are captions and menu remnants
                    continue
                seen.add(t)
                fh.write(json.dumps({"text": t}, ensure_ascii=False) + "\n")
                n += 1
                chars += len(t)
            counts[name] = {"lines": n, "chars": chars}
    return counts


def pretrain(raw_text: Path, out_dir: Path, epochs: int, seed: int = 0, *, config: Path = CONFIG,
             overrides: dict | None = None, resume: Path | None = None) -> Path:
    """Run ``spacy pretrain`` until epoch ``epochs`` on ``raw_text``; returns the ``model-last.bin`` path.

    ``resume``: a ``model{N}.bin`` of an earlier run; training goes on from epoch N+1 (the objective's
    output layer and the optimizer state start afresh, as in ``spacy pretrain --resume-path``)."""
    from spacy.training.pretrain import pretrain as spacy_pretrain
    from spacy.util import load_config

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    ov = {"paths.raw_text": str(raw_text), "system.seed": int(seed), "pretraining.max_epochs": int(epochs)}
    ov.update(overrides or {})
    cfg = load_config(config, overrides=ov, interpolate=False)
    cfg.to_disk(out_dir / "config.cfg")
    spacy_pretrain(cfg.interpolate(), out_dir, resume_path=Path(resume) if resume else None, use_gpu=-1,
                   silent=False)
    return out_dir / "model-last.bin"


def pretrain_from_sources(out_dir: Path, epochs: int, seed: int = 0, *, corpus_dir: Path | None = None,
                          ud_dir: Path | None = None, ner_dir: Path | None = None, resume: Path | None = None,
                          config: Path = CONFIG) -> dict:
    """Write the raw text of the given sources to a temporary file, pretrain, and return a summary
    (``weights`` path and the raw-text counts, also written to ``out_dir/pretrain.json``)."""
    import tempfile

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ner-pretrain-") as tmp:
        raw = Path(tmp) / "raw.jsonl"
        counts = write_raw_text(raw, corpus_dir, ud_dir, ner_dir)
        if not any(c["lines"] for c in counts.values()):
            raise ValueError("no raw text: give at least one of corpus_dir, ud_dir, ner_dir with text in it")
        weights = pretrain(raw, out_dir, epochs, seed, config=config, resume=resume)
    summary = {"weights": str(weights), "epochs": int(epochs), "seed": int(seed), "raw_text": counts,
               "resumed_from": str(resume) if resume else None}
    (out_dir / "pretrain.json").write_text(json.dumps(summary, indent=1) + "\n")
    return summary


if __name__ == "__main__":  # python -m pipeline.ner.pretrain OUT --corpus C --ud U --data D --epochs N
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--corpus", type=Path, default=None)
    ap.add_argument("--ud", type=Path, default=None)
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--epochs", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--resume", type=Path, default=None, help="model{N}.bin of an earlier run to go on from")
    a = ap.parse_args()
    print(json.dumps(pretrain_from_sources(a.out, a.epochs, a.seed, corpus_dir=a.corpus, ud_dir=a.ud,
                                           ner_dir=a.data, resume=a.resume), indent=1))
