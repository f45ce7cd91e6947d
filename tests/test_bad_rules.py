"""A bad rule file stops the run before any article, naming file, line and field."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.rules.loader import RuleError, load_rules

ROOT = Path(__file__).resolve().parents[1]
GOOD = "version: 1\nnoise:\n  - {id: ok_line, pattern: '^Baca juga:.*$'}\n"


def _rules(tmp_path: Path, text: str) -> Path:
    d = tmp_path / "rules"
    d.mkdir(exist_ok=True)
    (d / "mine.yaml").write_text(text, encoding="utf-8")
    return d


@pytest.mark.parametrize("pattern, says", [
    (r"(a+)+$", "backtrack"),  # nested quantifier: refused by the static check
    (r"(\w+\s?)+$", "backtrack"),
    (r"(a|a)*$", "backtracks catastrophically"),  # no nested quantifier: caught by the timed trial
    (r"(x+x+)+y", "backtrack"),
    (r"[unclosed", "does not compile"),
])
def test_dangerous_or_broken_regex_names_file_line_and_field(tmp_path, pattern, says):
    d = _rules(tmp_path, GOOD + f"  - {{id: bad, pattern: '{pattern}'}}\n")
    with pytest.raises(RuleError) as exc:
        load_rules([d])
    msg = str(exc.value)
    assert f"{d / 'mine.yaml'}:4:" in msg and "noise -> 1 -> pattern" in msg and says in msg


@pytest.mark.parametrize("pattern, says", [
    (r"(a+)+$", "backtrack"),
    (r"(a|a)*$", "backtracks catastrophically"),
    (r"[unclosed", "does not compile"),
])
def test_outlet_region_regexes_are_checked_like_noise(tmp_path, pattern, says):
    d = _rules(tmp_path, "version: 1\noutlet_regions:\n  - {id: ok, pattern: 'contoh\\.id/jatim', codes: ['35']}\n"
                         f"  - {{id: bad, pattern: '{pattern}', codes: ['35']}}\n")
    with pytest.raises(RuleError) as exc:
        load_rules([d])
    msg = str(exc.value)
    assert f"{d / 'mine.yaml'}:4:" in msg and "outlet_regions -> 1 -> pattern" in msg and says in msg


def test_wrong_type_names_the_field(tmp_path):
    d = _rules(tmp_path, "version: 1\nrelative_days:\n  - id: besok\n    words: [besok]\n    offset: satu\n")
    with pytest.raises(RuleError, match=r"mine.yaml:5: relative_days -> 0 -> offset"):
        load_rules([d])


def test_yaml_tags_never_run_code(tmp_path):
    marker = tmp_path / "ran"
    d = _rules(tmp_path, f"version: 1\nword_lists: !!python/object/apply:os.system ['touch {marker}']\n")
    with pytest.raises(RuleError):
        load_rules([d])
    assert not marker.exists()


def test_run_with_a_bad_rule_file_writes_nothing(tmp_path):
    d = _rules(tmp_path, GOOD + "  - {id: bad, pattern: '(a|a)*$'}\n")
    out = tmp_path / "out"
    res = CliRunner().invoke(app, ["run", str(ROOT / "data" / "raw"), "--out", str(out), "--rules", str(d)],
                             env={"COLUMNS": "200"})
    assert res.exit_code == 2
    assert "mine.yaml:4" in res.output and "noise -> 1 -> pattern" in res.output
    assert not out.exists()


def test_yaml_anchors_and_aliases_are_refused_at_once_with_their_line(tmp_path):
    # nine levels of aliases would expand to 9**9 (387 million) words; refused before any is built
    lines = ["version: 1", "word_lists:", '  - id: l0', '    words: &a0 ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]']
    for k in range(1, 9):
        lines.append(f"  - id: l{k}")
        lines.append(f"    words: &a{k} [" + ", ".join([f"*a{k - 1}"] * 9) + "]")
    d = _rules(tmp_path, "\n".join(lines) + "\n")
    with pytest.raises(RuleError, match=r"mine\.yaml:4: YAML anchors and aliases .*not allowed") as err:
        load_rules([d])
    assert "write the values out" in str(err.value)
    # a '&' or '*' inside a quoted value is text, not an anchor
    ok = _rules(tmp_path, GOOD + "  - {id: amp, pattern: '^R&D \\\\*$'}\n")
    assert load_rules([ok]) is not None
