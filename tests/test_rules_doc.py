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


@pytest.fixture(scope="module")
def doc_rules(tmp_path_factory):
    """The three YAML blocks of the doc, each in the file the doc names, in one user folder."""
    folder = tmp_path_factory.mktemp("myrules")
    for name, text in _blocks().items():
        (folder / FILES[name]).write_text(text, encoding="utf-8")
    rules = load_rules([folder])
    return folder, rules, Processor(rules), lint(rules)


@pytest.mark.parametrize("name", ["position", "speech", "date"])
def test_worked_example(name, doc_rules, processor):
    folder, rules, with_doc, issues = doc_rules
    path = folder / FILES[name]
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    assert data["examples"], "a worked example carries its own example"
    # the rule is new: with the bundled rules alone (the session processor), the rows do not come out
    own = [r for r in run_examples(rules, processor) if r.path == path]
    assert len(own) == len(data["examples"]) and not any(r.passed for r in own), [r.detail for r in own]
    # with the doc's file they do
    after = [r for r in run_examples(rules, with_doc) if r.path == path]
    assert after and all(r.passed for r in after), [r.detail for r in after]
    # and the file lints clean
    assert not [i.message for i in issues if i.file == str(path)]


def test_the_position_example_row_in_full(doc_rules):
    folder, rules, with_doc, _issues = doc_rules
    ex = next(e for p, _i, e in rules.examples() if p == folder / FILES["position"])
    from pipeline.models import RawRecord

    res = with_doc.process(RawRecord(source="doc.txt", fmt="txt", text=ex.text))
    row = next(p for p in res.people if p["position"] == "Kadinkes")
    assert _matches(row, ex.expect[0]) and row["is_official"]
    assert res.article["text"][row["start_char"]:row["end_char"]].startswith("Kadinkes Ngawi")
