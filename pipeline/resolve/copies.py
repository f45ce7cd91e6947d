"""Stories and statements: what was printed or said once, however many articles carry it.

- A **story** is a group of near-copy articles (``stories``, ``articles.story_id``): two articles
  are near-copies when about ``story_threshold`` (default 0.5) of the shorter body's 5-word
  shingles are in the other (pipeline/resolve/near_copies.py); groups are connected sets of
  such pairs. An article with no near-copy is a story of one.
- A **statement** is a group of near-copy quotes with the same speaker (``statements``,
  ``quotes.statement_id``): the same ``person_id``, or both without one, and about
  ``statement_threshold`` (default 0.6) of the shorter quote's 3-word shingles in the other; a
  quote of fewer than five words only matches the same words. Copies inside one article count.

The state of both lives in a DuckDB file, ``OUT/_parts/_copies/copies.duckdb``: the signatures,
LSH buckets and near-copy pairs of every article and quote of the last run, and the ids given.
A run compares only the articles and quotes it has not seen with the others, and the ids stay
those of the last run for every group that goes on (pipeline/resolve/grouping.py). ``--fresh``
removes the file with the other run state. DuckDB keeps to ``memory_limit`` and spills to the
folder, so memory does not grow with the corpus.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Optional

import pyarrow as pa
import pyarrow.compute as pc

from .grouping import assign_groups
from .minhash import ARTICLE_SHINGLING, QUOTE_SHINGLING, SIGNATURE_VERSION, quote_key
from .near_copies import Appender, CopyRule, NearCopies, stream

STATE_DIR = "_copies"
STATE_VERSION = "2"  # the layout of copies.duckdb; a file of another layout is started again
STATEMENT_MIN_SHINGLES = 3  # a quote of fewer 3-word shingles (under five words) matches only the same words


@dataclass(frozen=True)
class CopyOptions:
    """The thresholds of ``pipeline run --story-threshold/--statement-threshold``."""

    story_threshold: float = 0.5
    statement_threshold: float = 0.6

    def story_rule(self) -> CopyRule:
        return CopyRule(self.story_threshold, ARTICLE_SHINGLING)

    def statement_rule(self) -> CopyRule:
        return CopyRule(self.statement_threshold, QUOTE_SHINGLING, min_shingles=STATEMENT_MIN_SHINGLES)


def _sql_path(p: Path) -> str:
    return str(Path(p).resolve()).replace("'", "''")


def _quote_keys(quotes: pa.Table) -> pa.Array:
    return pa.array([quote_key(a, k, s, e) for a, k, s, e in zip(
        quotes["article_id"].to_pylist(), quotes["kind"].to_pylist(), quotes["start_char"].to_pylist(),
        quotes["end_char"].to_pylist())], pa.string())


class CopyState:
    """Finds the stories and statements of a run, incrementally (see the module docstring).

    Per live batch, in batch order: :meth:`add_batch` (the batch's articles and quotes, in the
    order their rows are written), then :meth:`index` (signatures of what the state lacks, the
    new near-copy pairs), :meth:`group_stories`; :meth:`story_ids` streams the story_id of every
    article row added. After persons are linked: :meth:`set_speakers` per batch, then
    :meth:`group_statements` and :meth:`quote_ids`. :meth:`stories` and :meth:`statements`
    give the tables from the final Parquet files."""

    def __init__(self, workdir: Path, options: CopyOptions = CopyOptions(), memory_limit: str = "256MB",
                 threads: int = 1):
        import duckdb

        self.con = None
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.options = options
        path = self.workdir / "copies.duckdb"
        try:
            self.con = duckdb.connect(str(path))
            fresh = self._layout() not in (None, STATE_VERSION)  # written by another version: start again
        except duckdb.Error:  # not a DuckDB file any more (a disk full, a kill at the wrong moment): start again
            fresh = True
        if fresh:
            try:
                self.con.close()
            except Exception:  # noqa: BLE001 - it may never have opened
                pass
            for p in (path, path.with_name(path.name + ".wal")):
                p.unlink(missing_ok=True)
            self.con = duckdb.connect(str(path))
        tmp = _sql_path(self.workdir / "spill")
        self.con.execute(f"SET memory_limit='{memory_limit}'; SET threads={int(threads)}; "
                         f"SET temp_directory='{tmp}'; SET preserve_insertion_order=false")
        self.con.execute("CREATE TABLE IF NOT EXISTS meta (k VARCHAR, v VARCHAR)")
        self.articles = NearCopies(self.con, "art", options.story_rule())
        self.quotes = NearCopies(self.con, "quo", options.statement_rule())
        self._check_params()
        self.con.execute("CREATE OR REPLACE TABLE a_live (batch INTEGER, i INTEGER, article_id VARCHAR, "
                         "published_at VARCHAR, outlet VARCHAR)")
        self.con.execute("CREATE OR REPLACE TABLE q_live (batch INTEGER, i INTEGER, qkey VARCHAR, article_id VARCHAR, "
                         "start_char BIGINT)")
        self.con.execute("CREATE OR REPLACE TABLE q_speaker (batch INTEGER, i INTEGER, person_id VARCHAR)")
        self._a_live, self._q_live, self._q_speaker = (Appender(self.con, t) for t in ("a_live", "q_live", "q_speaker"))

    def close(self) -> None:
        for t in ("a_live", "q_live", "q_speaker", "art_live", "quo_live", "art_groups", "quo_groups", "a_out", "q_out2",
                  "s_out", "t_out"):
            self.con.execute(f"DROP TABLE IF EXISTS {t}")
        try:
            self.con.execute("CHECKPOINT")
        except Exception:  # noqa: BLE001 - a reader still open; DuckDB checkpoints when it closes anyway
            pass
        self.con.close()

    def __enter__(self) -> "CopyState":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _layout(self) -> Optional[str]:
        (n,) = self.con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'").fetchall()[0]
        if not n:
            return None
        rows = self.con.execute("SELECT v FROM meta WHERE k = 'state'").fetchall()
        row = rows[0] if rows else None
        return row[0] if row else "1"

    def _check_params(self) -> None:
        """Signatures of another version are dropped; another threshold keeps the signatures and
        redoes the buckets and pairs (the ids of groups that go on are kept either way)."""
        have = dict(self.con.execute("SELECT k, v FROM meta").fetchall())
        want = {"state": STATE_VERSION, "signatures": SIGNATURE_VERSION, "art": json.dumps(self.articles.rule.params(), sort_keys=True),
                "quo": json.dumps(self.quotes.rule.params(), sort_keys=True)}
        if have.get("signatures") not in (None, SIGNATURE_VERSION):
            self.articles.reset(keep_items=False)
            self.quotes.reset(keep_items=False)
        else:
            for kind, nc in (("art", self.articles), ("quo", self.quotes)):
                if have.get(kind) not in (None, want[kind]):
                    nc.reset(keep_items=True)
        self.con.execute("DELETE FROM meta")
        self.con.executemany("INSERT INTO meta VALUES (?, ?)", list(want.items()))

    # -- input -------------------------------------------------------------------------------------

    def add_batch(self, batch: int, articles: Optional[pa.Table], quotes: Optional[pa.Table]) -> None:
        """The batch's live article rows (article_id, published_at, outlet) and quote rows
        (article_id, kind, start_char, end_char), in the order they are written."""
        con = self.con
        if articles is not None and articles.num_rows:
            t = pa.table({"batch": pa.array([batch] * articles.num_rows, pa.int32()),
                          "i": pa.array(range(articles.num_rows), pa.int32()),
                          "article_id": articles["article_id"].cast(pa.string()),
                          "published_at": articles["published_at"].cast(pa.string()),
                          "outlet": articles["outlet"].cast(pa.string())})
            self._a_live.append(t)
            self.articles.set_live(pc.unique(t["article_id"].combine_chunks()), batch)
        if quotes is not None and quotes.num_rows:
            keys = _quote_keys(quotes)
            t = pa.table({"batch": pa.array([batch] * quotes.num_rows, pa.int32()),
                          "i": pa.array(range(quotes.num_rows), pa.int32()), "qkey": keys,
                          "article_id": quotes["article_id"].cast(pa.string()),
                          "start_char": quotes["start_char"].cast(pa.int64())})
            self._q_live.append(t)
            self.quotes.set_live(pc.unique(keys), batch)

    def index(self, signatures: Callable[[int], Optional[pa.Table]]) -> dict[str, int]:
        """Bring the LSH indexes up to the run: drop what left, add what is new (``signatures(batch)``
        gives the signature rows of a batch, pipeline/resolve/minhash.py), find the new pairs."""
        self._a_live.flush()
        self._q_live.flush()
        stats = {"articles_dropped": self.articles.drop_dead(), "quotes_dropped": self.quotes.drop_dead()}
        held = {k: nc.counts()["items"] for k, nc in (("articles", self.articles), ("quotes", self.quotes))}
        for b in sorted(set(self.articles.missing_batches()) | set(self.quotes.missing_batches())):
            sig = signatures(b)
            if sig is None or sig.num_rows == 0:
                continue
            is_q = pc.is_valid(sig["quote_key"])
            a, q = sig.filter(pc.invert(is_q)), sig.filter(is_q)
            self.articles.add(b, a["article_id"], a["article_id"], a["n_shingles"], a["sig"])
            self.quotes.add(b, q["quote_key"], q["article_id"], q["n_shingles"], q["sig"])
        self.articles.flush()
        self.quotes.flush()
        for k, nc in (("articles", self.articles), ("quotes", self.quotes)):
            stats[f"{k}_added"] = nc.counts()["items"] - held[k]
        stats["story_pairs_new"] = self.articles.match_new()
        stats["statement_pairs_new"] = self.quotes.match_new()
        return stats

    # -- stories -----------------------------------------------------------------------------------

    def group_stories(self) -> None:
        self.con.execute("CREATE OR REPLACE TABLE a_pub1 AS SELECT article_id, min(published_at) AS published_at "
                         "FROM a_live GROUP BY article_id")
        self.con.execute("""CREATE OR REPLACE TABLE a_nodes AS SELECT it.id, it.key, p.published_at
                            FROM art_items it JOIN a_pub1 p ON p.article_id = it.key""")
        nodes = """SELECT id, key, row_number() OVER (ORDER BY published_at NULLS LAST, key) AS rank FROM a_nodes"""
        assign_groups(self.con, "art", "s", nodes, "SELECT a, b FROM art_edges")
        self.con.execute("DROP TABLE a_nodes")
        self.con.execute("DROP TABLE a_pub1")

    def story_ids(self, chunk: int = 65_536) -> Iterator[pa.Array]:
        """The story_id of every article row added, in the order added."""
        con = self.con
        con.execute("""CREATE OR REPLACE TABLE a_out AS SELECT l.batch, l.i, g.group_id FROM a_live l
                       LEFT JOIN art_groups g ON g.key = l.article_id""")
        for rb in stream(con, "SELECT group_id FROM a_out ORDER BY batch, i", chunk):
            yield rb.column(0)  # a_out goes at close(): a reader may stop once it has all its rows

    # -- statements --------------------------------------------------------------------------------

    def set_speakers(self, batch: int, person_ids: pa.Array) -> None:
        """The person_id of each quote row of ``batch`` (the rows of :meth:`add_batch`, same order)."""
        if len(person_ids) == 0:
            return
        t = pa.table({"batch": pa.array([batch] * len(person_ids), pa.int32()),
                      "i": pa.array(range(len(person_ids)), pa.int32()), "person_id": person_ids.cast(pa.string())})
        self._q_speaker.append(t)

    def group_statements(self) -> None:
        con = self.con
        self._q_speaker.flush()
        # one join or aggregate per statement: DuckDB spills each to disk within its memory limit,
        # which a single statement doing all of them at once does not manage at millions of quotes
        con.execute("CREATE OR REPLACE TABLE a_pub AS SELECT article_id, min(published_at) AS published_at "
                    "FROM a_live GROUP BY article_id")
        con.execute("""CREATE OR REPLACE TABLE q_j AS SELECT q.qkey, s.person_id, q.start_char
                       FROM q_live q LEFT JOIN q_speaker s USING (batch, i)""")
        con.execute("""CREATE OR REPLACE TABLE q_p AS SELECT qkey, any_value(person_id) AS person_id,
                              min(start_char) AS start_char FROM q_j GROUP BY qkey""")
        con.execute("""CREATE OR REPLACE TABLE q_n1 AS SELECT it.id, it.key, it.article_id, p.person_id, p.start_char
                       FROM quo_items it JOIN q_p p ON p.qkey = it.key""")
        con.execute("""CREATE OR REPLACE TABLE q_who AS SELECT n.*, a.published_at FROM q_n1 n
                       LEFT JOIN a_pub a USING (article_id)""")
        con.execute("DROP TABLE q_j; DROP TABLE q_p; DROP TABLE q_n1")
        nodes = """SELECT id, key, row_number() OVER (ORDER BY published_at NULLS LAST, article_id, start_char, key)
                   AS rank FROM q_who"""
        con.execute("CREATE OR REPLACE TABLE q_e1 AS SELECT e.a, e.b, w.person_id FROM quo_edges e "
                    "JOIN q_who w ON w.id = e.a")
        con.execute("""CREATE OR REPLACE TABLE q_e AS SELECT e.a, e.b FROM q_e1 e JOIN q_who w ON w.id = e.b
                       WHERE w.person_id IS NOT DISTINCT FROM e.person_id""")
        assign_groups(con, "quo", "st", nodes, "SELECT a, b FROM q_e")
        con.execute("DROP TABLE q_who; DROP TABLE a_pub; DROP TABLE q_e1; DROP TABLE q_e")

    def quote_ids(self, chunk: int = 65_536) -> Iterator[pa.Table]:
        """(person_id, statement_id) of every quote row added, in the order added."""
        con = self.con
        con.execute("""CREATE OR REPLACE TABLE q_out AS SELECT l.batch, l.i, l.qkey, s.person_id
                       FROM q_live l LEFT JOIN q_speaker s USING (batch, i)""")
        con.execute("""CREATE OR REPLACE TABLE q_out2 AS SELECT o.batch, o.i, o.person_id, g.group_id AS statement_id
                       FROM q_out o LEFT JOIN quo_groups g ON g.key = o.qkey""")
        con.execute("DROP TABLE q_out")
        for rb in stream(con, "SELECT person_id, statement_id FROM q_out2 ORDER BY batch, i", chunk):
            yield pa.Table.from_batches([rb])  # q_out2 goes at close()

    # -- tables from the final files ---------------------------------------------------------------

    def stories(self, out: Path, schema: pa.Schema, chunk: int = 65_536) -> Iterator[pa.Table]:
        """The stories table (docs/tables.md) from ``out/articles.parquet``, ordered by story_id."""
        con, art = self.con, _sql_path(Path(out) / "articles.parquet")
        con.execute(f"""CREATE OR REPLACE TABLE s_first AS
            SELECT story_id, article_id AS canonical_article_id, title FROM read_parquet('{art}')
            WHERE story_id IS NOT NULL
            QUALIFY row_number() OVER (PARTITION BY story_id ORDER BY published_at IS NULL, published_at, article_id) = 1""")
        con.execute(f"""CREATE OR REPLACE TABLE s_agg AS
            SELECT story_id, count(DISTINCT article_id) AS n_articles, count(DISTINCT outlet) AS n_outlets,
                   list_sort(list_distinct(list(outlet) FILTER (WHERE outlet IS NOT NULL))) AS outlets,
                   min(published_at) AS first_published_at, max(published_at) AS last_published_at
            FROM read_parquet('{art}') WHERE story_id IS NOT NULL GROUP BY story_id""")
        con.execute("CREATE OR REPLACE TABLE s_out AS SELECT * FROM s_first JOIN s_agg USING (story_id)")
        con.execute("DROP TABLE s_first; DROP TABLE s_agg")
        for rb in stream(con, "SELECT * FROM s_out ORDER BY story_id", chunk):
            yield pa.Table.from_batches([rb]).select(schema.names).cast(schema)
        con.execute("DROP TABLE s_out")

    def statements(self, out: Path, schema: pa.Schema, chunk: int = 65_536) -> Iterator[pa.Table]:
        """The statements table (docs/tables.md) from the final quotes, articles and persons files,
        ordered by statement_id; one join or aggregate per statement, as in :meth:`group_statements`."""
        con, out = self.con, Path(out)
        q, a, p = (_sql_path(out / f"{t}.parquet") for t in ("quotes", "articles", "persons"))
        con.execute(f"""CREATE OR REPLACE TABLE t_art AS SELECT article_id, any_value(published_at) AS published_at,
                            any_value(outlet) AS outlet FROM read_parquet('{a}') GROUP BY article_id""")
        con.execute(f"""CREATE OR REPLACE TABLE t_q AS
            SELECT q.statement_id, q.kind, q.text, q.person_id, q.speaker, q.article_id, q.start_char,
                   a.published_at, a.outlet
            FROM read_parquet('{q}') q LEFT JOIN t_art a USING (article_id) WHERE q.statement_id IS NOT NULL""")
        con.execute("""CREATE OR REPLACE TABLE t_first AS
            SELECT statement_id, kind, text, person_id, speaker, article_id FROM t_q
            QUALIFY row_number() OVER (PARTITION BY statement_id
                                       ORDER BY published_at IS NULL, published_at, article_id, start_char) = 1""")
        con.execute("""CREATE OR REPLACE TABLE t_agg AS
            SELECT statement_id, min(left(published_at, 10)) AS first_seen, max(left(published_at, 10)) AS last_seen,
                   count(*) AS n_quotes, count(DISTINCT article_id) AS n_articles, count(DISTINCT outlet) AS n_outlets
            FROM t_q GROUP BY statement_id""")
        con.execute("CREATE OR REPLACE TABLE t_j AS SELECT * FROM t_first JOIN t_agg USING (statement_id)")
        con.execute(f"""CREATE OR REPLACE TABLE t_out AS SELECT j.*, s.name AS speaker_name FROM t_j j
                        LEFT JOIN read_parquet('{p}') s ON s.person_id = j.person_id""")
        con.execute("DROP TABLE t_art; DROP TABLE t_q; DROP TABLE t_first; DROP TABLE t_agg; DROP TABLE t_j")
        for rb in stream(con, "SELECT * FROM t_out ORDER BY statement_id", chunk):
            yield pa.Table.from_batches([rb]).select(schema.names).cast(schema)
        con.execute("DROP TABLE t_out")

    def counts(self) -> dict[str, dict[str, int]]:
        return {"articles": self.articles.counts(), "quotes": self.quotes.counts()}
