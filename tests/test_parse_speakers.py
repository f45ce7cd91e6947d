"""``--parser stanza``: quote speakers from the subject of the speech verb, for the quotes the rules leave
without one (pipeline/resolve/parse_speakers.py). No stanza model is needed: the parse provider is
injected and returns stanza Documents built from CoNLL-U written here for the test article (hand-written
heads and relations), or from the UD treebanks in ../shared/ud."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import pytest

pytest.importorskip("stanza")

from stanza.utils.conll import CoNLL  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

from pipeline.cli import app  # noqa: E402
from pipeline.models import RawRecord  # noqa: E402
from pipeline.nlp import stanza_backend as sb  # noqa: E402
from pipeline.process import Processor  # noqa: E402
from pipeline.runner import run  # noqa: E402

from .conftest import SHARED  # noqa: E402

# The raw article: an en dash, doubled spaces, a "Baca juga" line and curly quotes, all of which
# normalization changes, so raw and normalized offsets differ.
RAW = ("Banjir Rendam Dusun Kronto\n\n"
       "KLATEN \u2013 Bupati Klaten  Sri Mulyani meninjau lokasi banjir di Dusun Kronto, Senin (2/6/2025).\n\n"
       "Warga setempat  menjelaskan bahwa air mulai naik sejak subuh dan merendam puluhan rumah.\n\n"
       "Baca juga: Jalan Provinsi Putus Diterjang Longsor\n\n"
       "Sri Mulyani mengatakan bahwa bantuan logistik akan dikirim hari ini ke posko.\n\n"
       "Seorang relawan menegaskan, \u201cKami masih kekurangan air bersih untuk para pengungsi di sini.\u201d\n\n"
       "Ia menjelaskan bahwa tenda darurat sudah didirikan di lapangan desa.\n")

# Hand-annotated sentences of the normalized article: (form, upos, head, deprel), UD style.
TITLE = [("Banjir", "NOUN", 2, "nsubj"), ("Rendam", "VERB", 0, "root"), ("Dusun", "NOUN", 2, "obj"),
         ("Kronto", "PROPN", 3, "flat:name")]
VISIT = [("KLATEN", "PROPN", 7, "dislocated"), ("-", "PUNCT", 1, "punct"), ("Bupati", "NOUN", 7, "nsubj"),
         ("Klaten", "PROPN", 3, "nmod"), ("Sri", "PROPN", 3, "appos"), ("Mulyani", "PROPN", 5, "flat:name"),
         ("meninjau", "VERB", 0, "root"), ("lokasi", "NOUN", 7, "obj"), ("banjir", "NOUN", 8, "compound"),
         ("di", "ADP", 11, "case"), ("Dusun", "NOUN", 8, "nmod"), ("Kronto", "PROPN", 11, "flat:name"),
         (",", "PUNCT", 14, "punct"), ("Senin", "PROPN", 7, "obl:tmod"), ("(", "PUNCT", 16, "punct"),
         ("2/6/2025", "NUM", 14, "appos"), (")", "PUNCT", 16, "punct"), (".", "PUNCT", 7, "punct")]
RESIDENTS = [("Warga", "NOUN", 3, "nsubj"), ("setempat", "ADJ", 1, "amod"), ("menjelaskan", "VERB", 0, "root"),
             ("bahwa", "SCONJ", 7, "mark"), ("air", "NOUN", 7, "nsubj"), ("mulai", "ADV", 7, "advmod"),
             ("naik", "VERB", 3, "ccomp"), ("sejak", "ADP", 9, "case"), ("subuh", "NOUN", 7, "obl"),
             ("dan", "CCONJ", 11, "cc"), ("merendam", "VERB", 7, "conj"), ("puluhan", "NUM", 13, "nummod"),
             ("rumah", "NOUN", 11, "obj"), (".", "PUNCT", 3, "punct")]
REGENT = [("Sri", "PROPN", 3, "nsubj"), ("Mulyani", "PROPN", 1, "flat:name"), ("mengatakan", "VERB", 0, "root"),
          ("bahwa", "SCONJ", 9, "mark"), ("bantuan", "NOUN", 9, "nsubj:pass"), ("logistik", "NOUN", 5, "compound"),
          ("akan", "AUX", 9, "aux"), ("dikirim", "VERB", 9, "aux"), ("hari", "NOUN", 3, "ccomp"),
          ("ini", "DET", 9, "det"), ("ke", "ADP", 12, "case"), ("posko", "NOUN", 9, "obl"), (".", "PUNCT", 3, "punct")]
VOLUNTEER = [("Seorang", "DET", 2, "det"), ("relawan", "NOUN", 3, "nsubj"), ("menegaskan", "VERB", 0, "root"),
             (",", "PUNCT", 3, "punct"), ('"', "PUNCT", 7, "punct"), ("Kami", "PRON", 7, "nsubj"),
             ("masih", "ADV", 7, "advmod"), ("kekurangan", "VERB", 3, "ccomp"), ("air", "NOUN", 8, "obj"),
             ("bersih", "ADJ", 9, "amod"), ("untuk", "ADP", 13, "case"), ("para", "DET", 13, "det"),
             ("pengungsi", "NOUN", 8, "obl"), ("di", "ADP", 15, "case"), ("sini", "PRON", 13, "nmod"),
             (".", "PUNCT", 8, "punct"), ('"', "PUNCT", 8, "punct")]
PRONOUN = [("Ia", "PRON", 2, "nsubj"), ("menjelaskan", "VERB", 0, "root"), ("bahwa", "SCONJ", 6, "mark"),
           ("tenda", "NOUN", 6, "nsubj:pass"), ("darurat", "ADJ", 4, "amod"), ("sudah", "ADV", 6, "advmod"),
           ("didirikan", "VERB", 2, "ccomp"), ("di", "ADP", 8, "case"), ("lapangan", "NOUN", 6, "obl"),
           ("desa", "NOUN", 8, "compound"), (".", "PUNCT", 2, "punct")]
# A fixed (wrong) parse of REGENT's sentence that makes "bantuan logistik" the speaker: the rules' speaker
# (Sri Mulyani, named before the verb) must stay.
REGENT_WRONG = [(f, u, 3, "nsubj") if f == "bantuan" else (f, u, 3, "obl") if f == "Sri" else (f, u, h, d)
                for f, u, h, d in REGENT]
SENTENCES = [TITLE, VISIT, RESIDENTS, REGENT, VOLUNTEER, PRONOUN]


def conllu_of(text: str, sentences: list[list[tuple]]) -> str:
    """CoNLL-U for ``text``: the words are found in order, and the whitespace between them becomes
    SpaceAfter=No / SpacesAfter (``\\n\\n`` between paragraphs), so the rebuilt text is ``text``."""
    out, pos = [], 0
    for rows in sentences:
        found = []
        for form, *_ in rows:
            start = text.index(form, pos)
            assert not text[pos:start].strip(), f"{form!r}: text skipped before it"
            found.append(start)
            pos = start + len(form)
        lines = [f"# text = {text[found[0]:pos]}"]
        for i, ((form, upos, head, deprel), start) in enumerate(zip(rows, found), 1):
            end = start + len(form)
            nxt = found[i] if i < len(rows) else len(text) - len(text[end:].lstrip())
            gap = text[end:nxt]
            misc = "SpaceAfter=No" if gap == "" else "_" if gap == " " else \
                "SpacesAfter=" + gap.replace("\n", "\\n")
            lines.append("\t".join([str(i), form, form.lower(), upos, "_", "_", str(head), deprel, "_", misc]))
        out.append("\n".join(lines) + "\n\n")
    return "".join(out)


class FromConllu:
    """A parse provider: the Document of hand-written CoNLL-U for the text it is given; counts its calls."""

    def __init__(self, sentences=SENTENCES):
        self.sentences, self.texts = sentences, []

    def __call__(self, text: str):
        self.texts.append(text)
        doc = CoNLL.conll2doc(input_str=conllu_of(text, self.sentences), reconstruct_text=True)
        assert doc.text == text.rstrip()
        return doc


def process(rules, provider=None):
    proc = Processor(rules, ner=False, parser=provider)
    return proc.process(RawRecord("kronto.txt", "txt", RAW))


def by_text(res, start: str):
    [q] = [q for q in res.quotes if q["text"].startswith(start)]
    return q


@pytest.fixture(scope="module")
def rules_only(rules):
    return process(rules)


@pytest.fixture(scope="module")
def with_parse(rules):
    provider = FromConllu()
    return process(rules, provider), provider


def test_without_the_parse_the_rules_give_these_quotes_to_the_person_in_focus(rules_only):
    q = by_text(rules_only, "air mulai naik")
    assert (q["rule_id"], q["speaker_name"]) == ("quotes.indirect_verb", "Sri Mulyani")  # the focus: wrong
    assert by_text(rules_only, "Kami masih")["speaker_name"] == "Sri Mulyani"


def test_an_indirect_quote_without_a_rule_speaker_gets_the_subject_of_its_verb(with_parse):
    res, _ = with_parse
    q = by_text(res, "air mulai naik")
    assert q["rule_id"] == "quotes.indirect_verb+stanza"
    assert (q["speaker"], q["speaker_name"], q["speaker_key"]) == ("warga setempat", None, None)


def test_a_direct_quote_with_a_cue_and_no_named_speaker_gets_the_subject(with_parse):
    res, _ = with_parse
    q = by_text(res, "Kami masih")
    assert (q["kind"], q["cue"], q["rule_id"]) == ("direct", "menegaskan", "quotes.direct_intro_focus+stanza")
    assert (q["speaker"], q["speaker_name"]) == ("relawan", None)


def test_a_rule_found_speaker_is_never_overridden(rules, with_parse):
    res, _ = with_parse
    q = by_text(res, "bantuan logistik")
    assert (q["rule_id"], q["speaker_name"]) == ("quotes.indirect_verb", "Sri Mulyani")
    wrong = FromConllu([REGENT_WRONG if s is REGENT else s for s in SENTENCES])
    q = by_text(process(rules, wrong), "bantuan logistik")
    assert (q["rule_id"], q["speaker_name"], q["speaker"]) == ("quotes.indirect_verb", "Sri Mulyani", "Sri Mulyani")


def test_a_pronoun_subject_is_left_to_the_focus_timeline(with_parse, rules_only):
    res, _ = with_parse
    q = by_text(res, "tenda darurat")
    assert q["rule_id"] == by_text(rules_only, "tenda darurat")["rule_id"] == "quotes.indirect_verb"
    assert q["speaker_name"] == "Sri Mulyani"


def test_one_parse_per_article_of_the_normalized_text(with_parse):
    res, provider = with_parse
    assert provider.texts == [res.article["text"]]  # one call, on articles.text (the offsets' frame)
    assert "\u2013" not in provider.texts[0] and "Baca juga" not in provider.texts[0]


# A second article: the degree "dr." ends the rules' look-back for the speaker of the direct quote
# (quotes.direct_intro_focus); the parse's subject "Kepala" lies under the official's mention.
RAW2 = ("Banjir Rendam Dusun Kronto\n\n"
        "KLATEN \u2013 Bupati Klaten   Sri Mulyani meninjau lokasi banjir di Dusun Kronto, Senin (2/6/2025).\n\n"
        "Kepala Dinas Kesehatan Klaten dr.  Ani Lestari menegaskan, \u201cKami sudah menyiapkan obat-obatan untuk "
        "para pengungsi.\u201d\n")
DOCTOR = [("Kepala", "NOUN", 8, "nsubj"), ("Dinas", "NOUN", 1, "nmod"), ("Kesehatan", "NOUN", 2, "compound"),
          ("Klaten", "PROPN", 2, "nmod"), ("dr.", "NOUN", 6, "compound"), ("Ani", "PROPN", 1, "appos"),
          ("Lestari", "PROPN", 6, "flat:name"), ("menegaskan", "VERB", 0, "root"), (",", "PUNCT", 8, "punct"),
          ('"', "PUNCT", 13, "punct"), ("Kami", "PRON", 13, "nsubj"), ("sudah", "ADV", 13, "advmod"),
          ("menyiapkan", "VERB", 8, "ccomp"), ("obat-obatan", "NOUN", 13, "obj"), ("untuk", "ADP", 17, "case"),
          ("para", "DET", 17, "det"), ("pengungsi", "NOUN", 13, "obl"), (".", "PUNCT", 13, "punct"),
          ('"', "PUNCT", 13, "punct")]


def test_a_subject_maps_onto_the_person_mention_under_it(rules):
    provider = FromConllu([TITLE, VISIT, DOCTOR])
    res = Processor(rules, ner=False, parser=provider).process(RawRecord("dinkes.txt", "txt", RAW2))
    text = res.article["text"]
    q = by_text(res, "Kami sudah")
    assert q["rule_id"] == "quotes.direct_intro_focus+stanza"
    assert (q["speaker_name"], q["speaker_position"]) == ("Ani Lestari", "Kepala Dinas Kesehatan")
    [doctor] = [p for p in res.people if p["name"] == "Ani Lestari"]
    assert q["speaker_key"] == doctor["person_key"] and len(res.people) == 2  # the same person, no new one
    assert text[doctor["start_char"]:doctor["start_char"] + 6] == "Kepala" and RAW2.find("Kepala") != text.find(
        "Kepala")  # normalized offsets: the en dash and the doubled space are gone
    [mention] = [m for m in res.mentions if m["label"] == "OFFICIAL" and m["text"].startswith("Kepala")]
    assert RAW2[mention["raw_start"]:mention["raw_start"] + 6] == "Kepala"


# A third article, with (deliberately) wrong parses: a "-nya" cue and a "kata dia" cue whose subjects
# the parse puts inside the quoted speech.
RAW3 = ("Banjir Rendam Dusun Kronto\n\n"
        "Bupati Klaten Sri Mulyani meninjau posko pengungsian di Dusun Kronto.\n\n"
        "\"Warga masih membutuhkan selimut dan makanan bayi,\" ujarnya.\n\n"
        "\"Relawan terus berdatangan ke posko sejak pagi hari,\" kata dia.\n")
VISIT3 = [("Bupati", "NOUN", 5, "nsubj"), ("Klaten", "PROPN", 1, "nmod"), ("Sri", "PROPN", 1, "appos"),
          ("Mulyani", "PROPN", 3, "flat:name"), ("meninjau", "VERB", 0, "root"), ("posko", "NOUN", 5, "obj"),
          ("pengungsian", "NOUN", 6, "compound"), ("di", "ADP", 9, "case"), ("Dusun", "NOUN", 6, "nmod"),
          ("Kronto", "PROPN", 9, "flat:name"), (".", "PUNCT", 5, "punct")]
SAID_NYA = [('"', "PUNCT", 4, "punct"), ("Warga", "NOUN", 11, "nsubj"), ("masih", "ADV", 4, "advmod"),
            ("membutuhkan", "VERB", 11, "ccomp"), ("selimut", "NOUN", 4, "obj"), ("dan", "CCONJ", 7, "cc"),
            ("makanan", "NOUN", 5, "conj"), ("bayi", "NOUN", 7, "compound"), (",", "PUNCT", 4, "punct"),
            ('"', "PUNCT", 4, "punct"), ("ujarnya", "VERB", 0, "root"), (".", "PUNCT", 11, "punct")]
SAID_DIA = [('"', "PUNCT", 4, "punct"), ("Relawan", "NOUN", 12, "nsubj"), ("terus", "ADV", 4, "advmod"),
            ("berdatangan", "VERB", 12, "ccomp"), ("ke", "ADP", 6, "case"), ("posko", "NOUN", 4, "obl"),
            ("sejak", "ADP", 8, "case"), ("pagi", "NOUN", 4, "obl"), ("hari", "NOUN", 8, "compound"),
            (",", "PUNCT", 4, "punct"), ('"', "PUNCT", 4, "punct"), ("kata", "VERB", 0, "root"),
            ("dia", "PRON", 12, "obj"), (".", "PUNCT", 12, "punct")]


def test_a_nya_cue_is_not_asked_and_a_subject_inside_the_quote_is_ignored(rules):
    first_two = RAW3[:RAW3.index('\n\n"Relawan')] + "\n"
    provider = FromConllu([TITLE, VISIT3, SAID_NYA])
    res = Processor(rules, ner=False, parser=provider).process(RawRecord("nya.txt", "txt", first_two))
    assert provider.texts == []  # "ujarnya": the clitic is the speaker; nothing asks the parse
    assert [(q["rule_id"], q["speaker_name"]) for q in res.quotes] == [("quotes.direct_cue_after", "Sri Mulyani")]
    provider = FromConllu([TITLE, VISIT3, SAID_NYA, SAID_DIA])
    res = Processor(rules, ner=False, parser=provider).process(RawRecord("dia.txt", "txt", RAW3))
    assert len(provider.texts) == 1  # "kata dia" asked; its parse subject "Relawan" is in the quote
    assert [(q["rule_id"], q["speaker_name"]) for q in res.quotes] == [("quotes.direct_cue_after", "Sri Mulyani")] * 2


def test_a_provider_may_return_sentences(rules):
    """The protocol: a provider returns a stanza Document or the adapter's Sentence values."""
    res = process(rules, lambda text: sb.sentences(FromConllu()(text)))
    assert by_text(res, "air mulai naik")["rule_id"] == "quotes.indirect_verb+stanza"
    with pytest.raises(Exception, match="Sentence"):
        process(rules, lambda text: ["not a sentence"])


# --- missing models: the clear error at start-up, before any article ------------------------------------------

def test_missing_models_fail_at_start_up(rules, tmp_path, monkeypatch):
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path / "no-models"))
    with pytest.raises(sb.StanzaModelsMissing, match=r"stanza\.download\('id'\)"):
        Processor(rules, ner=False, parser="stanza")
    seen = []
    with pytest.raises(sb.StanzaModelsMissing):
        run([tmp_path], tmp_path / "out", rules, on_article=lambda s, e: seen.append(s), ner=False, parser="stanza")
    assert seen == [] and not (tmp_path / "out").exists()


def test_the_parser_is_part_of_the_model_version():
    from pipeline.runner import model_version

    assert model_version(False, "stanza") != model_version(False) == model_version(False, None)


def test_the_cli_says_how_to_get_the_models(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(RAW, encoding="utf-8")
    monkeypatch.setenv("STANZA_RESOURCES_DIR", str(tmp_path / "no-models"))
    r = CliRunner().invoke(app, ["run", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"), "--no-ner",
                                 "--parser", "stanza"])
    assert r.exit_code == 2
    assert "stanza.download('id')" in r.output and "STANZA_RESOURCES_DIR" in r.output
    assert not (tmp_path / "out").exists()
    r = CliRunner().invoke(app, ["run", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"), "--parser", "udpipe"])
    assert r.exit_code == 2 and "unknown parser 'udpipe'" in r.output
    (tmp_path / "a.json").write_text('{"article": "a.txt", "meta": {}}', encoding="utf-8")  # gold, for eval
    for args in (["eval", str(tmp_path), "--report", str(tmp_path / "r.txt")], ["explain", str(tmp_path / "a.txt")]):
        r = CliRunner().invoke(app, [*args, "--no-ner", "--parser", "stanza"] if args[0] == "eval" else
                               [*args, "--parser", "stanza"])
        assert r.exit_code == 2 and "stanza.download('id')" in r.output, args
        assert not (tmp_path / "r.txt").exists()


def test_a_run_without_parser_does_not_import_stanza(tmp_path):
    (tmp_path / "a.txt").write_text(RAW, encoding="utf-8")
    code = ("import sys\nfrom typer.testing import CliRunner\nfrom pipeline.cli import app\n"
            f"r = CliRunner().invoke(app, ['run', {str(tmp_path / 'a.txt')!r}, '--out', {str(tmp_path / 'out')!r},"
            " '--no-ner', '--workers', '1', '--format', 'parquet'])\n"
            "assert r.exit_code == 0, r.output\n"
            "print('stanza' in sys.modules, 'pipeline.resolve.parse_speakers' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


# --- the UD treebanks: gold trees as the parse --------------------------------------------------------------

UD_FILES = [SHARED / "ud" / "UD_Indonesian-GSD" / "id_gsd-ud-dev.conllu",
            SHARED / "ud" / "UD_Indonesian-CSUI" / "id_csui-ud-test.conllu"]


def _moved(sent: sb.Sentence, by: int) -> sb.Sentence:
    words = tuple(replace(w, start_char=w.start_char + by, end_char=w.end_char + by) for w in sent.words)
    return replace(sent, index=0, start_char=sent.start_char + by, end_char=sent.end_char + by, words=words)


@pytest.mark.skipif(not all(p.is_file() for p in UD_FILES), reason="../shared/ud is not beside the repo")
def test_treebank_sentences_as_articles_get_their_gold_subject(rules):
    """Treebank sentences with a (non-pronoun) speech-verb subject, each as a one-paragraph article with its
    gold tree as the parse: every speaker that came from the parse (``+stanza``) is named in that subject
    (its words, phrase or apposition), and the rule-found speakers are the same with and without the parse."""
    verbs = sb.speech_verbs(rules, kinds=("indirect", "direct"))
    current: list = []

    def provider(text):  # the gold tree, moved to where the sentence is in the article (if normalization
        doc, s = current  # left the sentence as it was: "``" and curly quotes are changed)
        body = doc.text[s.start_char:s.end_char]
        return [_moved(s, text.index(body) - s.start_char)] if body in text else []

    with_parse = Processor(rules, ner=False, parser=provider)
    rules_only = Processor(rules, ner=False)
    from_parse = 0
    for path in UD_FILES:
        doc = sb.read_conllu(path)
        for s in sb.sentences(doc):
            subs = [x for x in sb.speech_subjects([s], doc.text, verbs) if x.head_upos != "PRON"]
            if not subs:
                continue
            current[:] = [doc, s]
            rec = RawRecord("ud.txt", "txt", "Kutipan korpus\n\n" + doc.text[s.start_char:s.end_char] + "\n")
            got, base = with_parse.process(rec), rules_only.process(rec)
            assert len(got.quotes) == len(base.quotes)
            for q, b in zip(got.quotes, base.quotes):
                if not q["rule_id"].endswith("+stanza"):
                    assert (q["rule_id"], q["speaker"], q["speaker_name"]) == (b["rule_id"], b["speaker"],
                                                                               b["speaker_name"])
                    continue
                from_parse += 1
                assert q["rule_id"] == b["rule_id"] + "+stanza"  # b: the focus timeline or no one
                named = " ".join(doc.text[a:e] for x in subs
                                 for a, e in [(x.phrase_start, x.phrase_end), *x.appositions]).lower()
                assert all(w in named for w in (q["speaker_name"] or q["speaker"]).lower().split()), q
    assert from_parse >= 2
