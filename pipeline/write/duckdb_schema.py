"""What ``pipeline.duckdb`` holds beyond the tables: their keys and the views that join
quotes to people to articles (docs/tables.md, "DuckDB").

Kept apart from the writer: whoever builds the file (all at once or in batches) creates the
tables, then calls :func:`add_keys` and :func:`create_views` once on the open connection.
"""

from __future__ import annotations

# Primary keys. ``articles`` and ``persons`` are keyed by their id; ``people`` (and its subset
# ``officials``) by the article and the per-article person key.
KEYS: dict[str, tuple[str, ...]] = {
    "articles": ("article_id",),
    "persons": ("person_id",),
    "people": ("article_id", "person_key"),
    "officials": ("article_id", "person_key"),
    "stories": ("story_id",),
    "statements": ("statement_id",),
}

# One people row per (article_id, person_key), so a join never multiplies quotes. The resolver
# writes each key once (a speaker named after a cue that is someone already is that person; a
# second person of one name gets its own key), so the primary key holds; this stays a guard
# for files built by older versions (the office-holding row first, then the earliest mention).
_SPEAKERS = """(SELECT * FROM people
     QUALIFY row_number() OVER (PARTITION BY article_id, person_key
                                ORDER BY is_official DESC NULLS LAST, position IS NULL, start_char) = 1)"""

# Views, in creation order. Article text is left out (it is in ``articles``; join on
# article_id when you need it).
VIEWS: dict[str, str] = {
    # every quote with the person row of its speaker and the article's metadata
    "quotes_people": """
        SELECT q.*, p.name AS person_name, p.rank, p.position AS person_position, p.unit AS person_unit,
               a.title, a.outlet, a.published_at
        FROM quotes q
        LEFT JOIN """ + _SPEAKERS + """ p ON p.article_id = q.article_id AND p.person_key = q.speaker_key
        JOIN articles a ON a.article_id = q.article_id""",
    # every quote with its speaker as a person of the corpus (persons) and the article it is in
    "quotes_articles": """
        SELECT q.article_id, q.kind, q.text AS quote, q.cue, q.speaker, q.person_id,
               coalesce(s.name, p.name) AS person_name, p.rank, p.rank_level, p.position, p.position_full, p.unit,
               p.institution, p.is_official, s.n_articles AS person_n_articles, s.n_quotes AS person_n_quotes,
               a.published_at, a.outlet, a.title, a.url, a.source,
               q.paragraph, q.start_char, q.end_char, q.rule_id
        FROM quotes q
        JOIN articles a ON a.article_id = q.article_id
        LEFT JOIN """ + _SPEAKERS + """ p ON p.article_id = q.article_id AND p.person_key = q.speaker_key
        LEFT JOIN persons s ON s.person_id = q.person_id""",
    # every official of every article, with the article and how often they are quoted in it
    "officials_articles": """
        SELECT o.article_id, o.person_id, o.person_key, o.name, o.rank, o.rank_full, o.rank_level, o.position,
               o.position_full, o.unit, o.institution, o.n_mentions,
               (SELECT count(*) FROM quotes q WHERE q.article_id = o.article_id
                                                AND q.speaker_key = o.person_key) AS n_quotes,
               a.published_at, a.outlet, a.title, a.url, a.source, o.start_char, o.end_char, o.rule_id
        FROM officials o
        JOIN articles a ON a.article_id = o.article_id""",
    # every place of every article, with the article's date and outlet
    "places_articles": """
        SELECT pl.article_id, pl.name, pl.level, pl.kecamatan, pl.kabupaten, pl.provinsi, pl.region_code,
               pl.official_name, pl.link_method, a.published_at, a.outlet, a.title, a.url, a.source,
               pl.start_char, pl.end_char, pl.rule_id
        FROM places pl
        JOIN articles a ON a.article_id = pl.article_id""",
    # statements, not copies: one row per speaker (person_id; unnamed speakers are one row, person_id
    # null) with the statements they made, counted once however many articles printed each
    "statements_by_speaker": """
        SELECT st.person_id, any_value(st.speaker_name) AS speaker_name, count(*) AS statements,
               sum(st.n_quotes) AS copies,
               count(*) FILTER (WHERE st.n_articles > 1) AS statements_in_several_articles,
               min(st.first_seen) AS first_seen, max(st.last_seen) AS last_seen
        FROM statements st GROUP BY st.person_id""",
    # statements, not copies, per month of publication and speaker: a statement printed in several
    # months counts once in each (new_statements: first printed that month)
    "statements_by_month": """
        SELECT left(a.published_at, 7) AS month, q.person_id, any_value(st.speaker_name) AS speaker_name,
               count(DISTINCT q.statement_id) AS statements,
               count(DISTINCT q.statement_id) FILTER (WHERE left(st.first_seen, 7) = left(a.published_at, 7))
                   AS new_statements,
               count(*) AS copies
        FROM quotes q JOIN articles a ON a.article_id = q.article_id
        JOIN statements st ON st.statement_id = q.statement_id
        GROUP BY ALL""",
    # every story of more than one article, with its articles
    "stories_articles": """
        SELECT s.story_id, s.n_articles, s.n_outlets, s.canonical_article_id, a.article_id,
               a.article_id = s.canonical_article_id AS is_canonical, a.published_at, a.outlet, a.title, a.url,
               a.source
        FROM stories s JOIN articles a ON a.story_id = s.story_id
        WHERE s.n_articles > 1""",
}


def add_keys(con) -> list[str]:
    """Add :data:`KEYS` as PRIMARY KEY constraints; a key the data breaks (the same file given
    twice gives two equal article ids) is left out. Returns one note per key left out."""
    import duckdb

    notes = []
    have = {t for (t,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    for table, cols in KEYS.items():
        if table not in have:  # a file built before the table existed (stories, statements)
            continue
        try:
            con.execute(f"ALTER TABLE {table} ADD PRIMARY KEY ({', '.join(cols)})")
        except duckdb.Error as exc:
            notes.append(f"{table}: no primary key ({', '.join(cols)}): {str(exc).splitlines()[0]}")
    return notes


def create_views(con) -> None:
    """Create (or replace) every view of :data:`VIEWS`."""
    for name, sql in VIEWS.items():
        con.execute(f"CREATE OR REPLACE VIEW {name} AS {sql}")
