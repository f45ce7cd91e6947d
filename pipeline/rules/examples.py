"""Run the examples that rule files carry: each example's text goes through the whole
pipeline and the rows it ``expect``s must come out (comparing only the fields given),
the rows it ``reject``s must not."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from ..models import RawRecord
from .loader import RuleSet


@dataclass
class ExampleResult:
    path: Path
    index: int
    table: str
    passed: bool
    detail: str
    text: str = ""
    rule_ids: tuple[str, ...] = ()  # the rules that made the expected rows that came out


def _matches(row: dict[str, Any], want: dict[str, Any]) -> bool:
    for k, v in want.items():
        got = row.get(k)
        if isinstance(v, list):
            if list(got or []) != v:
                return False
        elif got != v:
            return False
    return True


def run_examples(rules: RuleSet, processor: Optional[Any] = None) -> list[ExampleResult]:
    from ..process import Processor

    proc = processor or Processor(rules)
    out = []
    for path, i, ex in rules.examples():
        header = f"TITLE: example\nDATE: {ex.published}\nSOURCE: example | https://example.id/x\n\n" if ex.published else ""
        rec = RawRecord(source=f"{path.name}#{i}", fmt="txt", text=header + ex.text)
        res = proc.process(rec)
        rows = {"officials": [r for r in res.people if r["is_official"]], "people": res.people,
                "places": res.places, "dates": res.dates, "quotes": res.quotes}[ex.table]
        missing = [w for w in ex.expect if not any(_matches(r, w) for r in rows)]
        wrong = [w for w in ex.reject if any(_matches(r, w) for r in rows)]
        detail = "; ".join([f"missing {m}" for m in missing] + [f"unexpected {w}" for w in wrong])
        made_by = tuple(dict.fromkeys(r["rule_id"] for w in ex.expect for r in rows if _matches(r, w)))
        out.append(ExampleResult(path, i, ex.table, not missing and not wrong, detail, ex.text, made_by))
    return out
