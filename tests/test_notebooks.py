"""The notebooks run from top to bottom on the sample in data/raw (so they never rot), and
show what they claim: the most quoted person, the rows the new rule adds."""

import json
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


def _execute(name: str) -> nbformat.NotebookNode:
    nb = nbformat.read(NOTEBOOKS / name, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    return nb


def _text(nb) -> str:
    """Every output of the executed notebook as text (streams, results, HTML tables)."""
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                parts.append(out["text"])
            for kind in ("text/plain", "text/html"):
                if kind in out.get("data", {}):
                    parts.append(out["data"][kind])
    return "\n".join(parts)


def test_committed_notebooks_have_no_outputs():
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        assert all(not c.get("outputs") and not c.get("execution_count") for c in nb["cells"] if c["cell_type"] == "code"), \
            f"{path.name}: clear the outputs before committing (jupyter nbconvert --clear-output --inplace)"


@pytest.fixture
def headless(monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")


def test_quickstart_runs_on_the_sample(tmp_path, monkeypatch, headless):
    out = tmp_path / "processed"
    monkeypatch.setenv("PIPELINE_OUT", str(out))
    nb = _execute("01_quickstart.ipynb")
    text = _text(nb)
    # it ran the sample itself, and what it shows agrees with the tables
    quotes = pd.read_parquet(out / "quotes.parquet")
    persons = pd.read_parquet(out / "persons.parquet").set_index("person_id")
    counts = quotes["person_id"].dropna().value_counts()
    top_name = persons.loc[counts.index[0], "name"]
    assert f"most quoted: {top_name} {counts.iloc[0]}" in text
    # the statements section counts each statement once, and agrees with the tables
    statements = pd.read_parquet(out / "statements.parquet")
    assert f"{len(quotes)} quotes are {len(statements)} statements" in text
    assert set(quotes["statement_id"]) == set(statements["statement_id"])
    said = (statements.dropna(subset=["person_id"]).groupby("person_id")
            .agg(name=("speaker_name", "first"), n=("statement_id", "size")).sort_values(["n", "name"], ascending=[False, True]))
    assert f"most statements: {said.iloc[0]['name']} {said.iloc[0]['n']}" in text
    places = pd.read_parquet(out / "places.parquet")
    top_kab = places.dropna(subset=["kabupaten"]).groupby("kabupaten")["article_id"].nunique().idxmax()
    assert top_kab in text
    from PIL import Image

    for fig in ("officials_by_institution", "most_quoted", "quotes_over_time"):
        img = Image.open(out / "figures" / f"{fig}.png").convert("RGB")
        assert len(img.getcolors(maxcolors=1 << 20)) > 20, fig  # a drawn plot, not a blank canvas


def test_add_a_rule_shows_the_new_rows(tmp_path, monkeypatch, headless):
    monkeypatch.setenv("PIPELINE_WORK", str(tmp_path))
    nb = _execute("02_add_a_rule.ipynb")
    text = _text(nb)
    assert "0 warning(s) for kesehatan.yaml" in text
    before = pd.read_parquet(tmp_path / "before" / "officials.parquet")
    after = pd.read_parquet(tmp_path / "after" / "officials.parquet")
    assert "Kadinkes" not in set(before["position"].dropna())
    kad = after[after["position"] == "Kadinkes"]
    assert list(kad["name"]) == ["Sri Handayani"] and list(kad["position_full"]) == ["Kepala Dinas Kesehatan"]
    q_after = pd.read_parquet(tmp_path / "after" / "quotes.parquet")
    assert {"seloroh", "menggarisbawahi"} <= set(q_after["cue"].dropna())
    assert "1 new official row(s)" in text
    # the sample articles' rows are unchanged by the new rules
    a = pd.read_parquet(tmp_path / "after" / "articles.parquet")
    sample_ids = set(a.loc[a["source"] != "2025-03-ngawi-vaksin.txt", "article_id"])
    pd.testing.assert_frame_equal(before[before["article_id"].isin(sample_ids)].reset_index(drop=True),
                                  after[after["article_id"].isin(sample_ids)].reset_index(drop=True))


def test_python_api_notebook_gives_what_pipeline_run_writes(tmp_path, monkeypatch, headless):
    monkeypatch.setenv("PIPELINE_WORK", str(tmp_path))
    nb = _execute("03_python_api.ipynb")
    text = _text(nb)
    assert "official: Joko Purnomo (AKP, Kapolsek Ngrayun) by people.position_rank_name" in text
    assert "date: 'kemarin' = 2025-05-19 (relative)" in text  # read against the published= keyword
    assert "error kosong.txt is empty" in text
    assert "span: 'Bupati Ponorogo Agus Setiawan' OFFICIAL people.position_name" in text
    # its claim, against the tables its pipeline.run wrote: the sample's .txt/.md articles' quotes
    arts = pd.read_parquet(tmp_path / "out" / "articles.parquet")
    quotes = pd.read_parquet(tmp_path / "out" / "quotes.parquet").merge(arts[["article_id", "source"]], on="article_id")
    n = quotes["source"].str.endswith((".txt", ".md")).sum()
    assert n > 0 and f"same quotes and speakers as pipeline run: True ({n} quotes)" in text
