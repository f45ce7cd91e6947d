"""``pipeline names build`` (the corpus word statistics) and ``pipeline names explain`` (the name
model's decision on a phrase, word by word). Registered in pipeline/cli.py."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[2]

names_app = typer.Typer(help="The name model: corpus word statistics and its decisions.", no_args_is_help=True,
                        add_completion=False, pretty_exceptions_show_locals=False)
console = Console()


def _repo_path(p: Path) -> Path:
    return p if p.is_absolute() else (ROOT / p).resolve()


@names_app.command()
def build(
    corpus: Path = typer.Option(Path("../shared/corpus/articles"), "--corpus",
                                help="A folder of .txt articles (relative paths: to the repo root)."),
    ner: Optional[Path] = typer.Option(Path("../shared/ner"), "--ner",
                                       help="The NER corpora (their training splits add PER counts); '' for none."),
    out: Path = typer.Option(Path("pipeline/resources/data/wordstats.tsv.gz"), "--out",
                             help="Where the table goes (the shipped one by default)."),
    rules_dir: Optional[List[Path]] = typer.Option(None, "--rules", help="Extra rule folder."),
) -> None:
    """Count how every word is written over a corpus: the evidence of the name model."""
    from ..rules.loader import load_rules
    from .names import build_wordstats

    corpus = _repo_path(corpus)
    ner_dir = _repo_path(ner) if ner and str(ner) else None
    stats = build_wordstats(load_rules(rules_dir or []), corpus, ner_dir)
    out = _repo_path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    n = stats.save(out)
    console.print(f"{n:,} words ({stats.sources}) -> {out}")


@names_app.command()
def explain(
    phrase: str = typer.Argument(..., help='Words to judge, e.g. "Hartono Wilayah".'),
    initial: bool = typer.Option(False, "--initial", help="The phrase opens a sentence."),
    rules_dir: Optional[List[Path]] = typer.Option(None, "--rules", help="Extra rule folder."),
) -> None:
    """The name model's verdict on each word of PHRASE, and on the phrase as a name."""
    from ..process import build_name_model
    from ..rules.loader import load_rules

    model = build_name_model(load_rules(rules_dir or []))
    words = phrase.split()
    table = Table(title=f"name model: {phrase!r}")
    for col in ("word", "kind", "evidence"):
        table.add_column(col)
    for v in model.explain(words):
        table.add_row(v.word, v.kind, v.why)
    console.print(table)
    verdict = model.judge(words, sentence_initial=initial)
    name = " ".join(words[verdict.start:verdict.end])
    console.print(f"name: {name!r}" if verdict.ok else f"not a name ({verdict.why})")
