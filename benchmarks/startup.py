"""Start-up: wall time of the commands researchers run on one article or a few dozen.

    python benchmarks/startup.py ARTICLE --eval ../shared/eval/dev --repeat 5 [--json FILE]
    PYTHONPATH=/tmp/old-checkout python benchmarks/startup.py ...   # the same for another checkout

Runs, ``--repeat`` times each and interleaved (so a change in the machine's load hits every
command alike): ``pipeline run ARTICLE`` (default workers, a fresh --out), ``pipeline explain
ARTICLE``, ``pipeline eval FOLDER`` and ``pipeline --help``; prints the median, min and max wall
seconds of each and the load average before and after. The first round is a warm-up (page cache,
the disk cache of pipeline/cache.py) and is not counted. The commands run as
``python -c "from pipeline.cli import app; app()"`` with this interpreter from a temporary folder,
so PYTHONPATH picks the checkout.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLI = "from pipeline.cli import app; app()"


def _time(args: list[str], cwd: str) -> float:
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", CLI, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False, cwd=cwd)  # not in a checkout: its folder would shadow PYTHONPATH
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("article", type=Path)
    ap.add_argument("--eval", type=Path, default=None, help="A folder of gold articles for `pipeline eval`.")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", type=Path, default=None)
    a = ap.parse_args()
    a.article = a.article.resolve()
    a.eval = a.eval.resolve() if a.eval is not None else None
    with tempfile.TemporaryDirectory(prefix="startup-") as tmp:
        commands = {
            "run one article": ["run", str(a.article), "--out", f"{tmp}/out", "--format", "parquet", "--fresh"],
            "explain one article": ["explain", str(a.article)],
            "--help": ["--help"],
        }
        if a.eval is not None:
            commands["eval " + a.eval.name] = ["eval", str(a.eval), "--report", f"{tmp}/report.txt"]
        times: dict[str, list[float]] = {k: [] for k in commands}
        load0 = os.getloadavg()[0]
        for r in range(a.repeat + 1):
            for name, args in commands.items():
                t = _time(args, tmp)
                if r:
                    times[name].append(t)
        load1 = os.getloadavg()[0]
    out = {name: {"median_s": round(statistics.median(v), 2), "min_s": round(min(v), 2), "max_s": round(max(v), 2),
                  "runs": [round(x, 2) for x in v]} for name, v in times.items()}
    out["load_avg"] = [round(load0, 2), round(load1, 2)]
    for name, v in out.items():
        if name != "load_avg":
            print(f"{name:24s} median {v['median_s']:6.2f} s  (min {v['min_s']:.2f}, max {v['max_s']:.2f}, n={len(v['runs'])})")
    print(f"load average {load0:.1f} -> {load1:.1f}")
    if a.json:
        a.json.write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
