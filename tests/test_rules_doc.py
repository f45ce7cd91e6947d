"""The three worked examples of docs/rules.md, performed exactly as written there."""

import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from pipeline.process import Processor
from pipeline.rules import load_rules
from pipeline.rules.examples import _matches, run_examples
from pipeline.rules.lint import lint

DOC = Path(__file__).resolve().parents[1] / "docs" / "rules.md"
FILES = {"position": "kesehatan.yaml", "speech": "speech_extra.yaml", "date": "dates_extra.yaml"}  # as the doc names them
BLOCK = re.compile(r"<!-- example: (\w+) -->\n```yaml\n(.*?)```", re.S)


def _blocks() -> dict[str, str]:
    return dict(BLOCK.findall(DOC.read_text(encoding="utf-8")))


def test_the_doc_has_three_worked_examples():
    assert set(_blocks()) == {"position", "speech", "date"}


@pytest.mark.parametrize("name", ["position", "speech", "date"])
def test_worked_example(name, tmp_path, processor):
    text = _blocks()[name]
    path = tmp_path / FILES[name]
    path.write_text(text, encoding="utf-8")
    data = YAML(typ="safe").load(text)
    assert data["examples"], "a worked example carries its own example"

    mine = load_rules([tmp_path])
    # the rule is new: with the bundled rules alone, the expected rows do not come out
    before = run_examples(mine, processor)  # the bundled processor does not know the new rule
    own = [r for r in before if r.path.parent == tmp_path]
    assert own and not any(r.passed for r in own), [r.detail for r in own]
    # with the new file they do
    after = [r for r in run_examples(mine, Processor(mine)) if r.path.parent == tmp_path]
    assert after and all(r.passed for r in after), [r.detail for r in after]
    # and the file lints clean
    assert not [i.message for i in lint(mine) if i.file == str(path)]


def test_the_position_example_row_in_full(tmp_path):
    (tmp_path / "kesehatan.yaml").write_text(_blocks()["position"], encoding="utf-8")
    rules = load_rules([tmp_path])
    ex = next(e for p, _i, e in rules.examples() if p.parent == tmp_path)
    from pipeline.models import RawRecord

    res = Processor(rules).process(RawRecord(source="doc.txt", fmt="txt", text=ex.text))
    row = next(p for p in res.people if p["position"] == "Kadinkes")
    assert _matches(row, ex.expect[0]) and row["is_official"]
    assert res.article["text"][row["start_char"]:row["end_char"]].startswith("Kadinkes Ngawi")
