"""Election tickets written as one hyphenated word: "Prabowo-Gibran unggul atas Anies-Cak Imin dan
Ganjar-Mahfud". Each side is a person, named by one word of his name.

The decision comes from evidence, not from a list of candidates:

- each side is a word the corpus has seen as a person's (after a rank or "Pak", inside an NER
  corpus PER, speaking: ``NameModel.person_evidence``), not a place or an acronym, and no province,
  kabupaten or kota of the gazetteer ("Jawa-Bali", "Surabaya-Malang", "Mercedes-Benz" stay words;
  a kecamatan may share a person's name: "Bambang");
- and the sentence is about a contest (a word of ``ticket_words`` in ``rules/people.yaml``:
  "paslon", "Pilpres", "pasangan"), or one side is a word of the name of a person the article
  names ("Anies Baswedan ... Anies-Muhaimin"), or of a side already read as a person in an earlier
  sentence ("Disusul Ganjar-Mahfud" after "... atau Ganjar-Mahfud" in a Pilpres sentence), or the
  sentence holds another ticket ("Disusul Ganjar-Mahfud dan Anies-Muhaimin");
- neither side runs into a longer name: no capitalised name word or particle right before or
  after the pair ("Trent Alexander-Arnold", "Jean-Paul van Gastel", "Bandara Soekarno-Hatta"),
  no honorific-like word between that is not one ("Jean-Eric Vergne").

The people of a ticket are listed, not in focus: none of them becomes the speaker of a later
"ujarnya" (``in_list``).
"""

from __future__ import annotations

import re
from typing import Sequence

from ..nlp.tokens import doc_tokens
from .lexicon import Lexicon
from .names import COMMON, FUNCTION, RULE, NameModel
from .people import PersonMention

# "Anies-Muhaimin", "Anies-Cak Imin" (an honorific before the second name)
_WORD_BEFORE = re.compile(r"([\w'’.]+)[ \t]+$")
_WORD_AFTER = re.compile(r"[ \t]+([\w'’.]+)")
_TICKET = re.compile(r"(?<![\w'’-])([A-Z][a-z]{2,})-(?:([A-Z][a-z]{1,4}\.?) )?([A-Z][a-z]{2,})(?![\w'’-])")


def ticket_mentions(doc, mentions: Sequence[PersonMention], names: NameModel, lx: Lexicon,
                    quote_spans: Sequence[tuple[int, int]] = ()) -> list[PersonMention]:
    """The people of the tickets in ``doc`` that no mention in ``mentions`` covers yet."""
    dt = doc_tokens(doc)
    text = dt.text
    if "-" not in text:
        return []
    taken = [(m.start, m.end) for m in mentions]
    known = {w for m in mentions if m.name for w in m.name.split() if len(w) >= 3}
    compounds = {w for m in mentions if m.name and len(m.name.split()) > 1 for w in m.name.split() if "-" in w}
    found: list[tuple[int, list[PersonMention]]] = []  # (sentence, its ticket people)
    pending = []
    for s_idx, (s0, s1) in enumerate(dt.sents):
        a, b = dt.idx[s0], (dt.idx[s1 - 1] + len(dt.texts[s1 - 1])) if s1 > s0 else dt.idx[s0]
        if "-" not in text[a:b]:
            continue
        contest = any(k in lx.ticket_words for k in dt.keys[s0:s1])
        for m in _TICKET.finditer(text, a, b):
            left, honorific, right = m.group(1), m.group(2), m.group(3)
            if honorific and honorific.lower() not in lx.honorifics:
                continue  # "Jean-Eric Vergne", "Soekarno-Hatta Tangerang": no honorific between
            if f"{left}-{honorific or right}" in compounds:
                continue  # "Trent Alexander-Arnold" elsewhere: "Alexander-Arnold" is one name
            before = _WORD_BEFORE.search(text, max(0, m.start() - 40), m.start())
            after = _WORD_AFTER.match(text, m.end())
            if before and _in_name(before.group(1), lx, names) or after and _in_name(after.group(1), lx, names):
                continue  # "Trent Alexander-Arnold", "Jean-Paul van Gastel", "Bandara Soekarno-Hatta": one name
            if any((s < m.start() < e or s < m.end() < e) for s, e in taken):
                continue  # a longer name the scanner or the model read across it
            r0 = m.start(2) if honorific else m.start(3)
            # a side the scanner or the model already read as a person ("Anies-Cak Imin": the
            # model's "Cak Imin") is known; the other side may still be new
            read = [any(s < e1 and s1 < e for s, e in taken) for s1, e1 in ((m.start(1), m.end(1)), (r0, m.end(3)))]
            if all(read):
                continue
            if not all(r or _person_word(w, names) for r, w in zip(read, (left, right))):
                continue
            pending.append((s_idx, contest or any(read), m, read))
    # a ticket counts where its sentence is about a contest or one side is known; sides read as
    # people make the tickets of later sentences known ("Disusul Ganjar-Mahfud")
    contests: set[int] = set()  # sentences with a ticket read: their other pairs are tickets too
    changed = True
    while changed:
        changed = False
        for item in list(pending):
            s_idx, contest, m, read = item
            left, honorific, right = m.group(1), m.group(2), m.group(3)
            if not (contest or s_idx in contests or left in known or right in known):
                continue
            pending.remove(item)
            changed = True
            known.update((left, right))
            contests.add(s_idx)
            in_quote = any(qs <= m.start() < qe for qs, qe in quote_spans)
            people = []
            if not read[0]:
                people.append(PersonMention(start=m.start(1), end=m.end(1), sentence=s_idx, rule_id="people.ticket",
                                            name=left, in_list=True, in_quote=in_quote))
            if not read[1]:
                people.append(PersonMention(start=m.start(2) if honorific else m.start(3), end=m.end(3),
                                            sentence=s_idx, rule_id="people.ticket", name=right,
                                            honorific=honorific, in_list=True, in_quote=in_quote))
            found.append((s_idx, people))
    return sorted((p for _s, ps in found for p in ps), key=lambda p: p.start)


def _in_name(w: str, lx: Lexicon, names: NameModel) -> bool:
    """Does ``w`` next to a hyphenated pair make it part of a longer name ("Trent", "Bandara",
    "van": ``name_particles``)? A capitalised function or common word opening the sentence
    ("Disusul", "Paslon") does not."""
    if w.lower() in lx.name_particles:
        return True
    return w[:1].isupper() and names.word(w).kind not in (FUNCTION, COMMON, RULE)


def _person_word(w: str, names: NameModel) -> bool:
    """One side of a ticket: a word seen as a person's, no place of the gazetteer."""
    return names.person_evidence(w) and not names.gz.lookup(w, ("provinsi", "kabupaten", "kota"))
