from pathlib import Path

import pytest

from pipeline.process import Processor
from pipeline.rules import load_rules

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="session")
def rules():
    return load_rules()


@pytest.fixture(scope="session")
def processor(rules):
    return Processor(rules)


def pytest_collection_modifyitems(config, items):
    if not SHARED.is_dir():
        skip = pytest.mark.skip(reason="../shared is not beside the repo")
        for item in items:
            if "shared" in item.keywords:
                item.add_marker(skip)
