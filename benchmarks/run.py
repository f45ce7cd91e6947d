"""Benchmark ``pipeline run`` on a corpus (not a test): articles/s, tokens/s, peak memory, and,
in the same run, the throughput of the bare spaCy tokenizer and of the NER model alone.

    python benchmarks/run.py /tmp/corpus-10k --workers 2

1. ``pipeline run CORPUS --out OUT --format parquet --fresh --workers W`` as a child process;
   every ``--sample-every`` s (0.5) the RSS of its whole process tree (main + workers) is summed,
   and each process's CPU time recorded, so the main process's (serial) share of the work is known;
   every ``--pss-every`` s (2.0) the PSS of the tree too. The monitor's own CPU time is reported
   (``monitor_cpu_s``): reading ``smaps_rollup`` (PSS) costs about 20 ms of CPU per 500 MB process,
   so sampling it every 0.2 s, as this script first did, took about a third of a core from the
   workers it measured, and cut the 2-worker speed-up.
2. The normalized texts of up to ``--sample`` articles (from OUT/articles.parquet) through
   ``spacy.blank("id")``'s tokenizer alone, then through the shipped NER model
   (``pipeline.ner.load_model()``: its tokenizer + NER) alone, in this one process.
   ``--compare-workers 1,2`` runs step 1 once per worker count and reports the speed-up.
   Each run writes ``pipeline run --profile`` (OUT-profile.json): the wall time per phase
   (start-up, processing and its tail, finalize and its steps, exit) is reported with it.
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


def _stat(pid: int, with_pss: bool) -> tuple[int, int | None, float] | None:
    """(RSS bytes, PSS bytes or None, CPU seconds) of one process. PSS shares pages the workers
    have in common (forked from one server) among them, so the PSS of a tree is its real
    footprint; it is read only when ``with_pss`` (it is expensive, see the module docstring)."""
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        rss = int(open(f"/proc/{pid}/statm").read().split()[1]) * PAGE
        pss = None
        if with_pss:
            for line in open(f"/proc/{pid}/smaps_rollup"):
                if line.startswith("Pss:"):
                    pss = int(line.split()[1]) * 1024
                    break
    except (OSError, IndexError, ValueError):
        return None
    return rss, pss, (int(fields[11]) + int(fields[12])) / TICK


def run_pipeline(corpus: Path, out: Path, workers: int, extra: list[str],
                 every: float = 0.5, pss_every: float = 2.0) -> dict:
    prof = out.with_name(out.name + "-profile.json")
    cmd = [str(ROOT / ".venv" / "bin" / "pipeline"), "run", str(corpus), "--out", str(out), "--format", "parquet",
           "--fresh", "--workers", str(workers), "--profile", str(prof), *extra]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_sum = peak_pss = peak_one = 0
    peak_at: tuple[float, int] = (0.0, 0)
    cpu: dict[int, float] = {}
    mon0 = time.process_time()
    tree: list[int] = []
    next_tree = next_pss = 0.0
    while proc.poll() is None:
        now = time.perf_counter()
        if now >= next_tree:  # the tree changes rarely (forkserver, workers); /proc is scanned every 2 s
            tree, next_tree = _tree(proc.pid), now + 2.0
        with_pss = pss_every > 0 and now >= next_pss
        if with_pss:
            next_pss = now + pss_every
        total = total_pss = 0
        for pid in tree:
            s = _stat(pid, with_pss)
            if s:
                total += s[0]
                total_pss += s[1] or 0
                peak_one = max(peak_one, s[0])
                cpu[pid] = s[2]
        if with_pss and total_pss > peak_pss:  # when the peak came, and from which processes
            peak_at = (round(now - t0, 1), len(tree))
            peak_pss = total_pss
        peak_sum = max(peak_sum, total)
        time.sleep(every)
    wall = time.perf_counter() - t0
    monitor_cpu = time.process_time() - mon0
    import pyarrow.parquet as pq

    arts = pq.read_table(out / "articles.parquet", columns=["n_tokens"])
    n = arts.num_rows
    tokens = int(sum(v or 0 for v in arts["n_tokens"].to_pylist()))
    main_cpu = cpu.get(proc.pid, 0.0)
    res = dict(cmd=" ".join(cmd), exit=proc.returncode, articles=n, tokens=tokens, wall_s=round(wall, 1),
               articles_per_s=round(n / wall, 1), tokens_per_s=round(tokens / wall),
               peak_rss_tree_mb=round(peak_sum / 2**20),
               peak_pss_tree_mb=round(peak_pss / 2**20) if pss_every > 0 else None,  # None: not sampled
               peak_rss_one_process_mb=round(peak_one / 2**20), peak_pss_at_s=peak_at[0],
               peak_pss_processes=peak_at[1],
               cpu_main_s=round(main_cpu, 1), cpu_all_s=round(sum(cpu.values()), 1),
               monitor_cpu_s=round(monitor_cpu, 1), sample_every_s=every, pss_every_s=pss_every)
    res["phases"] = phases(json.loads(prof.read_text()), wall) if prof.is_file() else None
    return res


def phases(profile: dict, wall: float) -> dict:
    """Wall seconds per phase from ``pipeline run --profile``: start-up (process start until the
    first batch runs in a worker), processing (first batch start to last batch end, of which the
    tail: some worker idle for good), finalize, and the exit (what the wall time adds after)."""
    before = profile.get("before_run_s", 0.0)
    first = profile.get("first_batch_start_s", 0.0)
    last = profile.get("last_batch_end_s", first)
    end = profile["phases_s"].get("finalize_done", last)
    return dict(startup_s=round(before + first, 2), before_run_s=before, processing_s=round(last - first, 2),
                tail_s=profile.get("tail_s"), finalize_s=round(end - last, 2), exit_s=round(wall - before - end, 2),
                finalize_steps_s=profile.get("finalize_s"), worker_init_s=profile.get("worker_init_s"),
                workers=profile.get("workers"), n_batches=profile.get("n_batches"))


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
    ap.add_argument("--workers", type=int, default=len(os.sched_getaffinity(0)))
    ap.add_argument("--out", type=Path, default=None, help="default: /tmp/bench-out-<corpus name>")
    ap.add_argument("--sample", type=int, default=2000, help="articles for the tokenizer/NER-alone figures")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    ap.add_argument("--compare-workers", default=None, metavar="1,2",
                    help="run the pipeline once per worker count (in this order) and report the speed-up over the "
                         "first; the figures for the NER/tokenizer ratios come from the last run")
    ap.add_argument("--sample-every", type=float, default=0.5, help="seconds between RSS/CPU samples")
    ap.add_argument("--pss-every", type=float, default=2.0,
                    help="seconds between PSS samples (each costs about 20 ms of CPU per 500 MB process); 0: none")
    args, extra = ap.parse_known_args()
    mon = dict(every=args.sample_every, pss_every=args.pss_every)
    out = args.out or Path("/tmp") / f"bench-out-{args.corpus.name}"
    res = {"corpus": str(args.corpus), "workers": args.workers, "load_avg_before": os.getloadavg()}
    if args.compare_workers:
        counts = [int(w) for w in args.compare_workers.split(",") if w.strip()]
        runs = {}
        for w in counts:
            runs[w] = run_pipeline(args.corpus, out, w, extra, **mon)
            runs[w]["load_avg_after"] = os.getloadavg()
        base = runs[counts[0]]
        res["compare_workers"] = {
            str(w): dict(wall_s=r["wall_s"], articles_per_s=r["articles_per_s"], cpu_all_s=r["cpu_all_s"],
                         speedup=round(base["wall_s"] / r["wall_s"], 2), phases=r["phases"],
                         peak_rss_one_process_mb=r["peak_rss_one_process_mb"],
                         peak_pss_tree_mb=r["peak_pss_tree_mb"], monitor_cpu_s=r["monitor_cpu_s"],
                         load_avg_after=r["load_avg_after"])
            for w, r in runs.items()}
        args.workers = counts[-1]
        res["workers"] = args.workers
        res["pipeline"] = runs[counts[-1]]
    else:
        res["pipeline"] = run_pipeline(args.corpus, out, args.workers, extra, **mon)
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
