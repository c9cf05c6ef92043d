import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    # Primary keys are reused after a rolled-back test, and cached pages are keyed by pk.
    cache.clear()
    yield
    cache.clear()
