"""Fold-wise figures of `pipeline eval` over several gold folders (not a test).

The rules are not fitted per fold; the folds show how much each figure moves from one set of
articles to another, the spread any learned scorer's cross-validated figures would have to beat.

    python tools/eval_folds.py ../shared/eval/dev ../shared/eval/dev2 --folds 5 --seed 16

The articles (with their gold JSON) of all folders are shuffled with ``--seed``, dealt into
``--folds`` folders under a temporary directory, and `pipeline eval` runs on each; the F1 of
officials and people and the F1 and speaker accuracy of both kinds of quotes are printed per fold
and as a mean, as a Markdown table.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PARTS = ("officials", "people", "direct quotes", "indirect quotes")
_ROW = re.compile(r"^(officials|people|direct quotes|indirect quotes)\s+\S+\s+\S+\s+(\S+)\s.*?(?:speaker (\S+))?\s*(?:\(|$)")


def fold_scores(report: Path) -> dict[str, tuple[float, float | None]]:
    """(F1, speaker accuracy or None) per part, from the head of a `pipeline eval --report` file."""
    out: dict[str, tuple[float, float | None]] = {}
    for line in report.read_text(encoding="utf-8").splitlines()[:14]:
        m = _ROW.match(line)
        if m:
            out[m.group(1)] = (float(m.group(2)), float(m.group(3)) if m.group(3) else None)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folders", nargs="+", type=Path)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=16)
    args = ap.parse_args(argv)
    articles = sorted(p for f in args.folders for p in f.glob("*.txt") if p.with_suffix(".json").exists())
    if len({p.name for p in articles}) != len(articles):
        print("two gold folders hold an article of the same name", file=sys.stderr)
        return 2
    random.Random(args.seed).shuffle(articles)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(args.folds):
            d = Path(tmp) / str(k)
            d.mkdir()
            for a in articles[k::args.folds]:
                shutil.copy(a, d)
                shutil.copy(a.with_suffix(".json"), d)
            report = Path(tmp) / f"report-{k}.txt"
            subprocess.run([sys.executable, "-m", "pipeline.cli", "eval", str(d), "--report", str(report)],
                           check=True, capture_output=True)
            rows.append(fold_scores(report))
    print(f"{len(articles)} articles, {args.folds} folds, seed {args.seed}\n")
    print("| fold | officials F1 | people F1 | direct F1 / speaker | indirect F1 / speaker |")
    print("|---|---|---|---|---|")

    def cell(vals: list[tuple[float, float | None]]) -> str:
        f1 = sum(v[0] for v in vals) / len(vals)
        sp = [v[1] for v in vals if v[1] is not None]
        return f"{f1:.3f}" + (f" / {sum(sp) / len(sp):.3f}" if sp else "")

    for k, r in enumerate(rows):
        print(f"| {k} | " + " | ".join(cell([r[p]]) for p in PARTS) + " |")
    print("| mean | " + " | ".join(cell([r[p] for r in rows]) for p in PARTS) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
