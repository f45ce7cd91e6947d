"""Rules are data: ``rules/*.yaml`` validated by pydantic models, merged by id."""

from .loader import BUNDLED_RULES, RuleError, RuleSet, load_file, load_rules

__all__ = ["BUNDLED_RULES", "RuleError", "RuleSet", "load_file", "load_rules"]
