"""One article's extraction as typed rows (:class:`Result`), and any number of them as the
tables ``pipeline run`` writes (:func:`tables`): the same columns and dtypes
(pipeline/write/tables.py), built by the same ``frame``.

Corpus-level columns stay empty here: ``person_id`` on people, officials and quotes is given by
``pipeline run`` when it links the people of all articles (the ``persons`` table,
resolve/persons.py), ``story_id`` and ``statement_id`` when it groups near copies across
articles; a Result is one article, so it has none of them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Optional

from .models import ArticleRow, DateRow, ErrorRow, Mention, PersonRow, PlaceRow, QuoteRow

if TYPE_CHECKING:
    import pandas as pd

    from .process import ArticleResult

# The tables of one or more Results: every table of docs/tables.md but the corpus-level ``persons``.
TABLE_NAMES = ("articles", "mentions", "people", "officials", "places", "dates", "quotes", "errors")
_ROWS = (("mentions", Mention), ("people", PersonRow), ("places", PlaceRow), ("dates", DateRow),
         ("quotes", QuoteRow))


@dataclass
class Result:
    """What the pipeline took from one article: its ``articles`` row and the rows of the other
    tables, each a dataclass of pipeline/models.py with the columns of docs/tables.md (without
    ``article_id``, which is ``article.article_id``, and without the corpus-level ``person_id``).

    ``start_char``/``end_char`` index ``article.text`` (the normalized body). An article that
    could not be processed has ``error`` (its ``errors`` row) and no rows."""

    article: Optional[ArticleRow] = None
    people: list[PersonRow] = field(default_factory=list)
    places: list[PlaceRow] = field(default_factory=list)
    dates: list[DateRow] = field(default_factory=list)
    quotes: list[QuoteRow] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    error: Optional[ErrorRow] = None

    @property
    def officials(self) -> list[PersonRow]:
        """The people who hold an office (``is_official``), as the ``officials`` table."""
        return [p for p in self.people if p.is_official]

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def article_id(self) -> Optional[str]:
        return self.article.article_id if self.article is not None else (self.error.article_id if self.error else None)

    def tables(self) -> dict[str, "pd.DataFrame"]:
        """This article's rows as the tables ``pipeline run`` writes (see :func:`tables`)."""
        return tables([self])

    @classmethod
    def from_rows(cls, res: "ArticleResult") -> "Result":
        """The typed rows of the row dicts :class:`~pipeline.process.Processor` makes for the
        writer (an empty ``source`` becomes None: a text given without one)."""
        article = ArticleRow(**res.article)
        article.source = article.source or None
        typed = {name: [row_cls(**{k: v for k, v in row.items() if k != "article_id"}) for row in getattr(res, name)]
                 for name, row_cls in _ROWS}
        return cls(article=article, **typed)

    @classmethod
    def failed(cls, error: ErrorRow) -> "Result":
        return cls(error=error)


def table_rows(results: Iterable[Result]) -> dict[str, list[dict[str, Any]]]:
    """The rows of ``results`` as plain dicts per table (with ``article_id``), in order."""
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLE_NAMES}
    for r in results:
        if r.error is not None:
            rows["errors"].append(asdict(r.error))
        if r.article is None:
            continue
        aid = r.article.article_id
        rows["articles"].append(asdict(r.article))
        for name, _cls in _ROWS:
            rows[name].extend({"article_id": aid, **asdict(x)} for x in getattr(r, name))
    rows["officials"] = [p for p in rows["people"] if p["is_official"]]
    return rows


def tables(results: Iterable[Result]) -> dict[str, "pd.DataFrame"]:
    """The rows of ``results`` as pandas DataFrames named as the tables ``pipeline run`` writes
    (articles, mentions, people, officials, places, dates, quotes, errors), with their columns
    and dtypes (docs/tables.md). ``person_id`` is empty: it is given across a corpus, by
    ``pipeline run`` (the ``persons`` table)."""
    from .write.tables import frame

    return {name: frame(name, rows) for name, rows in table_rows(results).items()}


__all__ = ["Result", "TABLE_NAMES", "table_rows", "tables"]
