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
