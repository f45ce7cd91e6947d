"""The local and the Dask engine write the same tables, row for row, from the same mixed input
(txt, md, html, JSONL, CSV and a Parquet export the test writes)."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from pipeline.runner import run
from pipeline.write.tables import TABLES

ROOT = Path(__file__).resolve().parents[1]


def _corpus(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    shutil.copytree(ROOT / "data" / "raw", src)
    pd.DataFrame({
        "judul": ["Patroli malam di Desa Sumberejo", "Banjir surut di Kecamatan Wedi"],
        "isi": ['Kapolsek Ponggok AKP Bagus Santoso memimpin patroli di Desa Sumberejo, Senin (14/7/2025). '
                '"Kami jaga sampai pagi," kata Bagus.',
                'Camat Wedi Sri Handayani meninjau tanggul yang jebol. "Warga sudah kembali ke rumah," ujarnya.'],
        "tanggal": ["14 Juli 2025", "2025-07-15"],
    }).to_parquet(src / "export.parquet", index=False)
    (src / "broken.parquet").write_bytes(b"PAR1 not really")
    return src


def _tables(out: Path) -> dict[str, pd.DataFrame]:
    return {t: pd.read_parquet(out / f"{t}.parquet") for t in TABLES}


def test_dask_engine_writes_the_same_tables_as_the_local_engine(tmp_path):
    pytest.importorskip("distributed")
    src = _corpus(tmp_path)
    local = run([src], tmp_path / "local", workers=1, batch_size=3, formats=("parquet",))
    dask = run([src], tmp_path / "dask", workers=2, batch_size=3, engine="dask", formats=("parquet",))
    assert local.n_articles == dask.n_articles == 10
    a, b = _tables(tmp_path / "local"), _tables(tmp_path / "dask")
    assert {s for s in a["articles"]["source"] if s.startswith("export.parquet")} == {"export.parquet:1",
                                                                                      "export.parquet:2"}
    assert list(a["errors"]["source"]) == ["broken.parquet"]
    for t in TABLES:
        pd.testing.assert_frame_equal(a[t], b[t], obj=t)
