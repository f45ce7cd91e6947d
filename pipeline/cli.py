"""The ``pipeline`` command: run the extraction, score it, check rules."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from .api import default_workers
from .rules.loader import RuleError, load_rules

app = typer.Typer(
    help="Extract officials, places, dates and quotes from Indonesian news into tidy tables.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
)
rules_app = typer.Typer(help="Check and test rule files (rules/*.yaml).", no_args_is_help=True)
app.add_typer(rules_app, name="rules")
from .ner.cli import ner_app  # noqa: E402 - the NER commands live with the model code

app.add_typer(ner_app, name="ner", help="Train and evaluate the Indonesian NER model (PER, ORG, LOC).")
from .extract.names_cli import names_app  # noqa: E402

app.add_typer(names_app, name="names", help="The name model: corpus word statistics and its decisions.")
console = Console()
err_console = Console(stderr=True)


def _fail(msg: str, code: int = 2) -> None:
    err_console.print(f"[bold red]error:[/] {msg}")
    raise typer.Exit(code)


def _field_map(pairs: Optional[List[str]]) -> dict[str, str]:
    out = {}
    for p in pairs or []:
        if "=" not in p:
            _fail(f"--field wants name=column, got {p!r} (e.g. --field body=isi)")
        k, v = p.split("=", 1)
        out[k.strip()] = v.strip()
    return out


PARSER_HELP = ("A dependency parse for the quote speakers the rules do not find: stanza (the [stanza] extra and "
               "its Indonesian models in STANZA_RESOURCES_DIR; docs/stanza.md). Default: none.")


def _check_parser(parser: Optional[str]) -> None:
    """Fail before any article when --parser cannot be loaded (unknown name, no stanza, no models)."""
    if parser is None:
        return
    from .nlp.parser import check_parser
    from .nlp.stanza_backend import StanzaModelsMissing, StanzaUnavailable

    try:
        check_parser(parser)
    except (ValueError, StanzaUnavailable, StanzaModelsMissing) as exc:
        _fail(f"--parser {parser}: {exc}")


def _no_torch_unless(parser: Optional[str]) -> None:
    """Keep torch out of this process unless the stanza parse (which needs it) is asked for: the
    shipped NER model needs no torch, and importing it costs 1-2 s and 180 MB (pipeline/lean.py).
    Also lets the process exit quickly (:func:`_freeze_at_exit`)."""
    _freeze_at_exit()
    if parser is None:
        from .lean import keep_torch_out

        keep_torch_out()


def _freeze_at_exit() -> None:
    """At exit, ``gc.freeze()`` before the interpreter's last garbage collections, which would
    otherwise walk every object the command built (the NER model, the gazetteer's 91,599
    regions): 0.3 s of a one-article run. Every table is written and closed before the command
    returns; the memory goes back to the system when the process ends, as it would anyway."""
    import atexit
    import gc

    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)


def _load_rules(rules_dir: Optional[List[Path]]):
    try:
        return load_rules(rules_dir or [])
    except RuleError as exc:
        _fail(f"rules not loaded, no article processed:\n{exc}")


def _print_profile(prof, path: Path) -> None:
    import json

    summary = prof.summary()
    path.write_text(json.dumps(summary, indent=2))
    ph = summary["phases_s"]
    t = Table(title=f"where the time went (seconds since start; details in {path})")
    t.add_column("phase")
    t.add_column("seconds", justify="right")
    rows = [("before the run: interpreter, imports, rules (since process start)", summary.get("before_run_s")),
            ("start-up: rules, first batches read", ph.get("first_batches_read")),
            ("first batch starts in a worker", summary.get("first_batch_start_s")),
            ("last batch ends", summary.get("last_batch_end_s")),
            ("  tail (one worker done, another still busy)", summary.get("tail_s")),
            ("workers closed", ph.get("workers_closed")),
            ("finalize done", ph.get("finalize_done"))]
    rows += [(f"  finalize: {k}", v) for k, v in summary["finalize_s"].items()]
    rows += [(f"  worker {pid}: {w['batches']} batches, busy {w['busy_share']:.0%}", w["busy_s"])
             for pid, w in summary.get("workers", {}).items()]
    rows += [("main process CPU", summary["main_cpu_s"])]
    for name, v in rows:
        if v is not None:
            t.add_row(name, f"{v:.2f}")
    console.print(t)


@app.command()
def run(
    inputs: List[Path] = typer.Argument(..., help="Files, folders or globs of articles (txt, md, jsonl, csv, parquet, html)."),
    out: Path = typer.Option(Path("data/processed"), "--out", "-o", help="Folder for the tables."),
    rules_dir: Optional[List[Path]] = typer.Option(None, "--rules", help="A folder of your own rule files; adds to or overrides the bundled rules."),
    fmt: str = typer.Option("parquet,csv,duckdb", "--format", help="Comma-separated: parquet, csv, jsonl, duckdb (the run state under _parts/ is Parquet whatever you choose)."),
    field: Optional[List[str]] = typer.Option(None, "--field", help="Map a canonical field to your column: body=isi, title=headline, date=tgl."),
    workers: int = typer.Option(0, "--workers", "-w", min=0, help="Processes to use; 0 (the default) = one per CPU core this process may use (os.sched_getaffinity)."),
    ner: bool = typer.Option(True, "--ner/--no-ner", help="Use the shipped NER model for people and speakers (--no-ner: rules only, faster)."),
    batch_size: int = typer.Option(100, "--batch-size", min=1, help="Articles per batch (one part file per table and batch)."),
    engine: str = typer.Option("local", "--engine", help="local (a process pool) or dask (needs the [dask] extra)."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="With --engine dask: a running scheduler, tcp://host:8786; default a local cluster."),
    fresh: bool = typer.Option(False, "--fresh", help="Forget earlier runs in --out and process every article again."),
    max_chars: int = typer.Option(1_000_000, "--max-chars", min=1, help="A longer article becomes an errors row (too_long)."),
    article_timeout: float = typer.Option(120.0, "--article-timeout", help="Seconds one article may take before it becomes an errors row; 0 = no limit (local engine)."),
    parser: Optional[str] = typer.Option(None, "--parser", help=PARSER_HELP),
    profile: Optional[Path] = typer.Option(None, "--profile", help="Write where the time went (start-up, batches per worker, tail, finalize steps) as JSON to this file and print a summary."),
    story_threshold: float = typer.Option(0.5, "--story-threshold", min=0.01, max=1.0, help="Two articles are one story when about this share of the shorter one's 5-word shingles are in the other (MinHash estimate; docs/tables.md, stories)."),
    statement_threshold: float = typer.Option(0.6, "--statement-threshold", min=0.01, max=1.0, help="Two quotes of one speaker are one statement when about this share of the shorter one's 3-word shingles are in the other (docs/tables.md, statements)."),
) -> None:
    """Run the whole extraction over INPUTS and write tables to --out.

    A second run into the same --out processes only new or changed articles (or all, when the
    rules or the model changed); a killed run is resumed by running the same command again."""
    _no_torch_unless(parser)
    from .api import run as run_pipeline

    fmap = _field_map(field)
    t0 = time.perf_counter()
    n_err = 0
    with Progress(TextColumn("[bold]extracting"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"),
                  TimeElapsedColumn(), console=err_console, transient=True) as progress:
        task = progress.add_task("run", total=None, rate="")

        def tick(source: str, error) -> None:
            nonlocal n_err
            if error is not None:
                n_err += 1
                progress.console.print(f"[yellow]skipped[/] {error.message}")
            done = progress.tasks[0].completed + 1
            rate = done / max(time.perf_counter() - t0, 1e-9)
            progress.update(task, advance=1, rate=f"{rate:.1f} articles/s")

        try:  # the options are checked (and the rules loaded) before any article is read or --out made
            result = run_pipeline(inputs, out, rules=rules_dir or None, formats=fmt, fields=fmap, workers=workers,
                                  ner=ner, batch_size=batch_size, engine=engine, scheduler=scheduler, fresh=fresh,
                                  max_chars=max_chars, article_timeout=article_timeout, parser=parser,
                                  story_threshold=story_threshold, statement_threshold=statement_threshold,
                                  on_article=tick)
        except RuleError as exc:
            _fail(f"rules not loaded, no article processed:\n{exc}")
        except (ValueError, FileNotFoundError) as exc:  # an option (api.OptionError), a --field name, an input
            _fail(str(exc))
        except ImportError as exc:  # --engine dask without the extra
            _fail(f"{exc}; install the extra: pip install -e '.[dask]'")
    elapsed = time.perf_counter() - t0
    from .write.tables import TABLES

    console.print(_run_totals(result, elapsed, out), soft_wrap=True, highlight=False)
    summary = Table()
    summary.add_column("table")
    summary.add_column("rows", justify="right")
    for name in TABLES:
        summary.add_row(name, str(result.counts.get(name, 0)))
    console.print(summary)
    if profile is not None:
        _print_profile(result.profile, profile)
    if result.counts.get("errors"):
        err_console.print(f"[yellow]{result.counts['errors']} input(s) skipped; see {out / 'errors.parquet'}[/]")
        raise typer.Exit(1)


def _run_totals(result, elapsed: float, out: Path) -> str:
    """One line of totals for a terminal of 80 columns or a log file: articles, errors, the
    wall time, then the processing rate (articles over the time from the first batch's start to
    the last batch's end, ``RunProfile``) and the start-up before it."""
    errors = result.counts.get("errors", 0)
    line = f"pipeline run: {result.n_articles} articles, {result.n_skipped} unchanged, {errors} errors in {elapsed:.1f} s"
    prof = result.profile.summary() if result.profile is not None else {}
    first, last = prof.get("first_batch_start_s"), prof.get("last_batch_end_s")
    if result.n_articles and first is not None and last is not None and last > first:
        line += f" ({result.n_articles / (last - first):.1f} articles/s after {first:.1f} s start-up)"
    return f"{line} -> {out}"


@app.command("eval")
def eval_cmd(
    folder: Path = typer.Argument(..., help="A folder of NAME.txt articles with NAME.json gold files."),
    report: Path = typer.Option(Path("eval-report.txt"), "--report", help="Where to write every miss and false hit."),
    rules_dir: Optional[List[Path]] = typer.Option(None, "--rules", help="Extra rule folder."),
    ner: bool = typer.Option(True, "--ner/--no-ner", help="With or without the NER model (as `pipeline run`)."),
    parser: Optional[str] = typer.Option(None, "--parser", help=PARSER_HELP),
) -> None:
    """Run the pipeline on FOLDER and score it against the gold files there."""
    _no_torch_unless(parser)
    from .evaluate import load_gold, render_summary, score, write_report
    from .runner import collect

    if not folder.is_dir():
        _fail(f"{folder}: not a folder")
    gold = load_gold(folder)
    if not gold:
        _fail(f"{folder}: no gold .json files found")
    rules = _load_rules(rules_dir)
    _check_parser(parser)
    result = collect([folder], rules, ner=ner, parser=parser)
    res = score(result.tables, gold)
    console.print(render_summary(res))
    write_report(res, report)
    console.print(f"details: {report}")


@rules_app.command("check")
def rules_check(
    rules_dir: Optional[List[Path]] = typer.Option(None, "--rules", help="Extra rule folder."),
    strict: bool = typer.Option(False, "--strict", help="Exit 1 when there is any warning."),
) -> None:
    """Validate the rule files (errors name file, line and field) and lint them: duplicate ids,
    shadowed spellings, rules that can never fire, examples that cannot pass."""
    from .rules.lint import lint

    rules = _load_rules(rules_dir)
    issues = lint(rules)
    for issue in issues:
        console.print(f"[yellow]warning[/] [dim]{issue.kind}[/] {issue.file}: {issue.message}", highlight=False)
    console.print(f"[green]ok[/]: {len(rules.files)} rule files, version {rules.version}, {len(issues)} warning(s)")
    if strict and issues:
        raise typer.Exit(1)


@rules_app.command("schema")
def rules_schema(out: Path = typer.Option(Path("docs/rules.schema.json"), "--out", help="Where to write it.")) -> None:
    """Write the JSON Schema of rule files (for editor completion; rule files reference it)."""
    from .rules.schema import json_schema

    out.write_text(json_schema(), encoding="utf-8")
    console.print(f"wrote {out}")


@rules_app.command("test")
def rules_test(rules_dir: Optional[List[Path]] = typer.Option(None, "--rules", help="Extra rule folder.")) -> None:
    """Run the examples carried in rule files; print pass/fail per example and the rules that
    made its rows; exit 1 when one fails."""
    from .rules.examples import run_examples

    rules = _load_rules(rules_dir)
    results = run_examples(rules)
    table = Table(title="rule examples")
    for col in ("file", "#", "example", "table", "result", "made by (rule_id)", "detail"):
        table.add_column(col, overflow="fold")
    failed = 0
    for r in results:
        failed += not r.passed
        short = r.text if len(r.text) <= 60 else r.text[:57] + "..."
        table.add_row(r.path.name, str(r.index), short, r.table, "[green]pass[/]" if r.passed else "[red]FAIL[/]",
                      ", ".join(r.rule_ids), r.detail)
    console.print(table)
    console.print(f"{len(results) - failed} passed, {failed} failed")
    if failed:
        raise typer.Exit(1)

@app.command()
def query(
    sql: str = typer.Argument(..., help='One SQL statement, e.g. "SELECT position, count(*) FROM officials GROUP BY 1".'),
    db: Path = typer.Option(Path("data/processed/pipeline.duckdb"), "--db", help="The DuckDB file `pipeline run` wrote."),
    as_csv: bool = typer.Option(False, "--csv", help="Print CSV (every row) instead of a table."),
    max_rows: int = typer.Option(100, "--max-rows", help="Rows shown in the table (CSV prints all)."),
) -> None:
    """Run SQL on pipeline.duckdb (tables and views: docs/tables.md) and print the result."""
    from .query import QueryError, run_query, to_csv, to_table

    try:
        res = run_query(db, sql)
    except QueryError as exc:
        _fail(str(exc))
    if as_csv:
        sys.stdout.write(to_csv(res))
    else:
        console.print(to_table(res, max_rows))


@app.command()
def explain(
    file: Path = typer.Argument(..., help="An article file (txt, md, html) or an export (jsonl, csv: every record)."),
    html_out: Optional[Path] = typer.Option(None, "--html", help="Also write a self-contained HTML page here."),
    rules_dir: Optional[List[Path]] = typer.Option(None, "--rules", help="Extra rule folder."),
    field: Optional[List[str]] = typer.Option(None, "--field", help="Map a canonical field to your column: body=isi."),
    show_table: bool = typer.Option(True, "--table/--no-table", help="List the extractions below the text."),
    parser: Optional[str] = typer.Option(None, "--parser", help=PARSER_HELP),
) -> None:
    """Show FILE with each extraction highlighted and labelled with its rule id."""
    _no_torch_unless(parser)
    from rich.rule import Rule

    from .explain import explain_file, extraction_table, html_page, terminal_text
    from .process import Processor

    if not file.is_file():
        _fail(f"{file}: no such file")
    rules = _load_rules(rules_dir)
    _check_parser(parser)
    try:
        results, errors = explain_file(file, Processor(rules, parser=parser), _field_map(field))
    except ValueError as exc:
        _fail(str(exc))
    for err in errors:
        err_console.print(f"[yellow]skipped[/] {err.message}")
    for res in results:
        a = res.article
        console.print(Rule(f"[bold]{a.get('title') or a['source']}[/]  {a.get('published_at') or ''}"))
        console.print(terminal_text(res))
        if show_table:
            console.print(extraction_table(res))
    if html_out is not None:
        html_out.parent.mkdir(parents=True, exist_ok=True)
        html_out.write_text(html_page(results, f"pipeline explain: {file.name}", rules.version), encoding="utf-8")
        console.print(f"wrote {html_out}")
    if errors or not results:
        raise typer.Exit(1)


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
