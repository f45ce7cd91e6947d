"""Near-copies of one kind of text (article bodies, or quotes) by MinHash LSH, kept out of core.

Two texts are near-copies when the estimated share of the smaller one's shingles that the other
also has is at least ``CopyRule.threshold`` (the share is computed from datasketch's Jaccard
estimate, the share of equal MinHash values, and the two exact shingle counts:
``J * (n_a + n_b) / ((1 + J) * min(n_a, n_b))``). A text with fewer than ``min_shingles``
shingles only matches a text with the same shingles.

Candidates come from LSH banding as datasketch's :class:`~datasketch.MinHashLSH` does it: the
bands (``b`` bands of ``r`` values, ``MinHashLSH.hashranges``) are the ones MinHashLSH chooses
for the Jaccard similarity ``t / (3 - t)``, which a share ``t`` has when one text is twice the
other. Two texts are candidates when all values of one band are equal. The band buckets live in
a DuckDB table instead of MinHashLSH's in-memory dicts, which cost about 12.7 KB per article at
these settings (12.7 GB at a million; ``benchmarks/near_copies.py``). A bucket with more than
``max_bucket`` texts (boilerplate shared by hundreds) is not searched.

The index is incremental: items carry the batch they came from, :meth:`NearCopies.drop_dead`
removes what is no longer in the run, :meth:`NearCopies.add` inserts the new items and
:meth:`NearCopies.match_new` compares only the new items with all the others. The pairs found
(``<name>_edges``) stay for the next run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from .minhash import Shingling, as_matrix
from .query_stream import stream

_CHUNK = 50_000  # candidate pairs verified at a time


@dataclass(frozen=True)
class CopyRule:
    """When two texts of one kind are near-copies."""

    threshold: float  # estimated share of the smaller text's shingles found in the other
    shingling: Shingling
    min_shingles: int = 1  # below this, only the same shingles match
    max_bucket: int = 1000  # LSH buckets with more texts are not searched

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"a near-copy threshold is a share in (0, 1], got {self.threshold}")

    @property
    def lsh_threshold(self) -> float:
        """The Jaccard similarity a share ``threshold`` has when one text is twice the other."""
        return self.threshold / (3.0 - self.threshold)

    def bands(self) -> list[tuple[int, int]]:
        """The (start, end) of each LSH band, as datasketch's MinHashLSH chooses them."""
        from datasketch import MinHashLSH

        lsh = MinHashLSH(threshold=self.lsh_threshold, num_perm=self.shingling.num_perm)
        return [(int(s), int(e)) for s, e in lsh.hashranges]

    def params(self) -> dict:
        return {"threshold": self.threshold, "words": self.shingling.words, "num_perm": self.shingling.num_perm,
                "seed": self.shingling.seed, "min_shingles": self.min_shingles, "max_bucket": self.max_bucket}


def share(sig_a: np.ndarray, sig_b: np.ndarray, n_a: np.ndarray, n_b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(Jaccard estimate, estimated share of the smaller set in the other) for rows of signatures.
    The Jaccard estimate is :meth:`datasketch.MinHash.jaccard`'s (the share of equal values)."""
    j = (sig_a == sig_b).mean(axis=1)
    small = np.maximum(np.minimum(n_a, n_b), 1)
    c = np.minimum(1.0, j * (n_a + n_b) / ((1.0 + j) * small))
    return j, c


class Appender:
    """Rows for one DuckDB table, inserted a few tens of thousands at a time (one insert per
    batch of a run would cost more than the rows)."""

    def __init__(self, con, table: str, rows: int = _CHUNK):
        self.con, self.table, self.rows = con, table, rows
        self._buf: list[pa.Table] = []
        self._n = 0

    def append(self, t: pa.Table) -> None:
        if t.num_rows:
            self._buf.append(t)
            self._n += t.num_rows
            if self._n >= self.rows:
                self.flush()

    def flush(self) -> None:
        if self._buf:
            t = pa.concat_tables(self._buf)
            self._buf, self._n = [], 0
            self.con.register("append_batch", t)
            self.con.execute(f"INSERT INTO {self.table} SELECT * FROM append_batch")
            self.con.unregister("append_batch")


class NearCopies:
    """The LSH index and the near-copy pairs of one kind of text, in tables ``<name>_*`` of ``con``.

    ``<name>_items`` (id, key, article_id, batch, n, sig, fresh), ``<name>_bands`` (band, hk, id),
    ``<name>_edges`` (a, b, share: item ids, a < b). An item's ``id`` is a number given when it
    enters the index, so the buckets hold 8-byte ids rather than keys. Each run: :meth:`set_live`
    with the keys of the run (key, batch), :meth:`drop_dead`, :meth:`missing_batches` and
    :meth:`add` for what the index does not hold, then :meth:`match_new`; :meth:`edges_sql` gives
    the pairs by key."""

    def __init__(self, con, name: str, rule: CopyRule):
        self.con, self.name, self.rule = con, name, rule
        self.bands = rule.bands()
        # a band of two values is one 8-byte integer (the two uint32 side by side); wider ones are bytes
        self._hk_int = all(e - s <= 2 for s, e in self.bands)
        n = name
        con.execute(f"CREATE TABLE IF NOT EXISTS {n}_items (id BIGINT, key VARCHAR, article_id VARCHAR, "
                    f"batch INTEGER, n INTEGER, sig BLOB, fresh BOOLEAN)")
        con.execute(f"CREATE TABLE IF NOT EXISTS {n}_edges (a BIGINT, b BIGINT, share DOUBLE)")
        self._create_bands(replace=False)
        con.execute(f"CREATE OR REPLACE TABLE {n}_live (key VARCHAR, batch INTEGER)")
        self._pending: list[pa.Table] = []
        self._pending_rows = 0
        self._live = Appender(con, f"{n}_live")

    def _create_bands(self, replace: bool) -> None:
        kind = "UBIGINT" if self._hk_int else "BLOB"
        verb = "CREATE OR REPLACE TABLE" if replace else "CREATE TABLE IF NOT EXISTS"
        self.con.execute(f"{verb} {self.name}_bands (band SMALLINT, hk {kind}, id BIGINT)")

    def reset(self, keep_items: bool) -> None:
        """Forget the pairs and buckets (a new threshold); without ``keep_items`` the signatures too."""
        n = self.name
        self._create_bands(replace=True)
        self.con.execute(f"DELETE FROM {n}_edges")
        if keep_items:
            self.con.execute(f"UPDATE {n}_items SET fresh = true")
            self._reband()
        else:
            self.con.execute(f"DELETE FROM {n}_items")

    # -- the items of the run ----------------------------------------------------------------------

    def set_live(self, keys: pa.Array, batch: int) -> None:
        """The keys of one batch of the run (given batch by batch, queued until :meth:`drop_dead`)."""
        if len(keys) == 0:
            return
        self._live.append(pa.table({"key": keys.cast(pa.string()),
                                    "batch": pa.array(np.full(len(keys), batch, dtype=np.int32))}))

    def drop_dead(self) -> int:
        """Remove the items not in the run (and their buckets and pairs); return how many. Buckets
        and pairs of items no longer held go too, so a run stopped half-way leaves nothing stale."""
        self._live.flush()
        n, con = self.name, self.con
        (dead,) = con.execute(f"SELECT count(*) FROM {n}_items i ANTI JOIN {n}_live l "
                              f"ON l.key = i.key AND l.batch = i.batch").fetchall()[0]
        if dead:
            con.execute(f"""DELETE FROM {n}_items WHERE id IN
                (SELECT i.id FROM {n}_items i ANTI JOIN {n}_live l ON l.key = i.key AND l.batch = i.batch)""")
        (orphans,) = con.execute(f"SELECT count(*) FROM (SELECT DISTINCT id FROM {n}_bands) b "
                                 f"ANTI JOIN {n}_items i USING (id)").fetchall()[0] if dead else (0,)
        if dead or orphans:
            con.execute(f"DELETE FROM {n}_bands WHERE id IN (SELECT b.id FROM {n}_bands b ANTI JOIN {n}_items i USING (id))")
            con.execute(f"DELETE FROM {n}_edges WHERE a NOT IN (SELECT id FROM {n}_items) "
                        f"OR b NOT IN (SELECT id FROM {n}_items)")
        return int(dead)

    def missing_batches(self) -> list[int]:
        """Batches with items of the run the index does not hold (those items are noted, once per
        key, for :meth:`flush`)."""
        self._live.flush()
        n, con = self.name, self.con
        con.execute(f"CREATE OR REPLACE TABLE {n}_missing0 AS SELECT l.key, l.batch FROM {n}_live l "
                    f"ANTI JOIN {n}_items i ON i.key = l.key")
        con.execute(f"CREATE OR REPLACE TABLE {n}_missing AS SELECT key, min(batch) AS batch FROM {n}_missing0 "
                    f"GROUP BY key; DROP TABLE {n}_missing0")
        return [b for (b,) in con.execute(f"SELECT DISTINCT batch FROM {n}_missing ORDER BY 1").fetchall()]

    def add(self, batch: int, keys: pa.Array, article_ids: pa.Array, n_shingles: pa.Array, sigs: pa.Array) -> int:
        """Queue the items of ``batch`` (their signatures in the order of ``keys``); those
        :meth:`missing_batches` found missing go into the index at the next :meth:`flush`. Returns
        how many were given."""
        if len(keys) == 0:
            return 0
        self._pending.append(pa.table({
            "key": keys.cast(pa.string()), "article_id": article_ids.cast(pa.string()),
            "batch": pa.array(np.full(len(keys), batch, dtype=np.int32)), "n": n_shingles.cast(pa.int32()),
            "sig": sigs.cast(pa.binary())}))
        self._pending_rows += len(keys)
        if self._pending_rows >= _CHUNK:
            self.flush()
        return len(keys)

    def flush(self) -> int:
        """Insert the queued items that are in the run and not yet held, with their buckets."""
        if not self._pending:
            return 0
        n, con = self.name, self.con
        t = pa.concat_tables(self._pending)
        self._pending, self._pending_rows = [], 0
        con.register("add_batch", t)
        (top,) = con.execute(f"SELECT coalesce(max(id), 0) FROM {n}_items").fetchall()[0]
        con.execute(f"""CREATE OR REPLACE TABLE add_new AS
            SELECT {int(top)} + row_number() OVER (ORDER BY key) AS id, key, article_id, batch, n, sig FROM (
                SELECT a.key, a.article_id, a.batch, a.n, a.sig FROM add_batch a
                SEMI JOIN {n}_missing m ON m.key = a.key AND m.batch = a.batch
                QUALIFY row_number() OVER (PARTITION BY a.key) = 1)""")
        con.unregister("add_batch")
        con.execute(f"INSERT INTO {n}_items SELECT id, key, article_id, batch, n, sig, true FROM add_new")
        new = con.sql("SELECT id, n, sig FROM add_new WHERE n > 0").to_arrow_table()
        con.execute("DROP TABLE add_new")
        self._insert_bands(new)
        return new.num_rows

    def _insert_bands(self, items: pa.Table) -> None:
        if items.num_rows == 0:
            return
        sigs = as_matrix(items["sig"], self.rule.shingling.num_perm)
        ids = items["id"].combine_chunks() if isinstance(items["id"], pa.ChunkedArray) else items["id"]
        parts = []
        for i, (s, e) in enumerate(self.bands):
            if self._hk_int:
                block = np.zeros((len(sigs), 2), dtype="<u4")
                block[:, :e - s] = sigs[:, s:e]
                hk = pa.array(np.ascontiguousarray(block).view("<u8").ravel())
            else:
                buf = pa.py_buffer(np.ascontiguousarray(sigs[:, s:e]).tobytes())
                hk = pa.Array.from_buffers(pa.binary((e - s) * 4), len(sigs), [None, buf]).cast(pa.binary())
            parts.append(pa.table({"band": pa.array(np.full(len(ids), i, dtype=np.int16)), "hk": hk, "id": ids}))
        self.con.register("band_batch", pa.concat_tables(parts))
        self.con.execute(f"INSERT INTO {self.name}_bands SELECT * FROM band_batch")
        self.con.unregister("band_batch")

    def _reband(self) -> None:
        for rb in stream(self.con, f"SELECT id, n, sig FROM {self.name}_items WHERE n > 0", _CHUNK):
            self._insert_bands(pa.Table.from_batches([rb]))

    # -- matching ----------------------------------------------------------------------------------

    def match_new(self) -> int:
        """Compare the fresh items with every item through the buckets; keep the near-copies as
        edges; return the number of new edges."""
        self.flush()
        n, con, rule = self.name, self.con, self.rule
        # one band at a time: each join holds a band's buckets, not all of them (bounded memory)
        con.execute("CREATE OR REPLACE TABLE cand_band (a BIGINT, b BIGINT)")
        for band in range(len(self.bands)):
            con.execute(f"""INSERT INTO cand_band
                WITH bb AS (SELECT hk, id FROM {n}_bands WHERE band = {band}),
                     fb AS (SELECT bb.hk, bb.id FROM bb SEMI JOIN {n}_items i ON i.id = bb.id AND i.fresh),
                     big AS (SELECT bb.hk FROM bb SEMI JOIN fb USING (hk)
                             GROUP BY bb.hk HAVING count(*) > {int(rule.max_bucket)})
                SELECT least(f.id, o.id), greatest(f.id, o.id)
                FROM fb f JOIN bb o ON o.hk = f.hk AND o.id <> f.id
                ANTI JOIN big g ON g.hk = f.hk""")
        con.execute("CREATE OR REPLACE TABLE cand AS SELECT DISTINCT a, b FROM cand_band; DROP TABLE cand_band")
        found = 0
        for rb in stream(con, f"""SELECT c.a, c.b, ia.n AS na, ib.n AS nb, ia.sig AS sa, ib.sig AS sb
                FROM cand c JOIN {n}_items ia ON ia.id = c.a JOIN {n}_items ib ON ib.id = c.b""", _CHUNK):
            found += self._verify(pa.Table.from_batches([rb]))
        con.execute(f"DROP TABLE cand; DROP TABLE IF EXISTS {n}_missing; UPDATE {n}_items SET fresh = false WHERE fresh")
        return found

    def _verify(self, t: pa.Table) -> int:
        if t.num_rows == 0:
            return 0
        p = self.rule.shingling.num_perm
        na = t["na"].to_numpy().astype(np.float64)
        nb = t["nb"].to_numpy().astype(np.float64)
        j, c = share(as_matrix(t["sa"], p), as_matrix(t["sb"], p), na, nb)
        small = np.minimum(na, nb) < self.rule.min_shingles
        ok = np.where(small, (j >= 1.0) & (na == nb), c >= self.rule.threshold)
        if not ok.any():
            return 0
        keep = pa.table({"a": t["a"].filter(pa.array(ok)), "b": t["b"].filter(pa.array(ok)),
                         "share": pa.array(np.round(c[ok], 4))})
        self.con.register("edge_batch", keep)
        self.con.execute(f"INSERT INTO {self.name}_edges SELECT * FROM edge_batch")
        self.con.unregister("edge_batch")
        return keep.num_rows

    def edges_sql(self) -> str:
        """The near-copy pairs by key (columns a, b)."""
        n = self.name
        return (f"SELECT ia.key AS a, ib.key AS b FROM {n}_edges e JOIN {n}_items ia ON ia.id = e.a "
                f"JOIN {n}_items ib ON ib.id = e.b")

    # -- sizes (benchmarks) ------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        n = self.name
        return {t: int(self.con.execute(f"SELECT count(*) FROM {n}_{t}").fetchall()[0][0])
                for t in ("items", "bands", "edges")}
