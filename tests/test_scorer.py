"""The scorer on small hand-built tables and gold dicts (fictional names), rules of ../shared/eval/README.md."""

from __future__ import annotations

import copy
import json
from typing import Any, Optional

import pandas as pd
import pytest

from pipeline.evaluate import (
    PARTS,
    load_gold,
    normalize,
    normalize_unit,
    published_matches,
    render_summary,
    report_text,
    score,
    speaker_matches,
    write_report,
)

PEOPLE_COLS = ["article_id", "person_key", "name", "rank", "rank_full", "rank_level", "position", "position_full",
               "unit", "institution", "degrees", "honorific", "role", "is_official", "start_char", "end_char",
               "rule_id"]
PLACE_COLS = ["article_id", "name", "level", "kecamatan", "kabupaten", "provinsi", "region_code", "official_name",
              "link_method", "link_score", "start_char", "end_char", "rule_id"]
DATE_COLS = ["article_id", "text", "value", "kind", "weekday_consistent", "start_char", "end_char", "rule_id"]
QUOTE_COLS = ["article_id", "kind", "text", "cue", "speaker", "speaker_name", "speaker_position", "speaker_unit",
              "speaker_key", "paragraph", "start_char", "end_char", "rule_id"]
ARTICLE_COLS = ["article_id", "source", "outlet", "title", "author", "url", "published_at", "dateline", "text",
                "n_tokens"]


# ------------------------------------------------------------------------------------------------ builders

def person(aid: str, name: Optional[str], position: Optional[str] = None, unit: Optional[str] = None,
           rank: Optional[str] = None, official: bool = True, at: int = 0) -> dict[str, Any]:
    return {"article_id": aid, "person_key": f"{aid}:{name or position}", "name": name, "rank": rank,
            "position": position, "unit": unit, "degrees": [], "is_official": official, "start_char": at}


def place(aid: str, name: str, level: str, kecamatan: Optional[str] = None, code: Optional[str] = None,
          at: int = 0) -> dict[str, Any]:
    return {"article_id": aid, "name": name, "level": level, "kecamatan": kecamatan, "region_code": code,
            "start_char": at}


def date(aid: str, value: str, kind: str = "event", text: str = "", at: int = 0) -> dict[str, Any]:
    return {"article_id": aid, "text": text or value, "value": value, "kind": kind, "start_char": at}


def quote(aid: str, kind: str, text: str, name: Optional[str] = None, position: Optional[str] = None,
          unit: Optional[str] = None, written: Optional[str] = None, at: int = 0) -> dict[str, Any]:
    return {"article_id": aid, "kind": kind, "text": text, "speaker": written or name, "speaker_name": name,
            "speaker_position": position, "speaker_unit": unit, "start_char": at}


def frame(rows: list[dict], cols: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=cols)


def make_tables(articles: list[dict], people: list[dict] = (), places: list[dict] = (), dates: list[dict] = (),
                quotes: list[dict] = ()) -> dict[str, pd.DataFrame]:
    ppl = frame(list(people), PEOPLE_COLS)
    return {"articles": frame(articles, ARTICLE_COLS), "people": ppl,
            "officials": ppl[ppl["is_official"].astype(bool)].reset_index(drop=True),
            "places": frame(list(places), PLACE_COLS), "dates": frame(list(dates), DATE_COLS),
            "quotes": frame(list(quotes), QUOTE_COLS)}


def gold_article(name: str, published: Optional[str] = "2024-05-14T09:30", officials=(), persons=(), places=(),
                 dates=(), quotes=()) -> dict[str, Any]:
    return {"article": name, "meta": {"published": published}, "officials": list(officials),
            "persons": list(persons), "places": list(places), "dates": list(dates), "quotes": list(quotes)}


def official(name: Optional[str], position: Optional[str], unit: Optional[str], rank: Optional[str] = None):
    return {"name": name, "rank": rank, "position": position, "unit": unit, "degrees": []}


# ------------------------------------------------------------------------------------------------ fixtures

GOLD_A = gold_article(
    "a.txt",
    officials=[official("Rangga Wiratama", "Kapolres", "Sukamaju", rank="AKBP"),
               official(None, "Camat", "Cempaka"),
               official("Sekar Ayuningtyas", "Kepala Desa", "Lembahsari")],
    persons=[{"name": "Dimas Pranoto"}],
    places=[{"name": "Sukamaju", "level": "kabupaten", "kecamatan": None, "kabupaten": None, "code": "99.01"},
            {"name": "Cempaka", "level": "kecamatan", "kecamatan": None, "kabupaten": "Sukamaju",
             "code": "99.01.02"},
            {"name": "Lembahsari", "level": "desa", "kecamatan": "Cempaka", "kabupaten": "Sukamaju",
             "code": "99.01.02.2003"},
            {"name": "Lembahsari", "level": "dusun", "kecamatan": "Cempaka", "kabupaten": "Sukamaju",
             "code": None}],
    dates=[{"text": "Selasa (14/5/2024)", "value": "2024-05-14"}, {"text": "kemarin", "value": "2024-05-13"}],
    quotes=[{"kind": "direct", "starts": "Kami siap mengamankan", "speaker": "Rangga Wiratama", "cue": "ujarnya"},
            {"kind": "direct", "starts": "Warga diminta tenang", "speaker": "Camat Cempaka", "cue": "katanya"},
            {"kind": "indirect", "starts": "patroli akan ditambah", "speaker": "Sekar Ayuningtyas",
             "cue": "mengatakan"}],
)
GOLD_B = gold_article("feed.jsonl:2", published="2024-06-01",
                      officials=[official(None, "Kapolsek", "Ponggok")],
                      places=[{"name": "Ponggok", "level": "kecamatan", "kecamatan": None, "kabupaten": None,
                               "code": None},
                              {"name": "Karangan", "level": "kelurahan", "kecamatan": None, "kabupaten": None,
                               "code": "99.09.09.1001"}])


def perfect_tables() -> dict[str, pd.DataFrame]:
    return make_tables(
        articles=[{"article_id": "A", "source": "batch/a.txt", "published_at": "2024-05-14T09:30"},
                  {"article_id": "B", "source": "feed.jsonl:2", "published_at": "2024-06-01T07:00"},
                  {"article_id": "Z", "source": "no-gold.txt", "published_at": None}],
        people=[person("A", "Rangga Wiratama", "Kapolres", "Polres Sukamaju", rank="AKBP", at=10),
                person("A", None, "Camat", "Kecamatan Cempaka", at=50),
                person("A", "Sekar Ayuningtyas", "Kepala Desa", "Desa Lembahsari", at=90),
                person("A", "Dimas Pranoto", official=False, at=130),
                person("B", None, "Kapolsek", "Polsek Ponggok", at=5),
                person("Z", "Tokoh Lain", "Bupati", "Entah", at=1)],
        places=[place("A", "Sukamaju", "kabupaten", code="99.01"),
                place("A", "Cempaka", "kecamatan", code="99.01.02", at=20),
                place("A", "Lembahsari", "desa", kecamatan="Kecamatan Cempaka", code="99.01.02.2003", at=30),
                place("A", "Lembahsari", "dusun", at=40),
                place("B", "Ponggok", "kecamatan", code="99.09.09", at=3),
                place("B", "Karangan", "kelurahan", kecamatan="Ponggok", code="99.09.09.1001", at=9),
                place("Z", "Entah", "desa")],
        dates=[date("A", "2024-05-14", "publication"), date("A", "2024-05-14", text="Selasa (14/5/2024)", at=60),
               date("A", "2024-05-13", "relative", text="kemarin", at=70), date("A", "2024-05", "mentioned", at=80),
               date("B", "2024-06-01", "publication"), date("Z", "2020-01-01")],
        quotes=[quote("A", "direct", '"Kami siap mengamankan jalannya acara," ujarnya.', name="Rangga Wiratama",
                      at=100),
                quote("A", "direct", "“WARGA diminta tenang…”", position="Camat", unit="Kecamatan Cempaka", at=200),
                quote("A", "indirect", "patroli akan ditambah selama sepekan", name="Sekar Ayuningtyas", at=300),
                quote("Z", "direct", "Tidak dinilai", name="Tokoh Lain")],
    )


GOLD = {"a.txt": GOLD_A, "feed.jsonl:2": GOLD_B}


def details(result, part: str, kind: Optional[str] = None) -> list[dict]:
    return [d for d in result.details if d["part"] == part and (kind is None or d["kind"] == kind)]


# ------------------------------------------------------------------------------------------------ normalization

@pytest.mark.parametrize("raw, want", [
    ("Kapolres  Sukamaju", "kapolres sukamaju"),
    ("ＡＫＢＰ Ｒａｎｇｇａ", "akbp rangga"),          # NFKC: fullwidth letters
    ("Kuﬁ", "kufi"),                                # NFKC: ligature
    ("STRAẞE", "strasse"),                          # casefold, not lower
    ("“Kami, siap!”  — ujarnya…", "kami siap ujarnya"),
    ("S.H., M.Si.", "s h m si"),
    ("0804/Magetan", "0804 magetan"),
    ("snake_case", "snake case"),                    # "_" is not a letter or digit
    ("  \t(Dusun)  ", "dusun"),
    ("Mühlbach", "mühlbach"),                       # letters outside ASCII are kept
    (None, ""),
    (float("nan"), ""),
])
def test_normalize(raw, want):
    assert normalize(raw) == want


@pytest.mark.parametrize("raw, want", [
    ("Polsek Ponggok", "ponggok"),
    ("Desa Lembahsari", "lembahsari"),
    ("Kab. Sukamaju", "sukamaju"),
    ("KOTA Batu", "batu"),
    ("Koramil Cempaka", "cempaka"),
    ("Kecamatan Desa Baru", "desa baru"),  # only one word is dropped
    ("Desa", "desa"),                      # nothing after it: kept
    ("Polresta Sukamaju", "polresta sukamaju"),  # not in the README's list
    ("Sukamaju", "sukamaju"),
    (None, ""),
])
def test_normalize_unit(raw, want):
    assert normalize_unit(raw) == want


# ------------------------------------------------------------------------------------------------ whole score

def test_perfect_prediction_scores_one_everywhere():
    result = score(perfect_tables(), GOLD)
    assert result.details == []
    assert result.missing == []
    assert set(result.parts) == set(PARTS)
    for name, part in result.parts.items():
        if name == "published_at":
            assert part.extra["right"] == [2, 2]
            continue
        assert (part.precision, part.recall, part.f1) == (1.0, 1.0, 1.0), name
        assert part.fp == part.fn == 0, name
        for acc, (right, total) in part.extra.items():
            assert right == total > 0, (name, acc)
    assert result.parts["officials"].tp == 4
    assert result.parts["officials"].extra == {"rank": [2, 2], "position": [2, 2]}
    assert result.parts["people"].tp == 3
    assert result.parts["places"].tp == 6
    # Karangan's gold kecamatan is null: no parent check there
    assert result.parts["places"].extra == {"parent_kecamatan": [1, 1], "region_code": [4, 4]}
    assert result.parts["dates"].tp == 2
    assert result.parts["quotes_direct"].extra["speaker"] == [2, 2]


def test_missing_official_lowers_recall():
    tables = perfect_tables()
    off = tables["officials"]
    tables["officials"] = off[off["name"] != "Sekar Ayuningtyas"]
    part = score(tables, GOLD).parts["officials"]
    assert (part.tp, part.fp, part.fn) == (3, 0, 1)
    assert part.precision == 1.0
    assert part.recall == pytest.approx(3 / 4)
    assert part.f1 == pytest.approx(2 * 1.0 * 0.75 / 1.75)
    miss = details(score(tables, GOLD), "officials", "miss")
    assert [(d["article"], d["expected"]) for d in miss] == [("a.txt", "Sekar Ayuningtyas")]


def test_false_hit_lowers_precision():
    tables = perfect_tables()
    extra = pd.DataFrame([person("A", "Bagas Santoso", "Sekdes", "Lembahsari", at=400)], columns=PEOPLE_COLS)
    tables["officials"] = pd.concat([tables["officials"], extra], ignore_index=True)
    result = score(tables, GOLD)
    part = result.parts["officials"]
    assert (part.tp, part.fp, part.fn) == (4, 1, 0)
    assert part.precision == pytest.approx(4 / 5)
    assert part.recall == 1.0
    assert [d["predicted"] for d in details(result, "officials", "false_hit")] == ["Bagas Santoso"]


def test_articles_without_gold_are_ignored_and_missing_ones_all_missed():
    tables = perfect_tables()
    arts = tables["articles"]
    tables["articles"] = arts[arts["article_id"] != "B"]
    result = score(tables, GOLD)
    assert result.missing == ["feed.jsonl:2"]
    assert result.parts["officials"].fn == 1 and result.parts["officials"].fp == 0  # Z's rows never count
    assert result.parts["places"].fn == 2
    assert result.parts["published_at"].extra["right"] == [1, 2]
    assert {d["article"] for d in result.details} == {"feed.jsonl:2"}


def test_article_matched_by_full_source_before_basename():
    tables = perfect_tables()
    tables["articles"] = pd.concat([pd.DataFrame([{"article_id": "X", "source": "other/a.txt"}]),
                                    tables["articles"]], ignore_index=True)
    gold = {"batch/a.txt": dict(GOLD_A, article="batch/a.txt")}
    assert score(tables, gold).parts["officials"].tp == 3


# ------------------------------------------------------------------------------------------------ officials

def test_unnamed_officials_keyed_by_position_and_unit_without_prefix():
    gold = {"a.txt": gold_article("a.txt", published=None, officials=[
        official(None, "Kapolsek", "Ponggok"), official(None, "Kepala Desa", "Sumberrejo"),
        official(None, "Kasatreskrim", None)])}
    arts = [{"article_id": "A", "source": "a.txt", "published_at": None}]
    right = make_tables(arts, people=[person("A", None, "Kapolsek", "Polsek Ponggok"),
                                      person("A", None, "Kepala Desa", "Desa Sumberrejo"),
                                      person("A", None, "Kasatreskrim", None)])
    part = score(right, gold).parts["officials"]
    assert (part.tp, part.fp, part.fn) == (3, 0, 0)

    # a wrong unit, a wrong position, and a named row (counted by its name, not its office) all fail
    wrong = make_tables(arts, people=[person("A", None, "Kapolsek", "Polsek Sukamaju"),
                                      person("A", None, "Sekretaris Desa", "Desa Sumberrejo"),
                                      person("A", "Joko Lelono", "Kasatreskrim", None)])
    part = score(wrong, gold).parts["officials"]
    assert (part.tp, part.fp, part.fn) == (0, 3, 3)


def test_rank_and_position_accuracy_on_matched_named_officials():
    gold = {"a.txt": gold_article("a.txt", officials=[
        official("Rangga Wiratama", "Kapolres", "Sukamaju", rank="AKBP"),
        official("Sekar Ayuningtyas", "Kepala Desa", "Lembahsari"),
        official(None, "Camat", "Cempaka")])}
    tables = make_tables([{"article_id": "A", "source": "a.txt"}], people=[
        person("A", "Rangga Wiratama", "Kapolres", "Sukamaju", rank="Kompol"),
        person("A", "Sekar Ayuningtyas", "Kades", "Lembahsari"),
        person("A", None, "Camat", "Cempaka", rank="Iptu")])  # unnamed: no rank/position check
    result = score(tables, gold)
    part = result.parts["officials"]
    assert part.tp == 3
    assert part.extra == {"rank": [1, 2], "position": [1, 2]}
    wrong = {(d["kind"], d["item"], d["expected"], d["predicted"]) for d in details(result, "officials")}
    assert wrong == {("wrong_rank", "Rangga Wiratama", "AKBP", "Kompol"),
                     ("wrong_position", "Sekar Ayuningtyas", "Kepala Desa", "Kades")}


def test_people_are_officials_and_persons_names_against_named_rows():
    tables = perfect_tables()
    tables["people"] = pd.concat([tables["people"], pd.DataFrame(
        [person("A", "Wulan Sari", official=False, at=500)], columns=PEOPLE_COLS)], ignore_index=True)
    tables["people"] = tables["people"][tables["people"]["name"] != "Dimas Pranoto"]
    part = score(tables, GOLD).parts["people"]
    assert (part.tp, part.fp, part.fn) == (2, 1, 1)


# ------------------------------------------------------------------------------------------------ places

def test_places_key_is_name_and_level_with_parent_and_code_accuracy():
    tables = perfect_tables()
    pl = tables["places"]
    pl.loc[(pl["name"] == "Lembahsari") & (pl["level"] == "desa"), "kecamatan"] = "Kec. Lainnya"
    pl.loc[pl["name"] == "Cempaka", "region_code"] = "99.01.03"
    pl.loc[(pl["name"] == "Lembahsari") & (pl["level"] == "dusun"), "level"] = "kelurahan"
    result = score(tables, GOLD)
    part = result.parts["places"]
    assert (part.tp, part.fp, part.fn) == (5, 1, 1)
    assert part.extra == {"parent_kecamatan": [0, 1], "region_code": [3, 4]}
    kinds = sorted(d["kind"] for d in details(result, "places"))
    assert kinds == ["false_hit", "miss", "wrong_code", "wrong_parent"]


# ------------------------------------------------------------------------------------------------ dates

def test_dates_ignore_publication_rows_and_imprecise_values():
    tables = make_tables([{"article_id": "A", "source": "a.txt"}], dates=[
        date("A", "2024-05-14", "publication"),   # the only mention of the 14th: not a body date
        date("A", "2024-05-13", "relative"),
        date("A", "2024-05", "mentioned"),        # month precision: never a false hit
        date("A", "2024", "mentioned"),
        date("A", "2024-05-20", "event")])         # day-precise, not in gold: a false hit
    result = score(tables, {"a.txt": GOLD_A})
    part = result.parts["dates"]
    assert (part.tp, part.fp, part.fn) == (1, 1, 1)
    assert [d["expected"] for d in details(result, "dates", "miss")] == ["2024-05-14 (Selasa (14/5/2024))"]
    assert [d["predicted"] for d in details(result, "dates", "false_hit")] == ["2024-05-20 (2024-05-20)"]


@pytest.mark.parametrize("gold, predicted, ok", [
    ("2024-05-14T09:30", "2024-05-14T09:30", True),
    ("2024-05-14T09:30", "2024-05-14T09:30:00", True),
    ("2024-05-14T09:30", "2024-05-14 09:30", True),
    ("2024-05-14T09:30", "2024-05-14T10:30", False),
    ("2024-05-14T09:30", "2024-05-14", False),      # gold has a time: it must be there
    ("2024-05-14", "2024-05-14T23:59", True),       # gold date only: the date part decides
    ("2024-05-14", "2024-05-15", False),
    (None, None, True),
    (None, "2024-05-14", False),
    ("2024-05-14", None, False),
    ("2024-05-14T09:30", pd.Timestamp("2024-05-14 09:30"), True),
])
def test_published_matches(gold, predicted, ok):
    assert published_matches(gold, predicted) is ok


# ------------------------------------------------------------------------------------------------ quotes

def quote_tables(quotes: list[dict]) -> dict[str, pd.DataFrame]:
    return make_tables([{"article_id": "A", "source": "a.txt"}], quotes=quotes)


def test_quotes_match_by_normalized_prefix_and_kind():
    gold = {"a.txt": gold_article("a.txt", quotes=[
        {"kind": "direct", "starts": "Kami siap, mengamankan!", "speaker": "Rangga Wiratama"},
        {"kind": "indirect", "starts": "patroli akan ditambah", "speaker": "Rangga Wiratama"}])}
    result = score(quote_tables([
        quote("A", "direct", "“KAMI siap mengamankan acara ini”", name="Rangga Wiratama", at=0),
        quote("A", "direct", "patroli akan ditambah", name="Rangga Wiratama", at=50),  # right text, wrong kind
        quote("A", "indirect", "dan di banyak tempat lain di kota ini, menurut pengumuman resmi kemarin, patroli akan "
              "ditambah", name="Rangga Wiratama", at=90)]), gold)  # the gold starts too far into it
    direct, indirect = result.parts["quotes_direct"], result.parts["quotes_indirect"]
    assert (direct.tp, direct.fp, direct.fn) == (1, 1, 0)
    assert (indirect.tp, indirect.fp, indirect.fn) == (0, 1, 1)


def test_quotes_match_one_to_one_in_text_order():
    gold = {"a.txt": gold_article("a.txt", quotes=[
        {"kind": "direct", "starts": "Kami siap", "speaker": "Rangga Wiratama"},
        {"kind": "direct", "starts": "Kami siap", "speaker": "Sekar Ayuningtyas"},
        {"kind": "direct", "starts": "Terima kasih", "speaker": "Sekar Ayuningtyas"}])}
    # one prediction cannot satisfy two gold quotes
    one = score(quote_tables([quote("A", "direct", "Kami siap membantu", name="Rangga Wiratama")]), gold)
    part = one.parts["quotes_direct"]
    assert (part.tp, part.fp, part.fn) == (1, 0, 2)
    # two predictions pair with the two gold quotes in text order (rows given out of order)
    two = score(quote_tables([quote("A", "direct", "Kami siap juga", name="Sekar Ayuningtyas", at=80),
                              quote("A", "direct", "Kami siap membantu", name="Rangga Wiratama", at=10),
                              quote("A", "direct", "Kami siap lagi", name="Rangga Wiratama", at=120)]), gold)
    part = two.parts["quotes_direct"]
    assert (part.tp, part.fp, part.fn) == (2, 1, 1)
    assert part.extra["speaker"] == [2, 2]


def test_quotes_match_on_either_side_of_a_mid_sentence_cue():
    text = ("Di Jatim, lanjut Rangga, sejumlah pos pengamanan sudah disiapkan sejak pekan lalu. "
            "Pihaknya juga menambah patroli malam di pasar.")
    gold = {"a.txt": gold_article("a.txt", quotes=[
        {"kind": "indirect", "starts": "Di Jatim", "speaker": "Rangga Wiratama"},
        {"kind": "indirect", "starts": "Pihaknya juga menambah", "speaker": "Rangga Wiratama"}])}
    tables = make_tables([{"article_id": "A", "source": "a.txt", "text": text}], quotes=[
        # the prediction begins after the cue: its first words lie just after the gold starts in the text
        quote("A", "indirect", "sejumlah pos pengamanan sudah disiapkan", name="Rangga Wiratama", at=25),
        # the gold starts lies a few words into the prediction
        quote("A", "indirect", "bahwa Pihaknya juga menambah patroli malam", name="Rangga Wiratama", at=80)])
    part = score(tables, gold).parts["quotes_indirect"]
    assert (part.tp, part.fp, part.fn) == (2, 0, 0)
    # far from the gold starts, in text or in the prediction: no match
    far = make_tables([{"article_id": "A", "source": "a.txt", "text": text + " " + "lain " * 30 + "kios baru dibuka"}],
                      quotes=[quote("A", "indirect", "x " * 40 + "Di Jatim", name="Rangga Wiratama"),
                              quote("A", "indirect", "kios baru dibuka", name="Rangga Wiratama", at=200)])
    part = score(far, gold).parts["quotes_indirect"]
    assert (part.tp, part.fp, part.fn) == (0, 2, 2)


def test_a_province_is_one_place_however_written():
    gold = {"a.txt": gold_article("a.txt", places=[
        {"name": "Jawa Timur", "level": "provinsi", "code": "35"},
        {"name": "Tugu", "level": "desa", "kecamatan": "Sumber Rejo", "code": "35.01.01.2001"}])}
    tables = make_tables([{"article_id": "A", "source": "a.txt"}], places=[
        place("A", "Jatim", "provinsi", code="35"), place("A", "Tugu", "desa", kecamatan="Kecamatan Sumberrejo",
                                                          code="35.01.01.2001")])
    result = score(tables, gold)
    part = result.parts["places"]
    assert (part.tp, part.fp, part.fn) == (2, 0, 0)
    assert part.extra["parent_kecamatan"] == [1, 1]  # "Sumber Rejo" = "Kecamatan Sumberrejo"
    other = make_tables([{"article_id": "A", "source": "a.txt"}], places=[place("A", "Jatim", "provinsi", code="33")])
    assert score(other, gold).parts["places"].fp == 1


def test_unnamed_official_units_with_and_without_spaces():
    gold = {"a.txt": gold_article("a.txt", officials=[official(None, "Camat", "Tanah Abang")])}
    tables = make_tables([{"article_id": "A", "source": "a.txt"}],
                         people=[person("A", None, "Camat", "Kecamatan Tanahabang")])
    part = score(tables, gold).parts["officials"]
    assert (part.tp, part.fp, part.fn) == (1, 0, 0)


def test_speaker_accuracy():
    gold = {"a.txt": gold_article("a.txt", quotes=[
        {"kind": "direct", "starts": "satu", "speaker": "Rangga Wiratama"},
        {"kind": "direct", "starts": "dua", "speaker": "Camat Cempaka"},
        {"kind": "direct", "starts": "tiga", "speaker": "Kapolsek Ponggok"},
        {"kind": "direct", "starts": "empat", "speaker": "IKS"},
        {"kind": "direct", "starts": "lima", "speaker": "Sekar Ayuningtyas"}])}
    result = score(quote_tables([
        quote("A", "direct", "satu", name="RANGGA  Wiratama", at=1),                       # right: by name
        quote("A", "direct", "dua", position="Camat", unit="Kecamatan Cempaka", at=2),    # right: position+unit
        quote("A", "direct", "tiga", name="Bagas Santoso", position="Kapolsek", unit="Polsek Ponggok",
              at=3),                                                                       # wrong: named other
        quote("A", "direct", "empat", written="IKS", at=4),                               # right: as written
        quote("A", "direct", "lima", name="Dimas Pranoto", at=5)]), gold)                 # wrong name
    part = result.parts["quotes_direct"]
    assert part.tp == 5
    assert part.extra["speaker"] == [3, 5]
    wrong = [(d["item"], d["expected"], d["predicted"]) for d in details(result, "quotes_direct", "wrong_speaker")]
    assert wrong == [("tiga", "Kapolsek Ponggok", "Bagas Santoso"), ("lima", "Sekar Ayuningtyas", "Dimas Pranoto")]


def test_speaker_matches_unnamed_needs_position_and_unit():
    row = {"speaker_name": None, "speaker_position": "Camat", "speaker_unit": None, "speaker": "Camat"}
    assert not speaker_matches("Camat Cempaka", row)
    assert speaker_matches("Camat", row)


# ------------------------------------------------------------------------------------------------ gold, output

def test_load_gold(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps(GOLD_A), encoding="utf-8")
    (tmp_path / "feed.jsonl:2.json").write_text(json.dumps(GOLD_B), encoding="utf-8")
    (tmp_path / "input-article.json").write_text(json.dumps([{"body": "not gold"}]), encoding="utf-8")
    (tmp_path / "a.txt").write_text("text", encoding="utf-8")
    gold = load_gold(tmp_path)
    assert sorted(gold) == ["a.txt", "feed.jsonl:2"]
    assert gold["a.txt"]["officials"][0]["name"] == "Rangga Wiratama"

    dup = copy.deepcopy(GOLD_A)
    (tmp_path / "z.json").write_text(json.dumps(dup), encoding="utf-8")
    with pytest.raises(ValueError, match="already annotated"):
        load_gold(tmp_path)


def test_load_gold_rejects_broken_json(tmp_path):
    (tmp_path / "a.json").write_text('{"article": "a.txt",', encoding="utf-8")
    with pytest.raises(ValueError, match="a.json"):
        load_gold(tmp_path)


def test_report_summary_and_json(tmp_path):
    tables = perfect_tables()
    off = tables["officials"]
    tables["officials"] = off[off["name"] != "Sekar Ayuningtyas"]
    result = score(tables, GOLD)

    out = tmp_path / "report.txt"
    write_report(result, out)
    text = out.read_text(encoding="utf-8")
    assert text == report_text(result)
    head, _, body = text.partition("== officials")
    assert "officials" in head and "0.750" in head  # the summary comes first, with the recall
    assert "-- a.txt\n  miss       Sekar Ayuningtyas" in body

    data = json.loads(json.dumps(result.to_dict()))
    assert data["parts"]["officials"]["recall"] == pytest.approx(0.75)
    assert data["parts"]["published_at"]["accuracy"]["right"] == {"right": 2, "total": 2, "value": 1.0}
    assert data["details"][0]["kind"] == "miss"

    table = render_summary(result)
    assert table.row_count == len(PARTS)
    assert [c.header for c in table.columns][:4] == ["part", "P", "R", "F1"]
