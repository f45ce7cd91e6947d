import os
import tempfile
from pathlib import Path

import pytest

# the disk cache of rules and gazetteer (pipeline/cache.py): one folder per test session, shared
# with the commands the tests start, never the user's
os.environ.setdefault("PIPELINE_CACHE_DIR", tempfile.mkdtemp(prefix="pipeline-test-cache-"))

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
