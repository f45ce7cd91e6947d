"""Bad text never crashes a stage, and every offset points inside articles.text."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.models import RawRecord

PIECES = st.sampled_from(['"', "\u201c", "\u201d", "''", "\\\"", "Kapolres Pasuruan", "AKBP", "Desa", "(", ")",
                          "Senin (14/8)", "kata", "ucapnya", ",", ".", "\n\n", " ", "\u00a0", "\x00", "Ã¼", "ا", "😀",
                          "Kec.", "S.H.", "Bupati", "Rp 2,5", "(45)", "bahwa"])


def _check(processor, body: str) -> None:
    res = processor.process(RawRecord("h.txt", "txt", body))
    text = res.article["text"]
    for table in (res.people, res.places, res.dates, res.quotes, res.mentions):
        for row in table:
            if row.get("rule_id") == "ingest.published":
                continue
            assert 0 <= row["start_char"] <= row["end_char"] <= len(text), row


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(PIECES, max_size=60).map("".join))
def test_random_pieces_never_crash(processor, body):
    _check(processor, body)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=400))
def test_arbitrary_unicode_never_crashes(processor, body):
    _check(processor, body)


def test_unbalanced_quote_costs_at_most_one_quote(processor):
    body = ('"Kami siap menjaga keamanan desa selama pemilihan berlangsung," kata Camat Lumbang.\n\n'
            '"Kalimat ini tidak pernah ditutup dan terus berjalan tanpa tanda kutip penutup\n\n'
            'Kapolsek Lumbang menambahkan, "Patroli malam akan kami tambah mulai pekan depan di semua dusun," ujarnya.')
    res = processor.process(RawRecord("q.txt", "txt", body))
    texts = [q["text"] for q in res.quotes if q["kind"] == "direct"]
    assert any(t.startswith("Kami siap menjaga") for t in texts)
    assert any(t.startswith("Patroli malam akan kami tambah") for t in texts)


def test_quote_across_paragraphs_is_one_quote(processor):
    body = ('Camat Lumbang memberi sambutan. "Kami berharap seluruh warga menjaga kerukunan,\n\n'
            '"dan tidak terpancing kabar bohong selama tahapan pemilihan," ucapnya.')
    res = processor.process(RawRecord("p.txt", "txt", body))
    direct = [q for q in res.quotes if q["kind"] == "direct"]
    assert len(direct) == 1 and "tidak terpancing" in direct[0]["text"]
    assert direct[0]["speaker_position"] == "Camat"


def test_paragraph_break_inside_a_quote_without_continuation_mark(processor):
    body = ('"Kalau dalam aturan daerah, seorang kepala desa dapat menjabat tiga periode.\n\n'
            'Sehingga yang baru dua periode masih boleh mencalonkan lagi," ujar Kepala Bagian Pemerintahan '
            'Setda Bantul, Wahyu Pranoto.\n\n"Jadi yang kami hitung periodenya," imbuhnya.')
    res = processor.process(RawRecord("b.txt", "txt", body))
    direct = [q for q in res.quotes if q["kind"] == "direct"]
    assert len(direct) == 2
    assert "masih boleh mencalonkan" in direct[0]["text"]
    assert direct[0]["speaker_name"] == direct[1]["speaker_name"] == "Wahyu Pranoto"


# --- adversarial text through every stage, the batch writer and whole runs -----------------------

import json  # noqa: E402
from pathlib import Path  # noqa: E402

import pandas as pd  # noqa: E402

from pipeline.batch import Limits, process_batch  # noqa: E402
from pipeline.extract.quotes import quote_spans  # noqa: E402
from pipeline.normalize import normalize_text  # noqa: E402

HOSTILE = st.sampled_from([
    '"', "\u201c", "\u201d", "\u00ab", "\u00bb", "\u201e", "'", "\u2018", "\u2019", '"\u201c"', '""""', "\u201c\u201c",
    '"Kami \u201cbilang \u2018ya\u2019 dan "tidak"\u201d,"', "kata Bupati Ipuk.", "ujarnya", "(", ")", "[", "]",
    "\u0627\u0644\u0633\u0644\u0627\u0645", "\u05e9\u05dc\u05d5\u05dd", "\u202e", "\u200f", "\u200d", "\ufeff",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\U0001f1ee\U0001f1e9", "e\u0301", "\x00", "\x0b", "\r", "\r\n",
    "\u2028", "<p>", "</p>", "<script>alert(1)</script>", "&nbsp;", "&#x201C;", "<br/>", "\u00c3\u00a9", "\ufffd",
    "...", "!!!", "?!", "---", ";;", "::", "//", "Kec.", "S.H., M.H.", "AKBP", "Kapolres", "Desa", "Senin (14/8/2025)",
    "14 Agustus 2025", "\n\n", " ", "\t", "\u00a0", "a" * 300,
])
BODIES = st.one_of(st.lists(HOSTILE, max_size=80).map("".join), st.text(max_size=600),
                   st.text(alphabet=st.sampled_from(".,;:!?\"'()-\u201c\u201d"), max_size=400))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(BODIES)
def test_every_stage_takes_hostile_text_and_offsets_stay_inside(processor, body):
    ot = normalize_text(body, processor.noise, processor.unglue, None, processor.function_words)
    for s in range(0, len(ot.text) + 1, max(len(ot.text) // 7, 1)):
        rs, re_ = ot.raw_span(s, min(s + 3, len(ot.text)))
        assert 0 <= rs <= re_ <= len(body)
    for s, e, _p in quote_spans(ot.text):
        assert 0 <= s <= e <= len(ot.text)
    doc = processor.nlp(ot.text)
    assert sum(len(s) for s in doc.sents) == len(doc)
    for d in processor.dates.find(ot.text, None):
        assert 0 <= d.start <= d.end <= len(ot.text)
    for p in processor.places.find(doc, None):
        assert 0 <= p.start <= p.end <= len(ot.text)
    _check(processor, body)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(BODIES, min_size=1, max_size=4))
def test_a_batch_of_hostile_articles_writes_readable_parts(processor, tmp_path_factory, bodies):
    out = tmp_path_factory.mktemp("parts")
    items = [RawRecord(f"h{i}.txt", "txt", b) for i, b in enumerate(bodies)]
    done = process_batch(processor, out, 0, items)
    assert len(done.entries) == len(items)
    if done.n_articles:
        arts = pd.read_parquet(out / "_parts" / "articles" / "part-00000000.parquet")
        assert len(arts) == done.n_articles
        texts = dict(zip(arts["article_id"], arts["text"]))
        m = out / "_parts" / "mentions" / "part-00000000.parquet"
        if m.exists():
            for r in pd.read_parquet(m).itertuples():
                assert 0 <= r.start_char <= r.end_char <= len(texts[r.article_id])


def _hostile_files(src: Path) -> None:
    src.mkdir()
    ok = "Kapolsek Ponggok AKP Bagus Santoso hadir di Desa Dadaplangu, Senin (14/7/2025)."
    (src / "nul-inside.txt").write_bytes((ok + " " * 2000).encode() + b"\x00\x00 lanjut.")
    (src / "mixed-encoding.txt").write_bytes(ok.encode() + " Caf\u00e9 ".encode("latin-1") + ok.encode())
    (src / "html-in-txt.txt").write_text("<html><body><p>" + ok + "</p><script>x()</script></body></html>")
    (src / "ten-mb-one-line.txt").write_text("Kapolres " * 1_200_000)
    (src / "long-no-sentences.txt").write_text("Kapolres AKBP Budi " * 12000)
    (src / "punctuation.txt").write_text("\"\u201c'!?.,;:()[]" * 500)
    (src / "rtl-emoji.txt").write_text("\u202e\u0627\u0644\u0633\u0644\u0627\u0645 \U0001f600 " + ok)
    (src / "deep.json").write_text("[" * 100000 + "]" * 100000)
    (src / "surrogate.jsonl").write_text(json.dumps({"isi": "\ud800" + ok}, ensure_ascii=True) + "\n")
    (src / "nested-quotes.txt").write_text('"Dia bilang \u201cjangan \'pergi "ke sana" ya\'\u201d," kata Bagus. "' * 50)


def test_a_run_over_hostile_files_ends_with_rows_or_error_rows(tmp_path, processor):
    from pipeline.runner import run

    src = tmp_path / "in"
    _hostile_files(src)
    out = tmp_path / "out"
    res = run([src], out, processor=processor, formats=("parquet", "csv", "jsonl"), batch_size=3,
              limits=Limits(seconds=5))
    arts = pd.read_parquet(out / "articles.parquet")
    errs = pd.read_parquet(out / "errors.parquet")
    handled = set(arts["source"]) | set(errs["source"])
    assert handled == {p.name + (":1" if p.suffix == ".jsonl" else "") for p in src.iterdir()}
    kinds = dict(zip(errs["source"], errs["error"]))
    assert kinds["ten-mb-one-line.txt"] == "too_long"
    # 228k characters without a sentence break: near-linear now (a few seconds), so rows, or an
    # ArticleTimeout on a loaded machine (the time limit itself: tests/test_speed_paths.py)
    assert "long-no-sentences.txt" in set(arts["source"]) or kinds["long-no-sentences.txt"] == "ArticleTimeout"
    assert kinds["mixed-encoding.txt"] == "decode" and kinds["deep.json"] == "json"
    assert "surrogate.jsonl:1" in set(arts["source"])
    assert res.counts["articles"] == len(arts)
    for t in ("mentions", "quotes", "people", "places", "dates"):
        df = pd.read_parquet(out / f"{t}.parquet").merge(
            arts[["article_id", "text"]].rename(columns={"text": "article_text"}), on="article_id")
        df = df[df["rule_id"] != "ingest.published"]
        assert ((df["start_char"] >= 0) & (df["start_char"] <= df["end_char"])
                & (df["end_char"] <= df["article_text"].str.len())).all(), t


def test_nothing_in_an_input_writes_outside_out(tmp_path, processor, monkeypatch):
    from pipeline.runner import run

    src = tmp_path / "in"
    (src / "x..y").mkdir(parents=True)
    body = "Kapolsek Ponggok AKP Bagus Santoso hadir di Desa Dadaplangu."
    (src / "x..y" / "a.txt").write_text(body)
    (src / "%2e%2e%2fescape.txt").write_text(body)
    (src / "export.jsonl").write_text("\n".join(json.dumps(r) for r in [
        {"isi": body, "source": "../../../../escape", "url": "file:///etc/passwd", "judul": "../x"},
        {"isi": body, "id": "/tmp/abs", "outlet": "..\\..\\win"},
    ]) + "\n")
    pd.DataFrame({"text": [body], "source": ["../../up.parquet"]}).to_parquet(src / "e.parquet")
    work = tmp_path / "cwd"
    work.mkdir()
    monkeypatch.chdir(work)
    before = {p for p in tmp_path.rglob("*")}
    run([src], tmp_path / "out", processor=processor, formats=("parquet", "csv", "jsonl", "duckdb"))
    new = {p for p in tmp_path.rglob("*")} - before
    assert new and all((tmp_path / "out") in p.parents or p == tmp_path / "out" for p in new), sorted(new)
    assert len(pd.read_parquet(tmp_path / "out" / "articles.parquet")) == 5
