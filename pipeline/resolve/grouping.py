"""Groups of near-copies and ids that stay the same from run to run (stories, statements).

A group is a connected set of items joined by near-copy pairs (an item with no pair is a group of
one). Its id is kept from the previous run wherever the group goes on: the group takes the id
the earliest of its members already had; when two groups ask for the same old id (a group split
because its bridging member went), the one whose claiming member is earliest keeps it. A group
none of whose members had an id gets a new one, ``prefix`` + the first 11 hex digits of the
SHA-1 of its earliest member's key. So on a first run (or with ``--fresh``) every id is the hash
of its earliest member, and an id never changes while its earliest old member stays.

Everything runs in DuckDB (components by label propagation over the pairs, the ids by joins), so
memory does not grow with the corpus.
"""

from __future__ import annotations


def _hash_sql(expr: str, prefix: str) -> str:
    return f"('{prefix}' || left(sha1({expr}), 11))"


def assign_groups(con, name: str, prefix: str, nodes_sql: str, edges_sql: str, max_rounds: int = 10_000) -> int:
    """Group the items of ``nodes_sql`` (columns ``key``, ``rank``: every item of the run once, ``rank``
    its order, earliest first, all distinct) joined by the pairs of ``edges_sql`` (columns ``a``, ``b``:
    keys). Writes ``<name>_groups`` (key, group_id) and replaces ``<name>_prev`` with it for the
    next run; returns the number of label-propagation rounds."""
    con.execute(f"CREATE TABLE IF NOT EXISTS {name}_prev (key VARCHAR, group_id VARCHAR)")
    con.execute(f"CREATE OR REPLACE TABLE {name}_nodes AS SELECT key, rank FROM ({nodes_sql})")
    con.execute(f"""CREATE OR REPLACE TABLE {name}_e AS
        WITH e AS (SELECT na.rank AS a, nb.rank AS b FROM ({edges_sql}) p
                   JOIN {name}_nodes na ON na.key = p.a JOIN {name}_nodes nb ON nb.key = p.b
                   WHERE na.rank <> nb.rank)
        SELECT a, b FROM e UNION SELECT b, a FROM e""")
    con.execute(f"CREATE OR REPLACE TABLE {name}_lab AS SELECT DISTINCT a AS node, a AS label FROM {name}_e")
    rounds = 0
    while rounds < max_rounds:
        rounds += 1
        # each node takes the smallest label of itself and its neighbours, then the label of its label
        con.execute(f"""CREATE OR REPLACE TABLE {name}_lab2 AS
            SELECT l.node, least(l.label, min(m.label)) AS label
            FROM {name}_lab l JOIN {name}_e e ON e.a = l.node JOIN {name}_lab m ON m.node = e.b
            GROUP BY l.node, l.label""")
        con.execute(f"""CREATE OR REPLACE TABLE {name}_lab2 AS
            SELECT l.node, least(l.label, j.label) AS label FROM {name}_lab2 l JOIN {name}_lab2 j ON j.node = l.label""")
        (changed,) = con.execute(f"""SELECT count(*) FROM {name}_lab2 n JOIN {name}_lab o USING (node)
                                     WHERE n.label <> o.label""").fetchone()
        con.execute(f"DROP TABLE {name}_lab; ALTER TABLE {name}_lab2 RENAME TO {name}_lab")
        if not changed:
            break
    con.execute(f"""CREATE OR REPLACE TABLE {name}_comp AS
        SELECT n.key, n.rank, coalesce(l.label, n.rank) AS comp, p.group_id AS prev
        FROM {name}_nodes n LEFT JOIN {name}_lab l ON l.node = n.rank LEFT JOIN {name}_prev p ON p.key = n.key""")
    con.execute(f"""CREATE OR REPLACE TABLE {name}_ids AS
        WITH founder AS (SELECT c.comp, c.key AS founder FROM {name}_comp c WHERE c.rank = c.comp),
             claim AS (SELECT comp, arg_min(prev, rank) AS prev, min(rank) AS by_rank
                       FROM {name}_comp WHERE prev IS NOT NULL GROUP BY comp),
             kept AS (SELECT comp, prev FROM claim
                      QUALIFY row_number() OVER (PARTITION BY prev ORDER BY by_rank, comp) = 1),
             first AS (SELECT f.comp, f.founder, k.prev AS kept,
                              coalesce(k.prev, {_hash_sql('f.founder', prefix)}) AS gid
                       FROM founder f LEFT JOIN kept k USING (comp)),
             ranked AS (SELECT *, row_number() OVER (PARTITION BY gid ORDER BY kept IS NULL, comp) AS dup FROM first)
        SELECT comp, CASE WHEN dup = 1 THEN gid
                          ELSE {_hash_sql("founder || chr(0) || CAST(dup AS VARCHAR)", prefix)} END AS group_id
        FROM ranked""")
    con.execute(f"""CREATE OR REPLACE TABLE {name}_groups AS
        SELECT c.key, i.group_id FROM {name}_comp c JOIN {name}_ids i USING (comp)""")
    con.execute(f"CREATE OR REPLACE TABLE {name}_prev AS SELECT key, group_id FROM {name}_groups")
    for t in ("nodes", "e", "lab", "comp", "ids"):
        con.execute(f"DROP TABLE IF EXISTS {name}_{t}")
    return rounds
