"""The rows of a DuckDB query as Arrow record batches, read on a cursor of their own: the corpus
steps at the end of a run (persons, stories and statements) stream what they read back, and
keep writing to the same connection meanwhile, with memory bounded by the batch size."""

from __future__ import annotations

from typing import Iterator

import pyarrow as pa

CHUNK = 50_000  # rows per batch unless the caller says


def stream(con, sql: str, n: int = CHUNK) -> Iterator[pa.RecordBatch]:
    """Record batches of about ``n`` rows of ``sql`` (the query may only read tables, not
    temporary ones, which belong to ``con``'s own cursor); the cursor closes when the stream ends."""
    cur = con.cursor()
    try:
        rel = cur.sql(sql)
        reader = getattr(rel, "to_arrow_reader", None) or rel.fetch_record_batch  # duckdb 1.4+ / before
        yield from reader(n)
    finally:
        cur.close()
