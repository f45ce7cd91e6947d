"""Lint rule files: duplicate ids inside one file, one spelling claimed by two entries
(the later silently shadows the earlier), and examples that name a table no rule feeds."""

from __future__ import annotations

from dataclasses import dataclass

from .loader import RuleSet

_PHRASES = {"ranks": lambda e: [e.abbr, *e.variants], "positions": lambda e: [e.acronym, *e.variants],
            "corps": lambda e: [e.suffix, *e.variants], "degrees": lambda e: [e.canonical, *e.variants],
            "region_aliases": lambda e: [e.alias]}


@dataclass
class LintIssue:
    file: str
    message: str


def lint(rules: RuleSet) -> list[LintIssue]:
    issues: list[LintIssue] = []
    for f in rules.files:
        for section in _PHRASES.keys() | {"word_lists", "noise", "speech_verbs", "place_cues", "bodies",
                                          "position_heads", "relative_days"}:
            seen: set[str] = set()
            for entry in getattr(f.rules, section):
                if entry.id in seen:
                    issues.append(LintIssue(f.path.name, f"{section}: id {entry.id!r} appears twice; the later wins"))
                seen.add(entry.id)
    for section, phrases in _PHRASES.items():
        owner: dict[str, str] = {}
        for entry in rules.sections.get(section, []):
            for ph in phrases(entry):
                k = ph.lower().rstrip(".")
                if k in owner and owner[k] != entry.id:
                    issues.append(LintIssue(section, f"{ph!r} is claimed by {owner[k]!r} and {entry.id!r}; "
                                                     f"only the first is matched"))
                owner.setdefault(k, entry.id)
    return issues
