"""`pipeline rules check` finds rules that can never fire, and the pipeline agrees: the spelling
it flags really extracts nothing, the spelling it accepts does."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.models import RawRecord
from pipeline.process import Processor
from pipeline.rules import load_rules
from pipeline.rules.lint import lint

ENV = {"COLUMNS": "200"}

MINE = """version: 1
positions:
  - {id: kasubsipropam, acronym: "Kasubsipropam.", expansion: "Kepala Subseksi Profesi dan Pengamanan", org: POLRI}
  - {id: kasiwas, acronym: "Kasiwas", expansion: "Kepala Seksi Pengawasan", org: POLRI}
  - {id: kasiwas_again, acronym: "KASIWAS"}
position_heads:
  - {id: wakil_ketua_short, words: ["Wk. Ketua"]}
speech_verbs:
  - {id: my_cues, kind: direct, words: ["seloroh", "kata beliau"]}
word_lists:
  - {id: honorific, words: ["Ki"]}
examples:
  - text: "Kasiwas Polres Ngawi AKP Budi Santoso hadir."
    table: officials
    expect: [{position: "Kasiwas", rnak: "AKP"}]
  - text: "Kata Budi, acara berjalan lancar."
    table: quotes
    expect: [{kind: quoted}]
    reject: [{kind: quoted}]
"""
# in a folder of their own: "everything" would drop every line of every article
NOISE = """version: 1
noise:
  - {id: two_lines, pattern: 'Baca juga\\nBerita', scope: line}
  - {id: caret_late, pattern: 'Iklan ^'}
  - {id: everything, pattern: '.*', scope: line}
  - {id: fine, pattern: '^\\s*Sponsor\\s*$'}
"""


@pytest.fixture(scope="module")
def mine(tmp_path_factory):
    d = tmp_path_factory.mktemp("rules")
    (d / "mine.yaml").write_text(MINE, encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def issues(mine, tmp_path_factory):
    noise = tmp_path_factory.mktemp("noise")
    (noise / "mine.yaml").write_text(NOISE, encoding="utf-8")
    return [(i.kind, i.file, i.message) for i in lint(load_rules([mine, noise]))]


def _mine(issues, kind):
    return [m for k, f, m in issues if k == kind and (f.endswith("/mine.yaml") or f in ("positions", "speech_verbs (direct)"))]


def test_spellings_the_tokenizer_or_the_cue_reader_never_see(issues):
    never = _mine(issues, "never_fires")
    # a dotted office is one token ("Kasubsipropam." as written fires); a dot the tokenizer
    # splits off before a capital ends the sentence there
    assert not any("'Kasubsipropam.'" in m for m in never)
    assert any("'Wk. Ketua' never fires: the tokenizer reads it as ['Wk', '.', 'Ketua'], and the sentence "
               "splitter ends a sentence at '.'" in m for m in never)
    assert any("'kata beliau' never fires" in m for m in never)
    assert not any("'Kasiwas'" in m or "'seloroh'" in m for m in never)


def test_the_pipeline_agrees_with_the_lint(mine):
    proc = Processor(load_rules([mine]))
    text = ('Kasubsipropam Polres Ngawi AKP Joko Susilo dan Kasiwas Polres Ngawi AKP Budi Santoso hadir. '
            '"Semua personel siap bertugas selama musim hujan," seloroh Budi. '
            '"Kami juga menyiapkan perahu karet," kata beliau.')
    res = proc.process(RawRecord(source="t.txt", fmt="txt", text=text))
    positions = {p["position"] for p in res.people}
    assert "Kasiwas" in positions and "Kasubsipropam" not in positions
    cues = [q["cue"] for q in res.quotes]
    assert "seloroh" in cues and "kata beliau" not in cues


def test_fully_shadowed_entry_unread_word_list_and_noise(issues):
    shadowed = _mine(issues, "shadowed")
    assert any("'kasiwas_again' never fires: every spelling of it belongs to an earlier entry" in m for m in shadowed)
    unread = _mine(issues, "unread")
    assert len(unread) == 1 and "word_lists honorific: never fires: no stage reads" in unread[0]
    assert "honorifics" in unread[0]  # the ids that are read, so the typo shows
    never = _mine(issues, "never_fires")
    assert any("noise two_lines: never fires: it needs a newline" in m for m in never)
    assert any("noise caret_late: never fires: it needs the start of the line (^) after text" in m for m in never)
    assert not any("noise fine" in m for m in never)
    everything = _mine(issues, "matches_everything")
    assert len(everything) == 1 and "noise everything" in everything[0]


def test_examples_that_cannot_pass(issues):
    ex = _mine(issues, "example")
    assert any("field 'rnak' is not a column of officials" in m for m in ex)
    assert any("kind='quoted' is none of ['direct', 'indirect']" in m for m in ex)
    assert any("is both expected and rejected" in m for m in ex)


def test_rules_check_cli_prints_and_strict_fails(mine):
    res = CliRunner().invoke(app, ["rules", "check", "--rules", str(mine)], env=ENV)
    assert res.exit_code == 0, res.output
    assert f"never_fires {mine / 'mine.yaml'}: position_heads wakil_ketua_short: 'Wk. Ketua' never fires" in res.output
    strict = CliRunner().invoke(app, ["rules", "check", "--rules", str(mine), "--strict"], env=ENV)
    assert strict.exit_code == 1


def test_rules_test_prints_a_row_per_example_and_fails(mine, tmp_path):
    (tmp_path / "ok.yaml").write_text(
        'version: 1\nexamples:\n  - text: "Kapolsek Ponggok AKP Bagus Santoso hadir di Desa Dadaplangu."\n'
        '    table: officials\n    expect: [{position: Kapolsek, rank: AKP, name: Bagus Santoso}]\n')
    ok = CliRunner().invoke(app, ["rules", "test", "--rules", str(tmp_path)], env=ENV)
    assert ok.exit_code == 0, ok.output
    assert "ok.yaml" in ok.output and "pass" in ok.output and "people.position_rank_name" in ok.output
    bad = CliRunner().invoke(app, ["rules", "test", "--rules", str(mine)], env=ENV)
    assert bad.exit_code == 1
    assert "FAIL" in bad.output and "missing {'position': 'Kasiwas', 'rnak': 'AKP'}" in bad.output
    assert f"{len(load_rules().examples())} passed, 2 failed" in bad.output  # the bundled ones pass


def test_bundled_rules_all_read_and_warnings_name_a_file():
    rules = load_rules()
    for issue in lint(rules):
        assert "/" not in issue.file  # bundled files by name
        assert issue.kind in {"duplicate_id", "shadowed", "never_fires", "matches_everything", "unread", "example"}
        assert issue.file.endswith(".yaml") or issue.file in {"ranks", "corps", "positions", "degrees",
                                                              "region_aliases", "place_cues", "position_heads",
                                                              "bodies", "relative_days", "months", "weekdays",
                                                              "speech_verbs (direct)", "speech_verbs (indirect)"}


def test_every_bundled_rule_file_validates_against_the_json_schema():
    """docs/rules.schema.json covers every bundled file."""
    import jsonschema
    import json

    from ruamel.yaml import YAML

    from pipeline.rules import BUNDLED_RULES

    root = Path(__file__).resolve().parents[1]
    schema = json.loads((root / "docs" / "rules.schema.json").read_text(encoding="utf-8"))
    files = sorted(BUNDLED_RULES.glob("*.yaml"))
    assert files
    for path in files:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        # months/weekdays keys are integers in YAML and strings in JSON
        for k in ("months", "weekdays"):
            if k in data:
                data[k] = {str(n): v for n, v in data[k].items()}
        jsonschema.validate(data, schema)
    # and it refuses what the loader refuses: a misspelt key
    ranks = YAML(typ="safe").load((BUNDLED_RULES / "ranks.yaml").read_text(encoding="utf-8"))
    ranks["ranks"][0]["levle"] = 3
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(ranks, schema)


def test_errors_in_a_bundled_file_keep_their_line_numbers(tmp_path):
    """The `# yaml-language-server: $schema=...` first lines do not shift the lines errors name."""
    from pipeline.rules import BUNDLED_RULES, RuleError

    text = (BUNDLED_RULES / "speech.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[2].startswith("# yaml-language-server: $schema=")
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "kind: indirect" in ln)
    (tmp_path / "speech.yaml").write_text(text.replace("kind: indirect", "kind: indirekt"), encoding="utf-8")
    with pytest.raises(RuleError) as exc:
        load_rules([tmp_path], bundled=False)
    assert f"speech.yaml:{line}: speech_verbs -> 1 -> kind" in str(exc.value)
