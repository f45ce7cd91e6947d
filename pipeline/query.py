"""``pipeline query``: run one SQL statement on ``pipeline.duckdb`` (read-only) and show the
result as a rich table or CSV."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.table import Table


class QueryError(ValueError):
    """A database that is not there or SQL that DuckDB refuses; the message says which."""


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def run_query(db: Path, sql: str) -> QueryResult:
    import duckdb

    if not db.is_file():
        raise QueryError(f"{db}: no such database; `pipeline run INPUT --out DIR` writes DIR/pipeline.duckdb")
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error as exc:
        raise QueryError(f"{db}: cannot open as DuckDB: {_first_line(exc)}") from None
    try:
        cur = con.execute(sql)
        if cur.description is None:
            return QueryResult([], [])
        return QueryResult([d[0] for d in cur.description], cur.fetchall())
    except duckdb.Error as exc:
        names = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables "
                                           "WHERE table_schema = 'main' ORDER BY table_name").fetchall()]
        raise QueryError(f"SQL error: {exc}\n(tables and views in {db.name}: {', '.join(names)})") from None
    finally:
        con.close()


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (list, tuple)):
        return "; ".join(_cell(x) for x in v)
    return str(v)


def to_csv(res: QueryResult) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(res.columns)
    for row in res.rows:
        w.writerow([_cell(v) for v in row])
    return buf.getvalue()


def to_table(res: QueryResult, max_rows: int, title: str | None = None) -> Table:
    table = Table(title=title, show_lines=False)
    for i, c in enumerate(res.columns):
        values = [row[i] for row in res.rows[:max_rows] if row[i] is not None]
        numeric = bool(values) and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
        table.add_column(c, overflow="fold", justify="right" if numeric else "left")
    for row in res.rows[:max_rows]:
        table.add_row(*[_cell(v) for v in row])
    n = len(res.rows)
    table.caption = (f"{n} row(s)" if n <= max_rows
                     else f"first {max_rows} of {n} rows (--max-rows N for more, --csv for all)")
    return table
