"""The examples that rule files carry must hold (the same as `pipeline rules test`)."""

from pipeline.rules.examples import run_examples


def test_every_rule_example_passes(rules, processor):
    results = run_examples(rules, processor)
    assert results, "the bundled rules carry examples"
    failed = [f"{r.path.name}#{r.index}: {r.detail}" for r in results if not r.passed]
    assert not failed, "\n".join(failed)
