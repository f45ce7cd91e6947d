"""Stage 6: the table layout (columns and dtypes, docs/tables.md) and the user-facing files.

Every table has a fixed column order and dtypes, so an empty table still has its columns.
``arrow_schema`` is the one Parquet schema of a table, used by the batch part files and the
final files alike (it carries pandas metadata, so ``pd.read_parquet`` gives back the same
nullable dtypes as :func:`frame`). The final files are written to a temporary name and renamed,
so a reader never sees half a table.
"""

from __future__ import annotations

import json
import os
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

COLUMNS: dict[str, list[str]] = {
    "articles": ["article_id", "source", "outlet", "title", "author", "url", "published_at", "dateline", "text",
                 "n_tokens"],
    "mentions": ["article_id", "label", "text", "start_char", "end_char", "sentence", "rule_id", "raw_start",
                 "raw_end"],
    "people": ["article_id", "person_key", "name", "rank", "rank_full", "rank_level", "position", "position_full",
               "unit", "institution", "degrees", "honorific", "role", "is_official", "n_mentions", "start_char",
               "end_char", "rule_id"],
    "places": ["article_id", "name", "level", "kecamatan", "kabupaten", "provinsi", "region_code", "official_name",
               "link_method", "link_score", "n_candidates", "start_char", "end_char", "rule_id"],
    "dates": ["article_id", "text", "value", "kind", "weekday_consistent", "start_char", "end_char", "rule_id"],
    "quotes": ["article_id", "kind", "text", "cue", "speaker", "speaker_name", "speaker_position", "speaker_unit",
               "speaker_key", "paragraph", "start_char", "end_char", "rule_id"],
    "errors": ["source", "stage", "error", "message", "article_id"],
    "persons": ["person_id", "name", "ranks", "positions", "units", "is_official", "first_seen", "last_seen",
                "n_articles", "n_quotes"],
    "stories": ["story_id", "canonical_article_id", "title", "n_articles", "n_outlets", "outlets",
                "first_published_at", "last_published_at"],
    "statements": ["statement_id", "kind", "text", "person_id", "speaker_name", "speaker", "article_id",
                   "first_seen", "last_seen", "n_quotes", "n_articles", "n_outlets"],
}
COLUMNS["people"].insert(2, "person_id")
COLUMNS["quotes"].insert(9, "person_id")
COLUMNS["quotes"].insert(10, "statement_id")
COLUMNS["articles"].insert(1, "story_id")
COLUMNS["officials"] = COLUMNS["people"]
TABLES = ["articles", "mentions", "people", "officials", "places", "dates", "quotes", "persons", "stories",
          "statements", "errors"]
# The tables a batch writes as part files; officials, persons, stories and statements are built
# from them at the end. ``signatures`` (MinHash signatures of the articles and quotes, for finding
# near-copies: pipeline/resolve/minhash.py) is a part table only.
PART_TABLES = ["articles", "mentions", "people", "places", "dates", "quotes", "errors", "signatures"]
_LISTS = {"degrees", "ranks", "positions", "units", "outlets"}
_INT = {"n_tokens", "start_char", "end_char", "sentence", "raw_start", "raw_end", "rank_level", "n_mentions",
        "paragraph", "n_candidates", "n_articles", "n_quotes", "n_outlets"}
_BOOL = {"is_official", "weekday_consistent"}
_FLOAT = {"link_score"}
FORMATS = ("parquet", "csv", "jsonl", "duckdb")


def frame(name: str, rows: Iterable[dict]) -> pd.DataFrame:
    cols = COLUMNS[name]
    df = pd.DataFrame(list(rows))
    for c in cols:
        if c not in df.columns:
            df[c] = None
    df = df[cols]
    for c in cols:
        if c in _INT:
            df[c] = pd.array(df[c], dtype="Int64")
        elif c in _BOOL:
            df[c] = pd.array(df[c], dtype="boolean")
        elif c in _FLOAT:
            df[c] = pd.array(df[c], dtype="Float64")
        elif c in _LISTS:
            df[c] = df[c].apply(lambda v: list(v) if isinstance(v, (list, tuple)) else [])
        else:
            df[c] = df[c].astype("string")
    return df


@lru_cache(maxsize=None)
def arrow_schema(name: str) -> pa.Schema:
    """The Parquet schema of table ``name``: the dtypes of :func:`frame` plus pandas metadata."""
    if name == "signatures":  # a part table of binary signatures, never a DataFrame
        from ..resolve.minhash import SIGNATURE_SCHEMA

        return SIGNATURE_SCHEMA
    schema = pa.Schema.from_pandas(frame(name, []), preserve_index=False)
    for c in _LISTS & set(COLUMNS[name]):
        i = schema.get_field_index(c)
        schema = schema.set(i, pa.field(c, pa.list_(pa.string())))
    return schema


def arrow_table(name: str, rows: list[dict]) -> pa.Table:
    """Plain row dicts (as the stages make them) as an Arrow table of the fixed schema."""
    return pa.Table.from_pylist(rows, schema=arrow_schema(name))


def to_frame(name: str, table: pa.Table) -> pd.DataFrame:
    """An Arrow table of ``name`` as the DataFrame :func:`frame` would make (lists as lists)."""
    df = table.to_pandas()
    for c in _LISTS & set(df.columns):
        df[c] = df[c].apply(lambda v: [] if v is None else list(v))
    return df


def atomic(path: Path, write: Callable[[Path], None]) -> None:
    """Write to a temporary name beside ``path``, flush it to disk, then rename it over ``path``."""
    tmp = path.with_name(f".{path.name}.tmp")
    if tmp.exists():
        tmp.unlink()
    write(tmp)
    fsync_path(tmp)
    os.replace(tmp, path)
    fsync_path(path.parent)


def fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class TableWriter:
    """Streams Arrow tables of one schema into one Parquet file (row groups of ~``group_bytes``)."""

    def __init__(self, path: Path, name: str, group_bytes: int = 32 << 20):
        self.path, self.name, self.group_bytes = path, name, group_bytes
        self.tmp = path.with_name(f".{path.name}.tmp")
        self.writer = pq.ParquetWriter(self.tmp, arrow_schema(name))
        self.buf: list[pa.Table] = []
        self.size = 0
        self.rows = 0

    def write(self, table: pa.Table) -> None:
        if table.num_rows == 0:
            return
        self.buf.append(table)
        self.size += table.nbytes
        self.rows += table.num_rows
        if self.size >= self.group_bytes:
            self._flush()

    def _flush(self) -> None:
        if self.buf:
            self.writer.write_table(pa.concat_tables(self.buf))
        self.buf, self.size = [], 0

    def close(self) -> None:
        self._flush()
        if self.rows == 0:
            self.writer.write_table(arrow_table(self.name, []))
        self.writer.close()
        fsync_path(self.tmp)
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        self.writer.close()
        self.tmp.unlink(missing_ok=True)


def _batches_as_frames(path: Path, name: str, rows_per_chunk: int = 20_000):
    pf = pq.ParquetFile(path)
    schema = arrow_schema(name)
    for b in pf.iter_batches(batch_size=rows_per_chunk):
        yield to_frame(name, pa.Table.from_batches([b], schema=schema))


def write_text_formats(out: Path, formats: Iterable[str]) -> list[Path]:
    """CSV and JSONL copies of the final Parquet files, converted a chunk at a time."""
    formats = list(formats)
    written: list[Path] = []
    for name in TABLES:
        src = out / f"{name}.parquet"
        if "csv" in formats:
            p = out / f"{name}.csv"

            def write_csv(t: Path, src=src, name=name) -> None:
                first = True
                for df in _batches_as_frames(src, name):
                    for col in _LISTS & set(df.columns):
                        df[col] = df[col].apply(lambda v: "; ".join(v))
                    df.to_csv(t, index=False, header=first, mode="w" if first else "a")
                    first = False
                if first:  # no rows: the header alone
                    frame(name, []).to_csv(t, index=False)

            atomic(p, write_csv)
            written.append(p)
        if "jsonl" in formats:
            p = out / f"{name}.jsonl"

            def write_jsonl(t: Path, src=src, name=name) -> None:
                with open(t, "w", encoding="utf-8") as fh:
                    for df in _batches_as_frames(src, name):
                        if len(df):
                            s = df.to_json(orient="records", lines=True, force_ascii=False)
                            fh.write(s if s.endswith("\n") else s + "\n")

            atomic(p, write_jsonl)
            written.append(p)
    return written


def write_schema(out: Path) -> Path:
    schema = {name: COLUMNS[name] for name in TABLES}
    atomic(out / "schema.json", lambda t: t.write_text(json.dumps(schema, indent=2)))
    return out / "schema.json"


def write_duckdb(out: Path, path: Path) -> Path:
    """``pipeline.duckdb``: every table loaded from its final Parquet file in ``out`` (DuckDB
    reads them itself, out of core), plus the views that join them."""
    import duckdb

    from .duckdb_schema import add_keys, create_views

    def build(tmp: Path) -> None:
        con = duckdb.connect(str(tmp))
        try:
            for name in TABLES:
                src = str((out / f"{name}.parquet").resolve()).replace("'", "''")
                con.execute(f"CREATE TABLE {name} AS SELECT * FROM read_parquet('{src}')")
            for note in add_keys(con):  # e.g. the same file given twice: two equal article ids
                warnings.warn(f"pipeline.duckdb: {note}", stacklevel=2)
            create_views(con)
            con.execute("CHECKPOINT")
        finally:
            con.close()

    atomic(path, build)
    return path
