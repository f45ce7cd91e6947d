"""Batch part files: ``OUT/_parts/<table>/part-<batch>.parquet``, one per table and batch.

A batch writes its parts itself (in the worker that processed it): each to a temporary name,
flushed to disk, then renamed, so a part either exists whole or not at all. A part only counts
once the manifest has committed its batch; parts of uncommitted batches (a run killed between
writing and committing) are deleted by :func:`remove_uncommitted` when the next run starts.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from .tables import PART_TABLES, arrow_schema, arrow_table, atomic, fsync_path

PARTS_DIR = "_parts"
_PART = re.compile(r"^part-(\d+)\.parquet$")


def part_path(out: Path, table: str, batch: int) -> Path:
    return out / PARTS_DIR / table / f"part-{batch:08d}.parquet"


def write_parts(out: Path, batch: int, rows: dict[str, list[dict]]) -> list[Path]:
    """Write the rows of one batch, a part per non-empty table; return the paths written."""
    written = []
    for table in PART_TABLES:
        if not rows.get(table):
            continue
        path = part_path(out, table, batch)
        path.parent.mkdir(parents=True, exist_ok=True)
        t = arrow_table(table, rows[table])
        atomic(path, lambda tmp, t=t: pq.write_table(t, tmp))
        written.append(path)
    return written


def read_part(out: Path, table: str, batch: int, columns: Iterable[str] | None = None) -> pa.Table | None:
    path = part_path(out, table, batch)
    if not path.exists():
        return None
    cols = list(columns) if columns is not None else None
    t = pq.read_table(path, columns=cols, schema=arrow_schema(table))
    return t


def part_batches(out: Path) -> Iterator[tuple[Path, int]]:
    """Every part file under ``out`` with its batch number."""
    root = out / PARTS_DIR
    if not root.is_dir():
        return
    for tdir in root.iterdir():
        if tdir.is_dir():
            for p in tdir.iterdir():
                m = _PART.match(p.name)
                if m:
                    yield p, int(m.group(1))


def remove_uncommitted(out: Path, committed: set[int]) -> int:
    """Delete temporary files and the parts of batches the manifest does not hold."""
    root = out / PARTS_DIR
    n = 0
    if root.is_dir():
        for p in root.glob("*/.*.tmp"):
            p.unlink(missing_ok=True)
            n += 1
    for p, b in list(part_batches(out)):
        if b not in committed:
            p.unlink(missing_ok=True)
            n += 1
    return n


def remove_batches(out: Path, batches: Iterable[int]) -> None:
    for b in batches:
        for table in PART_TABLES:
            part_path(out, table, b).unlink(missing_ok=True)
    root = out / PARTS_DIR
    if root.is_dir():
        for tdir in root.iterdir():
            if tdir.is_dir():
                fsync_path(tdir)
