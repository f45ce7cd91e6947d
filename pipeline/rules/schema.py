"""Pydantic models of the rule files in ``rules/*.yaml``.

Every rule file is one ``RuleFile``: a ``version`` key plus any of the sections below.
Unknown keys are refused (``extra="forbid"``), so a typo in a researcher's file is an
error naming the file, the line and the field, never a rule that silently does nothing.
"""

from __future__ import annotations

import re
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .regex_safety import nested_quantifier

PlaceLevel = Literal["provinsi", "kabupaten", "kota", "kecamatan", "desa", "kelurahan", "dusun"]


def safe_regex(v: str) -> str:
    """A rule's regex, refused when it does not compile or may backtrack catastrophically."""
    try:
        re.compile(v)
    except re.error as exc:  # pragma: no cover - message checked in tests
        raise ValueError(f"regex does not compile: {exc}") from exc
    risk = nested_quantifier(v)
    if risk:
        raise ValueError(f"regex may backtrack catastrophically: {risk}; make the inner repeat bounded or "
                         f"the groups unambiguous")
    return v


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rank(Strict):
    """A Polri or TNI rank: ``abbr`` is how the tables write it, ``variants`` how news does."""

    id: str
    abbr: str
    variants: list[str] = []
    full_name: str
    service: str
    group: Optional[str] = None
    level: int = Field(ge=1, le=23)
    source: Optional[str] = None


class Corps(Strict):
    """A TNI corps suffix written after a rank ("Letkol Inf", "Kolonel Laut (P)", "Letkol Inf (K)");
    it stays part of the rank as written; several may follow one another."""

    id: str
    suffix: str
    variants: list[str] = []
    meaning: str
    service: Optional[str] = None
    source: Optional[str] = None


class Position(Strict):
    """An office. ``acronym`` is the canonical form; ``variants`` other spellings.

    ``kind: collective`` marks bodies (PJU, Forkopimca, Muspika) that are never officials;
    ``kind: non_official`` marks offices whose holders are persons, not officials
    (party, NU, company staff). ``one_holder: true`` marks an office the country has one holder
    of at a time (Presiden, Kapolri, each Menteri): written bare ("diumumkan oleh Presiden"), it
    is that holder, where a bare "Kepala Desa" in a story about village heads is no one in
    particular.
    """

    id: str
    acronym: str
    variants: list[str] = []
    expansion: Optional[str] = None
    org: Optional[str] = None
    unit_level: Optional[str] = None
    kind: Literal["official", "collective", "non_official"] = "official"
    one_holder: bool = False
    source: Optional[str] = None


class PositionHead(Strict):
    """A head word that forms offices with a body after it: Ketua + BPD, Kepala + Seksi Humas."""

    id: str
    words: list[str]
    requires_body: bool = True
    unit_level: Optional[str] = None  # "national": the office takes no region as its unit (Menteri)


class Body(Strict):
    """An organisation word that can follow a position head (BPD, DPRD, Bawaslu, Satlantas)."""

    id: str
    words: list[str]
    note: Optional[str] = None
    kind: Literal["official", "non_official", "collective"] = "official"
    unit_level: Optional[str] = None  # the level of the unit after "Ketua <body>": "desa/kelurahan"
    # a division word whose own name follows it and ends at a comma ("Ketua MUI Bidang Hubungan Luar
    # Negeri, Sudarnoto ..."): those words are part of the office, not the start of a name
    named: bool = False
    # a body that is the office's unit, not part of its position: "Jubir KPK" is Jubir, unit KPK
    # (a state body with one office in the country); "Ketua DPRD" stays one position
    unit: bool = False


class WordList(Strict):
    """A named list of words or phrases (honorifics, degrees, stop words ...)."""

    id: str
    words: list[str]
    note: Optional[str] = None


class Degree(Strict):
    """An academic degree: ``canonical`` as the tables write it, ``variants`` as news does."""

    id: str
    canonical: str
    variants: list[str] = []


class PlaceCue(Strict):
    """Words that announce a place of one level: "Desa", "Ds.", "Kecamatan", "Kec."."""

    id: str
    level: PlaceLevel
    words: list[str]


class RegionAlias(Strict):
    """Another name for a region: "Jatim" = Jawa Timur (35), "DKI Jakarta" = 31."""

    id: str
    alias: str
    code: str
    level: PlaceLevel


class OutletRegion(Strict):
    """The region an outlet reports on, the last context for linking places: a regional
    outlet or desk ("detik.com/jatim"), a government or police site naming its kabupaten
    ("mojokertokab.go.id"). ``pattern`` is searched in the lower-case "outlet url"; the
    region is ``codes``, or the group ``name`` of the match looked up at ``level``."""

    id: str
    pattern: str
    codes: list[str] = []
    level: Optional[PlaceLevel] = None

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, v: str) -> str:
        return safe_regex(v)


class NameAbbreviation(Strict):
    """An abbreviation in official region names and its spelled-out form ("P." = "Pulau")."""

    id: str
    short: str
    long: str


class SpeechVerb(Strict):
    """A speech cue. ``direct``: one word after/before a quote ("kata", "ucap"): its -nya form,
    a "dia"/"ia"/"beliau" after it ("kata dia") and the speaker named after it ("kata Kapolres")
    are read automatically, so a two-word entry never matches;
    ``indirect``: introduces reported speech ("mengatakan", "memberikan saran bahwa")."""

    id: str
    kind: Literal["direct", "indirect"]
    words: list[str]


class NoisePattern(Strict):
    """A regex for scraping noise. ``scope``: ``line`` drops each matching line;
    ``line_and_next`` also the line after it;
    ``line_and_headlines`` also the headline-shaped lines right after it (the linked headlines
    after "Baca juga:"; a paragraph of the article after a bare "Baca Juga" is kept);
    ``headline_run`` drops matching lines that are headline-shaped when two or more of them
    stand in a row (a numbered list of other articles' headlines; a numbered section heading
    followed by its text is kept);
    ``tail`` drops the matching line and everything after it (tag lists after "(lua/lth)");
    ``tail_headlines`` drops the matching headline-shaped lines that end the text, two or more
    of them after the body (other articles' headlines listed under an article, unnumbered);
    ``inline`` removes only the matched text.
    A line is headline-shaped when it has at most ``max_words`` words, does not end a sentence
    with "." or ",", and at least ``min_cap_share`` of its words of three letters or more
    start with a capital or a digit (headlines are written in title case)."""

    id: str
    pattern: str
    scope: Literal["line", "line_and_next", "line_and_headlines", "headline_run", "tail", "tail_headlines",
                   "inline"] = "line"
    flags: list[Literal["IGNORECASE", "MULTILINE"]] = []
    max_words: int = 20
    min_cap_share: float = 0.6

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, v: str) -> str:
        return safe_regex(v)


class RelativeDay(Strict):
    """A word for a day relative to the publication date ("kemarin" = -1)."""

    id: str
    words: list[str]
    offset: int


class Example(Strict):
    """A worked example carried by a rule file; ``pipeline rules test`` and the tests run it.

    ``expect`` lists rows that must come out (only the fields given are compared);
    ``reject`` lists rows that must not.
    """

    text: str
    published: Optional[str] = None
    table: Literal["officials", "people", "places", "dates", "quotes"]
    expect: list[dict[str, object]] = []
    reject: list[dict[str, object]] = []


class NameModelParams(Strict):
    """Thresholds of the name model (``pipeline/extract/names.py``) over the corpus word counts.

    A word is a *function* word (no name runs across it) when written in lower case at least
    ``function_min_lower`` times and in ``function_share`` of its uses inside a sentence; a
    *common* word (cut from a name's end) at ``common_min_lower`` times and ``common_share``; a
    *place or body* word when seen after place/organisation words (and outside PER in the NER
    corpora) ``place_org_min`` times, ``place_org_ratio`` times as often as inside names and in
    ``place_org_cap_share`` of its capitalised uses ("Parma", "Instagram"; not "Jaya"). A word
    seen inside names ``name_min_evidence`` times, and at least ``name_evidence_share`` of its
    lower-case uses, is a name word whatever else it is ("Putra", "Bagus"). A kabupaten or kota
    name standing alone, with no preposition ("menuju Surabaya"), is a place when its words were
    seen after place words in ``standalone_place_share`` of their capitalised uses, in lower case
    in at most ``standalone_place_max_lower`` of all uses, and never inside names ("Metro" of
    "Polda Metro Jaya" and "Bima" the name are not). A model's person span whose words were all
    seen capitalised ``attested_min_cap`` times or more, none ever in a person's context (a
    rank, "Pak", an NER corpus PER, a speech cue) and one after place or organisation words
    ``place_org_min`` times, is a team, a product or a place ("Maung Bandung"). A paragraph with
    ``prose_min_lower`` lower-case words or more, of which less than ``prose_known_share`` are
    function or common words, is not Indonesian prose (a prayer in transliteration, a ranked list
    of firms): names there need a rank, an office or an honorific."""

    function_min_lower: int = 30
    function_share: float = 0.95
    common_min_lower: int = 3
    common_share: float = 0.5
    place_org_min: int = 3
    place_org_ratio: float = 2.0
    place_org_cap_share: float = 0.1
    name_min_evidence: int = 2
    name_evidence_share: float = 0.01
    standalone_place_share: float = 0.05
    standalone_place_max_lower: float = 0.1
    attested_min_cap: int = 5
    prose_min_lower: int = 5
    prose_known_share: float = 0.5


class GluedSplitParams(Strict):
    """When a capitalised word is two words a scraper glued together (``pipeline/normalize/glued.py``):
    the part at its end is written in lower case at least ``min_lower`` times in the corpus
    (``min_lower_short`` for four letters or fewer: "ikan", "tas" are nouns more often than glued
    words) and in ``lower_share`` of its uses; the part before is written with a capital at least ``min_cap``
    times (or alone in the same article); the whole is never written in lower case and with a capital
    at most ``max_whole_cap`` times (more is a word of its own: "Trimegah"). A lower-case word of
    ``long_tail`` letters or more at the end of a word never seen whole splits off whatever the part
    before it ("Latuconsinaseringkali": a name the corpus never saw, then "seringkali")."""

    min_lower: int = 30
    min_lower_short: int = 500
    lower_share: float = 0.9
    min_cap: int = 3
    max_whole_cap: int = 4
    long_tail: int = 7


class RuleFile(Strict):
    version: Literal[1]
    description: Optional[str] = None
    ranks: list[Rank] = []
    corps: list[Corps] = []
    positions: list[Position] = []
    position_heads: list[PositionHead] = []
    bodies: list[Body] = []
    degrees: list[Degree] = []
    word_lists: list[WordList] = []
    place_cues: list[PlaceCue] = []
    region_aliases: list[RegionAlias] = []
    name_abbreviations: list[NameAbbreviation] = []
    outlet_regions: list[OutletRegion] = []
    speech_verbs: list[SpeechVerb] = []
    noise: list[NoisePattern] = []
    relative_days: list[RelativeDay] = []
    months: dict[int, list[str]] = {}
    weekdays: dict[int, list[str]] = {}
    name_model: Optional[NameModelParams] = None
    glued_split: Optional[GluedSplitParams] = None
    examples: list[Example] = []


def json_schema() -> str:
    """The JSON Schema of a rule file, generated from :class:`RuleFile`."""
    import json

    schema = RuleFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "pipeline rule file (rules/*.yaml)"
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
