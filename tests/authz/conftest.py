import pytest
from django.core.cache import cache

from tests.authz.world import World


@pytest.fixture(autouse=True)
def _empty_cache():
    # Cached pages are keyed by primary keys, which a rolled-back test hands out again.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db) -> World:
    return World()
