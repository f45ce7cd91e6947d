"""The run manifest ``OUT/_manifest.sqlite``: what every input article became, and where.

One row per source (``file.txt``, ``export.jsonl:12``): its article_id, a hash of its content,
the rules and model versions it was processed with, and the batch whose part files hold its
rows. A batch is committed (one SQLite transaction) only after its part files are on disk, so
after a crash the manifest names only complete parts. ``seen_run`` marks the sources of the
current run: the final tables hold exactly those, each from its one current batch.
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional

MANIFEST = "_manifest.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS batches (batch INTEGER PRIMARY KEY, run TEXT NOT NULL, n_items INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    source TEXT PRIMARY KEY, article_id TEXT, content_hash TEXT, rules_version TEXT NOT NULL,
    model_version TEXT NOT NULL, batch INTEGER NOT NULL, status TEXT NOT NULL, seen_run TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS articles_batch ON articles (batch);
CREATE TABLE IF NOT EXISTS runs (run TEXT PRIMARY KEY, started REAL NOT NULL, finished REAL);
"""


@dataclass
class Entry:
    """What a batch made of one input item (an article, or an error row)."""

    source: str
    article_id: Optional[str]
    content_hash: Optional[str]  # None for an input that could not be read: always read again
    status: str  # "article" or "error"


class Manifest:
    def __init__(self, out: Path, rules_version: str, model_version: str):
        out.mkdir(parents=True, exist_ok=True)
        self.path = out / MANIFEST
        self.con = sqlite3.connect(self.path, isolation_level=None)
        self.con.execute("PRAGMA journal_mode=WAL")
        self.con.execute("PRAGMA synchronous=FULL")
        self.con.executescript(_SCHEMA)
        self.rules_version = rules_version
        self.model_version = model_version
        self.run = f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
        self.con.execute("INSERT INTO runs VALUES (?, ?, NULL)", (self.run, time.time()))
        self._seen: list[tuple[str, str]] = []

    def committed_batches(self) -> set[int]:
        return {b for (b,) in self.con.execute("SELECT batch FROM batches")}

    def next_batch(self) -> int:
        (b,) = self.con.execute("SELECT COALESCE(MAX(batch), -1) + 1 FROM batches").fetchone()
        return int(b)

    def is_current(self, source: str, content_hash: str) -> bool:
        """True when ``source`` was processed with this content, rules and model: nothing to redo."""
        row = self.con.execute(
            "SELECT content_hash, rules_version, model_version FROM articles WHERE source = ?", (source,)).fetchone()
        if row is None or row != (content_hash, self.rules_version, self.model_version):
            return False
        self._seen.append((self.run, source))
        if len(self._seen) >= 2000:
            self.flush_seen()
        return True

    def flush_seen(self) -> None:
        if self._seen:
            with self._tx():
                self.con.executemany("UPDATE articles SET seen_run = ? WHERE source = ?", self._seen)
            self._seen = []

    def commit_batch(self, batch: int, entries: Iterable[Entry]) -> None:
        """Record a batch whose part files are durable; its sources now point to it."""
        entries = list(entries)
        with self._tx():
            self.con.execute("INSERT INTO batches VALUES (?, ?, ?)", (batch, self.run, len(entries)))
            self.con.executemany(
                "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(source) DO UPDATE SET "
                "article_id = excluded.article_id, content_hash = excluded.content_hash, "
                "rules_version = excluded.rules_version, model_version = excluded.model_version, "
                "batch = excluded.batch, status = excluded.status, seen_run = excluded.seen_run",
                [(e.source, e.article_id, e.content_hash, self.rules_version, self.model_version, batch, e.status,
                  self.run) for e in entries])

    def live_batches(self) -> Iterator[tuple[int, set[str], set[str]]]:
        """(batch, its live article ids, its live sources) for the current run, in batch order."""
        self.flush_seen()
        batches = [b for (b,) in self.con.execute(
            "SELECT DISTINCT batch FROM articles WHERE seen_run = ? ORDER BY batch", (self.run,))]
        for b in batches:
            rows = self.con.execute("SELECT source, article_id FROM articles WHERE batch = ? AND seen_run = ?",
                                    (b, self.run)).fetchall()
            yield b, {a for _s, a in rows if a}, {s for s, _a in rows}

    def forget_unseen(self) -> list[int]:
        """After a complete run: drop sources not in it and batches no source points to; return those batches."""
        self.flush_seen()
        with self._tx():
            self.con.execute("DELETE FROM articles WHERE seen_run != ?", (self.run,))
            dead = [b for (b,) in self.con.execute(
                "SELECT batch FROM batches WHERE batch NOT IN (SELECT DISTINCT batch FROM articles)")]
            self.con.executemany("DELETE FROM batches WHERE batch = ?", [(b,) for b in dead])
            self.con.execute("UPDATE runs SET finished = ? WHERE run = ?", (time.time(), self.run))
        return dead

    def counts(self) -> dict[str, int]:
        return dict(self.con.execute(
            "SELECT status, COUNT(*) FROM articles WHERE seen_run = ? GROUP BY status", (self.run,)).fetchall())

    def close(self) -> None:
        self.flush_seen()
        self.con.close()

    def _tx(self):
        con = self.con

        class _T:
            def __enter__(self):
                con.execute("BEGIN IMMEDIATE")

            def __exit__(self, et, ev, tb):
                con.execute("COMMIT" if et is None else "ROLLBACK")
                return False

        return _T()
