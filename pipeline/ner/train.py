"""Train the Indonesian NER model: convert the licensed corpora, run ``spacy train`` on ``config.cfg``,
and write the best checkpoint (pipeline files only) to ``out_dir``.

    pipeline ner train --data ../shared/ner --out pipeline/ner/model --seed 0
    # or: python -m pipeline.ner.train ../shared/ner pipeline/ner/model --seed 0

Training data: idner-news-2k, NERGrit and NERP train splits (see :mod:`pipeline.ner.convert` for the
label mapping, the NERP organisation masking and the removal of sentences that occur in a test set).
Dev (checkpoint choice): idner-news-2k dev + NERGrit valid.  The IndoLEM sets are never read here except
the NER-UI fold 1 *test* sentences, only to keep them out of training.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from .convert import DEV_CORPORA, TRAIN_CORPORA, convert

CONFIG = Path(__file__).with_name("config.cfg")
MODEL_NAME = "ner_id_news"
MODEL_VERSION = "0.2.0"  # 0.2: tok2vec pretrained with `pipeline ner pretrain`


def _clear_model_dir(out_dir: Path) -> None:
    """Remove a previous model in ``out_dir``; refuse to empty a folder that is not one."""
    if not out_dir.exists():
        return
    names = {p.name for p in out_dir.iterdir()}
    if names and not (out_dir / "meta.json").exists():
        raise FileExistsError(f"{out_dir} exists and is not a spaCy model folder; not overwriting it")
    shutil.rmtree(out_dir)


def _file_info(path: Path) -> dict:
    """Name, size and hash of the pretrained weights, and the raw-text summary `pipeline ner pretrain`
    wrote beside them (pretrain.json), if there is one."""
    import hashlib

    data = Path(path).read_bytes()
    info = {"file": Path(path).name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    summary = Path(path).with_name("pretrain.json")
    if summary.is_file():
        s = json.loads(summary.read_text())
        info.update({k: s[k] for k in ("epochs", "seed", "raw_text") if k in s})
    return info


def train(data_dir: Path, out_dir: Path, max_steps: int | None = None, seed: int = 0, *,
          config: Path = CONFIG, work_dir: Path | None = None, overrides: dict | None = None,
          train_corpora=TRAIN_CORPORA, dev_corpora=DEV_CORPORA, pretrained: Path | None = None) -> dict:
    """Convert ``data_dir`` (the ``shared/ner`` folder), train, write the model to ``out_dir``.

    ``max_steps`` None keeps the config's value.  ``work_dir`` keeps the converted data and spaCy's
    checkpoints (a temporary folder otherwise).  ``pretrained`` is a tok2vec weights file written by
    ``pipeline ner pretrain`` (``model-last.bin``); the tok2vec component starts from it.
    Returns the model's meta.json contents.
    """
    import spacy
    from spacy.cli.train import train as spacy_train

    data_dir, out_dir = Path(data_dir), Path(out_dir)
    tmp = None
    if work_dir is None:
        tmp = tempfile.TemporaryDirectory(prefix="ner-train-")
        work = Path(tmp.name)
    else:
        work = Path(work_dir)
        work.mkdir(parents=True, exist_ok=True)
    try:
        stats = convert(data_dir, work / "corpus", train_corpora=train_corpora, dev_corpora=dev_corpora)
        ov = {
            "paths.train": str(work / "corpus" / "train.spacy"),
            "paths.dev": str(work / "corpus" / "dev.spacy"),
            "system.seed": int(seed),
        }
        cfg_training = spacy.util.load_config(config)["training"]
        steps = int(max_steps) if max_steps is not None else int(cfg_training["max_steps"])
        if max_steps is not None:
            ov["training.max_steps"] = steps
            ov["training.eval_frequency"] = max(1, min(int(cfg_training["eval_frequency"]), steps))
        if pretrained is not None:
            pretrained = Path(pretrained)
            if not pretrained.is_file():
                raise FileNotFoundError(f"{pretrained}: no such pretrained tok2vec file (see `pipeline ner pretrain`)")
            ov["initialize.init_tok2vec"] = str(pretrained)
        ov.update(overrides or {})
        output = work / "output"
        spacy_train(config, output, overrides=ov, use_gpu=-1)
        best = output / "model-best"
        if not best.exists():
            best = output / "model-last"

        # Copy the pipeline files only (no optimizer state, corpora or model-last), then fix meta and config.
        _clear_model_dir(out_dir)
        shutil.copytree(best, out_dir)
        meta = json.loads((out_dir / "meta.json").read_text())
        meta.update({
            "name": MODEL_NAME,
            "version": MODEL_VERSION,
            "description": "Indonesian news NER (PER, ORG, LOC), spaCy CNN trained by pipeline.ner.train",
            "license": "MIT (idner-news-2k); IndoNLU NERGrit and NERP (Apache-2.0 LICENSE file)",
            "sources": [
                {"name": "idner-news-2k", "url": "https://github.com/khairunnisaor/idner-news-2k", "license": "MIT"},
                {"name": "IndoNLU NERGrit", "url": "https://github.com/IndoNLP/indonlu", "license": "Apache-2.0"},
                {"name": "IndoNLU NERP", "url": "https://github.com/IndoNLP/indonlu", "license": "Apache-2.0"},
            ],
            "training": {"seed": int(seed), "max_steps": int(ov.get("training.max_steps", steps)),
                         "train_sentences": stats["train_sentences"], "dev_sentences": stats["dev_sentences"],
                         "train_corpora": list(train_corpora), "dev_corpora": list(dev_corpora),
                         "leaks_dropped": stats["leaks_dropped"], "nerp_org_masked": stats["nerp_org_masked"],
                         "pretrained_tok2vec": _file_info(pretrained) if pretrained is not None else None,
                         "overrides": {k: v for k, v in ov.items()
                                       if not k.startswith("paths.") and k != "initialize.init_tok2vec"}},
        })
        (out_dir / "meta.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
        cfg = spacy.util.load_config(out_dir / "config.cfg", interpolate=False)
        cfg["paths"]["train"] = cfg["paths"]["dev"] = None  # not the temporary folder's paths
        cfg["initialize"]["init_tok2vec"] = None  # the weights are in the model; loading never reads this
        cfg.to_disk(out_dir / "config.cfg")
        return meta
    finally:
        if tmp is not None:
            tmp.cleanup()


if __name__ == "__main__":  # python -m pipeline.ner.train DATA OUT [--max-steps N] [--seed S] [--work DIR]
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--max-steps", type=int, default=None)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument("--config", type=Path, default=CONFIG, help="spaCy config (default: pipeline/ner/config.cfg)")
    ap.add_argument("--pretrained", type=Path, default=None, help="tok2vec weights from `pipeline ner pretrain`")
    ap.add_argument("--train-corpora", default=",".join(TRAIN_CORPORA),
                    help="comma-separated, of idner, nergrit, nerp (default and the shipped model: all three)")
    ap.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                    help="extra config override, e.g. --set training.dropout=0.3")
    a = ap.parse_args()
    extra = {}
    for kv in a.set:
        k, v = kv.split("=", 1)
        try:
            extra[k] = json.loads(v)
        except ValueError:
            extra[k] = v
    m = train(a.data, a.out, a.max_steps, a.seed, config=a.config, work_dir=a.work, overrides=extra,
              train_corpora=tuple(c.strip() for c in a.train_corpora.split(",") if c.strip()),
              pretrained=a.pretrained)
    print(json.dumps(m.get("performance", {}), indent=1))
