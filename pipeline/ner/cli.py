"""``pipeline ner train``, ``pipeline ner pretrain`` and ``pipeline ner evaluate``.

Registered in pipeline/cli.py with ``app.add_typer(ner_app, name="ner")``; also runnable alone:
``python -m pipeline.ner.cli train --max-steps 5``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

ROOT = Path(__file__).resolve().parents[2]  # the repo root (pipeline/ner/cli.py -> repo)

ner_app = typer.Typer(help="Train and evaluate the Indonesian NER model (PER, ORG, LOC).", no_args_is_help=True,
                      add_completion=False, pretty_exceptions_show_locals=False)
console = Console()
err_console = Console(stderr=True)


def _repo_path(p: Path) -> Path:
    """A relative path is relative to the repo root, whatever the working directory."""
    return p if p.is_absolute() else (ROOT / p).resolve()


def _check_data(data: Path) -> Path:
    data = _repo_path(data)
    if not data.is_dir():
        err_console.print(f"[bold red]error:[/] {data}: no such folder (the shared/ner corpora; set --data)")
        raise typer.Exit(2)
    return data


@ner_app.command()
def train(
    data: Path = typer.Option(Path("../shared/ner"), "--data", help="Folder with the corpora (relative paths: to the repo root)."),
    out: Path = typer.Option(Path("pipeline/ner/model"), "--out", help="Where the trained model goes (replaced)."),
    max_steps: Optional[int] = typer.Option(None, "--max-steps", help="Training steps (default: the config's)."),
    seed: int = typer.Option(0, "--seed", help="Random seed."),
    work: Optional[Path] = typer.Option(None, "--work", help="Keep converted data and checkpoints here."),
    pretrained: Optional[Path] = typer.Option(None, "--pretrained",
                                              help="tok2vec weights from `pipeline ner pretrain` (model-last.bin)."),
    config: Optional[Path] = typer.Option(None, "--config", help="spaCy config (default: pipeline/ner/config.cfg)."),
) -> None:
    """Convert the licensed corpora (idner-news-2k, NERGrit, NERP) and train the model into --out."""
    from .train import CONFIG
    from .train import train as run_train

    data = _check_data(data)
    out = _repo_path(out)
    if pretrained is not None and not _repo_path(pretrained).is_file():
        err_console.print(f"[bold red]error:[/] {pretrained}: no such file (make one with `pipeline ner pretrain`)")
        raise typer.Exit(2)
    meta = run_train(data, out, max_steps=max_steps, seed=seed, work_dir=_repo_path(work) if work else None,
                     pretrained=_repo_path(pretrained) if pretrained else None,
                     config=_repo_path(config) if config else CONFIG)
    perf = meta.get("performance", {})
    console.print(f"[green]model written to[/] {out}  dev F1 {perf.get('ents_f', 0):.3f} "
                  f"(P {perf.get('ents_p', 0):.3f}, R {perf.get('ents_r', 0):.3f})")


@ner_app.command()
def pretrain(
    out: Path = typer.Option(..., "--out", help="Folder for the weights (model{N}.bin, model-last.bin); "
                                                "keep it outside the repo."),
    corpus: Optional[Path] = typer.Option(Path("../shared/corpus/articles"), "--corpus",
                                          help="Article .txt files (relative paths: to the repo root)."),
    ud: Optional[Path] = typer.Option(Path("../shared/ud"), "--ud", help="Folder with UD .conllu files."),
    data: Optional[Path] = typer.Option(Path("../shared/ner"), "--data",
                                        help="NER corpora; their train splits' text is used (test leaks removed)."),
    no_corpus: bool = typer.Option(False, "--no-corpus", help="Leave out the articles."),
    no_ud: bool = typer.Option(False, "--no-ud", help="Leave out the UD sentences."),
    no_ner: bool = typer.Option(False, "--no-ner", help="Leave out the NER train text."),
    epochs: int = typer.Option(2, "--epochs", help="Epochs over the raw text (the run's bound)."),
    seed: int = typer.Option(0, "--seed", help="Random seed."),
    resume: Optional[Path] = typer.Option(None, "--resume", help="model{N}.bin of an earlier run: go on from epoch N+1."),
) -> None:
    """Pretrain the tok2vec layer on raw text (spacy pretrain, characters objective); see docs/ner.md."""
    from .pretrain import pretrain_from_sources

    def opt_dir(flag: bool, p: Optional[Path]) -> Optional[Path]:
        if flag or p is None:
            return None
        p = _repo_path(p)
        if not p.is_dir():
            err_console.print(f"[bold red]error:[/] {p}: no such folder")
            raise typer.Exit(2)
        return p

    summary = pretrain_from_sources(_repo_path(out), epochs, seed, corpus_dir=opt_dir(no_corpus, corpus),
                                    ud_dir=opt_dir(no_ud, ud), ner_dir=opt_dir(no_ner, data),
                                    resume=_repo_path(resume) if resume else None)
    console.print(f"[green]pretrained weights:[/] {summary['weights']}  "
                  + ", ".join(f"{k} {v['lines']:,} lines" for k, v in summary["raw_text"].items()))


@ner_app.command()
def evaluate(
    model: Optional[Path] = typer.Option(None, "--model", help="Model folder (default: the shipped model)."),
    data: Path = typer.Option(Path("../shared/ner"), "--data", help="Folder with the corpora (relative paths: to the repo root)."),
    as_json: Optional[Path] = typer.Option(None, "--json", help="Also write the full result as JSON here."),
) -> None:
    """Entity-level P/R/F1 (exact span and type) on the four test sets, and tokens/s."""
    from . import model_path
    from .evaluate import evaluate as run_evaluate
    from .evaluate import table

    data = _check_data(data)
    model = _repo_path(model) if model else model_path()
    if not (model / "meta.json").is_file():
        err_console.print(f"[bold red]error:[/] {model}: not a spaCy model folder")
        raise typer.Exit(2)
    res = run_evaluate(model, data)
    console.print(table(res))
    if as_json:
        as_json.write_text(json.dumps(res, indent=1))


if __name__ == "__main__":
    ner_app()
