"""Benchmark linking persons across a corpus (not a test): wall time and peak memory of
:class:`pipeline.resolve.persons.PersonLinker` as the number of people rows grows.

    python benchmarks/persons_link.py /tmp/out-corpus --scales 1,10,100

OUT is the output folder of a ``pipeline run`` (its people.parquet and articles.parquet). Scale
``k`` feeds the linker ``k`` copies of those rows, the way a corpus ``k`` times as large would:
copy ``i`` has its own article ids, its dates moved ``400 * i`` days later (an archive of many
years, so the six-month window of unnamed office holders sees one copy at a time), and every
word of its names changed into a word of its own (so the number of distinct names grows with
the corpus, the worst case for memory). Offices and units stay the same. Each scale runs in a
child process of its own; its peak RSS (``ru_maxrss``) and that of a child that only imports
the same modules and reads the input are reported, with the wall time of adding the rows,
linking, and streaming the ids and the persons table out.
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

BATCH = 100  # articles per batch, as `pipeline run --batch-size` by default


def _tag(i: int) -> str:
    """A letters-only tag for copy i (names normalize to letters and digits; digits would be
    dropped by no rule, but letters keep the name looking like a name)."""
    s = ""
    while True:
        s = chr(ord("a") + i % 26) + s
        i = i // 26 - 1
        if i < 0:
            return s


def child(out: Path, scale: int, link: bool) -> dict:
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from pipeline.resolve.persons import PersonLinker
    from pipeline.rules.loader import load_rules
    from pipeline.write.finalize import link_options
    from pipeline.write.tables import arrow_schema

    people = pq.read_table(out / "people.parquet", columns=PersonLinker.COLUMNS)
    arts = pq.read_table(out / "articles.parquet", columns=["article_id", "published_at"])
    quotes = pq.read_table(out / "quotes.parquet", columns=["article_id", "speaker_key"])
    aids = arts["article_id"].to_pylist()
    batches = [aids[i:i + BATCH] for i in range(0, len(aids), BATCH)]
    res = {"scale": scale, "people_rows": people.num_rows * scale, "articles": len(aids) * scale}
    if not link:
        res["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return res

    def copy(t: pa.Table, i: int) -> pa.Table:
        aid = [f"{a}-{i}" for a in t["article_id"].to_pylist()]
        t = t.set_column(t.schema.get_field_index("article_id"), "article_id",
                         pa.array(aid, t.schema.field("article_id").type))
        if "name" in t.column_names and i:
            names = [None if n is None else " ".join(w + _tag(i) for w in n.split()) for n in t["name"].to_pylist()]
            t = t.set_column(t.schema.get_field_index("name"), "name", pa.array(names, t.schema.field("name").type))
        if "published_at" in t.column_names:
            ts = pc.strptime(pc.utf8_slice_codeunits(t["published_at"], 0, 10), format="%Y-%m-%d", unit="s",
                             error_is_null=True)
            moved = pc.strftime(pc.add(ts, pa.scalar(400 * i * 86400, pa.duration("s"))), format="%Y-%m-%d")
            t = t.set_column(t.schema.get_field_index("published_at"), "published_at", moved)
        return t

    by_batch = []
    for ids in batches:
        v = pa.array(ids, people.schema.field("article_id").type)
        by_batch.append((people.filter(pc.is_in(people["article_id"], value_set=v)),
                         arts.filter(pc.is_in(arts["article_id"], value_set=v)),
                         quotes.filter(pc.is_in(quotes["article_id"], value_set=v.cast(quotes["article_id"].type)))))
    options = link_options(load_rules())
    with tempfile.TemporaryDirectory(prefix="persons-link-") as tmp, \
            PersonLinker(Path(tmp) / "link", **options) as linker:
        t0 = time.perf_counter()
        for i in range(scale):
            for p, a, q in by_batch:
                linker.add(copy(p, i), copy(a, i), copy(q, i))
        t1 = time.perf_counter()
        linker.link()
        t2 = time.perf_counter()
        n_ids = sum(len(a) for a in linker.person_ids())
        n_persons = sum(t.num_rows for t in linker.persons(arrow_schema("persons")))
        t3 = time.perf_counter()
    assert n_ids == res["people_rows"], (n_ids, res["people_rows"])
    res.update(add_s=round(t1 - t0, 2), link_s=round(t2 - t1, 2), read_out_s=round(t3 - t2, 2), persons=n_persons,
               peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1))
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="output folder of a pipeline run (people/articles/quotes.parquet)")
    ap.add_argument("--scales", default="1,10,100", help="comma-separated copy counts")
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument("--child", nargs=2, metavar=("SCALE", "LINK"), help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        print(json.dumps(child(a.out, int(a.child[0]), a.child[1] == "1")))
        return
    results = []
    for scale in [int(s) for s in a.scales.split(",")]:
        runs = {}
        for link in ("0", "1"):
            p = subprocess.run([sys.executable, __file__, str(a.out), "--child", str(scale), link],
                               capture_output=True, text=True)
            if p.returncode:
                sys.exit(f"scale {scale} failed:\n{p.stderr[-3000:]}")
            runs[link] = json.loads(p.stdout.strip().splitlines()[-1])
        r = runs["1"]
        r["baseline_rss_mb"] = round(runs["0"]["peak_rss_mb"], 1)
        results.append(r)
        print(f"x{scale:<4} {r['articles']:>9,} articles {r['people_rows']:>9,} people rows -> {r['persons']:>9,} "
              f"persons | add {r['add_s']:>7.1f} s  link {r['link_s']:>6.1f} s  out {r['read_out_s']:>5.1f} s | "
              f"peak RSS {r['peak_rss_mb']:>6.0f} MB (imports + input {r['baseline_rss_mb']:.0f} MB)", flush=True)
    if a.json:
        a.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
