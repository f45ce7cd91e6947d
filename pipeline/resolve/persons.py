"""Who is who across articles: one ``person_id`` per distinct person in the corpus.

Rules (each decision is explainable from the rows):
- Named rows with the same normalized full name (two words or more) are one person unless
  their ranks cannot be one career: a police and a military rank, or a lower rank after a
  higher one (a promotion, AKP then Kompol, stays one person). Rows without a rank join the
  person of that name seen in their office, else the first one.
- A shorter full name ("Hanif Faisol", "M Farhan") joins the one longer name that contains its
  words in order (an initial standing for a word) and was seen in the same office and unit.
- A one-word name ("Aris") joins the one full name containing it seen in the same office and
  unit; otherwise it is a person of its own per office and unit, and without an office one
  per article, so different people who share a short name stay apart.
- An unnamed office holder ("Kapolres Pasuruan") takes the id of the one named holder of that
  office and unit seen within ``window_days`` of its article; with none, it is an office-holder
  entry of its own per office, unit and month. Where office, unit and date cannot make it one
  person (several named holders in the window, no unit, an undated article, or an office
  several people hold at once: ``shared_offices`` in rules/persons.yaml), it stays a person of
  its own article.

Out of core: :class:`PersonLinker` takes the people rows batch by batch into a DuckDB file in a
work folder, decides with SQL joins over distinct names, words and offices, and gives the ids
back as a stream in the order the rows came. Python holds one batch, or one name's ranked rows,
at a time, and DuckDB keeps to ``memory_limit`` (spilling to the work folder), so memory does not
grow with the corpus. A ``person_id`` is ``"p"`` + the first 11 hex digits of the SHA-1 of its
key parts joined by NUL: ``name|<full name>[|career]``, ``short|<word>|<office>|<unit>`` or
``short|<word>|<article_id>``, ``office|<office>|<unit>|<YYYY-MM or article_id>``.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, Optional

import pyarrow as pa

from .query_stream import stream

_NORM = re.compile(r"[^0-9a-z]+")
_APOSTROPHE = re.compile(r"['\u2019\u2018`]")


def _norm(s) -> str:
    """Lower case, letters and digits; an apostrophe joins ("Ma'arif" = "Maarif")."""
    if not isinstance(s, str):
        return ""
    return _norm_str(s)


@lru_cache(maxsize=1 << 16)  # offices, units and names repeat across a corpus
def _norm_str(s: str) -> str:
    return _NORM.sub(" ", _APOSTROPHE.sub("", s.lower())).strip()


def _pid(*parts: str) -> str:
    """The id of a key; ``_PID_SQL`` is the same function in DuckDB."""
    return "p" + hashlib.sha1("\0".join(parts).encode()).hexdigest()[:11]


def _pid_sql(*parts: str) -> str:
    """:func:`_pid` as a DuckDB expression over the SQL expressions ``parts`` (none of them NULL)."""
    return f"('p' || left(sha1(concat_ws(chr(0), {', '.join(parts)})), 11))"


def _name_pid_sql(name: str, career: str) -> str:
    """The id of a full name's first career (``career`` 0) or of a later one."""
    return (f"(CASE WHEN {career} = 0 THEN {_pid_sql(repr('name'), name)} "
            f"ELSE {_pid_sql(repr('name'), name, f'CAST({career} AS VARCHAR)')} END)")


def _service(rank_full) -> Optional[str]:
    """Polri or TNI, from the rank's full name in rules/ranks.yaml ("... Polisi", "Bhayangkara ...")."""
    if not isinstance(rank_full, str) or not rank_full:
        return None
    low = rank_full.lower()
    return "polri" if "polisi" in low or low.startswith("bhayangkara") else "tni"


def _career_fits(seen: list[tuple[Optional[date], int, Optional[str]]], when: Optional[date], level: int,
                 service: Optional[str]) -> bool:
    """A rank at ``when`` fits the ranks already seen for one person: same service, and never
    lower than an earlier rank nor higher than a later one."""
    for d, lv, sv in seen:
        if service and sv and service != sv:
            return False
        if d is None or when is None:
            continue
        if (d < when and lv > level) or (d > when and lv < level) or (d == when and lv != level):
            return False
    return True


def _day(iso) -> Optional[date]:
    try:
        return date.fromisoformat(str(iso)[:10])
    except (TypeError, ValueError):
        return None


def _contains(short: list[str], long_: list[str]) -> bool:
    """The words of ``short`` appear in ``long_`` in order; a one-letter word matches a word
    with that initial ("m farhan" in "muhammad farhan")."""
    i = 0
    for w in long_:
        if i < len(short) and (w == short[i] or len(short[i]) == 1 and w.startswith(short[i])):
            i += 1
    return i == len(short)


# what PersonLinker keeps of each people row (raw columns for the persons table, normalized ones for linking)
_ROW_SCHEMA = pa.schema([
    ("row_no", pa.int64()), ("article_id", pa.string()), ("person_key", pa.string()),
    ("name", pa.string()), ("rank", pa.string()), ("position", pa.string()), ("unit", pa.string()),
    ("is_official", pa.bool_()), ("day", pa.date32()), ("month", pa.string()),
    ("name_norm", pa.string()), ("n_words", pa.int32()), ("anchor", pa.string()),
    ("pos_norm", pa.string()), ("unit_norm", pa.string()), ("rank_level", pa.int64()), ("service", pa.string()),
    ("shared", pa.bool_()),
])
_CAREER_SCHEMA = pa.schema([("row_no", pa.int64()), ("k", pa.int64())])
_JOIN_SCHEMA = pa.schema([("pn", pa.string()), ("pk", pa.int64()), ("qn", pa.string()), ("qk", pa.int64())])
_FLUSH = 50_000  # rows of results gathered in Python before they go to DuckDB


class PersonLinker:
    """Links the people rows of a whole corpus without holding them in memory.

    ``add`` each batch (people rows with the columns of ``COLUMNS``, the published dates of
    their articles, the quotes' speaker keys), then ``link``; ``person_ids`` streams the ids in
    the order the rows were added and ``persons`` the persons table. Use as a context manager:
    the work folder is removed at the end."""

    COLUMNS = ["article_id", "person_key", "name", "rank", "rank_full", "rank_level", "position", "unit",
               "is_official"]

    def __init__(self, workdir: Path, window_days: int = 183, shared_offices: Iterable[str] = (),
                 memory_limit: str = "256MB", threads: int = 2):
        import duckdb

        self.workdir = Path(workdir)
        shutil.rmtree(self.workdir, ignore_errors=True)
        self.workdir.mkdir(parents=True)
        self.window_days = int(window_days)
        self._shared = tuple(_norm(w) + " " for w in shared_offices if _norm(w))
        self.con = duckdb.connect(str(self.workdir / "link.duckdb"))
        tmp = str(self.workdir / "spill").replace("'", "''")
        self.con.execute(f"SET memory_limit='{memory_limit}'; SET threads={int(threads)}; "
                         f"SET temp_directory='{tmp}'; SET preserve_insertion_order=false")
        self.con.execute("CREATE TABLE rows (row_no BIGINT, article_id VARCHAR, person_key VARCHAR, name VARCHAR, "
                         "rank VARCHAR, position VARCHAR, unit VARCHAR, is_official BOOLEAN, day DATE, "
                         "month VARCHAR, name_norm VARCHAR, n_words INTEGER, anchor VARCHAR, pos_norm VARCHAR, "
                         "unit_norm VARCHAR, rank_level BIGINT, service VARCHAR, shared BOOLEAN)")
        self.con.execute("CREATE TABLE qkeys (article_id VARCHAR, speaker_key VARCHAR)")
        self.n_rows = 0
        self._linked = False

    def __enter__(self) -> "PersonLinker":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        try:
            self.con.close()
        finally:
            shutil.rmtree(self.workdir, ignore_errors=True)

    # -- input ---------------------------------------------------------------------------------------

    def add(self, people: pa.Table | None, articles: pa.Table | None, quotes: pa.Table | None = None) -> None:
        """One batch: its people rows (in the order their ids are wanted back), the
        ``article_id``/``published_at`` of their articles, and the quotes' ``article_id``/``speaker_key``."""
        if quotes is not None and quotes.num_rows:
            q = pa.table({"article_id": quotes["article_id"].cast(pa.string()),
                          "speaker_key": quotes["speaker_key"].cast(pa.string())})
            self.con.execute("INSERT INTO qkeys SELECT * FROM q")
        if people is None or people.num_rows == 0:
            return
        published = {}
        if articles is not None:
            published = {a: _day(p) for a, p in zip(articles["article_id"].to_pylist(),
                                                     articles["published_at"].to_pylist())}
        cols = {c: people[c].to_pylist() for c in self.COLUMNS}
        n = people.num_rows
        out: dict[str, list] = {f.name: [] for f in _ROW_SCHEMA}
        for i in range(n):
            name, pos = _norm(cols["name"][i]), _norm(cols["position"][i])
            words = name.split()
            when = published.get(cols["article_id"][i])
            level = cols["rank_level"][i]
            out["row_no"].append(self.n_rows + i)
            for c in ("article_id", "person_key", "name", "rank", "position", "unit", "is_official"):
                out[c].append(cols[c][i])
            out["day"].append(when)
            out["month"].append(when.isoformat()[:7] if when else None)
            out["name_norm"].append(name)
            out["n_words"].append(len(words))
            out["anchor"].append(max(words, key=len) if words else "")
            out["pos_norm"].append(pos)
            out["unit_norm"].append(_norm(cols["unit"][i]))
            out["rank_level"].append(level)
            out["service"].append(_service(cols["rank_full"][i]))
            out["shared"].append((pos + " ").startswith(self._shared) if self._shared else False)
        rows = pa.table(out, schema=_ROW_SCHEMA)
        self.con.register("rows_batch", rows)
        self.con.execute("INSERT INTO rows SELECT * FROM rows_batch")
        self.con.unregister("rows_batch")
        self.n_rows += n

    # -- linking -------------------------------------------------------------------------------------

    def link(self) -> None:
        """Decide every row's person_id (the table ``assign``)."""
        con = self.con
        self._careers()
        # full-name rows: the career of a ranked row; an unranked row takes the first career seen in its office
        con.execute("""
            CREATE TABLE full_k AS
            SELECT r.row_no, r.name_norm, coalesce(c.k, o.k, 0) AS k
            FROM rows r
            LEFT JOIN ranked_k c USING (row_no)
            LEFT JOIN (SELECT name_norm, pos_norm, unit_norm, min(k) AS k FROM career_office GROUP BY ALL) o
              ON c.k IS NULL AND r.pos_norm <> '' AND o.name_norm = r.name_norm AND o.pos_norm = r.pos_norm
                 AND o.unit_norm = r.unit_norm
            WHERE r.n_words >= 2""")
        con.execute("""
            CREATE TABLE name_off AS SELECT DISTINCT f.name_norm, f.k, r.pos_norm, r.unit_norm
            FROM full_k f JOIN rows r USING (row_no) WHERE r.pos_norm <> ''""")
        self._contained_names()
        # the person of each full-name row: its own name's, or the longer name it joined
        con.execute("""
            CREATE TABLE full_final AS
            SELECT f.row_no, coalesce(j.qn, f.name_norm) AS fn, coalesce(j.qk, f.k) AS fk
            FROM full_k f LEFT JOIN joins j ON j.pn = f.name_norm AND j.pk = f.k""")
        # a one-word name with an office joins the one full name containing the word seen in that office
        con.execute("""
            CREATE TABLE short_pid AS
            WITH fw AS (SELECT DISTINCT unnest(string_split(r.name_norm, ' ')) AS w, f.fn, f.fk
                        FROM full_final f JOIN rows r USING (row_no)),
                 foff AS (SELECT DISTINCT f.fn, f.fk, r.pos_norm, r.unit_norm
                          FROM full_final f JOIN rows r USING (row_no) WHERE r.pos_norm <> ''),
                 s AS (SELECT DISTINCT name_norm, pos_norm, unit_norm FROM rows WHERE n_words = 1 AND pos_norm <> ''),
                 m AS (SELECT DISTINCT s.name_norm, s.pos_norm, s.unit_norm, fw.fn, fw.fk
                       FROM s JOIN fw ON fw.w = s.name_norm
                       JOIN foff o ON o.fn = fw.fn AND o.fk = fw.fk AND o.pos_norm = s.pos_norm
                                  AND (o.unit_norm = s.unit_norm OR o.unit_norm = '' OR s.unit_norm = ''))
            SELECT name_norm, pos_norm, unit_norm, any_value(fn) AS fn, any_value(fk) AS fk
            FROM m GROUP BY ALL HAVING count(*) = 1""")
        con.execute(f"""
            CREATE TABLE named AS
            SELECT r.row_no, r.pos_norm, r.unit_norm, r.day,
                   CASE WHEN f.fn IS NOT NULL THEN {_name_pid_sql("f.fn", "f.fk")}
                        WHEN s.fn IS NOT NULL THEN {_name_pid_sql("s.fn", "s.fk")}
                        WHEN r.pos_norm <> '' THEN {_pid_sql("'short'", "r.name_norm", "r.pos_norm", "r.unit_norm")}
                        ELSE {_pid_sql("'short'", "r.name_norm", "r.article_id")} END AS pid
            FROM rows r
            LEFT JOIN full_final f USING (row_no)
            LEFT JOIN short_pid s ON f.fn IS NULL AND s.name_norm = r.name_norm AND s.pos_norm = r.pos_norm
                                     AND s.unit_norm = r.unit_norm
            WHERE r.name_norm <> ''""")
        # an unnamed office holder: the one named holder of that office and unit within the window
        con.execute(f"""
            CREATE TABLE near AS
            WITH u AS (SELECT DISTINCT pos_norm, unit_norm, day FROM rows
                       WHERE name_norm = '' AND NOT shared AND unit_norm <> '' AND day IS NOT NULL),
                 h AS (SELECT DISTINCT pos_norm, unit_norm, day, pid FROM named WHERE pos_norm <> '' AND day IS NOT NULL)
            SELECT u.pos_norm, u.unit_norm, u.day, count(DISTINCT h.pid) AS n, any_value(h.pid) AS pid
            FROM u LEFT JOIN h ON h.pos_norm = u.pos_norm AND h.unit_norm = u.unit_norm
                               AND abs(h.day - u.day) <= {self.window_days}
            GROUP BY ALL""")
        con.execute(f"""
            CREATE TABLE assign AS
            SELECT row_no, pid FROM named
            UNION ALL
            SELECT r.row_no,
                   CASE WHEN r.shared OR r.unit_norm = '' OR r.day IS NULL OR nr.n > 1
                            THEN {_pid_sql("'office'", "r.pos_norm", "r.unit_norm", "r.article_id")}
                        WHEN nr.n = 1 THEN nr.pid
                        ELSE {_pid_sql("'office'", "r.pos_norm", "r.unit_norm", "r.month")} END
            FROM rows r LEFT JOIN near nr ON nr.pos_norm = r.pos_norm AND nr.unit_norm = r.unit_norm AND nr.day = r.day
            WHERE r.name_norm = ''""")
        self._linked = True

    def _careers(self) -> None:
        """``ranked_k``: the career (0, 1, ...) of each ranked full-name row, one name at a time in
        publication order; ``career_office``: the offices seen in each career."""
        con = self.con
        con.execute("CREATE TABLE ranked_k (row_no BIGINT, k BIGINT)")
        con.execute("CREATE TABLE career_office (name_norm VARCHAR, k BIGINT, pos_norm VARCHAR, unit_norm VARCHAR)")
        ranked = stream(con, """
            SELECT row_no, name_norm, day, rank_level, service, pos_norm, unit_norm FROM rows
            WHERE n_words >= 2 AND rank_level IS NOT NULL ORDER BY name_norm, day NULLS FIRST, row_no""", _FLUSH)
        ks: dict[str, list] = {"row_no": [], "k": []}
        offices: dict[str, list] = {"name_norm": [], "k": [], "pos_norm": [], "unit_norm": []}

        def flush() -> None:
            if ks["row_no"]:
                t = pa.table(ks, schema=_CAREER_SCHEMA)
                con.register("ks_batch", t)
                con.execute("INSERT INTO ranked_k SELECT * FROM ks_batch")
                con.unregister("ks_batch")
            if offices["name_norm"]:
                t = pa.table(offices)
                con.register("off_batch", t)
                con.execute("INSERT INTO career_office SELECT * FROM off_batch")
                con.unregister("off_batch")
            for d in (ks, offices):
                for v in d.values():
                    v.clear()

        current, careers, seen_off = None, [], []
        for batch in ranked:
            b = batch.to_pydict()
            for row_no, name, when, level, service, pos, unit in zip(
                    b["row_no"], b["name_norm"], b["day"], b["rank_level"], b["service"], b["pos_norm"],
                    b["unit_norm"]):
                if name != current:
                    current, careers, seen_off = name, [], []
                k = next((k for k, c in enumerate(careers) if _career_fits(c, when, int(level), service)), None)
                if k is None:
                    careers.append([])
                    seen_off.append(set())
                    k = len(careers) - 1
                careers[k].append((when, int(level), service))
                ks["row_no"].append(row_no)
                ks["k"].append(k)
                if (pos, unit) not in seen_off[k]:
                    seen_off[k].add((pos, unit))
                    for c, v in zip(offices, (name, k, pos, unit)):
                        offices[c].append(v)
            if len(ks["row_no"]) >= _FLUSH:
                flush()
        flush()

    def _contained_names(self) -> None:
        """``joins``: a full name (with an office) that joins the one longer name containing its words in
        order, seen in the same office and unit."""
        con = self.con
        con.execute("CREATE TABLE joins (pn VARCHAR, pk BIGINT, qn VARCHAR, qk BIGINT)")
        pairs = stream(con, """
            WITH p AS (SELECT DISTINCT f.name_norm, f.k, r.anchor FROM full_k f JOIN rows r USING (row_no)
                       WHERE EXISTS (SELECT 1 FROM name_off o WHERE o.name_norm = f.name_norm AND o.k = f.k)),
                 w AS (SELECT DISTINCT name_norm, k, unnest(string_split(name_norm, ' ')) AS w FROM full_k),
                 c AS (SELECT DISTINCT p.name_norm AS pn, p.k AS pk, w.name_norm AS qn, w.k AS qk
                       FROM p JOIN w ON w.w = p.anchor AND length(w.name_norm) > length(p.name_norm))
            SELECT DISTINCT c.pn, c.pk, c.qn, c.qk FROM c
            JOIN name_off a ON a.name_norm = c.pn AND a.k = c.pk
            JOIN name_off b ON b.name_norm = c.qn AND b.k = c.qk AND b.pos_norm = a.pos_norm
                           AND (a.unit_norm = b.unit_norm OR a.unit_norm = '' OR b.unit_norm = '')
            ORDER BY c.pn, c.pk""", _FLUSH)
        out: dict[str, list] = {f.name: [] for f in _JOIN_SCHEMA}
        key, found = None, []

        def decide() -> None:
            if key is not None and len(found) == 1:
                for c, v in zip(out, (*key, *found[0])):
                    out[c].append(v)

        def flush() -> None:
            if out["pn"]:
                t = pa.table(out, schema=_JOIN_SCHEMA)
                con.register("j_batch", t)
                con.execute("INSERT INTO joins SELECT * FROM j_batch")
                con.unregister("j_batch")
                for v in out.values():
                    v.clear()

        for batch in pairs:
            b = batch.to_pydict()
            for pn, pk, qn, qk in zip(b["pn"], b["pk"], b["qn"], b["qk"]):
                if (pn, pk) != key:
                    decide()
                    key, found = (pn, pk), []
                if _contains(pn.split(), qn.split()):
                    found.append((qn, qk))
            if len(out["pn"]) >= _FLUSH:
                flush()
        decide()
        flush()

    # -- output --------------------------------------------------------------------------------------

    def person_ids(self, chunk: int = 65_536) -> Iterator[pa.Array]:
        """Every row's person_id, in the order the rows were added, in chunks."""
        if not self._linked:
            raise RuntimeError("PersonLinker.link() has not run")
        for batch in stream(self.con, "SELECT pid FROM assign ORDER BY row_no", chunk):
            yield batch.column(0)

    def persons(self, schema: pa.Schema, chunk: int = 65_536) -> Iterator[pa.Table]:
        """The persons table (docs/tables.md), ordered by person_id, in tables of ``schema`` of about
        ``chunk`` rows. The rows come sorted by person (a sort DuckDB can spill) and each person's
        rows are summed up here, one person at a time."""
        if not self._linked or not self.n_rows:
            return
        self.con.execute("""
            CREATE OR REPLACE TABLE n_quotes AS
            SELECT k.pid, count(*) AS n FROM qkeys q
            JOIN (SELECT r.article_id, r.person_key, arg_max(a.pid, r.row_no) AS pid
                  FROM assign a JOIN rows r USING (row_no) GROUP BY ALL) k
              ON k.article_id = q.article_id AND k.person_key = q.speaker_key
            GROUP BY k.pid""")
        rows = stream(self.con, """
            SELECT a.pid, r.name, r.rank, r.position, r.unit, r.is_official, r.article_id, r.day,
                   coalesce(n.n, 0) AS n_quotes
            FROM assign a JOIN rows r USING (row_no) LEFT JOIN n_quotes n USING (pid)
            ORDER BY a.pid, r.day NULLS FIRST, r.row_no""", chunk)
        out: list[dict] = []
        group: list[tuple] = []

        def person() -> dict:
            names = [g[1] for g in group if isinstance(g[1], str)]
            days = [g[7] for g in group if g[7] is not None]
            return dict(
                person_id=group[0][0],
                name=max(names, key=len) if names else None,
                ranks=list(dict.fromkeys(g[2] for g in group if isinstance(g[2], str))),
                positions=sorted({" ".join(x for x in (g[3], g[4]) if isinstance(x, str))
                                  for g in group if isinstance(g[3], str)}),
                units=list(dict.fromkeys(g[4] for g in group if isinstance(g[4], str))),
                is_official=any(bool(g[5]) for g in group),
                first_seen=min(days).isoformat() if days else None,
                last_seen=max(days).isoformat() if days else None,
                n_articles=len({g[6] for g in group}),
                n_quotes=int(group[0][8]),
            )

        for batch in rows:
            b = batch.to_pydict()
            for row in zip(*b.values()):
                if group and row[0] != group[0][0]:
                    out.append(person())
                    group = []
                group.append(row)
            if len(out) >= chunk:
                yield pa.Table.from_pylist(out, schema=schema)
                out = []
        if group:
            out.append(person())
        if out:
            yield pa.Table.from_pylist(out, schema=schema)
