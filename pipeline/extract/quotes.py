"""Direct quotes (in quote marks, across paragraphs, interrupted by their cue) and indirect
speech (speech verb + content, "Menurut X, ..."), with the cue and the speaker mention.

Speakers are left as mentions or as "focus" requests here; the resolve stage turns them
into people. Quote marks are already unified to '"' by normalization.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from spacy.tokens import Doc

from .lexicon import Lexicon
from .people import PersonMention, apposition_gap

_WORD = re.compile(r"[A-Za-z][\w'-]*")
_PARA = re.compile(r"[^\n]+")
_MIN_WORDS = 4


@dataclass
class QuoteCandidate:
    kind: str  # direct | indirect
    start: int  # content span
    end: int
    text: str
    paragraph: int
    cue: Optional[str] = None
    cue_start: Optional[int] = None
    speaker_text: Optional[str] = None
    speaker_mention: Optional[PersonMention] = None
    use_focus: bool = False  # "-nya", "dia", or no cue: the person in focus
    rule_id: str = ""


def quote_spans(text: str) -> list[tuple[int, int, int]]:
    """(open, close, paragraph) of every direct quote; close is the index of the closing mark
    (or the paragraph end for an unbalanced mark). A quote left open at the end of a
    paragraph continues when the next paragraph opens with a quote mark."""
    paras = [(m.start(), m.end()) for m in _PARA.finditer(text)]
    out: list[tuple[int, int, int]] = []
    carry: Optional[tuple[int, int]] = None  # (open offset, paragraph) of a quote left open
    for p_idx, (ps, pe) in enumerate(paras):
        marks = [i for i in range(ps, pe) if text[i] == '"']
        if carry is not None:
            if marks and marks[0] == ps:
                marks = marks[1:]  # the continuation mark
                if marks:
                    out.append((carry[0], marks[0], carry[1]))
                    marks = marks[1:]
                    carry = None
                else:
                    continue  # still open: spans yet another paragraph
            elif len(marks) % 2 == 1:
                # a paragraph break inside the quote, no continuation mark: the odd mark closes it
                out.append((carry[0], marks[0], carry[1]))
                marks = marks[1:]
                carry = None
            else:
                out.append((carry[0], paras[p_idx - 1][1], carry[1]))
                carry = None
        k = 0
        while k + 1 < len(marks):
            out.append((marks[k], marks[k + 1], p_idx))
            k += 2
        if k < len(marks):
            carry = (marks[k], p_idx)
    if carry is not None:
        out.append((carry[0], len(text), carry[1]))
    return out


class QuoteFinder:
    def __init__(self, lexicon: Lexicon):
        self.lx = lexicon
        # a cue after the quote, and the pronoun that may follow it (pronoun_speakers in speech.yaml)
        words = sorted((w for w in lexicon.pronouns if w.isalpha() and w != "nya"), key=len, reverse=True)
        pron = "|".join(map(re.escape, words)) or "(?!)"
        self.cue_after = re.compile(rf"\s*,?\s*([A-Za-z]+)(?:\s+({pron})\b)?")

    def _cue_word(self, word: str) -> Optional[str]:
        w = word.lower()
        if w in self.lx.not_speech:
            return None
        if w in self.lx.direct_cues:
            return word
        if w.endswith("nya") and w[:-3] in self.lx.direct_cues:
            return word
        return None

    def direct(self, text: str, mentions: list[PersonMention]) -> list[QuoteCandidate]:
        spans = quote_spans(text)
        para_starts = [m.start() for m in _PARA.finditer(text)]
        out: list[QuoteCandidate] = []
        for qi, (qs, qe, p_idx) in enumerate(spans):
            content = text[qs + 1:qe]
            stripped = content.strip().rstrip(",").strip()
            cs = qs + 1 + (len(content) - len(content.lstrip()))
            ce = cs + len(stripped)
            para_end = text.find("\n", qe)
            para_end = len(text) if para_end < 0 else para_end
            after = text[qe + 1:para_end] if qe < len(text) else ""
            cand = QuoteCandidate("direct", cs, ce, stripped, p_idx, rule_id="quotes.direct")
            # Cue after the quote: ', ucapnya.' / ' kata Kapolres Pasuruan.'
            m = self.cue_after.match(after)
            if m and self._cue_word(m.group(1)):
                cand.cue = m.group(1)
                cand.cue_start = qe + 1 + m.start(1)
                cand.rule_id = "quotes.direct_cue_after"
                tail_start = qe + 1 + m.end()
                tail = re.match(r"[^.!?\"]*", text[tail_start:para_end]).group(0)
                lead = len(tail) - len(tail.lstrip())
                # the speaker is named right after the cue, not later in the sentence
                sp = [pm for pm in mentions if tail_start + lead <= pm.start <= tail_start + lead + 1]
                if cand.cue.lower().endswith("nya") or m.group(2) or not tail.strip():
                    cand.use_focus = True
                elif sp:
                    # "kata kuasa hukum Nadiem, Hotman Paris,": the role's holder is the name in
                    # apposition, the first name the one the role is of
                    cand.speaker_mention = _apposed_to_role(text, sp[0], mentions) or sp[0]
                    cand.speaker_text = text[cand.speaker_mention.start:cand.speaker_mention.end]
                elif (ap := self._apposed(text, tail_start + lead, tail_start + len(tail), mentions)) is not None:
                    # "kata juru bicara KPK, Budi Prasetyo", "kata Kepala Riset Monex Ariston Tjendra"
                    cand.speaker_mention = _apposed_to_role(text, ap, mentions) or ap
                    cand.speaker_text = text[cand.speaker_mention.start:cand.speaker_mention.end]
                else:
                    # a run of capitalised words, an "(Abbrev)" inside: the speaker stage finds the
                    # name at its end ("kata Vice President Corporate Relations Shell Indonesia Susi Hutapea")
                    name = _CAP_RUN.match(tail)
                    cand.speaker_text = name.group(1).strip() if name else _description(tail, self.lx)
                    if not cand.speaker_text:
                        cand.use_focus = True
            elif (sp := [pm for pm in mentions if qe + 1 <= pm.start <= qe + 3 and not pm.in_quote
                         and re.fullmatch(r"\s*,?\s*", text[qe + 1:pm.start])]):
                # no cue, the speaker right after the quote: '"...," Kabid Humas Polda Jabar, Kombes X dalam keterangan pers.'
                cand.speaker_mention = sp[0]
                cand.speaker_text = text[sp[0].start:sp[0].end]
                cand.rule_id = "quotes.direct_speaker_after"
            else:
                # Cue before the quote: 'AKBP Bayu menjawab, "' / 'sambutan dari Camat Lumbang, "'
                ps = para_starts[p_idx] if p_idx < len(para_starts) else 0
                before = text[ps:qs]
                sent_start = max(before.rfind(". "), before.rfind('" '), -1) + 1
                lead = before[sent_start:]
                if lead.strip().endswith((",", ":")) or (lead.strip() and not lead.strip().endswith((".", "!", "?"))):
                    sp = [pm for pm in mentions if ps + sent_start <= pm.start < qs and not pm.is_object and not pm.in_quote]
                    verbs = [w for w in _WORD.findall(lead) if self._cue_word(w) or self.lx.indirect_verbs.match([w.lower()], 0)]
                    if sp:
                        cand.speaker_mention = sp[-1]
                        cand.speaker_text = text[sp[-1].start:sp[-1].end]
                        cand.cue = verbs[-1] if verbs else None
                        cand.rule_id = "quotes.direct_intro"
                    else:
                        cand.use_focus = True
                        cand.cue = verbs[-1] if verbs else None
                        cand.rule_id = "quotes.direct_intro_focus" if verbs else "quotes.direct_floating"
                else:
                    cand.use_focus = True
                    cand.rule_id = "quotes.direct_floating"
            if len(_WORD.findall(stripped)) < _MIN_WORDS and cand.cue is None:
                continue  # a quoted term or title, not speech
            if cand.cue is None and (w := _WORD.findall(text[max(0, qs - 30):qs])) and w[-1].lower() in self.lx.title_nouns:
                continue  # 'mengusung tema "..."', 'lagu "I Believe I Can Fly"': a title or a theme
            if not stripped:
                continue
            # "A," kata X. "B." -> one quote interrupted by its cue.
            if out and out[-1].paragraph == p_idx and cand.cue is None and out[-1].cue is not None \
                    and cand.rule_id == "quotes.direct_floating" and out[-1].cue_start is not None \
                    and not re.search(r"[.!?]\s+[A-Z]", text[out[-1].end:qs].split('"')[-1][:0] or ""):
                prev = out[-1]
                between = text[prev.end:qs]
                if between.count(".") <= 1 and len(between) < 200:
                    prev.text = prev.text + " " + stripped
                    prev.end = ce
                    continue
            out.append(cand)
        return out

    def indirect(self, doc: Doc, text: str, mentions: list[PersonMention],
                 direct_spans: list[tuple[int, int]]) -> list[QuoteCandidate]:
        out: list[QuoteCandidate] = []
        para_of = _paragraph_index(text)
        for sent in doc.sents:
            s0, s1 = sent.start_char, sent.end_char
            if any(qs <= s0 < qe for qs, qe in direct_spans):
                continue
            toks = [t for t in sent]
            keys = [t.text.lower() for t in toks]
            according = self.lx.according_to  # "menurut" (speech.yaml according_to); "menurutnya": focus
            for i, tok in enumerate(toks):
                if i == 0 and self._passive_cue(keys[0]):
                    cand = self._passive(toks, keys, text, s1, para_of, mentions)
                    if cand:
                        out.append(cand)
                        break
                    continue
                own = keys[i].endswith("nya") and keys[i][:-3] in according
                if tok.text[:1].isupper() and keys[i] not in according and not own:
                    continue
                if own:
                    # "Menurutnya, ..." and "Sebab menurutnya segala ..." (no comma): the person in focus
                    c = i + 2 if i + 1 < len(toks) and toks[i + 1].text == "," else i + 1
                    if c < len(toks) and toks[c].text[:1].isalnum():
                        cand = self._content(text, toks[c].idx, s1, para_of, "indirect", tok.text, tok.idx,
                                             "quotes.indirect_menurutnya")
                        if cand:
                            cand.use_focus = True
                            out.append(cand)
                            break
                    continue
                if i > 0 and toks[i - 1].text == "," and keys[i] in self.lx.direct_cues:
                    cand = self._mid_cue(toks, keys, i, text, s1, para_of, mentions)
                    if cand:
                        out.append(cand)
                        break
                if keys[i] in according and i + 1 < len(toks):
                    sp = [pm for pm in mentions if pm.start == toks[i + 1].idx]
                    comma = next((k for k in range(i + 1, min(len(toks), i + 12)) if toks[k].text == ","), None)
                    who = " ".join(t.text for t in toks[i + 1:comma]) if comma else ""
                    pronoun = who.lower() in self.lx.pronouns
                    is_name = bool(who) and all(t.text[:1].isupper() and t.text.lower() not in self.lx.name_stop
                                                 for t in toks[i + 1:comma])
                    role = bool(who) and not is_name and self._role(keys[i + 1:comma])  # "menurut juru bicara, ..."
                    if (sp or pronoun or is_name or role) and comma is not None and comma + 1 < len(toks):
                        c0 = toks[comma + 1].idx
                        cand = self._content(text, c0, s1, para_of, "indirect", tok.text, tok.idx,
                                             "quotes.indirect_menurut")
                        if cand:
                            if sp:
                                cand.speaker_mention = sp[0]
                                cand.speaker_text = text[sp[0].start:sp[0].end]
                            elif pronoun:
                                cand.use_focus = True
                            else:
                                cand.speaker_text = who
                            out.append(cand)
                    continue
                m = self.lx.indirect_verbs.match(keys, i)
                if not m:
                    continue
                end = m[0]
                # The verb introduces a direct quote: the quote is the speech, not this.
                rest = text[toks[end - 1].idx + len(toks[end - 1].text):s1]
                if re.match(r'\s*[,:]?\s*"', rest):
                    break
                subj = [pm for pm in mentions if s0 <= pm.start and pm.end <= tok.idx and not pm.is_object]
                pron = [t for t in toks[:i] if t.text.lower() in self.lx.pronouns]
                k = end
                # skip "kepada <object>" up to agar/bahwa/untuk
                if k < len(toks) and keys[k] in ("kepada", "pada"):
                    j = k
                    while j < len(toks) and keys[j] not in self.lx.complementizers and keys[j] not in (",", "."):
                        j += 1
                    if j < len(toks) and keys[j] not in (",", "."):
                        k = j  # "meminta kepada warga agar ...": the content opens at "agar"
                if k < len(toks) and keys[k] in self.lx.dropped_complementizers:
                    k += 1
                while k < len(toks) and toks[k].text in (",", ":"):
                    k += 1
                if k >= len(toks):
                    break
                cue = " ".join(t.text for t in toks[i:end])
                cand = self._content(text, toks[k].idx, s1, para_of, "indirect", cue, tok.idx, "quotes.indirect_verb")
                if cand is None:
                    break
                named = _name_before(toks, i, self.lx)
                if subj and subj[-1].end >= toks[max(i - 6, 0)].idx:
                    cand.speaker_mention = subj[-1]
                    cand.speaker_text = text[subj[-1].start:subj[-1].end]
                elif named:
                    cand.speaker_text = named  # "Sony Susmana, menjelaskan ...": resolved by name
                elif subj:
                    cand.speaker_mention = subj[-1]
                    cand.speaker_text = text[subj[-1].start:subj[-1].end]
                elif 0 < i <= 2 and keys[i - 1] in self.lx.anaphoric_description_words \
                        and not self._points_back(keys, i):
                    break  # "Kebijakan tersebut menegaskan ...": a thing pointed back to, no speaker
                elif pron or i <= 2 or self._points_back(keys, i):
                    cand.use_focus = True  # "Pemain asal Inggris itu menegaskan ...": the person in focus
                else:
                    break
                out.append(cand)
                break
        return out

    def _passive_cue(self, key: str) -> bool:
        cues = self.lx.passive_cues
        return key in cues or key.endswith("nya") and key[:-3] in cues

    def _role(self, keys: list[str]) -> bool:
        """Words that describe a speaker by office or role ("juru bicara", "warga setempat")."""
        return bool(keys) and any(t.match(keys, 0) for t in (self.lx.positions, self.lx.heads, self.lx.person_roles))

    def _points_back(self, keys: list[str], i: int) -> bool:
        """The subject before the verb at ``i`` is a person described and pointed back to ("Pemain
        asal Inggris itu", "Atlet berusia 31 tahun ini juga"): a role word first, a demonstrative
        (anaphoric_description_words) last, adverbs (adverbs_before_cue) skipped."""
        k = i - 1
        while k >= 0 and keys[k] in self.lx.adverbs_before_cue:
            k -= 1
        if k < 1 or keys[k] not in self.lx.anaphoric_description_words:
            return False
        start = max((j + 1 for j in range(k) if keys[j] in (",", ";", ":")), default=0)
        return k - start <= 10 and bool(self.lx.person_roles.match(keys, start))

    def _passive(self, toks, keys, text, s1, para_of, mentions) -> Optional[QuoteCandidate]:
        """"Dikatakan, ..." / "Disampaikannya, ...": the person in focus; "Dikatakan VP Marketing
        Xpeng Indonesia Hari Arifianto, ..." / "Dijelaskan oleh X bahwa ...": the person named."""
        n = len(toks)
        cue = toks[0].text
        if n > 2 and toks[1].text == ",":
            cand = self._content(text, toks[2].idx, s1, para_of, "indirect", cue, toks[0].idx, "quotes.indirect_passive")
            if cand:
                cand.use_focus = True
            return cand
        if keys[0].endswith("nya"):
            return None
        j = 2 if n > 1 and keys[1] == "oleh" else 1
        end = next((k for k in range(j + 1, min(n, j + 14)) if keys[k] == "," or keys[k] in self.lx.dropped_complementizers), None)
        if end is None or end + 1 >= n:
            return None
        a, b = toks[j].idx, toks[end].idx
        inside = [pm for pm in mentions if a <= pm.start and pm.end <= b and not pm.is_object]
        span = keys[j:end]
        named = all(t.text[:1].isupper() for t in toks[j:end])
        if not inside and not named and not self._role(span):
            return None
        c = end + 1
        while c < n and toks[c].text in (",", ":"):
            c += 1
        if c >= n:
            return None
        cand = self._content(text, toks[c].idx, s1, para_of, "indirect", cue, toks[0].idx, "quotes.indirect_passive")
        if cand:
            if inside:
                pm = inside[-1]  # the holder after an office: "VP Marketing Xpeng Indonesia Hari Arifianto"
                cand.speaker_mention, cand.speaker_text = pm, text[pm.start:pm.end]
            else:
                cand.speaker_text = text[a:b].strip()
        return cand

    def _mid_cue(self, toks, keys, i, text, s1, para_of, mentions) -> Optional[QuoteCandidate]:
        """"Pasalnya, kata Fahmy, kontraktor Chevron ...": a cue between commas inside a sentence
        with no quote marks; the content is what follows the second comma."""
        n = len(toks)
        end = next((k for k in range(i + 2, min(n, i + 8)) if toks[k].text == ","), None)
        if end is None or end + 1 >= n:
            return None
        a, b = toks[i + 1].idx, toks[end].idx
        inside = [pm for pm in mentions if a <= pm.start and pm.end <= b and not pm.is_object]
        pron = end == i + 2 and keys[i + 1] in self.lx.pronouns
        named = all(t.text[:1].isupper() and t.text.lower() not in self.lx.name_stop for t in toks[i + 1:end])
        if not (inside or pron or named):
            return None
        cand = self._content(text, toks[end + 1].idx, s1, para_of, "indirect", toks[i].text, toks[i].idx,
                             "quotes.indirect_mid_cue")
        if cand:
            if inside:
                pm = inside[-1]
                cand.speaker_mention, cand.speaker_text = pm, text[pm.start:pm.end]
            elif pron:
                cand.use_focus = True
            else:
                cand.speaker_text = text[a:b].strip()
        return cand

    def _apposed(self, text: str, a: int, b: int, mentions: list[PersonMention]) -> Optional[PersonMention]:
        """The named person in apposition to the office or role written first after a cue
        (``a``:``b``): "juru bicara KPK, Budi Prasetyo", "Direktur WCC IMD, Arturo Bris"."""
        for pm in mentions:
            if pm.start <= a or pm.start >= b or not pm.name:
                continue
            gap = text[a:pm.start]
            full = gap.rstrip()
            if full.endswith("(") and full[:-1].split() and all(w[:1].isupper() for w in full[:-1].split()):
                return pm  # "kata Komandan Rayon Militer (Danramil) Magelang Utara, Mayor Inf Joko": full form (abbreviation)
            words = gap.lower().replace(",", " ").split()
            k = 0
            for trie in (self.lx.positions, self.lx.heads, self.lx.person_roles):
                m = trie.match(words, 0)
                if m:
                    k = max(k, m[0])
            lead = re.match(r"\s*" + r"\s+".join(r"\S+" for _ in range(k)), gap) if k else None
            rest = gap[lead.end():] if lead else gap
            if (k or rest[:1].isupper() or rest.strip()[:1].isupper()) and apposition_gap(rest):
                return pm
            return None  # only the first name after the cue
        return None

    def _content(self, text, c0, s1, para_of, kind, cue, cue_start, rule) -> Optional[QuoteCandidate]:
        content = text[c0:s1].strip()
        content = content.rstrip(".").strip()
        if len(_WORD.findall(content)) < 3:
            return None
        return QuoteCandidate(kind, c0, c0 + len(content), content, para_of(c0), cue=cue,
                              cue_start=cue_start, rule_id=rule)


def _apposed_to_role(text: str, pm: PersonMention, mentions: list[PersonMention]) -> Optional[PersonMention]:
    """The person named in apposition right after a role and a name ("kuasa hukum Nadiem,
    Hotman Paris, saat ...", "istri Budi, Ani, mengatakan"): the role is the second person's."""
    if not pm.role or pm.position:
        return None
    for other in mentions:
        if other.start > pm.end and other.name and re.fullmatch(r"\s*,\s*", text[pm.end:other.start]):
            if re.match(r"\s*(?:[,.;]|$|[a-z])", text[other.end:other.end + 3]):
                return other
    return None


_CAP_RUN = re.compile(r"\s*((?:(?:[A-Z][\w.'-]*|\([A-Z][\w.'-]*\))\s?){1,10})")
_DESC_END = re.compile(r"\s+(?:yang|saat|ketika|kepada|di|pada|dengan|usai|seusai)\b|[,;]")


def _description(tail: str, lx: Lexicon) -> Optional[str]:
    """An unnamed speaker described after the cue: "kata salah seorang polisi jaga yang enggan
    disebut namanya" -> "polisi jaga" (quantifiers and relative clauses dropped)."""
    desc = _DESC_END.split(tail.strip(), maxsplit=1)[0].strip()
    words = desc.split()
    while words and words[0].lower() in lx.speaker_quantifiers:
        words = words[1:]
    return " ".join(words[:4]) or None if words else None


def _name_before(toks, i: int, lx: Lexicon) -> Optional[str]:
    """A capitalised name right before token i ("Sony Susmana, menjelaskan", "Khofifah mengatakan")."""
    k = i - 1
    while k >= 0 and toks[k].text.lower() in lx.adverbs_before_cue:
        k -= 1  # "KPU juga menyatakan", "Ia pun mengatakan"
    if k >= 0 and toks[k].text == ",":
        k -= 1
    end = k + 1
    while k >= 0 and end - k <= 4 and toks[k].text[:1].isupper() \
            and toks[k].text.replace("'", "").replace("-", "").isalpha() \
            and toks[k].text.lower() not in lx.name_stop and not (toks[k].text.isupper() and end - k > 1):
        k -= 1  # "Ma'ruf", "Alexander-Arnold"; an acronym only alone ("SBY mengatakan")
    if end - (k + 1) == 0:
        return None
    if k >= 0 and lx.place_cues.match([toks[k].text.lower()], 0):
        return None  # "warga Desa Kayutrejo mengatakan": a place, not a name
    if k >= 0 and toks[k].text.lower() in lx.institution_openers:
        k -= 1  # "Pihak Jaecoo mengklaim": the speaker stage judges "pihak X"
    return " ".join(t.text for t in toks[k + 1:end])


def _paragraph_index(text: str):
    starts = [m.start() for m in _PARA.finditer(text)]
    import bisect

    def para_of(offset: int) -> int:
        return max(bisect.bisect_right(starts, offset) - 1, 0)

    return para_of
