"""Stage 1: read articles and parse their own metadata."""

from .metadata import parse_metadata
from .published import parse_published
from .readers import iter_records

__all__ = ["iter_records", "parse_metadata", "parse_published"]
