"""Normalize a raw article body: remove scraping noise, unify quotes and spaces, repair
mojibake, split paragraphs an export joined with a comma ("esok.,Seorang"), and join
paragraphs broken in the middle of a sentence.

The result is an :class:`OffsetText` whose ``text`` becomes ``articles.text`` and whose
``origin`` maps every character back to the raw body. Paragraphs are separated by
exactly one blank line ("\\n\\n"); a paragraph never contains a newline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..rules.loader import RuleSet
from .offsets import OffsetText, SpanMatcher

if TYPE_CHECKING:
    from .glued import GluedWordSplitter

_FLAGS = {"IGNORECASE": re.IGNORECASE, "MULTILINE": re.MULTILINE}

# Character-level fixes. These are Unicode facts, not research choices, so they live here.
_ESCAPED_QUOTE = re.compile(r'\\(["\'*_])')
_DOUBLE_QUOTES = re.compile(r"[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u275d\u275e\uff02]|''|\u2019\u2019|\u2018\u2018|``")
_SINGLE_QUOTES = re.compile(r"[\u2018\u2019\u201a\u201b\u2032\u0060\u00b4]")
_DASHES = re.compile(r"[\u2012\u2013\u2014\u2015\u2212]")
_SPACES = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0b\x0e-\x1f\x7f]")
_ELLIPSIS = re.compile(r"\u2026")
_MOJIBAKE = re.compile(r"[\u00c2-\u00c5\u00e2][\u0080-\u00bf\u2018-\u203a\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc]{1,2}")
# Markdown remnants: links, headings, emphasis, escaped characters.
_MD_LINK = re.compile(r"\[([^\]\n]{0,300})\]\((?:https?://|www\.|/)[^)\s]*\)")
_BARE_URL = re.compile(r"<?https?://[^\s>)]+>?")
_MD_EMPH = re.compile(r"(?<!\w)(\*\*|__)(?=\S)|(?<=\S)(\*\*|__)(?!\w)")
_MD_HEADING = re.compile(r"(?m)^[ ]*#{1,6}[ ]+")
_CR = re.compile(r"\r\n?")
_LINE_SPACES = re.compile(r"[ ]{2,}")
_TRAILING = re.compile(r"(?m)[ ]+$|^[ ]+")
_BLANKS = re.compile(r"\n{2,}")
_SINGLE_NL = re.compile(r"(?<!\n)\n(?!\n)")
_TERMINAL = ('.', '!', '?', '"', ':', ')', ']', ';')


@dataclass(frozen=True)
class NoiseRule:
    id: str
    pattern: re.Pattern[str]
    scope: str
    max_words: int = 20
    min_cap_share: float = 0.6

    def headline_shaped(self, line: str) -> bool:
        """A headline, not a sentence: short, not ending in "." or ",", in title case."""
        line = line.strip().strip("*").strip()
        words = line.split()
        if not words or len(words) > self.max_words or line.endswith((".", ",", ":", ";")) or line.startswith('"'):
            return False
        long_ = [w for w in words if sum(ch.isalpha() for ch in w) >= 3 or w[:1].isdigit()]
        if not long_:
            return False
        caps = sum(1 for w in long_ if w.lstrip("'\"(")[:1].isupper() or w[:1].isdigit())
        return caps >= self.min_cap_share * len(long_)


_DASH_GLUED = re.compile(r"(?<=\s)-(?=[A-Z])")  # "Jakarta -Gubernur": a dash glued to the next word
_CAMEL = re.compile(r"(?<=[a-z]{3})(?=[A-Z][a-z]{3,})")
# sentences an export joined without a space, where a paragraph break was lost: "... ujarnya.Pada
# kesempatan ...", "... dan etika.\"Festival ini ..." (an opening quote when the paragraph has an
# even number of quote marks before it, else a closing one: "... kata dia.\"Lalu ...")
_PERIOD_GLUED = re.compile(r"(?<=[a-z]{3}[.!?])(?=[A-Z][a-z])")
_QUOTE_GLUED = re.compile(r'(?<=[a-z]{2}[.!?])"(?=[A-Z])')


def _space_glued_quote(m: re.Match[str]) -> str:
    text = m.string
    para = text.rfind("\n", 0, m.start()) + 1
    return ' "' if text.count('"', para, m.start()) % 2 == 0 else '" '


# paragraphs an export joined with a comma: "... esok.,Seorang sumber", "... tahun., \"Untuk"
_COMMA_JOINED = re.compile(r"(?<=[a-z0-9)%][.!?]) ?, ?(?=[A-Z\"])")


def compile_unglue(rules: RuleSet) -> re.Pattern[str] | None:
    """A pattern for a capitalised word with a known word glued to its end."""
    words = set(rules.word_list("glued_words"))
    for v in rules.speech_verbs:
        if v.kind == "indirect":
            words.update(w for w in v.words if " " not in w and len(w) >= 7)
    if not words:
        return None
    alt = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
    return re.compile(rf"(?<=[a-z])(?=(?:{alt})\b)")


_CAP_WORD_END = re.compile(r"\b[A-Z][a-z]{2,}$")


def _unglue(m: re.Match[str]) -> str:
    """Insert a space only when the glued-to word is a capitalised name ("Anung|menyatakan")."""
    return " " if _CAP_WORD_END.search(m.string, max(0, m.start() - 40), m.start()) else ""


def glued_function_words(rules: RuleSet) -> tuple[str, ...]:
    return tuple(sorted({w.lower() for w in rules.word_list("glued_function_words")}, key=len, reverse=True))


_TITLE_WORD = re.compile(r"\b[A-Z][a-z]{4,}\b")


def split_glued_names(ot: OffsetText, words: tuple[str, ...]) -> None:
    """"Nikita Mirzanidan" -> "Nikita Mirzani dan" when "Mirzani" stands alone elsewhere in the
    same article: the article's own vocabulary decides, so "Ramadan" or "Jordan" stay whole."""
    if not words:
        return
    vocab = set(_TITLE_WORD.findall(ot.text)) | set(re.findall(r"\b[A-Z][a-z]{2,}\b", ot.text))
    spans = []
    for m in _TITLE_WORD.finditer(ot.text):
        w = m.group(0)
        for g in words:
            if w.endswith(g) and len(w) - len(g) >= 3 and w[: -len(g)] in vocab:
                spans.append((m.start() + len(w) - len(g), m.start() + len(w) - len(g)))
                break
    if spans:
        ot.sub(SpanMatcher(spans), " ")


def compile_noise(rules: RuleSet) -> list[NoiseRule]:
    out = []
    for n in rules.noise:
        flags = 0
        for f in n.flags:
            flags |= _FLAGS[f]
        out.append(NoiseRule(n.id, re.compile(n.pattern, flags), n.scope, n.max_words, n.min_cap_share))
    return out


def _fix_mojibake(m: re.Match[str]) -> str:
    s = m.group(0)
    try:
        fixed = s.encode("cp1252", errors="strict").decode("utf-8", errors="strict")
    except (UnicodeEncodeError, UnicodeDecodeError):
        try:
            fixed = s.encode("latin-1", errors="strict").decode("utf-8", errors="strict")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return s
    return fixed if len(fixed) == 1 else s


def _drop_noise_lines(ot: OffsetText, noise: list[NoiseRule]) -> None:
    """Blank out lines matched by line-scoped noise rules (per line of the raw text)."""
    line_rules = [n for n in noise if n.scope not in ("inline", "headline_run", "tail_headlines")]
    run_rules = [n for n in noise if n.scope in ("headline_run", "tail_headlines")]
    if not line_rules and not run_rules:
        return
    text = ot.text
    lines = text.split("\n")
    keep = [True] * len(lines)
    drop_next = False
    headlines_after: NoiseRule | None = None  # the rule whose marker the headlines follow
    tail_from = None
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        if drop_next:
            keep[i] = False
            drop_next = False
            continue
        if headlines_after is not None:
            if headlines_after.headline_shaped(line) and not any(r.pattern.search(line) for r in line_rules):
                keep[i] = False
                continue
            headlines_after = None
        for rule in line_rules:
            if rule.pattern.search(line):
                keep[i] = False
                if rule.scope == "line_and_next":
                    drop_next = True
                elif rule.scope == "line_and_headlines":
                    headlines_after = rule
                elif rule.scope == "tail" and i >= len(lines) // 3:
                    tail_from = i
                break
        if tail_from is not None:
            break
    if tail_from is not None:
        for j in range(tail_from, len(lines)):
            keep[j] = False
    for rule in run_rules:
        (_drop_tail_headlines if rule.scope == "tail_headlines" else _drop_headline_runs)(lines, keep, rule)
    if all(keep):
        return
    # Rebuild with the dropped lines emptied, so offsets of kept text stay exact.
    spans = []
    pos = 0
    for line, k in zip(lines, keep):
        if not k and line:
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    ot.sub(SpanMatcher(spans), "")


def _drop_headline_runs(lines: list[str], keep: list[bool], rule: NoiseRule) -> None:
    """Lines matching ``rule`` and headline-shaped, two or more in a row (blank lines between
    do not break a run): a list of other articles' headlines."""
    run: list[int] = []
    for i, line in enumerate(lines + ["-"]):
        if not line.strip():
            continue
        if i < len(lines) and keep[i] and rule.pattern.search(line) and rule.headline_shaped(line):
            run.append(i)
            continue
        if len(run) >= 2:
            for j in run:
                keep[j] = False
        run = []


def _drop_tail_headlines(lines: list[str], keep: list[bool], rule: NoiseRule) -> None:
    """The headline-shaped lines matching ``rule`` that end the text, two or more (blank lines
    between do not break the run), after at least one line of body: other articles' headlines."""
    run: list[int] = []
    body = False
    for i in range(len(lines) - 1, -1, -1):
        if not lines[i].strip() or not keep[i]:
            continue
        if rule.pattern.search(lines[i]) and rule.headline_shaped(lines[i]):
            run.append(i)
            continue
        body = True
        break
    if body and len(run) >= 2:
        for j in run:
            keep[j] = False


def _join_broken_paragraphs(ot: OffsetText) -> None:
    """Turn "\\n\\n" between two halves of one sentence into a space.

    A break is mid-sentence when the paragraph before it does not end a sentence and
    either the next one starts in lower case, or one of them is a fragment of at most
    three words (a hyperlink cut out of the line) outside an open quote. A quote left open
    never swallows a paragraph that starts a new sentence.
    """
    text = ot.text
    paras = text.split("\n\n")
    if len(paras) < 2:
        return
    spans = []
    pos = 0
    open_quote = False
    for i, para in enumerate(paras[:-1]):
        pos += len(para)
        nxt = paras[i + 1]
        open_quote = (para.count('"') + (1 if open_quote else 0)) % 2 == 1
        tail = para.rstrip()
        if tail and nxt and not tail.endswith(_TERMINAL):
            first = nxt[0]
            short = len(tail.split()) <= 3 or len(nxt.split()) <= 3
            if first.islower() or first in ",;" or (short and first != '"' and not open_quote):
                spans.append((pos, pos + 2))
        pos += 2
    if spans:
        ot.sub(SpanMatcher(spans), " ")


def strip_repeated_title(ot: OffsetText, title: str | None) -> None:
    """Drop the headline when the body opens by repeating it (many site scrapes do): its
    title-case words would read as names and places."""
    if not title:
        return
    words = re.findall(r"\w+", title.lower())
    if len(words) < 3:
        return
    pos = 0
    for w in words:
        m = re.compile(r"\W*" + re.escape(w) + r"\b", re.I).match(ot.text, pos)
        if not m:
            return
        pos = m.end()
    tail = re.compile(r"[\s,.:;-]*").match(ot.text, pos)
    ot.sub(re.compile(r"\A[\s\S]{%d}" % tail.end()), "")


def normalize_text(raw: str, noise: list[NoiseRule], unglue: re.Pattern[str] | None = None,
                   title: str | None = None, function_words: tuple[str, ...] = (),
                   splitter: "GluedWordSplitter | None" = None) -> OffsetText:
    """Clean one article body; see the module docstring."""
    ot = OffsetText(raw)
    ot.sub(_CR, "\n")
    ot.sub(_INVISIBLE, "")
    ot.sub(_MOJIBAKE, _fix_mojibake)
    ot.sub(_SPACES, " ")
    _drop_noise_lines(ot, noise)
    for rule in noise:
        if rule.scope == "inline":
            ot.sub(rule.pattern, " ")
    ot.sub(_MD_LINK, lambda m: m.group(1))
    ot.sub(_BARE_URL, "")
    ot.sub(_MD_HEADING, "")
    ot.sub(_MD_EMPH, "")
    ot.sub(_ESCAPED_QUOTE, lambda m: m.group(1))
    ot.sub(_DOUBLE_QUOTES, '"')
    ot.sub(_SINGLE_QUOTES, "'")
    ot.sub(_DASHES, "-")
    ot.sub(_ELLIPSIS, "...")
    # words glued where a hyperlink was cut out: "PolrestaBanyuwangi", "Anungmenyatakan"
    ot.sub(_CAMEL, " ")
    ot.sub(_DASH_GLUED, "- ")
    ot.sub(_PERIOD_GLUED, " ")
    ot.sub(_QUOTE_GLUED, _space_glued_quote)
    if unglue is not None:
        ot.sub(unglue, _unglue)
    split_glued_names(ot, function_words)
    if splitter is not None:
        splitter.split(ot)
    ot.sub(_COMMA_JOINED, "\n")
    ot.sub(_LINE_SPACES, " ")
    ot.sub(_TRAILING, "")
    # Every line break is a paragraph break (exports use single newlines, files blank lines).
    ot.sub(_SINGLE_NL, "\n\n")
    ot.sub(_BLANKS, "\n\n")
    _join_broken_paragraphs(ot)
    ot.sub(_LINE_SPACES, " ")
    strip_repeated_title(ot, title)
    # Trim the ends.
    lead = len(ot.text) - len(ot.text.lstrip())
    if lead:
        ot.sub(re.compile(r"\A\s+"), "")
    if ot.text != ot.text.rstrip():
        ot.sub(re.compile(r"\s+\Z"), "")
    return ot
