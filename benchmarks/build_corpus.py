"""Scale the real articles of ../shared/corpus to N articles for benchmarks (not tests).

    python benchmarks/build_corpus.py 10000 /tmp/corpus-10k

Copy k of article ``a/b.txt`` is written as ``OUT/c<k>/a/b.txt``: the text is the original's,
the source path differs, so every copy has its own article_id and the manifest treats it as a
new article. Written outside the repository; the shared texts never enter it.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "articles"


def build(n: int, out: Path, source: Path = SHARED) -> int:
    files = sorted(p for p in source.rglob("*.txt") if p.is_file())
    if not files:
        raise SystemExit(f"no .txt articles under {source}")
    if out.exists():
        shutil.rmtree(out)
    written = 0
    copy = 0
    while written < n:
        for p in files:
            if written >= n:
                break
            dst = out / f"c{copy:04d}" / p.relative_to(source)
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(p, dst)
            written += 1
        copy += 1
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, help="articles to write (e.g. 1000, 10000, 100000)")
    ap.add_argument("out", type=Path, help="folder to write them to (outside the repo, e.g. /tmp/corpus-10k)")
    ap.add_argument("--source", type=Path, default=SHARED, help="folder of real .txt articles")
    args = ap.parse_args()
    print(f"wrote {build(args.n, args.out, args.source)} articles to {args.out}")


if __name__ == "__main__":
    main()
