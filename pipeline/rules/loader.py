"""Load ``rules/*.yaml``: read with line numbers, validate, merge bundled and user folders.

One entry point, :func:`load_rules`. A schema error becomes a :class:`RuleError` whose
message names the file, the line and the field, e.g.::

    rules/ranks.yaml:41: ranks -> 3 -> level: Input should be a valid integer
"""

from __future__ import annotations

from dataclasses import dataclass, field
from hashlib import sha1
from pathlib import Path
from typing import Any, Iterable

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from .regex_safety import compile_flags, slow_patterns
from .schema import RuleFile

BUNDLED_RULES = Path(__file__).resolve().parents[2] / "rules"

_LIST_SECTIONS = (
    "ranks corps positions position_heads bodies degrees word_lists place_cues "
    "region_aliases name_abbreviations outlet_regions speech_verbs noise relative_days"
).split()


class RuleError(ValueError):
    """A rule file that cannot be used; the message says where and why."""


@dataclass
class LoadedFile:
    path: Path
    rules: RuleFile


@dataclass
class RuleSet:
    """All rule files merged: later folders override entries with the same ``id``."""

    files: list[LoadedFile] = field(default_factory=list)
    sections: dict[str, list[Any]] = field(default_factory=dict)
    months: dict[int, list[str]] = field(default_factory=dict)
    weekdays: dict[int, list[str]] = field(default_factory=dict)
    version: str = ""
    name_model: Any = None  # NameModelParams of the last file that sets them (schema.py)
    glued_split: Any = None  # GluedSplitParams of the last file that sets them

    def __getattr__(self, name: str) -> list[Any]:
        if name in _LIST_SECTIONS:
            return self.sections.get(name, [])
        raise AttributeError(name)

    def word_list(self, list_id: str) -> list[str]:
        for wl in self.sections.get("word_lists", []):
            if wl.id == list_id:
                return list(wl.words)
        return []

    def examples(self) -> list[tuple[Path, int, Any]]:
        return [(f.path, i, ex) for f in self.files for i, ex in enumerate(f.rules.examples)]


def _line_of(node: Any, loc: Iterable[Any]) -> int | None:
    """The 1-based line of the deepest node of ``loc`` that ruamel knows."""
    line = None
    for key in loc:
        try:
            if isinstance(node, CommentedMap) and key in node:
                line = node.lc.key(key)[0] + 1
                node = node[key]
            elif isinstance(node, CommentedSeq) and isinstance(key, int) and key < len(node):
                line = node.lc.item(key)[0] + 1
                node = node[key]
            else:
                break
        except (AttributeError, KeyError, TypeError):
            break
    return line


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def _refuse_anchors(path: Path, yaml: YAML, text: str) -> None:
    """Anchors and aliases (``&name``, ``*name``) let a few lines expand into millions of
    entries; rule files write every value out. Checked on the parser's events, before anything
    is built, so a hostile file is refused at once with its line."""
    if "&" not in text and "*" not in text:
        return
    for event in yaml.parse(text):
        anchor = getattr(event, "anchor", None)
        if anchor is not None or type(event).__name__ == "AliasEvent":
            line = event.start_mark.line + 1
            raise RuleError(f"{path}:{line}: YAML anchors and aliases ('&{anchor}', '*{anchor}') are not allowed "
                            f"in rule files; write the values out")


def load_file(path: Path, data: bytes | None = None) -> RuleFile:
    """Read and validate one rule file (its bytes ``data`` if given, else read from ``path``);
    raise :class:`RuleError` naming file, line, field."""
    yaml = YAML(typ="rt")  # round-trip keeps line numbers; it never builds Python objects
    try:
        text = path.read_text(encoding="utf-8") if data is None else data.decode("utf-8")
        _refuse_anchors(path, yaml, text)
        data = yaml.load(text)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise RuleError(f"{where}: YAML syntax error: {problem}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{path}: cannot read rule file: {exc}") from None
    if not isinstance(data, CommentedMap):
        raise RuleError(f"{path}:1: a rule file is a mapping with a 'version: 1' key")
    try:
        rf = RuleFile.model_validate(_plain(data))
    except ValidationError as exc:
        msgs = []
        for err in exc.errors():
            loc = err["loc"]
            line = _line_of(data, loc)
            where = f"{path}:{line}" if line else str(path)
            field_path = " -> ".join(str(p) for p in loc) or "(file)"
            msgs.append(f"{where}: {field_path}: {err['msg']}")
        raise RuleError("\n".join(msgs)) from None
    for section, entries in (("noise", rf.noise), ("outlet_regions", rf.outlet_regions)):
        slow = slow_patterns([(n.pattern, compile_flags(getattr(n, "flags", []))) for n in entries])
        if slow is not None:
            line = _line_of(data, (section, slow, "pattern"))
            raise RuleError(f"{path}:{line or 1}: {section} -> {slow} -> pattern: regex backtracks catastrophically "
                            f"(a trial match on a short adversarial string did not finish): {entries[slow].pattern!r}")
    return rf


def rule_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if not p.name.startswith("."))


def load_rules(user_dirs: Iterable[Path] = (), bundled: bool = True) -> RuleSet:
    """The bundled rules, then each user folder, merged by ``id`` (later wins).

    Parsing and validating the YAML takes about a second; the merged RuleSet is kept in the disk
    cache (pipeline/cache.py) under a digest of every rule file's path and bytes and of this
    loader's code, so a process after the first reads it back in milliseconds. A bad rule file
    is never cached: it is refused the same way every time."""
    from .. import cache
    from . import regex_safety, schema

    folders = ([BUNDLED_RULES] if bundled else []) + [Path(d) for d in user_dirs]
    listing: list[tuple[Path, bytes]] = []
    for folder in folders:
        if not folder.is_dir():
            raise RuleError(f"{folder}: rule folder not found")
        for path in rule_files(folder):
            try:
                listing.append((path, path.read_bytes()))
            except OSError as exc:
                raise RuleError(f"{path}: cannot read rule file: {exc}") from None
    parts = cache.source_of(__name__, schema.__name__, regex_safety.__name__) + [_pydantic_version()]
    for path, data in listing:
        parts += [str(path), data]
    return cache.cached("rules", parts, lambda: _merge(listing))


def _pydantic_version() -> str:
    import pydantic

    return f"pydantic {pydantic.VERSION}"


def _merge(listing: list[tuple[Path, bytes]]) -> RuleSet:
    rs = RuleSet()
    merged: dict[str, dict[str, Any]] = {s: {} for s in _LIST_SECTIONS}
    digest = sha1()
    for path, data in listing:
        rf = load_file(path, data)
        rs.files.append(LoadedFile(path, rf))
        digest.update(path.name.encode() + b"\0" + data)
        for section in _LIST_SECTIONS:
            for entry in getattr(rf, section):
                merged[section][entry.id] = entry
        if rf.name_model is not None:
            rs.name_model = rf.name_model
        if rf.glued_split is not None:
            rs.glued_split = rf.glued_split
        for num, words in rf.months.items():
            rs.months.setdefault(num, []).extend(w for w in words if w not in rs.months.get(num, []))
        for num, words in rf.weekdays.items():
            rs.weekdays.setdefault(num, []).extend(w for w in words if w not in rs.weekdays.get(num, []))
    rs.sections = {s: list(v.values()) for s, v in merged.items()}
    rs.version = digest.hexdigest()[:12]
    return rs
