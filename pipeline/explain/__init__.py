"""``pipeline explain``: show what the pipeline took from an article, and by which rule."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from ..models import ErrorRow
from ..process import ArticleResult, Processor, StageError
from .render import extraction_table, html_page, terminal_text
from .spans import Span, article_spans, nest

__all__ = ["Span", "article_spans", "explain_file", "extraction_table", "html_page", "nest", "terminal_text"]


def explain_file(path: Path, processor: Processor, field_map: Optional[dict[str, str]] = None
                 ) -> tuple[list[ArticleResult], list[ErrorRow]]:
    """Every article of ``path`` through the pipeline; unreadable ones come back as errors."""
    from ..ingest import iter_records

    results: list[ArticleResult] = []
    errors: list[ErrorRow] = []
    for rec in iter_records([path], field_map):
        if isinstance(rec, ErrorRow):
            errors.append(rec)
            continue
        try:
            results.append(processor.process(rec))
        except StageError as exc:
            errors.append(ErrorRow(source=rec.source, stage=exc.stage, error=type(exc.exc).__name__,
                                   message=f"{rec.source}: {exc.stage} failed: {exc.exc}"))
    return results, errors
