"""Benchmark the stories and statements step (not a test): LSH index size, time and peak memory
of :class:`pipeline.resolve.copies.CopyState` as the corpus grows, and the cost of the MinHash
signatures per article.

    python benchmarks/near_copies.py /tmp/out-corpus --scales 1,10,100,216 --json /tmp/nc.json

OUT is the output folder of a ``pipeline run`` (its ``_parts/signatures`` parts, articles and
quotes). Scale ``k`` feeds the step ``k`` copies of the corpus's article and quote signatures,
as a corpus ``k`` times as large would be: copy ``i`` has its own article ids, and each of its
MinHash values is shifted by an offset of its own per permutation (mod 2**32), so the copies
keep the real corpus's near-copy structure inside themselves (the same values agree, the same
pairs fall into one bucket) and share no bucket with another copy beyond chance. So the number
of items, buckets and pairs grows with the corpus, as in an archive with k times the articles.
Each scale runs in a child process: the first run (everything new: add, match, group, stream the
ids back), then a second run into the same state that adds ``--new`` articles (with their quotes)
of one more copy: the incremental cost. Reported: wall seconds per step, rows in the index, the
size of ``copies.duckdb``, peak RSS (``ru_maxrss``) of the child and of a child that only reads
the input; and, once, the in-memory ``datasketch.MinHashLSH`` for comparison (bytes per article
at the same bands) and the time to sign articles and quotes with datasketch.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

BATCH = 100


def _load(out: Path):
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from pipeline.resolve.minhash import quote_key

    sig = pa.concat_tables(pq.read_table(p) for p in sorted((out / "_parts" / "signatures").glob("part-*.parquet")))
    arts = pq.read_table(out / "articles.parquet", columns=["article_id", "published_at", "outlet", "title"])
    quotes = pq.read_table(out / "quotes.parquet", columns=["article_id", "kind", "start_char", "end_char", "person_id",
                                                           "text", "speaker"])
    persons = pq.read_table(out / "persons.parquet", columns=["person_id", "name"])
    live = set(arts["article_id"].to_pylist())
    sig = sig.filter(pc.is_in(sig["article_id"], value_set=pa.array(sorted(live))))
    is_q = pc.is_valid(sig["quote_key"])
    a_sig, q_sig = sig.filter(pc.invert(is_q)), sig.filter(is_q)
    qkeys = [quote_key(*r) for r in zip(*(quotes[c].to_pylist() for c in ("article_id", "kind", "start_char", "end_char")))]
    q_index = {k: i for i, k in enumerate(q_sig["quote_key"].to_pylist())}
    a_index = {k: i for i, k in enumerate(a_sig["article_id"].to_pylist())}
    from pipeline.resolve.minhash import as_matrix

    return dict(arts=arts, quotes=quotes, qkeys=qkeys, persons=persons,
                a_rows=np.array([a_index[a] for a in arts["article_id"].to_pylist()]),
                q_rows=np.array([q_index.get(k, -1) for k in qkeys]),
                a_mat=as_matrix(a_sig["sig"], 128), a_n=a_sig["n_shingles"].to_numpy(),
                q_mat=as_matrix(q_sig["sig"], 64), q_n=q_sig["n_shingles"].to_numpy())


def _copy_batches(d, i: int, limit: int | None = None):
    """The batches of copy ``i``: (articles table, quotes table, signatures table) per batch."""
    import numpy as np
    import pyarrow as pa

    from pipeline.resolve.minhash import SIGNATURE_SCHEMA, SIGNATURE_VERSION

    rng = np.random.default_rng(i)
    off_a = rng.integers(0, 2 ** 32, 128, dtype=np.uint64).astype(np.uint32) if i else np.zeros(128, np.uint32)
    off_q = rng.integers(0, 2 ** 32, 64, dtype=np.uint64).astype(np.uint32) if i else np.zeros(64, np.uint32)
    arts, quotes = d["arts"], d["quotes"]
    aids = arts["article_id"].to_pylist()
    n = len(aids) if limit is None else min(limit, len(aids))
    q_aid = quotes["article_id"].to_pylist()
    by_article: dict[str, list[int]] = {}
    for j, a in enumerate(q_aid):
        by_article.setdefault(a, []).append(j)
    for s in range(0, n, BATCH):
        rows = list(range(s, min(s + BATCH, n)))
        ids = [f"{aids[r]}-{i}" for r in rows]
        a_t = pa.table({"article_id": ids, "published_at": arts["published_at"].take(rows),
                        "outlet": arts["outlet"].take(rows), "title": arts["title"].take(rows)})
        qj = [j for r in rows for j in by_article.get(aids[r], [])]
        q_t = pa.table({"article_id": [f"{q_aid[j]}-{i}" for j in qj], "kind": quotes["kind"].take(qj),
                        "start_char": quotes["start_char"].take(qj), "end_char": quotes["end_char"].take(qj),
                        "text": quotes["text"].take(qj), "speaker": quotes["speaker"].take(qj)})
        persons = [None if p is None else f"{p}-{i}" for p in quotes["person_id"].take(qj).to_pylist()]
        am = (d["a_mat"][d["a_rows"][rows]] + off_a).astype("<u4")
        qr = d["q_rows"][qj]
        qm = (d["q_mat"][qr] + off_q).astype("<u4")
        from pipeline.resolve.minhash import quote_key

        sig = {"article_id": ids + q_t["article_id"].to_pylist(),
               "quote_key": [None] * len(ids) + [quote_key(*r) for r in zip(*(q_t[c].to_pylist() for c in (
                   "article_id", "kind", "start_char", "end_char")))],
               "n_shingles": list(d["a_n"][d["a_rows"][rows]]) + list(d["q_n"][qr]),
               "sig": [r.tobytes() for r in am] + [r.tobytes() for r in qm],
               "version": [SIGNATURE_VERSION] * (len(ids) + len(qj))}
        yield a_t, q_t, pa.array(persons, pa.string()), pa.Table.from_pylist(
            [dict(zip(sig, v)) for v in zip(*sig.values())], schema=SIGNATURE_SCHEMA)


def _run(state_dir: Path, batches) -> dict:
    """One finalize's worth of the step over ``batches`` (a function giving a fresh iterator of
    them: they are made again when needed, as finalize reads part files again); wall seconds per step."""
    from pipeline.resolve.copies import CopyState

    t: dict[str, float] = {}
    t0 = time.perf_counter()
    cs = CopyState(state_dir)
    for b, (a_t, q_t, _persons, _sig) in enumerate(batches()):
        cs.add_batch(b, a_t, q_t)
    t["add_batches_s"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    wanted: dict[int, object] = {}

    def signatures(b: int):
        # finalize reads one batch's part at a time; here the batches come in order from one pass
        if not wanted:
            wanted["it"] = enumerate(batches())
        for k, (_a, _q, _p, sig) in wanted["it"]:
            if k == b:
                return sig
        return None

    stats = cs.index(signatures)
    t["index_s"] = time.perf_counter() - t1
    import pyarrow as pa
    import pyarrow.parquet as pq

    final = state_dir.parent / "final"
    final.mkdir(exist_ok=True)
    t1 = time.perf_counter()
    cs.group_stories()
    # the final articles file with its story ids, as finalize writes it (the columns the stories table reads)
    ids, n_ids = cs.story_ids(), 0
    with pq.ParquetWriter(final / "articles.parquet", pa.schema([("article_id", pa.string()), ("story_id", pa.string()),
                          ("published_at", pa.string()), ("outlet", pa.string()), ("title", pa.string())])) as w:
        carry = []
        for a_t, _q, _p, _s in batches():
            while sum(len(c) for c in carry) < a_t.num_rows:
                carry.append(next(ids))
            got = pa.concat_arrays(carry)
            carry = [got.slice(a_t.num_rows)]
            w.write_table(a_t.append_column("story_id", got.slice(0, a_t.num_rows)).select(
                ["article_id", "story_id", "published_at", "outlet", "title"]).cast(w.schema))
            n_ids += a_t.num_rows
    ids.close()
    t["stories_s"] = time.perf_counter() - t1
    t1 = time.perf_counter()
    for b, (_a, _q, p, _s) in enumerate(batches()):
        cs.set_speakers(b, p)
    cs.group_statements()
    ids, n_q = cs.quote_ids(), 0
    with pq.ParquetWriter(final / "quotes.parquet", pa.schema([
            ("article_id", pa.string()), ("kind", pa.string()), ("text", pa.string()), ("speaker", pa.string()),
            ("start_char", pa.int64()), ("person_id", pa.string()), ("statement_id", pa.string())])) as w:
        carry = []
        for _a, q_t, _p, _s in batches():
            if not q_t.num_rows:
                continue
            while sum(c.num_rows for c in carry) < q_t.num_rows:
                carry.append(next(ids))
            got = pa.concat_tables(carry)
            carry = [got.slice(q_t.num_rows)]
            got = got.slice(0, q_t.num_rows)
            w.write_table(pa.table({"article_id": q_t["article_id"], "kind": q_t["kind"], "text": q_t["text"],
                                    "speaker": q_t["speaker"], "start_char": q_t["start_char"].cast(pa.int64()),
                                    "person_id": got["person_id"], "statement_id": got["statement_id"]}).cast(w.schema))
            n_q += q_t.num_rows
    ids.close()
    t["statements_s"] = time.perf_counter() - t1
    from pipeline.write.tables import arrow_schema

    t1 = time.perf_counter()
    n_stories = sum(x.num_rows for x in cs.stories(final, arrow_schema("stories")))
    n_statements = sum(x.num_rows for x in cs.statements(final, arrow_schema("statements")))
    t["tables_s"] = time.perf_counter() - t1
    counts = cs.counts()
    cs.close()
    t["total_s"] = time.perf_counter() - t0
    return {**{k: round(v, 2) for k, v in t.items()}, "stats": stats, "counts": counts, "article_rows": n_ids,
            "quote_rows": n_q, "stories": n_stories, "statements": n_statements}


def child(out: Path, scale: int, new: int, work: Path, measure: bool) -> dict:
    d = _load(out)
    res: dict = {"scale": scale, "articles": d["arts"].num_rows * scale, "quotes": d["quotes"].num_rows * scale}
    if not measure:
        res["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        return res
    state = work / "_copies"
    import pyarrow as pa
    import pyarrow.parquet as pq

    (work / "final").mkdir(exist_ok=True)
    pers = d["persons"]
    pq.write_table(pa.table({"person_id": [f"{p}-{i}" for i in range(scale + 1) for p in pers["person_id"].to_pylist()],
                             "name": pers["name"].to_pylist() * (scale + 1)}), work / "final" / "persons.parquet")

    def all_copies():
        for i in range(scale):
            yield from _copy_batches(d, i)

    res["first_run"] = _run(state, all_copies)
    res["state_mb"] = round(sum(p.stat().st_size for p in state.glob("copies.duckdb*")) / 1e6, 1)
    if new:
        def with_new():
            yield from all_copies()
            yield from _copy_batches(d, scale, limit=new)

        res["incremental_run"] = _run(state, with_new)
        res["incremental_run"]["new_articles"] = new
    res["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return res


def lsh_memory(out: Path, n: int) -> dict:
    """Bytes per article of datasketch's in-memory MinHashLSH at the story bands (dict storage)."""
    import numpy as np
    from datasketch import MinHash, MinHashLSH

    from pipeline.resolve.copies import CopyOptions

    d = _load(out)
    rule = CopyOptions().story_rule()
    lsh = MinHashLSH(threshold=rule.lsh_threshold, num_perm=128)
    perms = MinHash(num_perm=128, seed=1).permutations
    r0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rng = np.random.default_rng(0)
    t0 = time.perf_counter()
    for k in range(n):
        row = d["a_mat"][k % len(d["a_mat"])] + rng.integers(0, 2 ** 32, 128, dtype=np.uint64).astype(np.uint32)
        lsh.insert(f"{k:016x}", MinHash(hashvalues=row, permutations=perms, scheme="affine32"), check_duplication=False)
    dt = time.perf_counter() - t0
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - r0) * 1024
    return {"entries": n, "bands": [lsh.b, lsh.r], "bytes_per_article": round(grown / n), "insert_s": round(dt, 2)}


def signing_cost(out: Path, n: int) -> dict:
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from pipeline.resolve.minhash import ARTICLE_SHINGLING, QUOTE_SHINGLING

    arts = pq.read_table(out / "articles.parquet", columns=["article_id", "text"]).slice(0, n)
    quotes = pq.read_table(out / "quotes.parquet", columns=["article_id", "text"])
    quotes = quotes.filter(pc.is_in(quotes["article_id"], value_set=arts["article_id"]))
    t0 = time.process_time()
    for t in arts["text"].to_pylist():
        ARTICLE_SHINGLING.sign(t)
    ta = time.process_time() - t0
    t0 = time.process_time()
    for t in quotes["text"].to_pylist():
        QUOTE_SHINGLING.sign(t)
    tq = time.process_time() - t0
    return {"articles": arts.num_rows, "quotes": quotes.num_rows, "article_ms": round(1000 * ta / arts.num_rows, 3),
            "quotes_ms_per_article": round(1000 * tq / arts.num_rows, 3)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--scales", default="1,10")
    ap.add_argument("--new", type=int, default=1000, help="articles of one more copy in the incremental run")
    ap.add_argument("--lsh-entries", type=int, default=50_000)
    ap.add_argument("--json", type=Path)
    ap.add_argument("--child", nargs=3, metavar=("SCALE", "WORK", "MEASURE"), help=argparse.SUPPRESS)
    ap.add_argument("--part", choices=("lsh", "sign"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        scale, work, measure = int(args.child[0]), Path(args.child[1]), args.child[2] == "1"
        print(json.dumps(child(args.out, scale, args.new, work, measure)))
        return
    if args.part:
        print(json.dumps(lsh_memory(args.out, args.lsh_entries) if args.part == "lsh" else signing_cost(args.out, 1000)))
        return
    results: dict = {"scales": []}

    def run_child(extra: list[str]) -> dict:
        p = subprocess.run([sys.executable, __file__, str(args.out), "--new", str(args.new),
                            "--lsh-entries", str(args.lsh_entries), *extra], capture_output=True, text=True)
        if p.returncode:
            raise SystemExit(p.stderr)
        return json.loads(p.stdout.strip().splitlines()[-1])

    results["signing"] = run_child(["--part", "sign"])
    print(json.dumps(results["signing"]), flush=True)
    results["datasketch_lsh_in_memory"] = run_child(["--part", "lsh"])
    print(json.dumps(results["datasketch_lsh_in_memory"]), flush=True)
    for scale in [int(s) for s in args.scales.split(",")]:
        with tempfile.TemporaryDirectory(prefix="bench-nc-") as work:
            base = run_child(["--child", str(scale), work, "0"])
            r = run_child(["--child", str(scale), work, "1"])
            r["input_only_peak_rss_mb"] = base["peak_rss_mb"]
            results["scales"].append(r)
            print(json.dumps(r), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
