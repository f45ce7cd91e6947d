"""Stage 2: clean scraping noise, keeping a map back to raw offsets."""

from .cleaner import NoiseRule, compile_noise, compile_unglue, normalize_text
from .offsets import OffsetText

__all__ = ["NoiseRule", "OffsetText", "compile_noise", "compile_unglue", "normalize_text"]
