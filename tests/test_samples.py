"""The sample articles in data/raw against their hand-made gold (tests/data/sample_gold/).

The thresholds are the floor the pipeline reached when the samples were written; a change
that drops below them is a regression on text the project owns."""

from pathlib import Path

import pytest

from pipeline.evaluate import load_gold, score
from pipeline.runner import collect

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def sample_score(processor):
    gold = load_gold(ROOT / "tests" / "data" / "sample_gold")
    result = collect([ROOT / "data" / "raw"], processor=processor)
    return result, score(result.tables, gold)


def test_every_sample_has_gold_and_is_read(sample_score):
    result, s = sample_score
    assert len(result.tables["articles"]) == 8 and result.tables["errors"].empty
    assert s.parts["published_at"].extra["right"] == [8, 8]


@pytest.mark.parametrize("part,floor", [("officials", 0.84), ("people", 0.90), ("places", 0.95), ("dates", 1.0),
                                        ("quotes_direct", 1.0), ("quotes_indirect", 0.90)])
def test_sample_scores_hold(sample_score, part, floor):
    _result, s = sample_score
    p = s.parts[part]
    misses = [d for d in s.details if d["part"] == part]
    assert p.f1 >= floor, misses


def test_sample_direct_quote_speakers(sample_score):
    _result, s = sample_score
    right, total = s.parts["quotes_direct"].extra["speaker"]
    assert total >= 10 and right == total
