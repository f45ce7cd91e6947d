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
