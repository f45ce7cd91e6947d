"""How words are written in Indonesian news: counts learned once from a whole corpus, the
evidence the name model (``pipeline/extract/names.py``) weighs.

For every word form (lower-cased key) the table holds six counts:

- ``lower``: written all in lower case inside a sentence ("wilayah", "telah");
- ``cap``: written with a capital inside a sentence, not sentence-initial, not in an all-caps
  line ("Wilayah" in "Kepala Wilayah", "Hartono");
- ``strong``: inside a capitalised run right after a strong name context: a rank ("AKBP"),
  an honorific ("Pak", "Bu"), "bernama", or before an age "(45)" (the rank and honorific
  words come from ``rules/``); the run ends at a word that opens an office, a body or a role
  (``said_skip``: "Kombes Kepala Bidang ..." counts nothing);
- ``per``: inside a PER entity of the NER training corpora;
- ``other``: capitalised, in an NER training sentence, outside PER (ORG, LOC or none);
- ``place_org``: the first capitalised word right after a word that introduces a place or an
  organisation ("di", "ke", "pihak", "klub", "melansir": ``place_org_context`` in
  ``rules/people.yaml``): "di Parma", "pihak Boeing", "klub Persebaya";
- ``said``: inside a run of one to three capitalised words that speaks: right after a cue word
  of ``rules/speech.yaml`` ('", kata Moriyasu.', "menurut Kluivert,") or right before a verb of
  saying ("Chivu mengatakan"), the run closed by punctuation or a lower-case word, its first word
  no office, rank, honorific or role (``said_skip``: "kata Kapolres Pasuruan" counts nothing).
  Foreign and celebrity names get no rank or "Pak"; they get quoted.

A word that news writes in lower case as often as not is a common word; one that the NER
corpora and strong contexts show inside names is a name word, whatever else it means
("Putra", "Bayu"). The table ships as ``data/wordstats.tsv.gz`` (built by ``pipeline names
build`` from ``../shared/corpus`` and ``../shared/ner``; the counts, not the text).
"""

from __future__ import annotations

import gzip
import marshal
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple, Optional, Sequence

FORMAT = "wordstats/3"
COLUMNS = ("lower", "cap", "strong", "per", "other", "place_org", "said")
SAID_MAX_RUN = 3  # capitalised words of a speaking run
_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_SENT_END = re.compile(r"[.!?:;\"“”(\[]\s*$")
_AGE_AFTER = re.compile(r"^\s*\(\s*\d{1,2}\s*\)")
MAX_RUN = 4  # capitalised words counted as a name after a strong context


class Counts(NamedTuple):
    lower: int = 0
    cap: int = 0
    strong: int = 0
    per: int = 0
    other: int = 0
    place_org: int = 0
    said: int = 0


_ZERO = Counts()


@dataclass
class WordStats:
    """The counts per lower-cased word form; ``sources`` says what they were counted on."""

    table: dict[str, Counts]
    sources: str = ""

    def get(self, word: str) -> Counts:
        return self.table.get(word.lower(), _ZERO)

    def __len__(self) -> int:
        return len(self.table)

    # -- file ---------------------------------------------------------------------------
    def save(self, path: Path, min_total: int = 2) -> int:
        """Write the table (words seen ``min_total`` times or more); returns the rows written."""
        rows = sorted((w, c) for w, c in self.table.items() if sum(c) >= min_total)
        with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as f:
            f.write(f"#{FORMAT}\t{self.sources}\n")
            f.write("word\t" + "\t".join(COLUMNS) + "\n")
            for w, c in rows:
                f.write(w + "\t" + "\t".join(map(str, c)) + "\n")
        return len(rows)

    @classmethod
    def load(cls, path: Path) -> "WordStats":
        table: dict[str, Counts] = {}
        with gzip.open(path, "rt", encoding="utf-8") as f:
            head = f.readline().rstrip("\n")
            if not head.startswith("#" + FORMAT) and not head.startswith("#wordstats/2"):
                raise ValueError(f"{path}: not a word statistics file ({FORMAT}); rebuild it with `pipeline names build`")
            sources = head.partition("\t")[2]
            f.readline()
            for line in f:
                w, *nums = line.rstrip("\n").split("\t")
                table[w] = Counts(*map(int, nums))
        return cls(table, sources)


def shipped_path() -> Path:
    return Path(str(resources.files("pipeline.resources") / "data" / "wordstats.tsv.gz"))


def load_wordstats(path: Optional[str] = None) -> WordStats:
    """The table at ``path`` (default: the shipped one), loaded once per process (and read from
    the disk cache, pipeline/cache.py, after the first process)."""
    return _load(str(Path(path) if path else shipped_path()))


@lru_cache(maxsize=4)
def _load(path: str) -> WordStats:
    p = Path(path)
    if not p.is_file():
        return WordStats({}, "none")
    from .. import cache

    parts = cache.source_of(__name__) + [path, p.read_bytes()]
    return cache.cached("wordstats", parts, lambda: WordStats.load(p),
                        dump=lambda ws: marshal.dumps(({w: tuple(c) for w, c in ws.table.items()}, ws.sources)),
                        load=_undump)


def _undump(data: bytes) -> WordStats:
    table, sources = marshal.loads(data)
    make = Counts._make
    return WordStats({w: make(c) for w, c in table.items()}, sources)


# -- building ---------------------------------------------------------------------------------
def _sentence_initial(line: str, start: int) -> bool:
    before = line[:start].rstrip()
    return not before or bool(_SENT_END.search(before)) or before.endswith(("-", "–", "—"))


def _new() -> list[int]:
    return [0] * len(COLUMNS)


def _speaking_runs(line: str, words: list, cue_before: frozenset[str], cue_after: frozenset[str],
                   skip: frozenset[str]) -> Iterator[list[str]]:
    """The runs of capitalised words (title case, joined by spaces) right after a cue word or
    right before a verb of saying, closed by punctuation or a lower-case word on the far side."""
    def title(k: int) -> bool:
        w = words[k].group(0)
        return w[:1].isupper() and not (w.isupper() and len(w) > 1)

    def joined(a: int, b: int) -> bool:  # words a and b = a + 1 with only spaces between
        return not line[words[a].end():words[b].start()].strip()

    n = len(words)
    for k, m in enumerate(words):
        key = m.group(0).lower()
        if key in cue_before and k + 1 < n and joined(k, k + 1):
            j = k + 1
            while j < n and j - k <= SAID_MAX_RUN and title(j) and (j == k + 1 or joined(j - 1, j)):
                j += 1
            closed = j >= n or not joined(j - 1, j) or words[j].group(0).islower()
            if k + 1 < j <= k + 1 + SAID_MAX_RUN and closed and words[k + 1].group(0).lower() not in skip:
                yield [w.group(0) for w in words[k + 1:j]]
        if key in cue_after and k > 0 and joined(k - 1, k):
            j = k - 1
            while j >= 0 and k - j <= SAID_MAX_RUN and title(j) and (j == k - 1 or joined(j, j + 1)):
                j -= 1
            closed = j < 0 or not joined(j, j + 1) or words[j].group(0).islower()
            if j + 1 < k and k - j - 1 <= SAID_MAX_RUN and closed and words[j + 1].group(0).lower() not in skip:
                yield [w.group(0) for w in words[j + 1:k]]


def count_text(lines: Iterable[str], strong: frozenset[str], place_org: frozenset[str],
               counts: dict[str, list[int]], cue_before: frozenset[str] = frozenset(),
               cue_after: frozenset[str] = frozenset(), said_skip: frozenset[str] = frozenset()) -> None:
    """Add the ``lower``/``cap``/``strong``/``place_org``/``said`` counts of running text (one
    paragraph a line)."""
    for line in lines:
        letters = [ch for ch in line if ch.isalpha()]
        if not letters or sum(ch.isupper() for ch in letters) > 0.6 * len(letters):
            continue  # an all-caps line: a headline or a shouted caption says nothing of case
        words = list(_WORD.finditer(line))
        if cue_before or cue_after:
            for run in _speaking_runs(line, words, cue_before, cue_after, said_skip):
                for w in run:
                    c = counts.get(w.lower())
                    if c is None:
                        c = counts[w.lower()] = _new()
                    c[6] += 1
        run: list[list[int]] = []  # the counts of the capitalised words just before, joined by spaces
        after_strong = 0  # capitalised words still to count as a name after a strong context
        after_place = False  # the previous word introduces a place or an organisation
        for k, m in enumerate(words):
            w = m.group(0)
            c = counts.get(w.lower())
            if c is None:
                c = counts[w.lower()] = _new()
            gap = line[words[k - 1].end():m.start()] if k else ""
            if after_place and not gap.strip() and w[0].isupper():
                c[5] += 1
            after_place = w.lower() in place_org
            if gap.strip(" ."):
                run, after_strong = [], 0  # punctuation between: no name runs across it
            if w.islower():
                c[0] += 1
                run, after_strong = [], 0
            elif w[0].isupper() and not (w.isupper() and len(w) > 1):
                if not (_sentence_initial(line, m.start())):
                    c[1] += 1
                if after_strong and w.lower() in said_skip:
                    after_strong = 0  # "Kombes Kepala Bidang Humas": an office follows the rank, no name
                if after_strong:
                    c[2] += 1
                    after_strong -= 1
                run.append(c)
                if _AGE_AFTER.match(line[m.end():]):
                    for rc in run[-MAX_RUN:]:  # NAME (45)
                        rc[2] += 1
                    run = []
            else:
                run, after_strong = [], 0
            if w.lower() in strong:
                after_strong, run = MAX_RUN, []


def count_ner(sentences: Iterable[tuple[Sequence[str], Sequence[tuple[int, int, str]]]], lower_text: bool,
              counts: dict[str, list[int]]) -> None:
    """Add the ``per``/``other`` counts of NER training sentences (words, spans)."""
    for words, spans in sentences:
        inside = [False] * len(words)
        for s, e, lab in spans:
            if lab == "PER":
                for i in range(s, e):
                    inside[i] = True
        for i, w in enumerate(words):
            if not _WORD.fullmatch(w):
                continue
            c = counts.get(w.lower())
            if c is None:
                c = counts[w.lower()] = _new()
            if inside[i]:
                c[3] += 1
            elif not lower_text and w[0].isupper() and i > 0:
                c[4] += 1


def build(article_texts: Iterable[str], ner_sentences: Iterable[tuple[Sequence[str], Sequence[tuple[int, int, str]], bool]],
          strong_words: Iterable[str], place_org_words: Iterable[str], sources: str,
          cue_before: Iterable[str] = (), cue_after: Iterable[str] = (), said_skip: Iterable[str] = ()) -> WordStats:
    """Count ``article_texts`` (bodies, one paragraph a line) and ``ner_sentences`` (words, spans,
    whether the corpus is all lower case); ``strong_words`` open a name, ``place_org_words`` a
    place or an organisation; a speaker is named after ``cue_before`` words and before
    ``cue_after`` verbs, unless the run opens with a ``said_skip`` word."""
    counts: dict[str, list[int]] = {}
    strong = frozenset(w.lower() for w in strong_words)
    place_org = frozenset(w.lower() for w in place_org_words)
    before = frozenset(w.lower() for w in cue_before)
    after = frozenset(w.lower() for w in cue_after)
    skip = frozenset(w.lower() for w in said_skip)
    for text in article_texts:
        count_text(text.splitlines(), strong, place_org, counts, before, after, skip)
    for words, spans, lower in ner_sentences:
        count_ner([(words, spans)], lower, counts)
    return WordStats({w: Counts(*c) for w, c in counts.items()}, sources)


def corpus_bodies(folder: Path) -> Iterator[str]:
    """The bodies of the ``.txt`` articles under ``folder`` (header lines "TITLE:", "DATE:" ... skipped)."""
    for p in sorted(Path(folder).rglob("*.txt")):
        try:
            text = p.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        head, sep, body = text.partition("\n\n")
        yield body if sep and re.match(r"^[A-Z]+:", head) else text
