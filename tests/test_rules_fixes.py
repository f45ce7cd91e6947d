"""Regression tests for bundled rules that never fired and for known extraction bugs, on
sentences written for the project (fictional people)."""

from pipeline.models import RawRecord


def run(processor, body, date="Senin, 16 Jun 2025 10:00 WIB"):
    text = f"TITLE: contoh\nDATE: {date}\nSOURCE: test | https://contoh.id/a\n\n{body}"
    return processor.process(RawRecord("t.txt", "txt", text))


def officials(res):
    return [r for r in res.people if r["is_official"]]


def test_person_keys_are_unique_when_a_cue_name_is_ambiguous(processor):
    # "Farhan" fits two people, so the cue's speaker is looked up by its fullest form, which is
    # someone already: no second row with the same (article_id, person_key)
    body = ("Wali Kota Bandung Muhammad Farhan meninjau pasar. Pedagang Farhan Hidayat ikut mendampingi.\n"
            "\"Kami akan memperbaiki atap pasar yang bocor tahun ini,\" kata Farhan.\n"
            "\"Pedagang tidak perlu pindah selama perbaikan berlangsung,\" ujar Farhan.")
    res = run(processor, body)
    keys = [r["person_key"] for r in res.people]
    assert len(keys) == len(set(keys)), [(r["name"], r["person_key"]) for r in res.people]
