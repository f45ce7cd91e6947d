"""The end of a run: the user-facing tables in ``OUT`` built from the committed part files.

Each table is streamed part by part (only the rows the manifest says are current) into one
Parquet file, then the corpus-level steps run: ``persons`` and ``person_id`` on people,
officials and quotes (resolve/persons.py's PersonLinker takes the people rows batch by batch
into a DuckDB work file under ``_parts/_link`` and streams the ids back), and ``stories`` and
``statements`` with ``story_id`` on articles and ``statement_id`` on quotes (resolve/copies.py's
CopyState keeps its LSH indexes in ``_parts/_copies`` from run to run, so only new articles and
quotes are compared). CSV/JSONL are
converted from the Parquet files a chunk at a time, and ``pipeline.duckdb`` reads the Parquet
files itself. The other tables are copied in threads while persons are linked. Memory stays
bounded by a few batches plus the linker's DuckDB memory limit, whatever the corpus size.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

import pyarrow as pa
import pyarrow.compute as pc

from ..resolve.copies import STATE_DIR, CopyOptions, CopyState
from ..resolve.minhash import SIGNATURE_VERSION, signature_table
from ..resolve.persons import PersonLinker
from .manifest import Manifest
from .parts import PARTS_DIR, read_part, remove_batches
from .tables import TABLES, TableWriter, arrow_schema, arrow_table, to_frame, write_duckdb, write_schema, write_text_formats


Live = list[tuple[int, pa.Array, pa.Array]]  # (batch, its current article ids, its current sources)


def _live_batches(manifest: Manifest) -> Live:
    return [(b, pa.array(sorted(aids), pa.large_string()), pa.array(sorted(sources), pa.large_string()))
            for b, aids, sources in manifest.live_batches()]


def _filter(out: Path, table: str, batch: int, aids: pa.Array, sources: pa.Array,
            columns: list[str] | None = None) -> pa.Table | None:
    """The current rows of ``table`` in one batch (None when it has none)."""
    t = read_part(out, table, batch, columns)
    if t is None or t.num_rows == 0:
        return None
    key, values = ("source", sources) if table == "errors" else ("article_id", aids)
    t = t.filter(pc.is_in(t[key], value_set=values.cast(t.schema.field(key).type)))
    return t if t.num_rows else None


def _live(live: Live, out: Path, table: str, columns: list[str] | None = None) -> Iterator[tuple[int, pa.Table]]:
    """The current rows of ``table``, batch by batch in batch order."""
    for batch, aids, sources in live:
        t = _filter(out, table, batch, aids, sources, columns)
        if t is not None:
            yield batch, t


def _copy_table(live: Live, out: Path, table: str) -> int:
    w = TableWriter(out / f"{table}.parquet", table)
    for _b, t in _live(live, out, table):
        w.write(t)
    w.close()
    return w.rows


def _take(ids: Iterator[pa.Array], n: int, carry: list[pa.Array]) -> pa.Array:
    """The next ``n`` ids of the stream (``carry`` holds what the last call read beyond its n)."""
    have = sum(len(a) for a in carry)
    while have < n:
        a = next(ids)
        carry.append(a)
        have += len(a)
    joined = pa.concat_arrays(carry) if len(carry) > 1 else carry[0]
    carry[:] = [joined.slice(n)] if have > n else []
    return joined.slice(0, n)


def _take_rows(rows: Iterator[pa.Table], n: int, carry: list[pa.Table]) -> pa.Table:
    """:func:`_take` for a stream of tables."""
    have = sum(t.num_rows for t in carry)
    while have < n:
        t = next(rows)
        carry.append(t)
        have += t.num_rows
    joined = pa.concat_tables(carry) if len(carry) > 1 else carry[0]
    carry[:] = [joined.slice(n)] if have > n else []
    return joined.slice(0, n)


def _signatures(out: Path, batch: int, aids: pa.Array, sources: pa.Array) -> pa.Table | None:
    """The signatures of a batch's current articles and quotes: its ``signatures`` part, or, for a
    batch written without one (or by another version), made now from its articles and quotes."""
    t = _filter(out, "signatures", batch, aids, sources)
    if t is not None and pc.all(pc.equal(t["version"], SIGNATURE_VERSION)).as_py():
        return t
    arts = _filter(out, "articles", batch, aids, sources, ["article_id", "text"])
    quotes = _filter(out, "quotes", batch, aids, sources, ["article_id", "kind", "text", "start_char", "end_char"])
    return signature_table(arts.to_pylist() if arts is not None else [], quotes.to_pylist() if quotes is not None else [])


def _write_articles(live: Live, out: Path, story_ids: Iterator[pa.Array]) -> int:
    """articles with their story_id: ``story_ids`` holds one per current article row, in batch order."""
    id_type = arrow_schema("articles").field("story_id").type
    w = TableWriter(out / "articles.parquet", "articles")
    carry: list[pa.Array] = []
    for _b, t in _live(live, out, "articles"):
        sids = _take(story_ids, t.num_rows, carry).cast(id_type)
        w.write(t.set_column(t.schema.get_field_index("story_id"), "story_id", sids))
    w.close()
    return w.rows


def _write_quotes(live: Live, out: Path, ids: Iterator[pa.Table]) -> int:
    """quotes with their person_id and statement_id: ``ids`` holds both for every current quote row."""
    schema = arrow_schema("quotes")
    w = TableWriter(out / "quotes.parquet", "quotes")
    carry: list[pa.Table] = []
    for _b, q in _live(live, out, "quotes"):
        got = _take_rows(ids, q.num_rows, carry)
        for col in ("person_id", "statement_id"):
            q = q.set_column(q.schema.get_field_index(col), col, got[col].cast(schema.field(col).type))
        w.write(q)
    w.close()
    return w.rows


def _write_people_quotes(live: Live, out: Path, ids: Iterator[pa.Array], copies: CopyState) -> dict[str, int]:
    """people and officials with their person_id: ``ids`` holds one per current people row, in
    batch order; a quote takes the id of its speaker's row (same article and person_key), which
    goes to ``copies`` (the quotes are written once their statements are known)."""
    id_type = arrow_schema("people").field("person_id").type
    wp = TableWriter(out / "people.parquet", "people")
    wo = TableWriter(out / "officials.parquet", "officials")
    carry: list[pa.Array] = []
    for batch, aids, sources in live:
        by_key: dict[tuple[str, str], str | None] = {}
        t = _filter(out, "people", batch, aids, sources)
        if t is not None:
            pids = _take(ids, t.num_rows, carry).cast(id_type)
            t = t.set_column(t.schema.get_field_index("person_id"), "person_id", pids)
            wp.write(t)
            wo.write(t.filter(pc.fill_null(t["is_official"], False)))
            by_key = dict(zip(zip(t["article_id"].to_pylist(), t["person_key"].to_pylist()), pids.to_pylist()))
        q = _filter(out, "quotes", batch, aids, sources, ["article_id", "speaker_key"])
        if q is not None:
            qp = [by_key.get((a, k)) for a, k in zip(q["article_id"].to_pylist(), q["speaker_key"].to_pylist())]
            copies.set_speakers(batch, pa.array(qp, id_type))
    counts = {}
    for w, name in ((wp, "people"), (wo, "officials")):
        w.close()
        counts[name] = w.rows
    return counts


def link_options(rules) -> dict[str, list[str]]:
    """What :class:`~pipeline.resolve.persons.PersonLinker` takes from the rules: the word list
    ``shared_offices`` (rules/persons.yaml). ``pipeline rules check`` asks this to know it is read."""
    return {"shared_offices": rules.word_list("shared_offices")}


@contextmanager
def _step(timings: dict[str, float] | None, name: str) -> Iterator[None]:
    t0 = time.perf_counter()
    yield
    if timings is not None:
        timings[name] = round(time.perf_counter() - t0, 3)


def finalize(manifest: Manifest, out: Path, formats: Iterable[str], link_options: dict | None = None,
             timings: dict[str, float] | None = None, copy_options: CopyOptions | None = None,
             copy_stats: dict | None = None) -> dict[str, int]:
    """Write every table of docs/tables.md to ``out``; return the row count of each.
    ``link_options`` are passed to :class:`~pipeline.resolve.persons.PersonLinker` and
    ``copy_options`` (the story and statement thresholds) to :class:`~pipeline.resolve.copies.CopyState`;
    ``timings``, when given, receives the wall seconds of each step (``pipeline run --profile``),
    ``copy_stats`` what the near-copy step added and found.

    The independent tables are written in parallel threads (Arrow reads, filters and writes
    Parquet outside the GIL)."""
    formats = list(formats)
    with _step(timings, "live_batches"):
        live = _live_batches(manifest)
    counts: dict[str, int] = {}
    # the tables that need no corpus-level step are copied in threads while persons are linked here
    # (Arrow reads, filters and writes Parquet outside the GIL; the linker works in DuckDB)
    pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 1)
    linker = PersonLinker(out / PARTS_DIR / "_link", **(link_options or {}))
    copies = CopyState(out / PARTS_DIR / STATE_DIR, copy_options or CopyOptions())
    try:
        t_copy = time.perf_counter()
        copied = {t: pool.submit(_copy_table, live, out, t) for t in ("mentions", "places", "dates", "errors")}
        # corpus-level: one person_id per person; the linker keeps the people rows in DuckDB, not here
        with _step(timings, "person_columns"):
            for batch, aids, sources in live:
                arts = _filter(out, "articles", batch, aids, sources, ["article_id", "published_at", "outlet"])
                quotes = _filter(out, "quotes", batch, aids, sources,
                                 ["article_id", "speaker_key", "kind", "start_char", "end_char"])
                linker.add(_filter(out, "people", batch, aids, sources, PersonLinker.COLUMNS),
                           arts.select(["article_id", "published_at"]) if arts is not None else None,
                           quotes.select(["article_id", "speaker_key"]) if quotes is not None else None)
                copies.add_batch(batch, arts, quotes)
        with _step(timings, "link_persons"):
            linker.link()
        t_people = time.perf_counter()
        counts.update(_write_people_quotes(live, out, linker.person_ids(), copies))
        wpers = TableWriter(out / "persons.parquet", "persons")
        for t in linker.persons(wpers.writer.schema):
            wpers.write(t)
        wpers.close()
        counts["persons"] = wpers.rows
        linker.close()  # its DuckDB memory is free before the near-copy step takes its own
        if timings is not None:
            timings["people_quotes_persons"] = round(time.perf_counter() - t_people, 3)
        # corpus-level: near-copy articles and quotes (only what the state has not seen is compared)
        by_batch = {b: (aids, sources) for b, aids, sources in live}
        with _step(timings, "near_copies"):
            stats = copies.index(lambda b: _signatures(out, b, *by_batch[b]))
            if copy_stats is not None:
                copy_stats.update(stats)
        with _step(timings, "stories"):
            copies.group_stories()
            counts["articles"] = _write_articles(live, out, copies.story_ids())
        counts.update({t: f.result() for t, f in copied.items()})
        if timings is not None:
            timings["copy_tables"] = round(time.perf_counter() - t_copy, 3)  # overlaps the steps above
        pool.shutdown()
        with _step(timings, "statements"):
            copies.group_statements()
            counts["quotes"] = _write_quotes(live, out, copies.quote_ids())
        with _step(timings, "stories_statements_tables"):
            for name, rows in (("stories", copies.stories), ("statements", copies.statements)):
                w = TableWriter(out / f"{name}.parquet", name)
                for t in rows(out, w.writer.schema):
                    w.write(t)
                w.close()
                counts[name] = w.rows
    finally:
        pool.shutdown()
        linker.close()
        copies.close()

    with _step(timings, "text_formats"):
        write_text_formats(out, formats)
    with _step(timings, "duckdb"):
        if "duckdb" in formats:
            write_duckdb(out, out / "pipeline.duckdb")
    write_schema(out)
    if "parquet" not in formats:  # the Parquet files were only the source of the formats asked for
        for name in TABLES:
            (out / f"{name}.parquet").unlink(missing_ok=True)
    remove_batches(out, manifest.forget_unseen())
    return {name: counts[name] for name in TABLES}
