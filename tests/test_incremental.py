"""Runs are incremental and crash-safe: a second run redoes only what changed, and a run
killed with SIGKILL and started again ends with every article exactly once in every table."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from pipeline.runner import run
from pipeline.write.tables import _LISTS as LIST_COLUMNS, TABLES

ROOT = Path(__file__).resolve().parents[1]
KEYS = {"articles": ["article_id"], "people": ["article_id", "person_key"], "officials": ["article_id", "person_key"],
        "persons": ["person_id"], "quotes": ["article_id", "start_char", "kind"], "errors": ["source"],
        "places": ["article_id", "name", "level"], "dates": ["article_id", "value", "kind", "start_char"],
        "mentions": ["article_id", "label", "start_char", "end_char", "rule_id"]}


def tables(out: Path) -> dict[str, pd.DataFrame]:
    return {t: pd.read_parquet(out / f"{t}.parquet") for t in TABLES}


def assert_same_rows(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    for t in TABLES:
        x, y = a[t], b[t]
        assert len(x) == len(y), t
        flat = [c for c in x.columns if c not in LIST_COLUMNS]
        x = x.sort_values(flat, kind="stable", na_position="first").reset_index(drop=True)
        y = y.sort_values(flat, kind="stable", na_position="first").reset_index(drop=True)
        for c in LIST_COLUMNS:
            if c in x.columns:
                x[c], y[c] = x[c].apply(list), y[c].apply(list)
        pd.testing.assert_frame_equal(x, y, obj=t)


def assert_each_once(tbls: dict[str, pd.DataFrame]) -> None:
    for t, key in KEYS.items():
        assert not tbls[t].duplicated(subset=key).any(), f"{t}: a row twice"
    assert tbls["articles"]["source"].is_unique


@pytest.fixture()
def corpus(tmp_path):
    src = tmp_path / "in"
    shutil.copytree(ROOT / "data" / "raw", src)
    (src / "README.md").unlink(missing_ok=True)
    return src


def test_second_run_skips_unchanged_and_redoes_changed(corpus, tmp_path, processor):
    out = tmp_path / "out"
    first = run([corpus], out, processor=processor, batch_size=2, formats=("parquet",))
    assert first.n_articles == 8 and first.n_skipped == 0
    before = tables(out)
    second = run([corpus], out, processor=processor, batch_size=2, formats=("parquet",))
    assert second.n_articles == 0 and second.n_skipped == 8
    assert_same_rows(before, tables(out))

    txt = corpus / "2025-06-klaten-banjir.txt"
    old_id = before["articles"].loc[before["articles"]["source"] == txt.name, "article_id"].item()
    txt.write_text(txt.read_text(encoding="utf-8") + "\n\nKapolsek Wedi AKP Budi Santoso meninjau tanggul.\n",
                   encoding="utf-8")
    third = run([corpus], out, processor=processor, batch_size=2, formats=("parquet",))
    assert third.n_articles == 1 and third.n_skipped == 7
    after = tables(out)
    assert_each_once(after)
    assert old_id not in set(after["articles"]["article_id"]) and old_id not in set(after["people"]["article_id"])
    assert "Budi Santoso" in set(after["people"]["name"])
    clean = tmp_path / "clean"
    run([corpus], clean, processor=processor, formats=("parquet",))
    assert_same_rows(tables(clean), after)


def test_deleted_input_leaves_the_tables_and_its_parts_go(corpus, tmp_path, processor):
    out = tmp_path / "out"
    run([corpus], out, processor=processor, batch_size=1, formats=("parquet",))
    parts = set((out / "_parts" / "articles").iterdir())
    (corpus / "2025-06-klaten-banjir.txt").unlink()
    res = run([corpus], out, processor=processor, batch_size=1, formats=("parquet",))
    assert res.n_articles == 0 and res.n_skipped == 7
    after = tables(out)
    assert len(after["articles"]) == 7 and "2025-06-klaten-banjir.txt" not in set(after["articles"]["source"])
    assert len(set((out / "_parts" / "articles").iterdir())) == len(parts) - 1


def test_changed_rules_redo_every_article(corpus, tmp_path, processor):
    out = tmp_path / "out"
    run([corpus], out, processor=processor, formats=("parquet",))
    mine = tmp_path / "rules"
    mine.mkdir()
    (mine / "extra.yaml").write_text("version: 1\nword_lists:\n  - id: my_list\n    words: [contoh]\n")
    from pipeline.rules import load_rules

    res = run([corpus], out, rules=load_rules([mine]), formats=("parquet",))
    assert res.n_articles == 8 and res.n_skipped == 0
    assert_each_once(tables(out))


def _cli(inp: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "pipeline.cli", "run", str(inp), "--out", str(out), "--format", "parquet,csv",
            "--batch-size", "1", *extra]


def _kill_when(proc: subprocess.Popen, ready, timeout: float = 180) -> bool:
    """SIGKILL the run's whole process group once ``ready()``; False if it ended first."""
    t0 = time.time()
    while proc.poll() is None and time.time() - t0 < timeout:
        if ready():
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            return True
        time.sleep(0.02)
    return False


def _parts(out: Path) -> int:
    return len(list((out / "_parts").glob("*/part-*.parquet"))) if (out / "_parts").is_dir() else 0


@pytest.mark.parametrize("workers", ["2"])  # the default path: a pool of processes
def test_kill_9_mid_run_then_restart_gives_each_article_once(corpus, tmp_path, workers):
    env = {**os.environ, "COLUMNS": "120"}
    out = tmp_path / "out"
    killed = 0
    for ready in (lambda: _parts(out) >= 1, lambda: _parts(out) >= 12):
        proc = subprocess.Popen(_cli(corpus, out, "--workers", workers), env=env, start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        killed += _kill_when(proc, ready)
    assert killed >= 1, "the run ended before it could be killed"
    assert not (out / "articles.parquet").exists() or killed < 2
    done = subprocess.run(_cli(corpus, out, "--workers", workers), env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    clean = tmp_path / "clean"
    subprocess.run(_cli(corpus, clean, "--workers", "1"), env=env, check=True, capture_output=True)
    got, want = tables(out), tables(clean)
    assert_each_once(got)
    assert_same_rows(want, got)
    assert len(pd.read_csv(out / "articles.csv")) == len(want["articles"]) == 8
