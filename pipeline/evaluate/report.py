"""Show an EvalResult: a rich summary table for the terminal and a text report with every detail."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from rich.table import Table

from .scorer import DETAIL_KINDS, EvalResult, PartScore

LABELS: dict[str, str] = {
    "officials": "officials", "people": "people", "places": "places", "dates": "dates",
    "published_at": "published_at", "quotes_direct": "direct quotes", "quotes_indirect": "indirect quotes",
}
COLUMNS: tuple[str, ...] = ("part", "P", "R", "F1", "tp", "fp", "fn", "accuracy")
_ACCURACY_LABELS = {"parent_kecamatan": "parent kecamatan", "right": "published_at"}


def _num(v: Optional[float]) -> str:
    return "-" if v is None else f"{v:.3f}"


def _accuracies(p: PartScore, sep: str = ", ") -> str:
    return sep.join(f"{_ACCURACY_LABELS.get(k, k)} {_num(p.accuracy(k))} ({r}/{t})"
                     for k, (r, t) in p.extra.items())


def summary_rows(result: EvalResult, sep: str = ", ") -> list[list[str]]:
    """One row per part, the cells of ``COLUMNS``; accuracies joined by ``sep``. Counts are blank for
    published_at (an accuracy only)."""
    out = []
    for name, p in result.parts.items():
        counts = ["", "", ""] if name == "published_at" else [str(p.tp), str(p.fp), str(p.fn)]
        out.append([LABELS.get(name, name), _num(p.precision), _num(p.recall), _num(p.f1), *counts,
                    _accuracies(p, sep)])
    return out


def _title(result: EvalResult) -> str:
    n, m = len(result.articles), len(result.missing)
    return f"pipeline eval: {n} gold articles" + (f", {m} missing from the tables" if m else "")


def render_summary(result: EvalResult) -> Table:
    """The summary as a rich table: P, R, F1, tp/fp/fn and the accuracies of each part."""
    table = Table(title=_title(result))
    for col in COLUMNS:
        table.add_column(col, justify="left" if col in ("part", "accuracy") else "right")
    for row in summary_rows(result, sep="\n"):
        table.add_row(*row)
    return table


def _plain_table(rows: list[list[str]]) -> list[str]:
    cells = [list(COLUMNS), *rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(COLUMNS))]
    return ["  ".join(c.ljust(w) if i in (0, len(COLUMNS) - 1) else c.rjust(w)
                      for i, (c, w) in enumerate(zip(r, widths))).rstrip() for r in cells]


def _detail_line(d: dict) -> str:
    kind = d["kind"]
    if kind == "miss":
        return f"  miss       {d['expected']}"
    if kind == "false_hit":
        return f"  false hit  {d['predicted']}"
    about = f"{d['item']}: " if d.get("item") else ""
    return f"  {kind}  {about}expected {d['expected']!r}, predicted {d['predicted']!r}"


def report_text(result: EvalResult) -> str:
    """The summary, then every detail grouped by part, then article (misses, false hits, wrong values)."""
    lines = [_title(result), "", *_plain_table(summary_rows(result)), ""]
    if result.missing:
        lines += ["gold articles missing from the tables (all their items count as missed):",
                  *(f"  {a}" for a in result.missing), ""]
    order = {k: i for i, k in enumerate(DETAIL_KINDS)}
    for part in result.parts:
        details = [d for d in result.details if d["part"] == part]
        if not details:
            continue
        lines.append(f"== {LABELS.get(part, part)} ({len(details)}) ==")
        for article in sorted({d["article"] for d in details}):
            lines.append(f"-- {article}")
            mine = sorted((d for d in details if d["article"] == article), key=lambda d: order.get(d["kind"], 99))
            lines += [_detail_line(d) for d in mine]
        lines.append("")
    return "\n".join(lines)


def write_report(result: EvalResult, path: Path) -> None:
    """Write ``report_text(result)`` to ``path`` (UTF-8)."""
    Path(path).write_text(report_text(result), encoding="utf-8")
