"""Benchmark ``pipeline run`` on a corpus (not a test): articles/s, tokens/s, peak memory, and,
in the same run, the throughput of the bare spaCy tokenizer and of the NER model alone.

    python benchmarks/run.py /tmp/corpus-10k --workers 2

1. ``pipeline run CORPUS --out OUT --format parquet --fresh --workers W`` as a child process;
   every 0.2 s the RSS of its whole process tree (main + workers) is summed, and each
   process's CPU time recorded, so the main process's (serial) share of the work is known.
2. The normalized texts of up to ``--sample`` articles (from OUT/articles.parquet) through
   ``spacy.blank("id")``'s tokenizer alone, then through the shipped NER model
   (``pipeline.ner.load_model()``: its tokenizer + NER) alone, in this one process.
3. The ratio of the pipeline's throughput per worker to that of tokenizer + NER on one core,
   by wall time and by CPU time (the CPU-time ratio holds on a machine shared with other jobs).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def _tree(pid: int) -> list[int]:
    kids: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                ppid = int(open(f"/proc/{d}/stat").read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            kids.setdefault(ppid, []).append(int(d))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def _stat(pid: int) -> tuple[int, int, float] | None:
    """(RSS bytes, PSS bytes, CPU seconds) of one process. PSS shares pages the workers have in
    common (forked from one server) among them, so the PSS of a tree is its real footprint."""
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        rss = int(open(f"/proc/{pid}/statm").read().split()[1]) * PAGE
        pss = rss
        for line in open(f"/proc/{pid}/smaps_rollup"):
            if line.startswith("Pss:"):
                pss = int(line.split()[1]) * 1024
                break
    except (OSError, IndexError, ValueError):
        return None
    return rss, pss, (int(fields[11]) + int(fields[12])) / TICK


def run_pipeline(corpus: Path, out: Path, workers: int, extra: list[str]) -> dict:
    cmd = [str(ROOT / ".venv" / "bin" / "pipeline"), "run", str(corpus), "--out", str(out), "--format", "parquet",
           "--fresh", "--workers", str(workers), *extra]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_sum = peak_pss = peak_one = 0
    cpu: dict[int, float] = {}
    while proc.poll() is None:
        total = total_pss = 0
        for pid in _tree(proc.pid):
            s = _stat(pid)
            if s:
                total += s[0]
                total_pss += s[1]
                peak_one = max(peak_one, s[0])
                cpu[pid] = s[2]
        peak_sum, peak_pss = max(peak_sum, total), max(peak_pss, total_pss)
        time.sleep(0.2)
    wall = time.perf_counter() - t0
    import pyarrow.parquet as pq

    arts = pq.read_table(out / "articles.parquet", columns=["n_tokens"])
    n = arts.num_rows
    tokens = int(sum(v or 0 for v in arts["n_tokens"].to_pylist()))
    main_cpu = cpu.get(proc.pid, 0.0)
    return dict(cmd=" ".join(cmd), exit=proc.returncode, articles=n, tokens=tokens, wall_s=round(wall, 1),
                articles_per_s=round(n / wall, 1), tokens_per_s=round(tokens / wall),
                peak_rss_tree_mb=round(peak_sum / 2**20), peak_pss_tree_mb=round(peak_pss / 2**20),
                peak_rss_one_process_mb=round(peak_one / 2**20),
                cpu_main_s=round(main_cpu, 1), cpu_all_s=round(sum(cpu.values()), 1))


def models_alone(out: Path, sample: int) -> dict:
    import pyarrow.parquet as pq
    import spacy

    from pipeline.ner import load_model

    texts = [t for t in pq.read_table(out / "articles.parquet", columns=["text"])["text"].to_pylist()[:sample] if t]
    tok = spacy.blank("id").tokenizer
    t0, c0 = time.perf_counter(), time.process_time()
    n_tok = sum(len(d) for d in tok.pipe(texts, batch_size=256))
    t_tok, c_tok = time.perf_counter() - t0, time.process_time() - c0
    nlp = load_model()
    t0, c0 = time.perf_counter(), time.process_time()
    n_ner = sum(len(d) for d in nlp.pipe(texts, batch_size=64))
    t_ner, c_ner = time.perf_counter() - t0, time.process_time() - c0
    return dict(sample=len(texts), tokenizer_articles_per_s=round(len(texts) / t_tok, 1),
                tokenizer_tokens_per_s=round(n_tok / t_tok), tokenizer_articles_per_cpu_s=round(len(texts) / c_tok, 1),
                ner_articles_per_s=round(len(texts) / t_ner, 1), ner_tokens_per_s=round(n_ner / t_ner),
                ner_articles_per_cpu_s=round(len(texts) / c_ner, 1), ner_pipeline=list(nlp.pipe_names))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--out", type=Path, default=None, help="default: /tmp/bench-out-<corpus name>")
    ap.add_argument("--sample", type=int, default=2000, help="articles for the tokenizer/NER-alone figures")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args, extra = ap.parse_known_args()
    out = args.out or Path("/tmp") / f"bench-out-{args.corpus.name}"
    res = {"corpus": str(args.corpus), "workers": args.workers, "load_avg_before": os.getloadavg()}
    res["pipeline"] = run_pipeline(args.corpus, out, args.workers, extra)
    res["alone"] = models_alone(out, args.sample)
    res["load_avg_after"] = os.getloadavg()
    per_worker = res["pipeline"]["articles_per_s"] / args.workers
    res["pipeline_per_worker_vs_ner_alone"] = round(per_worker / res["alone"]["ner_articles_per_s"], 2)
    cpu_rate = res["pipeline"]["articles"] / max(res["pipeline"]["cpu_all_s"], 1e-9)
    res["pipeline_articles_per_cpu_s"] = round(cpu_rate, 1)
    res["pipeline_vs_ner_alone_per_cpu_s"] = round(cpu_rate / res["alone"]["ner_articles_per_cpu_s"], 2)
    res["serial_share"] = round(res["pipeline"]["cpu_main_s"] / max(res["pipeline"]["cpu_all_s"], 1e-9), 3)
    print(json.dumps(res, indent=2))
    if args.json:
        args.json.write_text(json.dumps(res, indent=2))


if __name__ == "__main__":
    sys.exit(main())
