"""What a command does before its first article: only what that article needs."""

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.api import _one_batch
from pipeline.ingest.readers import at_most

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = "Kapolres Sleman AKBP Budi Santoso mengatakan anak-anak aman.\n"


def _modules_after(args: list[str], tmp_path: Path) -> list[str]:
    code = ("import sys\nfrom pipeline.cli import app\ntry:\n    app(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('torch', 'stanza') if sys.modules.get(m) is not None))")
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=tmp_path,
                         check=True).stdout
    return eval(out.strip().splitlines()[-1])


@pytest.mark.parametrize("command", ["explain", "eval"])
def test_explain_and_eval_keep_torch_out(tmp_path, command):
    pytest.importorskip("torch")
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    if command == "explain":
        args = ["explain", str(f)]
    else:
        (tmp_path / "a.json").write_text('{"officials": [], "places": [], "dates": [], "quotes": []}')
        args = ["eval", str(tmp_path), "--report", str(tmp_path / "r.txt")]
    assert _modules_after(args, tmp_path) == []


def test_inputs_that_fit_one_batch_are_counted_without_reading(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for i in range(3):
        (d / f"{i}.txt").write_text(ARTICLE)
    (d / "photo.jpg").write_bytes(b"\xff")
    assert at_most([d], 3) and not at_most([d], 2)
    assert at_most([d / "0.txt"], 1)
    assert _one_batch([d], 100)  # so `pipeline run` starts no preloading forkserver for them
    (d / "export.jsonl").write_text('{"body": "x"}\n')
    assert not at_most([d], 100)  # an export may hold any number of articles
    assert at_most([str(d / "*.txt")], 3)
