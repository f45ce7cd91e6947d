"""Stage 6: tidy tables as Parquet and CSV (and one DuckDB file) in the output folder.

Every table has a fixed column order and dtypes (documented in docs/tables.md), so an
empty table still has its columns. Files are written to a temporary name and renamed,
so a reader never sees half a table.
"""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path
from typing import Iterable

import pandas as pd

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
}
COLUMNS["people"].insert(2, "person_id")
COLUMNS["quotes"].insert(9, "person_id")
COLUMNS["officials"] = COLUMNS["people"]
TABLES = ["articles", "mentions", "people", "officials", "places", "dates", "quotes", "persons", "errors"]
_LISTS = {"degrees", "ranks", "positions", "units"}
_INT = {"n_tokens", "start_char", "end_char", "sentence", "raw_start", "raw_end", "rank_level", "n_mentions",
        "paragraph", "n_candidates", "n_articles", "n_quotes"}
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


def _atomic(path: Path, write) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    write(tmp)
    os.replace(tmp, path)


def write_tables(tables: dict[str, pd.DataFrame], out: Path, formats: Iterable[str] = ("parquet", "csv")) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    formats = list(formats)
    for name in TABLES:
        df = tables[name]
        if "parquet" in formats:
            p = out / f"{name}.parquet"
            _atomic(p, lambda t: df.to_parquet(t, index=False))
            written.append(p)
        if "csv" in formats:
            p = out / f"{name}.csv"
            csv_df = df.copy()
            for col in _LISTS & set(csv_df.columns):
                csv_df[col] = csv_df[col].apply(lambda v: "; ".join(v))
            _atomic(p, lambda t: csv_df.to_csv(t, index=False))
            written.append(p)
        if "jsonl" in formats:
            p = out / f"{name}.jsonl"
            if len(df):
                _atomic(p, lambda t: df.to_json(t, orient="records", lines=True, force_ascii=False))
            else:  # pandas writes a lone newline, which strict JSONL readers refuse
                _atomic(p, lambda t: t.write_text("", encoding="utf-8"))
            written.append(p)
    if "duckdb" in formats:
        written.append(write_duckdb(tables, out / "pipeline.duckdb"))
    schema = {name: COLUMNS[name] for name in TABLES}
    _atomic(out / "schema.json", lambda t: t.write_text(json.dumps(schema, indent=2)))
    return written


def write_duckdb(tables: dict[str, pd.DataFrame], path: Path) -> Path:
    import duckdb

    from .duckdb_schema import add_keys, create_views

    def build(tmp: Path) -> None:
        con = duckdb.connect(str(tmp))
        try:
            for name in TABLES:
                con.register("incoming", tables[name])
                con.execute(f"CREATE TABLE {name} AS SELECT * FROM incoming")
                con.unregister("incoming")
            for note in add_keys(con):  # e.g. the same file given twice: two equal article ids
                warnings.warn(f"pipeline.duckdb: {note}", stacklevel=2)
            create_views(con)
        finally:
            con.close()

    if path.exists():
        path.unlink()
    _atomic(path, build)
    return path
