"""Parquet exports, globs, and an earlier run's output folder inside an input folder."""

from pathlib import Path

import pandas as pd
import pytest

from pipeline.ingest import iter_records
from pipeline.ingest.readers import check_inputs
from pipeline.models import ErrorRow, RawRecord


def test_parquet_export_with_field_map(tmp_path):
    pd.DataFrame({"headline": ["Banjir di Wedi", "Patroli"], "naskah": ["Air naik sejak Senin.", ""],
                  "tgl": ["2025-07-14", "2025-07-15"]}).to_parquet(tmp_path / "e.parquet", index=False)
    items = list(iter_records([tmp_path / "e.parquet"], {"body": "naskah", "title": "headline", "date": "tgl"}))
    assert isinstance(items[0], RawRecord) and items[0].source == "e.parquet:1" and items[0].fmt == "parquet"
    assert items[0].fields["title"] == "Banjir di Wedi" and items[0].fields["date"] == "2025-07-14"
    assert items[0].text == "Air naik sejak Senin."
    assert isinstance(items[1], ErrorRow) and items[1].error == "no_body" and "e.parquet:2" in items[1].message


def test_parquet_without_a_text_column_is_one_error(tmp_path):
    pd.DataFrame({"a": [1, 2]}).to_parquet(tmp_path / "n.parquet")
    (item,) = iter_records([tmp_path / "n.parquet"])
    assert isinstance(item, ErrorRow) and item.error == "no_body" and "--field body=" in item.message


def test_glob_sources_are_relative_to_the_glob_root(tmp_path):
    for rel in ("a/x.txt", "b/x.txt", "b/y.md", "b/skip.png"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("Warga Desa Kronto bekerja bakti.", encoding="utf-8")
    pattern = tmp_path / "**" / "*.txt"
    check_inputs([pattern])
    assert [r.source for r in iter_records([pattern])] == ["a/x.txt", "b/x.txt"]
    with pytest.raises(FileNotFoundError):
        check_inputs([tmp_path / "*.csv"])


def test_an_output_folder_inside_the_input_is_not_read(tmp_path):
    (tmp_path / "a.txt").write_text("Warga Desa Kronto bekerja bakti.", encoding="utf-8")
    out = tmp_path / "processed"
    out.mkdir()
    (out / "_manifest.sqlite").write_bytes(b"")
    pd.DataFrame({"text": ["not an article"]}).to_parquet(out / "articles.parquet")
    assert [r.source for r in iter_records([tmp_path])] == ["a.txt"]
