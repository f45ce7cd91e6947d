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
                 threads: int = 2):
        import duckdb

        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.options = options
        self.con = duckdb.connect(str(self.workdir / "copies.duckdb"))
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
        for t in ("a_live", "q_live", "q_speaker", "art_live", "quo_live", "art_groups", "quo_groups"):
            self.con.execute(f"DROP TABLE IF EXISTS {t}")
        self.con.execute("CHECKPOINT")
        self.con.close()

    def __enter__(self) -> "CopyState":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _check_params(self) -> None:
        """Signatures of another version are dropped; another threshold keeps the signatures and
        redoes the buckets and pairs (the ids of groups that go on are kept either way)."""
        have = dict(self.con.execute("SELECT k, v FROM meta").fetchall())
        want = {"signatures": SIGNATURE_VERSION, "art": json.dumps(self.articles.rule.params(), sort_keys=True),
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
        nodes = """SELECT article_id AS key,
                          row_number() OVER (ORDER BY published_at NULLS LAST, article_id) AS rank
                   FROM (SELECT article_id, min(published_at) AS published_at FROM a_live GROUP BY article_id)"""
        assign_groups(self.con, "art", "s", nodes, "SELECT a, b FROM art_edges")

    def story_ids(self, chunk: int = 65_536) -> Iterator[pa.Array]:
        """The story_id of every article row added, in the order added."""
        for rb in stream(self.con, """SELECT g.group_id FROM a_live l LEFT JOIN art_groups g ON g.key = l.article_id
                                      ORDER BY l.batch, l.i""", chunk):
            yield rb.column(0)

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
        con.execute("""CREATE OR REPLACE TABLE q_who AS
            SELECT q.qkey, any_value(s.person_id) AS person_id,
                   min(a.published_at) AS published_at, any_value(q.article_id) AS article_id,
                   min(q.start_char) AS start_char
            FROM q_live q LEFT JOIN q_speaker s USING (batch, i)
            LEFT JOIN (SELECT article_id, min(published_at) AS published_at FROM a_live GROUP BY ALL) a USING (article_id)
            GROUP BY q.qkey""")
        nodes = """SELECT qkey AS key,
                          row_number() OVER (ORDER BY published_at NULLS LAST, article_id, start_char, qkey) AS rank
                   FROM q_who"""
        edges = """SELECT e.a, e.b FROM quo_edges e JOIN q_who wa ON wa.qkey = e.a JOIN q_who wb ON wb.qkey = e.b
                   WHERE wa.person_id IS NOT DISTINCT FROM wb.person_id"""
        assign_groups(con, "quo", "st", nodes, edges)
        con.execute("DROP TABLE q_who")

    def quote_ids(self, chunk: int = 65_536) -> Iterator[pa.Table]:
        """(person_id, statement_id) of every quote row added, in the order added."""
        for rb in stream(self.con, """SELECT s.person_id, g.group_id AS statement_id FROM q_live l
                                      LEFT JOIN q_speaker s USING (batch, i) LEFT JOIN quo_groups g ON g.key = l.qkey
                                      ORDER BY l.batch, l.i""", chunk):
            yield pa.Table.from_batches([rb])

    # -- tables from the final files ---------------------------------------------------------------

    def stories(self, out: Path, schema: pa.Schema, chunk: int = 65_536) -> Iterator[pa.Table]:
        """The stories table (docs/tables.md) from ``out/articles.parquet``, ordered by story_id."""
        art = _sql_path(Path(out) / "articles.parquet")
        sql = f"""
            SELECT story_id,
                   arg_min(article_id, (published_at IS NULL, published_at, article_id)) AS canonical_article_id,
                   arg_min(title, (published_at IS NULL, published_at, article_id)) AS title,
                   count(DISTINCT article_id) AS n_articles, count(DISTINCT outlet) AS n_outlets,
                   list_sort(list_distinct(list(outlet) FILTER (WHERE outlet IS NOT NULL))) AS outlets,
                   min(published_at) AS first_published_at, max(published_at) AS last_published_at
            FROM read_parquet('{art}') WHERE story_id IS NOT NULL GROUP BY story_id ORDER BY story_id"""
        for rb in stream(self.con, sql, chunk):
            yield pa.Table.from_batches([rb]).select(schema.names).cast(schema)

    def statements(self, out: Path, schema: pa.Schema, chunk: int = 65_536) -> Iterator[pa.Table]:
        """The statements table (docs/tables.md) from the final quotes, articles and persons files."""
        out = Path(out)
        q, a, p = (_sql_path(out / f"{t}.parquet") for t in ("quotes", "articles", "persons"))
        order = "(a.published_at IS NULL, a.published_at, q.article_id, q.start_char)"
        sql = f"""
            SELECT q.statement_id,
                   arg_min(q.kind, {order}) AS kind, arg_min(q.text, {order}) AS text,
                   any_value(q.person_id) AS person_id, any_value(s.name) AS speaker_name,
                   arg_min(q.speaker, {order}) AS speaker, arg_min(q.article_id, {order}) AS article_id,
                   min(left(a.published_at, 10)) AS first_seen, max(left(a.published_at, 10)) AS last_seen,
                   count(*) AS n_quotes, count(DISTINCT q.article_id) AS n_articles,
                   count(DISTINCT a.outlet) AS n_outlets
            FROM read_parquet('{q}') q
            LEFT JOIN (SELECT article_id, any_value(published_at) AS published_at, any_value(outlet) AS outlet
                       FROM read_parquet('{a}') GROUP BY ALL) a USING (article_id)
            LEFT JOIN read_parquet('{p}') s ON s.person_id = q.person_id
            WHERE q.statement_id IS NOT NULL GROUP BY q.statement_id ORDER BY q.statement_id"""
        for rb in stream(self.con, sql, chunk):
            yield pa.Table.from_batches([rb]).select(schema.names).cast(schema)

    def counts(self) -> dict[str, dict[str, int]]:
        return {"articles": self.articles.counts(), "quotes": self.quotes.counts()}
