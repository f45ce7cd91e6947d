"""Scaling behaviour of a run: batches shrink at the end of the input, the profile of a run
adds up, the workers default to the cores, the forkserver preloads a Processor only for the
rules it was told, and the NER model's tokenizer is built once but stays the model's."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app, default_workers
from pipeline.models import ErrorRow, RawRecord
from pipeline.runner import BatchTiming, RunProfile, _batches

ROOT = Path(__file__).resolve().parents[1]


class _NoManifest:
    """Nothing processed before: every item is to do."""

    def next_batch(self) -> int:
        return 7

    def is_current(self, source: str, content_hash: str) -> bool:
        return False


def _records(n: int):
    return (RawRecord(f"a{i}.txt", "txt", f"Teks nomor {i}.") for i in range(n))


def _cut(n: int, size: int, workers: int) -> list[tuple[int, list]]:
    return list(_batches(_records(n), _NoManifest(), size, [0], None, workers))


def test_the_last_batches_shrink_with_several_workers_and_keep_the_input_order():
    batches = _cut(1234, 100, 2)
    sizes = [len(items) for _n, items in batches]
    assert [n for n, _items in batches] == list(range(7, 7 + len(batches)))
    assert [r.source for _n, items in batches for r in items] == [f"a{i}.txt" for i in range(1234)]
    assert sizes[:9] == [100] * 9  # full batches while more than size * workers items lie ahead
    tail = sizes[9:]
    assert tail == sorted(tail, reverse=True) and len(tail) > 3  # shrinking
    assert min(tail[:-1]) >= 10 and tail[-1] <= 10  # never below a tenth of the batch size, but the rest


def test_one_worker_and_small_inputs_keep_plain_batches():
    assert [len(b) for _n, b in _cut(250, 100, 1)] == [100, 100, 50]
    assert [len(b) for _n, b in _cut(80, 100, 2)] == [80]  # one batch: no process pool for it
    assert _cut(0, 100, 2) == []


def test_unreadable_inputs_are_batched_too():
    items = [ErrorRow(source="bad.txt", stage="ingest", error="x", message="m"), *_records(3)]
    (n, batch), = _batches(iter(items), _NoManifest(), 10, [0], None, 2)
    assert [getattr(i, "source") for i in batch] == ["bad.txt", "a0.txt", "a1.txt", "a2.txt"]


def test_profile_summary_finds_the_tail_and_how_busy_each_worker_was():
    p = RunProfile(started=1000.0, process_started=998.5)
    p.phases = {"finalize_done": 30.0}
    p.batches = [BatchTiming(0, 11, 1004.0, 1014.0, 9.0, 100), BatchTiming(1, 12, 1004.0, 1016.0, 11.0, 100),
                 BatchTiming(2, 11, 1014.0, 1020.0, 5.5, 50)]
    s = p.summary()
    assert s["before_run_s"] == 1.5
    assert s["first_batch_start_s"] == 4.0 and s["last_batch_end_s"] == 20.0
    assert s["tail_s"] == 4.0  # worker 12 ran out of batches at 16 s, worker 11 went on until 20 s
    assert s["workers"]["11"] == {"batches": 2, "busy_s": 16.0, "cpu_s": 14.5, "busy_share": 1.0}
    assert s["workers"]["12"]["busy_share"] == 0.75


def test_workers_default_to_the_cores_this_process_may_use():
    assert default_workers() == len(os.sched_getaffinity(0))
    res = CliRunner().invoke(app, ["run", "--help"], env={"COLUMNS": "200"})
    assert "sched_getaffinity" in res.output


def test_run_profile_is_written(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("Kapolsek Ponggok AKP Bagus Santoso hadir di Desa Dadaplangu, Senin (3/2/2025).")
    prof = tmp_path / "profile.json"
    res = CliRunner().invoke(app, ["run", str(src), "--out", str(tmp_path / "out"), "--format", "parquet",
                                   "--workers", "1", "--no-ner", "--profile", str(prof)], env={"COLUMNS": "160"})
    assert res.exit_code == 0, res.output
    summary = json.loads(prof.read_text())
    assert summary["n_batches"] == 1 and len(summary["workers"]) == 1
    assert {"copy_tables", "link_persons", "people_quotes_persons"} <= set(summary["finalize_s"])
    assert summary["phases_s"]["finalize_done"] >= summary["last_batch_end_s"] >= summary["first_batch_start_s"]
    assert "where the time went" in res.output


def _preloaded(env_spec: str | None, rules_dir: str | None = None) -> str:
    code = ("from pathlib import Path; from pipeline.preload import processor_for; "
            "from pipeline.rules.loader import load_rules; "
            f"r = load_rules({[rules_dir] if rules_dir else []!r}); "
            "print(processor_for(r, False) is not None, processor_for(r, True) is not None)")
    env = {k: v for k, v in os.environ.items() if k != "PIPELINE_FORKSERVER_PRELOAD"}
    if env_spec is not None:
        env["PIPELINE_FORKSERVER_PRELOAD"] = env_spec
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                          cwd=ROOT).stdout.split()


def test_forkserver_preload_builds_the_processor_only_for_the_rules_and_ner_it_was_told(tmp_path):
    assert _preloaded(None) == ["False", "False"]  # importing the module elsewhere builds nothing
    assert _preloaded(json.dumps({"rules": [], "ner": False})) == ["True", "False"]
    mine = tmp_path / "rules"
    mine.mkdir()
    (mine / "mine.yaml").write_text("version: 1\nranks:\n  - id: x\n    abbr: X\n    full_name: Y\n"
                                    "    service: POLRI\n    level: 3\n")
    # preloaded for the bundled rules, asked for with a researcher's rules: the worker builds its own
    assert _preloaded(json.dumps({"rules": [], "ner": False}), str(mine)) == ["False", "False"]
    assert _preloaded(json.dumps({"rules": [str(mine)], "ner": False}), str(mine)) == ["True", "False"]


@pytest.mark.parametrize("changed", [False, True])
def test_ner_model_tokenizer_is_the_models_own(tmp_path, rules, changed, monkeypatch):
    import spacy
    from spacy.symbols import ORTH

    from pipeline.ner import model_path
    from pipeline.nlp import language
    from pipeline.nlp.language import build_nlp

    path = model_path()
    if changed:  # a model trained with its own tokenizer special case
        nlp = spacy.load(path)
        nlp.tokenizer.add_special_case("Wa-kil", [{ORTH: "Wa-kil"}])
        path = tmp_path / "model"
        nlp.to_disk(path)
    built = build_nlp(rules, path)
    words = [t.text for t in built("Wa-kil Bupati Sleman hadir.")]
    assert (words[0] == "Wa-kil") is changed
    monkeypatch.setattr(language, "_load_model", spacy.load)  # as before: spaCy builds the tokenizer twice
    reference = build_nlp(rules, path)
    text = "Kapolsek Ponggok AKP Bagus Santoso, S.H., hadir di Kec. Ponggok (3/2/2025)."
    assert [t.text for t in built(text)] == [t.text for t in reference(text)]
    assert [(e.start_char, e.end_char, e.label_) for e in built(text).ents] == \
        [(e.start_char, e.end_char, e.label_) for e in reference(text).ents]


def _torch_after_spacy(env_torch: str | None) -> str:
    code = ("import pipeline.lean, sys; import spacy, thinc.compat; "
            "print(sys.modules.get('torch') is not None, thinc.compat.has_torch)")
    env = {k: v for k, v in os.environ.items() if k != "PIPELINE_TORCH"}
    if env_torch is not None:
        env["PIPELINE_TORCH"] = env_torch
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True,
                          cwd=ROOT).stdout.split()


def test_pipeline_processes_keep_torch_out_unless_asked():
    pytest.importorskip("torch")
    assert _torch_after_spacy(None) == ["False", "False"]
    assert _torch_after_spacy("1") == ["True", "True"]


def test_the_forkserver_is_stopped_before_finalize(tmp_path, monkeypatch):
    """The forkserver holds a preloaded Processor; once the pool is done, nothing may keep it (and
    its memory) alive while the final tables are built."""
    import psutil

    from pipeline.runner import run
    from pipeline.write import finalize as fin

    src = tmp_path / "in"
    src.mkdir()
    for k in range(6):
        (src / f"a{k}.txt").write_text(f"Kapolsek Ponggok AKP Bagus Santoso{k} hadir di Desa Dadaplangu, Senin (3/2/2025).")
    seen: list[list[str]] = []
    real = fin.finalize

    def spy(*a, **kw):
        seen.append([" ".join(c.cmdline()) for c in psutil.Process().children(recursive=True)])
        return real(*a, **kw)

    monkeypatch.setattr("pipeline.runner.finalize", spy)
    res = run([src], tmp_path / "out", formats=("parquet",), workers=2, batch_size=2, ner=False)
    assert res.n_articles == 6
    assert seen and not [c for c in seen[0] if "forkserver" in c], seen
