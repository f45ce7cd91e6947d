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
    """Group the items of ``nodes_sql`` (columns ``id``, ``key``, ``rank``: every item of the run once,
    ``id`` a number of its own, ``rank`` its order, earliest first, all distinct) joined by the pairs
    of ``edges_sql`` (columns ``a``, ``b``: ids). Writes ``<name>_groups`` (key, group_id) and
    replaces ``<name>_prev`` with it for the next run; returns the number of label-propagation
    rounds. Each statement does one join or aggregate, which DuckDB spills within its memory limit."""
    con.execute(f"CREATE TABLE IF NOT EXISTS {name}_prev (key VARCHAR, group_id VARCHAR)")
    con.execute(f"CREATE OR REPLACE TABLE {name}_nodes AS SELECT id, key, rank FROM ({nodes_sql})")
    con.execute(f"CREATE OR REPLACE TABLE {name}_e0 AS SELECT a, b FROM ({edges_sql})")
    con.execute(f"""CREATE OR REPLACE TABLE {name}_e1 AS
        SELECT na.rank AS a, p.b FROM {name}_e0 p JOIN {name}_nodes na ON na.id = p.a""")
    con.execute(f"""CREATE OR REPLACE TABLE {name}_e AS
        WITH e AS (SELECT p.a, nb.rank AS b FROM {name}_e1 p JOIN {name}_nodes nb ON nb.id = p.b WHERE p.a <> nb.rank)
        SELECT a, b FROM e UNION ALL SELECT b, a FROM e""")
    con.execute(f"DROP TABLE {name}_e0; DROP TABLE {name}_e1")
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
                                     WHERE n.label <> o.label""").fetchall()[0]
        con.execute(f"DROP TABLE {name}_lab; ALTER TABLE {name}_lab2 RENAME TO {name}_lab")
        if not changed:
            break
    con.execute(f"""CREATE OR REPLACE TABLE {name}_comp1 AS
        SELECT n.key, n.rank, coalesce(l.label, n.rank) AS comp FROM {name}_nodes n LEFT JOIN {name}_lab l ON l.node = n.rank""")
    con.execute(f"""CREATE OR REPLACE TABLE {name}_comp AS
        SELECT c.key, c.rank, c.comp, p.group_id AS prev FROM {name}_comp1 c LEFT JOIN {name}_prev p ON p.key = c.key""")
    con.execute(f"DROP TABLE {name}_comp1")
    con.execute(f"CREATE OR REPLACE TABLE {name}_founder AS SELECT comp, key AS founder FROM {name}_comp WHERE rank = comp")
    # a group claims the old id of its earliest member that had one; an id claimed twice goes to the
    # group whose claiming member is earliest
    con.execute(f"""CREATE OR REPLACE TABLE {name}_claim AS
        SELECT comp, arg_min(prev, rank) AS prev, min(rank) AS by_rank FROM {name}_comp WHERE prev IS NOT NULL
        GROUP BY comp""")
    con.execute(f"""CREATE OR REPLACE TABLE {name}_kept AS
        SELECT comp, prev FROM {name}_claim QUALIFY row_number() OVER (PARTITION BY prev ORDER BY by_rank, comp) = 1""")
    con.execute(f"""CREATE OR REPLACE TABLE {name}_first AS
        SELECT f.comp, f.founder, k.prev AS kept, coalesce(k.prev, {_hash_sql('f.founder', prefix)}) AS gid
        FROM {name}_founder f LEFT JOIN {name}_kept k USING (comp)""")
    # a new id equal to one already given (never seen so far: 44 bits) is made again from the founder
    con.execute(f"""CREATE OR REPLACE TABLE {name}_dup AS
        SELECT comp, row_number() OVER (PARTITION BY gid ORDER BY kept IS NULL, comp) AS dup
        FROM {name}_first SEMI JOIN (SELECT gid FROM {name}_first GROUP BY gid HAVING count(*) > 1) USING (gid)""")
    con.execute(f"""CREATE OR REPLACE TABLE {name}_ids AS
        SELECT f.comp, CASE WHEN coalesce(d.dup, 1) = 1 THEN f.gid
                            ELSE {_hash_sql("f.founder || chr(0) || CAST(d.dup AS VARCHAR)", prefix)} END AS group_id
        FROM {name}_first f LEFT JOIN {name}_dup d USING (comp)""")
    con.execute(f"""CREATE OR REPLACE TABLE {name}_groups AS
        SELECT c.key, i.group_id FROM {name}_comp c JOIN {name}_ids i USING (comp)""")
    con.execute(f"CREATE OR REPLACE TABLE {name}_prev AS SELECT key, group_id FROM {name}_groups")
    for t in ("nodes", "e", "lab", "comp", "ids", "founder", "claim", "kept", "first", "dup"):
        con.execute(f"DROP TABLE IF EXISTS {name}_{t}")
    return rounds
