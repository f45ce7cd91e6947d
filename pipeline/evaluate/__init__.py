"""`pipeline eval`: score the tables against gold files (../shared/eval/README.md)."""

from .report import render_summary, report_text, write_report
from .scorer import (
    PARTS,
    Detail,
    EvalResult,
    PartScore,
    load_gold,
    normalize,
    normalize_unit,
    official_key,
    published_matches,
    score,
    speaker_matches,
)

__all__ = [
    "PARTS", "Detail", "EvalResult", "PartScore", "load_gold", "normalize", "normalize_unit", "official_key",
    "published_matches", "render_summary", "report_text", "score", "speaker_matches", "write_report",
]
