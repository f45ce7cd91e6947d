from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from pipeline.cli import app

ROOT = Path(__file__).resolve().parents[1]


def test_run_sample_writes_tables(tmp_path):
    res = CliRunner().invoke(app, ["run", str(ROOT / "data" / "raw"), "--out", str(tmp_path)], env={"COLUMNS": "120"})
    assert res.exit_code == 0, res.output
    arts = pd.read_parquet(tmp_path / "articles.parquet")
    assert len(arts) >= 5 and arts["article_id"].is_unique
    off = pd.read_parquet(tmp_path / "officials.parquet")
    kap = off[off["position"] == "Kapolres"].iloc[0]
    assert kap["rank"] == "AKBP" and list(kap["degrees"]) == ["S.H.", "S.I.K.", "M.H."]
    for name in ("people", "places", "dates", "quotes", "errors"):
        assert (tmp_path / f"{name}.csv").exists()
    import duckdb

    con = duckdb.connect(str(tmp_path / "pipeline.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM officials").fetchone()[0] == len(off)
    joined = con.execute("SELECT count(*) FROM quotes_people WHERE person_name IS NOT NULL").fetchone()[0]
    assert 0 < joined <= len(pd.read_parquet(tmp_path / "quotes.parquet"))
    con.close()


def test_broken_file_is_reported_and_exit_status_says_so(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "ok.txt").write_text("Kapolsek Ponggok AKP Bagus Santoso hadir di Desa Dadaplangu.")
    (src / "empty.txt").write_text("")
    res = CliRunner().invoke(app, ["run", str(src), "--out", str(tmp_path / "out")], env={"COLUMNS": "120"})
    assert res.exit_code == 1
    errs = pd.read_csv(tmp_path / "out" / "errors.csv")
    assert list(errs["source"]) == ["empty.txt"]
    assert len(pd.read_parquet(tmp_path / "out" / "articles.parquet")) == 1


def test_two_workers_give_the_same_tables_as_one(tmp_path):
    from pipeline.runner import collect

    one = collect([ROOT / "data" / "raw"], workers=1).tables
    two = collect([ROOT / "data" / "raw"], workers=2, batch_size=2).tables  # four batches over two processes
    for name in ("articles", "people", "places", "dates", "quotes", "persons"):
        pd.testing.assert_frame_equal(one[name], two[name], check_dtype=True)


def test_run_summary_is_one_line_of_totals_then_the_table(tmp_path):
    from typer.testing import CliRunner

    from pipeline.cli import app

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("TITLE: t\nDATE: 2024-03-01\n\nKapolsek Wates AKP Suryanto meninjau pos jaga.\n")
    res = CliRunner().invoke(app, ["run", str(src), "--out", str(tmp_path / "out"), "--workers", "1"],
                             env={"COLUMNS": "80"})
    assert res.exit_code == 0, res.output
    first = next(line for line in res.output.splitlines() if line.strip())
    assert first.startswith("pipeline run: 1 articles, 0 unchanged, 0 errors in ")
    assert "articles/s after" in first and "start-up" in first
    assert "┏" in res.output and "table" in res.output
