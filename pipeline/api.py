"""The extraction as a library (docs/api.md): :class:`Extractor`, built once, takes texts to
:class:`~pipeline.result.Result` rows (one text with :meth:`Extractor.extract`, a stream of them
with :meth:`Extractor.extract_many`); :func:`run` is what ``pipeline run`` does, and the command
calls it.

Both go through the same code as ``pipeline run``: a text is read as a ``.txt`` input is
(pipeline/ingest/metadata.py), processed by :class:`~pipeline.process.Processor`, and a bad
article becomes an ``errors`` row (:func:`pipeline.batch.process_items`). Nothing heavy is
imported until an Extractor is built or ``run`` is called.
"""

from __future__ import annotations

import os
from collections import deque
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Mapping, Optional, Sequence, Union

from .models import ErrorRow, RawRecord
from .result import Result

if TYPE_CHECKING:
    from .batch import Item, Limits
    from .normalize.offsets import OffsetText
    from .process import ArticleResult, Processor
    from .rules.loader import RuleSet
    from .runner import RunResult

PathLike = Union[str, "os.PathLike[str]"]
Rules = Union[None, PathLike, Sequence[PathLike], "RuleSet"]
Published = Union[None, str, date, datetime]
# The keys of an extract_many dict: the parameters of Extractor.extract.
ITEM_KEYS = ("text", "title", "published", "outlet", "url", "author", "source")
_FIELD_OF = {"title": "title", "published": "date", "outlet": "outlet", "url": "url", "author": "author"}
DEFAULT_BATCH_SIZE = 32  # texts per batch in extract_many (the spaCy pipeline runs over 8 at a time)


class ExtractError(ValueError):
    """:meth:`Extractor.extract` of a text that could not be processed; ``error`` is its errors row."""

    def __init__(self, error: ErrorRow):
        super().__init__(error.message)
        self.error = error


class OptionError(ValueError):
    """An option of :func:`run` or :class:`Extractor` that cannot be used; ``option`` names the keyword."""

    def __init__(self, option: str, message: str):
        super().__init__(message)
        self.option = option


def load_rule_set(rules: Rules = None) -> "RuleSet":
    """The rules an Extractor or a run uses: None = the bundled ``rules/`` folder; a folder (or
    several) = the bundled rules plus those folders' files, entries with the same ``id``
    overriding, as ``pipeline run --rules DIR``; a loaded RuleSet as it is. Raises
    :class:`~pipeline.rules.RuleError` naming the file, line and field of a bad rule."""
    from .rules.loader import RuleSet, load_rules

    if isinstance(rules, RuleSet):
        return rules
    return load_rules(_rule_dirs(rules))


def _rule_dirs(rules: Rules) -> list[Path]:
    if rules is None:
        return []
    if isinstance(rules, (str, os.PathLike)):
        return [Path(rules)]
    return [Path(d) for d in rules]


def default_workers() -> int:
    """One worker per CPU core this process may run on (a container or ``taskset`` may allow fewer)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def _one_batch(inputs: Sequence[Path], batch_size: int) -> bool:
    """Do the inputs surely fit in one batch? Then the run processes them in this process (no
    pool, runner.run), and a forkserver preloading a Processor would only compete with it."""
    from .ingest.readers import at_most

    try:
        return at_most(inputs, batch_size)
    except OSError:
        return False


def _check_parser(parser: Optional[str]) -> None:
    """Fail before any article when the parser cannot be loaded (unknown name, no stanza, no models)."""
    if parser is None:
        return
    from .nlp.parser import check_parser

    try:
        check_parser(parser)
    except (ValueError, ImportError, FileNotFoundError) as exc:  # StanzaUnavailable, StanzaModelsMissing
        raise OptionError("parser", f"parser {parser!r}: {exc}") from exc


@dataclass(frozen=True)
class TextMap:
    """Where a Result's offsets (into ``article.text``, the normalized body) fall in the text
    that was given: past the metadata lines, and before the cleaning that normalize did."""

    ot: "OffsetText"
    body_start: int  # where the body starts in the given text (after its metadata lines)

    def span(self, start: int, end: int) -> tuple[int, int]:
        s, e = self.ot.raw_span(start, end)
        return self.body_start + s, self.body_start + e


class Extractor:
    """The pipeline, built once: rules loaded and validated, the spaCy pipeline and the NER model
    loaded, gazetteer and name model ready (a few seconds); then :meth:`extract` takes tens of
    milliseconds an article.

    ``rules``: None (the bundled ``rules/``), a folder or several (added to the bundled rules,
    same ``id`` overrides: ``pipeline run --rules DIR``) or a loaded RuleSet. ``ner=False``
    runs the rules without the NER model (``--no-ner``). ``parser="stanza"``: quote speakers
    from the dependency parse (``--parser``, docs/stanza.md). ``max_chars``: a longer text is an
    error (``too_long``); ``article_timeout``: seconds one article may take in
    :meth:`extract_many` before it becomes an error (0, the default, is no limit; it uses
    SIGALRM, so it holds in the main thread only, as in ``pipeline run``)."""

    def __init__(self, rules: Rules = None, ner: bool = True, *, parser: Optional[str] = None,
                 max_chars: int = 1_000_000, article_timeout: float = 0.0):
        from .batch import Limits
        from .process import Processor

        self.rules = load_rule_set(rules)
        self.ner = bool(ner)
        self.parser = parser
        _check_parser(parser)
        self.limits: Limits = Limits(max_chars=max_chars, seconds=article_timeout)
        self._proc: Processor = Processor(self.rules, ner=self.ner, parser=parser)

    def __repr__(self) -> str:
        return f"Extractor(rules version {self.rules.version}, ner={self.ner}, parser={self.parser!r})"

    def extract(self, text: str, *, title: Optional[str] = None, published: Published = None,
                outlet: Optional[str] = None, url: Optional[str] = None, author: Optional[str] = None,
                source: Optional[str] = None) -> Result:
        """The rows of one article. ``text`` is an article as a ``.txt`` input holds it (its
        ``TITLE:``/``DATE:``/``SOURCE:`` lines, or a markdown export's header, are read as
        ``pipeline run`` reads them) or a bare body; the keywords give its metadata and win
        over those lines. ``published`` is a date, a datetime or a string as an article header
        writes it ("Senin, 16 Jun 2025 14:20 WIB"). ``source`` is the articles row's source
        (None when not given); with it ``article_id`` is the one ``pipeline run`` gives a file of
        that relative path and content, without it the id of the text alone.

        Raises :class:`ExtractError` (its ``error`` is the errors row) when the text cannot be
        processed: empty, too long, or a stage failed."""
        meta = dict(title=title, published=published, outlet=outlet, url=url, author=author, source=source)
        (result,) = self._run_batch([self._item(-1, {"text": text, **meta})])
        if result.error is not None:
            raise ExtractError(result.error)
        return result

    def extract_many(self, items: Iterable[Union[str, Mapping[str, Any]]], n_process: int = 1,
                     batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[Result]:
        """One Result per item, in order, as a generator: items are read and processed
        ``batch_size`` at a time (memory stays flat however many there are). An item is a text
        (as :meth:`extract` takes it) or a dict of :meth:`extract`'s parameters (``text`` and
        any of title, published, outlet, url, author, source).

        Never raises for a bad item: an item that is not a text, an empty one, one too long or
        one a stage failed on gives a Result with ``error`` set (the row ``pipeline run`` writes
        to ``errors``; its source is the item's ``source``, else ``item N``, N counting from 0)
        and no rows; the items after it go on.

        ``n_process`` > 1 runs the batches in that many processes, each building its own
        Extractor first (a few seconds); -1 = one per CPU core. The Results are the same."""
        if n_process == -1:
            n_process = default_workers()
        if not isinstance(n_process, int) or n_process < 1:
            raise OptionError("n_process", f"n_process is a number of processes (1 or more, or -1), not {n_process!r}")
        if not isinstance(batch_size, int) or batch_size < 1:
            raise OptionError("batch_size", f"batch_size is a number of texts (1 or more), not {batch_size!r}")
        batches = _chunks((self._item(k, x) for k, x in enumerate(items)), batch_size)
        if n_process == 1:
            return (r for batch in batches for r in self._run_batch(batch))
        return self._pooled(batches, n_process)

    def extract_with_map(self, text: str, **meta: Any) -> tuple[Result, TextMap]:
        """:meth:`extract`, and where its rows' offsets fall in ``text`` (:class:`TextMap`); the
        spaCy component places its spans with it. Raises :class:`ExtractError`."""
        from .batch import error_row, too_long
        from .process import StageError

        item, name = self._item(-1, {"text": text, **meta})
        if not isinstance(item, ErrorRow):
            item = too_long(item, self.limits, name) or item
        if isinstance(item, ErrorRow):
            raise ExtractError(item)
        try:
            res, prep = self._proc.process_prepared(item)
        except StageError as exc:
            raise ExtractError(error_row(item, exc, name)) from exc
        return Result.from_rows(res), TextMap(prep.ot, len(item.text) - len(prep.meta.body))

    # ---- internals ----------------------------------------------------------------------

    @staticmethod
    def _item(k: int, x: Any) -> tuple["Item", str]:
        """An input item as a record for the Processor (or the error row it already is), and the
        name its error row goes by."""
        name = "text" if k < 0 else f"item {k}"
        if not isinstance(x, Mapping):
            return _record(x, {}, None, name), name
        unknown = sorted(str(key) for key in x if key not in ITEM_KEYS)
        if unknown:
            return _failure(name, "TypeError", f"{name} has key(s) {', '.join(map(repr, unknown))}; an item is a "
                                               f"text or a dict of {', '.join(ITEM_KEYS)}"), name
        source = x.get("source")
        if source is not None and not isinstance(source, str):
            return _failure(name, "TypeError", f"{name}: source is a {type(source).__name__}, not a str"), name
        name = source or name
        if x.get("text") is None:
            return _failure(name, "no_body", f"{name} has no text; give the article as 'text'"), name
        fields: dict[str, str] = {}
        for key, field_name in _FIELD_OF.items():
            value = x.get(key)
            if isinstance(value, datetime):
                value = value.isoformat(timespec="minutes")
            elif isinstance(value, date):
                value = value.isoformat()
            if value is not None and not isinstance(value, str):
                return _failure(name, "TypeError", f"{name}: {key} is a {type(value).__name__}, not a str"), name
            if value:
                fields[field_name] = value
        return _record(x["text"], fields, source, name), name

    def _run_batch(self, batch: list[tuple["Item", str]]) -> list[Result]:
        from .batch import process_items

        return _results(process_items(self._proc, [item for item, _n in batch], self.limits,
                                      [n for _item, n in batch]))

    def _pooled(self, batches: Iterator[list[tuple["Item", str]]], n_process: int) -> Iterator[Result]:
        """The batches in ``n_process`` processes (forked from the pipeline's forkserver,
        pipeline/pool.py), at most two each in flight; Results in input order."""
        from .pool import context

        pool = context().Pool(n_process, initializer=_init_pool, initargs=(self.rules, self.ner, self.parser))
        pending: deque = deque()
        try:
            for batch in batches:
                pending.append(pool.apply_async(_pool_batch, ([i for i, _n in batch], [n for _i, n in batch],
                                                              self.limits)))
                while len(pending) >= 2 * n_process:
                    yield from _results(pending.popleft().get())
            while pending:
                yield from _results(pending.popleft().get())
        finally:  # also when the caller stops reading early
            pool.terminate()
            pool.join()


def _failure(name: str, kind: str, message: str) -> ErrorRow:
    return ErrorRow(source=name, stage="ingest", error=kind, message=message)


def _record(text: Any, fields: dict[str, str], source: Optional[str], name: str) -> "Item":
    if not isinstance(text, str):
        return _failure(name, "TypeError", f"{name} is not a text (str) but {type(text).__name__}")
    if not text.strip():
        return _failure(name, "empty", f"{name} is empty; there is nothing to extract")
    return RawRecord(source=source or "", fmt="txt", text=text, fields=fields)


def _results(outcomes: Sequence[Union["ArticleResult", ErrorRow]]) -> list[Result]:
    return [Result.failed(o) if isinstance(o, ErrorRow) else Result.from_rows(o) for o in outcomes]


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


_POOL_PROCESSOR: Optional["Processor"] = None  # the Processor of one extract_many pool process


def _init_pool(rules: "RuleSet", ner: bool, parser: Optional[str]) -> None:
    global _POOL_PROCESSOR
    from .process import Processor

    _POOL_PROCESSOR = Processor(rules, ner=ner, parser=parser)


def _pool_batch(items: list["Item"], names: list[str], limits: "Limits") -> list[Union["ArticleResult", ErrorRow]]:
    from .batch import process_items

    assert _POOL_PROCESSOR is not None
    return process_items(_POOL_PROCESSOR, items, limits, names)


def run(inputs: Union[PathLike, Iterable[PathLike]], out: PathLike, *, rules: Rules = None,
        formats: Union[str, Iterable[str]] = ("parquet", "csv", "duckdb"), fields: Optional[Mapping[str, str]] = None,
        workers: int = 0, ner: bool = True, batch_size: int = 100, engine: str = "local",
        scheduler: Optional[str] = None, fresh: bool = False, max_chars: int = 1_000_000,
        article_timeout: float = 120.0, parser: Optional[str] = None, story_threshold: float = 0.5,
        statement_threshold: float = 0.6,
        on_article: Optional[Callable[[str, Optional[ErrorRow]], None]] = None) -> "RunResult":
    """``pipeline run INPUTS --out OUT``: every article under ``inputs`` (files, folders, globs)
    into the tables in ``out`` (docs/tables.md), incremental through ``out``'s manifest. The
    keywords are the command's options: ``rules`` (--rules: a folder or several, or a RuleSet),
    ``formats`` (--format: a list or "parquet,csv"), ``fields`` (--field: {"body": "isi"}),
    ``workers`` (--workers; 0 = one per CPU core), ``ner`` (--no-ner), ``batch_size``,
    ``engine``/``scheduler``, ``fresh``, ``max_chars``, ``article_timeout``, ``parser``,
    ``story_threshold``/``statement_threshold`` (near copies: docs/tables.md, stories and statements).
    ``on_article(source, error_row_or_None)`` is called once per input.

    Returns the :class:`~pipeline.runner.RunResult` (rows per table, articles done and
    skipped, the errors rows). Raises before any article is read, and before ``out`` is made,
    when an option cannot be used (:class:`OptionError`), an input does not exist
    (FileNotFoundError) or a rule file is bad (RuleError); a bad article is an errors row."""
    inputs = [Path(inputs)] if isinstance(inputs, (str, os.PathLike)) else [Path(p) for p in inputs]
    formats = [f.strip() for f in (formats.split(",") if isinstance(formats, str) else formats) if f.strip()]
    if engine not in ("local", "dask"):
        raise OptionError("engine", f"unknown engine {engine!r}; choose local or dask")
    if scheduler and engine != "dask":
        raise OptionError("scheduler", "a scheduler needs the dask engine (--engine dask)")
    if workers < 0 or batch_size < 1:
        raise OptionError("workers" if workers < 0 else "batch_size",
                          f"workers is 0 (one per CPU core) or more, batch_size 1 or more; got {workers}, {batch_size}")
    workers = workers or default_workers()
    from_dirs = rules is None or isinstance(rules, (str, os.PathLike, list, tuple))  # not a loaded RuleSet
    early = engine == "local" and workers > 1 and parser is None and from_dirs and not _one_batch(inputs, batch_size)
    if early:  # the workers' Processor is built while this process starts up (pipeline/pool.py)
        from .pool import start_early

        start_early(_rule_dirs(rules), ner)
    try:
        from .batch import Limits
        from .ingest.readers import check_inputs
        from .resolve.copies import CopyOptions
        from .runner import run as run_batches
        from .write.tables import FORMATS

        bad = [f for f in formats if f not in FORMATS]
        if bad:
            raise OptionError("formats", f"unknown format {bad[0]!r}; choose from {', '.join(FORMATS)}")
        check_inputs(inputs)
        rule_set = load_rule_set(rules)
        _check_parser(parser)
        return run_batches(inputs, Path(out), rule_set, formats, dict(fields or {}), on_article=on_article,
                           workers=workers, batch_size=batch_size, engine=engine, scheduler=scheduler, fresh=fresh,
                           limits=Limits(max_chars=max_chars, seconds=article_timeout), ner=ner, parser=parser,
                           copies=CopyOptions(story_threshold, statement_threshold))
    finally:
        if early:  # its preloaded Processor is not needed after the run, nor when the run never started
            from .pool import stop_forkserver

            stop_forkserver()


__all__ = ["DEFAULT_BATCH_SIZE", "ExtractError", "Extractor", "ITEM_KEYS", "OptionError", "TextMap",
           "default_workers", "load_rule_set", "run"]
