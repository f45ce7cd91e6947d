"""Who is who inside one article.

Mentions merge into one person when
- they share a name, or one name is a token subset of the other ("AKBP Bayu" and
  "AKBP Bayu Pratama Gubunagi"), and their ranks do not conflict;
- an unnamed office mention ("Kapolres Pasuruan", bare "Kapolres") has exactly one named
  holder of that office (same unit, or no unit written) in the article;
- unnamed mentions of the same office and unit are one office holder.
The person in focus (for "ucapnya", "dia") is the last person mentioned outside quotes and
not as an object ("kepada Kapolres").
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

from ..extract.lexicon import Lexicon
from ..extract.names import NAME as NAME_KIND, PROPER as PROPER_KIND, NameModel
from ..extract.people import PersonMention
from ..resources.gazetteer import Gazetteer

_NORM = re.compile(r"[^0-9a-z]+")


def norm(s: Optional[str]) -> str:
    return _NORM.sub(" ", (s or "").lower()).strip()


@dataclass
class Entity:
    mentions: list[PersonMention] = field(default_factory=list)

    def best(self, attr: str):
        vals = [getattr(m, attr) for m in self.mentions if getattr(m, attr)]
        if not vals:
            return None
        if attr == "name":
            return max(vals, key=_name_rank)
        return vals[0]

    @property
    def name(self) -> Optional[str]:
        return self.best("name")

    @property
    def position(self) -> Optional[str]:
        return self.best("position")

    @property
    def unit(self) -> Optional[str]:
        # the unit written together with the position
        for m in self.mentions:
            if m.position and m.unit:
                return m.unit
        return self.best("unit")

    @property
    def first(self) -> PersonMention:
        return min(self.mentions, key=lambda m: m.start)

    @property
    def is_official(self) -> bool:
        """Holds a public office or a rank; party or NU posts alone do not make an official
        (one person may hold both: "Ketua DPC Gerindra" and "Wakil Ketua DPRD")."""
        return any((m.position and m.position_kind == "official") or m.rank for m in self.mentions)

    def key(self, article_id: str, n: int = 0) -> str:
        """The person key; ``n`` > 0 tells apart a second entity with the same name or office
        ("AKBP Bayu" and "Kompol Bayu": two people, one name)."""
        basis = norm(self.name) if self.name else norm(f"{self.position} {self.unit or ''}")
        if n:
            basis += f"\0{n}"
        return hashlib.sha1(f"{article_id}\0{basis}".encode()).hexdigest()[:12]


def _name_rank(name: str) -> tuple[int, int]:
    """The fullest of an entity's names: most words, then longest (ties: the first written)."""
    return len(name.split()), len(name)


def _same_token(a: str, b: str) -> bool:
    """Equal, or one letter off in a word of five letters or more ("Eddwin" = "Edwin")."""
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) <= 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:k] + long_[k + 1:] == short for k in range(len(long_)))


def _name_compatible(a: str, b: str) -> bool:
    ta, tb = norm(a).split(), norm(b).split()
    if not ta or not tb:
        return False
    short, long_ = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    return all(any(_same_token(t, u) for u in long_) for t in short)


def _rank_compatible(a: PersonMention, b: PersonMention) -> bool:
    return not (a.rank and b.rank and a.rank_level != b.rank_level)


_INITIALS_BEFORE = re.compile(r"\b([A-Z]{2,5})\s*,\s*$")


def initials_holders(entities: list[Entity], text: str) -> dict[int, Entity]:
    """An unnamed office written right after initials ("KIP, Gubernur Jawa Timur") is held by
    the one named person of the article whose name has those initials (Khofifah Indar
    Parawansa): the office entity joins that person (in place). Returns old entity id -> holder."""
    merged: dict[int, Entity] = {}
    named = [e for e in entities if e.name and len(e.name.split()) >= 2]
    for e in [e for e in entities if not e.name and e.position]:
        for m in e.mentions:
            ini = _INITIALS_BEFORE.search(text, max(0, m.start - 12), m.start)
            if not ini:
                continue
            hits = [h for h in named if "".join(w[0] for w in h.name.split()).upper() == ini.group(1)]
            if len(hits) == 1:
                hits[0].mentions.extend(e.mentions)
                entities.remove(e)
                merged[id(e)] = hits[0]
                break
    return merged


def same_office(a, b) -> bool:
    """One office written two ways: the same words, or one written as the other's full form
    ("Wagub", full form "Wakil Gubernur", and "Wakil Gubernur"; not "Kanit Intelkam" and "Kanit
    Samapta", two units' heads). ``a`` and ``b`` are entities or mentions."""
    if not a.position or not b.position:
        return False
    if norm(a.position) == norm(b.position):
        return True
    fa = a.best("position_full") if isinstance(a, Entity) else a.position_full
    fb = b.best("position_full") if isinstance(b, Entity) else b.position_full
    return (bool(fb) and norm(a.position) == norm(fb)) or (bool(fa) and norm(b.position) == norm(fa))


_ALIAS_AFTER = re.compile(r"\s*\(\s*([A-Z][\w'-]+(?: [A-Z][\w'-]+){0,2})\s*\)")


def join_aliases(mentions: list[PersonMention], text: str, lx: Lexicon) -> None:
    """A nickname written in brackets right after a person's full name is the same person: "Joko
    Widodo (Jokowi)", "Muhaimin Iskandar (Cak Imin)": one word, or an honorific and a word. Two
    names in brackets are another person ("Olga Solís (Zoe Saldana)": a role and its actor).
    Every mention named by the nickname takes the full name (in place): one entity."""
    alias: dict[str, str] = {}
    for m in mentions:
        if not m.name or len(m.name.split()) < 2:
            continue
        a = _ALIAS_AFTER.match(text, m.end)
        if not a or a.group(1) == m.name or a.group(1).isupper() or norm(a.group(1)) in norm(m.name):
            continue
        words = a.group(1).split()
        if len(words) == 1 or (len(words) == 2 and words[0].lower() in lx.honorifics):
            alias.setdefault(a.group(1), m.name)
    if not alias:
        return
    for m in mentions:
        if m.name in alias:
            m.name = alias[m.name]


def resolve_people(mentions: list[PersonMention], unit_key: Callable[[Optional[str]], str] = norm
                   ) -> tuple[list[Entity], dict[int, Entity]]:
    """Group mentions into entities; returns the entities and a map mention-id -> entity.
    ``unit_key`` makes two spellings of one unit equal ("Densel" = "Denpasar Selatan")."""
    mentions = [m for m in mentions if m.position_kind != "collective"]
    entities: list[Entity] = []
    of: dict[int, Entity] = {}
    # 1. named mentions by name. Each entity's name (Entity.name: the longest, first written)
    #    and the rank levels of its mentions are kept up to date as mentions join, so a long
    #    article naming one person a thousand times is not quadratic.
    names: list[str] = []  # per entity, as Entity.name
    levels: list[set] = []  # per entity, the rank_level of its mentions with a rank
    for m in sorted((m for m in mentions if m.name), key=lambda m: -len(m.name.split())):
        k = None
        for i, e in enumerate(entities):
            if _name_compatible(names[i], m.name) and (not m.rank or levels[i] <= {m.rank_level}):
                k = i
                break
        if k is None:
            entities.append(Entity())
            names.append(m.name)
            levels.append(set())
            k = len(entities) - 1
        elif _name_rank(m.name) > _name_rank(names[k]):
            names[k] = m.name
        if m.rank:
            levels[k].add(m.rank_level)
        entities[k].mentions.append(m)
        of[id(m)] = entities[k]
    # 2. unnamed office mentions: "X juga menjabat sebagai <office>" to X; else to the one
    #    named holder of that office; else to one office entity
    by_sentence: dict[int, list[PersonMention]] = {}
    for m in mentions:
        if m.name:
            by_sentence.setdefault(m.sentence, []).append(m)
    def fits(e: Entity, m) -> bool:  # one office, and units that do not conflict (m: a mention or an entity)
        return same_office(e, m) and (not m.unit or not e.unit or unit_key(e.unit) == unit_key(m.unit))

    buildings: list[PersonMention] = []
    for m in sorted((m for m in mentions if not m.name), key=lambda m: m.start):
        if not m.position:
            continue
        if m.holder_link:
            # the name written right before the link words ("pemberhentian Khofifah sebagai
            # Gubernur"), else the nearest person before it in the sentence ("mengangkat Adhy
            # Karyono sebagai Pj Gubernur": not the one who appoints), not an object
            target = None
            if m.link_subject:
                named = [e for e in entities if e.name and _name_compatible(e.name, m.link_subject)]
                target = named[0] if len(named) == 1 else None
            if target is None:
                subj = [x for x in by_sentence.get(m.sentence, []) if x.end <= m.start and not x.is_object]
                target = of.get(id(subj[-1])) if subj else None
            if target is not None:
                target.mentions.append(m)
                of[id(m)] = target
                continue
        holders = [e for e in entities if e.name and fits(e, m)]
        if len(holders) == 1:
            target = holders[0]
        elif m.in_building:
            buildings.append(m)  # "Kantor Camat Abab" with no holder named: no one (yet)
            continue
        else:
            offices = [e for e in entities if not e.name and fits(e, m)]
            if offices and (m.unit or len(offices) == 1):
                target = offices[0]
            else:
                target = Entity()
                entities.append(target)
        target.mentions.append(m)
        of[id(m)] = target
    # a building tells the unit of the one unnamed holder of its office ("kantor Camat Karang
    # Jaya" ... "Camat menjelaskan")
    for m in buildings:
        offices = [e for e in entities if not e.name and fits(e, m)]
        if len(offices) == 1:
            offices[0].mentions.append(m)
            of[id(m)] = offices[0]
    # 3. an office entity created before its holder was named: merge into the holder
    for e in [e for e in entities if not e.name]:
        holders = [h for h in entities if h.name and fits(h, e)]
        if len(holders) == 1:
            holders[0].mentions.extend(e.mentions)
            for m in e.mentions:
                of[id(m)] = holders[0]
            entities.remove(e)
    entities.sort(key=lambda e: e.first.start)
    return entities, of


class Focus:
    """The person in focus at any offset, for "ucapnya" and "dia": the last speaker named by a
    cue, or the last sentence subject (the first person a sentence names, outside quotes and
    not as an object); people named later in a sentence ("di hadapan Bupati X") are not."""

    def __init__(self, mentions: list[PersonMention], of: dict[int, Entity],
                 subjects: Sequence[tuple[int, Entity]] = (), keep: Sequence[tuple[int, int]] = (),
                 any_verb_subjects: Sequence[tuple[int, Entity]] = (), text: str = ""):
        """``subjects``: (offset, entity) of sentences that open with part of a person's name
        ("Tito turut menyampaikan ...": ``name_part_subjects``), in focus from there on.
        ``keep``: spans of sentences whose subject is a pronoun ("Dia mengaku tersentuh dengan
        kebaikan Raffi Ahmad"): the pronoun is the person in focus, and people named after it
        there do not take the focus. ``any_verb_subjects``: the sentences that open with part of a
        name whatever their verb ("Chika tak bisa menyembunyikan rasa haru."): what a pronoun
        subject points to ("Dia mengaku ..."), not an "ujarnya" (``at(..., pronoun=True)``)."""
        first: dict[int, PersonMention] = {}
        someone: dict[int, bool] = {}  # per entity: named or of a unit (once, not per mention)
        # a sentence that opens with part of a person's name is about that person: people named
        # later in it ("Edward tidak yakin dengan pernyataan Wakil Gubernur Basuki") take no focus
        self._subject_sentences = [(o, sentence_end(text, o), e) for o, e in any_verb_subjects] if text else []
        for m in sorted(mentions, key=lambda m: m.start):
            ent = of.get(id(m))
            if ent is not None and id(ent) not in someone:
                someone[id(ent)] = bool(ent.name or ent.unit)
            if ent is None or m.is_object or m.in_quote or m.in_list or not someone[id(ent)] \
                    or any(s <= m.start < e for s, e in keep) \
                    or any(s < m.start < e and ent is not subj for s, e, subj in self._subject_sentences):
                continue  # objects, quoted names, lists and generic offices ("Kepala Desa") are not in focus
            first.setdefault(m.sentence, m)
        self.events = sorted([*((m.start, of[id(m)]) for m in first.values()), *subjects], key=lambda x: x[0])
        self.loose = sorted(any_verb_subjects, key=lambda x: x[0])

    def add(self, offset: int, entity: Entity) -> None:
        self.events.append((offset, entity))
        self.events.sort(key=lambda x: x[0])

    def at(self, offset: int, pronoun: bool = False) -> Optional[Entity]:
        best = None
        events = sorted(self.events + self.loose, key=lambda x: x[0]) if pronoun and self.loose else self.events
        for pos, ent in events:
            if pos >= offset:
                break
            best = ent
        return best


_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")


def sentence_end(text: str, start: int) -> int:
    """The end of the sentence from ``start`` on (its full stop, or the line break)."""
    m = _SENTENCE_END.search(text, start)
    return m.end() if m else len(text)


def name_part_subjects(text: str, entities: list[Entity], names: Optional[NameModel], opening: re.Pattern[str],
                       qspans: Sequence[tuple[int, int]] = (),
                       speaks: Optional[Callable[[list[str]], bool]] = None) -> list[tuple[int, Entity, bool]]:
    """Sentences that open with one word of a person's name and a lower-case word ("Tito turut
    menyampaikan apresiasi", "Namun, Wahyudi menilai ..."): the sentence is about that person.
    The word must belong to the name of one person of the article only and be a name word for
    the name model (not "Hari" of "Hari Santoso" if the corpus writes it as a common word).
    ``opening`` finds the first word of a sentence (after an opener of ``sentence_openers``) as
    group 1, followed by a lower-case word; ``speaks`` tells from the words after it whether the
    sentence's verb is one of saying ("turut menyampaikan"). Each sentence comes as (offset,
    entity, speaks): the ones that do not speak ("Andre lantas terpental ...") are still about him."""
    owners: dict[str, set[int]] = {}
    by_id: dict[int, Entity] = {}
    for e in entities:
        if not e.name or len(e.name.split()) < 2:
            continue
        by_id[id(e)] = e
        for w in e.name.split():
            if len(w) >= 3 and w[:1].isupper() and (names is None or names.word(w).kind in (NAME_KIND, PROPER_KIND)):
                owners.setdefault(w, set()).add(id(e))
    out: list[tuple[int, Entity, bool]] = []
    if not owners:
        return out
    for m in opening.finditer(text):
        w = m.group(1)
        ids = owners.get(w)
        if not ids or len(ids) != 1 or any(qs <= m.start(1) < qe for qs, qe in qspans):
            continue
        # "Andre lantas terpental ...": a sentence about him, not one he speaks
        said = speaks is None or speaks(text[m.end():m.end() + 60].split())
        out.append((m.start(1), by_id[next(iter(ids))], said))
    return out


def find_by_name(entities: list[Entity], written: str) -> Optional[Entity]:
    """The one entity whose name (or office) is written as ``written``."""
    hits = [e for e in entities if e.name and _name_compatible(e.name, written)]
    if len(hits) == 1:
        return hits[0]
    hits = [e for e in entities if e.position and norm(e.position) in norm(written)]
    return hits[0] if len(hits) == 1 else None


_WORD = re.compile(r"[A-Za-z][\w'-]*")


def _name_token(tok: str, lx: Lexicon, gz: Gazetteer) -> bool:
    k = tok.lower()
    if not tok[:1].isupper() or tok.isupper() or not tok.replace("-", "").replace("'", "").isalpha():
        return False
    if k in lx.name_stop or k in lx.honorifics or k in lx.degrees or lx.person_roles.match([k], 0):
        return False
    if lx.bodies.match([k], 0) or lx.positions.match([k], 0) or lx.heads.match([k], 0):
        return False
    return not gz.lookup(tok, ("provinsi", "kabupaten", "kota"))


def fullest_name(text: str, words: list[str], lx: Lexicon, gz: Gazetteer,
                 names: Optional[NameModel] = None) -> list[str]:
    """The longest form of a name in the article: "Sony" -> "Sony Susmana" (capitalised name
    words right before or after an occurrence). A short form is mostly the first name, so a
    word before it joins only when the corpus has seen it inside names (with ``names``): "Monex
    Investindo Futures Ariston Tjendra" later "Ariston" is "Ariston Tjendra"."""
    best = words
    for m in re.finditer(r"\b" + re.escape(" ".join(words)) + r"\b", text):
        left = [w.group(0) for w in _WORD.finditer(text[max(0, m.start() - 60):m.start()])][-2:]
        right = [w.group(0) for w in _WORD.finditer(text[m.end():m.end() + 60])][:2]
        before = text[max(0, m.start() - 60):m.start()]
        after = text[m.end():m.end() + 60]
        lw: list[str] = []
        for idx in range(len(left) - 1, -1, -1):  # contiguous capitalised words right before
            w = left[idx]
            if not before.endswith(" ".join([w, *lw]) + " ") or not _name_token(w, lx, gz):
                break
            if names is not None and names.word(w).kind != NAME_KIND:
                break
            prev = left[idx - 1] if idx > 0 else ""
            if prev and lx.place_cues.match([prev.lower()], 0):
                break  # "Desa Tlingsing Joko": the village is not part of the name
            nxt = lw[0] if lw else words[0]
            if re.search(r"\b" + re.escape(w) + r" (?!" + re.escape(nxt) + r"\b)[A-Z]", text):
                break  # "KAI Commuter Leza" when the article also writes "Commuter Line": another name's word
            lw.insert(0, w)
        rw: list[str] = []
        for w in right:
            if not after.startswith(" " + " ".join([*rw, w])) or not _name_token(w, lx, gz):
                break
            rw.append(w)
        cand = lw + words + rw
        if len(cand) > len(best):
            best = cand
    return best


# a sentence start (maybe with its first word: "Menurut Harli"), or a lower-case word, before
_OPENS_NAME = re.compile(r"(?:(?:^|[.!?\"]\s+|\n)(?:[A-Z][a-z]+\s+)?|\b[a-z]+\s+)$")


def drop_org_prefix(text: str, words: list[str], names: Optional[NameModel] = None) -> list[str]:
    """The name at the end of a run written after a cue, without the organisation, country or
    title words before it ("kata Perencana Keuangan Jouska Farah Dini Novita"): the shortest
    tail of two words or more whose first word the article also writes on its own, opening a
    sentence or after a lower-case word ("Farah menambahkan", "kata Farah"), and (with the
    name model) no place, organisation or common word ("Kejagung" of "Kapuspenkum Kejagung
    Harli Siregar" is one). Runs of two words are left alone."""
    if len(words) < 3:
        return words
    for k in range(len(words) - 2, 0, -1):
        head, first = words[k - 1], words[k]
        if names is not None and names.word(first).kind not in (NAME_KIND, PROPER_KIND, "unknown"):
            continue
        if any(_OPENS_NAME.search(text, max(0, m.start() - 30), m.start())
               and not text[max(0, m.start() - len(head) - 1):m.start()].startswith(head)
               for m in re.finditer(r"\b" + re.escape(first) + r"\b", text)):
            return words[k:]
    if names is not None:
        # "ujar Chief Operating Officer (COO) Upbit Indonesia Resna Raniadi": the longest tail of
        # name words after a place or organisation word, a country, an acronym or a bracket (not
        # after a word of a body's or a title's name: "Balai Taman Nasional Tesso Nilo", "The
        # Yellow Cannaries")
        for k in range(1, len(words) - 1):
            head, tail = words[k - 1], words[k:]
            if not all(names.word(w).kind in (NAME_KIND, PROPER_KIND, "unknown") and w[:1].isupper() for w in tail):
                continue
            hv = names.word(head)
            if names.gz.lookup(" ".join(words[max(0, k - 2):])) or names.gz.lookup(" ".join(words[k - 1:])):
                continue  # "Papua Barat Daya": a region's name goes on
            if (head.isupper() or head.endswith(")") or hv.kind == "place_org" or hv.why == "name_stop_words") \
                    and names.judge(tail).ok and names.judge(tail).end == len(tail):
                return tail
    return words


def speaker_entity(text: str, written: str, at: int, entities: list[Entity], lx: Lexicon,
                   gz: Gazetteer, rule_id: str = "people.quote_speaker",
                   names: Optional[NameModel] = None) -> Optional[Entity]:
    """A speaker named only after a cue ("jelas Sony"): the fullest form of that name in the
    article ("Sony Susmana") becomes a person, so the quote and the people table agree. With
    the name model, the words must be a name ("kata Pesawat Boeing" is not), and a name that
    stays one word in the whole article must be a word the corpus writes as a name ("jelas
    Irfan"; not "menurut Healthline", seen twice)."""
    words = written.split()
    if not words or len(words) > 4 or not all(_name_token(w, lx, gz) for w in words):
        return None
    best = fullest_name(text, words, lx, gz, names)
    if names is not None:
        v = names.judge(best)
        if not v.ok or len(best[v.start:v.end]) == 1 and names.word(best[v.start]).kind not in (NAME_KIND, PROPER_KIND):
            return None
        best = best[v.start:v.end]
    same = [e for e in entities if e.name and norm(e.name) == norm(" ".join(best))]
    if same:  # "Farhan" is ambiguous, but its fullest form "Muhammad Farhan" is already someone
        return same[0]
    mention = PersonMention(start=at, end=at, sentence=0, rule_id=rule_id, name=" ".join(best))
    ent = Entity(mentions=[mention])
    entities.append(ent)
    return ent


def expand_honorific_names(entities: list[Entity], text: str, lx: Lexicon, gz: Gazetteer) -> None:
    """Someone known only as "Pak Emil" takes the full name the article writes elsewhere
    ("Emil Elestianto Dardak"), when that name is no one else's."""
    taken = {norm(e.name) for e in entities if e.name}
    for e in entities:
        if not e.name or len(e.name.split()) != 1 or any(m.rule_id != "people.honorific_name" for m in e.mentions):
            continue
        full = fullest_name(text, [e.name], lx, gz)
        if len(full) >= 2 and full[0] == e.name and norm(" ".join(full)) not in taken:
            for m in e.mentions:
                m.name = " ".join(full)
            taken.add(norm(" ".join(full)))


_CAP_WORD = re.compile(r"\b[A-Z][a-z]+(?:['-][a-z]+)*\b")  # "Ma'ruf", not "Prabowo-" of "Prabowo-Gibran"


def settle_spellings(entities: list[Entity], text: str) -> None:
    """A name word the article spells two ways, one letter apart ("Kofifah" once, "Khofifah"
    four times), takes the spelling the article uses most; a one-off typo is not the name.
    A variant that is itself part of another person's name is left alone."""
    counts: dict[str, int] = {}
    for w in _CAP_WORD.findall(text):
        counts[w] = counts.get(w, 0) + 1
    if not counts:
        return
    named = [e for e in entities if e.name]
    for e in named:
        others = {w for o in named if o is not e for w in o.name.split()}
        respell: dict[str, str] = {}
        for w in e.name.split():
            best = w
            if len(w) >= 5:
                for v, c in counts.items():
                    if v != w and v[0] == w[0] and c >= 2 and c > counts.get(best, 0) and v not in others \
                            and _same_token(v, w):
                        best = v
            if best != w:
                respell[w] = best
        if respell:
            for m in e.mentions:
                if m.name:
                    m.name = " ".join(respell.get(w, w) for w in m.name.split())


def make_unit_key(lx: Lexicon, gz: Gazetteer) -> Callable[[Optional[str]], str]:
    """Units compared through region aliases: "Densel" and "Denpasar Selatan" give one key."""

    def unit_key(unit: Optional[str]) -> str:
        alias = lx.region_aliases.get((unit or "").lower())
        if alias is not None:
            reg = gz.by_code.get(alias.code)
            if reg is not None:
                return norm(reg.name)
        return norm(unit)

    return unit_key


def written_as_class(position: str, text: str, lx: Lexicon) -> bool:
    """Does the article write the office ``position`` as a class of holders: after a plural
    marker ("para Bhabinkamtibmas", "seluruh babinsa"), before "se"/"se-" ("Kades se-Kecamatan
    Abab") or doubled ("kades-kades")? In any case: the generic noun is often lower case."""
    if not position or not lx.plural_markers:
        return False
    p = re.escape(position)
    markers = "|".join(re.escape(w) for w in sorted(lx.plural_markers, key=len, reverse=True))
    pattern = rf"\b(?:(?:{markers})\s+{p}\b|{p}\s*(?:se\s|se-)|{p}-{p}\b)"
    return re.search(pattern, text, re.IGNORECASE) is not None


def anonymous_speaker(description: str, at: int) -> Entity:
    """A speaker with no name, described by a role ("polisi jaga"): not a person row, but the
    one in focus for the quotes that follow."""
    return Entity(mentions=[PersonMention(start=at, end=at, sentence=0, rule_id="people.anonymous_speaker",
                                          role=description, position_kind="collective")])
