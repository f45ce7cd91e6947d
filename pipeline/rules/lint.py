"""Lint rule files: what loads but does not do what its author meant.

* ``duplicate_id``: one id twice in a file (the later wins).
* ``shadowed``: one spelling claimed by two entries (only one is used); an entry all of whose
  spellings are claimed by others never fires.
* ``never_fires``: a spelling the matcher of its section can never see, judged with the real
  normalizer and tokenizer built from the same rules. Each section is matched in one of a few
  ways (:data:`MATCH`):

  - ``tokens``: a sequence of spaCy tokens (ranks, offices, place cues ...), split by the same
    tokenizer as the text (pipeline/extract/lexicon.py), so "Laut (P)" matches as written: the
    spelling must come out of the normalizer unchanged and hold no sentence end (a dot split off
    before a capital: "Wk. Ketua"; dotted words of ranks and offices are tokens, "Jend. Pol.");
  - ``token``: one token (degrees, honorific and stop-word lists): no space, one token;
    ``tokens2``: one or two tokens (holder links, not-holder prefixes); ``field``: compared with a
    whole field value (unranked orgs), not checked;
  - ``cue_word``: a direct-speech cue, one word of letters read next to a quote ("kata dia" is
    "kata" + an optional dia/ia/beliau, so the entry "kata dia" never matches);
  - ``word_before_number``: date blockers, the last word of the 8 characters before a number,
    lower-cased, final dot dropped: "No." and words longer than 7 letters never match;
  - ``text``: a regex over the normalized body (relative days, weekday markers): the spelling
    must survive the normalizer (curly quotes, dashes, double spaces become plain);
  - noise patterns run on raw lines: a line pattern that needs a newline, a character removed
    before noise runs, or a ``^`` after text never matches; one that matches an empty string
    drops every line (``matches_everything``).
* ``unread``: a word list that no stage reads (its id is not one the code asks for, including
  the persons linking of pipeline/write/finalize.py).
* ``shadowed`` leaves out a bare rank two services share ("Jenderal"): the office decides.
* ``example``: an example that cannot pass: a field its table does not have, a value outside
  the field's choices, a row both expected and rejected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Optional

from ..extract.lexicon import CIVIL_TITLE_LEVELS
from ..nlp.language import _SENT_END  # where the sentence splitter ends a sentence
from .loader import BUNDLED_RULES, RuleSet

try:  # Python 3.11+: the regex parser moved
    import re._parser as _sre  # type: ignore[import-not-found]
    import re._constants as _src  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover
    import sre_constants as _src  # type: ignore[no-redef]
    import sre_parse as _sre  # type: ignore[no-redef]

_PHRASES: dict[str, Callable[[Any], list[str]]] = {
    "ranks": lambda e: [e.abbr, *e.variants], "positions": lambda e: [e.acronym, *e.variants],
    "corps": lambda e: [e.suffix, *e.variants], "degrees": lambda e: [e.canonical, *e.variants],
    "region_aliases": lambda e: [e.alias], "place_cues": lambda e: list(e.words),
    "position_heads": lambda e: list(e.words), "bodies": lambda e: list(e.words),
    "relative_days": lambda e: list(e.words)}

# How each section (and each word list, by id) is matched; see the module docstring.
MATCH: dict[str, str] = {
    "ranks": "tokens", "corps": "tokens", "positions": "tokens", "position_heads": "tokens", "bodies": "tokens",
    "place_cues": "tokens", "region_aliases": "tokens", "degrees": "token", "relative_days": "text",
    "speech_verbs:indirect": "tokens", "speech_verbs:direct": "cue_word",
    # word lists
    "honorifics": "token", "office_prefixes": "token", "name_stop_words": "token", "name_particles": "token",
    "object_markers": "token", "plural_markers": "token", "named_after_office": "tokens2", "ministry_words": "word", "apposition_qualifiers": "text", "enumeration_words": "text", "company_words": "token", "not_holder_prefixes": "tokens2", "not_rank_after": "token", "naming_words": "tokens",
    "according_to": "token", "complementizers": "token", "dropped_complementizers": "token", "shared_offices": "field",
    "unranked_orgs": "field", "holder_links": "tokens2", "residence_roles": "token", "not_places": "token",
    "pronoun_speakers": "tokens", "not_speech_verbs": "cue_word", "speaker_quantifiers": "word",
    "not_name_shapes": "word", "unit_prefixes": "tokens", "unit_aliases": "tokens", "person_roles": "tokens",
    "org_before_place": "tokens", "civil_titles": "tokens", **{f"civil_titles_{lv}": "tokens" for lv in CIVIL_TITLE_LEVELS if lv}, "date_blockers": "word_before_number",
    "weekday_past_markers": "text", "weekday_future_markers": "text", "glued_words": "text",
    "glued_function_words": "text", "glued_word_starts": "text", "glued_split_not_suffixes": "text",
}
_CUE_WORD = re.compile(r"[A-Za-z]+")
# removed or replaced before noise patterns run (pipeline/normalize/cleaner.py: CR, invisible, spaces)
_GONE_BEFORE_NOISE = set("\r\t\f\v\u00a0\u200b\u200c\u200d\u2060\ufeff\u00ad\u202f\u205f\u3000") | {
    chr(c) for c in range(0x2000, 0x200b)}
_TABLE_FIELDS = {
    "officials": "people", "people": "people", "places": "places", "dates": "dates", "quotes": "quotes"}
_CHOICES = {("quotes", "kind"): {"direct", "indirect"},
            ("dates", "kind"): {"publication", "event", "mentioned", "relative"},
            ("places", "level"): {"provinsi", "kabupaten", "kota", "kecamatan", "desa", "kelurahan", "dusun"},
            ("places", "link_method"): {"unique", "context", "alias", "fuzzy", "ambiguous", "no_code"}}


@dataclass
class LintIssue:
    file: str
    message: str
    kind: str = "lint"  # duplicate_id, shadowed, never_fires, matches_everything, unread, example


def _name(path) -> str:
    """A bundled file by its name ("ranks.yaml"), a user file by its path."""
    return path.name if path.parent == BUNDLED_RULES else str(path)


def lint(rules: RuleSet, nlp: Optional[Any] = None) -> list[LintIssue]:
    """Every issue of the merged rules; ``nlp`` (the pipeline's spaCy) is built when not given."""
    from ..nlp.language import build_nlp

    nlp = nlp or build_nlp(rules)
    issues = _duplicate_ids(rules) + _shadowed(rules)
    issues += _never_fires(rules, nlp)
    issues += _noise(rules)
    issues += _unread_word_lists(rules)
    issues += _examples(rules)
    return issues


# -- duplicates and shadows -------------------------------------------------------------
def _duplicate_ids(rules: RuleSet) -> list[LintIssue]:
    issues = []
    for f in rules.files:
        for section in _PHRASES.keys() | {"word_lists", "noise", "speech_verbs", "name_abbreviations"}:
            seen: set[str] = set()
            for entry in getattr(f.rules, section):
                if entry.id in seen:
                    issues.append(LintIssue(_name(f.path), f"{section}: id {entry.id!r} appears twice; the later wins",
                                            "duplicate_id"))
                seen.add(entry.id)
    return issues


def _shadowed(rules: RuleSet) -> list[LintIssue]:
    issues = []
    groups: list[tuple[str, list[tuple[str, list[str]]]]] = [
        (s, [(e.id, phrases(e)) for e in rules.sections.get(s, [])]) for s, phrases in _PHRASES.items()]
    for kind in ("direct", "indirect"):
        groups.append((f"speech_verbs ({kind})",
                       [(v.id, list(v.words)) for v in rules.speech_verbs if v.kind == kind]))
    groups.append(("months", [(f"month {n}", list(w)) for n, w in sorted(rules.months.items())]))
    groups.append(("weekdays", [(f"weekday {n}", list(w)) for n, w in sorted(rules.weekdays.items())]))
    service = {r.id: r.service for r in rules.sections.get("ranks", [])}
    for section, entries in groups:
        owner: dict[str, str] = {}
        for eid, phrases in entries:
            own = 0
            for ph in phrases:
                k = ph.lower().rstrip(".")
                if section == "ranks" and k in owner and service.get(owner[k]) != service.get(eid):
                    own += 1  # "Jenderal" of the police and of the army: the office before it decides
                    continue
                if k in owner and owner[k] != eid:
                    issues.append(LintIssue(section, f"{ph!r} is claimed by {owner[k]!r} and {eid!r}; "
                                                     f"only one of them is used", "shadowed"))
                else:
                    own += 1
                owner.setdefault(k, eid)
            if phrases and own == 0:
                issues.append(LintIssue(section, f"{eid!r} never fires: every spelling of it belongs to an "
                                                 f"earlier entry", "shadowed"))
    return issues


# -- spellings the matcher never sees -------------------------------------------------------
def _entries_by_file(rules: RuleSet, section: str) -> Iterable[tuple[str, Any]]:
    """(file name, entry) for the entries of ``section`` that survive the merge by id."""
    live = {id(e) for e in rules.sections.get(section, [])}
    for f in rules.files:
        for e in getattr(f.rules, section):
            if id(e) in live:
                yield _name(f.path), e


def _never_fires(rules: RuleSet, nlp) -> list[LintIssue]:
    from ..normalize.cleaner import normalize_text

    def normalized(w: str) -> str:
        return normalize_text(w, []).text

    def why_not(word: str, how: str) -> Optional[str]:
        if how in ("tokens", "token", "text", "cue_word") and normalized(word) != word:
            return f"the normalizer rewrites it to {normalized(word)!r}"
        if how in ("text", "field"):
            return None
        if how == "cue_word":
            if not _CUE_WORD.fullmatch(word):
                return "a speech cue is one word of letters (dia/ia/beliau after it are read anyway)"
            return None
        if how == "word":
            return "it has a space; it is compared with one word" if " " in word.strip() else None
        if how == "word_before_number":
            w = word.strip()
            if " " in w:
                return "it has a space; the word before a number is one word"
            if w.endswith("."):
                return "the final dot is dropped before comparing; write it without the dot"
            if len(w) > 7:
                return "only the 8 characters before a number are read; the word is longer"
            return None
        toks = [t.text for t in nlp.tokenizer(word) if not t.is_space]
        want = word.split()
        if how == "token" and len(want) > 1:
            return "it has a space; it is compared with one token"
        if how == "tokens2" and len(want) > 2:
            return "it is compared with the one or two tokens before an office"
        if how == "tokens":  # split by the same tokenizer as the text: only a sentence end inside breaks it
            for k, t in enumerate(toks):
                if t in _SENT_END and (k + 1 == len(toks) or toks[k + 1][:1].isupper() or toks[k + 1][:1].isdigit()):
                    return (f"the tokenizer reads it as {toks}, and the sentence splitter ends a sentence at {t!r}, "
                            f"so what follows it is another sentence")
            return None
        if [t.lower() for t in toks] != [w.lower() for w in want]:
            return f"the tokenizer reads it as {toks}, the rule looks for {want}"
        return None

    issues = []

    def check(fname: str, where: str, words: Iterable[str], how: str, alternatives: Iterable[str] = ()) -> None:
        for w in words:
            reason = why_not(w, how)
            if reason and all(why_not(a, how) for a in alternatives):
                issues.append(LintIssue(fname, f"{where}: {w!r} never fires: {reason}", "never_fires"))

    for section in ("corps", "positions", "position_heads", "bodies", "place_cues", "region_aliases", "degrees",
                    "relative_days"):
        for fname, e in _entries_by_file(rules, section):
            check(fname, f"{section} {e.id}", _PHRASES[section](e), MATCH[section])
    for fname, e in _entries_by_file(rules, "ranks"):
        for form in [e.abbr, *e.variants]:  # the lexicon also adds each form without its final dot
            check(fname, f"ranks {e.id}", [form], "tokens", alternatives=[form.rstrip(".")])
    for fname, e in _entries_by_file(rules, "speech_verbs"):
        check(fname, f"speech_verbs {e.id}", e.words, MATCH[f"speech_verbs:{e.kind}"])
    for fname, e in _entries_by_file(rules, "word_lists"):
        how = MATCH.get(e.id)
        if how:
            check(fname, f"word_lists {e.id}", e.words, how)
    return issues


def _required(items, flags: int) -> list[tuple[str, Any]]:
    """The elements every match must go through, in order: ("char", c), ("at", anchor), ("any", None)."""
    out: list[tuple[str, Any]] = []
    for op, av in items:
        if op is _src.LITERAL:
            out.append(("char", chr(av)))
        elif op is _src.IN:
            chars = [chr(a) for o, a in av if o is _src.LITERAL]
            if len(chars) == len(av) and not any(o is _src.NEGATE for o, _a in av) and len(set(chars)) == 1:
                out.append(("char", chars[0]))
            else:
                out.append(("any", None))
        elif op is _src.AT:
            out.append(("at", av))
        elif op is _src.SUBPATTERN:
            out.extend(_required(av[-1], flags))
        elif op in (_src.MAX_REPEAT, _src.MIN_REPEAT):
            lo, _hi, body = av
            if lo >= 1:
                out.extend(_required(body, flags))
            else:
                out.append(("optional", None))
        elif op in (_src.ANY, _src.NOT_LITERAL, _src.CATEGORY):
            out.append(("any", None))
        else:  # branches, lookarounds, groups refs: nothing required that we can prove
            out.append(("optional", None))
    return out


def _noise(rules: RuleSet) -> list[LintIssue]:
    issues = []
    flagmap = {"IGNORECASE": re.IGNORECASE, "MULTILINE": re.MULTILINE}
    for fname, n in _entries_by_file(rules, "noise"):
        flags = 0
        for f in n.flags:
            flags |= flagmap[f]
        rx = re.compile(n.pattern, flags)
        parsed = _sre.parse(n.pattern, flags)
        req = _required(list(parsed), flags)
        line_scope = n.scope != "inline"
        reason = None
        consumed = False
        ended = False
        for kind, val in req:
            if kind == "char":
                if val in _GONE_BEFORE_NOISE:
                    reason = f"it needs {val!r}, which normalization removes before noise patterns run"
                elif val == "\n" and line_scope:
                    reason = "it needs a newline, and a line never holds one (scope: line)"
                elif ended:
                    reason = "it needs text after the end of the line ($)"
                consumed = True
            elif kind == "any":
                if ended:
                    reason = "it needs text after the end of the line ($)"
                consumed = True
            elif kind == "at":
                if val in (_src.AT_BEGINNING, _src.AT_BEGINNING_STRING) and consumed and \
                        (val is _src.AT_BEGINNING_STRING or not flags & re.MULTILINE):
                    reason = "it needs the start of the line (^) after text"
                if val in (_src.AT_END, _src.AT_END_STRING):
                    ended = True
            if reason:
                break
        if reason:
            issues.append(LintIssue(fname, f"noise {n.id}: never fires: {reason}", "never_fires"))
        elif line_scope and (rx.search("") or rx.search("Kapolres Ngawi meninjau lokasi banjir di Desa Kedunggalar.")):
            issues.append(LintIssue(fname, f"noise {n.id}: matches every line (an empty line, an ordinary sentence); "
                                           f"scope {n.scope} would drop the whole article", "matches_everything"))
    return issues


# -- word lists no stage reads ---------------------------------------------------------
class _Recording(RuleSet):
    """A RuleSet that notes which word lists are asked for."""

    def word_list(self, list_id: str) -> list[str]:
        self.__dict__.setdefault("asked", set()).add(list_id)
        return super().word_list(list_id)


def read_word_lists(rules: RuleSet) -> set[str]:
    """Ids of the word lists the stages ask for while they are built (as the Processor builds them)."""
    from ..extract.lexicon import build_lexicon
    from ..extract.names import name_contexts
    from ..nlp.language import abbreviations
    from ..normalize import compile_noise, compile_unglue
    from ..normalize.cleaner import glued_function_words
    from ..normalize.glued import GluedWordSplitter
    from ..resources.wordstats import WordStats
    from ..write.finalize import link_options

    rec = _Recording(files=rules.files, sections=rules.sections, months=rules.months, weekdays=rules.weekdays,
                     version=rules.version)
    build_lexicon(rec)
    abbreviations(rec)
    link_options(rec)
    compile_noise(rec)
    compile_unglue(rec)
    glued_function_words(rec)
    GluedWordSplitter.from_rules(rec, WordStats({}))
    name_contexts(rec)  # read by `pipeline names build`, which counts the name model's statistics
    return set(rec.__dict__.get("asked", set()))


def _unread_word_lists(rules: RuleSet) -> list[LintIssue]:
    read = read_word_lists(rules)
    return [LintIssue(fname, f"word_lists {e.id}: never fires: no stage reads a word list with this id "
                             f"(read: {', '.join(sorted(read))})", "unread")
            for fname, e in _entries_by_file(rules, "word_lists") if e.id not in read]


# -- examples that cannot pass -------------------------------------------------------------
def _examples(rules: RuleSet) -> list[LintIssue]:
    from ..write.tables import COLUMNS

    issues = []
    for path, i, ex in rules.examples():
        cols = set(COLUMNS[_TABLE_FIELDS[ex.table]])
        for which, rows in (("expect", ex.expect), ("reject", ex.reject)):
            for row in rows:
                for k, v in row.items():
                    if k not in cols:
                        issues.append(LintIssue(_name(path), f"example {i}: {which} field {k!r} is not a column of "
                                                           f"{ex.table}", "example"))
                    elif (ex.table, k) in _CHOICES and v not in _CHOICES[(ex.table, k)]:
                        issues.append(LintIssue(_name(path), f"example {i}: {k}={v!r} is none of "
                                                           f"{sorted(_CHOICES[(ex.table, k)])}", "example"))
        for row in ex.expect:  # a reject whose fields all agree with an expected row refuses that row
            if any(all(row.get(k) == v for k, v in rej.items()) for rej in ex.reject):
                issues.append(LintIssue(_name(path), f"example {i}: {row} is both expected and rejected", "example"))
    return issues
