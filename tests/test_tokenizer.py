"""The tokenizer with deferred special cases gives spaCy's tokens (pipeline/nlp/tokenizer.py)."""

import pickle
import random

import pytest
import spacy
from spacy.symbols import ORTH

from pipeline.nlp.language import abbreviations, blank, build_nlp
from pipeline.nlp.tokenizer import DeferredSpecialsTokenizer

WRITTEN = (
    "Anak-anak SD Negeri 1 Kota Kediri ber-main di taman, kata Wa-kil Bupati Sleman H. Sri Purnomo, S.E., M.Si. "
    "(25/12/2024) pukul 10.30 WIB. \"Semua anak-anaknya sehat-sehat saja,\" ujar Kapolres AKBP Budi-Santoso. "
    "Rp 1.500.000,- per-orang; 3-4 hari; 2-0 untuk Persib-Persija; COVID-19 di Jawa-Bali; se-Kabupaten Malang. "
    "Lihat https://www.detik.com/jatim/berita-daerah/d-7187518/anak-anak-di-kediri?utm=x-y dan "
    "email humas-polri@polri.go.id, #anak-anak @wali-kota. SUKA-SUKA, Suka-Suka, suka-suka-nya, kupu-kupu2, "
    "abu-abu-abu, (abu-abu), [abu-abu], 'abu-abu', abu-abu., abu-abu?! -abu-abu- --abu-abu-- abu-\nabu "
    "abu- abu abu -abu Jl. Ir. H. Juanda No. 5, Kec. Ponggok, Kab. Blitar. ANAK-ANAK\u00a0anak-anak\tanak-anak"
)


@pytest.fixture(scope="module")
def both(rules):
    full, lazy = spacy.blank("id"), blank()
    for nlp in (full, lazy):
        for abbr in sorted(abbreviations(rules)):
            nlp.tokenizer.add_special_case(abbr, [{ORTH: abbr}])
    return full, lazy


def _tokens(doc):
    return [(t.text, t.idx, t.whitespace_, t.norm_, t.is_space) for t in doc]


def test_blank_uses_the_deferred_tokenizer_and_defers_the_hyphenated_cases():
    nlp = blank()
    assert isinstance(nlp.tokenizer, DeferredSpecialsTokenizer)
    assert nlp.tokenizer.n_deferred > 15_000
    assert nlp.tokenizer.rules == spacy.blank("id").tokenizer.rules


def test_written_text_gives_spacys_tokens(both):
    full, lazy = both
    for text in (WRITTEN, WRITTEN.upper(), WRITTEN.lower(), WRITTEN.replace(" ", ""), WRITTEN.replace("-", " - ")):
        assert _tokens(lazy(text)) == _tokens(full(text))


def test_every_special_case_in_context_gives_spacys_tokens(both):
    """Each of spaCy's 15,600 hyphenated special cases, alone, glued to the next one, inside
    another word, in brackets and quotes, with -nya, upper-cased; in texts of a few hundred
    keys each, so a key can meet the pieces of another."""
    full, lazy = both
    keys = sorted(k for k in full.tokenizer.rules if "-" in k)
    rng = random.Random(17)
    rng.shuffle(keys)
    shapes = ["{k}", "({k})", "\"{k},\"", "{k}-nya", "ber{k}an", "{k}{j}", "{k}-{j}", "{K}.", "{k}- {j}",
              "-{k}", "{k}?!", "x{k}"]
    for start in range(0, len(keys), 400):
        chunk = keys[start:start + 400]
        parts = [rng.choice(shapes).format(k=k, j=rng.choice(chunk), K=k.upper()) for k in chunk]
        text = " ".join(parts)
        assert _tokens(lazy(text)) == _tokens(full(text)), start


def test_serialized_like_spacys_tokenizer(both):
    full, lazy = both
    lazy("anak-anak")  # some cases added, most still deferred
    assert lazy.tokenizer.to_bytes(exclude=["vocab"]) == full.tokenizer.to_bytes(exclude=["vocab"])
    again = pickle.loads(pickle.dumps(lazy.tokenizer))
    assert isinstance(again, DeferredSpecialsTokenizer)
    assert [t.text for t in again(WRITTEN)] == [t.text for t in full(WRITTEN)]
    loaded = blank()
    loaded.tokenizer.from_bytes(full.tokenizer.to_bytes(exclude=["vocab"]), exclude=["vocab"])
    assert loaded.tokenizer.n_deferred > 15_000
    assert _tokens(loaded(WRITTEN)) == _tokens(full(WRITTEN))


def test_a_later_special_case_replaces_a_deferred_one():
    nlp = blank()
    nlp.tokenizer.add_special_case("anak-anak", [{ORTH: "anak"}, {ORTH: "-anak"}])
    assert [t.text for t in nlp("anak-anak itu")] == ["anak", "-anak", "itu"]
    assert nlp.tokenizer.rules["anak-anak"] == [{ORTH: "anak"}, {ORTH: "-anak"}]


def test_pipeline_nlp_gives_spacys_tokens(rules, both):
    full, _lazy = both
    nlp = build_nlp(rules)
    assert isinstance(nlp.tokenizer, DeferredSpecialsTokenizer)
    assert _tokens(nlp.make_doc(WRITTEN)) == _tokens(full(WRITTEN))


def test_memory_zone_needs_the_cases_loaded_first(both, rules):
    full, _lazy = both
    nlp = blank()
    for abbr in sorted(abbreviations(rules)):
        nlp.tokenizer.add_special_case(abbr, [{ORTH: abbr}])
    with nlp.memory_zone():
        assert [t.text for t in nlp("Sleman aman.")] == ["Sleman", "aman", "."]  # no deferred case needed
        with pytest.raises(RuntimeError, match="load_all"):
            nlp("anak-anak")
    nlp.tokenizer.load_all()
    assert nlp.tokenizer.n_deferred == 0
    with nlp.memory_zone():
        assert [t.text for t in nlp(WRITTEN)] == [t.text for t in full(WRITTEN)]
