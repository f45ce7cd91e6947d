import pytest

from pipeline.rules import RuleError, load_rules


def test_unknown_key_names_file_line_and_field(tmp_path):
    (tmp_path / "mine.yaml").write_text("version: 1\nranks:\n  - id: x\n    abbr: X\n    full_name: Y\n"
                                        "    service: POLRI\n    levle: 3\n")
    with pytest.raises(RuleError) as exc:
        load_rules([tmp_path])
    msg = str(exc.value)
    assert "mine.yaml:3" in msg and "levle" in msg


def test_yaml_syntax_error_names_line(tmp_path):
    (tmp_path / "bad.yaml").write_text("version: 1\nnoise:\n  - {id: a, pattern: '['\n")
    with pytest.raises(RuleError) as exc:
        load_rules([tmp_path])
    assert "bad.yaml" in str(exc.value)


def test_user_rule_overrides_and_adds(tmp_path):
    (tmp_path / "extra.yaml").write_text('version: 1\npositions:\n  - id: kapolres\n    acronym: "Kapolres"\n'
                                         '    expansion: "Kepala Polres (user)"\n')
    rs = load_rules([tmp_path])
    kap = [p for p in rs.positions if p.id == "kapolres"]
    assert len(kap) == 1 and kap[0].expansion == "Kepala Polres (user)"


def test_committed_json_schema_is_current():
    """docs/rules.schema.json (referenced by every rule file) matches the pydantic models;
    regenerate with `pipeline rules schema`."""
    from pathlib import Path

    from pipeline.rules.schema import json_schema

    committed = (Path(__file__).resolve().parents[1] / "docs" / "rules.schema.json").read_text(encoding="utf-8")
    assert committed == json_schema()


def test_every_bundled_rule_file_points_to_the_schema():
    from pipeline.rules import BUNDLED_RULES

    for path in BUNDLED_RULES.glob("*.yaml"):
        assert "$schema=../docs/rules.schema.json" in path.read_text(encoding="utf-8"), path.name


def test_lint_finds_shadowed_spellings_and_duplicate_ids(tmp_path):
    from pipeline.rules.lint import lint

    (tmp_path / "mine.yaml").write_text(
        'version: 1\npositions:\n  - {id: a, acronym: "Kapolsub", variants: ["Kapolsubsektor"]}\n'
        '  - {id: b, acronym: "Kapolsubsektor"}\n  - {id: c, acronym: "Kapolpos"}\n  - {id: c, acronym: "Kapospol2"}\n')
    msgs = [i.message for i in lint(load_rules([tmp_path]))]
    assert any("id 'c' appears twice" in m for m in msgs)
    assert any("'Kapolsubsektor' is claimed by 'a' and 'b'" in m for m in msgs)
