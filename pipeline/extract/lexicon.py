"""The rules compiled for fast matching: phrase tries over tokens, regexes over text.

Built once per process from a :class:`RuleSet`; extractors only read it.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field, fields
from typing import Any, Callable, Optional, Sequence

from ..rules.loader import RuleSet

_SPLIT = re.compile(r"[\s]+")


def tok_key(text: str) -> str:
    return text.lower()


def phrase_tokens(phrase: str) -> list[str]:
    """Token keys of a phrase split at its spaces (a trie built without a tokenizer)."""
    parts = []
    for w in _SPLIT.split(phrase.strip()):
        if not w:
            continue
        parts.append(tok_key(w))
    return parts


def tokenizer_split(tokenizer: Callable[[str], Any]) -> Callable[[str], list[str]]:
    """Token keys of a phrase as the pipeline's spaCy tokenizer reads an article: "Laut (P)" is
    laut + ( + p + ), "MenPAN-RB" menpan + - + rb, so a rule matches the text it is written as."""

    def split(phrase: str) -> list[str]:
        return [tok_key(t.text) for t in tokenizer(phrase.strip()) if not t.is_space]

    return split


# civil_titles (no level) and civil_titles_<level> in rules/places.yaml
CIVIL_TITLE_LEVELS = (None, "kabupaten", "kota", "kecamatan", "desa", "kelurahan")


class PhraseTrie:
    """Longest match of token sequences; values are rule payloads."""

    def __init__(self, split: Callable[[str], list[str]] = phrase_tokens) -> None:
        self.root: dict[str, Any] = {}
        self.split = split

    def add(self, phrase: str, value: Any) -> None:
        node = self.root
        toks = self.split(phrase)
        if not toks:
            return
        for t in toks:
            node = node.setdefault(t, {})
        node.setdefault("\0", value)

    def match(self, keys: Sequence[str], i: int) -> Optional[tuple[int, Any]]:
        """Longest phrase starting at ``keys[i]``: (end index, value) or None."""
        n = len(keys)
        if i >= n:
            return None
        node = self.root.get(keys[i])  # most tokens start no phrase: one dict lookup
        if node is None:
            return None
        j = i + 1
        best = (j, node["\0"]) if "\0" in node else None
        while j < n:
            node = node.get(keys[j])
            if node is None:
                break
            j += 1
            if "\0" in node:
                best = (j, node["\0"])
        return best


@dataclass
class Lexicon:
    ranks: PhraseTrie = field(default_factory=PhraseTrie)
    corps: PhraseTrie = field(default_factory=PhraseTrie)
    positions: PhraseTrie = field(default_factory=PhraseTrie)
    heads: PhraseTrie = field(default_factory=PhraseTrie)
    bodies: PhraseTrie = field(default_factory=PhraseTrie)
    degrees: dict[str, str] = field(default_factory=dict)  # token key -> canonical
    honorifics: set[str] = field(default_factory=set)
    office_prefixes: set[str] = field(default_factory=set)
    unit_prefixes: PhraseTrie = field(default_factory=PhraseTrie)
    unit_aliases: PhraseTrie = field(default_factory=PhraseTrie)
    name_stop: set[str] = field(default_factory=set)
    name_opening_stop: set[str] = field(default_factory=set)
    division_connectors: set[str] = field(default_factory=set)
    name_particles: set[str] = field(default_factory=set)
    person_roles: PhraseTrie = field(default_factory=PhraseTrie)
    object_markers: set[str] = field(default_factory=set)
    object_verb_prefixes: tuple[str, ...] = ()  # "me-": the person after an active verb is its object
    speaks_through: set[str] = field(default_factory=set)  # "Kapolres X melalui Kasat Y": Y speaks
    name_titles: set[str] = field(default_factory=set)  # "Prof", "Dr": titles that open a name
    sentence_openers: list[str] = field(default_factory=list)  # "Namun", "Sementara itu": before a subject
    nickname_markers: set[str] = field(default_factory=set)  # "julukan": the phrase before is a nickname
    list_joins: set[str] = field(default_factory=set)  # "dan", "serta", "atau"
    ticket_words: set[str] = field(default_factory=set)  # "paslon", "pilpres": "A-B" there is a ticket
    capacity_words: set[str] = field(default_factory=set)  # "selaku": the name before holds the office after
    plural_markers: set[str] = field(default_factory=set)
    named_after_office: set[str] = field(default_factory=set)
    ministry_words: set[str] = field(default_factory=set)
    ministry_prefixes: tuple[str, ...] = ()  # "kemen*": Kemendagri, Kemenkeu
    company_words: tuple[str, ...] = ()
    apposition_qualifiers: list[list[str]] = field(default_factory=list)  # token keys, longest first
    enumeration_words: list[str] = field(default_factory=list)
    not_holder_prefixes: set[str] = field(default_factory=set)
    not_rank_after: set[str] = field(default_factory=set)
    naming_words: PhraseTrie = field(default_factory=PhraseTrie)  # "bernama", "atas nama"
    unranked_orgs: set[str] = field(default_factory=set)
    holder_links: set[str] = field(default_factory=set)
    speaker_quantifiers: set[str] = field(default_factory=set)
    residence_roles: set[str] = field(default_factory=set)
    thing_nouns: set[str] = field(default_factory=set)
    not_name_words: set[str] = field(default_factory=set)
    glued_word_starts: tuple[str, ...] = ()  # how a word glued to a name starts ("Infantinomenandatangani")
    not_name_shape: Optional[re.Pattern[str]] = None
    place_cues: PhraseTrie = field(default_factory=PhraseTrie)
    not_places: set[str] = field(default_factory=set)
    org_before_place: PhraseTrie = field(default_factory=PhraseTrie)
    civil_titles: PhraseTrie = field(default_factory=PhraseTrie)
    regency_orgs: dict[str, str] = field(default_factory=dict)  # "polres" -> kabupaten, "polresta" -> kota
    region_aliases: dict[str, Any] = field(default_factory=dict)
    outlet_regions: list[Any] = field(default_factory=list)
    glued_after_place: set[str] = field(default_factory=set)
    glued_prefixes_after_place: set[str] = field(default_factory=set)
    direct_cues: set[str] = field(default_factory=set)
    indirect_verbs: PhraseTrie = field(default_factory=PhraseTrie)
    not_speech: set[str] = field(default_factory=set)
    pronouns: set[str] = field(default_factory=set)
    back_references: set[str] = field(default_factory=set)
    institution_openers: set[str] = field(default_factory=set)  # "pihak Boeing": an organisation speaks
    title_nouns: set[str] = field(default_factory=set)  # "tema "...": a title, not speech
    outlet_words: PhraseTrie = field(default_factory=PhraseTrie)  # "Media Spanyol, Mundo Deportivo": an outlet
    anaphoric_description_words: set[str] = field(default_factory=set)  # "ayah tiga anak ini"
    description_numerals: set[str] = field(default_factory=set)  # "ibu dua orang putri"
    months: dict[str, int] = field(default_factory=dict)
    weekdays: dict[str, int] = field(default_factory=dict)
    relative_days: list[tuple[str, int, str]] = field(default_factory=list)
    past_markers: list[str] = field(default_factory=list)
    future_markers: list[str] = field(default_factory=list)
    date_blockers: set[str] = field(default_factory=set)
    # every rank a spelling names, in rule order ("Jenderal": jenderal_pol, jenderal_tni); the
    # trie holds the first, the office before the rank picks another one that fits it
    rank_choices: dict[tuple[str, ...], list[Any]] = field(default_factory=dict)
    according_to: set[str] = field(default_factory=set)  # "menurut" (+ "menurutnya" automatically)
    passive_cues: set[str] = field(default_factory=set)  # "dikatakan" (+ "dikatakannya" automatically)
    adverbs_before_cue: set[str] = field(default_factory=set)  # "ini juga mengingatkan"
    complementizers: set[str] = field(default_factory=set)  # open indirect content after "kepada X"
    dropped_complementizers: set[str] = field(default_factory=set)  # "bahwa": not part of the content

    def marks_object(self, word: str) -> bool:
        """Is the person right after ``word`` an object, not the one who speaks next: an object
        marker ("kepada", "bersama"), or an active verb by its prefix ("mewakili Agnez Mo",
        "menangkap X"; ``object_verb_prefixes``) that is no speech verb and not "menurut"."""
        key = word.lower()
        if key in self.object_markers:
            return True
        return (bool(self.object_verb_prefixes) and key.isalpha() and len(key) >= 6 and key not in self.speaks_through
                and key.startswith(self.object_verb_prefixes) and key not in self.according_to
                and key not in self.direct_cues and not self.indirect_verbs.match([key], 0))


def build_lexicon(rules: RuleSet, tokenizer: Optional[Callable[[str], Any]] = None) -> Lexicon:
    """The lexicon of ``rules``; phrases are split by ``tokenizer`` (the pipeline's spaCy
    tokenizer; built from the rules when not given), so they match the tokens of an article."""
    if tokenizer is None:
        from ..nlp.language import build_nlp

        tokenizer = build_nlp(rules).tokenizer
    split = tokenizer_split(tokenizer)
    lx = Lexicon()
    for f in fields(lx):
        trie = getattr(lx, f.name)
        if isinstance(trie, PhraseTrie):
            trie.split = split
    for r in rules.ranks:
        # the full name is a form too ("Letnan Kolonel X", "Inspektur Jenderal Polisi X")
        full = [r.full_name] if r.full_name else []
        for form in dict.fromkeys([r.abbr, *r.variants, *(v.rstrip(".") for v in [r.abbr, *r.variants]), *full]):
            lx.ranks.add(form, r)
            choices = lx.rank_choices.setdefault(tuple(split(form)), [])
            if r not in choices:
                choices.append(r)
    for c in rules.corps:
        # the corps written in full is a form too ("Kolonel Infanteri Candra")
        full = [c.meaning] if c.meaning and " " not in c.meaning.strip() else []
        for form in dict.fromkeys([c.suffix, *c.variants, *full]):
            lx.corps.add(form, c)
    spelled: list[tuple[str, Any]] = []
    for p in rules.positions:
        # the spelled-out office is a form of it too ("Menteri Ketenagakerjaan" = Menaker),
        # unless it carries a note ("Kepala Unit (e.g. ...)"), is one word ("Gubernur")
        # or starts with the office itself ("Presiden Republik Indonesia": Presiden, unit RI)
        full = [p.expansion] if p.expansion and "(" not in p.expansion and len(p.expansion.split()) > 1 \
            and not p.expansion.lower().startswith(p.acronym.lower() + " ") else []
        for form in [p.acronym, *p.variants]:
            lx.positions.add(form, p)
        spelled.extend((form, p) for form in full)
    for h in rules.position_heads:
        for w in h.words:
            lx.heads.add(w, h)
    for form, p in spelled:
        keys = split(form)
        hm = lx.heads.match(keys, 0)
        if not (hm and hm[0] == len(keys)):  # "Direktur Jenderal" is a head: its body follows ("... Pajak")
            lx.positions.add(form, p)
    for b in rules.bodies:
        for w in b.words:
            lx.bodies.add(w, b)
    for d in rules.degrees:
        for form in [d.canonical, *d.variants]:
            lx.degrees[tok_key(form)] = d.canonical
    lx.honorifics = {tok_key(w) for w in rules.word_list("honorifics")}
    lx.office_prefixes = {tok_key(w) for w in rules.word_list("office_prefixes")}
    for w in rules.word_list("unit_prefixes"):
        lx.unit_prefixes.add(w, w)
    for w in rules.word_list("unit_aliases"):
        lx.unit_aliases.add(w, w)
    lx.name_stop = {tok_key(w) for w in rules.word_list("name_stop_words")}
    lx.name_opening_stop = {tok_key(w) for w in rules.word_list("name_opening_stop_words")}
    lx.division_connectors = {tok_key(w) for w in rules.word_list("division_name_connectors")}
    lx.name_particles = {tok_key(w) for w in rules.word_list("name_particles")}
    for w in rules.word_list("person_roles"):
        lx.person_roles.add(w, w)
    lx.object_markers = {tok_key(w) for w in rules.word_list("object_markers")}
    lx.object_verb_prefixes = tuple(tok_key(w) for w in rules.word_list("object_verb_prefixes"))
    lx.speaks_through = {tok_key(w) for w in rules.word_list("speaks_through")}
    lx.name_titles = {tok_key(w) for w in rules.word_list("name_titles")}
    lx.sentence_openers = list(rules.word_list("sentence_openers"))
    lx.nickname_markers = {tok_key(w) for w in rules.word_list("nickname_markers")}
    lx.list_joins = {tok_key(w) for w in rules.word_list("list_joins")}
    lx.ticket_words = {tok_key(w) for w in rules.word_list("ticket_words")}
    lx.capacity_words = {tok_key(w) for w in rules.word_list("capacity_words")}
    lx.plural_markers = {tok_key(w) for w in rules.word_list("plural_markers")}
    lx.ministry_words = {tok_key(w) for w in rules.word_list("ministry_words") if not w.endswith("*")}
    lx.ministry_prefixes = tuple(tok_key(w[:-1]) for w in rules.word_list("ministry_words") if w.endswith("*"))
    lx.company_words = tuple(rules.word_list("company_words"))
    lx.apposition_qualifiers = sorted(([tok_key(t) for t in w.split()] for w in rules.word_list("apposition_qualifiers")),
                                      key=len, reverse=True)
    lx.enumeration_words = [w.lower() for w in rules.word_list("enumeration_words")]
    lx.named_after_office = {" ".join(tok_key(t) for t in w.split()) for w in rules.word_list("named_after_office")}
    lx.not_holder_prefixes = {tok_key(w) for w in rules.word_list("not_holder_prefixes")}
    lx.not_rank_after = {tok_key(w) for w in rules.word_list("not_rank_after")}
    for w in rules.word_list("naming_words"):
        lx.naming_words.add(w, w)
    lx.unranked_orgs = {tok_key(w) for w in rules.word_list("unranked_orgs")}
    lx.holder_links = {tok_key(w) for w in rules.word_list("holder_links")}
    lx.speaker_quantifiers = {tok_key(w) for w in rules.word_list("speaker_quantifiers")}
    lx.residence_roles = {tok_key(w) for w in rules.word_list("residence_roles")}
    lx.thing_nouns = {tok_key(w) for w in rules.word_list("thing_nouns")}
    lx.not_name_words = {tok_key(w) for w in rules.word_list("not_name_words")}
    lx.glued_word_starts = tuple(w.lower() for w in rules.word_list("glued_word_starts"))
    shapes = [fnmatch.translate(w.lower()) for w in rules.word_list("not_name_shapes")]
    lx.not_name_shape = re.compile("|".join(shapes)) if shapes else None
    for cue in rules.place_cues:
        for w in cue.words:
            lx.place_cues.add(w, cue)
    lx.not_places = {tok_key(w) for w in rules.word_list("not_places")}
    for w in rules.word_list("org_before_place"):
        lx.org_before_place.add(w, w)
    for level in CIVIL_TITLE_LEVELS:  # value: the level the title implies, None for civil_titles
        for w in rules.word_list(f"civil_titles_{level}" if level else "civil_titles"):
            lx.civil_titles.add(w, level)
    for level in ("kabupaten", "kota"):
        for w in rules.word_list(f"regency_orgs_{level}"):
            lx.regency_orgs[tok_key(w)] = level
    for a in rules.region_aliases:
        lx.region_aliases[tok_key(a.alias)] = a
    lx.outlet_regions = list(rules.outlet_regions)
    lx.glued_after_place = {w.lower() for w in rules.word_list("glued_after_place")}
    lx.glued_prefixes_after_place = {w.lower() for w in rules.word_list("glued_prefixes_after_place")}
    for v in rules.speech_verbs:
        if v.kind == "direct":
            lx.direct_cues.update(tok_key(w) for w in v.words)
        else:
            for w in v.words:
                lx.indirect_verbs.add(w, v)
    lx.not_speech = {tok_key(w) for w in rules.word_list("not_speech_verbs")}
    lx.pronouns = {tok_key(w) for w in rules.word_list("pronoun_speakers")}
    lx.back_references = {tok_key(w) for w in rules.word_list("speaker_back_references")}
    lx.institution_openers = {tok_key(w) for w in rules.word_list("institution_openers")}
    lx.title_nouns = {tok_key(w) for w in rules.word_list("title_nouns")}
    for w in rules.word_list("outlet_words"):
        lx.outlet_words.add(w, w)
    lx.anaphoric_description_words = {tok_key(w) for w in rules.word_list("anaphoric_description_words")}
    lx.description_numerals = {tok_key(w) for w in rules.word_list("description_numerals")}
    for num, words in rules.months.items():
        for w in words:
            lx.months[tok_key(w)] = int(num)
    for num, words in rules.weekdays.items():
        for w in words:
            lx.weekdays[tok_key(w)] = int(num)
    for rd in rules.relative_days:
        for w in rd.words:
            lx.relative_days.append((w, rd.offset, rd.id))
    lx.relative_days.sort(key=lambda x: -len(x[0]))
    lx.past_markers = rules.word_list("weekday_past_markers")
    lx.future_markers = rules.word_list("weekday_future_markers")
    lx.date_blockers = {tok_key(w) for w in rules.word_list("date_blockers")}
    lx.according_to = {tok_key(w) for w in rules.word_list("according_to")}
    lx.passive_cues = {tok_key(w) for w in rules.word_list("passive_cues")}
    lx.adverbs_before_cue = {tok_key(w) for w in rules.word_list("adverbs_before_cue")}
    lx.complementizers = {tok_key(w) for w in rules.word_list("complementizers")}
    lx.dropped_complementizers = {tok_key(w) for w in rules.word_list("dropped_complementizers")}
    return lx
