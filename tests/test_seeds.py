"""The two seed articles: what the gold lists must come out (issue 2's done-when)."""

import shutil

import pytest

from pipeline.evaluate import load_gold, score
from pipeline.runner import collect

from .conftest import SHARED

pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is not beside the repo")


@pytest.fixture(scope="module")
def seeds(tmp_path_factory, processor):
    folder = tmp_path_factory.mktemp("seeds")
    for p in (SHARED / "eval" / "dev").glob("seed-*"):
        shutil.copy(p, folder / p.name)
    gold = load_gold(folder)
    result = collect([folder], processor=processor)
    return result, score(result.tables, gold)


def test_seed_officials_all_found_and_nothing_else(seeds):
    _result, s = seeds
    off = s.parts["officials"]
    assert off.fn == 0, [d for d in s.details if d["part"] == "officials"]
    assert off.fp == 0, [d for d in s.details if d["part"] == "officials"]
    right, total = off.extra["rank"]
    assert total >= 2 and right == total


def test_seed_collective_bodies_are_not_officials(seeds):
    result, _s = seeds
    positions = set(result.tables["officials"]["position"].dropna())
    assert not positions & {"PJU", "Forkopimca", "Muspika", "Perangkat Desa", "Tokoh Masyarakat"}


def test_seed_places_and_codes(seeds):
    result, s = seeds
    pl = s.parts["places"]
    assert pl.fn == 0, [d for d in s.details if d["part"] == "places"]
    assert pl.extra["region_code"][0] == pl.extra["region_code"][1]
    tang = result.tables["places"].query("name == 'Tanggulengin'").iloc[0]
    assert tang["region_code"] == "35.14.06.2017" and tang["kecamatan"] == "Kejayan"


def test_seed_dates(seeds):
    _result, s = seeds
    assert s.parts["dates"].fn == 0 and s.parts["dates"].fp == 0
    assert s.parts["published_at"].extra["right"] == [2, 2]


def test_seed_direct_quotes_and_speakers(seeds):
    _result, s = seeds
    q = s.parts["quotes_direct"]
    assert q.fn == 0, [d for d in s.details if d["part"] == "quotes_direct"]
    right, total = q.extra["speaker"]
    assert right == total, [d for d in s.details if d["kind"] == "wrong_speaker"]
