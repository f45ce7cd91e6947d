"""The disk cache of parsed rules and the gazetteer index (pipeline/cache.py): what it gives
back equals what is built fresh, and a changed input is never answered from an old entry."""

import pytest

from pipeline import cache
from pipeline.resources import gazetteer as gazetteer_mod
from pipeline.rules.loader import RuleError, load_rules


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(d))
    return d


def _fresh_rules(*dirs):
    import os

    old = os.environ.get(cache.CACHE_ENV)
    os.environ[cache.CACHE_ENV] = "off"
    try:
        return load_rules(list(dirs))
    finally:
        os.environ[cache.CACHE_ENV] = old


def test_cached_rules_equal_freshly_loaded_ones(cache_dir):
    first = load_rules()
    assert len(list(cache_dir.glob("rules-*.pickle"))) == 1
    again = load_rules()  # read back from the cache
    fresh = _fresh_rules()
    assert again is not first
    assert again == fresh and first == fresh
    assert again.version == fresh.version
    assert [f.path for f in again.files] == [f.path for f in fresh.files]
    assert again.word_list("honorifics") == fresh.word_list("honorifics")


def test_a_changed_rule_file_is_not_answered_from_the_cache(cache_dir, tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    f = mine / "mine.yaml"
    f.write_text("version: 1\nword_lists:\n  - id: honorifics\n    words: [Pak]\n")
    assert load_rules([mine]).word_list("honorifics") == ["Pak"]
    f.write_text("version: 1\nword_lists:\n  - id: honorifics\n    words: [Pak, Bu]\n")
    changed = load_rules([mine])
    assert changed.word_list("honorifics") == ["Pak", "Bu"]
    assert changed == _fresh_rules(mine)
    assert len(list(cache_dir.glob("rules-*.pickle"))) == 2
    f.write_text("version: 1\nword_lists:\n  - id: honorifics\n    words: [Pak\n")  # broken
    with pytest.raises(RuleError, match="mine.yaml"):
        load_rules([mine])
    with pytest.raises(RuleError, match="mine.yaml"):  # refused again: a bad file is never cached
        load_rules([mine])
    assert len(list(cache_dir.glob("rules-*.pickle"))) == 2


def test_a_damaged_entry_is_rebuilt_and_the_cache_can_be_off(cache_dir, monkeypatch):
    load_rules()
    (entry,) = cache_dir.glob("rules-*.pickle")
    entry.write_bytes(b"not a pickle")
    assert load_rules() == _fresh_rules()
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    assert cache.cache_dir() is None
    assert load_rules() == _fresh_rules()


def test_an_unwritable_cache_folder_is_skipped(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would be")
    monkeypatch.setenv(cache.CACHE_ENV, str(blocked / "cache"))
    assert load_rules() == _fresh_rules()


def test_the_digest_changes_with_the_code_and_the_package_version(monkeypatch):
    a = cache.digest([b"x"])
    monkeypatch.setattr(cache, "__version__", "9.9.9")
    assert cache.digest([b"x"]) != a
    monkeypatch.undo()
    assert cache.digest([b"x"]) == a and cache.digest([b"y"]) != a


def test_cached_gazetteer_equals_the_built_one(cache_dir):
    exp = (("P.", "Pulau"),)
    gazetteer_mod.load_gazetteer.cache_clear()
    built = gazetteer_mod.load_gazetteer(exp)
    gazetteer_mod.load_gazetteer.cache_clear()
    cached = gazetteer_mod.load_gazetteer(exp)
    gazetteer_mod.load_gazetteer.cache_clear()
    assert cached is not built
    assert cached.by_code == built.by_code and cached.by_key == built.by_key and cached.children == built.children
    assert all(isinstance(r, gazetteer_mod.Region) for r in list(cached.by_code.values())[:100])
    assert cached.lookup("Sleman") == built.lookup("Sleman")
    assert cached.lookup("Pulau Mandangin") == built.lookup("Pulau Mandangin")
    other = gazetteer_mod.load_gazetteer(())  # other expansions: another entry
    gazetteer_mod.load_gazetteer.cache_clear()
    assert len(list(cache_dir.glob("gazetteer-*.pickle"))) == 2
    assert other.lookup("Sleman") == built.lookup("Sleman")


def test_cached_word_statistics_equal_the_file(cache_dir):
    from pipeline.resources import wordstats

    wordstats._load.cache_clear()
    first = wordstats.load_wordstats()
    wordstats._load.cache_clear()
    again = wordstats.load_wordstats()
    wordstats._load.cache_clear()
    assert len(list(cache_dir.glob("wordstats-*.pickle"))) == 1
    fresh = wordstats.WordStats.load(wordstats.shipped_path())
    assert first == fresh and again == fresh and again is not first
    assert isinstance(again.get("wilayah"), wordstats.Counts)
    assert wordstats.load_wordstats() is wordstats.load_wordstats(None)  # one table, however it is asked for
