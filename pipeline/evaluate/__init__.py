"""`pipeline eval`: score the tables against gold files (../shared/eval/README.md)."""

from .scorer import EvalResult, load_gold, normalize, normalize_unit, render_summary, score, write_report

__all__ = ["EvalResult", "load_gold", "normalize", "normalize_unit", "render_summary", "score", "write_report"]
